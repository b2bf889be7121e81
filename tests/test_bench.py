"""kg bench: the reason bench's synthetic ABox has the vocabulary's shape; the extract bench prints its figures and the goal (no timing here)."""

from __future__ import annotations

from rdflib.namespace import PROV, RDF

from kg.bench.reason import markdown_table, synthetic_abox
from kg.build import KGO
from kg.validate import shacl_violations


def test_synthetic_abox_has_the_vocabularys_shape():
    graph = synthetic_abox(400)
    individuals = set(graph.subjects(RDF.type, None))
    assert 350 <= len(individuals) <= 450
    strikes = set(graph.subjects(RDF.type, KGO.Strike))
    assert len(strikes) == 180
    for strike in strikes:
        assert (strike, KGO.attacker, None) in graph and (strike, PROV.wasDerivedFrom, None) in graph
    assert set(graph.subjects(RDF.type, KGO.Support))
    assert not [v for v in shacl_violations(graph) if v.severity == "Violation"]
    assert synthetic_abox(400).isomorphic(graph)


def test_markdown_table_keeps_failed_runs():
    table = markdown_table([{"engine": "fast", "individuals": 10, "seconds": 1.0},
                            {"engine": "hermit", "individuals": 10, "error": "not done after 5 s"}])
    assert table.splitlines()[0] == "| engine | individuals | seconds |"
    assert "not done after 5 s" in table.splitlines()[-1]


def test_store_bench_engines_and_repeats():
    """``--engines`` keeps Oxigraph (the base of every ratio); a timed-out query is not repeated."""
    import pytest

    from kg.bench.store import _timed, parse_engines
    from kg.errors import KGError
    from kg.store import Results

    assert parse_engines("virtuoso") == ("oxigraph", "virtuoso")
    assert parse_engines("rdflib, oxigraph,virtuoso") == ("oxigraph", "rdflib", "virtuoso")
    with pytest.raises(KGError, match="unknown engine jena"):
        parse_engines("oxigraph,jena")
    calls = []

    def run(text):
        calls.append(text)
        return Results(["x"], [])

    timed = _timed(run, "SELECT * WHERE {}", 3, lambda: 0.0)
    assert len(calls) == 3 and timed["runs"] == 3 and timed["rows"] == 0 and timed["s"] >= 0

    class Slow(Exception):
        pass

    def slow(text):
        calls.append(text)
        raise Slow()

    calls.clear()
    assert _timed(slow, "q", 3, lambda: 0.0, Slow, 60) == {"s": None, "cpu": None, "runs": 0}
    assert len(calls) == 1


def test_bench_extract_prints_the_figures_and_the_goal(tmp_path, monkeypatch):
    """kg bench extract on a tiny corpus: every line of the summary, and the goal verdict
    (the format only; the figures depend on the machine)."""
    import re

    import kg.bench.extract as bench
    from kg.bench.extract import GOAL_CHARS_PER_CPU_SECOND, BenchResult, bench_extract

    monkeypatch.setattr(bench, "_pin_one_core", lambda: "1 process (not pinned)")  # leave the test process alone

    (tmp_path / "a.txt").write_text("Russian jets struck Idlib on Monday.\n\nThe Syrian army said it had advanced.\n",
                                    encoding="utf-8")
    result = bench_extract(size_mb=0.001, folder=tmp_path)
    lines = result.summary().splitlines()
    assert re.fullmatch(r"corpus: [\d,]+ characters in \d+ synthetic articles", lines[0])
    assert re.fullmatch(r"throughput: [\d,]+ characters per CPU second \([\d,]+ per wall-clock second\)", lines[2])
    assert re.fullmatch(r"goal 500,000 characters per CPU second: (met|not met)", lines[3])
    assert result.characters >= 1000 and result.facts >= 0
    fast = BenchResult(1_000_000, 1, 1.0, 1.0, 50.0, 0, "1 core")
    slow = BenchResult(GOAL_CHARS_PER_CPU_SECOND - 1, 1, 1.0, 1.0, 50.0, 0, "1 core")
    assert fast.goal_verdict == "met" and slow.goal_verdict == "not met"
    assert fast.summary().splitlines()[3].endswith(": met")
