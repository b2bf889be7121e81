"""Replay: the events of one cluster key after reports are added or removed, deciding again
only the reports whose choice can change.

:func:`kg.merge.cluster` is greedy: reports are taken in :func:`kg.merge._order` and each joins
the first event, in creation order, that it fits, else founds one. An event is named here by
its founder (its first report), so the creation order is the founders' order. Whether a
report ``r`` fits an event depends only on the event's reports before ``r``, and only on
reports *linked* to ``r`` (:func:`_fits` demands one): the same key, close in time, and a
shared target, a shared specific place, or (``r`` a "free" report, naming neither) any
dated report. So, given the run before the change (each report's event):

- an event is *dirty* from the first report at which its reports differ from the stored run
  (a report added, removed, or deciding otherwise); once dirty it stays dirty;
- a report is decided again only if a report linked to it before it belongs (in the stored
  or the new run) to a dirty event: every old report of an event when it turns dirty, and
  every report that joins a dirty event, queues the later reports linked to it;
- any other report sees the same events, with the same reports before it, as in the stored
  run, so it makes the same choice. (A report decided again also only needs to try the
  dirty events founded before its stored event: the clean ones did not fit it before.)
- a queued report whose stored event is clean is not even read when its days (its position
  holds them) rule out every dirty event founded before its own (:meth:`_Replay.kept`).

The reports are taken in order from a heap, so each is decided after everything before it.
When the rule has neither anchors nor a time window (supports, alliances), every report of
the key joins its first event: the key is one event, and no replay is needed.
:class:`Run` is the stored run (in memory for tests, in the store for :mod:`kg.derived`).
Stored reports are decided from their compact views (:func:`view_item`: key, targets, places,
whether dated, with the position and days), which answer every question asked here as the
full report would; the store keeps a view in each of the report's entries, so deciding a report
or marking its event dirty reads no report data.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from .merge import MergeRule, Report, _interval, _key, _order, _places

LONG_DAYS = 7  # an interval at least this wide (a month, a year, undated) is filed by BUCKET_DAYS, not by day
BUCKET_DAYS = 32


@dataclass(frozen=True)
class Item:
    """One report as the replay sees it: an id, the report, and its position in ``cluster``'s order."""

    id: str
    report: Report
    order: tuple  # _order(report) then the report's index among its article's reports of the key
    interval: tuple[int, int] | None  # day ordinals; None when the rule cannot place it in time


def make_item(id: str, report: Report, rule: MergeRule, index: int) -> Item:
    """The :class:`Item` of ``report``, the ``index``-th of its article's reports of its key."""
    interval = _interval(report, rule) if rule.window_days is not None else None
    days = (interval[0].toordinal(), interval[1].toordinal()) if interval else None
    return Item(id, report, _order(report, rule) + (index,), days)


@dataclass(frozen=True)
class _ViewFact:
    """The part of a fact the replay reads: the roles of its key, targets and places, and
    whether it is dated (``date`` is True or None: the days themselves are in the position)."""

    roles: dict
    date: object

    def role(self, name: str) -> list:
        return self.roles.get(name, [])


@dataclass(frozen=True)
class _ViewReport:
    fact: _ViewFact


def _view_roles(rule: MergeRule) -> list[str]:
    return sorted({r for r in (rule.match, rule.near, *rule.same) if r})


def view_text(item: Item, rule: MergeRule) -> str:
    """A report's compact view (JSON): what deciding it reads besides its position and days, so a
    stored report is decided without reading and parsing its whole data (see :func:`view_item`)."""
    fact = item.report.fact
    roles = {r: [[e.name, e.type, e.generic] for e in fact.role(r)] for r in _view_roles(rule) if fact.role(r)}
    return json.dumps([1 if fact.date is not None else 0, roles], ensure_ascii=False, separators=(",", ":"))


def view_item(id: str, text: str, order: tuple, interval: tuple[int, int] | None) -> Item:
    """The :class:`Item` of a stored report from its view (:func:`view_text`), position and days:
    every function of this module answers for it as for the full report."""
    dated, roles = json.loads(text)
    fact = _ViewFact({r: [_entity(n, t, g) for n, t, g in es] for r, es in roles.items()}, True if dated else None)
    return Item(id, _ViewReport(fact), order, interval)


@lru_cache(maxsize=4096)
def _entity(name: str, type: str, generic: bool):
    """One Entity per name, type and flag (a store's reports name the same few again and again)."""
    from .model import Entity

    return Entity(name, type, generic)


