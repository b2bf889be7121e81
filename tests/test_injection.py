"""User-supplied values are bound into SPARQL, never pasted into its text."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, run_kg
from kg import KGError, run_query
from kg.query import parse_param

HOSTILE = 'x" } DROP ALL ; INSERT DATA { <urn:a> <urn:b> "c" } #{"}\'\\'

BY_LABEL = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?node ?name WHERE { ?node rdfs:label ?label . FILTER(STR(?label) = ?name) } ORDER BY ?node
"""


@pytest.fixture()
def query_file(tmp_path):
    path = tmp_path / "by_label.rq"
    path.write_text(BY_LABEL, encoding="utf-8")
    return path


def test_param_binds_a_value(built, query_file):
    _, out = built
    proc = run_kg("query", str(query_file), "--graph", str(out / "graph.ttl"), "--param", "name=Russia", "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "https://w3id.org/conflict-kg/id/russia,Russia" in proc.stdout.splitlines()


def test_hostile_param_is_only_a_value(built, query_file):
    _, out = built
    graph = out / "graph.ttl"
    before = graph.read_bytes()
    proc = run_kg("query", str(query_file), "--graph", str(graph), "--param", f"name={HOSTILE}")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "(0 rows)"
    assert graph.read_bytes() == before


def test_hostile_param_from_python(built, query_file):
    result, out = built
    rows = run_query(query_file, graph=out / "graph.ttl", params={"name": HOSTILE}).rows
    assert rows == []
    # a label that really holds quotes and braces is found by binding, not broken by it
    rows = run_query(query_file, graph=out / "graph.ttl", params={"name": "Russia"}).rows
    assert len(rows) == 1


def test_param_value_forms():
    assert parse_param("who=<https://w3id.org/conflict-kg/id/russia>")[1].value == "https://w3id.org/conflict-kg/id/russia"
    name, term = parse_param('?name="Russia"@en')
    assert (name, term.value, term.language) == ("name", "Russia", "en")
    assert parse_param("name=a=b")[1].value == "a=b"


@pytest.mark.parametrize("bad", ["noequals", "1x=3", "x y=3", "=3"])
def test_bad_param_is_reported(bad):
    with pytest.raises(KGError) as caught:
        parse_param(bad)
    assert caught.value.problem == "bad --param (want NAME=VALUE, NAME a SPARQL variable name)"


def test_bad_param_on_the_command_line(built, query_file):
    _, out = built
    proc = run_kg("query", str(query_file), "--graph", str(out / "graph.ttl"), "--param", "x y=1")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "kg: error: x y=1: bad --param (want NAME=VALUE, NAME a SPARQL variable name)"


def test_lang_tagged_param_matches_labels(built, tmp_path):
    _, out = built
    query = tmp_path / "exact.rq"
    query.write_text("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?node ?name WHERE { ?node rdfs:label ?name }")
    proc = run_kg("query", str(query), "--graph", str(out / "graph.ttl"), "-p", 'name="Russia"@en', "-f", "csv")
    assert proc.stdout.splitlines() == ["node,name", "https://w3id.org/conflict-kg/id/russia,Russia"]


def test_param_for_a_variable_not_selected_is_reported(built, tmp_path):
    _, out = built
    query = tmp_path / "hidden.rq"
    query.write_text("SELECT ?node WHERE { ?node ?p ?name }")
    proc = run_kg("query", str(query), "--graph", str(out / "graph.ttl"), "-p", "name=Russia")
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"kg: error: {query}: cannot bind ?name: ")
    assert proc.stderr.strip().endswith("(list the variable in SELECT)")


def test_param_binds_on_a_persistent_store(tmp_path, query_file):
    store = tmp_path / "store"
    assert run_kg("ingest", str(EXAMPLES), "--store", str(store)).returncode == 0
    proc = run_kg("query", str(query_file), "--store", str(store), "--param", "name=Russia", "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["node,name", "https://w3id.org/conflict-kg/id/russia,Russia"]
    hostile = run_kg("query", str(query_file), "--store", str(store), "--param", f"name={HOSTILE}", "--limit", "5")
    assert hostile.returncode == 0, hostile.stderr
    assert hostile.stdout.splitlines()[-1] == "(0 rows)"


def test_param_is_refused_on_a_remote_endpoint(query_file):
    # Refused before any request: binding there would mean pasting the value into query text.
    proc = run_kg("query", str(query_file), "--endpoint", "http://127.0.0.1:9/sparql", "--param", "name=Russia")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"kg: error: {query_file}: --param is not supported with --endpoint "
                                   "(values are bound only on a graph file or --store; write the value into the query)")
