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
    try:
        with progress_bar("extracting", enabled=None if not log_json else False) as on_progress:
            options = BuildOptions(strict=strict, max_bytes=int(max_size * 1024 * 1024) or None, workers=workers,
                                   keep_text=False, html=html, on_progress=on_progress)
            result = build_graph(articles, out, [str(g) for g in gazetteer] or None, options)
    except KGError as error:
        _fail(error)
    except KeyboardInterrupt:  # typer would exit 130 silently
        typer.echo("kg: interrupted; previous outputs left as they were", err=True)
        raise typer.Exit(130) from None
    counts = class_counts(result.graph)
    summary = ", ".join(f"{counts.get(k, 0)} {k.lower()}s" for k in ("Strike", "Statement", "Support", "Alliance", "Membership"))
    typer.echo(f"{len(result.extractions)} articles → {len(result.graph)} triples ({summary})")
    for path in result.files:
        typer.echo(f"wrote {path}")
    if result.skipped:
        typer.echo(f"kg: {len(result.skipped)} problem(s) skipped (see the lines above; --strict stops at the first)", err=True)


@app.command()
def query(
    query_file: str = typer.Argument(..., help="A .rq file, or the name of a query in queries/."),
    graph: Path = typer.Option(Path("out/graph.ttl"), "--graph", help="The graph to query (Turtle)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
    # -- reliability options (issue 9)
    param: list[str] = typer.Option([], "--param", "-p", help="Bind a query variable: NAME=VALUE (<iri>, \"text\"@lang or plain text)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="At most this many rows (default: 1000 for a table, all for csv/json; 0: all)."),
) -> None:
    """Run a SPARQL query and print the result."""
    from .query import TABLE_LIMIT, parse_param, run_query, write_results

    try:
        params = dict(parse_param(p) for p in param)
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


# -- benchmarks (issue 9: `kg bench build`; other topics join this sub-app)
bench_app = typer.Typer(no_args_is_help=True, help="Benchmarks: speed and peak memory.")
app.add_typer(bench_app, name="bench")


@bench_app.command("build")
def bench_build(
    sizes: str = typer.Option("1000,10000", "--sizes", help="Comma-separated corpus sizes (articles)."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Extraction processes per build."),
    html: bool = typer.Option(False, "--html/--no-html", help="Also time writing graph.html."),
    seed: int = typer.Option(0, "--seed", help="Seed of the synthetic corpus."),
) -> None:
    """Build synthetic corpora (templates + gazetteer names): articles per second and peak memory."""
    from .bench_build import HEADER, bench_build as run_bench

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
    except KeyboardInterrupt:
        typer.echo("kg: interrupted; previous outputs left as they were", err=True)
        sys.exit(130)
