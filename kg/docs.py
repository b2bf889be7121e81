"""Docs: HTML documentation of the ontology, generated from the OWL file with pyLODE."""

from __future__ import annotations

import logging
from pathlib import Path

from .errors import KGError
from .export import atomic_write
from .resources import ontology_path


def ontology_html(ontology: str | Path | None = None) -> str:
    """The ontology rendered as one self-contained HTML page (pyLODE's OntPub profile)."""
    path = Path(ontology) if ontology else ontology_path()
    if not path.is_file():
        raise KGError(path, "no such ontology file")
    root = logging.getLogger()
    level = root.level
    try:
        from pylode import OntPub
    except ImportError:
        raise KGError("pylode", "not installed (pip install 'pylode>=3.3.4,<3.4')") from None
    root.setLevel(max(level, logging.WARNING))
    try:
        return OntPub(ontology=str(path)).make_html()
    except Exception as exc:  # pyLODE raises many kinds on a malformed ontology
        raise KGError(path, f"cannot document: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    finally:
        root.setLevel(level)  # pyLODE's import sets up root logging at INFO


def write_ontology_docs(out: str | Path, ontology: str | Path | None = None) -> Path:
    """Write the ontology's HTML documentation to ``out``; returns the path."""
    html = ontology_html(ontology)
    atomic_write(out, html.encode("utf-8"))
    return Path(out)
