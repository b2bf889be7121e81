"""Store: an embedded Oxigraph store for fast SPARQL (rdflib stays for parsing and writing).

rdflib's in-memory engine takes minutes on joins and GROUP BY where Oxigraph takes
milliseconds, so every query runs here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from .errors import KGError

FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".trig": ox.RdfFormat.TRIG,
           ".nq": ox.RdfFormat.N_QUADS, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML}


STORE_NS = "urn:x-kg:store:"
META_GRAPH = ox.NamedNode(STORE_NS + "ingested")


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


def select(store: ox.Store, sparql: str, source: str = "query", union: bool | None = None,
           substitutions: dict | None = None, lazy: bool = False) -> Results:
    """Run a SELECT query; raise KGError naming ``source`` on a syntax error or non-SELECT.

    With ``union`` the default graph is the union of all graphs (for files loaded as
    quads). A persistent store keeps its union materialised as the default graph, so by
    default (``None``) the union is used only for stores without that layout.
    ``substitutions`` ({variable name: term}) binds variables as values, never as query
    text; with ``lazy`` the rows are a one-pass iterator, so huge results stream.
    """
    if union is None:
        union = not store.contains_named_graph(META_GRAPH)
    bound = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
    try:
        solutions = store.query(sparql, use_default_graph_as_union=union, substitutions=bound or None)
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


# --- The persistent store: one named graph per article, incremental ingest -------------
#
# Layout of a store directory (an Oxigraph database):
#   - one named graph per article (kgr:graph/<article>), as kg.build mints it;
#   - the default graph: the set union of all article graphs. Oxigraph's union default
#     graph keeps duplicates (a label stated in 300 articles would join 300 times), so
#     the union is kept materialised and queries run on it alone;
#   - META_GRAPH: one node per article graph with the content hash it was built from, the
#     digest of the triples it holds and the article's extraction as JSON (kg.derived);
#   - kgr:graph/events: events merged across articles, recomputed by kg.derived.refresh_events;
#   - DERIVED_GRAPH: per cluster key, the reports and events that refresh needs (kg.derived).

KEYS_GRAPH = ox.NamedNode(STORE_NS + "keys")
NAME_KEY = ox.NamedNode(STORE_NS + "nameKey")
HASH = ox.NamedNode(STORE_NS + "sha256")
ARTICLE_ID = ox.NamedNode(STORE_NS + "article")
GRAPH_DIGEST = ox.NamedNode(STORE_NS + "graphSha256")  # of the triples the graph holds now
# Articles ingested or removed since the last events refresh (kg.derived), marked in the
# same transaction as the article's graph so a crash between the two loses nothing.
PENDING_NODE = ox.NamedNode(STORE_NS + "pending")
PENDING = ox.NamedNode(STORE_NS + "article")
DERIVED_GRAPH = ox.NamedNode(STORE_NS + "derived")  # what kg.derived keeps to refresh incrementally

_KGO = "https://w3id.org/conflict-kg/ontology#"


def is_store_dir(path: str | Path) -> bool:
    """True when ``path`` holds an Oxigraph database (RocksDB keeps a ``CURRENT`` file)."""
    return (Path(path) / "CURRENT").is_file()


def open_store_dir(path: str | Path) -> ox.Store:
    """Open (or create) the persistent store in directory ``path``; KGError if it cannot.

    A folder that exists and holds other files is refused, so a mistyped ``--store``
    never scatters database files among someone's articles.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise KGError(path, "not a directory (a store is a directory)")
    if path.is_dir() and any(path.iterdir()) and not is_store_dir(path):
        raise KGError(path, "folder exists and is not a store (give a new or empty folder)")
    try:
        return ox.Store(str(path))
    except OSError as exc:
        raise KGError(path, f"cannot open store: {str(exc).splitlines()[0]}") from None


def open_existing_store(path: str | Path) -> ox.Store:
    """Open a store that must already exist (for querying); KGError if it does not."""
    path = Path(path)
    if not is_store_dir(path):
        raise KGError(path, "no such store (create it with `kg build --store` or `kg ingest`)")
    return open_store_dir(path)


def stored_hashes(store: ox.Store) -> dict[str, str]:
    """{article graph IRI: content hash it was built from} for every ingested article."""
    return {q.subject.value: q.object.value for q in store.quads_for_pattern(None, HASH, None, META_GRAPH)}


def _quads_text(quads) -> str:
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def graph_digest(triples: list[ox.Triple]) -> str:
    """A digest of a set of triples, independent of their order."""
    import hashlib

    return hashlib.sha256("\n".join(sorted(set(map(str, triples)))).encode("utf-8")).hexdigest()


