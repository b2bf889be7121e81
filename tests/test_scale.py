"""Scale: parallel extraction gives the same graph, runs are deterministic, logs and bench work."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, run_kg
from kg.build import build_dataset, merged_graph, union_graph
from kg.gazetteer import load_gazetteer
from kg.ingest import scan_corpus
from kg.pipeline import BuildOptions, build_graph, extract_folder, extract_shard
from kg.resolve import resolve
from kg.synthetic import write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("scale") / "articles", 40, seed=3)


def kg_build(corpus, out, *args, hash_seed="0"):
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=hash_seed)
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--no-html", *args],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_two_workers_give_the_same_turtle_as_one(corpus, tmp_path):
    quiet = kg_build(corpus, tmp_path / "one", "--workers", "1", hash_seed="1")
    assert quiet.stderr == ""  # no progress bar when stderr is not a terminal
    kg_build(corpus, tmp_path / "two", "--workers", "2", hash_seed="2")
    one = (tmp_path / "one" / "graph.ttl").read_bytes()
    assert one == (tmp_path / "two" / "graph.ttl").read_bytes()
    assert one.count(b"kgo:Strike") > 10
    assert b"kgo:StrikeEvent" in one  # events are merged once, after the shards are gathered


def test_shards_gathered_then_resolved_equal_one_pass(corpus):
    scanned = scan_corpus(corpus)
    paths, meta = scanned.paths, scanned.metadata
    shards = [extract_shard(paths[:13], None, meta), extract_shard(paths[13:29], None, meta),
              extract_shard(paths[29:], None, meta)]
    sharded = resolve([x for shard in shards for x in shard], load_gazetteer())
    whole = extract_folder(corpus)
    assert merged_graph(sharded).serialize(format="turtle") == merged_graph(whole).serialize(format="turtle")


def test_merged_graph_equals_union_of_the_dataset(corpus):
    result = build_graph(corpus)
    assert set(result.graph) == set(union_graph(build_dataset(result.extractions, result.events)))
    assert len(list(result.dataset.graphs())) >= 40  # one named graph per article


def test_keep_text_false_drops_article_texts(corpus):
    result = build_graph(corpus, options=BuildOptions(keep_text=False))
    assert all(x.article.text == "" for x in result.extractions)
    assert set(result.graph) == set(build_graph(corpus).graph)


def test_verbose_and_json_logs(corpus, tmp_path):
    proc = kg_build(corpus, tmp_path / "out", "-v")
    assert proc.stderr.splitlines()[0] == "checked 40 files: 40 usable, 0 skipped"
    assert any(line.startswith("built ") and line.endswith(" s") for line in proc.stderr.splitlines())
    (corpus.parent / "bad").mkdir(exist_ok=True)
    bad = corpus.parent / "bad"
    (bad / "a.txt").write_text("Russia struck Idlib.", encoding="utf-8")
    (bad / "b.txt").write_bytes(b"")
    proc = kg_build(bad, tmp_path / "out2", "--log-json")
    records = [json.loads(line) for line in proc.stderr.splitlines() if line.startswith("{")]
    assert records == [{**records[0], "level": "WARNING", "logger": "kg.ingest", "source": str(bad / "b.txt"),
                        "problem": "empty article", "message": f"skipped {bad / 'b.txt'}: empty article"}]


def test_bench_build_prints_rate_and_memory():
    proc = run_kg("bench", "build", "--sizes", "15")
    assert proc.returncode == 0, proc.stderr
    header, row = proc.stdout.splitlines()
    assert header.split()[:6] == ["articles", "text", "MB", "workers", "seconds", "articles/s"]
    fields = row.split()
    assert fields[0] == "15" and float(fields[4]) > 0 and float(fields[6]) > 50  # peak MB


def test_bench_build_rejects_bad_sizes():
    proc = run_kg("bench", "build", "--sizes", "ten")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "kg: error: ten: bad --sizes (want positive integers separated by commas, e.g. 1000,10000)"
