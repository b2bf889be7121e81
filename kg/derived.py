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
  same, such as a strike's attacker): each article's reports of that key (JSON) and the
  events formed from them, with a signature (IRI and grade). Reports of different keys
  never share an event, so only the keys the pending articles' reports (old or new) touch
  are clustered again, and only the events that changed are deleted and written;
- the inputs of :func:`kg.extract.claims.affiliations` (memberships and state names,
  per article) with the value in force for each, so who speaks for whom is looked up
  actor by actor, and which of them each actor's answer read. When a pending article
  changes a value in force, the actors whose answer read it are looked up again; for
  those that now speak for someone else, the articles whose claims they complete are
  completed again and the cluster keys of their claims are clustered again (grades).

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
                    graph_digest, rdflib_triples, replace_article_graph)

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
REPORTS = ox.NamedNode(_D + "reports")      # part → the article's reports of that key (JSON)
CLAIMANT = ox.NamedNode(_D + "claimant")    # part → an actor node claiming one of its reports
KIND = ox.NamedNode(_D + "kind")            # cluster key → the kind it groups
EVENT = ox.NamedNode(_D + "event")          # cluster key → "event IRI grade-signature"
AFFIL = ox.NamedNode(_D + "affil")          # article graph → a membership or state-name node it feeds
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


def _rules_id(rules) -> str:
    from .merge import DEFAULT_RULES, MERGED_KINDS

    chosen = {**DEFAULT_RULES, **(rules or {})}
    return " | ".join(repr(chosen[k]) for k in MERGED_KINDS)


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

def _parts(extraction, rules) -> dict[str, tuple[str, str, set]]:
    """{cluster key IRI: (kind, JSON of the article's reports of that key, their claimants)}, from a
    completed extraction."""
    from .merge import DEFAULT_RULES, MERGED_KINDS, _key
    from .model import Extraction
    from .serialize import extraction_to_json

    chosen = {**DEFAULT_RULES, **(rules or {})}
    grouped: dict[str, tuple[str, list]] = {}
    for fact in extraction.facts:
        if fact.kind in MERGED_KINDS:
            key = json.dumps([fact.kind, _key(fact, chosen[fact.kind])], ensure_ascii=False)
            grouped.setdefault(_node("cluster", key), (fact.kind, []))[1].append(fact)
    return {ck: (kind, extraction_to_json(Extraction(extraction.article, [], facts)),
                 {c for f in facts for c in f.role("claimed_by")})
            for ck, (kind, facts) in grouped.items()}


def _part_lines(iri: str, parts: dict) -> list[str]:
    lines = []
    for ck, (kind, data, claimants) in parts.items():
        part = f"<{_node('part', ck, iri)}>"
        lines += [f"<{iri}> {PART} {part} .", f"{part} {CLUSTER} <{ck}> .", f"{part} {REPORTS} {_lit(data)} .",
                  f"<{ck}> {KIND} {_lit(kind)} ."]
        lines += [f"{part} {CLAIMANT} <{_actor_node(c)}> ." for c in claimants]
    return lines


def _event_signature(event) -> str:
    from .build import event_iri

    return f"{event_iri(event)} {_sha(event.grade_rule)}"


