"""The ``kg`` command line: parses arguments and calls the library, nothing more.

Exit status: 0 on success (``kg build`` may have skipped unusable files, each reported
on stderr), 2 on bad input (one line on stderr naming the input; with ``--strict``, the
first unusable file), 1 on an unexpected internal error, 130 when interrupted (Ctrl-C).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .errors import KGError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Build and query a knowledge graph of armed-conflict news.")


def _fail(error: KGError) -> None:
    typer.echo(f"kg: error: {error.source}: {error.problem}", err=True)
    raise typer.Exit(2)


@app.command()
def build(
    articles: Optional[Path] = typer.Argument(None, help="Folder of .txt articles (default: the bundled examples)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder for graph.ttl and graph.html."),
    gazetteer: list[Path] = typer.Option([], "--gazetteer", "-g", help="Gazetteer file(s) to use instead of the bundled one."),
    store: Optional[Path] = typer.Option(None, "--store", help="Also keep a persistent store in this folder (only new or changed articles are read)."),
    with_reasoning: bool = typer.Option(False, "--reason", help="Also classify the graph with HermiT and write OUT/inferred.ttl."),
    reason_engine: str = typer.Option("hermit", "--reason-engine", help="With --reason: hermit (full realisation) or fast (HermiT consistency + SPARQL rules)."),
    # -- reliability options (issue 9)
    strict: bool = typer.Option(False, "--strict", help="Stop at the first unusable file (exit 2) instead of skipping it."),
    max_size: float = typer.Option(10.0, "--max-size", help="Skip article files larger than this many MB (0: no limit)."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Extract in this many parallel processes."),
    html: bool = typer.Option(True, "--html/--no-html", help="Also write graph.html (slow on very large graphs)."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="Log progress notes (-vv: debug) on stderr."),
    log_json: bool = typer.Option(False, "--log-json", help="Log as JSON lines on stderr."),
) -> None:
    """Read every article in ARTICLES and write OUT/graph.ttl and OUT/graph.html.

    Unusable files are skipped with one line each on stderr (`skipped <file>: <reason>`)."""
    from .console import progress_bar, setup_logging
    from .export import class_counts
    from .pipeline import BuildOptions, build_graph

    setup_logging(verbose, log_json)
    if with_reasoning:
        _check_reason_engine(reason_engine)
    options = BuildOptions(strict=strict, max_bytes=int(max_size * 1024 * 1024) or None, workers=workers,
                           keep_text=False, html=html)
    if store is not None:
        return _build_store(articles, out, gazetteer, store, options, with_reasoning and reason_engine)
    try:
        with progress_bar("extracting", enabled=None if not log_json else False) as on_progress:
            options.on_progress = on_progress
            result = build_graph(articles, out, [str(g) for g in gazetteer] or None, options=options)
    except KGError as error:
        _fail(error)
    except KeyboardInterrupt as interrupt:  # typer would exit 130 silently
        _interrupted(interrupt)
    counts = class_counts(result.graph)
    summary = ", ".join(f"{counts.get(k, 0)} {k.lower()}s" for k in ("Strike", "Statement", "Support", "Alliance", "Membership"))
    typer.echo(f"{len(result.extractions)} articles → {len(result.graph)} triples ({summary})")
    for path in result.files:
        typer.echo(f"wrote {path}")
    _echo_skipped(result.skipped)
    if with_reasoning:
        _reason_and_report(result.graph, out / "inferred.ttl", reason_engine)


def _interrupted(interrupt: KeyboardInterrupt) -> None:
    typer.echo(_interrupt_message(interrupt), err=True)
    raise typer.Exit(130) from None


def _interrupt_message(interrupt: KeyboardInterrupt) -> str:
    from .pipeline import InterruptedAfterWriting

    if isinstance(interrupt, InterruptedAfterWriting):
        return "kg: interrupted; the new outputs were written in full"
    return "kg: interrupted; previous outputs left as they were"


def _echo_skipped(skipped: list[KGError]) -> None:
    if skipped:
        typer.echo(f"kg: {len(skipped)} problem(s) skipped (see the lines above; --strict stops at the first)", err=True)


@app.command()
def query(
    query_file: str = typer.Argument(..., help="A .rq file, or the name of a query in queries/."),
    graph: list[Path] = typer.Option([Path("out/graph.ttl")], "--graph", help="The graph to query (Turtle); repeat to query several files together (e.g. graph.ttl and inferred.ttl)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
    store: Optional[Path] = typer.Option(None, "--store", help="Query a persistent store folder instead of a graph file."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Query a remote SPARQL endpoint (URL) instead."),
    into: str = typer.Option("https://w3id.org/conflict-kg/id/graph/all", "--into",
                             help="With --endpoint: the named graph kg push filled ('' for the server's default)."),
    # -- reliability options (issue 9)
    param: list[str] = typer.Option([], "--param", "-p", help="Bind a query variable: NAME=VALUE (<iri>, \"text\"@lang or plain text)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="At most this many rows (default: 1000 for a table, all for csv/json; 0: all)."),
) -> None:
    """Run a SPARQL query and print the result."""
    from .query import OUTPUT_FORMATS, TABLE_LIMIT, parse_param, run_query, write_results

    try:
        if fmt not in OUTPUT_FORMATS:
            raise KGError(fmt, f"unknown output format (want one of {', '.join(OUTPUT_FORMATS)})")
        params = dict(parse_param(p) for p in param)
        if store is not None or endpoint is not None:
            results = _query_store(query_file, store, endpoint, into, params)
        else:
            results = run_query(query_file, graph=graph, params=params, lazy=True)
        if limit is None:
            limit = TABLE_LIMIT if fmt == "table" else 0
        write_results(results, fmt, sys.stdout, limit=limit or None)
    except KGError as error:
        _fail(error)


@app.command()
def export(
    graph: Path = typer.Option(Path("out/graph.ttl"), "--graph", help="The graph to export (Turtle)."),
    fmt: str = typer.Option(..., "--format", "-f", help="ttl, trig, jsonld, nt, graphml or gexf."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output file (default: beside the graph)."),
) -> None:
    """Write the graph in another format."""
    from .export import export as run_export

    try:
        typer.echo(f"wrote {run_export(graph, fmt, out)}")
    except KGError as error:
        _fail(error)

# --- stores and endpoints (issue 7) --------------------------------------------------


def _build_store(articles: Optional[Path], out: Path, gazetteer: list[Path], store: Path, options,
                 reason_engine: str | bool = False) -> None:
    from .pipeline import build_store

    try:
        result, files = build_store(articles, store, out, [str(g) for g in gazetteer] or None, options)
    except KGError as error:
        _fail(error)
    except KeyboardInterrupt as interrupt:
        _interrupted(interrupt)
    _echo_ingest(result, store)
    for path in files:
        typer.echo(f"wrote {path}")
    if reason_engine:
        from .reason import load_input

        _reason_and_report(load_input(out / "graph.ttl"), out / "inferred.ttl", reason_engine)
    _echo_skipped(result.skipped)


def _echo_ingest(result, store: Path) -> None:
    typer.echo(f"{store}: {len(result.added)} added, {len(result.replaced)} replaced, "
               f"{len(result.unchanged)} unchanged → {result.triples} triples")


def _query_store(query_file: str, store: Optional[Path], endpoint: Optional[str], into: str, params: dict):
    from .query import run_query

    if store is not None and endpoint is not None:
        raise KGError("--endpoint", "give --store or --endpoint, not both")
    if endpoint is not None:
        from .endpoint import Endpoint

        return run_query(query_file, endpoint=Endpoint(endpoint), endpoint_graph=into or None, params=params)
    return run_query(query_file, store_dir=store, params=params, lazy=True)


@app.command()
def ingest(
    source: Path = typer.Argument(..., help="An article (.txt) or a folder of articles."),
    store: Path = typer.Option(..., "--store", help="The persistent store folder (created if missing)."),
    gazetteer: list[Path] = typer.Option([], "--gazetteer", "-g", help="Gazetteer file(s) to use instead of the bundled one."),
) -> None:
    """Add new or changed articles to a store; unchanged ones are not read again.

    Unusable files of a folder are skipped with one line each on stderr, as in `kg build`."""
    from .console import setup_logging
    from .pipeline import ingest as run_ingest

    setup_logging()
    try:
        result = run_ingest(source, store, [str(g) for g in gazetteer] or None)
    except KGError as error:
        _fail(error)
    _echo_ingest(result, store)
    _echo_skipped(result.skipped)


@app.command()
def push(
    endpoint: str = typer.Option(..., "--endpoint", help="SPARQL endpoint URL (queries, and updates unless --update-url)."),
    graph: Path = typer.Option(Path("out/graph.ttl"), "--graph", help="A graph file (.ttl/.nt/.trig/.nq) or a store folder."),
    into: str = typer.Option("https://w3id.org/conflict-kg/id/graph/all", "--into", help="Named graph to replace with a Turtle/N-Triples file or store."),
    gsp_url: Optional[str] = typer.Option(None, "--gsp-url", help="Graph Store Protocol URL (default: the endpoint URL)."),
    update_url: Optional[str] = typer.Option(None, "--update-url", help="SPARQL Update URL (default: the endpoint URL)."),
    protocol: str = typer.Option("auto", "--protocol", help="auto (GSP, falling back to SPARQL Update), gsp or update."),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds per HTTP request."),
) -> None:
    """Replace the graph on a SPARQL server (credentials: KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or ~/.netrc)."""
    from .endpoint import Endpoint, graphs_to_push, push as run_push

    try:
        if protocol not in ("auto", "gsp", "update"):
            raise KGError(protocol, "unknown protocol (want auto, gsp or update)")
        target = Endpoint(endpoint, update_url=update_url, gsp_url=gsp_url, timeout=timeout)
        graphs = graphs_to_push(graph, into)
        used = run_push(target, graphs, protocol)
    except KGError as error:
        _fail(error)
    for name, how in used.items():
        typer.echo(f"pushed {len(graphs[name])} triples into <{name}> ({how})")


bench_app = typer.Typer(no_args_is_help=True, help="Benchmarks: speed and memory, with ratios against the alternative (printed, never asserted).")
app.add_typer(bench_app, name="bench")


@bench_app.command("store")
def bench_store(
    triples: int = typer.Option(1_000_000, "--triples", help="Size of the synthetic graph."),
    articles: str = typer.Option("1000", "--articles",
                                 help="Articles in the incremental-ingest store; several sizes comma-separated (100,1000,2000) "
                                      "are measured in turn and compared side by side. With --workdir a built store is kept and reused."),
    query_timeout: float = typer.Option(120.0, "--query-timeout", help="Seconds before an rdflib query is given up."),
    virtuoso: bool = typer.Option(True, "--virtuoso/--no-virtuoso", help="Include a throwaway local Virtuoso."),
    workdir: Optional[Path] = typer.Option(None, "--workdir", help="Scratch folder (default: a temporary one)."),
    parts: str = typer.Option("all", "--parts", help="all, engines (load and queries) or ingest (incremental ingest)."),
    repeat: int = typer.Option(3, "--repeat", help="Runs per query on every engine; the median is reported."),
    engines: str = typer.Option("oxigraph,rdflib,virtuoso", "--engines",
                                help="Engines to compare, comma-separated (Oxigraph always runs: ratios are to it)."),
) -> None:
    """Oxigraph vs rdflib Memory vs Virtuoso: load time, peak memory, each query in queries/."""
    from .bench.store import parse_engines, run_store_bench

    try:
        if parts not in ("all", "engines", "ingest"):
            raise KGError(parts, "unknown part (want all, engines or ingest)")
        sizes = [int(n) for n in articles.split(",") if n.strip()] if all(
            n.strip().isdigit() for n in articles.split(",")) else []
        if not sizes or min(sizes) < 1:
            raise KGError(articles, "want a positive number of articles, or several comma-separated")
        run_store_bench(triples, sizes, query_timeout, virtuoso, workdir, echo=typer.echo, parts=parts,
                        repeat=repeat, engines=parse_engines(engines))
    except KGError as error:
        _fail(error)


@app.command()
def analyze(
    graph: Path = typer.Option(Path("out/graph.ttl"), "--graph", help="The graph to analyze (Turtle)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder for the PNG charts (default: GRAPH's folder/analysis)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    attacker: str = typer.Option("Russia", "--attacker", help="Whose strikes the campaign analytic counts (name, alias or IRI)."),
    target: str = typer.Option("Islamic State", "--target", help="The target whose share of those strikes is measured."),
    period: str = typer.Option("month", "--period", help="Time buckets for the strikes: year, month or day."),
) -> None:
    """Centrality, blocs and the share of ATTACKER's strikes that hit TARGET; writes PNG charts."""
    from .analyze import analyze_file, format_json, format_table

    try:
        if fmt not in ("table", "json"):
            raise KGError(fmt, "unknown output format (want table or json)")
        result = analyze_file(graph, out if out is not None else graph.parent / "analysis", attacker, target, period)
    except KGError as error:
        _fail(error)
    typer.echo(format_json(result) if fmt == "json" else format_table(result))


