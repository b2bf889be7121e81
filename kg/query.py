"""Query: run a SPARQL file, or a named query from ``queries/``, and format the answer."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox

from .errors import KGError
from .resources import queries_dir
from .store import Results, load_file, open_store, select

OUTPUT_FORMATS = ("table", "csv", "json")


def named_queries() -> dict[str, Path]:
    """The queries shipped in ``queries/``, by name (file name without ``.rq``)."""
    return {p.stem: p for p in sorted(queries_dir().glob("*.rq"))}


NEEDS_INFERENCE = "# needs: inferred.ttl"


def needs_inference(name_or_path: str | Path) -> bool:
    """True for a query that only answers over graph.ttl plus the reasoner's inferred.ttl
    (it carries the line ``# needs: inferred.ttl``)."""
    return NEEDS_INFERENCE in read_query(name_or_path)[1]


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
              store: ox.Store | None = None, store_dir: str | Path | None = None, endpoint=None,
              endpoint_graph: str | None = "default") -> Results:
    """Run a query file or named query against graph file(s) (loaded together), an open
    store, a persistent store directory (``kg build --store``) or a remote
    :class:`kg.endpoint.Endpoint` (reading ``endpoint_graph``: by default the graph
    ``kg push`` fills; None for the server's own default dataset)."""
    source, text = read_query(name_or_path)
    if endpoint is not None:
        from .endpoint import DEFAULT_GRAPH, select as remote_select

        return remote_select(endpoint, text, source, DEFAULT_GRAPH if endpoint_graph == "default" else endpoint_graph)
    if store_dir is not None:
        from .store import open_existing_store

        return select(open_existing_store(store_dir), text, source)
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


_CONCAT = re.compile(r"GROUP_CONCAT\s*\(\s*(?:DISTINCT\s+)?(?:STR\s*\(\s*)?\?\w+\s*\)?\s*;\s*separator\s*=\s*\"([^\"]*)\"\s*\)\s*AS\s+\?(\w+)", re.I)
_PASS_ON = re.compile(r"(?:MIN|MAX|SAMPLE)\s*\(\s*\?(\w+)\s*\)\s*AS\s+\?(\w+)", re.I)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def concat_columns(sparql: str) -> dict[str, str]:
    """{variable: separator} for the columns a query fills with GROUP_CONCAT (directly or
    passed on by MIN/MAX/SAMPLE), whose order of parts SPARQL leaves to the engine."""
    columns = {var: sep for sep, var in _CONCAT.findall(sparql)}
    for source, var in _PASS_ON.findall(sparql):
        if source in columns:
            columns[var] = columns[source]
    return columns


def comparable(results: Results, sparql: str = "") -> list[tuple]:
    """Results in a form two engines can be compared on: rows sorted, each cell as
    (kind, lexical value, language, datatype) with xsd:string and a plain literal the same,
    and GROUP_CONCAT cells split on their separator and their parts sorted."""
    concat = concat_columns(sparql)
    rows = []
    for row in results.rows:
        cells = []
        for var, term in zip(results.variables, row):
            cell = _comparable_term(term)
            if var in concat and cell[0] == "literal":
                cell = ("concat", tuple(sorted(cell[1].split(concat[var]))), cell[2], cell[3])
            cells.append(cell)
        rows.append(tuple(cells))
    return sorted(rows)


def _comparable_term(term) -> tuple:
    if term is None:
        return ("unbound", "", "", "")
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value, "", "")
    if isinstance(term, ox.BlankNode):
        return ("bnode", "", "", "")  # labels are local to a result set
    datatype = "" if term.language or term.datatype.value == _XSD_STRING else term.datatype.value
    return ("literal", term.value, term.language or "", datatype)
