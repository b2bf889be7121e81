"""Build: facts → RDF in the public vocabulary (``kgo:``/``kgr:``), one named graph per article.

Only this module mints RDF terms. IRIs are derived from canonical names and from
the content of each fact, so the same input gives the same IRIs on every run.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from decimal import Decimal
from itertools import combinations
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .model import Article, Entity, Evidence, Extraction, Fact

if TYPE_CHECKING:
    from .merge import Event

KGO = Namespace("https://w3id.org/conflict-kg/ontology#")
KGR = Namespace("https://w3id.org/conflict-kg/id/")
PREFIXES = {"kgo": KGO, "kgr": KGR, "rdfs": RDFS, "skos": SKOS, "prov": PROV, "dcterms": DCTERMS, "xsd": XSD, "owl": OWL}

ROLE_PROPERTIES = {
    "attacker": KGO.attacker, "target": KGO.target, "place": KGO.place, "weapon": KGO.weapon,
    "claimed_by": KGO.claimedBy, "disputed_by": KGO.disputedBy, "speaker": KGO.speaker,
    "about": KGO.about, "party": KGO.party, "supporter": KGO.supporter, "recipient": KGO.recipient,
    "member": KGO.member, "group": KGO.group,
}
SUPPORT_WEAPON = KGO.supplies


def slug(name: str) -> str:
    """The IRI-safe form of a canonical name: ``Liwa Suqour al-Jebel`` → ``liwa-suqour-al-jebel``."""
    text = name.lower().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "unnamed"


def entity_iri(entity: Entity) -> URIRef:
    """The stable IRI of an actor, place or weapon."""
    # Places live under place/ so a city never shares an IRI with an actor of the same
    # name (Actor and Place are disjoint classes).
    return KGR["place/" + slug(entity.name)] if entity.type == "Place" else KGR[slug(entity.name)]


def article_iri(article_id: str) -> URIRef:
    """The IRI of an article, from its file name."""
    return KGR["article/" + slug(article_id.rsplit(".", 1)[0])]


def article_graph_iri(article_id: str) -> URIRef:
    """The named graph that holds everything read from one article."""
    return KGR["graph/" + slug(article_id.rsplit(".", 1)[0])]


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def fact_iri(fact: Fact) -> URIRef:
    """A content-derived IRI: same article, kind, roles and evidence → same IRI."""
    roles = sorted((k, tuple(sorted(e.name for e in v))) for k, v in fact.roles.items())
    spans = sorted((e.span.start, e.span.end) for e in fact.evidence)
    return KGR[f"{fact.kind.lower()}/{_digest(fact.article_id, fact.kind, roles, spans, fact.date)}"]


def evidence_iri(evidence: Evidence) -> URIRef:
    """The IRI of one evidence span as read by one rule with one confidence."""
    s = evidence.span
    return KGR[f"evidence/{_digest(s.article_id, s.start, s.end, evidence.rule, round(evidence.confidence, 2))}"]


def _datetime(value: date) -> Literal:
    return Literal(datetime(value.year, value.month, value.day), datatype=XSD.dateTime)


def new_graph() -> Graph:
    """An empty rdflib graph with only the project's prefixes bound."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def add_article(graph: Graph, article: Article) -> URIRef:
    """The article node with its Dublin Core metadata."""
    node = article_iri(article.id)
    graph.add((node, RDF.type, KGO.Article))
    graph.add((node, RDFS.label, Literal(article.title or article.id, lang="en")))
    graph.add((node, DCTERMS.identifier, Literal(article.id)))
    if article.title:
        graph.add((node, DCTERMS.title, Literal(article.title)))
    if article.publisher:
        graph.add((node, DCTERMS.publisher, Literal(article.publisher)))
    if article.date:
        graph.add((node, DCTERMS.date, _datetime(article.date)))
    if article.url:
        graph.add((node, DCTERMS.source, Literal(article.url, datatype=XSD.anyURI)))
    return node


def add_entity(graph: Graph, entity: Entity, article_node: URIRef | None = None) -> URIRef:
    """An actor, place or weapon: its class, one English label and its aliases."""
    node = entity_iri(entity)
    graph.add((node, RDF.type, KGO[entity.type]))
    if entity.generic:
        graph.add((node, RDF.type, KGO.GenericGroup))
    graph.add((node, RDFS.label, Literal(entity.name, lang="en")))
    for alias in sorted(entity.aliases):
        graph.add((node, SKOS.altLabel, Literal(alias, lang="en")))
    if article_node is not None:
        graph.add((node, KGO.mentionedIn, article_node))
    return node


