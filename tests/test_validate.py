"""kg validate: the built graph conforms; each planted defect fails, naming the node."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, XSD

from conftest import EXAMPLES, run_kg
from kg.build import KGO
from kg.validate import short_name, validate_graph


@pytest.fixture()
def graph(built) -> Graph:
    """A private copy of the bundled graph to plant defects in."""
    copy = Graph()
    for prefix, namespace in built[0].graph.namespaces():
        copy.bind(prefix, namespace)
    for triple in built[0].graph:
        copy.add(triple)
    return copy


def _failing_nodes(graph: Graph, path: str) -> set[str]:
    report = validate_graph(graph, EXAMPLES)
    assert not report.conforms
    return {v.node for v in report.violations if v.path == path and v.severity == "Violation"}


def test_built_graph_conforms(built):
    _, out = built
    proc = run_kg("validate", "--graph", str(out / "graph.ttl"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "conforms" in proc.stdout


def test_span_check_reads_every_evidence(built):
    report = validate_graph(built[0].graph, EXAMPLES)
    assert report.conforms
    assert report.checked_spans == len(set(built[0].graph.subjects(RDF.type, KGO.Evidence))) > 0


def test_missing_attacker_names_the_strike(graph):
    strike = next(s for s in graph.subjects(RDF.type, KGO.Strike) if (s, KGO.attacker, None) in graph)
    graph.remove((strike, KGO.attacker, None))
    assert _failing_nodes(graph, "kgo:attacker") == {short_name(graph, strike)}


def test_offset_off_by_one_names_the_evidence(graph):
    evidence = next(graph.subjects(RDF.type, KGO.Evidence))
    end = graph.value(evidence, KGO.endOffset).toPython()
    graph.set((evidence, KGO.endOffset, Literal(end + 1, datatype=XSD.integer)))
    assert _failing_nodes(graph, "kgo:exactText") == {short_name(graph, evidence)}


def test_wrong_datatype_names_the_evidence(graph):
    evidence = next(graph.subjects(RDF.type, KGO.Evidence))
    start = graph.value(evidence, KGO.startOffset).toPython()
    graph.set((evidence, KGO.startOffset, Literal(str(start))))  # a string, not an xsd:integer
    assert _failing_nodes(graph, "kgo:startOffset") == {short_name(graph, evidence)}


def test_confidence_out_of_range_and_missing_provenance(graph):
    evidence = next(graph.subjects(RDF.type, KGO.Evidence))
    graph.set((evidence, KGO.confidence, Literal(Decimal("1.5"), datatype=XSD.decimal)))
    statement = next(graph.subjects(RDF.type, KGO.Statement))
    graph.remove((statement, KGO.reportedIn, None))
    report = validate_graph(graph, EXAMPLES)
    found = {(v.node, v.path) for v in report.violations}
    assert (short_name(graph, evidence), "kgo:confidence") in found
    assert (short_name(graph, statement), "kgo:reportedIn") in found


def test_cli_reports_node_label_and_exits_1(graph, tmp_path):
    strike = next(s for s in graph.subjects(RDF.type, KGO.Strike) if (s, KGO.attacker, None) in graph)
    graph.remove((strike, KGO.attacker, None))
    bad = tmp_path / "graph.ttl"
    graph.serialize(bad, format="turtle")
    proc = run_kg("validate", "--graph", str(bad))
    assert proc.returncode == 1
    line = next(l for l in proc.stdout.splitlines() if "kgo:attacker" in l)
    assert short_name(graph, strike) in line and str(graph.value(strike, RDFS.label)) in line
    assert "1 violation" in proc.stdout


def test_bad_input_is_exit_2(tmp_path):
    proc = run_kg("validate", "--graph", str(tmp_path / "missing.ttl"))
    assert proc.returncode == 2 and "missing.ttl" in proc.stderr