@app.command()
def evaluate(
    gold_dir: Path = typer.Argument(..., help="Folder of gold .json files (format: shared/gold/SCHEMA.md)."),
    articles: Optional[Path] = typer.Argument(None, help="Folder of .txt articles (default: the bundled examples)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Also write the report to this file."),
    gazetteer: list[Path] = typer.Option([], "--gazetteer", "-g", help="Gazetteer file(s) to use instead of the bundled one."),
    details: bool = typer.Option(True, "--details/--no-details", help="List each miss and false hit (table format)."),
    spacy_model: Optional[str] = typer.Option(None, "--spacy-model", help="An installed spaCy model whose names add recall."),
) -> None:
    """Extract ARTICLES as `kg build` does and score it against GOLD_DIR: P/R/F1 per fact kind."""
    import json

    from .evaluate import evaluate as run_evaluate
    from .evaluate import format_table
    from .export import atomic_write

    try:
        if fmt not in ("table", "json"):
            raise KGError(fmt, "unknown output format (want table or json)")
        report = run_evaluate(gold_dir, articles, [str(g) for g in gazetteer] or None, spacy_model)
    except KGError as error:
        _fail(error)
    text = json.dumps(report.to_json(), indent=2, ensure_ascii=False) if fmt == "json" else format_table(report, details)
    if out is not None:
        atomic_write(out, (text + "\n").encode("utf-8"))
    typer.echo(text)