def add_evidence(graph: Graph, evidence: Evidence, article_node: URIRef) -> URIRef:
    """An Evidence node: exact text, offsets, rule and confidence."""
    node = evidence_iri(evidence)
    span = evidence.span
    graph.add((node, RDF.type, KGO.Evidence))
    graph.add((node, RDFS.label, Literal(f"{span.article_id} [{span.start}:{span.end}]", lang="en")))
    graph.add((node, KGO.inArticle, article_node))
    graph.add((node, KGO.exactText, Literal(span.text)))
    graph.add((node, KGO.startOffset, Literal(span.start, datatype=XSD.integer)))
    graph.add((node, KGO.endOffset, Literal(span.end, datatype=XSD.integer)))
    graph.add((node, KGO.confidence, Literal(Decimal(str(round(evidence.confidence, 2))), datatype=XSD.decimal)))
    graph.add((node, KGO.extractor, Literal(evidence.rule)))
    return node


def fact_label(fact: Fact) -> str:
    """A short human label: "Russia struck First Coastal Division"."""
    names = {k: ", ".join(e.name for e in v) for k, v in fact.roles.items()}
    if fact.kind == "Strike":
        return f"{names.get('attacker', '?')} struck {names.get('target') or names.get('place') or 'unnamed target'}"
    if fact.kind == "Statement":
        return f"{names.get('speaker', '?')}: statement"
    if fact.kind == "Support":
        return f"{names.get('supporter', '?')} supports {names.get('recipient', '?')}"
    if fact.kind == "Membership":
        return f"{names.get('member', '?')} member of {names.get('group', '?')}"
    if fact.kind == "Opposition":
        return f"{names.get('party', '?')}: opposition"
    return f"{names.get('party', '?')}: alliance"


def add_fact(graph: Graph, fact: Fact, article_node: URIRef) -> URIRef:
    """A fact node of its class, its roles, provenance, and the shortcut edges."""
    node = fact_iri(fact)
    graph.add((node, RDF.type, KGO[fact.kind]))
    graph.add((node, RDFS.label, Literal(fact_label(fact), lang="en")))
    graph.add((node, KGO.reportedIn, article_node))
    for role, entities in fact.roles.items():
        prop = SUPPORT_WEAPON if (fact.kind == "Support" and role == "weapon") else ROLE_PROPERTIES[role]
        for entity in entities:
            graph.add((node, prop, add_entity(graph, entity, article_node)))
    for evidence in fact.evidence:
        graph.add((node, PROV.wasDerivedFrom, add_evidence(graph, evidence, article_node)))
    if fact.date:
        graph.add((node, KGO.date, _datetime(fact.date)))
        graph.add((node, KGO.datePrecision, Literal(fact.date_precision)))
    if fact.quote:
        graph.add((node, KGO.quote, Literal(fact.quote)))
    if fact.casualties is not None:
        graph.add((node, KGO.casualties, Literal(fact.casualties, datatype=XSD.integer)))
    if fact.hedged:
        graph.add((node, KGO.hedged, Literal(True)))
    _add_shortcuts(graph, fact)
    return node


def _add_shortcuts(graph: Graph, fact: Fact) -> None:
    role = fact.role
    if fact.kind == "Strike" and not role("disputed_by"):
        for a in role("attacker"):
            for t in role("target"):
                graph.add((entity_iri(a), KGO.struck, entity_iri(t)))
    elif fact.kind == "Support" and not role("disputed_by"):
        for s in role("supporter"):
            for r in role("recipient"):
                graph.add((entity_iri(r), KGO.supportedBy, entity_iri(s)))
                for w in role("weapon"):
                    graph.add((entity_iri(r), KGO.receivedWeapon, entity_iri(w)))
    elif fact.kind == "Alliance" and not role("disputed_by"):
        for a, b in combinations(role("party"), 2):
            graph.add((entity_iri(a), KGO.alliedWith, entity_iri(b)))
            graph.add((entity_iri(b), KGO.alliedWith, entity_iri(a)))
    elif fact.kind == "Membership":
        for m in role("member"):
            for g in role("group"):
                graph.add((entity_iri(m), KGO.memberOf, entity_iri(g)))
    elif fact.kind == "Opposition":
        parties = role("party")
        for other in parties[1:]:
            graph.add((entity_iri(parties[0]), KGO.opposes, entity_iri(other)))


def article_graph(extraction: Extraction) -> Graph:
    """Everything read from one article: its node, its facts, their evidence and entities."""
    return add_extraction(new_graph(), extraction)


def add_extraction(graph: Graph, extraction: Extraction) -> Graph:
    """Add everything read from one article to ``graph``; returns the graph."""
    article_node = add_article(graph, extraction.article)
    for mention in extraction.mentions:
        add_entity(graph, mention.entity, article_node)
    for fact in extraction.facts:
        add_fact(graph, fact, article_node)
    return graph


EVENTS_GRAPH = KGR["graph/events"]


def event_iri(event: Event) -> URIRef:
    """An event's IRI. Under a rule with neither anchors nor a time window (supports,
    alliances) a key holds one event, named by its kind and key; otherwise an event is named
    by its founder, its first report in :func:`kg.merge.cluster`'s order. So an event keeps its
    IRI while reports join or leave it, as long as its founder stays in it (the founder going,
    or an earlier report joining, gives it another IRI)."""
    from .merge import _key, _order, one_event_per_key

    if one_event_per_key(event.rule):
        return key_event_iri(event.kind, _key(event.reports[0].fact, event.rule))
    founder = event.founder or min(event.reports, key=lambda r: _order(r, event.rule))
    return founded_event_iri(founder.fact)


