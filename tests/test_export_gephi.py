"""kg export --format graphml|gexf: files Gephi (and networkx) can read, holding the actor network."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from conftest import run_kg
from kg.analyze import actor_network
from kg.store import load_file, open_store

READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}
CAMPAIGN = Path(__file__).parent / "data" / "campaign.ttl"


def _expected(graph_path: Path) -> nx.MultiDiGraph:
    store = open_store()
    load_file(store, graph_path)
    return actor_network(store)


def _relations(graph: nx.MultiDiGraph) -> Counter:
    return Counter((a, b, d["relation"]) for a, b, d in graph.edges(data=True))


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_bundled_export_parses_and_holds_actors_and_relations(built, tmp_path, fmt):
    _, out = built
    target = tmp_path / f"graph.{fmt}"
    proc = run_kg("export", "--graph", str(out / "graph.ttl"), "--format", fmt, "--out", str(target), check=True)
    assert str(target) in proc.stdout
    exported, expected = READERS[fmt](target), _expected(out / "graph.ttl")
    assert exported.is_directed() and exported.is_multigraph()
    assert {n: (d["label"], d["type"]) for n, d in exported.nodes(data=True)} == \
           {n: (d["label"], d["type"]) for n, d in expected.nodes(data=True)}
    assert _relations(exported) == _relations(expected)
    labels = {d["label"] for _, d in exported.nodes(data=True)}
    assert {"Russia", "Islamic State"} <= labels
    assert {d["relation"] for *_, d in exported.edges(data=True)} >= {"struck", "supportedBy", "alliedWith"}
    assert all(d["quote"] and d["article"].endswith(".txt") for *_, d in exported.edges(data=True))


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_export_escapes_markup_in_labels(tmp_path, fmt):
    target = tmp_path / f"graph.{fmt}"
    run_kg("export", "--graph", str(CAMPAIGN), "--format", fmt, "--out", str(target), check=True)
    exported = READERS[fmt](target)
    assert exported.nodes["https://w3id.org/conflict-kg/id/odd-brigade"]["label"] == 'Al-"Quds" <Brigade> & Co'
    assert _relations(exported) == _relations(_expected(CAMPAIGN))
