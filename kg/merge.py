"""Merge: reports of the same strike, support or alliance, from one or many articles, become one event.

Runs after :mod:`kg.resolve` (entities are canonical) and before :mod:`kg.build`. Every
Strike, Support and Alliance report belongs to exactly one :class:`Event`; an event of one
report is a single-source event. The reports themselves are left untouched, so each
article's named graph still says what that article said; the events live apart
(``kgr:graph/events``) and are recomputed on every build, so removing an article removes
or splits the events it contributed to.

When are two reports the same event? A :class:`MergeRule` per kind says so:

- ``same``: roles that must hold the same entities (a Strike's attacker);
- ``overlap``: roles of which at least one entity must be shared with some report already
  in the event (a Strike's target or place). Places in ``broad_places`` (a country, a
  region) never count as shared, or every strike "in Syria" would be one. Two reports that
  name neither a target nor a specific place may merge with each other;
- ``window_days``: the reports' dates must lie within this many days of every other
  report's date in the event (None: dates are ignored, as for supports and alliances);
- ``undated_days``: a report whose sentence gives no date is taken to describe something
  in the ``undated_days`` days up to its article's publication date (None: undated
  reports are never merged).

Reports are taken in order of date (dated first, then undated) and each joins the first
event it fits, so the result is deterministic. Tune with, for example,
``merge(extractions, {"Strike": MergeRule("Strike", window_days=0, undated_days=None)})``.

Each event also gets a grade, in the spirit of Airwars' grading of civilian-harm
incidents (see :func:`grade`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from calendar import monthrange

from .extract.claims import affiliations, complete_claims
from .model import Article, Entity, Extraction, Fact

GRADES = ("Contested", "ConfirmedByAttacker", "MultiSource", "SingleSource")
MERGED_KINDS = ("Strike", "Support", "Alliance")


@dataclass(frozen=True)
class MergeRule:
    """When two reports of one kind describe the same event (see the module docstring)."""

    kind: str = "Strike"
    same: tuple[str, ...] = ("attacker",)
    match: str | None = "target"
    near: str | None = "place"
    window_days: int | None = 1
    undated_days: int | None = 30
    broad_places: frozenset[str] = frozenset({"Syria", "Iraq", "Middle East", "Europe"})

    def describe(self) -> str:
        """The rule in words, recorded on every event (``kgo:mergeRule``)."""
        parts = [f"{self.kind}: same {', '.join(self.same) or 'nothing'}"]
        if self.match:
            broad = ", ".join(sorted(self.broad_places))
            parts.append(f"the same {self.match}, or without one a shared {self.near} (not {broad})")
        if self.window_days is not None:
            parts.append(f"dates within {self.window_days} day(s)")
            parts.append(f"undated = the {self.undated_days} days before publication"
                         if self.undated_days is not None else "undated reports kept apart")
        return "; ".join(parts)


DEFAULT_RULES: dict[str, MergeRule] = {
    "Strike": MergeRule("Strike"),
    "Support": MergeRule("Support", same=("supporter", "recipient"), match=None, near=None, window_days=None),
    "Alliance": MergeRule("Alliance", same=("party",), match=None, near=None, window_days=None),
}


@dataclass
class Report:
    """One fact as read from one article, with what merging needs to know about it."""

    fact: Fact
    article: Article

    @property
    def source(self) -> str:
        """Who published it: the publisher, else the article (independent sources are counted by this)."""
        return self.article.publisher or self.article.id


@dataclass
class Event:
    """One strike, support or alliance as assembled from one or more reports."""

    kind: str
    reports: list[Report]
    rule: MergeRule
    grade: str = ""
    grade_rule: str = ""
    roles: dict[str, list[Entity]] = field(default_factory=dict)
    founder: Report | None = None  # its first report in cluster's order (names it, see kg.build.event_iri)

    @property
    def articles(self) -> list[str]:
        """The articles that report it, sorted."""
        return sorted({r.article.id for r in self.reports})

    @property
    def sources(self) -> list[str]:
        """The distinct publishers that report it, sorted."""
        return sorted({r.source for r in self.reports})

    @property
    def facts(self) -> list[Fact]:
        """The per-article reports."""
        return [r.fact for r in self.reports]


# ---------------------------------------------------------------- dates

def _interval(report: Report, rule: MergeRule) -> tuple[date, date] | None:
    """The days the report may describe; None when it cannot be placed in time."""
    fact = report.fact
    if fact.date is not None:
        if fact.date_precision == "month":
            first = fact.date.replace(day=1)
            return first, first.replace(day=monthrange(first.year, first.month)[1])
        if fact.date_precision == "year":
            return date(fact.date.year, 1, 1), date(fact.date.year, 12, 31)
        return fact.date, fact.date
    if rule.undated_days is None or report.article.date is None:
        return None
    return report.article.date - timedelta(days=rule.undated_days), report.article.date


def _close_in_time(a: Report, b: Report, rule: MergeRule) -> bool:
    if rule.window_days is None:
        return True
    ia, ib = _interval(a, rule), _interval(b, rule)
    if ia is None or ib is None:
        return False
    window = timedelta(days=rule.window_days)
    return ia[0] <= ib[1] + window and ib[0] <= ia[1] + window


# ---------------------------------------------------------------- matching

def _key(fact: Fact, rule: MergeRule) -> tuple:
    return tuple(tuple(sorted(e.name for e in fact.role(r))) for r in rule.same)


def _places(fact: Fact, rule: MergeRule) -> set[Entity]:
    """The report's specific places (never a country or region from ``broad_places``)."""
    if rule.near is None:
        return set()
    return {e for e in fact.role(rule.near) if e.name not in rule.broad_places}


