"""Endpoint: a remote SPARQL server (Virtuoso, Fuseki, GraphDB, Oxigraph server, …).

``push`` sends graphs with the SPARQL 1.1 Graph Store Protocol (PUT, then POST per
batch) and falls back to SPARQL Update (``DROP SILENT GRAPH`` + ``INSERT DATA`` in
batches) where the server has no Graph Store endpoint. ``select`` runs a query with
SPARQLWrapper (POST, JSON results) and returns the same :class:`kg.store.Results` the
embedded store gives, so both are printed by one formatter.

Credentials come from ``KG_ENDPOINT_USER``/``KG_ENDPOINT_PASSWORD`` or from ``~/.netrc``
(the endpoint's host), never from the command line; they are never logged.
"""

from __future__ import annotations

import base64
import io
import json
import netrc
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field, replace
from email.message import Message
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import pyoxigraph as ox

from .errors import KGError
from .store import Results

#: The graph ``kg push`` fills and ``kg query --endpoint`` reads by default.
DEFAULT_GRAPH = "https://w3id.org/conflict-kg/id/graph/all"
USER_ENV, PASSWORD_ENV, AUTH_ENV = "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD", "KG_ENDPOINT_AUTH"
T = TypeVar("T")


@dataclass
class Endpoint:
    """A SPARQL server: query URL, optional update and Graph Store URLs, and how patient to be."""

    url: str
    update_url: str | None = None
    gsp_url: str | None = None
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 0.5
    credentials: tuple[str, str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise KGError(self.url, "not an http(s) URL of a SPARQL endpoint")
        if self.credentials is None:
            self.credentials = find_credentials(self.url)


def find_credentials(url: str) -> tuple[str, str] | None:
    """(user, password) from the environment, else from ``~/.netrc`` for the URL's host."""
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user and password is not None:
        return user, password
    host = urllib.parse.urlsplit(url).hostname or ""
    path = Path(os.environ.get("NETRC", Path.home() / ".netrc"))
    if not path.is_file():
        return None
    try:
        found = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise KGError(path, f"cannot read netrc: {getattr(exc, 'msg', exc)}") from None
    return (found[0], found[2] or "") if found else None


# --- retries ------------------------------------------------------------------------


class _Retry(Exception):
    """A failure worth trying again (connection refused, timeout, 5xx)."""


def _with_retries(endpoint: Endpoint, call: Callable[[], T]) -> T:
    delay = endpoint.backoff
    for attempt in range(endpoint.retries + 1):
        try:
            return call()
        except _Retry as exc:
            if attempt == endpoint.retries:
                raise KGError(endpoint.url, f"{'endpoint unreachable' if 'HTTP' not in str(exc) else 'endpoint failed'}"
                                            f" after {attempt + 1} tr{'ies' if attempt else 'y'}: {exc}") from None
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


# --- plain HTTP for the Graph Store Protocol and SPARQL Update ------------------------


def _opener(endpoint: Endpoint, url: str) -> urllib.request.OpenerDirector:
    handlers: list = []
    if endpoint.credentials:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, *endpoint.credentials)
        # urllib answers whichever challenge the server sends (Basic or Digest).
        handlers += [urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)]
    return urllib.request.build_opener(*handlers)


