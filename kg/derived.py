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

**Incremental refresh.** Ingest and removal mark the article as pending (in the metadata
graph, in the same transaction as the article's graph). A refresh then works on the
pending articles only, from what the graph ``urn:x-kg:store:derived`` keeps:

- per *cluster key* (a kind and the roles :class:`kg.merge.MergeRule` requires to be the
  same, such as a strike's attacker): each article's reports of that key, and for each report
  its data (JSON), its position in :func:`kg.merge.cluster`'s order, its event, and entries in
  *slots* by key, anchor (target, place, "dated", "free") and day, and one in its event's
  member list (on its founder). An entry holds the report's position, days, event and compact
  view (:func:`kg.replay.view_text`: its key, targets and places, whether it is dated), so the
  replay decides reports and marks events dirty from entries alone, reading a report's data
  only to change an event's summary. An event's state sits on
  its founder (first report), or, for a key that is one event (supports, alliances), on a node
  of the key: its IRI, grade, grade rule and a :class:`kg.merge.Summary` (counts of its sources,
  articles, evidence, dates and role entities). Reports of different keys never share an
  event, so only the keys the pending articles' reports (old or new) touch are worked on;
  within a key :func:`kg.replay.replay` decides again only the reports whose event can change
  (a key that is one event needs no replay). An event keeps its IRI while its founder stays
  (:func:`kg.build.event_iri`), so a report joining or leaving changes the summary by that
  report alone, and only the triples that differ are deleted and inserted; the event's other
  reports are not read back;
- the inputs of :func:`kg.extract.claims.affiliations` (memberships and state names,
  per article) with the value in force for each, so who speaks for whom is looked up
  actor by actor, and which of them each actor's answer read. When a pending article
  changes a value in force, the actors whose answer read it are looked up again; for
  those that now speak for someone else, the articles whose claims they complete are
  completed again and the events holding their claims are graded again.

``refresh_events(store, full=True)`` recomputes everything from the stored extractions and
rebuilds that state (recovery; also used when the state is missing or other rules are given).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import KGError
from .store import (ARTICLE_ID, DERIVED_GRAPH, GRAPH_DIGEST, HASH, META_GRAPH, PENDING, PENDING_NODE, STORE_NS,
                    graph_digest, nt_lines, rdflib_triples, replace_article_graph)

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
    full: bool = True  # False: only the pending articles' cluster keys were worked on
    decided: int = 0  # incremental: reports whose event was decided again (kg.replay)
    read: int = 0  # incremental: stored reports read back (decided again, or joining, leaving or founding an event)
    ruled_out: int = 0  # incremental: reports queued for the replay but kept in their event by their days, unread


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


_D = STORE_NS + "derived:"
_STATE_NODE = ox.NamedNode(_D + "state")
RULES = ox.NamedNode(_D + "rules")          # state node → the merge rules the state was built with
PART = ox.NamedNode(_D + "part")            # article graph → one of its per-key report parts
CLUSTER = ox.NamedNode(_D + "cluster")      # part → its cluster key
REPORT = ox.NamedNode(_D + "report")        # part → one of the article's reports of that key
DATA = ox.NamedNode(_D + "data")            # report → "index<TAB>the report as a one-fact extraction (JSON)"
IN = ox.NamedNode(_D + "in")                # report → the founder (first report) of its event
POSITION = ox.NamedNode(_D + "position")    # report → its position in cluster's order (JSON, kg.replay.Item.order)
SIGNATURE = ox.NamedNode(_D + "signature")  # event node → "IRI<TAB>grade<TAB>summary JSON<TAB>grade rule" (_EventState)
SLOT = ox.NamedNode(_D + "slot")            # slot (key, lookup, day) → a report's entry (_entry)
MEMBER = ox.NamedNode(_D + "member")        # founder → the entry (_entry) of one of its event's reports
CLAIMANT = ox.NamedNode(_D + "claimant")    # part → an actor node claiming one of its reports
KIND = ox.NamedNode(_D + "kind")            # cluster key → the kind it groups
AFFIL = ox.NamedNode(_D + "affil")          # article graph → "node<TAB>its entry": a membership or state-name node it feeds
SELF_CLAIMANT = ox.NamedNode(_D + "selfClaimant")  # article graph → actor node of a claim to complete
ENTRY = ox.NamedNode(_D + "entry")          # node → "article id<TAB>article graph<TAB>entity JSON"
IN_FORCE = ox.NamedNode(_D + "inForce")     # node → the entry in force (first member entry, last state name)
ACTOR = ox.NamedNode(_D + "actor")          # actor node → the actor (entity JSON)
SPEAKS_FOR = ox.NamedNode(_D + "speaksFor")  # actor node → whom it speaks for (entity JSON)
CONSULTED = ox.NamedNode(_D + "consultedBy")  # node → actor node whose affiliation read it


def _sha(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def _entity_json(entity) -> str:
    return json.dumps([entity.name, entity.type, entity.generic, sorted(entity.aliases)], ensure_ascii=False)


def _entity(data: str):
    from .model import Entity

    name, type_, generic, aliases = json.loads(data)
    return Entity(name, type_, generic, frozenset(aliases))


def _lit(value: str) -> str:
    return str(ox.Literal(value))


STATE_VERSION = "replay-5"  # a store whose state has another version gets a full refresh


def _rules_id(rules) -> str:
    """The rules as a string that is the same in every process (a frozenset's repr is not:
    its order follows the string hashes, which Python salts per process)."""
    from dataclasses import fields

    from .merge import DEFAULT_RULES, MERGED_KINDS

    chosen = {**DEFAULT_RULES, **(rules or {})}

    def canonical(rule) -> str:
        values = {f.name: getattr(rule, f.name) for f in fields(rule)}
        return repr({k: sorted(v) if isinstance(v, frozenset) else v for k, v in values.items()})

    return " | ".join([STATE_VERSION] + [canonical(chosen[k]) for k in MERGED_KINDS])


def _node(kind: str, *parts: str) -> str:
    return f"{_D}{kind}/{_sha(*parts)}"


def _member_node(entity) -> str:
    return _node("member", entity.name, entity.type)  # entities are equal by name and type


def _surface_node(surface: str) -> str:
    return _node("surface", surface)


def _actor_node(entity) -> str:
    return _node("actor", entity.name, entity.type)


# ---------------------------------------------------------------- who speaks for whom

def _affiliation_inputs(extraction) -> dict[str, str]:
    """{node IRI: entity JSON} this article feeds to :func:`kg.extract.claims.affiliations`:
    each member's first group, and each state name form's first state (as that function reads them)."""
    from .extract.claims import _state_by_surface

    found: dict[str, str] = {}
    for fact in extraction.facts:
        if fact.kind == "Membership":
            for member in fact.role("member"):
                for group in fact.role("group"):
                    found.setdefault(_member_node(member), _entity_json(group))
    for surface, state in _state_by_surface(extraction.mentions).items():
        found[_surface_node(surface)] = _entity_json(state)
    return found


def _pick(node: str, entries: list[str]) -> str | None:
    """The entry in force: a member's first article's group, a state name's last article's state (by article id)."""
    if not entries:
        return None
    key = lambda e: e.split("\t", 1)[0]  # noqa: E731
    return min(entries, key=key) if node.startswith(_D + "member/") else max(entries, key=key)


def _value(entry: str | None) -> str | None:
    return entry.split("\t", 2)[2] if entry else None


class Affiliations:
    """Who an actor speaks for, as :func:`kg.extract.claims.affiliations` says over all stored
    articles, looked up actor by actor in the entries in force (``in_force(node)``). Records
    which nodes each answer read, so a later change to one of them finds the actors it affects."""

    def __init__(self, in_force) -> None:
        self.in_force = in_force
        self.answers: dict = {}
        self.consulted: dict = {}

    def get(self, actor):
        """The attacker-type actor ``actor`` speaks for (None when it is not an actor)."""
        from .extract.rules import ATTACKER_TYPES

        if not actor.is_actor:
            return None
        if actor not in self.answers:
            current, seen, nodes = actor, set(), []
            while current.type not in ATTACKER_TYPES and current not in seen:
                seen.add(current)
                nodes.append(_member_node(current))
                found = _value(self.in_force(nodes[-1]))
                if found is None:
                    nodes.append(_surface_node(current.name.split(" ", 1)[0].lower()))
                    found = _value(self.in_force(nodes[-1]))
                current = _entity(found) if found else current
            self.answers[actor] = current if current.type in ATTACKER_TYPES else actor
            self.consulted[actor] = nodes
        return self.answers[actor]

    def records(self) -> tuple[list[str], list[str]]:
        """(SPARQL Update parts deleting the old records of the actors answered, triples of the new)."""
        deletes, lines = [], []
        for actor, answer in self.answers.items():
            node = _actor_node(actor)
            deletes += [f"DELETE WHERE {{ GRAPH {DERIVED_GRAPH} {{ ?n {CONSULTED} <{node}> }} }}",
                        f"DELETE WHERE {{ GRAPH {DERIVED_GRAPH} {{ <{node}> {SPEAKS_FOR} ?x }} }}"]
            lines += [f"<{node}> {ACTOR} {_lit(_entity_json(actor))} .", f"<{node}> {SPEAKS_FOR} {_lit(_entity_json(answer))} ."]
            lines += [f"<{n}> {CONSULTED} <{node}> ." for n in self.consulted[actor]]
        return deletes, lines


def _self_claimants(extraction) -> set:
    """The claimants of the claims :func:`kg.extract.claims.complete_claims` may complete."""
    return {f.role("claimed_by")[0] for f in extraction.facts if f.extra.get("self_claim") and f.role("claimed_by")}


# ---------------------------------------------------------------- per-key report parts

@dataclass
class _Part:
    """An article's reports of one cluster key: as the replay sees them, as stored, and their claimants."""

    kind: str
    items: list = field(default_factory=list)  # kg.replay.Item, ids are the reports' nodes
    data: dict[str, str] = field(default_factory=dict)  # report node → its DATA value
    claimants: set = field(default_factory=set)


def _rule(kind: str, rules=None):
    from .merge import DEFAULT_RULES

    return {**DEFAULT_RULES, **(rules or {})}[kind]


def _parts(extraction, iri: str, rules=None) -> dict[str, _Part]:
    """{cluster key IRI: the article's reports of that key}, from a completed extraction. A
    report's node is named by its key, article and content, so an unchanged report keeps it."""
    from .merge import MERGED_KINDS, Report, _distinct, _key
    from .model import Extraction
    from .replay import make_item
    from .serialize import extraction_to_json

    grouped: dict[str, tuple[str, list]] = {}
    for fact in extraction.facts:
        if fact.kind in MERGED_KINDS:
            key = json.dumps([fact.kind, _key(fact, _rule(fact.kind, rules))], ensure_ascii=False)
            grouped.setdefault(_node("cluster", key), (fact.kind, []))[1].append(fact)
    parts = {}
    for ck, (kind, facts) in grouped.items():
        part = parts[ck] = _Part(kind, claimants={c for f in facts for c in f.role("claimed_by")})
        for index, report in enumerate(_distinct([Report(f, extraction.article) for f in facts])):
            value = f"{index}\t{extraction_to_json(Extraction(extraction.article, [], [report.fact]))}"
            node = _node("report", ck, iri, value)
            part.items.append(make_item(node, report, _rule(kind, rules), index))
            part.data[node] = value
    return parts


def _part_lines(iri: str, parts: dict[str, _Part]) -> list[str]:
    """The parts' nodes: key, kind, claimants and the links to their reports (not the reports)."""
    lines = []
    for ck, p in parts.items():
        part = f"<{_node('part', ck, iri)}>"
        lines += [f"<{iri}> {PART} {part} .", f"{part} {CLUSTER} <{ck}> .", f"<{ck}> {KIND} {_lit(p.kind)} ."]
        lines += [f"{part} {CLAIMANT} <{_actor_node(c)}> ." for c in p.claimants]
        lines += [f"{part} {REPORT} <{item.id}> ." for item in p.items]
    return lines


def _slot_node(ck: str, slot: tuple) -> str:
    return _node("slot", ck, json.dumps(slot, ensure_ascii=False))


def _report_lines(ck: str, item, value: str, founder: str, rule) -> list[str]:
    """A report's own state: its data, its position, and where it is (:func:`_placement_lines`)."""
    return ([f"<{item.id}> {DATA} {_lit(value)} .", f"<{item.id}> {POSITION} {_lit(json.dumps(item.order, ensure_ascii=False))} ."]
            + _placement_lines(ck, item, founder, rule))


def _placement_lines(ck: str, item, founder: str, rule) -> list[str]:
    """A report's event (founder), and its entries in the key's slots (which name the event too,
    so a lookup needs no second read): rewritten when the report moves to another event."""
    from .merge import one_event_per_key
    from .replay import filed, slots

    if one_event_per_key(rule):  # never replayed: the key is one event
        return [f"<{item.id}> {IN} <{founder}> ."]
    entry = _lit(_entry(item, founder, rule))
    return [f"<{item.id}> {IN} <{founder}> .", f"<{founder}> {MEMBER} {entry} ."] + [f"<{_slot_node(ck, slot)}> {SLOT} {entry} ." for lookup in filed(item, rule)
                                                  for slot in slots(lookup, item.interval)]


def _entry(item, founder: str, rule) -> str:
    """A report as a slot or an event's member list keeps it: "position JSON<TAB>first day<TAB>last
    day<TAB>report<TAB>founder<TAB>view" (the view: :func:`kg.replay.view_text`), so the replay
    decides it without reading the report itself."""
    from .replay import view_text

    days = item.interval or ("", "")
    return f"{json.dumps(item.order, ensure_ascii=False)}\t{days[0]}\t{days[1]}\t{item.id}\t{founder}\t{view_text(item, rule)}"


class _StoreRun:
    """The stored run of one cluster key (a :class:`kg.replay.Run`), read from the store on demand."""

    def __init__(self, store: ox.Store, ck: str, rule) -> None:
        self.store, self.ck, self.rule = store, ck, rule
        self.items: dict = {}
        self.values: dict[str, str] = {}
        self.slots: dict[tuple, list] = {}  # the store does not change during a replay: read each slot once
        self.events: dict[str, str] = {}
        self.orders: dict[str, tuple] = {}
        self.entries: dict[str, tuple] = {}  # report → (days, view text), from the entries read
        self.views: dict = {}
        self.groups: dict[str, list[str]] = {}

    def _read(self, text: str) -> tuple[tuple, tuple | None, str]:
        """(position, days, report) of an entry (:func:`_entry`), remembering its event and view."""
        order, first, last, id, founder, view = text.split("\t", 5)
        known = self.orders.get(id)
        if known is None:  # a report has an entry in many slots: parse its position once
            known = self.orders[id] = tuple(json.loads(order))
        days = (int(first), int(last)) if first else None
        self.events[id] = founder
        if id not in self.entries:
            self.entries[id] = days, view
        return known, days, id

    def _slot(self, slot: tuple) -> list[tuple]:
        entries = self.slots.get(slot)
        if entries is None:
            quads = self.store.quads_for_pattern(ox.NamedNode(_slot_node(self.ck, slot)), SLOT, None, DERIVED_GRAPH)
            entries = self.slots[slot] = [self._read(quad.object.value) for quad in quads]
        return entries

    def linked(self, lookups, days, between=None):
        from .replay import search_slots

        window = self.rule.window_days
        if window is not None and days is None:
            return []  # nothing is close in time to a report that cannot be placed
        lo, hi = (days[0] - window, days[1] + window) if window is not None else (0, 0)
        first, last = between or ((), (float("inf"),))
        found = {}
        for lookup in lookups:
            for slot in search_slots(lookup, days, self.rule):
                for order, span, id in self._slot(slot):
                    # kg.replay.close, inlined: this loop runs over every entry of every slot searched
                    if first < order < last and id not in found and \
                            (window is None or (span is not None and span[0] <= hi and lo <= span[1])):
                        found[id] = order
        return [(order, id) for id, order in found.items()]

    def event(self, id):
        if id not in self.events:
            self.events[id] = _objects(self.store, id, IN)[0]
        return self.events[id]

    def members(self, founder):
        if founder not in self.groups:
            entries = [self._read(q.object.value) for q in
                       self.store.quads_for_pattern(ox.NamedNode(founder), MEMBER, None, DERIVED_GRAPH)]
            self.groups[founder] = [id for _, _, id in sorted(entries, key=lambda e: e[0])]
        return list(self.groups[founder])

    def view(self, id):
        """The report as the replay reads it: from its entry when one was read, else in full."""
        from .replay import view_item

        if id in self.items:
            return self.items[id]
        if id not in self.views:
            if id not in self.entries:
                return self.item(id)
            days, text = self.entries[id]
            self.views[id] = view_item(id, text, self.order(id), days)
        return self.views[id]

    def order(self, id) -> tuple:
        if id in self.items:
            return self.items[id].order
        if id not in self.orders:
            self.orders[id] = tuple(json.loads(_objects(self.store, id, POSITION)[0]))
        return self.orders[id]

    def value(self, id) -> str:
        if id not in self.values:
            self.values[id] = _objects(self.store, id, DATA)[0]
        return self.values[id]

    def item(self, id):
        from .merge import Report
        from .replay import make_item
        from .serialize import extraction_from_json

        if id not in self.items:
            index, data = self.value(id).split("\t", 1)
            x = extraction_from_json(data)
            self.items[id] = make_item(id, Report(x.facts[0], x.article), self.rule, int(index))
        return self.items[id]

    def everything(self):
        return [r for part in _subjects(self.store, CLUSTER, self.ck) for r in _objects(self.store, part, REPORT)]

    def state(self, node: str):
        """The stored state of the event whose state ``node`` holds (None: no such event)."""
        text = next(iter(_objects(self.store, node, SIGNATURE)), None)
        return _EventState.parse(text) if text else None


# ---------------------------------------------------------------- per-event state

def _event_node(ck: str, founder: str, rule) -> str:
    """The node holding an event's state (and that its reports' IN names): its founder, or for a
    key that is one event (:func:`kg.merge.one_event_per_key`) a node of the key, which never changes."""
    from .merge import one_event_per_key

    return _node("event", ck) if one_event_per_key(rule) else founder


def _summary(items):
    from .merge import Summary

    summary = Summary()
    for item in items:
        summary.add(item.report)
    return summary


@dataclass
class _EventState:
    """What the store keeps per event: its IRI, grade and grade rule, and its :class:`kg.merge.Summary`
    (so a report joining or leaving changes the event's triples without its other reports being read)."""

    iri: str
    grade: str
    grade_rule: str
    summary: str  # Summary.to_json()

    def text(self) -> str:
        return f"{self.iri}\t{self.grade}\t{self.summary}\t{self.grade_rule}"

    @classmethod
    def parse(cls, text: str) -> _EventState:
        iri, grade, summary, grade_rule = text.split("\t", 3)
        return cls(iri, grade, grade_rule, summary)


def _tags(item) -> set:
    """The event links (:func:`kg.build.event_links`) a report contributes to."""
    from .build import evidence_iri

    fact = item.report.fact
    return ({("role", role, f"{e.name}\t{e.type}") for role, entities in fact.roles.items() for e in entities}
            | {("article", item.report.article.id)} | {("evidence", str(evidence_iri(e))) for e in fact.evidence})


@dataclass
class _Change:
    """One event's change: triples to delete and insert (N-Triples lines), state lines out and in,
    and the IRI of an event that is gone altogether."""

    deletes: list[str] = field(default_factory=list)
    inserts: list[str] = field(default_factory=list)
    state_out: list[str] = field(default_factory=list)
    state_in: list[str] = field(default_factory=list)
    gone: str | None = None


def _event_change(run, kind: str, node: str, joining: list, leaving: list, everyone, speaks_for) -> _Change:
    """How the event whose state ``node`` holds changes when ``joining`` reports join it and
    ``leaving`` ones leave (none: it is graded again); ``everyone()`` gives all its reports now,
    read only when the event is new or its summary must be rebuilt. Only the triples that differ
    are deleted and inserted: an event keeps its IRI (see :func:`kg.build.event_iri`)."""
    from rdflib import URIRef

    from .build import (KGO, event_head, event_links, fact_iri, founded_event_iri, key_event_iri,
                        report_links)
    from .merge import Summary, _key, grade_of, one_event_per_key

    rule = run.rule
    old = run.state(node)
    change = _Change()
    if old is not None:
        summary = Summary.from_json(old.summary)
        for item in leaving:
            summary.add(item.report, -1)
        for item in joining:
            summary.add(item.report)
        change.state_out.append(f"<{node}> {SIGNATURE} {_lit(old.text())} .")
        if summary.reports == 0:
            change.gone = old.iri
            return change
        iri = old.iri
    else:
        items = everyone()
        if not items:
            return change
        summary = _summary(items)
        founder = next(i for i in items if i.id == node) if not one_event_per_key(rule) else items[0]
        iri = str(key_event_iri(kind, _key(founder.report.fact, rule)) if one_event_per_key(rule)
                  else founded_event_iri(founder.report.fact))
    grade, grade_rule = grade_of(kind, summary.ordered_roles(), summary.source_list(), speaks_for)
    now = _EventState(iri, grade, grade_rule, summary.to_json())
    if old is not None and now == old:
        change.state_out = []
        return change
    change.state_in.append(f"<{node}> {SIGNATURE} {_lit(now.text())} .")
    event = URIRef(iri)
    head = event_head(event, kind, rule.describe(), summary, grade, grade_rule)
    if old is None:
        change.inserts = nt_lines(head + event_links(event, kind, summary)
                             + [t for item in items for t in report_links(event, fact_iri(item.report.fact), grade)])
        return change
    before = Summary.from_json(old.summary)
    touched = set().union(*(_tags(item) for item in joining + leaving))
    old_triples = set(event_head(event, kind, rule.describe(), before, old.grade, old.grade_rule)
                      + event_links(event, kind, before, touched))
    new_triples = set(head + event_links(event, kind, summary, touched))
    old_triples.update(t for item in leaving for t in report_links(event, fact_iri(item.report.fact), old.grade))
    new_triples.update(t for item in joining for t in report_links(event, fact_iri(item.report.fact), grade))
    if grade != old.grade:  # every report that stays is graded again
        left = {fact_iri(item.report.fact) for item in leaving}
        from .build import EVENTS_GRAPH

        for quad in run.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(str(KGO.report)), None,
                                                ox.NamedNode(str(EVENTS_GRAPH))):
            report = URIRef(quad.object.value)
            if report not in left:
                old_triples.add((report, KGO.grade, KGO[old.grade]))
                new_triples.add((report, KGO.grade, KGO[grade]))
    change.deletes = nt_lines(list(old_triples - new_triples))
    change.inserts = nt_lines(list(new_triples - old_triples))
    return change


# ---------------------------------------------------------------- refresh

def refresh_events(store: ox.Store, rules=None, full: bool = False) -> RefreshResult:
    """Bring the store's cross-article data (completed claims, events) up to date (see the module).

    By default only what the articles ingested or removed since the last refresh touch is
    worked on; ``full`` (or other ``rules``, or a store without the incremental state)
    recomputes everything from all stored extractions. Both give the same graphs.
    """
    state = next(store.quads_for_pattern(_STATE_NODE, RULES, None, DERIVED_GRAPH), None)
    if full or rules is not None or state is None or state.object.value != _rules_id(None):
        return _full_refresh(store, rules)
    pending = sorted({q.object.value for q in store.quads_for_pattern(PENDING_NODE, PENDING, None, META_GRAPH)})
    if not pending:
        return RefreshResult(0, 0, full=False)
    return _incremental_refresh(store, pending)


def _sync_article_graph(store: ox.Store, iri: str, plain, done, facts: dict[str, str]) -> bool:
    """Rewrite one article graph from its completed extraction when that changes its triples."""
    from .build import article_graph
    from .serialize import extraction_to_json

    changed = any(a is not b for a, b in zip(plain.facts, done.facts))
    source = hashlib.sha256(extraction_to_json(done).encode("utf-8")).hexdigest() if changed else None
    if facts.get(COMPLETED.value) == source:
        return False  # the graph was built from this very extraction (or from the article alone)
    triples = rdflib_triples(article_graph(done))
    if graph_digest(triples) == facts.get(GRAPH_DIGEST.value):
        return False
    extra = {EXTRACTION: facts[EXTRACTION.value], **({COMPLETED: source} if changed else {})}
    replace_article_graph(store, iri, triples, facts[HASH.value], facts.get(ARTICLE_ID.value), meta=extra,
                          pending=False)
    return True


def _full_refresh(store: ox.Store, rules) -> RefreshResult:
    """Everything from all stored extractions; then the incremental state is built again."""
    from .build import EVENTS_GRAPH, events_graph
    from .merge import merge

    meta = _metadata(store)
    stored = stored_extractions(store)
    completed, events = merge([x for _, x in stored], rules)
    result = RefreshResult(len(stored), len(events))
    for (iri, plain), done in zip(stored, completed):
        if _sync_article_graph(store, iri, plain, done, meta[iri]):
            result.rewritten.append(iri)
    triples = rdflib_triples(events_graph(events))
    if graph_digest(triples) != meta.get(str(EVENTS_GRAPH), {}).get(GRAPH_DIGEST.value):
        replace_article_graph(store, str(EVENTS_GRAPH), triples, None, None)
        result.rewritten.append(str(EVENTS_GRAPH))
    _write_state(store, stored, completed, events, rules)
    return result


def _write_state(store: ox.Store, stored, completed, events, rules) -> None:
    """The incremental state from scratch, one transaction (pending marks cleared with it)."""
    lines = [f"{_STATE_NODE} {RULES} {_lit(_rules_id(rules))} ."]
    entries: dict[str, list[str]] = {}
    where: dict[int, tuple] = {}  # id(fact) → (cluster key, Item, DATA value)
    for (iri, plain), done in zip(stored, completed):
        parts = _parts(done, iri, rules)
        lines += _part_lines(iri, parts)
        where.update({id(item.report.fact): (ck, item, part.data[item.id]) for ck, part in parts.items() for item in part.items})
        lines += [f"<{iri}> {SELF_CLAIMANT} <{_actor_node(c)}> ." for c in _self_claimants(plain)]
        for node, value in _affiliation_inputs(plain).items():
            entry = f"{plain.article.id}\t{iri}\t{value}"
            entries.setdefault(node, []).append(entry)
            lines.append(f"<{iri}> {AFFIL} {_lit(node + chr(9) + entry)} .")
    in_force = {node: _pick(node, values) for node, values in entries.items()}
    for node, values in entries.items():
        lines += [f"<{node}> {ENTRY} {_lit(v)} ." for v in values] + [f"<{node}> {IN_FORCE} {_lit(in_force[node])} ."]
    speaks_for = Affiliations(in_force.get)
    for (_, plain), done in zip(stored, completed):
        for actor in _self_claimants(plain) | {c for f in done.facts for c in f.role("claimed_by")}:
            speaks_for.get(actor)
    lines += speaks_for.records()[1]
    from .build import event_iri

    for event in events:

        members = sorted((where[id(fact)] for fact in event.facts), key=lambda m: m[1].order)
        rule = _rule(event.kind, rules)
        node = _event_node(members[0][0], members[0][1].id, rule)
        state = _EventState(str(event_iri(event)), event.grade, event.grade_rule, _summary([m[1] for m in members]).to_json())
        lines.append(f"<{node}> {SIGNATURE} {_lit(state.text())} .")
        for ck, item, value in members:
            lines += _report_lines(ck, item, value, node, rule)
    body = "\n".join(lines)
    store.update(f"DROP SILENT GRAPH {DERIVED_GRAPH} ; DELETE WHERE {{ GRAPH {META_GRAPH} {{ {PENDING_NODE} ?p ?o }} }} ;"
                 f" INSERT DATA {{ GRAPH {DERIVED_GRAPH} {{ {body} }} }}")


def _article_meta(store: ox.Store, iri: str) -> dict[str, str]:
    return {q.predicate.value: q.object.value for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, META_GRAPH)}


def _objects(store: ox.Store, subject: str, predicate: ox.NamedNode) -> list[str]:
    return [q.object.value for q in store.quads_for_pattern(ox.NamedNode(subject), predicate, None, DERIVED_GRAPH)]


def _subjects(store: ox.Store, predicate: ox.NamedNode, obj: str) -> list[str]:
    return [q.subject.value for q in store.quads_for_pattern(None, predicate, ox.NamedNode(obj), DERIVED_GRAPH)]


def _load(store: ox.Store, iris) -> tuple[dict, dict]:
    """({graph IRI: metadata}, {graph IRI: stored Extraction}) of the articles still in the store."""
    from .serialize import extraction_from_json

    meta = {iri: _article_meta(store, iri) for iri in iris}
    for iri, facts in meta.items():
        if facts and EXTRACTION.value not in facts:
            raise KGError(iri, "no stored extraction (store made by an older kg: build it again)")
    return meta, {iri: extraction_from_json(m[EXTRACTION.value]) for iri, m in meta.items() if m}


def _incremental_refresh(store: ox.Store, pending: list[str]) -> RefreshResult:
    """Refresh for the pending articles (see the module): their affiliation entries, the
    actors whose affiliation that changes, the articles whose claims those actors complete,
    and the cluster keys all of these touch."""
    from .extract.claims import complete_claims

    meta, plain = _load(store, pending)
    writes, overlay, changed_nodes = _affiliation_changes(store, pending, plain)
    speaks_for = Affiliations(lambda node: overlay[node] if node in overlay else next(iter(_objects(store, node, IN_FORCE)), None))
    affected, regraded = _affected_actors(store, changed_nodes, speaks_for)
    redo = sorted({iri for actor in affected for iri in _subjects(store, SELF_CLAIMANT, actor)} - set(pending))
    more_meta, more_plain = _load(store, redo)
    meta.update(more_meta)
    plain.update(more_plain)
    done = {iri: complete_claims([x], speaks_for)[0] for iri, x in plain.items()}
    result = RefreshResult(len(pending), 0, full=False)
    for iri, x in plain.items():
        if _sync_article_graph(store, iri, x, done[iri], meta[iri]):
            result.rewritten.append(iri)
    dirty = pending + redo
    for iri in dirty:
        writes.append(f"DELETE WHERE {{ GRAPH {DERIVED_GRAPH} {{ <{iri}> {SELF_CLAIMANT} ?c }} }}")
    claims = [f"<{iri}> {SELF_CLAIMANT} <{_actor_node(c)}> ." for iri, x in plain.items() for c in _self_claimants(x)]
    result.events, result.decided, result.ruled_out, result.read, changed = _update_events(
        store, dirty, pending, {iri: _parts(x, iri) for iri, x in done.items()}, regraded, speaks_for, writes, claims)
    if changed:
        from .build import EVENTS_GRAPH

        result.rewritten.append(str(EVENTS_GRAPH))
    return result


def _affiliation_changes(store: ox.Store, pending: list[str], plain: dict) -> tuple[list[str], dict, set]:
    """The pending articles' new affiliation entries: (SPARQL Update parts writing them,
    {node: entry now in force} for the nodes they touch, the nodes whose value in force changed)."""
    old = {iri: [tuple(v.split("\t", 1)) for v in _objects(store, iri, AFFIL)] for iri in pending}
    new = {iri: _affiliation_inputs(x) for iri, x in plain.items()}
    gone = {pair for pairs in old.values() for pair in pairs}
    fresh = [(n, "\t".join((plain[iri].article.id, iri, v))) for iri, found in new.items() for n, v in found.items()]
    touched = sorted({n for n, _ in gone} | {n for n, _ in fresh})
    deletes = [f"<{iri}> {AFFIL} {_lit(n + chr(9) + e)} ." for iri in pending for n, e in old[iri]] + \
              [f"<{n}> {ENTRY} {_lit(e)} ." for n, e in gone]
    inserts = [f"<{iri}> {AFFIL} {_lit(n + chr(9) + e)} ." for iri in plain for n, e in fresh if e.split("\t", 2)[1] == iri] + \
              [f"<{n}> {ENTRY} {_lit(e)} ." for n, e in fresh]
    overlay, changed = {}, set()
    for node in touched:
        before = next(iter(_objects(store, node, IN_FORCE)), None)
        added = [e for n, e in fresh if n == node]
        if before is not None and (node, before) not in gone:  # it stays, so only the new entries can beat it
            overlay[node] = _pick(node, [before] + added)
        else:  # the entry in force goes: look through them all
            overlay[node] = _pick(node, [e for e in _objects(store, node, ENTRY) if (node, e) not in gone] + added)
        if _value(before) != _value(overlay[node]):
            changed.add(node)
        deletes += [f"<{node}> {IN_FORCE} {_lit(before)} ."] if before else []
        inserts += [f"<{node}> {IN_FORCE} {_lit(overlay[node])} ."] if overlay[node] else []
    return ([f"DELETE DATA {{ GRAPH {DERIVED_GRAPH} {{ {' '.join(deletes)} }} }}",
             f"INSERT DATA {{ GRAPH {DERIVED_GRAPH} {{ {' '.join(inserts)} }} }}"], overlay, changed)


def _affected_actors(store: ox.Store, nodes: set, speaks_for: Affiliations) -> tuple[set[str], set[str]]:
    """The actor nodes whose affiliation read one of ``nodes`` and now comes out differently:
    (those whose answer differs at all, those whose answer is another entity).

    The claims an actor completes take its answer whole (aliases too), so the first set's
    articles are completed again. A grade (:func:`kg.merge.grade_of`) only compares the answer
    with the attackers, and entities are equal by name and type, so only the second set's
    claims can change a grade: an answer that differs in its aliases alone (another article's
    state name taking over with the same state) grades nothing again."""
    affected, regraded = set(), set()
    for actor in {a for node in nodes for a in _objects(store, node, CONSULTED)}:
        entity = _entity(_objects(store, actor, ACTOR)[0])
        answer = speaks_for.get(entity)
        stored = _objects(store, actor, SPEAKS_FOR)
        if [_entity_json(answer)] != stored:
            affected.add(actor)
            if not stored or _entity(stored[0]) != answer:
                regraded.add(actor)
    return affected, regraded


def _update_events(store: ox.Store, dirty: list[str], pending: list[str], new_parts: dict, regraded: set,
                   speaks_for: Affiliations, writes: list[str], claims: list[str]) -> tuple[int, int, int, int, bool]:
    """Replay (:func:`kg.replay.replay`) the keys the dirty articles' reports touch, and grade again
    the events holding a claim by a ``regraded`` actor (one now speaking for another); write the events that changed, the reports'
    state, the dirty articles' parts, ``writes`` and ``claims``, and clear the pending marks, all in one
    transaction. Returns (events looked at, reports decided again, reports ruled out by their days,
    stored reports read back, whether the events graph changed)."""
    from .build import EVENTS_GRAPH, KGO
    from .merge import one_event_per_key
    from .replay import replay

    old_parts = {iri: _objects(store, iri, PART) for iri in dirty}
    removed: dict[str, list[str]] = {}
    for parts in old_parts.values():
        for part in parts:
            removed.setdefault(_objects(store, part, CLUSTER)[0], []).extend(_objects(store, part, REPORT))
    kinds = {ck: _objects(store, ck, KIND)[0] for ck in removed}
    inserted: dict[str, list] = {}
    values: dict[str, str] = {}
    for parts in new_parts.values():
        for ck, part in parts.items():
            kinds[ck] = part.kind
            inserted.setdefault(ck, []).extend(part.items)
            values.update(part.data)
    regrade: dict[str, set[str]] = {}  # key → founders of events holding a claim by an actor now speaking for another
    for part in {p for actor in regraded for p in _subjects(store, CLAIMANT, actor)}:
        ck = _objects(store, part, CLUSTER)[0]
        kinds.setdefault(ck, _objects(store, ck, KIND)[0])
        regrade.setdefault(ck, set()).update(_objects(store, r, IN)[0] for r in _objects(store, part, REPORT))
    changes: list[_Change] = []
    state_out, state_in = [], []
    looked = decided = ruled_out = read = 0
    for ck, kind in sorted(kinds.items()):
        rule = _rule(kind)
        run = _StoreRun(store, ck, rule)
        gone, fresh = [run.item(id) for id in removed.get(ck, [])], inserted.get(ck, [])
        kept = {i.id for i in gone} & {i.id for i in fresh}
        fresh_items = {i.id: i for i in fresh if i.id not in kept}
        events: dict[str, tuple] = {}  # event node → (reports joining, reports leaving, all its reports now)
        if one_event_per_key(rule):
            node, leaving = _event_node(ck, "", rule), [i for i in gone if i.id not in kept]
            decided += len(fresh_items)
            state_out += [line for i in leaving for line in _report_lines(ck, i, run.value(i.id), node, rule)]
            state_in += [line for i in fresh_items.values() for line in _report_lines(ck, i, values[i.id], node, rule)]
            if leaving or fresh_items or node in regrade.get(ck, set()):
                left = {i.id for i in leaving}
                events[node] = (list(fresh_items.values()), leaving,
                                lambda: [run.item(id) for id in run.everything() if id not in left] + list(fresh_items.values()))
        else:
            outcome = replay(run, rule, gone, fresh)
            decided += outcome.decided
            ruled_out += outcome.ruled_out
            for item in gone:
                if item.id not in kept:
                    state_out += _report_lines(ck, item, run.value(item.id), run.event(item.id), rule)
            for item in fresh_items.values():
                state_in += _report_lines(ck, item, values[item.id], outcome.moved[item.id], rule)
            for id, founder in outcome.moved.items():
                if id not in fresh_items:
                    state_out += _placement_lines(ck, run.view(id), run.event(id), rule)
                    state_in += _placement_lines(ck, run.view(id), founder, rule)
            for founder, members in outcome.events.items():
                before = set(run.members(founder)) if founder not in fresh_items else set()
                joining = [fresh_items.get(id) or run.item(id) for id in members if id not in before]
                leaving = [run.item(id) for id in sorted(before - set(members))]
                events[founder] = (joining, leaving, lambda m=members: [fresh_items.get(id) or run.item(id) for id in m])
            for founder in regrade.get(ck, set()) - set(events):
                events[founder] = ([], [], lambda f=founder: [run.item(id) for id in run.members(f)])
        for node, (joining, leaving, everyone) in sorted(events.items()):
            looked += 1
            change = _event_change(run, kind, node, joining, leaving, everyone, speaks_for)
            changes.append(change)
            state_out += change.state_out
            state_in += change.state_in
        read += len(run.items)
    ev = ox.NamedNode(str(EVENTS_GRAPH))
    gone_iris = " ".join(f"<{c.gone}>" for c in changes if c.gone)
    where = f"VALUES ?e {{ {gone_iris} }} GRAPH {ev} {{ {{ ?e ?p ?o BIND(?e AS ?s) }} UNION {{ ?e <{KGO.report}> ?s . ?s ?p ?o }} }}"
    deletes = "\n".join(line[:-2] for c in changes for line in c.deletes)  # without the final " ."
    inserts = "\n".join(line for c in changes for line in c.inserts)
    records_out, records_in = speaks_for.records()
    state_in += claims + records_in
    state_in += [line for iri, parts in new_parts.items() for line in _part_lines(iri, parts)]
    marks = " ".join(f"{PENDING_NODE} {PENDING} <{iri}> ." for iri in pending)
    updates = writes + records_out
    updates += [f"DELETE WHERE {{ GRAPH {DERIVED_GRAPH} {{ <{iri}> {PART} ?part . ?part ?p ?o }} }}" for iri in dirty if old_parts[iri]]
    if gone_iris:
        updates += [f"DELETE {{ ?s ?p ?o }} WHERE {{ {where} FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {ev}) }} }}",
                    f"DELETE {{ GRAPH {ev} {{ ?s ?p ?o }} }} WHERE {{ {where} }}"]
    if deletes:
        rows = " ".join(f"({line})" for line in deletes.split("\n"))
        updates += [f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} "
                    f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {ev}) }} }}",
                    f"DELETE DATA {{ GRAPH {ev} {{ {' .'.join(deletes.split(chr(10)))} }} }}"]
    updates += [f"DELETE DATA {{ GRAPH {DERIVED_GRAPH} {{ {chr(10).join(state_out)} }} GRAPH {META_GRAPH} {{ {marks} }} }}",
                f"DELETE WHERE {{ GRAPH {META_GRAPH} {{ {ev} {GRAPH_DIGEST} ?digest }} }}",
                f"INSERT DATA {{ GRAPH {DERIVED_GRAPH} {{ {chr(10).join(state_in)} }} GRAPH {ev} {{ {inserts} }} {inserts} }}"]
    store.update(" ;\n".join(updates))
    return looked, decided, ruled_out, read, bool(gone_iris or deletes or inserts)
