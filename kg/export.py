"""Export: write the graph as Turtle, TriG, JSON-LD, N-Triples or GraphML.

Writers register in ``EXPORTERS``; every file is written to a temporary name and
moved into place, so a crash never leaves a half-written output.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

import networkx as nx
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from .build import EVENTS_GRAPH, KGO, PREFIXES, article_graph_iri
from .errors import KGError

Exporter = Callable[[Graph, Path], None]
EXPORTERS: dict[str, Exporter] = {}


def exporter(name: str) -> Callable[[Exporter], Exporter]:
    """Register a writer for ``kg export --format name``."""

    def register(func: Exporter) -> Exporter:
        EXPORTERS[name] = func
        return func

    return register


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def read_graph(path: str | Path, kind: str = "graph") -> Graph:
    """Parse a Turtle graph file with rdflib; a clear KGError if it is missing or broken."""
    from .build import new_graph

    path = Path(path)
    if not path.is_file():
        raise KGError(path, f"no such {kind} file")
    graph = new_graph()
    try:
        graph.parse(str(path), format="turtle")
    except Exception as exc:  # rdflib raises several parser error types
        raise KGError(path, f"not valid Turtle: {str(exc).splitlines()[0]}") from None
    return graph


def split_by_article(graph: Graph) -> Dataset:
    """Named graphs per article, rebuilt from ``kgo:reportedIn``/``inArticle``/``mentionedIn``;
    events and their links to reports go to ``kgr:graph/events`` as in :func:`kg.build.build_dataset`."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    identifiers = {a: str(i) for a, i in graph.subject_objects(URIRef("http://purl.org/dc/terms/identifier"))}
    home: dict = {}
    for prop in (KGO.reportedIn, KGO.inArticle, KGO.mentionedIn):
        for node, article in graph.subject_objects(prop):
            home.setdefault(node, set()).add(article)
    for article in identifiers:
        home.setdefault(article, set()).add(article)
    events = set(graph.subjects(KGO.report, None))
    for s, p, o in graph:
        if s in events or p in (KGO.reportOf, KGO.grade):  # derived across articles: kg.merge
            dataset.graph(EVENTS_GRAPH).add((s, p, o))
            continue
        for article in sorted(home.get(s, ())) or [None]:
            name = article_graph_iri(identifiers[article]) if article in identifiers else URIRef("urn:x-kg:shared")
            dataset.graph(name).add((s, p, o))
    return dataset


@exporter("ttl")
def write_turtle(graph: Graph, path: Path) -> None:
    """Turtle."""
    atomic_write(path, graph.serialize(format="turtle", encoding="utf-8"))


@exporter("nt")
def write_ntriples(graph: Graph, path: Path) -> None:
    """N-Triples, sorted so the file is stable."""
    lines = sorted(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines())
    atomic_write(path, ("\n".join(l for l in lines if l) + "\n").encode("utf-8"))


@exporter("trig")
def write_trig(graph: Graph, path: Path) -> None:
    """TriG, one named graph per article."""
    atomic_write(path, split_by_article(graph).serialize(format="trig", encoding="utf-8"))


@exporter("jsonld")
def write_jsonld(graph: Graph, path: Path) -> None:
    """JSON-LD with the project's prefixes as context."""
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    atomic_write(path, graph.serialize(format="json-ld", context=context, encoding="utf-8"))


def _network(graph: Graph) -> nx.MultiDiGraph:
    from .analyze import actor_network
    from .store import load_graph, open_store

    store = open_store()
    load_graph(store, graph)
    return actor_network(store)


@exporter("graphml")
def write_graphml(graph: Graph, path: Path) -> None:
    """GraphML of the actor network (for Gephi, yEd, Cytoscape)."""
    lines = nx.generate_graphml(_network(graph), encoding="utf-8")
    atomic_write(path, ("\n".join(lines) + "\n").encode("utf-8"))


@exporter("gexf")
def write_gexf(graph: Graph, path: Path) -> None:
    """GEXF of the actor network (Gephi's own format)."""
    lines = nx.generate_gexf(_network(graph), encoding="utf-8")
    atomic_write(path, ("\n".join(lines) + "\n").encode("utf-8"))


def export(graph_path: str | Path, fmt: str, out: str | Path | None = None) -> Path:
    """Write the graph at ``graph_path`` in format ``fmt``; returns the output path."""
    if fmt not in EXPORTERS:
        raise KGError(fmt, f"unknown export format (want one of {', '.join(EXPORTERS)})")
    graph = read_graph(graph_path)
    target = Path(out) if out else Path(graph_path).with_suffix("." + fmt)
    EXPORTERS[fmt](graph, target)
    return target


def class_counts(graph: Graph) -> dict[str, int]:
    """How many individuals of each kgo: class the graph holds."""
    counts: dict[str, int] = {}
    for cls in graph.objects(None, RDF.type):
        if str(cls).startswith(str(KGO)):
            name = str(cls)[len(str(KGO)):]
            counts[name] = counts.get(name, 0) + 1
    return counts