def _anchor_keys(fact: Fact, rule: MergeRule, key: tuple) -> list[tuple]:
    """The index keys under which an event holding ``fact`` can be found."""
    if rule.match is None:
        return []
    return [(key, e) for e in fact.role(rule.match)] + [(key, p) for p in _places(fact, rule)]


def _fits(report: Report, event: Event) -> bool:
    """Whether ``report`` may join ``event``: same key, close in time to every report in it,
    and the same target (or, without targets, a shared specific place)."""
    rule = event.rule
    if _key(report.fact, rule) != _key(event.reports[0].fact, rule):
        return False
    if not all(_close_in_time(report, other, rule) for other in event.reports):
        return False
    if rule.match is None:
        return True
    mine = set(report.fact.role(rule.match))
    places = _places(report.fact, rule)
    targeted = [o for o in event.reports if o.fact.role(rule.match)]
    if mine and targeted:
        if any(not mine & set(o.fact.role(rule.match)) for o in targeted):
            return False  # a strike on another target is another event
        if report.fact.date is None:  # undated: only a named target identifies it, not "rebels"
            return any(e for o in targeted for e in mine & set(o.fact.role(rule.match)) if not e.generic)
        return True
    if report.fact.date is None:
        return False  # undated and without a named target in common: nothing identifies it
    if places:
        return any(places & _places(o.fact, rule) for o in event.reports)
    # "Russia launched air strikes in Syria on Wednesday": only its date can place it
    return not mine and report.fact.date is not None and all(o.fact.date is not None for o in event.reports)


def _order(report: Report, rule: MergeRule) -> tuple:
    interval = _interval(report, rule)
    width = (interval[1] - interval[0]).days if interval else 10**6
    start = interval[0].toordinal() if interval else 0
    first = min((e.span.start for e in report.fact.evidence), default=0)
    return (width, start, report.article.id, first)


def _bounds(interval: tuple[date, date], rule: MergeRule) -> tuple[int, int]:
    """The days (ordinals) a report's interval must reach to be close in time to this one."""
    window = rule.window_days or 0
    return interval[0].toordinal() - window, interval[1].toordinal() + window


def _narrow(bounds: tuple[int, int] | None, other: tuple[int, int]) -> tuple[int, int]:
    return other if bounds is None else (max(bounds[0], other[0]), min(bounds[1], other[1]))


class _Candidates:
    """Events looked up, not scanned: by the report's key (attacker) or by a shared target or
    place, and, under a time window, by day. An event is filed under every day a joining
    report's interval could reach (a superset of what it can still take, since an event's
    reach only narrows as reports join), so a lookup over the report's own days finds every
    event it could be close in time to."""

    def __init__(self, timed: bool) -> None:
        self.timed = timed
        self.index: dict[tuple, list[int]] = {}
        self.reach: list[tuple[int, int] | None] = []  # per event: days a joining interval must touch

    def file(self, event: int, lookup: tuple) -> None:
        reach = self.reach[event]
        if not self.timed:
            self._add((lookup,), event)
        elif reach is not None:
            for day in range(reach[0], reach[1] + 1):
                self._add((lookup, day), event)

    def _add(self, slot: tuple, event: int) -> None:
        bucket = self.index.setdefault(slot, [])
        if bucket[-1:] != [event]:
            bucket.append(event)

    def find(self, lookups: list[tuple], interval: tuple[date, date] | None) -> list[int]:
        """Candidate events in creation order (the order a scan would try them in)."""
        if not self.timed:
            return sorted({i for lookup in lookups for i in self.index.get((lookup,), [])})
        first, last = interval[0].toordinal(), interval[1].toordinal()
        found = {i for lookup in lookups for day in range(first, last + 1) for i in self.index.get((lookup, day), [])}
        return sorted(i for i in found if self.reach[i][0] <= last and first <= self.reach[i][1])


