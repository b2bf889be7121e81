"""kg.merge.cluster looks candidate events up (by key, target/place and day); it must group
reports exactly as trying every event in turn does (the reference below)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from kg.merge import DEFAULT_RULES, MergeRule, Report, _fits, _interval, _order, cluster
from kg.model import Article, Entity, Evidence, Fact, Span


def reference_cluster(reports: list[Report], rule: MergeRule) -> list[list[Report]]:
    """The slow path: each report, in order, joins the first event it fits among all events."""
    events: list = []
    for report in sorted(reports, key=lambda r: _order(r, rule)):
        placeable = rule.window_days is None or _interval(report, rule) is not None
        home = next((e for e in events if _fits(report, e)), None) if placeable else None
        if home is None:
            from kg.merge import Event

            home = Event(rule.kind, [], rule)
            events.append(home)
        home.reports.append(report)
    for event in events:
        event.reports.sort(key=lambda r: (r.article.id, min((e.span.start for e in r.fact.evidence), default=0)))
    return [e.reports for e in events]


def _same(reports: list[Report], rule: MergeRule) -> None:
    fast = [[id(r) for r in e.reports] for e in cluster(reports, rule)]
    slow = [[id(r) for r in e] for e in reference_cluster(reports, rule)]
    assert fast == slow


ACTORS = [Entity(n, "State") for n in ("Russia", "United States", "Syria")]
TARGETS = [Entity("Islamic State", "ArmedGroup"), Entity("Jabhat al-Nusra", "ArmedGroup"),
           Entity("rebels", "ArmedGroup", generic=True)] + [Entity(f"Group {i}", "ArmedGroup") for i in range(6)]
PLACES = [Entity(n, "Place") for n in ("Syria", "Homs", "Hama", "Idlib", "Aleppo", "Latakia")]


def _random_reports(seed: int, count: int) -> list[Report]:
    rng = random.Random(seed)
    start = date(2015, 9, 1)
    reports = []
    for i in range(count):
        article = f"a{rng.randrange(count // 3 + 1):04d}.txt"
        published = start + timedelta(days=rng.randrange(90))
        roles = {"attacker": [rng.choice(ACTORS)]}
        if rng.random() < 0.6:
            roles["target"] = rng.sample(TARGETS, rng.choice((1, 1, 2)))
        if rng.random() < 0.6:
            roles["place"] = rng.sample(PLACES, rng.choice((1, 2)))
        precision = rng.choice(("day", "day", "day", "month", "year", ""))
        when = published - timedelta(days=rng.randrange(5)) if precision else None
        first = rng.randrange(500)
        fact = Fact("Strike", article, roles, [Evidence(Span(article, first, first + 10, "x" * 10), "test", 0.9)],
                    date=when, date_precision=precision)
        reports.append(Report(fact, Article(article, "", publisher=f"p{rng.randrange(4)}", date=published)))
    return reports


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("rule", [MergeRule(), MergeRule(window_days=0), MergeRule(window_days=4, undated_days=7),
                                  MergeRule(undated_days=None), MergeRule(window_days=None)])
def test_indexed_cluster_equals_the_scan_on_random_reports(seed, rule):
    _same(_random_reports(seed, 400), rule)


def test_indexed_cluster_equals_the_scan_on_supports_and_alliances():
    rng = random.Random(3)
    reports = []
    for i in range(200):
        roles = {"supporter": [rng.choice(ACTORS)], "recipient": [rng.choice(TARGETS)], "party": [rng.choice(ACTORS)]}
        fact = Fact("Support", f"a{i}", roles, [Evidence(Span(f"a{i}", 0, 1, "x"), "test", 0.9)])
        reports.append(Report(fact, Article(f"a{i}", "", date=date(2015, 10, 1))))
    for kind in ("Support", "Alliance"):
        _same(reports, DEFAULT_RULES[kind])


def test_indexed_cluster_equals_the_scan_on_the_bundled_articles(built):
    result, _ = built
    for kind, rule in DEFAULT_RULES.items():
        reports = [Report(f, x.article) for x in result.extractions for f in x.facts if f.kind == kind]
        assert reports
        _same(reports, rule)
        # and on the same reports moved across days, as a store of many cloned articles holds them
        moved = [Report(replace(f, date=f.date + timedelta(days=d) if f.date else None),
                        Article(f"{r.article.id}-{d}", "", publisher=r.article.publisher,
                                date=r.article.date + timedelta(days=d) if r.article.date else None))
                 for d in range(12) for r in reports for f in [r.fact]]
        _same(moved, rule)
