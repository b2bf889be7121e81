"""Visualize: an interactive HTML view of the actor network that opens offline and safely.

pyvis supplies the vis-network library it bundles; the page is written from our own
template (kg/templates/graph.html) because pyvis 0.3.2's template links CDNs, inserts
tooltips as raw HTML, and its show()/"local" mode writes lib/ into the working directory.
Every script and style is inlined, data travels as escaped JSON, tooltips are set as
text, parallel reports of one relation are drawn as one weighted edge, and the layout
is computed in Python (per component, packed), so the page starts still at any size.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
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
SHAPE_SYMBOLS = {"dot": "●", "triangle": "▲", "hexagon": "⬢", "square": "■", "diamond": "◆", "star": "★"}
SYMMETRIC = {"alliedWith", "opposes"}
PHYSICS_THRESHOLD = 300   # above this many nodes: no physics toggle, no hover, no edge labels at first
KAMADA_MAX = 100          # Kamada-Kawai (O(n²) memory, slow past this) only for components this small
SPRING_MAX = 500          # components this big go on a spiral (spring is O(n²) per iteration)
NODE_SPACING = 90.0       # pixels per node, roughly
MAX_QUOTES = 6
PAGE_ASPECT = 1.8         # packed components aim for this width:height
LABEL_CHAR_WIDTH = 9.0    # pixels per label character at the node font size
LABEL_HEIGHT = 30.0       # pixels a label takes under its node
SPREAD = 11.0             # spring_layout's k multiplier: higher spreads the core more


def _vis_assets() -> tuple[str, str]:
    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def _safe_json(value: object) -> str:
    """JSON that cannot close the surrounding <script> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _component_layout(component: nx.Graph, careful: bool, seed: int = 7) -> dict:
    """Positions in about [-1, 1]² for one connected component, at a cost that stays low.

    nx.spring_layout is O(n²) per iteration (and its sparse variant, used from 500 nodes
    on, is slow Python), so: tiny components go on a line; in a small graph (``careful``)
    components up to KAMADA_MAX nodes get Kamada-Kawai then a short spring pass that
    spreads crowded hubs; other components spring alone; components of SPRING_MAX nodes
    or more go on a spiral in breadth-first order from their best-connected node
    (O(n + m), and neighbours stay close).
    """
    n = len(component)
    if n <= 3:
        # a vertical line: labels sit under their nodes, so side-by-side labels would collide
        return {node: (0.0, 1.0 - 2.0 * i / max(n - 1, 1)) for i, node in enumerate(component)}
    if n >= SPRING_MAX:
        hub = max(component, key=lambda v: (component.degree(v), v))
        order = [hub] + [v for _, v in nx.bfs_edges(component, hub)]
        return nx.spiral_layout(_ordered(order), equidistant=True)
    start = nx.kamada_kawai_layout(component, weight=None) if careful and n <= KAMADA_MAX else None
    return nx.rescale_layout_dict(nx.spring_layout(component, pos=start, k=SPREAD / n ** 0.5, iterations=40, seed=seed))


def _ordered(order: list) -> nx.Graph:
    """An edgeless graph whose node order is ``order`` (spiral_layout places nodes in that order)."""
    ordered = nx.Graph()
    ordered.add_nodes_from(order)
    return ordered