def replace_article_graph(store: ox.Store, graph_iri: str, triples: list[ox.Triple], content_hash: str | None,
                          article_id: str | None, name_keys: dict[str, set[str]] | None = None,
                          meta: dict[ox.NamedNode, str] | None = None, pending: bool = True) -> None:
    """Put ``triples`` as the named graph ``graph_iri``, replacing what it held, in one transaction.

    The default (union) graph loses the old graph's triples that no other article states
    and gains the new ones; the content hash (None: a derived graph, no article), the
    digest of ``triples``, and ``meta`` ({predicate: value}) are recorded in the metadata
    graph, and ``name_keys`` ({entity IRI: spelling keys}) in the key index. An article
    graph (``content_hash`` given) is marked for the next events refresh unless ``pending``
    is False. The work is proportional to the article, not to the store.
    """
    g = ox.NamedNode(graph_iri)
    data = _quads_text(triples)
    facts = {GRAPH_DIGEST: graph_digest(triples), **(meta or {})}
    if content_hash is not None:
        facts.update({HASH: content_hash, ARTICLE_ID: article_id or ""})
    recorded = " ".join(f"{g} {p} {ox.Literal(v)} ." for p, v in facts.items())
    if content_hash is not None and pending:
        recorded += f" {PENDING_NODE} {PENDING} {g} ."
    keys = " ".join(f"{ox.NamedNode(e)} {NAME_KEY} {ox.Literal(k)} ." for e, ks in (name_keys or {}).items() for k in sorted(ks))
    # One SPARQL Update is one Oxigraph transaction: readers see the old or the new graph.
    store.update(_drop_article_graph(g) + f"""
INSERT DATA {{
  GRAPH {g} {{ {data} }}
  {data}
  GRAPH {META_GRAPH} {{ {recorded} }}
  GRAPH {KEYS_GRAPH} {{ {keys} }}
}}""")


def _drop_article_graph(g: ox.NamedNode) -> str:
    """SPARQL Update parts that drop article graph ``g`` and its metadata from the store, taking
    out of the union only the triples no other article graph states."""
    return f"""
DELETE {{ ?s ?p ?o }} WHERE {{
  GRAPH {g} {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other NOT IN ({g}, {META_GRAPH}, {KEYS_GRAPH}, {DERIVED_GRAPH})) }}
}} ;
DROP SILENT GRAPH {g} ;
DELETE WHERE {{ GRAPH {META_GRAPH} {{ {g} ?p ?o }} }} ;
"""


def remove_article_graph(store: ox.Store, graph_iri: str, refresh: bool = True) -> None:
    """Drop one article's graph (and its hash); triples other articles state stay.

    The article is marked for the next events refresh; with ``refresh`` that runs now
    (:func:`kg.derived.refresh_events`, its own transactions).
    """
    g = ox.NamedNode(graph_iri)
    store.update(_drop_article_graph(g) + f"""
INSERT DATA {{ GRAPH {META_GRAPH} {{ {PENDING_NODE} {PENDING} {g} }} }}""")
    if refresh:
        from .derived import refresh_events

        refresh_events(store)


def rdflib_triples(graph: Graph) -> list[ox.Triple]:
    """An rdflib graph's triples as pyoxigraph triples (via N-Triples)."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))


def nt_lines(triples: list[tuple]) -> list[str]:
    """rdflib triples as N-Triples lines (as the store writes them), each once; terms are
    converted one by one (building and serializing an rdflib graph cost more than the rest of
    an event's change)."""
    lines = {f"{ox_term(s)} {ox_term(p)} {ox_term(o)} .": None for s, p, o in triples}
    return list(lines)


def ox_term(term) -> str:
    """An rdflib IRI or literal in N-Triples, as pyoxigraph writes it."""
    if isinstance(term, URIRef):
        return str(ox.NamedNode(str(term)))
    if isinstance(term, Literal):
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None))
    raise TypeError(f"not an IRI or a literal: {term!r}")


_ENTITY_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX kgo: <https://w3id.org/conflict-kg/ontology#>
SELECT ?e ?type ?label ?alias ?generic WHERE {
  VALUES ?key { %s }
  GRAPH <%s> { ?e <%s> ?key }
  VALUES ?type { %s }
  ?e a ?type ; rdfs:label ?label .
  OPTIONAL { ?e skos:altLabel ?alias }
  BIND(EXISTS { ?e a kgo:GenericGroup } AS ?generic)
}"""


def stored_entities(store: ox.Store, keys: set[str]):
    """The actors, places and weapons in the store whose names have one of these spelling
    keys (see :func:`kg.resolve.transliteration_key`), as model Entities with aliases.

    Incremental ingest resolves a new article against these, so a new spelling of a
    name already in the store maps onto the same IRI; looking up only the article's
    keys keeps the work proportional to the article.
    """
    from .model import ENTITY_TYPES, Entity

    if not keys:
        return []
    types = " ".join(f"kgo:{t}" for t in ENTITY_TYPES)
    values = " ".join(str(ox.Literal(k)) for k in sorted(keys))
    found: dict[str, dict] = {}
    for row in store.query(_ENTITY_QUERY % (values, KEYS_GRAPH.value, NAME_KEY.value, types)):
        entry = found.setdefault(row["e"].value, {"name": row["label"].value, "type": row["type"].value[len(_KGO):],
                                                  "aliases": set(), "generic": row["generic"].value == "true"})
        if row["alias"] is not None:
            entry["aliases"].add(row["alias"].value)
    return [Entity(e["name"], e["type"], e["generic"], frozenset(e["aliases"])) for e in found.values()]


def default_graph_rdflib(store: ox.Store) -> Graph:
    """The store's default (union) graph as an rdflib graph, for the writers that need one."""
    from .build import new_graph

    graph = new_graph()
    graph.parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
    return graph


def triple_count(store: ox.Store) -> int:
    """How many triples the default (union) graph holds."""
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
