"""Analyze: NetworkX views of the graph (actors and the relations between them).

``analyze()`` gathers centrality, blocs (who sides with whom) and the strike-campaign
analytic (of one attacker's reported strikes, what share hit one target) into a plain
dict, which ``format_table`` prints and ``write_charts`` draws with matplotlib.
Every query runs in Oxigraph (``kg.store``).
"""

from __future__ import annotations

import io
import json
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from .errors import KGError

ACTOR_NETWORK_QUERY = """
PREFIX kgo: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?fact ?kind ?a ?b ?quote ?article ?grade WHERE {
  {
    ?fact a kgo:Strike ; kgo:attacker ?a ; kgo:target ?b . BIND("struck" AS ?kind)
  } UNION {
    ?fact a kgo:Support ; kgo:supporter ?b ; kgo:recipient ?a . BIND("supportedBy" AS ?kind)
  } UNION {
    ?fact a kgo:Alliance ; kgo:party ?a, ?b . FILTER(STR(?a) < STR(?b)) BIND("alliedWith" AS ?kind)
  } UNION {
    ?fact a kgo:Membership ; kgo:member ?a ; kgo:group ?b . BIND("memberOf" AS ?kind)
  } UNION {
    ?fact a kgo:Opposition ; kgo:party ?a, ?b . FILTER(?a != ?b) BIND("opposes" AS ?kind)
  }
  FILTER NOT EXISTS { ?fact kgo:disputedBy ?d }
  ?fact prov:wasDerivedFrom ?ev ; kgo:reportedIn ?art .
  ?ev kgo:exactText ?quote .
  ?art dcterms:identifier ?article .
  OPTIONAL { ?fact kgo:grade ?grade }
}
ORDER BY ?fact ?a ?b
"""

NODE_QUERY = """
PREFIX kgo: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?node ?label ?class WHERE {
  ?node rdfs:label ?label ; a ?class .
  VALUES ?class { kgo:Person kgo:State kgo:ArmedGroup kgo:Coalition kgo:Organization kgo:Place kgo:Weapon }
}
"""


def actor_network(store: ox.Store) -> nx.MultiDiGraph:
    """Actors as nodes (label, class) and one edge per reported relation, with its quote, article
    and, for strikes, supports and alliances, ``grade`` (kgo:grade of the event it belongs to, e.g.
    ``MultiSource``; absent when ungraded, so tooltips show no empty grade)."""
    graph = nx.MultiDiGraph()
    for sol in store.query(NODE_QUERY, use_default_graph_as_union=True):
        node = sol["node"].value
        cls = sol["class"].value.rsplit("#", 1)[-1]
        previous = graph.nodes[node].get("type") if node in graph else None
        graph.add_node(node, label=sol["label"].value, type=previous or cls)
    for sol in store.query(ACTOR_NETWORK_QUERY, use_default_graph_as_union=True):
        a, b, kind = sol["a"].value, sol["b"].value, sol["kind"].value
        for node in (a, b):
            if node not in graph:
                graph.add_node(node, label=node.rsplit("/", 1)[-1], type="Actor")
        extra = {"grade": sol["grade"].value.rsplit("#", 1)[-1]} if sol["grade"] is not None else {}
        graph.add_edge(a, b, key=sol["fact"].value, relation=kind, quote=sol["quote"].value,
                       article=sol["article"].value, **extra)
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    return graph


RELATIONS = ("struck", "supportedBy", "alliedWith", "memberOf", "opposes")
SYMMETRIC = {"alliedWith", "opposes"}
SIDING = ("alliedWith", "supportedBy", "memberOf")
CATEGORIES = ("target", "both", "other", "unnamed")