@bench_app.command("extract")
def bench_extract(
    size_mb: float = typer.Option(5.0, "--size-mb", help="Corpus size in megabytes (at least 5 for the reported figure)."),
    articles: Optional[Path] = typer.Argument(None, help="Folder of .txt articles to build the corpus from (default: bundled)."),
) -> None:
    """Measure extraction throughput (characters per second, one core) and peak memory."""
    from .bench.extract import bench_extract as run_bench

    try:
        result = run_bench(size_mb=size_mb, folder=articles)
    except KGError as error:
        _fail(error)
    typer.echo(result.summary())


def _check_reason_engine(engine: str) -> None:
    from .reason import check_engine

    try:
        check_engine(engine)
    except KGError as error:
        _fail(error)


def _reason_and_report(graph, out: Path, engine: str = "hermit") -> None:
    from .reason import reason_graph

    try:
        result = reason_graph(graph, out, engine=engine)
    except KGError as error:
        _fail(error)
    if not result.consistent:
        typer.echo(f"inconsistent: the graph contradicts the ontology ({result.seconds:.1f} s); clashing individuals:")
        for clash in result.clashes:
            typer.echo(clash.describe(result.inferred))
        raise typer.Exit(1)
    counts = result.counts()
    typer.echo(f"consistent ({result.seconds:.1f} s): inferred {counts['types']} class memberships, "
               f"{counts['properties']} property values, {counts['subclasses']} subclass links")
    for path in result.files:
        typer.echo(f"wrote {path}")