def _lookups(fact: Fact, rule: MergeRule, key: tuple, anchors: list[tuple]) -> list[tuple]:
    """Where to look for the events ``fact`` may join (see :func:`_fits`): any event of its key
    when it has no target or place; else the events sharing one; an undated report only
    those sharing a named (not generic) target, and none without a target."""
    if rule.match is None or not anchors:
        return [("key", key)] if rule.match is None or fact.date is not None else []
    if fact.date is None:
        return [("at", (key, e)) for e in fact.role(rule.match) if not e.generic]
    return [("at", a) for a in anchors]


def cluster(reports: list[Report], rule: MergeRule) -> list[Event]:
    """Group reports of one kind into events under ``rule`` (greedy, deterministic).

    Each report, in :func:`_order`, joins the first event (in creation order) it fits, else
    founds one. Only candidates are tried: an event can take a report only if it has the
    report's key and shares a target or place with it (a report with neither may join any
    event of its key), and, under a time window, only if every report in it is close in time.
    The result is the same as trying every event in turn.
    """
    events: list[Event] = []
    timed = rule.window_days is not None
    candidates = _Candidates(timed)
    for report in sorted(reports, key=lambda r: _order(r, rule)):
        key = _key(report.fact, rule)
        anchors = _anchor_keys(report.fact, rule, key)
        interval = _interval(report, rule) if timed else None
        home = None
        lookups = _lookups(report.fact, rule, key, anchors)
        if lookups and (not timed or interval is not None):
            home = next((i for i in candidates.find(lookups, interval) if _fits(report, events[i])), None)
        if home is None:
            home = len(events)
            events.append(Event(rule.kind, [], rule))
            candidates.reach.append(None)
        if interval is not None:
            candidates.reach[home] = _narrow(candidates.reach[home] if events[home].reports else None,
                                             _bounds(interval, rule))
        elif timed:
            candidates.reach[home] = None  # an unplaceable report: no report is close in time to it
        founded = not events[home].reports
        events[home].reports.append(report)
        if founded:
            events[home].founder = report
            candidates.file(home, ("key", key))
        for anchor in anchors:
            candidates.file(home, ("at", anchor))
    for event in events:
        event.reports.sort(key=lambda r: (r.article.id, min((e.span.start for e in r.fact.evidence), default=0)))
    return events


# ---------------------------------------------------------------- grades

def grade(event: Event, speaks_for: dict[Entity, Entity]) -> tuple[str, str]:
    """The event's grade and the rule that gave it, first match wins:

    1. Contested: someone disputes it (a ``disputed_by`` in any report);
    2. ConfirmedByAttacker (strikes): a claimant is the attacker or speaks for it (its
       ministry, spokesman or president, see :func:`kg.extract.claims.affiliations`);
    3. MultiSource: two or more independent sources (distinct publishers) report it;
    4. SingleSource: otherwise.
    """
    return grade_of(event.kind, event.roles, event.sources, speaks_for)


def grade_of(kind: str, roles: dict[str, list[Entity]], sources: list[str], speaks_for) -> tuple[str, str]:
    """:func:`grade` from what it reads: the event's kind, roles and sorted distinct sources."""
    if roles.get("disputed_by"):
        return "Contested", "Contested: disputed by " + _names(roles["disputed_by"])
    attackers = set(roles.get("attacker", []))
    confirming = [c for c in roles.get("claimed_by", []) if c in attackers or speaks_for.get(c) in attackers]
    if kind == "Strike" and confirming:
        return "ConfirmedByAttacker", f"ConfirmedByAttacker: claimed by {_names(confirming)}, for the attacker {_names(list(attackers))}"
    if len(sources) >= 2:
        return "MultiSource", f"MultiSource: reported by {len(sources)} independent sources ({'; '.join(sources)})"
    return "SingleSource", f"SingleSource: reported by {sources[0]} only"


def _names(entities: list[Entity]) -> str:
    return ", ".join(sorted({e.name for e in entities}))


def union_roles(event: Event) -> dict[str, list[Entity]]:
    """The event's roles: every entity any of its reports names, in first-seen order."""
    roles: dict[str, list[Entity]] = {}
    for fact in event.facts:
        for role, entities in fact.roles.items():
            bucket = roles.setdefault(role, [])
            bucket.extend(e for e in entities if e not in bucket)
    return roles