def _entity_key(entity) -> tuple:
    return entity.name, entity.type  # entities are equal by name and type


def _targets(item: Item, rule: MergeRule) -> list[tuple]:
    return [("t",) + _entity_key(e) for e in item.report.fact.role(rule.match)] if rule.match else []


def _place_keys(item: Item, rule: MergeRule) -> list[tuple]:
    return [("p",) + _entity_key(e) for e in _places(item.report.fact, rule)]


def _is_free(item: Item, rule: MergeRule) -> bool:
    return bool(rule.match) and not _targets(item, rule) and not _place_keys(item, rule)


def filed(item: Item, rule: MergeRule) -> list[tuple]:
    """The lookups the report is filed under (by its key, and under a time window by day)."""
    if rule.window_days is not None and item.interval is None:
        return []  # nothing is ever close in time to it
    if rule.match is None:
        return [("all",)]
    dated = item.report.fact.date is not None
    return (_targets(item, rule) + _place_keys(item, rule) + ([("dated",)] if dated else [])
            + ([("free",)] if dated and _is_free(item, rule) else []))


def probes(item: Item, rule: MergeRule) -> list[tuple]:
    """Lookups finding every report ``item`` may be linked to before it (an event it may join holds one)."""
    if rule.window_days is not None and item.interval is None:
        return []
    if rule.match is None:
        return [("all",)]
    if item.report.fact.date is None:
        return _targets(item, rule)  # undated: only a shared target can place it
    return _targets(item, rule) + _place_keys(item, rule) + ([("dated",)] if _is_free(item, rule) else [])


def reaches(item: Item, rule: MergeRule) -> list[tuple]:
    """Lookups finding every later report that may be linked to ``item`` (the converse of :func:`probes`)."""
    if rule.window_days is not None and item.interval is None:
        return []
    if rule.match is None:
        return [("all",)]
    dated = item.report.fact.date is not None
    return _targets(item, rule) + _place_keys(item, rule) + ([("free",)] if dated else [])


def close(a: tuple[int, int] | None, b: tuple[int, int] | None, rule: MergeRule) -> bool:
    """Whether two reports' day intervals are within the rule's window (always, without one)."""
    if rule.window_days is None:
        return True
    return a is not None and b is not None and a[0] <= b[1] + rule.window_days and b[0] <= a[1] + rule.window_days


