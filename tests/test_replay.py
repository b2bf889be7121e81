"""kg.replay re-decides only the reports a change can affect; after every insertion or removal
its events must be exactly those of kg.merge.cluster over the new reports, from scratch."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from kg.merge import DEFAULT_RULES, MergeRule, Report
from kg.model import Article, Entity, Evidence, Fact, Span
from kg.replay import MemoryRun, clustered, make_item, replay

ACTORS = [Entity(n, "State") for n in ("Russia", "United States")]
TARGETS = [Entity("Islamic State", "ArmedGroup"), Entity("Jabhat al-Nusra", "ArmedGroup"),
           Entity("rebels", "ArmedGroup", generic=True), Entity("Group 1", "ArmedGroup")]
PLACES = [Entity(n, "Place") for n in ("Syria", "Homs", "Hama", "Idlib")]

RULES = [MergeRule(), MergeRule(window_days=0), MergeRule(window_days=3, undated_days=7),
         MergeRule(undated_days=None), MergeRule(window_days=None), MergeRule(near=None),
         MergeRule(match=None, near=None, window_days=1), DEFAULT_RULES["Support"]]


class Reports:
    """Random strike (or support) reports with unique ids; several per article, some sharing a
    sentence (the same first offset), so ties in ``_order`` are broken by the report's index.
    Strikes have two attackers (two cluster keys in one run); supports have one key, as a
    :class:`kg.replay.Run` holds one key in the store."""

    def __init__(self, seed: int, rule: MergeRule) -> None:
        self.rng, self.rule, self.count = random.Random(seed), rule, 0

    def new(self):
        rng = self.rng
        self.count += 1
        article = f"a{rng.randrange(12):02d}.txt"
        published = None if rng.random() < 0.1 else date(2015, 9, 1) + timedelta(days=rng.randrange(12))
        roles = {"attacker": [rng.choice(ACTORS)], "supporter": [ACTORS[0]], "recipient": [TARGETS[0]]}
        if rng.random() < 0.5:
            roles["target"] = rng.sample(TARGETS, rng.choice((1, 1, 2)))
        if rng.random() < 0.5:
            roles["place"] = rng.sample(PLACES, rng.choice((1, 2)))
        precision = rng.choice(("day", "day", "day", "month", "year", ""))
        when = date(2015, 9, 1) + timedelta(days=rng.randrange(14)) if precision else None
        first = rng.randrange(4)
        fact = Fact(self.rule.kind, article, roles, [Evidence(Span(article, first, first + 1, "x"), "test", 0.9)],
                    date=when, date_precision=precision)
        report = Report(fact, Article(article, "", publisher=f"p{rng.randrange(3)}", date=published))
        return make_item(f"r{self.count:04d}", report, self.rule, self.count)


def _apply(run: MemoryRun, outcome) -> dict[str, str]:
    """Each report's event after the replay: as stored, unless the outcome says otherwise."""
    founder = {id: run.event(id) for id in run.everything()}
    founder.update(outcome.moved)
    for event, members in outcome.events.items():
        for id in members:
            assert founder[id] == event
    return founder


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.describe()[:60])
@pytest.mark.parametrize("seed", range(4))
def test_replay_equals_cluster_after_every_insertion_and_removal(rule, seed):
    source = Reports(seed, rule)
    items = [source.new() for _ in range(60)]
    rng = random.Random(seed + 100)
    for _step in range(25):
        run = MemoryRun(items, rule)
        removed = rng.sample(items, rng.choice((0, 1, 1, 2, 5)))
        inserted = [source.new() for _ in range(rng.choice((0, 1, 1, 3)))]
        outcome = replay(run, rule, removed, inserted)
        items = [i for i in items if i not in removed] + inserted
        founder = _apply(run, outcome)
        for id in [i.id for i in removed]:
            founder.pop(id)
        expected = clustered(items, rule)
        assert founder == {id: event[0] for event in expected for id in event}
        for event, members in outcome.events.items():  # every event it reports is complete and in order
            want = next((e for e in expected if e[0] == event), [])
            assert members == want


