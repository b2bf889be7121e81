"""The main job, callable from Python: articles in, graph files out."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from .analyze import actor_network
from .build import build_dataset, union_graph
from .export import write_turtle
from .extract import Extractor
from .gazetteer import load_gazetteer
from .ingest import load_articles
from .merge import Event, MergeRule, merge
from .model import Extraction
from .resolve import resolve
from .resources import examples_dir
from .store import load_graph, open_store
from .visualize import write_html


@dataclass
class BuildResult:
    """What a build produced: the per-article dataset, the merged graph, and the files written."""

    extractions: list[Extraction]
    dataset: Dataset
    graph: Graph
    files: list[Path]
    events: list[Event] = field(default_factory=list)


def extract_folder(folder: str | Path | None = None, gazetteers: list[str | Path] | None = None,
                   spacy_model=None) -> list[Extraction]:
    """Ingest, extract and resolve every article in ``folder`` (default: the bundled examples);
    ``spacy_model`` optionally names an installed spaCy model that adds names."""
    gazetteer = load_gazetteer(*(gazetteers or []))
    articles = load_articles(folder or examples_dir())
    extractor = Extractor(gazetteer, spacy_model)
    return resolve([extractor.extract(a) for a in articles], gazetteer)


def build_graph(folder: str | Path | None = None, out: str | Path | None = None,
                gazetteers: list[str | Path] | None = None,
                merge_rules: dict[str, MergeRule] | None = None) -> BuildResult:
    """Build the knowledge graph of a folder of articles.

    With ``out``, writes ``graph.ttl`` and ``graph.html`` there; both are first written
    in a temporary folder and then moved into place, so an interrupted build leaves
    the previous outputs as they were. ``merge_rules`` overrides how reports are merged
    into events (see :mod:`kg.merge`).
    """
    extractions, events = merge(extract_folder(folder, gazetteers), merge_rules)
    dataset = build_dataset(extractions, events)
    graph = union_graph(dataset)
    files: list[Path] = []
    if out is not None:
        files = _write_outputs(graph, Path(out))
    return BuildResult(extractions, dataset, graph, files, events)


def _write_outputs(graph: Graph, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    store = open_store()
    load_graph(store, graph)
    with tempfile.TemporaryDirectory(dir=out, prefix=".build-") as tmp:
        staged = Path(tmp)
        write_turtle(graph, staged / "graph.ttl")
        write_html(actor_network(store), staged / "graph.html", title="conflict-kg: actor network")
        final = []
        for name in ("graph.ttl", "graph.html"):
            shutil.move(str(staged / name), str(out / name))
            final.append(out / name)
    return final