@app.command()
def reason(
    graph: Path = typer.Option(Path("out/graph.ttl"), "--graph", help="The graph to classify (Turtle)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Where the inferred triples go (default: inferred.ttl beside the graph)."),
    engine: str = typer.Option("hermit", "--engine", help="hermit (full realisation) or fast (HermiT consistency + SPARQL rules)."),
) -> None:
    """Classify the graph with HermiT: report consistency, write the inferred triples apart.

    Exit status 1 when the graph is inconsistent (the clashing individuals are named).
    """
    from .reason import load_input

    try:
        data = load_input(graph)
    except KGError as error:
        _fail(error)
    _reason_and_report(data, out or graph.with_name("inferred.ttl"), engine)


@app.command()
def validate(
    graph: Path = typer.Option(Path("out/graph.ttl"), "--graph", help="The graph to check (Turtle)."),
    articles: Optional[Path] = typer.Option(None, "--articles", help="Folder of the articles the graph was built from (default: the bundled examples)."),
    shapes: Optional[Path] = typer.Option(None, "--shapes", help="SHACL shapes (default: ontology/shapes.ttl)."),
) -> None:
    """Check the graph against the SHACL shapes and its evidence spans against the article texts.

    Exit status 1 when there are violations (each is printed with its node, path and message).
    """
    from .validate import validate_graph

    try:
        report = validate_graph(graph, articles, shapes)
    except KGError as error:
        _fail(error)
    typer.echo(report.text())
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
def docs(
    out: Path = typer.Option(Path("docs/ontology.html"), "--out", "-o", help="Where the HTML page goes."),
    ontology: Optional[Path] = typer.Option(None, "--ontology", help="The OWL file in Turtle (default: ontology/conflict-kg.ttl)."),
) -> None:
    """Write HTML documentation of the ontology, generated from the OWL file (pyLODE)."""
    from .docs import write_ontology_docs

    try:
        typer.echo(f"wrote {write_ontology_docs(out, ontology)}")
    except KGError as error:
        _fail(error)


