"""Query: run a SPARQL file, or a named query from ``queries/``, and format the answer."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox

from .errors import KGError
from .resources import queries_dir
from .store import Results, load_file, open_store, select

OUTPUT_FORMATS = ("table", "csv", "json")


def named_queries() -> dict[str, Path]:
    """The queries shipped in ``queries/``, by name (file name without ``.rq``)."""
    return {p.stem: p for p in sorted(queries_dir().glob("*.rq"))}


def read_query(name_or_path: str | Path) -> tuple[str, str]:
    """(source, SPARQL text) for a file path or the name of a shipped query."""
    path = Path(name_or_path)
    if not path.is_file():
        known = named_queries()
        path = known.get(path.stem) if path.suffix in ("", ".rq") else None
        if path is None:
            raise KGError(name_or_path, f"no such query file or named query (named queries: {', '.join(known)})")
    try:
        return str(path), path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise KGError(path, "query file is not valid UTF-8") from None


def run_query(name_or_path: str | Path, graph: str | Path | list[str | Path] | None = None,
              store: ox.Store | None = None) -> Results:
    """Run a query file or named query against graph file(s) (loaded together) or an open store."""
    source, text = read_query(name_or_path)
    if store is None:
        if not graph:
            raise KGError(source, "no graph given to query")
        store = open_store()
        for path in graph if isinstance(graph, list) else [graph]:
            load_file(store, path)
    return select(store, text, source)


def _cell(term) -> str:
    if term is None:
        return ""
    return term.value


def _binding(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def format_results(results: Results, fmt: str = "table", width: int = 80) -> str:
    """Render results as a readable table, CSV, or SPARQL 1.1 JSON results."""
    if fmt == "json":
        bindings = [{v: _binding(t) for v, t in zip(results.variables, row) if t is not None} for row in results.rows]
        return json.dumps({"head": {"vars": results.variables}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(results.variables)
        writer.writerows([_cell(t) for t in row] for row in results.rows)
        return out.getvalue()
    if fmt == "table":
        return _table(results, width)
    raise KGError(fmt, f"unknown output format (want one of {', '.join(OUTPUT_FORMATS)})")


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(results: Results, width: int) -> str:
    rows = [[_short(_cell(t), width) for t in row] for row in results.rows]
    header = results.variables
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join([line.rstrip(), rule, *body, f"({len(rows)} row{'s' if len(rows) != 1 else ''})"])