def key_event_iri(kind: str, key: tuple) -> URIRef:
    """The IRI of the one event of a cluster key (see :func:`event_iri`)."""
    return KGR[f"event/{kind.lower()}/{_digest('key', kind, key)}"]


def founded_event_iri(founder: Fact) -> URIRef:
    """The IRI of the event a report founds (see :func:`event_iri`)."""
    return KGR[f"event/{founder.kind.lower()}/{_digest('founder', fact_iri(founder))}"]


def event_head(node: URIRef, kind: str, rule: str, summary, grade: str, grade_rule: str) -> list[tuple]:
    """An event node's own triples that are not one per entity, article or evidence span:
    class, label, first date, grade and its rule, merge rule, counts (from a :class:`kg.merge.Summary`)."""
    label = fact_label(Fact(kind, "", summary.ordered_roles(), []))
    triples = [(node, RDF.type, KGO[f"{kind}Event"]),
               (node, RDFS.label, Literal(f"{label} ({summary.reports} reports, {grade})", lang="en"))]
    first = summary.first_date()
    if first:
        triples += [(node, KGO.date, _datetime(first[0])), (node, KGO.datePrecision, Literal(first[1]))]
    return triples + [(node, KGO.grade, KGO[grade]), (node, KGO.gradeRule, Literal(grade_rule)),
                      (node, KGO.mergeRule, Literal(rule)),
                      (node, KGO.reportCount, Literal(summary.reports, datatype=XSD.integer)),
                      (node, KGO.sourceCount, Literal(len(summary.sources), datatype=XSD.integer))]


def event_links(node: URIRef, kind: str, summary, only: set | None = None) -> list[tuple]:
    """An event node's triples to its role entities, articles and evidence spans (those named
    in ``only``, as ``(part, key)``, when given: ``("role", role, "name<TAB>type")``,
    ``("article", id)``, ``("evidence", IRI)``)."""
    triples = []
    for role, bucket in summary.roles.items():
        prop = SUPPORT_WEAPON if (kind == "Support" and role == "weapon") else ROLE_PROPERTIES[role]
        for key in bucket:
            if only is None or ("role", role, key) in only:
                triples.append((node, prop, entity_iri(Entity(*key.split("\t")))))
    triples += [(node, KGO.reportedIn, article_iri(a)) for a in summary.articles if only is None or ("article", a) in only]
    triples += [(node, PROV.wasDerivedFrom, URIRef(e)) for e in summary.evidence if only is None or ("evidence", e) in only]
    return triples


def report_links(node: URIRef, report: URIRef, grade: str) -> list[tuple]:
    """The links between an event and one of its reports, and the report's grade."""
    return [(node, KGO.report, report), (report, KGO.reportOf, node), (report, KGO.grade, KGO[grade])]


def add_event(graph: Graph, event: Event) -> URIRef:
    """An event node (``kgo:StrikeEvent`` …): the union of its reports' roles, every article
    and evidence span, a link to each report (``kgo:report`` / ``kgo:reportOf``), and its grade."""
    from .merge import summarize

    node = event_iri(event)
    summary = summarize(event)
    for triple in event_head(node, event.kind, event.rule.describe(), summary, event.grade, event.grade_rule):
        graph.add(triple)
    for triple in event_links(node, event.kind, summary):
        graph.add(triple)
    for report in event.reports:
        for triple in report_links(node, fact_iri(report.fact), event.grade):
            graph.add(triple)
    return node


def events_graph(events: list[Event]) -> Graph:
    """Every event, its links to its reports and their grades: the ``kgr:graph/events`` graph."""
    graph = new_graph()
    for event in events:
        add_event(graph, event)
    return graph


def merged_graph(extractions: list[Extraction], events: list[Event] | None = None) -> Graph:
    """Every article's triples and the events in one plain graph (what ``graph.ttl`` holds):
    the same triples as ``union_graph(build_dataset(...))`` at a fraction of the time and memory."""
    graph = new_graph()
    for extraction in extractions:
        add_extraction(graph, extraction)
    for event in events or []:
        add_event(graph, event)
    return graph


def build_dataset(extractions: list[Extraction], events: list[Event] | None = None) -> Dataset:
    """One named graph per article (``kgr:graph/<article>``), and the events assembled across
    articles in ``kgr:graph/events`` (derived data: rebuilt from the articles on every build)."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    for extraction in extractions:
        named = dataset.graph(article_graph_iri(extraction.article.id))
        for triple in article_graph(extraction):
            named.add(triple)
    if events:
        named = dataset.graph(EVENTS_GRAPH)
        for triple in events_graph(events):
            named.add(triple)
    return dataset


def union_graph(dataset: Dataset) -> Graph:
    """All named graphs merged into one plain graph (what ``graph.ttl`` holds)."""
    graph = new_graph()
    for quad in dataset.quads((None, None, None, None)):
        graph.add(quad[:3])
    return graph