STRIKE_QUERY = """
PREFIX kgo: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?strike ?target ?targetLabel ?date ?precision ?article ?publisher ?articleDate ?disputed WHERE {
  ?strike a kgo:Strike ; kgo:attacker ?attacker ; kgo:reportedIn ?art .
  VALUES ?attacker { %s }
  # a pure denial ("Russia is not bombing ISIS": disputed, claimed by nobody) reports no strike
  FILTER(!(EXISTS { ?strike kgo:disputedBy ?d } && NOT EXISTS { ?strike kgo:claimedBy ?c }))
  ?art dcterms:identifier ?article .
  OPTIONAL { ?art dcterms:publisher ?publisher }
  OPTIONAL { ?art dcterms:date ?articleDate }
  OPTIONAL { ?strike kgo:target ?target . OPTIONAL { ?target rdfs:label ?targetLabel } }
  OPTIONAL { ?strike kgo:date ?date . OPTIONAL { ?strike kgo:datePrecision ?precision } }
  OPTIONAL { ?strike kgo:disputedBy ?disputed }
}
"""

ACTOR_NAME_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?actor ?label WHERE {
  VALUES ?wanted { %s }
  ?actor rdfs:label ?label .
  { ?actor rdfs:label ?name } UNION { ?actor skos:altLabel ?name }
  FILTER(LCASE(STR(?name)) = LCASE(STR(?wanted)) || STR(?actor) = STR(?wanted))
}
"""


def weighted_actor_graph(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """One edge per (a, b, relation), ``weight`` = number of reported facts behind it.

    Symmetric relations (alliedWith, opposes) are stored once per unordered pair.
    """
    facts: dict[tuple[str, str, str], set] = defaultdict(set)
    for a, b, key, data in network.edges(keys=True, data=True):
        relation = data["relation"]
        if relation in SYMMETRIC:
            a, b = sorted((a, b))
        facts[(a, b, relation)].add(key)
    weighted = nx.MultiDiGraph()
    weighted.add_nodes_from(network.nodes(data=True))
    for (a, b, relation), keys in sorted(facts.items()):
        weighted.add_edge(a, b, key=relation, relation=relation, weight=len(keys))
    return weighted


def _collapse(weighted: nx.MultiDiGraph, relations=RELATIONS, directed: bool = False) -> nx.Graph:
    """A simple graph summing the weights of the chosen relations (symmetric ones both ways)."""
    simple = nx.DiGraph() if directed else nx.Graph()
    simple.add_nodes_from(weighted.nodes(data=True))
    for a, b, data in weighted.edges(data=True):
        if data["relation"] not in relations or a == b:
            continue
        pairs = [(a, b), (b, a)] if directed and data["relation"] in SYMMETRIC else [(a, b)]
        for u, v in pairs:
            previous = simple.edges[u, v]["weight"] if simple.has_edge(u, v) else 0
            simple.add_edge(u, v, weight=previous + data["weight"])
    return simple


def centrality(weighted: nx.MultiDiGraph) -> list[dict]:
    """Degree, betweenness and PageRank of every actor, highest PageRank first.

    Betweenness treats a tie reported n times as a path of length 1/n (strong ties are short);
    PageRank follows the direction of each relation (a strike flows to its target, a
    recipient to its supporter), weighted by reports.
    """
    undirected = _collapse(weighted)
    for _, _, data in undirected.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    degree = nx.degree_centrality(undirected) if len(undirected) > 1 else {n: 0.0 for n in undirected}
    betweenness = nx.betweenness_centrality(undirected, weight="distance")
    pagerank = nx.pagerank(_collapse(weighted, directed=True), weight="weight") if len(weighted) else {}
    rows = []
    for node, data in weighted.nodes(data=True):
        rows.append({
            "actor": node, "label": data.get("label", node), "type": data.get("type", "Actor"),
            "reports": int(sum(d["weight"] for *_, d in weighted.edges(node, data=True))
                           + sum(d["weight"] for *_, d in weighted.in_edges(node, data=True))),
            "degree": round(degree.get(node, 0.0), 4), "betweenness": round(betweenness.get(node, 0.0), 4),
            "pagerank": round(pagerank.get(node, 0.0), 4),
        })
    return sorted(rows, key=lambda r: (-r["pagerank"], r["label"]))


def blocs(weighted: nx.MultiDiGraph) -> list[dict]:
    """Communities of the alliance/support/membership subgraph (greedy modularity): who sides with whom."""
    siding = _collapse(weighted, SIDING)
    siding.remove_nodes_from([n for n in list(siding) if siding.degree(n) == 0])
    if siding.number_of_edges() == 0:
        return []
    communities = nx.community.greedy_modularity_communities(siding, weight="weight")
    rank = nx.pagerank(siding, weight="weight")
    result = []
    for members in communities:
        ordered = sorted(members, key=lambda n: (-rank[n], siding.nodes[n].get("label", n)))
        result.append({
            "size": len(ordered), "leader": siding.nodes[ordered[0]].get("label", ordered[0]),
            "members": [siding.nodes[n].get("label", n) for n in ordered],
            "ties": int(siding.subgraph(members).size(weight="weight")),
        })
    return sorted(result, key=lambda b: (-b["size"], b["leader"]))


def find_actor(store: ox.Store, name: str) -> tuple[list[str], str]:
    """IRIs of the actors whose IRI, label or alias equals ``name`` (case-insensitive), and a label."""
    # str() of a pyoxigraph Literal is its escaped N-Triples form, safe to splice into SPARQL
    solutions = store.query(ACTOR_NAME_QUERY % ox.Literal(name), use_default_graph_as_union=True)
    found = {sol["actor"].value: sol["label"].value for sol in solutions}
    if not found:
        raise KGError(name, "no actor with this name, alias or IRI in the graph")
    return sorted(found), found[sorted(found)[0]]


def _period(date: str | None, precision: str | None, period: str) -> str:
    if not date:
        return "undated"
    cut = {"year": 4, "month": 7, "day": 10}
    return date[: min(cut.get(precision or "day", 10), cut[period])]


def _category(targets: set[str], focus: set[str]) -> str:
    if not targets:
        return "unnamed"
    hit = bool(targets & focus)
    if hit:
        return "target" if targets <= focus else "both"
    return "other"


def _counts(strikes: list[dict]) -> dict:
    counts = Counter(s["category"] for s in strikes)
    named = sum(counts[c] for c in ("target", "both", "other"))
    hit = counts["target"] + counts["both"]
    return {
        "strikes": len(strikes), **{c: counts[c] for c in CATEGORIES}, "named": named,
        "share_of_named": round(hit / named, 4) if named else None,
        "share_of_all": round(hit / len(strikes), 4) if strikes else None,
    }


def strike_campaign(store: ox.Store, attacker: str = "Russia", target: str = "Islamic State",
                    period: str = "month") -> dict:
    """Of ``attacker``'s reported strikes, how many hit ``target``, other actors, or no named actor.

    Each kgo:Strike report is counted once overall (events, ``kgo:StrikeEvent``, are not
    reports; a pure denial, disputed and claimed by nobody, reports no strike); categories are ``target`` (only the target was
    hit), ``both`` (the target and others), ``other`` (named targets, none of them the
    target) and ``unnamed`` (no kgo:target). Shares are (target + both) over strikes with a
    named target and over all strikes. Broken down by ``period`` (month or day of kgo:date,
    at the date's precision) and by reporting article.
    """
    if period not in ("year", "month", "day"):
        raise KGError(period, "unknown period (want year, month or day)")
    attackers, attacker_label = find_actor(store, attacker)
    focus, focus_label = find_actor(store, target)
    values = " ".join(f"<{iri}>" for iri in attackers)
    rows: dict[str, dict] = {}
    for sol in store.query(STRIKE_QUERY % values, use_default_graph_as_union=True):
        row = rows.setdefault(sol["strike"].value, {"targets": {}, "articles": {}, "date": None,
                                                    "precision": None, "disputed": False})
        if sol["target"] is not None:
            row["targets"][sol["target"].value] = sol["targetLabel"].value if sol["targetLabel"] else sol["target"].value
        if sol["date"] is not None:
            row["date"], row["precision"] = sol["date"].value, sol["precision"].value if sol["precision"] else None
        row["disputed"] |= sol["disputed"] is not None
        row["articles"][sol["article"].value] = {
            "publisher": sol["publisher"].value if sol["publisher"] else "",
            "date": sol["articleDate"].value[:10] if sol["articleDate"] else "",
        }
    strikes = []
    for iri, row in sorted(rows.items()):
        strikes.append({"strike": iri, "category": _category(set(row["targets"]), set(focus)),
                        "targets": sorted(row["targets"].values()), "date": row["date"],
                        "period": _period(row["date"], row["precision"], period),
                        "articles": row["articles"], "disputed": row["disputed"]})
    by_period: dict[str, list] = defaultdict(list)
    by_source: dict[str, list] = defaultdict(list)
    sources: dict[str, dict] = {}
    for strike in strikes:
        by_period[strike["period"]].append(strike)
        for article, meta in strike["articles"].items():
            by_source[article].append(strike)
            sources[article] = meta
    other_targets = Counter(t for s in strikes for t in s["targets"] if t != focus_label)
    return {
        "attacker": attacker_label, "target": focus_label, "period": period,
        "totals": _counts(strikes),
        "disputed": sum(s["disputed"] for s in strikes),
        "other_targets": dict(sorted(other_targets.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_period": {p: _counts(by_period[p]) for p in sorted(by_period, key=lambda p: (p == "undated", p))},
        "by_source": {a: {**sources[a], **_counts(by_source[a])} for a in sorted(by_source)},
    }


def analyze(store: ox.Store, attacker: str = "Russia", target: str = "Islamic State", period: str = "month") -> dict:
    """The whole analysis as a JSON-ready dict: network size, centrality, blocs, strike campaign."""
    network = actor_network(store)
    weighted = weighted_actor_graph(network)
    reports = Counter(d["relation"] for *_, d in weighted.edges(data=True) for _ in range(d["weight"]))
    return {
        "network": {"actors": weighted.number_of_nodes(), "ties": weighted.number_of_edges(),
                    "reports": {r: reports[r] for r in RELATIONS}},
        "centrality": centrality(weighted),
        "blocs": blocs(weighted),
        "campaign": strike_campaign(store, attacker, target, period),
    }


def _table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in row] for row in [headers, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{100 * share:.1f}%"


def _count_row(name: str, counts: dict) -> list:
    return [name, counts["strikes"], counts["target"], counts["both"], counts["other"], counts["unnamed"],
            _pct(counts["share_of_named"]), _pct(counts["share_of_all"])]


def format_table(result: dict, top: int = 15) -> str:
    """A readable text report of ``analyze()``'s result."""
    net, campaign = result["network"], result["campaign"]
    totals = campaign["totals"]
    hit = totals["target"] + totals["both"]
    count_headers = ["", "strikes", "target only", "target+other", "other only", "no named target",
                     "share of named", "share of all"]
    parts = [
        f"Actor network: {net['actors']} actors, {net['ties']} weighted ties; reports: "
        + ", ".join(f"{r} {n}" for r, n in net["reports"].items()),
        "",
        f"Campaign: strikes by {campaign['attacker']}, and how many hit {campaign['target']}",
        f"{campaign['attacker']} is reported striking {totals['strikes']} times: {totals['target']} hit "
        f"{campaign['target']} only, {totals['both']} hit it and others, {totals['other']} hit only other actors, "
        f"{totals['unnamed']} name no target actor ({campaign['disputed']} disputed).",
        f"Share hitting {campaign['target']}: {hit}/{totals['named']} strikes with a named target = "
        f"{_pct(totals['share_of_named'])}; {hit}/{totals['strikes']} of all = {_pct(totals['share_of_all'])}.",
        "",
        _table(count_headers, [_count_row("all", totals)]),
        "",
        f"By {campaign['period']} (kgo:date of the strike)",
        _table(count_headers, [_count_row(p, c) for p, c in campaign["by_period"].items()]),
        "",
        "By source (article reporting the strike)",
        _table(["article", "publisher", "date", *count_headers[1:]],
               [[a, c["publisher"], c["date"], *_count_row(a, c)[1:]] for a, c in campaign["by_source"].items()]),
        "",
        "Other targets",
        _table(["target", "strikes"], list(campaign["other_targets"].items())),
        "",
        f"Centrality (top {top} by PageRank)",
        _table(["actor", "type", "reports", "degree", "betweenness", "pagerank"],
               [[r["label"], r["type"], r["reports"], f"{r['degree']:.3f}", f"{r['betweenness']:.3f}",
                 f"{r['pagerank']:.3f}"] for r in result["centrality"][:top]]),
        "",
        "Blocs (greedy modularity on alliedWith + supportedBy + memberOf)",
        _table(["#", "size", "ties", "members"],
               [[i + 1, b["size"], b["ties"], ", ".join(b["members"])] for i, b in enumerate(result["blocs"])]),
    ]
    if "charts" in result:
        parts += ["", "Charts: " + ", ".join(result["charts"])]
    return "\n".join(parts)


def format_json(result: dict) -> str:
    """``analyze()``'s result as indented JSON."""
    return json.dumps(result, indent=2, ensure_ascii=False)


CATEGORY_STYLE = {"target": ("#d62728", "{target} only"), "both": ("#ff9896", "{target} and others"),
                  "other": ("#1f77b4", "other actors only"), "unnamed": ("#c7c7c7", "no named target")}


def _stacked_bars(ax, names: list[str], counts: list[dict], target: str) -> None:
    left = [0] * len(names)
    for category, (colour, label) in CATEGORY_STYLE.items():
        values = [c[category] for c in counts]
        ax.barh(names, values, left=left, color=colour, label=label.format(target=target))
        left = [a + b for a, b in zip(left, values)]
    for y, (total, c) in enumerate(zip(left, counts)):
        ax.text(total, y, f" {c['target'] + c['both']} of {c['named']} named targets", va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max(left + [1]) * 1.3)
    ax.set_xlabel("reported strikes")
    ax.legend(fontsize=8, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=4, frameon=False)


def _short(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def chart_images(result: dict, top: int = 15) -> dict[str, bytes]:
    """The analysis as PNG images by file name (matplotlib, Agg backend: no display needed)."""
    from matplotlib.figure import Figure  # a bare Figure uses Agg and never touches pyplot state

    campaign = result["campaign"]
    attacker, target = campaign["attacker"], campaign["target"]
    images = {}
    specs = [
        ("strikes_by_period.png", f"Reported strikes by {attacker}, per {campaign['period']}", campaign["by_period"]),
        ("strikes_by_source.png", f"Reported strikes by {attacker}, per reporting article",
         {f"{a[:3]} {_short(c['publisher'])} ({c['date']})": c for a, c in campaign["by_source"].items()}),
        ("strikes_share.png", f"Reported strikes by {attacker}: share hitting {target}", {"all articles": campaign["totals"]}),
    ]
    for name, title, table in specs:
        fig = Figure(figsize=(8, 1.2 + 0.45 * max(len(table), 1)))
        ax = fig.add_subplot()
        _stacked_bars(ax, list(table), list(table.values()), target)
        ax.set_title(title, fontsize=10, pad=24)
        images[name] = _png(fig)
    rows = result["centrality"][:top]
    fig = Figure(figsize=(8, 1.2 + 0.3 * max(len(rows), 1)))
    ax = fig.add_subplot()
    ax.barh([r["label"] for r in rows], [r["pagerank"] for r in rows], color="#9467bd")
    ax.invert_yaxis()
    ax.set_xlabel("PageRank (weighted by reports)")
    ax.set_title(f"Most central actors (top {len(rows)})", fontsize=10)
    images["centrality.png"] = _png(fig)
    return images


def write_charts(result: dict, out_dir: str | Path) -> list[Path]:
    """Write the PNG charts into ``out_dir`` (each atomically); returns their paths."""
    from .export import atomic_write

    paths = []
    for name, data in chart_images(result).items():
        path = Path(out_dir) / name
        atomic_write(path, data)
        paths.append(path)
    return paths


def analyze_file(graph_path: str | Path, out_dir: str | Path | None = None, attacker: str = "Russia",
                 target: str = "Islamic State", period: str = "month") -> dict:
    """Analyze a graph file; with ``out_dir``, also write the charts there and list them under ``charts``."""
    from .store import load_file, open_store

    store = open_store()
    load_file(store, graph_path)
    result = analyze(store, attacker, target, period)
    if out_dir is not None:
        result["charts"] = [str(p) for p in write_charts(result, out_dir)]
    return result