def slots(lookup: tuple, days: tuple[int, int] | None) -> list[tuple]:
    """Where a report filed under ``lookup`` over ``days`` is kept: one slot per day for a short
    interval, per BUCKET_DAYS days for a long one (None: the rule has no time window)."""
    if days is None:
        return [(lookup, None)]
    if days[1] - days[0] < LONG_DAYS:
        return [(lookup, ("d", d)) for d in range(days[0], days[1] + 1)]
    return [(lookup, ("b", b)) for b in range(days[0] // BUCKET_DAYS, days[1] // BUCKET_DAYS + 1)]


def search_slots(lookup: tuple, days: tuple[int, int] | None, rule: MergeRule) -> list[tuple]:
    """The slots that hold every report filed under ``lookup`` close in time to ``days``."""
    if rule.window_days is None:
        return [(lookup, None)]
    first, last = days[0] - rule.window_days, days[1] + rule.window_days
    return ([(lookup, ("d", d)) for d in range(first, last + 1)]
            + [(lookup, ("b", b)) for b in range(first // BUCKET_DAYS, last // BUCKET_DAYS + 1)])


class Run(Protocol):
    """The stored run of one cluster key: its reports, each one's event (named by its founder)."""

    def linked(self, lookups: list[tuple], days: tuple[int, int] | None,
               between: tuple | None = None) -> Iterable[tuple[tuple, str]]:
        """(order, id) of the stored reports filed under any of ``lookups`` close in time to ``days``
        (only those strictly between the two positions ``between``, when given)."""

    def event(self, id: str) -> str:
        """The founder of the stored report's event."""

    def members(self, founder: str) -> list[str]:
        """The stored reports of the event ``founder`` founded ([] when it founded none)."""

    def item(self, id: str) -> Item:
        """A stored report."""

    def view(self, id: str) -> Item:
        """A stored report as the replay reads it (:func:`view_item`), cheaper than the whole report."""

    def order(self, id: str) -> tuple:
        """A stored report's position (:attr:`Item.order`), cheaper than the whole report."""

    def everything(self) -> list[str]:
        """Every stored report of the key."""


@dataclass
class Outcome:
    """What changed: the new reports of every event that may have changed (keyed by founder; an
    empty list: the event is gone), each report whose event (founder) changed or that is new,
    and how many reports were decided again."""

    events: dict[str, list[str]] = field(default_factory=dict)
    moved: dict[str, str] = field(default_factory=dict)
    decided: int = 0
    ruled_out: int = 0  # reports queued but kept in their event by their days alone (not read)


class MemoryRun:
    """A stored run kept in memory (for tests): the ``cluster`` of ``items``."""

    def __init__(self, items: list[Item], rule: MergeRule) -> None:
        self.rule = rule
        self.items = {i.id: i for i in items}
        self.founder: dict[str, str] = {}
        self.groups: dict[str, list[str]] = {}
        for members in clustered(items, rule):
            for id in members:
                self.founder[id] = members[0]
            self.groups[members[0]] = members
        self.index: dict[tuple, list[str]] = {}
        for item in items:
            for lookup in filed(item, rule):
                for slot in slots(lookup, item.interval):
                    self.index.setdefault(slot, []).append(item.id)

    def linked(self, lookups, days, between=None):
        found = {id for lookup in lookups for slot in search_slots(lookup, days, self.rule)
                 for id in self.index.get(slot, [])}
        return [(self.items[id].order, id) for id in found if close(self.items[id].interval, days, self.rule)
                and (between is None or between[0] < self.items[id].order < between[1])]

    def event(self, id):
        return self.founder[id]

    def members(self, founder):
        return list(self.groups.get(founder, []))

    def item(self, id):
        return self.items[id]

    def view(self, id):
        item = self.items[id]  # through its text, as the store keeps it
        return view_item(id, view_text(item, self.rule), item.order, item.interval)

    def order(self, id):
        return self.items[id].order

    def everything(self):
        return list(self.items)


def clustered(items: list[Item], rule: MergeRule) -> list[list[str]]:
    """``cluster`` of the items, as lists of ids in order (the founder first)."""
    from .merge import cluster

    ordered = sorted(items, key=lambda i: i.order)
    by_report = {id(i.report): i for i in ordered}
    # cluster sorts by _order alone (a stable sort), so hand it the reports in full order
    events = cluster([i.report for i in ordered], rule)
    return [[i.id for i in sorted((by_report[id(r)] for r in e.reports), key=lambda i: i.order)] for e in events]


def replay(run: Run, rule: MergeRule, removed: list[Item], inserted: list[Item]) -> Outcome:
    """The events of the key after removing ``removed`` from and adding ``inserted`` to the
    stored run (see the module); exactly what ``cluster`` of the new reports makes."""
    fresh = {i.id: i for i in inserted}
    gone = {i.id: i for i in removed}
    for id in fresh.keys() & gone.keys():  # removed and added again, unchanged: no change
        del fresh[id], gone[id]
    if not fresh and not gone:
        return Outcome()
    if rule.match is None and rule.window_days is None:
        return _one_event(run, gone, fresh)
    return _Replay(run, rule, gone, fresh).go()


def _one_event(run: Run, gone: dict, fresh: dict) -> Outcome:
    """Without anchors or window every report joins the key's first event: one event."""
    old = [id for id in run.everything() if id not in gone]
    items = {id: run.item(id) for id in old} | fresh
    members = sorted(items, key=lambda id: items[id].order)
    before = {id: run.event(id) for id in old}
    stored = run.event(next(iter(gone))) if gone else (before[old[0]] if old else None)
    out = Outcome(decided=len(fresh))
    if stored is not None and (not members or members[0] != stored):
        out.events[stored] = []
    if members:
        out.events[members[0]] = members
        out.moved = {id: members[0] for id in members if before.get(id) != members[0]}
    return out


class _Replay:
    def __init__(self, run: Run, rule: MergeRule, gone: dict[str, Item], fresh: dict[str, Item]) -> None:
        self.run, self.rule, self.gone, self.fresh = run, rule, gone, fresh
        self.cache: dict[str, Item] = dict(gone)
        self.heap: list[tuple[tuple, str]] = []
        self.queued: set[str] = set()
        self.new: dict[str, str] = {}        # report decided again → its event (founder)
        self.joined: dict[str, list[str]] = {}  # event → reports decided again that joined it
        self.dirty: dict[str, tuple] = {}    # event → the position from which it differs
        self.prefixes: dict[str, _Prefix] = {}  # event → its reports before the position being decided
        self.spans: dict[str, _Span] = {}  # dirty event → the days of its reports before that position
        self.ruled_out = 0
        self.groups: dict[str, list[str]] = {}
        self.fresh_index: dict[tuple, list[Item]] = {}
        self.dirty_index: dict[tuple, dict[str, tuple[tuple, list[Item]]]] = {}  # lookup → dirty event → (days
        # its reports filed there span, those reports, stored or new): how a clean report finds the dirty
        # events it may now join
        for item in fresh.values():
            for lookup in filed(item, rule):
                self.fresh_index.setdefault(lookup, []).append(item)

    def get(self, id: str) -> Item:
        if id in self.fresh:
            return self.fresh[id]
        if id not in self.cache:
            self.cache[id] = self.run.view(id)
        return self.cache[id]

    def order(self, id: str) -> tuple:
        """A report's position, read without the report itself."""
        if id in self.fresh:
            return self.fresh[id].order
        if id in self.cache:
            return self.cache[id].order
        return self.run.order(id)

    def members(self, founder: str) -> list[str]:
        if founder in self.fresh:
            return []
        if founder not in self.groups:
            self.groups[founder] = self.run.members(founder)
        return self.groups[founder]

    def current(self, id: str) -> str:
        """The event of a report already passed: as decided again, else as stored."""
        return self.new[id] if id in self.new else self.run.event(id)

    def linked(self, lookups: list[tuple], days, between: tuple | None = None) -> list[tuple[tuple, str]]:
        """The reports (stored and not removed, or new) linked to a report over ``days`` by
        ``lookups`` (strictly between the positions ``between`` only, when given)."""
        found = [(o, id) for o, id in self.run.linked(lookups, days, between) if id not in self.gone]
        seen = {id for _, id in found}
        for lookup in lookups:
            for item in self.fresh_index.get(lookup, []):
                if item.id not in seen and close(item.interval, days, self.rule) and \
                        (between is None or between[0] < item.order < between[1]):
                    seen.add(item.id)
                    found.append((item.order, item.id))
        return found

    def push(self, order: tuple, id: str) -> None:
        if id not in self.queued:
            self.queued.add(id)
            heapq.heappush(self.heap, (order, id))

    def queue_after(self, items: list[Item], position: tuple, event: str) -> None:
        """Queue every report after ``position`` that may be linked to one of ``items``, reports of
        the dirty ``event``: unless its stored event was founded before ``event`` (that one fits it
        first, and if it turns dirty too, its own reports queue this one). The reports of one event
        are close in time to each other, so each lookup is made once, over all their days."""
        first = self.order(event)
        spans: dict[tuple, tuple[int, int] | None] = {}
        for item in items:
            for lookup in reaches(item, self.rule):
                span = spans.get(lookup, item.interval)
                spans[lookup] = None if span is None else (min(span[0], item.interval[0]), max(span[1], item.interval[1]))
        for lookup, span in spans.items():
            for order, id in self.linked([lookup], span, (position, _LAST)):
                if id not in self.queued and \
                        (id in self.fresh or self.order(self.run.event(id)) >= first):
                    self.push(order, id)

    def mark(self, founder: str, position: tuple) -> None:
        if founder in self.dirty:
            return
        self.dirty[founder] = position
        members = [self.get(id) for id in self.members(founder)]
        for item in members:
            self.index_dirty(item, founder)
        self.queue_after(members, position, founder)

    def index_dirty(self, item: Item, founder: str) -> None:
        for lookup in filed(item, self.rule):
            events = self.dirty_index.setdefault(lookup, {})
            span, items = events.get(founder, (item.interval, []))
            if span is not None and item.interval is not None:
                span = (min(span[0], item.interval[0]), max(span[1], item.interval[1]))
            items.append(item)
            events[founder] = (span, items)

    def go(self) -> Outcome:
        for item in list(self.gone.values()) + list(self.fresh.values()):
            self.push(item.order, item.id)
        decided = 0
        while self.heap:
            position, id = heapq.heappop(self.heap)
            if id in self.gone:
                self.mark(self.run.event(id), position)
                continue
            stored = None if id in self.fresh else self.run.event(id)
            if stored is not None and stored not in self.dirty and self.kept(position, stored):
                self.ruled_out += 1
                continue
            item = self.get(id)
            chosen = self.decide(item, stored)
            decided += 1
            self.new[id] = chosen
            self.joined.setdefault(chosen, []).append(id)
            if chosen in self.prefixes:
                self.prefixes[chosen].take(item)
            if chosen in self.spans:
                self.spans[chosen].join(position)
            if chosen != stored:
                if stored is not None:
                    self.mark(stored, position)
                self.mark(chosen, position)
                self.index_dirty(item, chosen)
                self.queue_after([item], position, chosen)
        return self.outcome(decided)

    def kept(self, position: tuple, stored: str) -> bool:
        """Whether the stored report at ``position``, whose stored event ``stored`` is clean, surely
        stays in it, known from its days alone (its position holds them) without reading it.

        Sound because: :meth:`decide` on such a report returns ``stored`` unless a dirty event
        founded before ``stored`` fits it, and ``_fits`` demands that the report be close in time
        to *every* report the event holds before it (and that it hold one). Reports are decided
        in order and never again, so when this one is taken every report before it is final: the
        event's reports before it are exactly its stored ones before it that were not removed
        and did not move (a report not decided again keeps its stored event) and the ones decided
        again that joined it (:class:`_Span` keeps the bounds of their days). If, for every dirty
        event founded before ``stored``, those reports are none, or one cannot be placed in time,
        or one is not close to this report's days, no dirty event fits it, so ``decide`` would
        return ``stored``. (Without a time window nothing is ruled out.)"""
        if self.rule.window_days is None:
            return False
        days = _days(position)
        mine = self.order(stored)
        for founder in self.dirty:
            if self.order(founder) < mine and self.span(founder).may_fit(position, days):
                return False
        return True

    def span(self, founder: str) -> _Span:
        span = self.spans.get(founder)
        if span is None:
            span = self.spans[founder] = _Span(self, founder)
        return span

    def decide(self, item: Item, stored: str | None) -> str:
        if stored is not None and stored not in self.dirty:
            # Its stored event still fits, and the clean events founded before it still do not:
            # only a dirty event founded before it, holding a report linked to it, may come first.
            mine = self.order(stored)
            found = set()
            for lookup in probes(item, self.rule):
                for e, (span, others) in self.dirty_index.get(lookup, {}).items():
                    # (fits demands a report linked to it before it: only such events can be the answer)
                    if e not in found and close(span, item.interval, self.rule) and self.order(e) < mine:
                        found.add(e)
            return next((e for e in sorted(found, key=lambda e: self.order(e)) if self.fits(item, e)), stored)
        before = {self.current(id) for order, id in self.linked(probes(item, self.rule), item.interval, (_FIRST, item.order))}
        if stored is not None:  # a clean event founded before its stored one did not fit it, and still does not
            mine = self.order(stored)
            before = {e for e in before if e in self.dirty or self.order(e) > mine}
        found = (e for e in sorted(before, key=lambda e: self.order(e)) if self.fits(item, e))
        return next(found, item.id)

    def reports(self, founder: str, before: tuple | None = None) -> list[str]:
        """The event's reports in the new run (those before ``before`` only, when given)."""
        kept = [id for id in self.members(founder)
                if id not in self.gone and self.new.get(id, founder) == founder
                and (before is None or self.order(id) < before)]
        seen = set(kept)
        return kept + [id for id in self.joined.get(founder, []) if id not in seen]

    def fits(self, item: Item, founder: str) -> bool:
        """Whether ``item`` fits the event's reports before it (as ``_fits`` on them would say)."""
        prefix = self.prefixes.get(founder)
        if prefix is None:
            prefix = self.prefixes[founder] = _Prefix(self.rule, sorted(self.members(founder), key=self.order))
            for id in self.joined.get(founder, []):
                prefix.take(self.get(id))
        # Reports are decided in order and never again, so a stored report before this one is
        # final: taken if it is still in the event (the prefix only grows during a replay).
        while prefix.cursor < len(prefix.stored) and self.order(prefix.stored[prefix.cursor]) < item.order:
            id = prefix.stored[prefix.cursor]
            prefix.cursor += 1
            if id not in self.gone and self.new.get(id, founder) == founder:
                prefix.take(self.get(id))
        return prefix.fits(item)

    def outcome(self, decided: int) -> Outcome:
        out = Outcome(decided=decided, ruled_out=self.ruled_out)
        for founder in self.dirty:
            out.events[founder] = sorted(self.reports(founder), key=lambda id: self.order(id))
        out.moved = {id: e for id, e in self.new.items() if id in self.fresh or e != self.run.event(id)}
        return out


_FIRST, _LAST = (), (float("inf"),)  # before and after every position


def _days(order: tuple) -> tuple[int, int] | None:
    """A report's day interval from its position (``_order`` starts with its width and first day)."""
    width, start = order[0], order[1]
    return None if width >= 10**6 else (start, start + width)


class _Span:
    """The bounds of the days of a dirty event's reports before the position being decided (the
    time part of :class:`_Prefix`), taken from positions alone, so no report is read for it."""

    def __init__(self, replay: _Replay, founder: str) -> None:
        self.replay, self.founder = replay, founder
        self.stored = sorted(replay.members(founder), key=replay.order)
        self.cursor = 0
        self.count = self.unplaced = 0
        self.min_last: int | None = None
        self.max_first: int | None = None
        for id in replay.joined.get(founder, []):
            self.join(replay.order(id))

    def join(self, order: tuple) -> None:
        """Count in a report decided again that joined the event."""
        self.add(order)

    def add(self, order: tuple) -> None:
        """Count in one more report (counting one twice changes nothing but ``count``)."""
        self.count += 1
        days = _days(order)
        if days is None:
            self.unplaced += 1
            return
        self.min_last = days[1] if self.min_last is None else min(self.min_last, days[1])
        self.max_first = days[0] if self.max_first is None else max(self.max_first, days[0])

    def may_fit(self, position: tuple, days: tuple[int, int] | None) -> bool:
        """False when the event's reports before ``position`` rule out a report over ``days``."""
        r = self.replay
        while self.cursor < len(self.stored) and r.order(self.stored[self.cursor]) < position:
            id = self.stored[self.cursor]
            self.cursor += 1
            if id not in r.gone and r.new.get(id, self.founder) == self.founder:
                self.add(r.order(id))
        if not self.count or self.unplaced or days is None:
            return False
        window = r.rule.window_days
        return days[0] <= self.min_last + window and self.max_first <= days[1] + window


class _Prefix:
    """An event's reports before the position being decided, summed up so that whether a report
    fits them (:func:`kg.merge._fits`) is answered without going through them: the bounds of
    their days, how many cannot be placed in time or are undated, their target sets and places."""

    def __init__(self, rule: MergeRule, stored: list[str]) -> None:
        self.rule, self.stored, self.cursor = rule, stored, 0
        self.taken: set[str] = set()
        self.count = self.unplaced = self.undated = self.targeted = 0
        self.min_last: int | None = None
        self.max_first: int | None = None
        self.target_sets: dict[frozenset, int] = {}
        self.places: dict = {}
        self.key: tuple | None = None

    def take(self, item: Item) -> None:
        """Count one more report in (once)."""
        if item.id in self.taken:
            return
        self.taken.add(item.id)
        self.count += 1
        fact, rule = item.report.fact, self.rule
        if self.key is None:  # an event's reports share their key
            self.key = _key(fact, rule)
        if rule.window_days is not None:
            if item.interval is None:
                self.unplaced += 1
            else:
                first, last = item.interval
                self.min_last = last if self.min_last is None else min(self.min_last, last)
                self.max_first = first if self.max_first is None else max(self.max_first, first)
        if rule.match:
            targets = frozenset(fact.role(rule.match))
            if targets:
                self.targeted += 1
                self.target_sets[targets] = self.target_sets.get(targets, 0) + 1
            for place in _places(fact, rule):
                self.places[place] = self.places.get(place, 0) + 1
            if fact.date is None:
                self.undated += 1

    def fits(self, item: Item) -> bool:
        """``_fits(item.report, an event of the reports taken)``, for a report of the same key."""
        rule, fact = self.rule, item.report.fact
        if not self.count or _key(fact, rule) != self.key:
            return False
        if rule.window_days is not None:  # close in time to every report taken
            if self.unplaced or item.interval is None:
                return False
            if not (item.interval[0] <= self.min_last + rule.window_days
                    and self.max_first <= item.interval[1] + rule.window_days):
                return False
        if rule.match is None:
            return True
        mine = set(fact.role(rule.match))
        if mine and self.targeted:
            if sum(n for targets, n in self.target_sets.items() if targets & mine) < self.targeted:
                return False  # a strike on another target is another event
            if fact.date is None:
                return any(not e.generic and any(e in targets for targets in self.target_sets) for e in mine)
            return True
        if fact.date is None:
            return False
        places = _places(fact, rule)
        if places:
            return any(place in self.places for place in places)
        return not mine and not self.undated
