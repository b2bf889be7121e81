"""kg analyze: the weighted actor network, centrality, blocs and the strike-campaign analytic."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, URIRef

from conftest import run_kg
from kg.analyze import analyze_file, blocs, strike_campaign, weighted_actor_graph
from kg.build import KGO, KGR
from kg.errors import KGError
from kg.store import load_file, open_store

CAMPAIGN = Path(__file__).parent / "data" / "campaign.ttl"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def campaign_store():
    store = open_store()
    load_file(store, CAMPAIGN)
    return store


def test_campaign_categories_and_shares(campaign_store):
    result = strike_campaign(campaign_store, "Russia", "Islamic State")
    assert result["totals"] == {"strikes": 5, "target": 2, "both": 1, "other": 1, "unnamed": 1, "named": 4,
                                "share_of_named": 0.75, "share_of_all": 0.6}
    assert result["other_targets"] == {"Jabhat al-Nusra": 2}


def test_campaign_by_period_respects_date_precision(campaign_store):
    months = strike_campaign(campaign_store, "Russia", "Islamic State", "month")["by_period"]
    assert {p: c["strikes"] for p, c in months.items()} == {"2015-09": 1, "2015-10": 2, "undated": 2}
    days = strike_campaign(campaign_store, "Russia", "Islamic State", "day")["by_period"]
    # strike 2 is only known to the month, so it is not placed on a day
    assert set(days) == {"2015-09-30", "2015-10", "2015-10-07", "undated"}


def test_campaign_by_source_counts_each_reporting_article(campaign_store):
    sources = strike_campaign(campaign_store, "Russia", "Islamic State")["by_source"]
    assert sources["a.txt"]["publisher"] == "Paper A"
    assert (sources["a.txt"]["target"], sources["a.txt"]["both"], sources["a.txt"]["other"]) == (1, 1, 1)
    assert (sources["b.txt"]["target"], sources["b.txt"]["other"], sources["b.txt"]["unnamed"]) == (1, 1, 1)


def test_campaign_accepts_aliases_and_other_attackers(campaign_store):
    assert strike_campaign(campaign_store, "moscow", "ISIS")["totals"]["strikes"] == 5
    us = strike_campaign(campaign_store, "United States", "Islamic State")["totals"]
    assert (us["strikes"], us["target"], us["share_of_named"]) == (1, 1, 1.0)


def test_unknown_actor_or_period_is_a_kgerror(campaign_store):
    with pytest.raises(KGError, match="no actor"):
        strike_campaign(campaign_store, "Narnia")
    with pytest.raises(KGError, match="period"):
        strike_campaign(campaign_store, period="week")


def test_weighted_graph_counts_reports_once_per_symmetric_pair():
    network = nx.MultiDiGraph()
    network.add_nodes_from(["a", "b", "c"], label="x", type="State")
    network.add_edge("a", "b", key="f1", relation="alliedWith")
    network.add_edge("b", "a", key="f2", relation="alliedWith")
    network.add_edge("a", "b", key="f3", relation="opposes")
    network.add_edge("b", "a", key="f3", relation="opposes")  # one Opposition fact seen from both sides
    network.add_edge("a", "c", key="f4", relation="struck")
    weighted = weighted_actor_graph(network)
    assert weighted.edges["a", "b", "alliedWith"]["weight"] == 2
    assert weighted.edges["a", "b", "opposes"]["weight"] == 1
    assert weighted.edges["a", "c", "struck"]["weight"] == 1


def test_blocs_separate_two_camps():
    network = nx.MultiDiGraph()
    for n in "abcdef":
        network.add_node(n, label=n.upper(), type="State")
    for i, (x, y) in enumerate([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")]):
        network.add_edge(x, y, key=f"ally{i}", relation="alliedWith")
    network.add_edge("a", "d", key="s1", relation="struck")  # hostility does not join camps
    found = sorted(sorted(b["members"]) for b in blocs(weighted_actor_graph(network)))
    assert found == [["A", "B", "C"], ["D", "E", "F"]]


def _russia_strikes(graph) -> tuple[int, int, int]:
    """(all, hitting IS, with a named target) counted straight from the rdflib triples: strike
    reports (not the merged events, which carry kgo:attacker too) other than pure denials."""
    strikes = {s for s in graph.subjects(KGO.attacker, KGR["russia"]) if (s, RDF.type, KGO.Strike) in graph
               and not (graph.value(s, KGO.disputedBy) is not None and graph.value(s, KGO.claimedBy) is None)}
    targets = {s: set(graph.objects(s, KGO.target)) for s in strikes}
    hit = sum(KGR["islamic-state"] in t for t in targets.values())
    return len(strikes), hit, sum(bool(t) for t in targets.values())


def test_cli_table_prints_the_counts_on_the_bundled_build(built, tmp_path):
    result, out = built
    proc = run_kg("analyze", "--graph", str(out / "graph.ttl"), "--out", str(tmp_path / "charts"), check=True)
    total, hit, named = _russia_strikes(result.graph)
    assert total > 0 and named > 0
    assert f"Russia is reported striking {total} times" in proc.stdout
    assert f"Share hitting Islamic State: {hit}/{named} strikes with a named target" in proc.stdout
    for heading in ("By month", "By source", "Centrality", "Blocs"):
        assert heading in proc.stdout
    for article in {str(a) for a in result.graph.objects(None, URIRef("http://purl.org/dc/terms/identifier"))}:
        assert article in proc.stdout


def test_cli_json_has_the_expected_keys_and_pngs(built, tmp_path):
    _, out = built
    charts = tmp_path / "charts"
    proc = run_kg("analyze", "--graph", str(out / "graph.ttl"), "--out", str(charts), "--format", "json", check=True)
    data = json.loads(proc.stdout)
    assert set(data) == {"network", "centrality", "blocs", "campaign", "charts"}
    assert set(data["campaign"]) >= {"attacker", "target", "totals", "by_period", "by_source", "other_targets"}
    assert set(data["centrality"][0]) >= {"label", "type", "degree", "betweenness", "pagerank"}
    assert data["blocs"] and all(b["members"] for b in data["blocs"])
    assert len(data["charts"]) == 4
    for chart in data["charts"]:
        content = Path(chart).read_bytes()
        assert Path(chart).parent == charts and content.startswith(PNG_MAGIC) and len(content) > 5000


def test_default_chart_folder_is_beside_the_graph(tmp_path):
    graph = tmp_path / "graph.ttl"
    graph.write_bytes(CAMPAIGN.read_bytes())
    result = analyze_file(graph, tmp_path / "analysis")
    assert sorted(p.name for p in (tmp_path / "analysis").iterdir()) == sorted(Path(c).name for c in result["charts"])
    run_kg("analyze", "--graph", str(graph), cwd=tmp_path, check=True)
    assert len(list((tmp_path / "analysis").glob("*.png"))) == 4


@pytest.mark.parametrize("args, source", [
    (["--attacker", "Narnia"], "Narnia"),
    (["--format", "xml"], "xml"),
    (["--period", "week"], "week"),
])
def test_cli_bad_input_exits_2_with_one_line(tmp_path, args, source):
    graph = tmp_path / "graph.ttl"
    graph.write_bytes(CAMPAIGN.read_bytes())
    proc = run_kg("analyze", "--graph", str(graph), *args)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"kg: error: {source}:") and proc.stderr.count("\n") == 1


def test_cli_missing_graph_names_the_file(tmp_path):
    proc = run_kg("analyze", "--graph", str(tmp_path / "missing.ttl"))
    assert proc.returncode == 2 and "missing.ttl" in proc.stderr