def _send(endpoint: Endpoint, method: str, url: str, body: bytes, content_type: str) -> None:
    """One HTTP request; HTTPError for 4xx, _Retry for what may pass (network, timeouts, 5xx).

    With credentials and a body, the server's challenge is fetched first (:func:`_authorization`)
    so the body is sent once, already authorised."""
    headers = {"Content-Type": content_type}
    try:
        if endpoint.credentials and body:
            auth = _authorization(endpoint, method, url, content_type)
            if auth:
                headers["Authorization"] = auth
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        with _opener(endpoint, url).open(request, timeout=endpoint.timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        if exc.code >= 500 and exc.code not in (501, 505):
            raise _Retry(f"HTTP {exc.code} from {url.split('?')[0]}") from None
        raise
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as exc:
        # Wrong credentials also break the pipe of a large body (the 401 comes before it is read):
        # say so rather than "unreachable".
        if "Authorization" in headers and _refused(endpoint, method, url, content_type):
            raise urllib.error.HTTPError(url, 401, "credentials refused", Message(), io.BytesIO(b"")) from None
        raise _Retry(_reason(exc)) from None


def _refused(endpoint: Endpoint, method: str, url: str, content_type: str) -> bool:
    """True when the server answers an empty request carrying these credentials with 401."""
    try:
        auth = _authorization(endpoint, method, url, content_type)
        if not auth:
            return False
        _empty_request(endpoint, method, url, content_type, auth)
        return False
    except urllib.error.HTTPError as exc:
        return exc.code == 401
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError):
        return False


# A server that wants credentials answers 401 before reading the body and may close the connection
# while the client is still sending it: the send then breaks the pipe (against Virtuoso's Digest
# endpoint, bodies from ~1 MB failed every time). urllib answers a challenge only after sending the
# body once and http.client has no `Expect: 100-continue`, so the challenge is fetched first with
# an empty request of the same method to the same URL (it needs the same rights as the real one),
# and the body then goes once, with its Authorization header.
def _authorization(endpoint: Endpoint, method: str, url: str, content_type: str) -> str | None:
    """The Authorization header answering the server's challenge for ``method`` on ``url``, or None
    when the empty request needs none (or the challenge is of a kind urllib cannot answer)."""
    try:
        _empty_request(endpoint, method, url, content_type)
        return None
    except urllib.error.HTTPError as exc:
        if exc.code != 401:
            return None  # the real request will tell (or the server needs no credentials)
        challenges = exc.headers.get_all("WWW-Authenticate") or []
    user, password = endpoint.credentials
    for challenge in challenges:
        scheme, _, params = challenge.strip().partition(" ")
        if scheme.lower() == "digest":
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, url, user, password)
            chal = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(params)))
            answer = urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(
                urllib.request.Request(url, method=method), chal)
            if answer:
                return "Digest " + answer
    if any(c.strip().lower().startswith("basic") for c in challenges):
        return "Basic " + base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
    return None


def _empty_request(endpoint: Endpoint, method: str, url: str, content_type: str, auth: str | None = None) -> None:
    """Send ``method`` with an empty body to ``url`` (with ``auth`` as its Authorization header, if
    given), bypassing the endpoint's opener so no credentials are sent unasked; HTTPError on 4xx/5xx."""
    headers = {"Content-Type": content_type, **({"Authorization": auth} if auth else {})}
    probe = urllib.request.Request(url, data=b"", method=method, headers=headers)
    with urllib.request.build_opener().open(probe, timeout=endpoint.timeout) as response:
        response.read()


def _with_graph(url: str, graph: str) -> str:
    return url + ("&" if "?" in url else "?") + urllib.parse.urlencode({"graph": graph})


def _batches(lines: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(lines), size):
        yield lines[start:start + size]


def push_gsp(endpoint: Endpoint, graph: str, lines: list[str], batch: int = 50_000) -> None:
    """Replace ``graph`` on the server by N-Triples ``lines``: PUT the first batch, POST the rest.

    With credentials too each batch is one request: :func:`_send` gets the challenge first."""
    url = _with_graph(endpoint.gsp_url or endpoint.url, graph)
    for index, chunk in enumerate(_batches(lines, batch) if lines else [[]]):
        body = ("\n".join(chunk) + "\n").encode("utf-8")
        # N-Triples is a subset of Turtle, and every store reads text/turtle.
        _with_retries(endpoint, lambda: _send(endpoint, "PUT" if index == 0 else "POST", url, body, "text/turtle"))


