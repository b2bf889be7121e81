"""Query: run a SPARQL file, or a named query from ``queries/``, and format the answer."""

from __future__ import annotations

import csv
import io
import json
import re
from itertools import islice
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from .errors import KGError
from .resources import queries_dir
from .store import Results, load_file, open_store, select

OUTPUT_FORMATS = ("table", "csv", "json")
TABLE_LIMIT = 1000  # rows a table shows unless told otherwise; csv and json stream every row
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LANG_LITERAL = re.compile(r'^"(?P<text>.*)"@(?P<lang>[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$', re.S)


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


def parse_param(pair: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """``name=value`` → (variable, term) for binding, never for pasting into query text.

    ``<...>`` is an IRI, ``"text"@en`` a language-tagged literal, anything else a plain string.
    """
    name, sep, value = pair.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not _VARIABLE.match(name):
        raise KGError(pair, "bad --param (want NAME=VALUE, NAME a SPARQL variable name)")
    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        try:
            return name, ox.NamedNode(value[1:-1])
        except ValueError as exc:
            raise KGError(pair, f"bad IRI in --param: {exc}") from None
    tagged = _LANG_LITERAL.match(value)
    if tagged:
        return name, ox.Literal(tagged["text"], language=tagged["lang"])
    return name, ox.Literal(value)


def run_query(name_or_path: str | Path, graph: str | Path | list[str | Path] | None = None, store: ox.Store | None = None,
              store_dir: str | Path | None = None, endpoint=None, endpoint_graph: str | None = "default",
              params: dict[str, ox.NamedNode | ox.Literal | str] | None = None, lazy: bool = False) -> Results:
    """Run a query file or named query against graph file(s) (loaded together), an open store, a persistent
    store directory (``kg build --store``) or a remote :class:`kg.endpoint.Endpoint`
    (reading ``endpoint_graph``: by default the graph ``kg push`` fills; None for the
    server's own default dataset).

    ``params`` binds query variables to values (a str becomes a plain literal) on the
    embedded store only; with ``lazy`` the rows stream instead of being held in memory."""
    source, text = read_query(name_or_path)
    bound = {k: ox.Literal(v) if isinstance(v, str) else v for k, v in (params or {}).items()}
    if endpoint is not None:
        from .endpoint import DEFAULT_GRAPH, select as remote_select

        if bound:
            # Binding would mean pasting values into the query text sent to the server.
            raise KGError(source, "--param is not supported with --endpoint (values are bound only on "
                                  "a graph file or --store; write the value into the query)")

        return remote_select(endpoint, text, source, DEFAULT_GRAPH if endpoint_graph == "default" else endpoint_graph)
    if store_dir is not None:
        from .store import open_existing_store

        return select(open_existing_store(store_dir), text, source, substitutions=bound, lazy=lazy)
    if store is None:
        if not graph:
            raise KGError(source, "no graph given to query")
        store = open_store()
        for path in graph if isinstance(graph, list) else [graph]:
            load_file(store, path)
    return select(store, text, source, substitutions=bound, lazy=lazy)


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


def format_results(results: Results, fmt: str = "table", width: int = 80, limit: int | None = None) -> str:
    """Render results as a readable table, CSV, or SPARQL 1.1 JSON results."""
    out = io.StringIO()
    write_results(results, fmt, out, width, limit)
    return out.getvalue().removesuffix("\n")


def write_results(results: Results, fmt: str, out: TextIO, width: int = 80, limit: int | None = None) -> int:
    """Write results to ``out`` row by row; returns the number of rows written.

    ``limit`` caps the rows (a table notes that more were left out); CSV and JSON are
    written as the rows arrive, so a result of millions of rows never sits in memory."""
    if fmt not in OUTPUT_FORMATS:
        raise KGError(fmt, f"unknown output format (want one of {', '.join(OUTPUT_FORMATS)})")
    rows = iter(results.rows)
    if fmt == "table":
        return _table(results.variables, rows, width, limit, out)
    rows = islice(rows, limit) if limit else rows
    count = 0
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(results.variables)
        for row in rows:
            writer.writerow([_cell(t) for t in row])
            count += 1
        return count
    out.write(json.dumps({"head": {"vars": results.variables}})[:-1] + ', "results": {"bindings": [')
    for row in rows:
        binding = {v: _binding(t) for v, t in zip(results.variables, row) if t is not None}
        out.write(("," if count else "") + "\n  " + json.dumps(binding, ensure_ascii=False))
        count += 1
    out.write("\n]}}\n")
    return count


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(header: list[str], rows, width: int, limit: int | None, out: TextIO) -> int:
    shown = [[_short(_cell(t), width) for t in row] for row in islice(rows, limit)] if limit else \
        [[_short(_cell(t), width) for t in row] for row in rows]
    more = bool(limit) and next(rows, None) is not None
    widths = [max([len(h)] + [len(r[i]) for r in shown]) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in shown]
    if more:
        note = (f"(first {len(shown)} rows shown, more left out: use --limit 0 for every row, "
                "or --format csv/json to stream them)")
    else:
        note = f"({len(shown)} row{'s' if len(shown) != 1 else ''})"
    out.write("\n".join([line.rstrip(), rule, *body, note]) + "\n")
    return len(shown)


_CONCAT = re.compile(r"GROUP_CONCAT\s*\(\s*(?:DISTINCT\s+)?(?:STR\s*\(\s*)?\?\w+\s*\)?\s*;\s*separator\s*=\s*\"([^\"]*)\"\s*\)\s*AS\s+\?(\w+)", re.I)
_PASS_ON = re.compile(r"(?:MIN|MAX|SAMPLE)\s*\(\s*\?(\w+)\s*\)\s*AS\s+\?(\w+)", re.I)
# IF(condition, ?list, ?other) AS ?x: a list passed on only when short (see queries/syrian_government_allies.rq)
_PASS_ON_IF = re.compile(r"IF\s*\((?:[^()]|\([^()]*\))*?,\s*\?(\w+)\s*,\s*\?\w+\s*\)\s*AS\s+\?(\w+)", re.I)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def concat_columns(sparql: str) -> dict[str, str]:
    """{variable: separator} for the columns a query fills with GROUP_CONCAT (directly or
    passed on, once or more, by MIN/MAX/SAMPLE or an IF), whose order of parts SPARQL leaves
    to the engine."""
    columns = {var: sep for sep, var in _CONCAT.findall(sparql)}
    passed = _PASS_ON.findall(sparql) + _PASS_ON_IF.findall(sparql)
    while True:  # a list may be passed on more than once (an IF, then a SAMPLE one level up)
        found = {var: columns[source] for source, var in passed if source in columns and var not in columns}
        if not found:
            return columns
        columns.update(found)


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
