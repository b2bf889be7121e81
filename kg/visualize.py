"""Visualize: an interactive HTML view of the actor network that opens offline and safely.

pyvis supplies the vis-network library it bundles; the page is written from our own
template because pyvis 0.3.2's template links CDNs and inserts tooltips as raw HTML.
Every script and style is inlined, data travels as escaped JSON, tooltips are set
as text, and the layout is computed in Python so large graphs need no physics.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from markupsafe import Markup

from .export import atomic_write

NODE_STYLES = {
    "State": {"color": "#d62728", "shape": "dot"},
    "ArmedGroup": {"color": "#ff7f0e", "shape": "triangle"},
    "Coalition": {"color": "#9467bd", "shape": "hexagon"},
    "Organization": {"color": "#1f77b4", "shape": "square"},
    "Person": {"color": "#2ca02c", "shape": "dot"},
    "Place": {"color": "#8c564b", "shape": "diamond"},
    "Weapon": {"color": "#7f7f7f", "shape": "star"},
    "Actor": {"color": "#bcbd22", "shape": "dot"},
}
EDGE_COLOURS = {
    "struck": "#d62728", "supportedBy": "#2ca02c", "alliedWith": "#1f77b4",
    "memberOf": "#7f7f7f", "opposes": "#ff7f0e",
}
PHYSICS_THRESHOLD = 300


def _vis_assets() -> tuple[str, str]:
    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def _safe_json(value: object) -> str:
    """JSON that cannot close the surrounding <script> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _positions(network: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    simple = nx.Graph(network)
    if len(simple) == 0:
        return {}
    layout = nx.spring_layout(simple, seed=7, k=2.5 / max(len(simple), 1) ** 0.5, iterations=60)
    scale = 120 * max(len(simple), 4) ** 0.5
    return {n: (float(x) * scale, float(y) * scale) for n, (x, y) in layout.items()}


def graph_payload(network: nx.MultiDiGraph) -> dict:
    """Nodes, edges and options for the page; tooltips carry evidence quotes and articles."""
    positions = _positions(network)
    quotes: dict[str, list[str]] = defaultdict(list)
    edges = []
    for i, (a, b, key, data) in enumerate(sorted(network.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))):
        tooltip = f"{network.nodes[a]['label']} {data['relation']} {network.nodes[b]['label']}\n“{data['quote']}”\n— {data['article']}" + (f"\ngrade: {data['grade']}" if data.get("grade") else "")
        quotes[a].append(tooltip)
        quotes[b].append(tooltip)
        edges.append({
            "id": f"e{i}", "from": a, "to": b, "relation": data["relation"], "label": data["relation"],
            "arrows": "" if data["relation"] == "alliedWith" else "to",
            "color": EDGE_COLOURS.get(data["relation"], "#999"), "tooltip": tooltip, "font": {"size": 9},
        })
    nodes = []
    for node, data in sorted(network.nodes(data=True)):
        style = NODE_STYLES.get(data["type"], NODE_STYLES["Actor"])
        x, y = positions.get(node, (0.0, 0.0))
        summary = f"{data['label']} ({data['type']}), {network.degree(node)} reported relations"
        nodes.append({
            "id": node, "label": data["label"], "group": data["type"], "x": x, "y": y,
            "color": style["color"], "shape": style["shape"], "size": 8 + 2 * min(network.degree(node), 15),
            "tooltip": "\n\n".join([summary] + quotes[node][:5]),
        })
    physics = len(nodes) <= PHYSICS_THRESHOLD
    options = {
        "physics": {"enabled": physics, "stabilization": {"iterations": 150}, "barnesHut": {"springLength": 140}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": len(nodes) > PHYSICS_THRESHOLD},
        "edges": {"smooth": False},
        "nodes": {"font": {"size": 12}},
        "layout": {"improvedLayout": False},
    }
    return {"nodes": nodes, "edges": edges, "options": options, "node_styles": NODE_STYLES, "edge_colours": EDGE_COLOURS}


def render_html(network: nx.MultiDiGraph, title: str = "conflict-kg") -> str:
    """The whole page as a string: self-contained, no network access needed."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("kg", "templates"), autoescape=True)
    js, css = _vis_assets()
    template = env.get_template("graph.html")
    return template.render(
        title=title,
        data_json=Markup(_safe_json(graph_payload(network))),
        vis_js=Markup(js.replace("</script", "<\\/script")),
        vis_css=Markup(css.replace("</style", "<\\/style")),
    )


def write_html(network: nx.MultiDiGraph, path: str | Path, title: str = "conflict-kg") -> Path:
    """Write the page atomically to ``path``."""
    atomic_write(path, render_html(network, title).encode("utf-8"))
    return Path(path)