def push_update(endpoint: Endpoint, graph: str, lines: list[str], batch: int = 1_000) -> None:
    """Replace ``graph`` on the server with SPARQL Update: DROP SILENT GRAPH, then INSERT DATA batches."""
    url = endpoint.update_url or endpoint.url
    target = ox.NamedNode(graph)
    updates = [f"DROP SILENT GRAPH {target}"]
    updates += [f"INSERT DATA {{ GRAPH {target} {{\n" + "\n".join(chunk) + "\n}}" for chunk in _batches(lines, batch)]
    for update in updates:
        body = urllib.parse.urlencode({"update": update}).encode("utf-8")
        try:
            _with_retries(endpoint, lambda: _send(endpoint, "POST", url, body, "application/x-www-form-urlencoded"))
        except urllib.error.HTTPError as exc:
            raise KGError(url, f"SPARQL Update refused: HTTP {exc.code} {_body_line(exc)}") from None


def _body_line(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read().decode("utf-8", "replace").strip()
    except OSError:
        return exc.reason or ""
    return (text.splitlines() or [str(exc.reason)])[0][:200]


def _gsp_answers(endpoint: Endpoint, graph: str) -> bool:
    """Probe with an empty PUT (the graph is about to be replaced anyway), once, briefly.

    A server without a Graph Store endpoint answers with an error or closes the
    connection; SPARQL Update then does the job (with retries, and it names the URL if
    the server is really unreachable).
    """
    probe = replace(endpoint, retries=0, timeout=min(endpoint.timeout, 5.0))
    try:
        _with_retries(probe, lambda: _send(probe, "PUT", _with_graph(endpoint.gsp_url or endpoint.url, graph), b"", "text/turtle"))
        return True
    except (urllib.error.HTTPError, KGError):
        return False


def push(endpoint: Endpoint, graphs: dict[str, list[str]], protocol: str = "auto") -> dict[str, str]:
    """Replace each named graph (IRI → N-Triples lines) on the server; {graph IRI: protocol used}.

    ``protocol`` is ``gsp``, ``update`` or ``auto`` (Graph Store Protocol, falling back to
    SPARQL Update when the server answers the GSP request with an HTTP error).
    """
    used: dict[str, str] = {}
    for graph, lines in graphs.items():
        if protocol == "gsp":
            try:
                push_gsp(endpoint, graph, lines)
            except urllib.error.HTTPError as exc:
                raise KGError(_with_graph(endpoint.gsp_url or endpoint.url, graph),
                              f"Graph Store request refused: HTTP {exc.code} {_body_line(exc)}") from None
            used[graph] = "gsp"
            continue
        if protocol == "auto":
            if _gsp_answers(endpoint, graph):
                push_gsp(endpoint, graph, lines)
                used[graph] = "gsp"
                continue
        push_update(endpoint, graph, lines)
        used[graph] = "update"
    return used


def graphs_to_push(path: str | Path, graph: str = DEFAULT_GRAPH) -> dict[str, list[str]]:
    """N-Triples lines per target graph: a Turtle/N-Triples file goes to ``graph``; a TriG/N-Quads
    file keeps its named graphs; a store directory sends its union (default) graph."""
    from .store import FORMATS, open_existing_store

    path = Path(path)
    if path.is_dir():
        store = open_existing_store(path)  # refuses a folder that is not a store
        return {graph: [_triple_line(q) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]}
    if not path.is_file():
        raise KGError(path, "no such graph file or store directory")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise KGError(path, f"unknown RDF file type {path.suffix!r} (want one of {', '.join(FORMATS)})")
    out: dict[str, list[str]] = {}
    try:
        for quad in ox.parse(path=str(path), format=fmt):
            name = quad.graph_name.value if isinstance(quad, ox.Quad) and isinstance(quad.graph_name, ox.NamedNode) else graph
            out.setdefault(name, []).append(_triple_line(quad))
    except (SyntaxError, ValueError, OSError) as exc:
        raise KGError(path, f"cannot parse as {fmt}: {str(exc).splitlines()[0]}") from None
    return out


def _triple_line(quad) -> str:
    return f"{quad.subject} {quad.predicate} {quad.object} ."


# --- queries through SPARQLWrapper ------------------------------------------------------


def select(endpoint: Endpoint, sparql: str, source: str = "query", default_graph: str | None = DEFAULT_GRAPH) -> Results:
    """Run a SELECT on the server (POST, JSON results) and return :class:`kg.store.Results`."""
    digest = os.environ.get(AUTH_ENV, "").lower() == "digest"
    try:
        data = _with_retries(endpoint, lambda: _sparqlwrapper_json(endpoint, sparql, source, default_graph, digest))
    except _Unauthorized:
        if digest or os.environ.get(AUTH_ENV):
            raise KGError(endpoint.url, f"unauthorised (HTTP 401): check {USER_ENV}/{PASSWORD_ENV} or ~/.netrc") from None
        try:  # the server may want Digest (Virtuoso's /sparql-auth does)
            data = _with_retries(endpoint, lambda: _sparqlwrapper_json(endpoint, sparql, source, default_graph, True))
        except _Unauthorized:
            raise KGError(endpoint.url, f"unauthorised (HTTP 401): check {USER_ENV}/{PASSWORD_ENV} or ~/.netrc") from None
    if "results" not in data:
        raise KGError(source, "only SELECT queries are supported here")
    return results_from_json(data)


class _Unauthorized(Exception):
    """HTTP 401 from the query endpoint."""


def _sparqlwrapper_json(endpoint: Endpoint, sparql: str, source: str, default_graph: str | None, digest: bool) -> dict:
    from SPARQLWrapper import DIGEST, JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, EndPointNotFound, QueryBadFormed, Unauthorized

    client = SPARQLWrapper(endpoint.url)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(max(1, endpoint.timeout)))
    client.setQuery(sparql)
    if default_graph:
        client.addDefaultGraph(default_graph)
    if endpoint.credentials:
        client.setCredentials(*endpoint.credentials)
        if digest:
            client.setHTTPAuth(DIGEST)
    try:
        raw = client.query().response.read()
    except QueryBadFormed as exc:
        raise KGError(source, f"the endpoint rejected the query: {_first_line(exc)}") from None
    except EndPointNotFound:
        raise KGError(endpoint.url, "no SPARQL endpoint at this URL (HTTP 404)") from None
    except Unauthorized:
        if not endpoint.credentials:
            raise KGError(endpoint.url, f"unauthorised (HTTP 401): set {USER_ENV}/{PASSWORD_ENV} or ~/.netrc") from None
        raise _Unauthorized() from None
    except EndPointInternalError as exc:
        raise _Retry(f"HTTP 500: {_first_line(exc)}") from None
    except urllib.error.HTTPError as exc:
        if exc.code >= 500:
            raise _Retry(f"HTTP {exc.code}") from None
        raise KGError(endpoint.url, f"HTTP {exc.code} {_body_line(exc)}") from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as exc:
        raise _Retry(_reason(exc)) from None
    try:
        return json.loads(raw)
    except ValueError:
        raise KGError(endpoint.url, "the endpoint did not answer with SPARQL JSON results") from None


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300]


def results_from_json(data: dict) -> Results:
    """SPARQL 1.1 JSON results → :class:`kg.store.Results` with pyoxigraph terms."""
    variables = list(data.get("head", {}).get("vars", []))
    rows = [tuple(_term(binding.get(v)) for v in variables) for binding in data["results"]["bindings"]]
    return Results(variables, rows)


def _term(binding: dict | None) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        try:
            return ox.BlankNode(value)
        except ValueError:  # a label pyoxigraph does not accept: a fresh node keeps the row
            return ox.BlankNode()
    if binding.get("xml:lang"):
        return ox.Literal(value, language=binding["xml:lang"])
    if binding.get("datatype"):
        return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(value)


def ping(endpoint: Endpoint) -> None:
    """Raise KGError naming the URL unless the endpoint answers a trivial query."""
    select(endpoint, "SELECT (1 AS ?ok) WHERE {}", source=endpoint.url, default_graph=None)