def _mismatches(rule: MergeRule, seed: int) -> tuple[int, int]:
    """Random insertions and removals as above: (steps whose events differ from ``cluster``,
    reports ruled out by their days)."""
    source = Reports(seed, rule)
    items = [source.new() for _ in range(60)]
    rng = random.Random(seed + 100)
    wrong = ruled_out = 0
    for _step in range(25):
        run = MemoryRun(items, rule)
        removed = rng.sample(items, rng.choice((0, 1, 1, 2, 5)))
        inserted = [source.new() for _ in range(rng.choice((0, 1, 1, 3)))]
        outcome = replay(run, rule, removed, inserted)
        ruled_out += outcome.ruled_out
        items = [i for i in items if i not in removed] + inserted
        founder = {id: run.event(id) for id in run.everything()} | outcome.moved
        for id in [i.id for i in removed]:
            founder.pop(id)
        wrong += founder != {id: event[0] for event in clustered(items, rule) for id in event}
    return wrong, ruled_out


TIMED = [r for r in RULES if r.window_days is not None]


def test_reports_ruled_out_by_their_days_are_not_read_and_the_events_stay_exact():
    """The pruning is exercised (queued reports kept in their event unread) and exact."""
    results = [_mismatches(rule, seed) for rule in TIMED for seed in range(6)]
    assert sum(w for w, _ in results) == 0
    assert sum(n for _, n in results) > 50


def _strike(name: str, day: int | None, published: int = 20):
    """A strike by Russia on Islamic State in September 2015 (undated when ``day`` is None)."""
    when = date(2015, 9, day) if day else None
    fact = Fact("Strike", name, {"attacker": [ACTORS[0]], "target": [TARGETS[0]]},
                [Evidence(Span(name, 0, 1, "x"), "test", 0.9)], date=when, date_precision="day" if day else "")
    return make_item(name, Report(fact, Article(name, "", date=date(2015, 9, published))), MergeRule(), 0)


def _leaving_report_case() -> MemoryRun:
    """a (10 Sep) and x (11 Sep) are one event; the undated r (published 9 Sep: 10 Aug–9 Sep)
    is close to a but not to x, so it founds its own. Removing x, r joins a's event."""
    return MemoryRun([_strike("a", 10), _strike("x", 11), _strike("r", None, published=9)], MergeRule())


def test_a_report_that_a_removal_lets_join_an_earlier_event_is_not_ruled_out():
    run = _leaving_report_case()
    assert run.event("r") == "r"
    outcome = replay(run, MergeRule(), [run.item("x")], [])
    assert outcome.moved == {"r": "a"} and outcome.events["a"] == ["a", "r"]


@pytest.mark.parametrize("variant", ["every stored report", "no joined reports"])
def test_an_unsound_pruning_is_caught(monkeypatch, variant):
    """Deliberately wrong bounds for the days of a dirty event's reports before the report
    decided: all its stored reports (also later ones, and ones that left), or without the ones
    decided again that joined it. The checks above must then fail."""
    import kg.replay as replay_module

    if variant == "no joined reports":
        monkeypatch.setattr(replay_module._Span, "join", lambda self, order: None)
        assert sum(_mismatches(rule, seed)[0] for rule in TIMED for seed in range(6)) > 0
        return
    original = replay_module._Span.__init__

    def init(self, replay, founder):
        original(self, replay, founder)
        for id in self.stored:
            self.add(replay.order(id))
        self.cursor = len(self.stored)

    monkeypatch.setattr(replay_module._Span, "__init__", init)
    run = _leaving_report_case()
    assert replay(run, MergeRule(), [run.item("x")], []).moved != {"r": "a"}


def _without(part: str):
    """A wrong :func:`kg.replay.view_text`: the right one with ``part`` left out or blurred."""
    import json

    import kg.replay as replay_module

    real = replay_module.view_text

    def view(item, rule):
        dated, roles = json.loads(real(item, rule))
        if part == "generic":
            roles = {r: [[n, t, False] for n, t, _ in es] for r, es in roles.items()}
        elif part in ("targets", "places"):
            roles = {r: es for r, es in roles.items() if r != (rule.match if part == "targets" else rule.near)}
        return json.dumps([1 if part == "dated" else dated, roles])
    return view