@bench_app.command("reason")
def bench_reason(
    sizes: str = typer.Option("1000,10000,50000", "--sizes", help="Comma-separated numbers of individuals."),
    engines: str = typer.Option("fast,hermit", "--engines", help="fast and/or hermit."),
    timeout: int = typer.Option(600, "--timeout", help="Seconds allowed per run."),
) -> None:
    """Reasoning time and peak memory against ABox size; prints a Markdown table."""
    from .bench.reason import markdown_table, run_benchmark

    try:
        counts = [int(s) for s in sizes.split(",") if s.strip()]
        rows = run_benchmark("reason", counts, engines=tuple(e.strip() for e in engines.split(",")), timeout=timeout)
    except ValueError:
        _fail(KGError(sizes, "sizes must be comma-separated whole numbers"))
    except KGError as error:
        _fail(error)
    typer.echo(markdown_table(rows))


# -- reliability (issue 9): `kg bench build` on the one `bench` sub-app


@bench_app.command("build")
def bench_build(
    sizes: str = typer.Option("1000,10000", "--sizes", help="Comma-separated corpus sizes (articles)."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Extraction processes per build."),
    html: bool = typer.Option(False, "--html/--no-html", help="Also time writing graph.html."),
    seed: int = typer.Option(0, "--seed", help="Seed of the synthetic corpus."),
) -> None:
    """Build synthetic corpora (templates + gazetteer names): articles per second and peak memory."""
    from .bench.build import HEADER, bench_build as run_bench

    try:
        counts = tuple(int(s) for s in sizes.split(",") if s.strip())
        if not counts or min(counts) < 1:
            raise ValueError
    except ValueError:
        _fail(KGError(sizes, "bad --sizes (want positive integers separated by commas, e.g. 1000,10000)"))
    typer.echo(HEADER)
    for size in counts:
        for result in run_bench((size,), workers, html, seed):
            typer.echo(result.row())


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    try:
        app()
    except KeyboardInterrupt as interrupt:
        typer.echo(_interrupt_message(interrupt), err=True)
        sys.exit(130)
