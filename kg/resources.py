"""Where the data files that ship with conflict-kg live (ontology, queries, examples)."""

from __future__ import annotations

import sys
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent
_INSTALLED_ROOT = Path(sys.prefix) / "share" / "conflict-kg"


def data_root() -> Path:
    """The folder holding ``ontology/``, ``queries/`` and ``examples/``.

    A source checkout (or editable install) uses the repository itself; a wheel
    install uses the copies under ``<prefix>/share/conflict-kg``.
    """
    if (_SOURCE_ROOT / "ontology" / "conflict-kg.ttl").is_file():
        return _SOURCE_ROOT
    return _INSTALLED_ROOT


def ontology_path() -> Path:
    """The OWL ontology (TBox) in Turtle."""
    return data_root() / "ontology" / "conflict-kg.ttl"


def gazetteer_path() -> Path:
    """The default gazetteer of well-known actors, places and weapons."""
    return data_root() / "ontology" / "gazetteer.ttl"


def shapes_path() -> Path:
    """The SHACL shapes the graph is validated against."""
    return data_root() / "ontology" / "shapes.ttl"


def queries_dir() -> Path:
    """The named SPARQL queries (``queries/*.rq``)."""
    return data_root() / "queries"


def examples_dir() -> Path:
    """The bundled articles."""
    return data_root() / "examples" / "articles"