def _cluster_key_events(kind: str, parts: list[str], speaks_for) -> list:
    """The graded events of one cluster key from its report parts (JSON), as :func:`kg.merge.merge` makes them."""
    from .merge import DEFAULT_RULES, Report, _distinct, cluster, grade, union_roles
    from .serialize import extraction_from_json

    extractions = sorted((extraction_from_json(p) for p in parts), key=lambda x: x.article.id)
    reports = _distinct([Report(f, x.article) for x in extractions for f in x.facts])
    events = cluster(reports, DEFAULT_RULES[kind])
    for event in events:
        event.roles = union_roles(event)
        event.grade, event.grade_rule = grade(event, speaks_for)
    return events


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
    from .merge import DEFAULT_RULES, _key

    chosen = {**DEFAULT_RULES, **(rules or {})}
    lines = [f"{_STATE_NODE} {RULES} {_lit(_rules_id(rules))} ."]
    entries: dict[str, list[str]] = {}
    for (iri, plain), done in zip(stored, completed):
        lines += _part_lines(iri, _parts(done, rules))
        lines += [f"<{iri}> {SELF_CLAIMANT} <{_actor_node(c)}> ." for c in _self_claimants(plain)]
        for node, value in _affiliation_inputs(plain).items():
            entries.setdefault(node, []).append(f"{plain.article.id}\t{iri}\t{value}")
            lines.append(f"<{iri}> {AFFIL} <{node}> .")
    in_force = {node: _pick(node, values) for node, values in entries.items()}
    for node, values in entries.items():
        lines += [f"<{node}> {ENTRY} {_lit(v)} ." for v in values] + [f"<{node}> {IN_FORCE} {_lit(in_force[node])} ."]
    speaks_for = Affiliations(in_force.get)
    for (_, plain), done in zip(stored, completed):
        for actor in _self_claimants(plain) | {c for f in done.facts for c in f.role("claimed_by")}:
            speaks_for.get(actor)
    lines += speaks_for.records()[1]
    for event in events:
        key = json.dumps([event.kind, _key(event.facts[0], chosen[event.kind])], ensure_ascii=False)
        lines.append(f"<{_node('cluster', key)}> {EVENT} {_lit(_event_signature(event))} .")
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
    affected = _affected_actors(store, changed_nodes, speaks_for)
    redo = sorted({iri for actor in affected for iri in _subjects(store, SELF_CLAIMANT, actor)} - set(pending))
    more_meta, more_plain = _load(store, redo)
    meta.update(more_meta)
    plain.update(more_plain)
    done = {iri: complete_claims([x], speaks_for)[0] for iri, x in plain.items()}
    result = RefreshResult(len(pending), 0, full=False)
    for iri, x in plain.items():
        if _sync_article_graph(store, iri, x, done[iri], meta[iri]):
            result.rewritten.append(iri)
    extra_keys = {_objects(store, part, CLUSTER)[0] for actor in affected for part in _subjects(store, CLAIMANT, actor)}
    dirty = pending + redo
    for iri in dirty:
        writes.append(f"DELETE WHERE {{ GRAPH {DERIVED_GRAPH} {{ <{iri}> {SELF_CLAIMANT} ?c }} }}")
    claims = [f"<{iri}> {SELF_CLAIMANT} <{_actor_node(c)}> ." for iri, x in plain.items() for c in _self_claimants(x)]
    result.events, changed = _update_events(store, dirty, pending, {iri: _parts(x, None) for iri, x in done.items()},
                                            extra_keys, speaks_for, writes, claims)
    if changed:
        from .build import EVENTS_GRAPH

        result.rewritten.append(str(EVENTS_GRAPH))
    return result


def _affiliation_changes(store: ox.Store, pending: list[str], plain: dict) -> tuple[list[str], dict, set]:
    """The pending articles' new affiliation entries: (SPARQL Update parts writing them,
    {node: entry now in force} for the nodes they touch, the nodes whose value in force changed)."""
    old = {iri: _objects(store, iri, AFFIL) for iri in pending}
    new = {iri: _affiliation_inputs(x) for iri, x in plain.items()}
    touched = sorted({n for nodes in old.values() for n in nodes} | {n for found in new.values() for n in found})
    gone = {(n, e) for iri in pending for n in old[iri] for e in _objects(store, n, ENTRY) if e.split("\t", 2)[1] == iri}
    entries = {n: [e for e in _objects(store, n, ENTRY) if (n, e) not in gone] for n in touched}
    fresh = [(n, "\t".join((plain[iri].article.id, iri, v))) for iri, found in new.items() for n, v in found.items()]
    for node, entry in fresh:
        entries[node].append(entry)
    deletes = [f"<{iri}> {AFFIL} <{n}> ." for iri in pending for n in old[iri]] + [f"<{n}> {ENTRY} {_lit(e)} ." for n, e in gone]
    inserts = [f"<{iri}> {AFFIL} <{n}> ." for iri, found in new.items() for n in found] + \
              [f"<{n}> {ENTRY} {_lit(e)} ." for n, e in fresh]
    overlay, changed = {}, set()
    for node in touched:
        before = next(iter(_objects(store, node, IN_FORCE)), None)
        overlay[node] = _pick(node, entries[node])
        if _value(before) != _value(overlay[node]):
            changed.add(node)
        deletes += [f"<{node}> {IN_FORCE} {_lit(before)} ."] if before else []
        inserts += [f"<{node}> {IN_FORCE} {_lit(overlay[node])} ."] if overlay[node] else []
    return ([f"DELETE DATA {{ GRAPH {DERIVED_GRAPH} {{ {' '.join(deletes)} }} }}",
             f"INSERT DATA {{ GRAPH {DERIVED_GRAPH} {{ {' '.join(inserts)} }} }}"], overlay, changed)