def _positions(network: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Lay out each component on its own, then pack them in rows (biggest first) into a wide page."""
    # node and edge order feed the layouts' starting points: sort them so a graph always looks the same
    simple = nx.Graph()
    simple.add_nodes_from(sorted(network))
    simple.add_edges_from(sorted((a, b) if a <= b else (b, a) for a, b in network.edges() if a != b))
    labels = {node: str(data.get("label", node)) for node, data in network.nodes(data=True)}
    boxes = []
    for nodes in sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c))):
        component = nx.Graph()
        component.add_nodes_from(sorted(nodes))
        component.add_edges_from(sorted(simple.subgraph(nodes).edges()))
        radius = NODE_SPACING * len(nodes) ** 0.5 * (0.6 if len(nodes) <= 3 else 0.9)
        # a tiny component is a column of labels: make room for its longest one
        width = max(2 * radius, LABEL_CHAR_WIDTH * max(len(labels[n]) for n in nodes)) if len(nodes) <= 3 else 2 * radius
        boxes.append((component, radius, width))
    gap = NODE_SPACING / 2
    area = sum((w + gap) * (2 * r + gap + LABEL_HEIGHT) for _, r, w in boxes)
    row_width = max([w for _, _, w in boxes[:1]] + [(PAGE_ASPECT * area) ** 0.5])
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for component, radius, width in boxes:
        layout = _component_layout(component, careful=len(simple) <= PHYSICS_THRESHOLD)
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in layout.items():
            positions[node] = (float(x + width / 2 + px * radius), float(y + radius + py * radius))
        x += width + gap
        row_height = max(row_height, 2 * radius + gap + LABEL_HEIGHT)
    return positions


def _label(network: nx.MultiDiGraph, node: str) -> str:
    return str(network.nodes[node].get("label", node))


def _extras(data: dict) -> str:
    """Edge attributes beyond relation/quote/article (e.g. a strike ``grade``), as text."""
    extra = {k: v for k, v in sorted(data.items()) if k not in ("relation", "quote", "article", "weight")}
    return "; ".join(f"{k}: {v}" for k, v in extra.items())


def _drawn_edges(network: nx.MultiDiGraph) -> list[dict]:
    """One drawn edge per (a, b, relation): reports collapsed, width and label by their number."""
    groups: dict[tuple[str, str, str], dict[str, dict]] = defaultdict(dict)
    for a, b, key, data in network.edges(keys=True, data=True):
        relation = data.get("relation", "related")
        if relation in SYMMETRIC:
            a, b = sorted((a, b))
        groups[(a, b, relation)].setdefault(key, data)  # one fact seen from both sides counts once
    edges = []
    for i, ((a, b, relation), by_key) in enumerate(sorted(groups.items())):
        reports = list(by_key.items())
        lines = [f"{_label(network, a)} {relation} {_label(network, b)}: "
                 f"{len(reports)} report{'s' if len(reports) != 1 else ''}"]
        for _, data in sorted(reports, key=lambda r: (r[1].get("article", ""), r[0]))[:MAX_QUOTES]:
            extra = _extras(data)
            lines.append(f"“{data.get('quote', '')}”\n— {data.get('article', '')}" + (f" [{extra}]" if extra else ""))
        if len(reports) > MAX_QUOTES:
            lines.append(f"… and {len(reports) - MAX_QUOTES} more")
        edges.append({
            "id": f"e{i}", "from": a, "to": b, "relation": relation, "reports": len(reports),
            "label": relation if len(reports) == 1 else f"{relation} ×{len(reports)}",
            "arrows": "" if relation in SYMMETRIC else "to", "width": 1 + math.log2(len(reports)),
            "color": EDGE_COLOURS.get(relation, "#999999"), "tooltip": "\n\n".join(lines),
        })
    return edges


def _style(kind: str) -> dict:
    return NODE_STYLES.get(kind, NODE_STYLES["Actor"])


def _legend_order(known: dict):
    """Sort key: the styled keys in their declared order, then any others alphabetically."""
    order = {k: i for i, k in enumerate(known)}
    return lambda key: (order.get(key, len(order)), key)


def graph_payload(network: nx.MultiDiGraph) -> dict:
    """Nodes, edges, legend and options for the page; tooltips carry evidence quotes and articles."""
    positions = _positions(network)
    edges = _drawn_edges(network)
    per_node: dict[str, list[dict]] = defaultdict(list)
    for edge in edges:
        per_node[edge["from"]].append(edge)
        per_node[edge["to"]].append(edge)
    nodes = []
    for node, data in sorted(network.nodes(data=True)):
        kind = data.get("type", "Actor")
        style = _style(kind)
        x, y = positions.get(node, (0.0, 0.0))
        mine = sorted(per_node[node], key=lambda e: -e["reports"])
        reports = sum(e["reports"] for e in mine)
        summary = f"{_label(network, node)} ({kind}): {reports} reported relations"
        nodes.append({
            "id": node, "label": _label(network, node), "group": kind, "x": round(x, 1), "y": round(y, 1),
            "color": style["color"], "shape": style["shape"], "size": round(10 + 3 * math.sqrt(reports), 1),
            "tooltip": "\n".join([summary, ""] + [e["tooltip"].split("\n\n", 1)[0] for e in mine[:12]]),
        })
    large = len(nodes) > PHYSICS_THRESHOLD
    options = {
        # the Python layout is what the page shows; physics (a checkbox, offered up to the
        # threshold) squeezes the hubs together, so it starts off
        "physics": {"enabled": False, "stabilization": {"iterations": 100},
                    "barnesHut": {"springLength": 160, "avoidOverlap": 0.3, "gravitationalConstant": -4000}},
        "interaction": {"hover": not large, "tooltipDelay": 150, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large},
        "edges": {"smooth": False, "font": {"size": 11, "color": "#555555", "strokeWidth": 3, "align": "middle"}},
        "nodes": {"font": {"size": 17, "strokeWidth": 4, "strokeColor": "#ffffff"}},
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }
    types = Counter(n["group"] for n in nodes)
    relations = Counter(e["relation"] for e in edges)
    return {
        "nodes": nodes, "edges": edges, "options": options, "physics_allowed": not large,
        "legend_nodes": [{"key": t, "color": _style(t)["color"], "symbol": SHAPE_SYMBOLS.get(_style(t)["shape"], "●"),
                          "count": types[t]} for t in sorted(types, key=_legend_order(NODE_STYLES))],
        "legend_edges": [{"key": r, "color": EDGE_COLOURS.get(r, "#999999"), "count": relations[r]}
                         for r in sorted(relations, key=_legend_order(EDGE_COLOURS))],
    }


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
