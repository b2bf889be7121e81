"""Bad input: every case gives one clear line naming the input, and the rest still builds."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import run_kg
from kg import build_graph
from kg.build import KGO
from kg.ingest import scan_corpus
from kg.synthetic import synthetic_article


def good_corpus(folder: Path, count: int = 2) -> Path:
    """A folder of ``count`` usable synthetic articles."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        name, text, _ = synthetic_article(index, seed=7)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build(folder: Path, out: Path, *args: str):
    return run_kg("build", str(folder), "--out", str(out), "--no-html", *args)


def article_ids(graph_file: Path) -> set[str]:
    graph = Graph().parse(graph_file)
    return {str(o) for o in graph.objects(None, __import__("rdflib").DCTERMS.identifier)}


UNUSABLE = [
    ("empty.txt", b"", "empty article"),
    ("blank.txt", b" \n\r\n\t\n", "empty article"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes), not a text article"),
    ("latin1.txt", "Caf\u00e9 bombed in Aleppo.".encode("latin-1"), "not valid UTF-8 (byte 3: b'\\xe9')"),
]


def test_unusable_files_are_skipped_and_reported(tmp_path):
    corpus = good_corpus(tmp_path / "articles")
    for name, content, _ in UNUSABLE:
        (corpus / name).write_bytes(content)
    proc = build(corpus, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    for name, _, problem in UNUSABLE:
        assert f"skipped {corpus / name}: {problem}" in lines
    assert lines[-1] == "kg: 4 problem(s) skipped (see the lines above; --strict stops at the first)"
    assert proc.stdout.startswith("2 articles")
    assert not {name for name, _, _ in UNUSABLE} & article_ids(tmp_path / "out" / "graph.ttl")


def test_strict_stops_at_first_bad_file_with_exit_2(tmp_path):
    corpus = good_corpus(tmp_path / "articles")
    (corpus / "000_empty.txt").write_bytes(b"")
    (corpus / "zzz_binary.txt").write_bytes(b"\x00\x01")
    proc = build(corpus, tmp_path / "out", "--strict")
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"kg: error: {corpus / '000_empty.txt'}: empty article"
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_store_build_and_ingest_skip_and_report(tmp_path):
    corpus = good_corpus(tmp_path / "articles")
    (corpus / "empty.txt").write_bytes(b"")
    proc = build(corpus, tmp_path / "out", "--store", str(tmp_path / "store"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [f"skipped {corpus / 'empty.txt'}: empty article",
                                        "kg: 1 problem(s) skipped (see the lines above; --strict stops at the first)"]
    assert proc.stdout.startswith(f"{tmp_path / 'store'}: 2 added, 0 replaced, 0 unchanged")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["graph.ttl"]  # --no-html holds here too
    proc = run_kg("ingest", str(corpus), "--store", str(tmp_path / "store2"))
    assert proc.returncode == 0, proc.stderr
    assert f"skipped {corpus / 'empty.txt'}: empty article" in proc.stderr.splitlines()
    strict = build(corpus, tmp_path / "out3", "--store", str(tmp_path / "store3"), "--strict")
    assert strict.returncode == 2
    assert strict.stderr.strip() == f"kg: error: {corpus / 'empty.txt'}: empty article"


def test_no_usable_article_is_an_error(tmp_path):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(b"")
    (corpus / "b.txt").write_bytes(b"\xff\xfe")
    proc = build(corpus, tmp_path / "out")
    assert proc.returncode == 2
    assert f"kg: error: {corpus}: no usable articles (2 skipped)" in proc.stderr


def _offsets_match(result, text: str) -> int:
    checked = 0
    for extraction in result.extractions:
        for fact in extraction.facts:
            for evidence in fact.evidence:
                assert text[evidence.span.start:evidence.span.end] == evidence.span.text
                checked += 1
    return checked


def _graph_offsets_match(graph: Graph, text: str) -> int:
    checked = 0
    for ev in graph.subjects(KGO.exactText, None):
        start, end = int(graph.value(ev, KGO.startOffset)), int(graph.value(ev, KGO.endOffset))
        assert text[start:end] == str(graph.value(ev, KGO.exactText))
        checked += 1
    return checked


def test_bom_is_dropped_and_offsets_index_the_text_after_it(tmp_path):
    _, text, _ = synthetic_article(3, seed=7)
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = build_graph(corpus)
    assert result.extractions[0].article.text == text
    assert result.extractions[0].article.title == text.splitlines()[0]
    assert _offsets_match(result, text) > 0
    assert _graph_offsets_match(result.graph, text) > 0


def test_crlf_is_kept_and_offsets_index_the_decoded_text(tmp_path):
    _, text, _ = synthetic_article(4, seed=7)
    crlf = text.replace("\n", "\r\n")
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "crlf.txt").write_bytes(crlf.encode("utf-8"))
    result = build_graph(corpus)
    assert result.extractions[0].article.text == crlf  # line endings kept byte for byte
    decoded = (corpus / "crlf.txt").read_bytes().decode("utf-8")
    assert _offsets_match(result, decoded) > 0
    assert _graph_offsets_match(result.graph, decoded) > 0
    # the same facts as with LF endings: only the offsets shift
    (corpus / "crlf.txt").write_text(text, encoding="utf-8")
    lf = build_graph(corpus)
    assert sorted(f.kind for x in lf.extractions for f in x.facts) == \
        sorted(f.kind for x in result.extractions for f in x.facts)


def test_50_mb_file_is_skipped_quickly_without_reading_it(tmp_path):
    corpus = good_corpus(tmp_path / "articles")
    big = corpus / "big.txt"
    line = b"Russian warplanes struck rebel positions near Aleppo on Tuesday, activists said.\n"
    with big.open("wb") as handle:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    size_mb = big.stat().st_size / 1024 / 1024
    started = time.monotonic()
    proc = build(corpus, tmp_path / "out")
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    assert f"skipped {big}: file is {size_mb:.1f} MB, over the 10.0 MB limit (raise it with --max-size)" in proc.stderr
    assert proc.stdout.startswith("2 articles")
    assert elapsed < 60
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1024 * 1024  # KiB: under 1 GB


def test_max_size_option_sets_the_limit(tmp_path):
    corpus = good_corpus(tmp_path / "articles")
    proc = build(corpus, tmp_path / "out", "--max-size", "0.0005")
    assert proc.returncode == 2
    assert "no usable articles (2 skipped)" in proc.stderr
    assert "over the 0.0 MB limit" in proc.stderr


def test_directory_with_thousands_of_files(tmp_path):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    states = ["Russia", "Turkey", "Iran", "Jordan", "France"]
    for i in range(2000):
        (corpus / f"{i:05d}.txt").write_text(
            f"Report {i}\n\n{states[i % 5]} warplanes struck Islamic State positions near Raqqa on day {i}.\n",
            encoding="utf-8")
    for i in range(200):  # not articles: ignored
        (corpus / f"notes-{i}.md").write_text("x", encoding="utf-8")
    proc = build(corpus, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("2000 articles")
    assert len(article_ids(tmp_path / "out" / "graph.ttl")) == 2000


def test_duplicate_articles_are_detected_by_content(tmp_path):
    corpus = good_corpus(tmp_path / "articles")
    first = sorted(corpus.glob("*.txt"))[0]
    (corpus / "zz_copy.txt").write_bytes(first.read_bytes())
    proc = build(corpus, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert f"skipped {corpus / 'zz_copy.txt'}: duplicate of {first.name} (same text)" in proc.stderr
    assert "zz_copy.txt" not in article_ids(tmp_path / "out" / "graph.ttl")


@pytest.mark.parametrize("content, problem", [
    (b'{"a.txt": {"title": "x"', "not valid JSON: Expecting ',' delimiter: line 1 column 24 (char 23)"),
    (b'["a.txt"]', "expected an object mapping file names to metadata objects"),
    (b"\xff\xfe{}", "not valid JSON: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
])
def test_broken_metadata_is_skipped(tmp_path, content, problem):
    corpus = good_corpus(tmp_path / "articles")
    (corpus / "metadata.json").write_bytes(content)
    scanned = scan_corpus(corpus)
    assert [(e.source, e.problem) for e in scanned.skipped] == [(str(corpus / "metadata.json"), problem)]
    assert len(scanned.paths) == 2


def test_broken_metadata_on_the_command_line(tmp_path):
    corpus = good_corpus(tmp_path / "articles")
    sidecar = corpus / "metadata.json"
    sidecar.write_text('{"a.txt": {"title": "x"', encoding="utf-8")
    proc = build(corpus, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert (f"skipped {sidecar}: not valid JSON: Expecting ',' delimiter: line 1 column 24 (char 23)"
            in proc.stderr.splitlines())
    assert proc.stdout.startswith("2 articles")
    strict = build(corpus, tmp_path / "out2", "--strict")
    assert strict.returncode == 2
    assert strict.stderr.strip() == f"kg: error: {sidecar}: not valid JSON: Expecting ',' delimiter: line 1 column 24 (char 23)"


def test_bad_metadata_fields_are_left_out(tmp_path):
    corpus = good_corpus(tmp_path / "articles")
    a, b = sorted(p.name for p in corpus.glob("*.txt"))
    (corpus / "metadata.json").write_text(
        f'{{"{a}": {{"date": "2015-13-45", "publisher": "Wire"}}, "{b}": 5}}', encoding="utf-8")
    result = build_graph(corpus)
    assert [str(e.problem) for e in result.skipped] == [
        f"bad date '2015-13-45' for {a} (want YYYY-MM-DD)", f"entry for {b} is not an object"]
    article = result.extractions[0].article
    assert article.date is None and article.publisher == "Wire"


XXE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="http://example.org/x"><rdfs:label>&xxe;</rdfs:label></rdf:Description>
</rdf:RDF>
"""


def test_rdf_xml_external_entity_is_never_resolved(tmp_path):
    graph = tmp_path / "x.rdf"
    graph.write_text(XXE, encoding="utf-8")
    query = tmp_path / "labels.rq"
    query.write_text("SELECT ?s ?label WHERE { ?s ?p ?label }", encoding="utf-8")
    proc = run_kg("query", str(query), "--graph", str(graph), "--format", "csv")
    assert "root:" not in proc.stdout + proc.stderr
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"kg: error: {graph}: cannot parse as ")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_malformed_turtle_graph(tmp_path):
    graph = tmp_path / "bad.ttl"
    graph.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b \"unterminated .\n", encoding="utf-8")
    proc = run_kg("query", "who_backs_whom", "--graph", str(graph))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"kg: error: {graph}: cannot parse as ")
    proc = run_kg("export", "--graph", str(graph), "--format", "nt")
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"kg: error: {graph}: not valid Turtle: ")


def test_malformed_gazetteer(tmp_path):
    gazetteer = tmp_path / "gaz.ttl"
    gazetteer.write_text("kgr:x a kgo:State ;;; .", encoding="utf-8")
    proc = build(good_corpus(tmp_path / "articles"), tmp_path / "out", "--gazetteer", str(gazetteer))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"kg: error: {gazetteer}: not valid Turtle: ")


def test_malformed_sparql(tmp_path, built):
    _, out = built
    query = tmp_path / "bad.rq"
    query.write_text("SELECT ?x WHERE { ?x ?y }", encoding="utf-8")
    proc = run_kg("query", str(query), "--graph", str(out / "graph.ttl"))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"kg: error: {query}: malformed SPARQL: ")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_update_in_a_query_file_is_refused(tmp_path, built):
    _, out = built
    before = (out / "graph.ttl").read_bytes()
    query = tmp_path / "drop.rq"
    query.write_text("DROP ALL", encoding="utf-8")
    proc = run_kg("query", str(query), "--graph", str(out / "graph.ttl"))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"kg: error: {query}: malformed SPARQL: ")
    assert (out / "graph.ttl").read_bytes() == before


@pytest.fixture()
def wide_graph(tmp_path):
    """A graph of 1000 triples and a query joining it with itself: a million rows."""
    graph = tmp_path / "wide.nt"
    graph.write_text("".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n" for i in range(1000)))
    query = tmp_path / "cross.rq"
    query.write_text("SELECT ?a ?b WHERE { ?a <http://example.org/p> ?x . ?b <http://example.org/p> ?y }")
    return graph, query


def test_million_row_result_table_is_limited_with_a_note(wide_graph):
    graph, query = wide_graph
    started = time.monotonic()
    proc = run_kg("query", str(query), "--graph", str(graph))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1003
    assert lines[-1] == ("(first 1000 rows shown, more left out: use --limit 0 for every row, "
                         "or --format csv/json to stream them)")
    assert time.monotonic() - started < 30
    proc = run_kg("query", str(query), "--graph", str(graph), "--limit", "5")
    assert len(proc.stdout.splitlines()) == 8


def test_large_result_streams_as_csv(tmp_path):
    graph = tmp_path / "wide.nt"
    graph.write_text("".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n" for i in range(400)))
    query = tmp_path / "cross.rq"
    query.write_text("SELECT ?a ?b WHERE { ?a <http://example.org/p> ?x . ?b <http://example.org/p> ?y }")
    proc = run_kg("query", str(query), "--graph", str(graph), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") == 1 + 400 * 400
    proc = run_kg("query", str(query), "--graph", str(graph), "--format", "json", "--limit", "3")
    assert len(__import__("json").loads(proc.stdout)["results"]["bindings"]) == 3


def test_unknown_output_format(built):
    _, out = built
    proc = run_kg("query", "who_backs_whom", "--graph", str(out / "graph.ttl"), "--format", "xml")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "kg: error: xml: unknown output format (want one of table, csv, json)"
