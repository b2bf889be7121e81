"""graph.html without a browser: self-contained, escaped, edges collapsed, large graphs laid out."""

from __future__ import annotations

import json
import math
import re

import networkx as nx

from conftest import run_kg
from kg.visualize import PHYSICS_THRESHOLD, _vis_assets, graph_payload, render_html
from synthetic import HOSTILE_LABELS, hostile_network, random_network


def _embedded_json(page: str) -> dict:
    raw = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(raw)


def test_page_links_nothing_outside_itself():
    page = render_html(random_network(20))
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page, re.I)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_hostile_labels_stay_data():
    page = render_html(hostile_network(), title="<script>alert(1)</script>")
    # three script elements (data, vis-network, ours): nothing a label carries opens or closes one
    in_vis = len(re.findall(r"<script\b", _vis_assets()[0]))
    assert len(re.findall(r"<script\b", page)) == 3 + in_vis and page.count("</script") == 3
    assert "<img src=x" not in page and "<b onmouseover" not in page
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    labels = {n["label"] for n in _embedded_json(page)["nodes"]}
    assert set(HOSTILE_LABELS) <= labels  # the text survives, verbatim, as data


def test_edge_tooltips_carry_quote_article_and_extra_attributes():
    edges = graph_payload(hostile_network())["edges"]
    struck = [e for e in edges if e["relation"] == "struck"]
    assert len(struck) == len(HOSTILE_LABELS)
    for edge in struck:
        assert "they said" in edge["tooltip"] and ".txt" in edge["tooltip"] and "grade: <b" in edge["tooltip"]


def test_reports_of_one_relation_collapse_into_one_weighted_edge():
    network = nx.MultiDiGraph()
    network.add_node("a", label="A", type="State")
    network.add_node("b", label="B", type="ArmedGroup")
    for i in range(3):
        network.add_edge("a", "b", key=f"s{i}", relation="struck", quote=f"q{i}", article=f"{i}.txt")
    network.add_edge("b", "a", key="ally", relation="alliedWith", quote="qa", article="x.txt")
    network.add_edge("a", "b", key="ally", relation="alliedWith", quote="qa", article="x.txt")
    edges = {e["relation"]: e for e in graph_payload(network)["edges"]}
    assert edges["struck"]["reports"] == 3 and edges["struck"]["label"] == "struck ×3"
    assert all(f"“q{i}”" in edges["struck"]["tooltip"] for i in range(3))
    assert edges["alliedWith"]["reports"] == 1 and edges["alliedWith"]["arrows"] == ""


def test_large_graph_is_laid_out_in_python_and_starts_still():
    network = random_network(2000)
    payload = graph_payload(network)
    assert len(payload["nodes"]) == 2000 > PHYSICS_THRESHOLD
    assert payload["options"]["physics"]["enabled"] is False and payload["physics_allowed"] is False
    points = {(n["x"], n["y"]) for n in payload["nodes"]}
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in points)
    assert len(points) > 0.95 * len(payload["nodes"])  # not piled on one spot


def test_legend_lists_only_the_types_and_relations_present():
    payload = graph_payload(hostile_network())
    assert [(i["key"], i["count"]) for i in payload["legend_nodes"]] == [("State", 1), ("ArmedGroup", 3)]
    assert {i["key"] for i in payload["legend_edges"]} == {"struck", "alliedWith"}


def test_build_writes_nothing_into_the_working_directory(tmp_path):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = tmp_path / "out"
    run_kg("build", "--out", str(out), cwd=cwd, check=True)
    assert list(cwd.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl"]