@pytest.mark.parametrize("part", ["generic", "targets", "places", "dated"])
def test_a_view_missing_what_deciding_reads_is_caught(monkeypatch, part):
    """Stored reports are decided from their compact view (MemoryRun.view goes through its text
    as the store does): a view without whether a target is generic, without targets or places,
    or calling every report dated, must make the replay differ from ``cluster``."""
    import kg.replay as replay_module

    monkeypatch.setattr(replay_module, "view_text", _without(part))
    assert sum(_mismatches(rule, seed)[0] for rule in RULES for seed in range(6)) > 0


def test_a_report_removed_and_added_again_unchanged_changes_nothing():
    source = Reports(1, MergeRule())
    items = [source.new() for _ in range(30)]
    outcome = replay(MemoryRun(items, MergeRule()), MergeRule(), items[:3], items[:3])
    assert outcome.events == {} and outcome.moved == {} and outcome.decided == 0


def test_a_late_report_is_decided_alone():
    """A report dated after all others, sharing nothing with them, is the only one decided."""
    rule = MergeRule()
    source = Reports(2, rule)
    items = [source.new() for _ in range(80)]
    article = Article("z.txt", "", date=date(2016, 6, 1))
    fact = Fact("Strike", "z.txt", {"attacker": [ACTORS[0]], "target": [TARGETS[1]]},
                [Evidence(Span("z.txt", 0, 1, "x"), "test", 0.9)], date=date(2016, 6, 1), date_precision="day")
    outcome = replay(MemoryRun(items, rule), rule, [], [make_item("late", Report(fact, article), rule, 0)])
    assert outcome.decided == 1 and outcome.events == {"late": ["late"]}


# ---------------------------------------------------------------- in the store

SPOKESMEN = [Entity("Spokesman A", "Person"), Entity("Spokesman B", "Person")]


def _article(rng: random.Random, name: str):
    """A random extraction: strikes by two attackers (some undated, month- or year-dated, some
    naming neither target nor place, some claimed by a spokesman, some with only the spokesman's
    claim to find the attacker by), a support, an alliance, and whom a spokesman speaks for."""
    from kg.model import Extraction

    published = None if rng.random() < 0.1 else date(2015, 9, 1) + timedelta(days=rng.randrange(10))
    article = Article(name, "", publisher=f"p{rng.randrange(3)}", date=published)
    facts = []
    for i in range(rng.randrange(1, 6)):
        roles = {"attacker": [rng.choice(ACTORS)]}
        if rng.random() < 0.5:
            roles["target"] = rng.sample(TARGETS, rng.choice((1, 1, 2)))
        if rng.random() < 0.5:
            roles["place"] = rng.sample(PLACES, rng.choice((1, 2)))
        if rng.random() < 0.3:
            roles["claimed_by"] = [rng.choice(ACTORS + SPOKESMEN)]
        extra = {}
        if rng.random() < 0.15:
            roles = {"claimed_by": [rng.choice(SPOKESMEN)], **{k: v for k, v in roles.items() if k != "attacker"}}
            extra = {"self_claim": "yes"}
        precision = rng.choice(("day", "day", "day", "month", "year", ""))
        when = date(2015, 9, 1) + timedelta(days=rng.randrange(12)) if precision else None
        first = rng.randrange(3) * 10
        facts.append(Fact("Strike", name, roles, [Evidence(Span(name, first, first + 1 + i, "x"), "test", 0.9)],
                          date=when, date_precision=precision, extra=extra))
    if rng.random() < 0.25:
        facts.append(Fact("Membership", name, {"member": [rng.choice(SPOKESMEN)], "group": [rng.choice(ACTORS)]},
                          [Evidence(Span(name, 40, 41, "x"), "test", 0.9)]))
    if rng.random() < 0.5:
        facts.append(Fact("Support", name, {"supporter": [ACTORS[0]], "recipient": [TARGETS[1]]},
                          [Evidence(Span(name, 50, 51, "x"), "test", 0.9)]))
    if rng.random() < 0.3:
        facts.append(Fact("Alliance", name, {"party": ACTORS[:]}, [Evidence(Span(name, 60, 61, "x"), "test", 0.9)]))
    return Extraction(article, [], facts)


def _put(store, extraction) -> None:
    from kg.build import article_graph, article_graph_iri
    from kg.derived import EXTRACTION
    from kg.serialize import extraction_to_json
    from kg.store import rdflib_triples, replace_article_graph

    data = extraction_to_json(extraction)
    replace_article_graph(store, str(article_graph_iri(extraction.article.id)), rdflib_triples(article_graph(extraction)),
                          str(hash(data)), extraction.article.id, meta={EXTRACTION: data})


