"""Validate: check a graph against the SHACL shapes (pySHACL) and its evidence spans against the articles.

The shapes (``ontology/shapes.ttl``) hold what the vocabulary promises about structure,
cardinalities and datatypes. The one promise that needs the article texts, that every
``kgo:exactText`` equals ``article_text[startOffset:endOffset]``, is checked here in Python,
matching each article's ``dcterms:identifier`` to a file name in the articles folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from .build import KGO
from .errors import KGError
from .resources import examples_dir, ontology_path, shapes_path

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    """One broken promise: the node (with its label), the property path, and what is wrong."""

    node: str
    label: str
    path: str
    message: str
    value: str = ""
    severity: str = "Violation"

    def line(self) -> str:
        """One readable line: ``Violation kgr:strike/1 "Russia struck X": kgo:attacker: message``."""
        name = f"{self.node} \"{self.label}\"" if self.label else self.node
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {name}: {self.path or '(node)'}: {self.message}{value}"


@dataclass
class ValidationReport:
    """All violations found; ``conforms`` when there is none of severity Violation."""

    violations: list[Violation] = field(default_factory=list)
    checked_spans: int = 0

    @property
    def conforms(self) -> bool:
        """True when no violation (warnings allowed)."""
        return not any(v.severity == "Violation" for v in self.violations)

    def text(self) -> str:
        """The report as lines of text, sorted by node."""
        lines = [v.line() for v in sorted(self.violations, key=lambda v: (v.node, v.path, v.message))]
        count = sum(v.severity == "Violation" for v in self.violations)
        summary = ("conforms" if self.conforms else f"{count} violation{'s' if count != 1 else ''}")
        return "\n".join(lines + [f"{summary} ({self.checked_spans} evidence spans checked against the articles)"])


def _read(path: Path, what: str) -> Graph:
    from .export import read_graph

    if not Path(path).is_file():
        raise KGError(path, f"no such {what} file")
    return read_graph(path)


def validate_graph(graph: str | Path | Graph, articles: str | Path | None = None,
                   shapes: str | Path | None = None, check_spans: bool = True) -> ValidationReport:
    """Validate ``graph`` (a Turtle file or rdflib graph) against the shapes and the article texts.

    ``articles`` is the folder of article files (default: the bundled examples).
    """
    data = graph if isinstance(graph, Graph) else _read(Path(graph), "graph")
    report = ValidationReport(shacl_violations(data, shapes))
    if check_spans:
        spans, checked = span_violations(data, articles or examples_dir())
        report.violations += spans
        report.checked_spans = checked
    return report


def shacl_violations(data: Graph, shapes: str | Path | None = None) -> list[Violation]:
    """Run pySHACL with the ontology mixed in (for subclass targets); one Violation per result."""
    import pyshacl

    shapes_graph = _read(Path(shapes) if shapes else shapes_path(), "shapes")
    ontology = _read(ontology_path(), "ontology")
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph, ont_graph=ontology, inference="none",
                                     advanced=True, allow_warnings=True)
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        node = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        found.append(Violation(
            node=_name(data, node), label=_label(data, node), path=_name(data, path) if path is not None else "",
            message=str(results.value(result, SH.resultMessage) or ""),
            value=_name(data, value) if value is not None else "",
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"))
    # One property shape can fail several constraints (datatype, range, order) with one message.
    return sorted(set(found), key=lambda v: (v.node, v.path, v.message, v.value))


def _name(graph: Graph, term) -> str:
    if isinstance(term, URIRef):
        return short_name(graph, term)
    if isinstance(term, Literal):
        return term.n3(graph.namespace_manager)
    return str(term)


def short_name(graph: Graph, iri: URIRef) -> str:
    """``kgr:strike/1a2b`` for an IRI under a bound prefix (even with a slash after it), else ``<iri>``."""
    best = max(((p, str(ns)) for p, ns in graph.namespaces() if str(iri).startswith(str(ns)) and p),
               key=lambda pn: len(pn[1]), default=None)
    return f"{best[0]}:{str(iri)[len(best[1]):]}" if best else f"<{iri}>"


def _label(graph: Graph, node) -> str:
    return str(graph.value(node, RDFS.label) or "") if node is not None else ""


def span_violations(data: Graph, articles: str | Path) -> tuple[list[Violation], int]:
    """Evidence whose ``kgo:exactText`` is not ``article_text[start:end]``; and how many spans were checked.

    An evidence node whose article file is not in ``articles`` gets a warning, not a violation.
    """
    from .ingest import load_articles

    texts = {a.id: a.text for a in load_articles(articles)}
    found, checked = [], 0
    for evidence in sorted(data.subjects(RDF.type, KGO.Evidence)):
        article = data.value(evidence, KGO.inArticle)
        identifier = str(data.value(article, DCTERMS.identifier) or "") if article is not None else ""
        exact, start, end = (data.value(evidence, p) for p in (KGO.exactText, KGO.startOffset, KGO.endOffset))
        if exact is None or not _is_int(start) or not _is_int(end) or not identifier:
            continue  # the shapes already report missing or mistyped parts
        if identifier not in texts:
            found.append(Violation(_name(data, evidence), _label(data, evidence), "kgo:inArticle",
                                   f"article {identifier!r} is not in {articles}; span not checked", severity="Warning"))
            continue
        checked += 1
        actual = texts[identifier][int(start):int(end)]
        if actual != str(exact):
            found.append(Violation(_name(data, evidence), _label(data, evidence), "kgo:exactText",
                                   f"differs from {identifier}[{int(start)}:{int(end)}] = {actual!r}",
                                   value=repr(str(exact))))
    return found, checked


def _is_int(term) -> bool:
    return isinstance(term, Literal) and isinstance(term.toPython(), int) and not isinstance(term.toPython(), bool)
