"""kg bench reason: the synthetic ABox has the vocabulary's shape (no timing here)."""

from __future__ import annotations

from rdflib.namespace import PROV, RDF

from kg.bench.reason import markdown_table, synthetic_abox
from kg.build import KGO
from kg.validate import shacl_violations


def test_synthetic_abox_has_the_vocabularys_shape():
    graph = synthetic_abox(400)
    individuals = set(graph.subjects(RDF.type, None))
    assert 350 <= len(individuals) <= 450
    strikes = set(graph.subjects(RDF.type, KGO.Strike))
    assert len(strikes) == 180
    for strike in strikes:
        assert (strike, KGO.attacker, None) in graph and (strike, PROV.wasDerivedFrom, None) in graph
    assert set(graph.subjects(RDF.type, KGO.Support))
    assert not [v for v in shacl_violations(graph) if v.severity == "Violation"]
    assert synthetic_abox(400).isomorphic(graph)


def test_markdown_table_keeps_failed_runs():
    table = markdown_table([{"engine": "fast", "individuals": 10, "seconds": 1.0},
                            {"engine": "hermit", "individuals": 10, "error": "not done after 5 s"}])
    assert table.splitlines()[0] == "| engine | individuals | seconds |"
    assert "not done after 5 s" in table.splitlines()[-1]
