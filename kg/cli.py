"""The ``kg`` command line: parses arguments and calls the library, nothing more.

Exit status: 0 on success, 2 on bad input (one line on stderr naming the input),
1 on an unexpected internal error.
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
) -> None:
    """Read every article in ARTICLES and write OUT/graph.ttl and OUT/graph.html."""
    from .export import class_counts
    from .pipeline import build_graph

    try:
        result = build_graph(articles, out, [str(g) for g in gazetteer] or None)
    except KGError as error:
        _fail(error)
    counts = class_counts(result.graph)
    summary = ", ".join(f"{counts.get(k, 0)} {k.lower()}s" for k in ("Strike", "Statement", "Support", "Alliance", "Membership"))
    typer.echo(f"{len(result.extractions)} articles → {len(result.graph)} triples ({summary})")
    for path in result.files:
        typer.echo(f"wrote {path}")


@app.command()
def query(
    query_file: str = typer.Argument(..., help="A .rq file, or the name of a query in queries/."),
    graph: Path = typer.Option(Path("out/graph.ttl"), "--graph", help="The graph to query (Turtle)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
) -> None:
    """Run a SPARQL query and print the result."""
    from .query import OUTPUT_FORMATS, format_results, run_query

    try:
        if fmt not in OUTPUT_FORMATS:
            raise KGError(fmt, f"unknown output format (want one of {', '.join(OUTPUT_FORMATS)})")
        typer.echo(format_results(run_query(query_file, graph=graph), fmt))
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


bench_app = typer.Typer(no_args_is_help=True, help="Benchmarks: speed and memory, with ratios against the alternative.")
app.add_typer(bench_app, name="bench")


@bench_app.command("extract")
def bench_extract(
    size_mb: float = typer.Option(5.0, "--size-mb", help="Corpus size in megabytes (at least 5 for the reported figure)."),
    articles: Optional[Path] = typer.Argument(None, help="Folder of .txt articles to build the corpus from (default: bundled)."),
) -> None:
    """Measure extraction throughput (characters per second, one core) and peak memory."""
    from .bench import bench_extract as run_bench

    try:
        result = run_bench(size_mb=size_mb, folder=articles)
    except KGError as error:
        _fail(error)
    typer.echo(result.summary())


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("kg: interrupted; previous outputs left as they were", err=True)
        sys.exit(130)
