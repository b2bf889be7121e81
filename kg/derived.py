"""Derived: keep a persistent store's cross-article data equal to what a full build makes.

Ingest writes each new or changed article's graph from that article alone, and keeps its
resolved extraction (as JSON, :mod:`kg.serialize`) in the store's metadata graph. What
depends on several articles is then recomputed by :func:`refresh_events` from the stored
extractions, with no article read or extracted again:

- claims completed across articles (:func:`kg.extract.claims.complete_claims`): an
  article graph whose content changes is replaced, one transaction per graph;
- the events graph ``kgr:graph/events`` (:func:`kg.merge.merge`), replaced in one
  transaction.

A graph is rewritten only when the digest of its new triples differs from the digest
recorded when it was last written, so a refresh that changes nothing writes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import KGError
from .store import ARTICLE_ID, GRAPH_DIGEST, HASH, META_GRAPH, STORE_NS, graph_digest, rdflib_triples, replace_article_graph

EXTRACTION = ox.NamedNode(STORE_NS + "extraction")  # the article's resolved extraction, as JSON
# While an article graph holds claims completed from other articles: a digest of the
# completed extraction it was built from (so an unchanged completion costs no graph build).
COMPLETED = ox.NamedNode(STORE_NS + "completedSha256")


@dataclass
class RefreshResult:
    """What a refresh did: how many articles and events it saw, which graphs it rewrote."""

    articles: int
    events: int
    rewritten: list[str] = field(default_factory=list)  # graph IRIs, the events graph included


def _metadata(store: ox.Store) -> dict[str, dict[str, str]]:
    """{graph IRI: {predicate IRI: value}} from the metadata graph."""
    meta: dict[str, dict[str, str]] = {}
    for quad in store.quads_for_pattern(None, None, None, META_GRAPH):
        meta.setdefault(quad.subject.value, {})[quad.predicate.value] = quad.object.value
    return meta


def stored_extractions(store: ox.Store) -> list[tuple[str, object]]:
    """(article graph IRI, Extraction) for every article in the store, in article order."""
    from .serialize import extraction_from_json

    found = []
    for iri, facts in _metadata(store).items():
        if HASH.value not in facts:
            continue  # a derived graph, not an article
        if EXTRACTION.value not in facts:
            raise KGError(iri, "no stored extraction (store made by an older kg: build it again)")
        found.append((iri, extraction_from_json(facts[EXTRACTION.value])))
    return sorted(found, key=lambda pair: pair[1].article.id)


def refresh_events(store: ox.Store, rules=None) -> RefreshResult:
    """Recompute the store's cross-article data from its stored extractions (see the module).

    The cost grows with the number of reports in the store (one :func:`kg.merge.merge`
    over all of them, and building the events graph); article graphs are rebuilt only
    where a claim was, or is now, completed from another article.
    """
    from .build import EVENTS_GRAPH, article_graph, events_graph
    from .merge import merge
    from .serialize import extraction_to_json

    meta = _metadata(store)
    stored = stored_extractions(store)
    completed, events = merge([x for _, x in stored], rules)
    result = RefreshResult(len(stored), len(events))
    for (iri, plain), done in zip(stored, completed):
        changed = any(a is not b for a, b in zip(plain.facts, done.facts))
        facts = meta[iri]
        source = hashlib.sha256(extraction_to_json(done).encode("utf-8")).hexdigest() if changed else None
        if facts.get(COMPLETED.value) == source:
            continue  # the graph was built from this very extraction (or from the article alone)
        triples = rdflib_triples(article_graph(done))
        if graph_digest(triples) == facts.get(GRAPH_DIGEST.value):
            continue
        extra = {EXTRACTION: facts[EXTRACTION.value], **({COMPLETED: source} if changed else {})}
        replace_article_graph(store, iri, triples, facts[HASH.value], facts.get(ARTICLE_ID.value), meta=extra)
        result.rewritten.append(iri)
    triples = rdflib_triples(events_graph(events))
    if graph_digest(triples) != meta.get(str(EVENTS_GRAPH), {}).get(GRAPH_DIGEST.value):
        replace_article_graph(store, str(EVENTS_GRAPH), triples, None, None)
        result.rewritten.append(str(EVENTS_GRAPH))
    return result