def one_event_per_key(rule: MergeRule) -> bool:
    """Whether every report of a key joins its first event (no anchors, no time window: supports, alliances)."""
    return rule.match is None and rule.window_days is None


@dataclass
class Summary:
    """What an event's own triples and grade depend on (see :func:`kg.build.add_event`), kept as
    counts so that a report can join or leave without the others being read again: how many
    reports, and how many of them name each source, article, evidence span, date and role
    entity. ``kg.derived`` keeps one per event in the store."""

    reports: int = 0
    sources: dict[str, int] = field(default_factory=dict)
    articles: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, int] = field(default_factory=dict)  # evidence IRI → reports citing it
    dates: dict[str, int] = field(default_factory=dict)  # "ISO date<TAB>precision" → reports
    roles: dict[str, dict[str, int]] = field(default_factory=dict)  # role → "name<TAB>type" → reports

    def add(self, report: Report, sign: int = 1) -> None:
        """Count ``report`` in (``sign`` 1) or out (-1)."""
        from .build import evidence_iri

        fact = report.fact
        self.reports += sign
        _count(self.sources, report.source, sign)
        _count(self.articles, report.article.id, sign)
        for evidence in fact.evidence:
            _count(self.evidence, str(evidence_iri(evidence)), sign)
        if fact.date:
            _count(self.dates, f"{fact.date.isoformat()}\t{fact.date_precision}", sign)
        for role, entities in fact.roles.items():
            bucket = self.roles.setdefault(role, {})
            for entity in set(entities):
                _count(bucket, f"{entity.name}\t{entity.type}", sign)
            if not bucket:
                del self.roles[role]

    def ordered_roles(self) -> dict[str, list[Entity]]:
        """The event's roles, each entity once, sorted by name (then type)."""
        return {role: [Entity(*key.split("\t")) for key in sorted(bucket)] for role, bucket in self.roles.items()}

    def source_list(self) -> list[str]:
        """The distinct sources, sorted (as :attr:`Event.sources`)."""
        return sorted(self.sources)

    def first_date(self) -> tuple[date, str] | None:
        """The earliest (date, precision) any report gives."""
        if not self.dates:
            return None
        day, precision = min(self.dates).split("\t")
        return date.fromisoformat(day), precision

    def to_json(self) -> str:
        """The summary as JSON, the same text for the same counts."""
        import json

        return json.dumps([self.reports, self.sources, self.articles, self.evidence, self.dates, self.roles],
                          ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Summary:
        """A summary written by :meth:`to_json`."""
        import json

        return cls(*json.loads(text))


def _count(counts: dict[str, int], key: str, sign: int) -> None:
    counts[key] = counts.get(key, 0) + sign
    if counts[key] == 0:
        del counts[key]


def summarize(event: Event) -> Summary:
    """The :class:`Summary` of an event's reports."""
    summary = Summary()
    for report in event.reports:
        summary.add(report)
    return summary


# ---------------------------------------------------------------- the stage

def _identity(fact: Fact) -> tuple:
    """What makes two facts the same report (as :func:`kg.build.fact_iri` sees it)."""
    roles = sorted((k, tuple(sorted(e.name for e in v))) for k, v in fact.roles.items())
    spans = sorted((e.span.start, e.span.end) for e in fact.evidence)
    return fact.kind, fact.article_id, tuple(roles), tuple(spans), fact.date


def _distinct(reports: list[Report]) -> list[Report]:
    """One report per identical fact (a rule may read the same fact twice from one sentence)."""
    seen: dict[tuple, Report] = {}
    for report in reports:
        seen.setdefault(_identity(report.fact), report)
    return list(seen.values())


def merge(extractions: list[Extraction], rules: dict[str, MergeRule] | None = None) -> tuple[list[Extraction], list[Event]]:
    """Complete cross-article claims, then group every Strike, Support and Alliance into events.

    Returns the (possibly completed) extractions and the events, each with its grade.
    ``rules`` overrides the default rule of a kind (see :data:`DEFAULT_RULES`).
    """
    extractions = complete_claims(extractions)
    chosen = {**DEFAULT_RULES, **(rules or {})}
    speaks_for = affiliations(extractions)
    events: list[Event] = []
    for kind in MERGED_KINDS:
        reports = _distinct([Report(f, x.article) for x in extractions for f in x.facts if f.kind == kind])
        for event in cluster(reports, chosen[kind]):
            event.roles = union_roles(event)
            event.grade, event.grade_rule = grade(event, speaks_for)
            events.append(event)
    return extractions, events