def _state(store) -> set[str]:
    """Every graph but the bookkeeping, and the replay's state (reports, their events, slots, signatures)."""
    from kg.derived import DATA, IN, MEMBER, POSITION, REPORT, SIGNATURE, SLOT
    from kg.store import DERIVED_GRAPH, GRAPH_DIGEST, META_GRAPH

    graphs = {str(q) for q in store.quads_for_pattern(None, None, None, None)
              if q.graph_name not in (DERIVED_GRAPH, META_GRAPH) and q.predicate != GRAPH_DIGEST}
    return graphs | {str(q) for p in (DATA, IN, MEMBER, POSITION, REPORT, SIGNATURE, SLOT) for q in store.quads_for_pattern(None, p, None, DERIVED_GRAPH)}


@pytest.mark.parametrize("seed", range(6))
def test_the_store_after_incremental_refreshes_equals_a_full_refresh(tmp_path, seed):
    """Random articles added, replaced, removed (and removed then added again) one step at a
    time; after every incremental refresh the events and the per-report state are exactly
    what a full refresh of the same articles writes. With seeds 4 and 5 new articles sort
    before the old ones, so they found events (and their memberships come first)."""
    import pyoxigraph as ox

    from kg.build import article_graph_iri
    from kg.derived import refresh_events
    from kg.store import remove_article_graph

    rng = random.Random(seed)
    first = 0 if seed < 4 else 50
    incremental, full = ox.Store(), ox.Store()
    present: dict[str, object] = {}
    for step in range(14):
        ops = []
        if step == 0:
            ops = [("put", _article(rng, f"a{i + first:02d}.txt")) for i in range(8)]
        else:
            choice = rng.choice(("add", "add", "replace", "remove", "again"))
            name = rng.choice(sorted(present))
            if choice == "add" or len(present) < 3:
                ops = [("put", _article(rng, f"a{step + 10 if first == 0 else first - step:02d}.txt"))]
            elif choice == "replace":
                ops = [("put", _article(rng, name))]
            elif choice == "remove":
                ops = [("remove", name)]
            else:
                ops = [("remove", name), ("put", present[name])]
        for store in (incremental, full):
            for op, what in ops:
                if op == "put":
                    _put(store, what)
                else:
                    remove_article_graph(store, str(article_graph_iri(what)), refresh=False)
        for op, what in ops:
            if op == "put":
                present[what.article.id] = what
            else:
                present.pop(what)
        result = refresh_events(incremental)
        assert result.full is (step == 0)
        refresh_events(full, full=True)
        assert _state(incremental) == _state(full), f"step {step}: {ops}"


def test_the_state_rules_id_is_the_same_in_every_process():
    """A new process must find the state it wrote (else every refresh there is a full one):
    the rules' description may not depend on Python's per-process string hashing."""
    import os
    import subprocess
    import sys

    code = "from kg.derived import _rules_id; print(_rules_id(None))"
    ids = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(ids) == 1


def test_a_store_from_the_previous_state_version_gets_a_full_refresh(tmp_path):
    """A store whose state was written by an older kg (another version tag) is rebuilt in full,
    then refreshed incrementally."""
    import pyoxigraph as ox

    from kg.derived import RULES, _STATE_NODE, refresh_events
    from kg.store import DERIVED_GRAPH

    rng = random.Random(5)
    store = ox.Store()
    for i in range(4):
        _put(store, _article(rng, f"a{i}.txt"))
    refresh_events(store)
    store.update(f"DELETE WHERE {{ GRAPH {DERIVED_GRAPH} {{ {_STATE_NODE} {RULES} ?v }} }} ;"
                 f"INSERT DATA {{ GRAPH {DERIVED_GRAPH} {{ {_STATE_NODE} {RULES} \"Strike: old\" }} }}")
    _put(store, _article(rng, "a9.txt"))
    assert refresh_events(store).full is True
    _put(store, _article(rng, "a8.txt"))
    assert refresh_events(store).full is False


