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
    with_reasoning: bool = typer.Option(False, "--reason", help="Also classify the graph with HermiT and write OUT/inferred.ttl."),
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
    if with_reasoning:
        _reason_and_report(result.graph, out / "inferred.ttl")


@app.command()
def query(
    query_file: str = typer.Argument(..., help="A .rq file, or the name of a query in queries/."),
    graph: list[Path] = typer.Option([Path("out/graph.ttl")], "--graph", help="The graph to query (Turtle); repeat to query several files together (e.g. graph.ttl and inferred.ttl)."),
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


@app.command()
def bench(
    topic: str = typer.Argument(..., help="What to measure: reason."),
    sizes: str = typer.Option("1000,10000,50000", "--sizes", help="Comma-separated numbers of individuals."),
    engines: str = typer.Option("fast,hermit", "--engines", help="For reason: fast and/or hermit."),
    timeout: int = typer.Option(600, "--timeout", help="Seconds allowed per run."),
) -> None:
    """Measure a stage on synthetic data and print a Markdown table (time, peak memory)."""
    from .bench import markdown_table, run_benchmark

    try:
        counts = [int(s) for s in sizes.split(",") if s.strip()]
        rows = run_benchmark(topic, counts, engines=tuple(e.strip() for e in engines.split(",")), timeout=timeout)
    except ValueError:
        _fail(KGError(sizes, "sizes must be comma-separated whole numbers"))
    except KGError as error:
        _fail(error)
    typer.echo(markdown_table(rows))


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