def _affected_actors(store: ox.Store, nodes: set, speaks_for: Affiliations) -> set[str]:
    """The actor nodes whose affiliation read one of ``nodes`` and now comes out differently."""
    affected = set()
    for actor in {a for node in nodes for a in _objects(store, node, CONSULTED)}:
        entity = _entity(_objects(store, actor, ACTOR)[0])
        answer = speaks_for.get(entity)
        if [_entity_json(answer)] != _objects(store, actor, SPEAKS_FOR):
            affected.add(actor)
    return affected


def _update_events(store: ox.Store, dirty: list[str], pending: list[str], new_parts: dict, extra_keys: set,
                   speaks_for: Affiliations, writes: list[str], claims: list[str]) -> tuple[int, bool]:
    """Cluster again the keys the dirty articles' reports touch (and ``extra_keys``); write the
    events that changed, the dirty articles' parts, ``writes`` and ``claims``, and clear the
    pending marks, all in one transaction. Returns (events in those keys, whether the events graph changed)."""
    from .build import EVENTS_GRAPH, KGO, events_graph

    old_parts = {iri: _objects(store, iri, PART) for iri in dirty}
    stale = {part for parts in old_parts.values() for part in parts}
    touched = {ck: None for ck in extra_keys}
    touched.update({_objects(store, part, CLUSTER)[0]: None for part in stale})
    touched = {ck: _objects(store, ck, KIND)[0] for ck in touched}
    for parts in new_parts.values():
        touched.update({ck: kind for ck, (kind, *_) in parts.items()})
    removed, added, count = [], [], 0
    for ck, kind in sorted(touched.items()):
        data = [_objects(store, part, REPORTS)[0] for part in _subjects(store, CLUSTER, ck) if part not in stale]
        data += [parts[ck][1] for parts in new_parts.values() if ck in parts]
        events = _cluster_key_events(kind, data, speaks_for) if data else []
        count += len(events)
        now = {_event_signature(e): e for e in events}
        before = set(_objects(store, ck, EVENT))
        removed += [(ck, sig) for sig in sorted(before - set(now))]
        added += [(ck, sig, now[sig]) for sig in sorted(set(now) - before)]
    ev = ox.NamedNode(str(EVENTS_GRAPH))
    gone = " ".join(f"<{sig.split(' ', 1)[0]}>" for _, sig in removed)
    where = f"VALUES ?e {{ {gone} }} GRAPH {ev} {{ {{ ?e ?p ?o BIND(?e AS ?s) }} UNION {{ ?e <{KGO.report}> ?s . ?s ?p ?o }} }}"
    data = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in rdflib_triples(events_graph([e for *_, e in added])))
    records_out, records_in = speaks_for.records()
    state_out = [f"<{ck}> {EVENT} {_lit(sig)} ." for ck, sig in removed]
    state_in = [f"<{ck}> {EVENT} {_lit(sig)} ." for ck, sig, _ in added] + claims + records_in
    state_in += [line for iri, parts in new_parts.items() for line in _part_lines(iri, parts)]
    marks = " ".join(f"{PENDING_NODE} {PENDING} <{iri}> ." for iri in pending)
    updates = writes + records_out
    updates += [f"DELETE WHERE {{ GRAPH {DERIVED_GRAPH} {{ <{iri}> {PART} ?part . ?part ?p ?o }} }}" for iri in dirty if old_parts[iri]]
    if removed:
        updates += [f"DELETE {{ ?s ?p ?o }} WHERE {{ {where} FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {ev}) }} }}",
                    f"DELETE {{ GRAPH {ev} {{ ?s ?p ?o }} }} WHERE {{ {where} }}"]
    updates += [f"DELETE DATA {{ GRAPH {DERIVED_GRAPH} {{ {' '.join(state_out)} }} GRAPH {META_GRAPH} {{ {marks} }} }}",
                f"DELETE WHERE {{ GRAPH {META_GRAPH} {{ {ev} {GRAPH_DIGEST} ?digest }} }}",
                f"INSERT DATA {{ GRAPH {DERIVED_GRAPH} {{ {chr(10).join(state_in)} }} GRAPH {ev} {{ {data} }} {data} }}"]
    store.update(" ;\n".join(updates))
    return count, bool(removed or added)
