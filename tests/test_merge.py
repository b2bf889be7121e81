"""Merging reports of one strike into one event, grades, and undoing a merge when an article goes."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF

from kg import build_graph
from kg.analyze import actor_network
from kg.build import EVENTS_GRAPH, KGO, KGR, event_iri
from kg.merge import GRADES, MergeRule, Report, cluster, grade, union_roles
from kg.model import Article, Entity, Evidence, Fact, Span
from kg.store import load_graph, open_store

from conftest import EXAMPLES

RUSSIA = Entity("Russia", "State")
ISIS = Entity("Islamic State", "ArmedGroup")
NUSRA = Entity("Jabhat al-Nusra", "ArmedGroup")
HOMS = Entity("Homs", "Place")
SYRIA = Entity("Syria", "Place")


def report(article_id: str, roles: dict, when: date | None = None, published: date = date(2015, 10, 1),
           publisher: str = "") -> Report:
    text = "x" * 10
    fact = Fact("Strike", article_id, roles, [Evidence(Span(article_id, 0, 10, text), "test", 0.9)], date=when,
                date_precision="day" if when else "")
    return Report(fact, Article(article_id, text, publisher=publisher or article_id, date=published))


def test_same_attacker_target_and_day_merge_across_articles():
    a = report("a.txt", {"attacker": [RUSSIA], "target": [ISIS]}, date(2015, 9, 30))
    b = report("b.txt", {"attacker": [RUSSIA], "target": [ISIS], "place": [HOMS]}, date(2015, 10, 1))
    events = cluster([a, b], MergeRule())
    assert len(events) == 1 and events[0].articles == ["a.txt", "b.txt"]


def test_other_target_or_other_week_is_another_event():
    a = report("a.txt", {"attacker": [RUSSIA], "target": [ISIS]}, date(2015, 9, 30))
    b = report("b.txt", {"attacker": [RUSSIA], "target": [NUSRA]}, date(2015, 9, 30))
    c = report("c.txt", {"attacker": [RUSSIA], "target": [ISIS]}, date(2015, 10, 7))
    assert len(cluster([a, b, c], MergeRule())) == 3


def test_window_is_tunable():
    a = report("a.txt", {"attacker": [RUSSIA], "target": [ISIS]}, date(2015, 9, 30))
    c = report("c.txt", {"attacker": [RUSSIA], "target": [ISIS]}, date(2015, 10, 3))
    assert len(cluster([a, c], MergeRule(window_days=1))) == 2
    assert len(cluster([a, c], MergeRule(window_days=3))) == 1


def test_a_shared_country_is_not_enough_but_a_shared_city_is():
    a = report("a.txt", {"attacker": [RUSSIA], "place": [SYRIA, HOMS]}, date(2015, 9, 30))
    b = report("b.txt", {"attacker": [RUSSIA], "place": [HOMS]}, date(2015, 9, 30))
    c = report("c.txt", {"attacker": [RUSSIA], "target": [NUSRA], "place": [SYRIA]}, date(2015, 9, 30))
    events = cluster([a, b, c], MergeRule())
    assert sorted(e.articles for e in events) == [["a.txt", "b.txt"], ["c.txt"]]


def test_undated_reports_merge_only_within_their_window_and_when_allowed():
    dated = report("a.txt", {"attacker": [RUSSIA], "target": [NUSRA]}, date(2015, 9, 30))
    undated = report("b.txt", {"attacker": [RUSSIA], "target": [NUSRA]}, None, published=date(2015, 10, 21))
    assert len(cluster([dated, undated], MergeRule(undated_days=30))) == 1
    assert len(cluster([dated, undated], MergeRule(undated_days=7))) == 2
    assert len(cluster([dated, undated], MergeRule(undated_days=None))) == 2


def test_grades_follow_their_order():
    mod = Entity("Russian Ministry of Defence", "Organization")
    us = Entity("United States", "State")
    speaks_for = {mod: RUSSIA}
    claimed = report("a.txt", {"attacker": [RUSSIA], "target": [ISIS], "claimed_by": [mod]}, date(2015, 9, 30))
    denied = report("b.txt", {"attacker": [RUSSIA], "target": [ISIS], "disputed_by": [us]}, date(2015, 9, 30))
    other = report("c.txt", {"attacker": [RUSSIA], "target": [ISIS]}, date(2015, 9, 30), publisher="c")
    same_publisher = report("d.txt", {"attacker": [RUSSIA], "target": [ISIS]}, date(2015, 9, 30), publisher="c")

    def graded(*reports):
        event = cluster(list(reports), MergeRule())[0]
        event.roles = union_roles(event)
        return grade(event, speaks_for)

    assert graded(claimed, denied)[0] == "Contested"
    assert graded(claimed, other)[0] == "ConfirmedByAttacker"
    assert graded(other, report("e.txt", {"attacker": [RUSSIA], "target": [ISIS]}, date(2015, 9, 30)))[0] == "MultiSource"
    assert graded(other, same_publisher)[0] == "SingleSource"  # one publisher is one source
    rule = graded(claimed, denied)[1]
    assert rule.startswith("Contested") and "United States" in rule


# ---------------------------------------------------------------- the bundled articles

def _events_with(result, target: str) -> list:
    return [e for e in result.events if e.kind == "Strike" and target in {t.name for t in e.roles.get("target", [])}]


def test_bundled_tajamu_strike_is_one_event_from_two_articles(built):
    result, _ = built
    events = [e for e in _events_with(result, "Tajamu Alezzah") if len(e.articles) >= 2]
    assert events, "the strike on Tajamu al-Izza (articles 002 and 003) should be merged"
    event = events[0]
    assert {"002_debd79b6dfc0f7d1.txt", "003_35347e780a61683e.txt"} <= set(event.articles)
    node = event_iri(event)
    graph = result.graph
    assert (node, RDF.type, KGO.StrikeEvent) in graph
    articles = {str(graph.value(a, URIRef("http://purl.org/dc/terms/identifier"))) for a in graph.objects(node, KGO.reportedIn)}
    assert {"002_debd79b6dfc0f7d1.txt", "003_35347e780a61683e.txt"} <= articles
    # every report stays traceable: linked both ways, with its own article and evidence
    reports = set(graph.objects(node, KGO.report))
    assert len(reports) == int(graph.value(node, KGO.reportCount)) >= 2
    for r in reports:
        assert (r, KGO.reportOf, node) in graph and (r, RDF.type, KGO.Strike) in graph
        for evidence in graph.objects(r, PROV.wasDerivedFrom):
            assert (node, PROV.wasDerivedFrom, evidence) in graph
    # the event lives in the events graph, its reports in their articles' graphs
    assert (node, RDF.type, KGO.StrikeEvent, EVENTS_GRAPH) in result.dataset
    assert not any(g != EVENTS_GRAPH for _, _, _, g in result.dataset.quads((node, None, None, None)))


def test_bundled_homs_hama_strikes_of_30_september_are_merged(built):
    result, _ = built
    homs = Entity("Homs", "Place")
    merged = [e for e in result.events if e.kind == "Strike" and len(e.articles) >= 2
              and any(f.date == date(2015, 9, 30) for f in e.facts)
              and any(homs in f.role("place") for f in e.facts)]
    assert merged
    covered = set().union(*(e.articles for e in merged))
    assert len(covered & {"001_785e7d36e74fc26e.txt", "002_debd79b6dfc0f7d1.txt", "004_4e7ccc9cad03257e.txt"}) >= 2


def test_every_report_belongs_to_exactly_one_graded_event(built):
    result, _ = built
    graph = result.graph
    assert len({event_iri(e) for e in result.events}) == len(result.events)
    for kind in ("Strike", "Support", "Alliance"):
        for fact in graph.subjects(RDF.type, KGO[kind]):
            events = list(graph.objects(fact, KGO.reportOf))
            assert len(events) == 1, fact
            grades = list(graph.objects(events[0], KGO.grade))
            assert len(grades) == 1 and str(grades[0]).rsplit("#", 1)[-1] in GRADES
            assert graph.value(events[0], KGO.gradeRule) is not None
    for event in result.events:
        if event.grade == "Contested":
            assert event.roles.get("disputed_by")
        if event.grade == "MultiSource":
            assert len(event.sources) >= 2


def test_grades_reach_the_actor_network_and_the_html(built):
    result, out = built
    store = open_store()
    load_graph(store, result.graph)
    network = actor_network(store)
    struck = [d for _, _, d in network.edges(data=True) if d["relation"] == "struck"]
    assert struck and all(d["grade"] in GRADES for d in struck)
    assert "grade: MultiSource" in (out / "graph.html").read_text(encoding="utf-8")


def test_removing_an_article_undoes_its_merges(built, tmp_path):
    result, _ = built
    full = {event_iri(e): e for e in result.events if len(e.articles) >= 2}
    tajamu = [iri for iri, e in full.items() if "003_35347e780a61683e.txt" in e.articles
              and "Tajamu Alezzah" in {t.name for t in e.roles.get("target", [])}]
    assert tajamu
    folder = tmp_path / "articles"
    shutil.copytree(EXAMPLES, folder)
    (folder / "003_35347e780a61683e.txt").unlink()
    smaller = build_graph(folder)
    iris = {event_iri(e) for e in smaller.events}
    # an event keeps its IRI while its founder (first report) stays: the merged event goes on
    # as 002's own event only if 002 founded it, and no longer reports article 003 either way
    founders = {event_iri(e): e.founder.article.id for e in result.events}
    assert all(founders[iri] != "003_35347e780a61683e.txt" for iri in iris & set(tajamu))
    for event in smaller.events:
        assert "003_35347e780a61683e.txt" not in event.articles
    # what article 002 said about Tajamu is still there, now an event of its own article only
    left = _events_with(smaller, "Tajamu Alezzah")
    assert left and all(e.articles == ["002_debd79b6dfc0f7d1.txt"] for e in left)
    # and no event in the graph still points at a report of the removed article
    assert not list(smaller.graph.subjects(KGO.reportedIn, KGR["article/003-35347e780a61683e"]))
    # merges that did not involve 003 are unchanged
    kept = [iri for iri, e in full.items() if "003_35347e780a61683e.txt" not in e.articles]
    assert kept and set(kept) <= iris


def test_merge_rules_can_be_passed_to_build(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("002_debd79b6dfc0f7d1.txt", "003_35347e780a61683e.txt", "metadata.json"):
        shutil.copy(EXAMPLES / name, folder / name)
    loose = build_graph(folder)
    strict = build_graph(folder, merge_rules={"Strike": MergeRule("Strike", window_days=0, undated_days=None)})
    multi = lambda r: sum(1 for e in r.events if e.kind == "Strike" and len(e.articles) >= 2)
    assert multi(loose) >= 1
    assert multi(strict) < multi(loose)
    assert any(Literal(MergeRule("Strike", window_days=0, undated_days=None).describe()) == o
               for o in strict.graph.objects(None, KGO.mergeRule))


def test_new_queries_run_from_the_cli(built):
    from conftest import run_kg

    _, out = built
    for name in ("disputed_strikes", "claims_vs_counterclaims", "multi_source_strikes", "claims_by_day"):
        proc = run_kg("query", name, "--graph", str(out / "graph.ttl"), "--format", "csv", check=True)
        header, *rows = proc.stdout.strip().splitlines()
        assert "article" in header.lower() and "quote" in header.lower() and "grade" in header
        assert rows, name


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own TriG parser internals
def test_trig_export_puts_events_in_the_events_graph(built, tmp_path):
    from rdflib import Dataset

    from conftest import run_kg

    _, out = built
    target = tmp_path / "graph.trig"
    run_kg("export", "--graph", str(out / "graph.ttl"), "--format", "trig", "--out", str(target), check=True)
    dataset = Dataset()
    dataset.parse(str(target), format="trig")
    homes = {g for _, _, _, g in dataset.quads((None, RDF.type, KGO.StrikeEvent, None))}
    assert homes == {EVENTS_GRAPH}
    assert {g for _, _, _, g in dataset.quads((None, KGO.reportOf, None, None))} == {EVENTS_GRAPH}


# ---------------------------------------------------------------- stable event IRIs, summaries

def _graph_of(events):
    from kg.build import events_graph
    from kg.merge import grade as grade_event

    for event in events:
        event.roles = union_roles(event)
        event.grade, event.grade_rule = grade_event(event, {})
    return events_graph(events)


def test_an_event_keeps_its_iri_when_a_later_report_joins_and_loses_it_with_its_founder():
    a = report("a.txt", {"attacker": [RUSSIA], "target": [ISIS]}, date(2015, 9, 30))
    b = report("b.txt", {"attacker": [RUSSIA], "target": [ISIS]}, date(2015, 9, 30))
    early = report("0.txt", {"attacker": [RUSSIA], "target": [ISIS]}, date(2015, 9, 30))
    rule = MergeRule()
    [alone], [both] = cluster([a], rule), cluster([a, b], rule)
    assert event_iri(alone) == event_iri(both)
    [led] = cluster([a, b, early], rule)  # an earlier report founds it now: another IRI
    assert len(led.reports) == 3 and event_iri(led) != event_iri(both)
    [rest] = cluster([b], rule)
    assert event_iri(rest) != event_iri(both)


def test_a_support_event_is_named_by_its_key():
    from kg.merge import DEFAULT_RULES

    def support(article_id: str, recipient: Entity) -> Report:
        fact = Fact("Support", article_id, {"supporter": [RUSSIA], "recipient": [recipient]},
                    [Evidence(Span(article_id, 0, 10, "x" * 10), "test", 0.9)])
        return Report(fact, Article(article_id, "x" * 10, publisher=article_id))

    rule = DEFAULT_RULES["Support"]
    [one] = cluster([support("b.txt", ISIS)], rule)
    [two] = cluster([support("a.txt", ISIS), support("b.txt", ISIS)], rule)
    [other] = cluster([support("b.txt", NUSRA)], rule)
    assert event_iri(one) == event_iri(two) != event_iri(other)


def test_a_summary_counts_reports_in_and_out_and_gives_the_events_triples():
    """What kg.derived keeps per event: adding a report and taking it out again gives the same
    summary, and the triples made from the summary are those of the event itself."""
    from kg.merge import Summary, summarize

    reports = [report("a.txt", {"attacker": [RUSSIA], "target": [ISIS, NUSRA], "place": [HOMS]}, date(2015, 9, 30)),
               report("b.txt", {"attacker": [RUSSIA], "target": [NUSRA]}, date(2015, 10, 1), publisher="p"),
               report("c.txt", {"attacker": [RUSSIA], "target": [NUSRA]}, date(2015, 9, 30), publisher="p")]
    [event] = cluster(reports, MergeRule())
    summary = Summary.from_json(summarize(event).to_json())
    extra = report("d.txt", {"attacker": [RUSSIA], "target": [ISIS], "place": [SYRIA]}, None)
    summary.add(extra)
    summary.add(extra, -1)
    assert summary == summarize(event) and summary.reports == 3 and summary.source_list() == ["a.txt", "p"]
    assert summary.first_date() == (date(2015, 9, 30), "day")
    graph = _graph_of([event])
    node = event_iri(event)
    assert str(graph.value(node, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == \
        "Russia struck Islamic State, Jabhat al-Nusra (3 reports, MultiSource)"  # names sorted
    assert int(graph.value(node, KGO.sourceCount)) == 2 and int(graph.value(node, KGO.reportCount)) == 3