def test_a_report_joining_a_support_event_reads_none_of_its_reports_back():
    """A key that is one event (supports) takes a new report from its stored summary: no stored
    report is read back, the event keeps its IRI, and the store is what a full refresh makes."""
    import pyoxigraph as ox

    from kg.build import EVENTS_GRAPH, KGO
    from kg.derived import refresh_events
    from kg.model import Extraction

    def support(name: str, publisher: str):
        article = Article(name, "", publisher=publisher, date=date(2015, 9, 1))
        fact = Fact("Support", name, {"supporter": [ACTORS[0]], "recipient": [TARGETS[1]], "weapon": [PLACES[0]]},
                    [Evidence(Span(name, 5, 9, "x"), "test", 0.9)])
        return Extraction(article, [], [fact])

    incremental, full = ox.Store(), ox.Store()
    for store in (incremental, full):
        for i in range(6):
            _put(store, support(f"a{i}.txt", f"p{i % 2}"))
        refresh_events(store)
    events = ox.NamedNode(str(EVENTS_GRAPH))
    [before] = [q.subject for q in incremental.quads_for_pattern(None, ox.NamedNode(str(KGO.reportCount)), None, events)]
    for store in (incremental, full):
        _put(store, support("0.txt", "p2"))  # sorts first: it would have founded the event
    result = refresh_events(incremental)
    refresh_events(full, full=True)
    assert result.full is False and result.read == 0 and result.decided == 1
    assert _state(incremental) == _state(full)
    assert [q.object.value for q in incremental.quads_for_pattern(before, ox.NamedNode(str(KGO.reportCount)), None, events)] == ["7"]


def _claimed_strikes(name: str, publisher: str):
    """An article with one strike by Russia on a target, claimed by Spokesman A."""
    from kg.model import Extraction

    article = Article(name, "", publisher=publisher, date=date(2015, 9, 3))
    fact = Fact("Strike", name, {"attacker": [ACTORS[0]], "target": [TARGETS[0]], "claimed_by": [SPOKESMEN[0]]},
                [Evidence(Span(name, 1, 5, "x"), "test", 0.9)], date=date(2015, 9, 2), date_precision="day")
    return Extraction(article, [], [fact])


def _membership(name: str, group: Entity):
    """An article saying only that Spokesman A belongs to ``group``."""
    from kg.model import Extraction

    fact = Fact("Membership", name, {"member": [SPOKESMEN[0]], "group": [group]}, [Evidence(Span(name, 1, 5, "x"), "test", 0.9)])
    return Extraction(Article(name, "", publisher="p9", date=date(2015, 9, 3)), [], [fact])


def _grades_after_affiliation_changes(regrade_on=None):
    """Articles whose strikes Spokesman A claims; then memberships that sort first: one naming
    Russia with other aliases (the answer changes, the grades cannot), one naming another
    state (the grades change). Returns each refresh's events looked at; asserts every
    incremental refresh equals a full one."""
    import pyoxigraph as ox

    from kg.derived import refresh_events

    incremental, full = ox.Store(), ox.Store()
    looked = []
    steps = [[_claimed_strikes(f"a{i}.txt", f"p{i}") for i in range(3)] + [_membership("m5.txt", ACTORS[0])],
             [_membership("m1.txt", Entity("Russia", "State", aliases=frozenset({"Moscow"})))],
             [_membership("m0.txt", ACTORS[1])]]
    for extractions in steps:
        for store in (incremental, full):
            for x in extractions:
                _put(store, x)
        result = refresh_events(incremental)
        refresh_events(full, full=True)
        looked.append(result.events)
        assert _state(incremental) == _state(full), f"after {[x.article.id for x in extractions]}"
    return looked


def test_an_answer_differing_only_in_its_aliases_grades_nothing_again():
    """Who speaks for whom changes its answer's aliases only: no event is graded again; when it
    names another state, the events its claims confirmed are graded again, exactly."""
    looked = _grades_after_affiliation_changes()
    assert looked[1] == 0 and looked[2] > 0


def test_never_grading_again_on_an_affiliation_change_is_caught(monkeypatch):
    """The wrong variant of the above (grading nothing again when an answer changes) must fail."""
    import kg.derived as derived

    real = derived._affected_actors
    monkeypatch.setattr(derived, "_affected_actors", lambda *a: (real(*a)[0], set()))
    with pytest.raises(AssertionError, match="m0.txt"):
        _grades_after_affiliation_changes()
