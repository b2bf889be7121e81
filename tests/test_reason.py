"""kg reason: HermiT classifies the bundled graph, names clashing individuals, keeps inferences apart."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from conftest import run_kg
from kg.build import KGO, KGR, new_graph
from kg.reason import java_available, reason_graph

pytestmark = pytest.mark.skipif(not java_available(), reason="HermiT needs java on PATH (Debian: default-jre-headless)")

FLAGSHIP = "us_backed_tow_recipients_struck"


def _members(graph: Graph, cls: URIRef) -> set:
    return set(graph.subjects(RDF.type, cls))


def test_build_with_reason_reports_consistency_and_keeps_inferences_apart(reasoned):
    stdout, asserted, inferred, _ = reasoned
    assert "consistent" in stdout and "inconsistent" not in stdout
    assert len(inferred) > 0
    assert not [t for t in inferred if t in asserted], "inferred.ttl repeats asserted triples"
    assert not _members(asserted, KGO.USBackedGroup), "defined classes must come from the reasoner"


def test_build_into_a_store_also_reasons(reasoned, tmp_path):
    _, _, inferred, _ = reasoned
    proc = run_kg("build", "--store", str(tmp_path / "store"), "--out", str(tmp_path / "out"), "--reason", check=True)
    assert "consistent" in proc.stdout
    from_store = Graph().parse(tmp_path / "out" / "inferred.ttl")
    assert set(from_store.subjects(RDF.type, KGO.USBackedGroup)) == set(inferred.subjects(RDF.type, KGO.USBackedGroup))


def test_unknown_reason_engine_is_refused_before_building(tmp_path):
    proc = run_kg("build", "--out", str(tmp_path / "out"), "--reason", "--reason-engine", "pellet")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "kg: error: pellet: unknown reasoning engine (want one of hermit, fast)"
    assert not (tmp_path / "out").exists()


def test_hermit_classifies_us_backed_tow_recipients(reasoned):
    _, graph, inferred, _ = reasoned
    classified = _members(inferred, KGO.USBackedGroup) & _members(inferred, KGO.TOWRecipient)
    # The defined classes must hold exactly the actors whose asserted shortcuts meet the definition.
    expected = {g for g in graph.subjects(KGO.receivedWeapon, KGR.tow)
                if (g, KGO.supportedBy, KGR["united-states"]) in graph and (g, RDF.type, KGO.ArmedGroup) in graph}
    assert expected and classified == expected


def test_inverse_and_superclass_inferences(reasoned):
    _, graph, inferred, _ = reasoned
    for attacker, target in graph.subject_objects(KGO.struck):
        assert (target, KGO.struckBy, attacker) in inferred
        assert (target, RDF.type, KGO.StruckActor) in inferred
    strike = next(graph.subjects(RDF.type, KGO.Strike))
    assert (strike, RDF.type, KGO.Fact) in inferred


def test_inferred_class_query_matches_flagship_query(reasoned):
    from kg.query import run_query

    out = reasoned[3]
    plain = {row[0] for row in run_query(FLAGSHIP, graph=out / "graph.ttl").rows}
    inferred = {row[0] for row in run_query(FLAGSHIP + "_inferred", graph=[out / "graph.ttl", out / "inferred.ttl"]).rows}
    asserted_only = {row[0] for row in run_query(FLAGSHIP + "_inferred", graph=out / "graph.ttl").rows}
    assert plain and inferred == plain
    assert not asserted_only, "the class query must need the reasoner's output"


def test_cli_queries_graph_and_inferred_together(reasoned):
    out = reasoned[3]
    both = run_kg("query", FLAGSHIP + "_inferred", "--graph", str(out / "graph.ttl"),
                  "--graph", str(out / "inferred.ttl"), "--format", "csv", check=True)
    plain = run_kg("query", FLAGSHIP, "--graph", str(out / "graph.ttl"), "--format", "csv", check=True)
    groups = lambda text: {line.split(",")[0] for line in text.splitlines()[1:] if line}  # noqa: E731
    assert groups(both.stdout) == groups(plain.stdout) != set()


def test_fast_engine_agrees_with_hermit(reasoned):
    _, graph, hermit, _ = reasoned
    fast = reason_graph(graph, engine="fast")
    assert fast.consistent
    memberships = lambda g: {t for t in g if t[1] != RDFS.subClassOf}  # noqa: E731
    assert memberships(fast.inferred) == memberships(hermit)


def _tiny_abox() -> Graph:
    """Two states strike one group, one state strikes another twice, the US backs a third."""
    g = new_graph()
    for name, cls in [("russia", KGO.State), ("united-states", KGO.State), ("syria", KGO.State),
                      ("group-a", KGO.ArmedGroup), ("group-b", KGO.ArmedGroup), ("group-c", KGO.ArmedGroup)]:
        g.add((KGR[name], RDF.type, cls))
        g.add((KGR[name], RDFS.label, Literal(name, lang="en")))
    for attacker, target in [("russia", "group-a"), ("syria", "group-a"), ("russia", "group-b"),
                             ("united-states", "group-b")]:
        g.add((KGR[attacker], KGO.struck, KGR[target]))
    g.add((KGR["group-c"], KGO.supportedBy, KGR["united-states"]))
    g.add((KGR["group-c"], KGO.receivedWeapon, KGR.tow))
    return g


def test_defined_classes_on_a_small_abox():
    g = _tiny_abox()
    g.add((KGR["group-d"], RDF.type, KGO.ArmedGroup))
    g.add((KGR.syria, KGO.struck, KGR["group-d"]))  # one state only: not a MultiStateTarget
    inferred = reason_graph(g).inferred
    assert _members(inferred, KGO.MultiStateTarget) == {KGR["group-a"], KGR["group-b"]}
    assert _members(inferred, KGO.ProxyBacker) == {KGR["united-states"]}
    assert _members(inferred, KGO.USBackedGroup) == {KGR["group-c"]} == _members(inferred, KGO.TOWRecipient)
    assert {KGR["group-a"], KGR["group-b"], KGR["group-d"]} <= _members(inferred, KGO.StruckActor)


def test_planted_person_place_clash_names_the_individual(built, tmp_path):
    result, _ = built
    graph = result.graph + Graph()
    person = next(graph.subjects(RDF.type, KGO.Person))
    graph.add((person, RDF.type, KGO.Place))
    bad = tmp_path / "graph.ttl"
    graph.serialize(bad, format="turtle")
    proc = run_kg("reason", "--graph", str(bad))
    assert proc.returncode == 1, proc.stderr
    assert "inconsistent" in proc.stdout
    assert str(graph.value(person, RDFS.label)) in proc.stdout
    assert "kgo:Person" in proc.stdout and "kgo:Place" in proc.stdout and "AllDisjointClasses" in proc.stdout
    assert not (tmp_path / "inferred.ttl").exists()


def test_non_local_clash_is_bisected_to_its_triple():
    g = new_graph()
    g.add((KGR.russia, RDF.type, KGO.State))
    g.add((KGR.russia, KGO.struck, KGR.isis))
    evidence = KGR["evidence/x"]
    g.add((evidence, RDF.type, KGO.Evidence))
    g.add((evidence, KGO.startOffset, Literal("twelve", datatype=XSD.string)))
    result = reason_graph(g)
    assert not result.consistent
    [clash] = result.clashes
    assert clash.individuals == [evidence]
    assert any("kgo:startOffset" in axiom and "xsd:integer" in axiom for axiom in clash.axioms)


def test_bad_input_is_exit_2(tmp_path):
    broken = tmp_path / "graph.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    proc = run_kg("reason", "--graph", str(broken))
    assert proc.returncode == 2 and str(broken) in proc.stderr
