"""Materialize: a fast, rule-based alternative to HermiT realisation (``kg reason --engine fast``).

The OWL equivalences in the ontology are compiled into SPARQL (run by Oxigraph) and applied
until nothing changes: named superclasses, rdfs:domain and rdfs:range typing, inverse,
symmetric and super-properties, and defined classes built from ``owl:intersectionOf`` of
named classes, ``owl:hasValue``, ``owl:someValuesFrom`` and ``owl:minQualifiedCardinality``
restrictions. Counting takes distinct IRIs as distinct individuals (a unique name
assumption, which HermiT is given for states only). Consistency stays HermiT's job
(``kg.reason.check_consistency``); a class expression the compiler does not know is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from .reason import ntriples, superclasses

MAX_ROUNDS = 10


@dataclass
class Definition:
    """A defined class and the SPARQL pattern (over ``?x``) its members match."""

    cls: URIRef
    pattern: str


def _class_pattern(var: str, cls: URIRef) -> str:
    return f"{var} a <{cls}> ."


def _restriction_pattern(tbox: Graph, node, var: str, n: int) -> str | None:
    prop = tbox.value(node, OWL.onProperty)
    if not isinstance(prop, URIRef):
        return None
    value = tbox.value(node, OWL.hasValue)
    if isinstance(value, URIRef):
        return f"{var} <{prop}> <{value}> ."
    filler = tbox.value(node, OWL.someValuesFrom)
    if filler is not None:
        if filler == OWL.Thing:
            return f"{var} <{prop}> ?y{n} ."
        return f"{var} <{prop}> ?y{n} . ?y{n} a <{filler}> ." if isinstance(filler, URIRef) else None
    count = tbox.value(node, OWL.minQualifiedCardinality)
    on_class = tbox.value(node, OWL.onClass)
    if count is not None and isinstance(on_class, URIRef):
        return (f"{{ SELECT {var} WHERE {{ {var} <{prop}> ?y{n} . ?y{n} a <{on_class}> . }} "
                f"GROUP BY {var} HAVING (COUNT(DISTINCT ?y{n}) >= {int(count)}) }}")
    return None


def definitions(tbox: Graph) -> list[Definition]:
    """The defined classes of ``tbox`` that compile to SPARQL (the others are skipped)."""
    found = []
    for cls, expression in tbox.subject_objects(OWL.equivalentClass):
        members = tbox.value(expression, OWL.intersectionOf) if isinstance(expression, BNode) else None
        if not isinstance(cls, URIRef) or members is None:
            continue
        parts = []
        for n, member in enumerate(Collection(tbox, members)):
            parts.append(_class_pattern("?x", member) if isinstance(member, URIRef)
                         else _restriction_pattern(tbox, member, "?x", n))
        if parts and None not in parts:
            found.append(Definition(cls, " ".join(parts)))
    return found


def _load(*graphs: Graph) -> ox.Store:
    store = ox.Store()
    for graph in graphs:
        store.bulk_load(ntriples(graph), format=ox.RdfFormat.N_TRIPLES)
    return store


def _property_round(store: ox.Store, tbox: Graph) -> int:
    """Inverse, symmetric and super-property values, one round."""
    added = 0
    for p, q in tbox.subject_objects(OWL.inverseOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef):
            added += _update(store, f"INSERT {{ ?b <{q}> ?a }} WHERE {{ ?a <{p}> ?b . FILTER(isIRI(?b)) }}")
            added += _update(store, f"INSERT {{ ?b <{p}> ?a }} WHERE {{ ?a <{q}> ?b . FILTER(isIRI(?b)) }}")
    for p in tbox.subjects(RDF.type, OWL.SymmetricProperty):
        added += _update(store, f"INSERT {{ ?b <{p}> ?a }} WHERE {{ ?a <{p}> ?b . FILTER(isIRI(?b)) }}")
    for sub, sup in tbox.subject_objects(RDFS.subPropertyOf):
        added += _update(store, f"INSERT {{ ?a <{sup}> ?b }} WHERE {{ ?a <{sub}> ?b }}")
    return added


def _typing_round(store: ox.Store, tbox: Graph, supers: dict) -> int:
    """Domain, range and named-superclass typing, one round."""
    added = 0
    for prop, domain in tbox.subject_objects(RDFS.domain):
        if isinstance(domain, URIRef):
            added += _update(store, f"INSERT {{ ?s a <{domain}> }} WHERE {{ ?s <{prop}> ?o }}")
    for prop, rng in tbox.subject_objects(RDFS.range):
        if isinstance(rng, URIRef) and (prop, RDF.type, OWL.ObjectProperty) in tbox:
            added += _update(store, f"INSERT {{ ?o a <{rng}> }} WHERE {{ ?s <{prop}> ?o . FILTER(isIRI(?o)) }}")
    for cls, ups in supers.items():
        for up in ups:
            added += _update(store, f"INSERT {{ ?x a <{up}> }} WHERE {{ ?x a <{cls}> }}")
    return added


def _update(store: ox.Store, sparql: str) -> int:
    before = len(store)
    store.update(sparql)
    return len(store) - before


def materialize(graph: Graph, tbox: Graph) -> Graph:
    """What the rules entail from ``graph`` under ``tbox`` that neither of them asserts."""
    store = _load(tbox, graph)
    supers = superclasses(tbox)
    compiled = definitions(tbox)
    for _ in range(MAX_ROUNDS):
        added = _property_round(store, tbox) + _typing_round(store, tbox, supers)
        for definition in compiled:
            added += _update(store, f"INSERT {{ ?x a <{definition.cls}> }} WHERE {{ {definition.pattern} }}")
        if not added:
            break
    out = Graph()
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        s, p, o = quad.subject, quad.predicate, quad.object
        if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
            triple = (URIRef(s.value), URIRef(p.value), URIRef(o.value))
            if triple not in graph and triple not in tbox:
                out.add(triple)
    return out
