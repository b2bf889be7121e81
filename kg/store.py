"""Store: an embedded Oxigraph store for fast SPARQL (rdflib stays for parsing and writing).

rdflib's in-memory engine takes minutes on joins and GROUP BY where Oxigraph takes
milliseconds, so every query runs here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .errors import KGError

FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".trig": ox.RdfFormat.TRIG,
           ".nq": ox.RdfFormat.N_QUADS, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML}


@dataclass
class Results:
    """A SELECT result: variable names and rows of pyoxigraph terms (None where unbound)."""

    variables: list[str]
    rows: list[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]]  # an iterator when lazy


def open_store(path: str | Path | None = None) -> ox.Store:
    """An Oxigraph store: on disk in ``path`` (created if missing), or in memory."""
    return ox.Store(str(path)) if path is not None else ox.Store()


def load_file(store: ox.Store, path: str | Path, graph_name: str | None = None) -> None:
    """Load an RDF file into the store (into ``graph_name`` when given)."""
    path = Path(path)
    if not path.is_file():
        raise KGError(path, "no such graph file")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise KGError(path, f"unknown RDF file type {path.suffix!r} (want one of {', '.join(FORMATS)})")
    target = ox.NamedNode(graph_name) if graph_name else ox.DefaultGraph()
    try:
        if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            store.bulk_load(path=str(path), format=fmt)
        else:
            store.bulk_load(path=str(path), format=fmt, to_graph=target)
    except (SyntaxError, ValueError, OSError) as exc:
        raise KGError(path, f"cannot parse as {fmt}: {str(exc).splitlines()[0]}") from None


def load_graph(store: ox.Store, graph: Graph) -> None:
    """Load an rdflib graph (serialised as N-Triples) into the store's default graph."""
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)


def select(store: ox.Store, sparql: str, source: str = "query", substitutions: dict | None = None,
           lazy: bool = False) -> Results:
    """Run a SELECT query; raise KGError naming ``source`` on a syntax error or non-SELECT.

    ``substitutions`` ({variable name: term}) binds variables as values, never as query
    text; with ``lazy`` the rows are a one-pass iterator, so huge results stream."""
    bound = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
    try:
        solutions = store.query(sparql, use_default_graph_as_union=True, substitutions=bound or None)
    except SyntaxError as exc:
        raise KGError(source, f"malformed SPARQL: {str(exc).splitlines()[0]}") from None
    except RuntimeError as exc:
        if not bound:
            raise
        # Oxigraph binds only variables the SELECT clause lists.
        raise KGError(source, f"cannot bind {', '.join('?' + k for k in substitutions)}: {exc} "
                              "(list the variable in SELECT)") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise KGError(source, "only SELECT queries are supported here")
    variables = [v.value for v in solutions.variables]
    rows = (tuple(solution[v] for v in variables) for solution in solutions)
    return Results(variables, rows if lazy else list(rows))
