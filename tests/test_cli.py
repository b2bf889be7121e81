"""The command line contract of shared/vocabulary.md: build, query, export, and bad input."""

from __future__ import annotations

import csv
import io
import json
import shutil

import networkx as nx
import pytest
import rdflib

from conftest import EXAMPLES, run_kg


@pytest.fixture(scope="module")
def cli_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli")
    proc = run_kg("build", str(EXAMPLES), "--out", str(out), check=True)
    assert "5 articles" in proc.stdout
    return out


def test_build_writes_turtle_and_html(cli_out):
    graph = rdflib.Graph().parse(cli_out / "graph.ttl", format="turtle")
    assert len(graph) > 1000
    html = (cli_out / "graph.html").read_text(encoding="utf-8")
    assert "<html" in html and "vis.Network" in html


def test_query_formats(cli_out):
    graph = str(cli_out / "graph.ttl")
    as_csv = run_kg("query", "us_backed_tow_recipients_struck", "--graph", graph, "--format", "csv", check=True).stdout
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert len(rows) == 5
    as_json = json.loads(run_kg("query", "us_backed_tow_recipients_struck", "--graph", graph, "--format", "json", check=True).stdout)
    assert len(as_json["results"]["bindings"]) == 5
    table = run_kg("query", "us_backed_tow_recipients_struck", "--graph", graph, check=True).stdout
    assert table.rstrip().endswith("(5 rows)")


def test_query_by_file_path(cli_out):
    from kg.resources import queries_dir

    path = queries_dir() / "who_backs_whom.rq"
    proc = run_kg("query", str(path), "--graph", str(cli_out / "graph.ttl"), "--format", "csv", check=True)
    assert proc.stdout.startswith("supporterName,recipientName")


@pytest.mark.parametrize("fmt,parse", [
    ("ttl", lambda p: rdflib.Graph().parse(p, format="turtle")),
    ("nt", lambda p: rdflib.Graph().parse(p, format="nt")),
    ("jsonld", lambda p: rdflib.Graph().parse(p, format="json-ld")),
    ("trig", lambda p: rdflib.Dataset().parse(p, format="trig")),
    ("graphml", nx.read_graphml),
])
def test_export_formats(cli_out, tmp_path, fmt, parse):
    target = tmp_path / f"graph.{fmt}"
    run_kg("export", "--graph", str(cli_out / "graph.ttl"), "--format", fmt, "--out", str(target), check=True)
    parsed = parse(target)
    assert len(parsed) > 0


def test_trig_has_one_named_graph_per_article(cli_out, tmp_path):
    target = tmp_path / "graph.trig"
    run_kg("export", "--graph", str(cli_out / "graph.ttl"), "--format", "trig", "--out", str(target), check=True)
    dataset = rdflib.Dataset().parse(target, format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert sum("/graph/" in n for n in names if not n.endswith("/graph/events")) == 5
    assert any(n.endswith("/graph/events") for n in names)  # merged events: kg.merge


def _assert_bad_input(proc, needle: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("kg: error:") and needle in lines[0]


def test_missing_directory(tmp_path):
    missing = tmp_path / "nope"
    proc = run_kg("build", str(missing), "--out", str(tmp_path / "out"))
    _assert_bad_input(proc, str(missing))
    assert not (tmp_path / "out" / "graph.ttl").exists()


@pytest.mark.parametrize("name,content,problem", [
    ("latin1.txt", "Russian jets struck Homs, café".encode("latin-1"), "UTF-8"),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
])
def test_unusable_article(tmp_path, name, content, problem):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / name).write_bytes(content)
    proc = run_kg("build", str(folder), "--out", str(tmp_path / "out"))
    _assert_bad_input(proc, name)
    assert problem in proc.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_failed_build_keeps_previous_outputs(tmp_path, cli_out):
    out = tmp_path / "out"
    shutil.copytree(cli_out, out)
    before = (out / "graph.ttl").read_bytes()
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "bad.txt").write_bytes(b"\xff\xfe broken")
    proc = run_kg("build", str(folder), "--out", str(out))
    assert proc.returncode == 2
    assert (out / "graph.ttl").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in cli_out.iterdir())


def test_unknown_query_name(cli_out):
    proc = run_kg("query", "no_such_query", "--graph", str(cli_out / "graph.ttl"))
    _assert_bad_input(proc, "no_such_query")


def test_malformed_sparql(cli_out, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?y ", encoding="utf-8")
    proc = run_kg("query", str(bad), "--graph", str(cli_out / "graph.ttl"))
    _assert_bad_input(proc, "bad.rq")
    assert "malformed SPARQL" in proc.stderr


def test_malformed_graph(tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix x: <http://x/> . x:a x:b ", encoding="utf-8")
    proc = run_kg("query", "who_backs_whom", "--graph", str(bad))
    _assert_bad_input(proc, "broken.ttl")


def test_unknown_export_format(cli_out):
    proc = run_kg("export", "--graph", str(cli_out / "graph.ttl"), "--format", "docx")
    _assert_bad_input(proc, "docx")
