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


# --- Incremental ingest into a persistent store (kg build --store, kg ingest) ----------


@dataclass
class IngestResult:
    """What an ingest did, by article file name, and the store's size afterwards."""

    added: list[str]
    replaced: list[str]
    unchanged: list[str]
    triples: int
    refresh: object | None = None  # the kg.derived.RefreshResult, unless the refresh was skipped


def ingest(source: str | Path | None, store_dir: str | Path, gazetteers: list[str | Path] | None = None) -> IngestResult:
    """Bring the store in ``store_dir`` up to date with an article file or a folder of them.

    Only new or changed articles (by a hash of text, metadata, gazetteer and version)
    are read; each one's named graph is replaced in one transaction. New names are
    resolved against the entities already in the store, so IRIs stay stable.
    """
    from .store import open_store_dir

    return ingest_into(open_store_dir(store_dir), source, gazetteers)


def ingest_into(store, source: str | Path | None, gazetteers: list[str | Path] | None = None,
                count: bool = True, refresh: bool = True) -> IngestResult:
    """:func:`ingest` into an open pyoxigraph store (``count``: also count the store's
    triples for the report, the one step that reads the whole store).

    Each article's graph is written from that article alone, with its extraction kept
    in the store; with ``refresh`` (the default) :func:`kg.derived.refresh_events` then
    brings the cross-article data (completed claims, events) up to date. Skip it only
    to batch several ingests and refresh once after them.
    """
    from .build import article_graph, article_graph_iri, entity_iri
    from .derived import EXTRACTION, refresh_events
    from .gazetteer import Gazetteer
    from .serialize import extraction_to_json
    from .store import rdflib_triples, replace_article_graph, stored_entities, stored_hashes, triple_count

    articles = _read_source(Path(source) if source else examples_dir())
    gazetteer = load_gazetteer(*(gazetteers or []))
    salt = _pipeline_salt(gazetteers)
    known = stored_hashes(store)
    todo = [(a, _article_hash(a, salt)) for a in articles]
    todo = [(a, h) for a, h in todo if known.get(str(article_graph_iri(a.id))) != h]
    if todo:
        extractor = Extractor(gazetteer)
        extracted = [extractor.extract(a) for a, _ in todo]
        resolver = Gazetteer()
        for entity in gazetteer.entities + stored_entities(store, _name_keys(extracted)):
            resolver.add(entity)
        for extraction, (article, digest) in zip(resolve(extracted, resolver), todo):
            iri = str(article_graph_iri(article.id))
            keys = {str(entity_iri(m.entity)): _name_keys_of(m.entity) for m in extraction.mentions}
            replace_article_graph(store, iri, rdflib_triples(article_graph(extraction)), digest, article.id, keys,
                                  meta={EXTRACTION: extraction_to_json(extraction)})
    changed = {a.id for a, _ in todo}
    refreshed = refresh_events(store) if refresh else None
    return IngestResult(
        added=[a.id for a, _ in todo if str(article_graph_iri(a.id)) not in known],
        replaced=[a.id for a, _ in todo if str(article_graph_iri(a.id)) in known],
        unchanged=[a.id for a in articles if a.id not in changed],
        triples=triple_count(store) if count else -1,
        refresh=refreshed,
    )


def _name_keys_of(entity) -> set[str]:
    return _spelling_keys({entity.name, *entity.aliases})


def _name_keys(extractions) -> set[str]:
    return _spelling_keys({f for x in extractions for m in x.mentions for f in (m.entity.name, m.span.text, *m.entity.aliases)})


def _spelling_keys(forms) -> set[str]:
    from .resolve import MIN_KEY_LENGTH, transliteration_key

    return {k for k in map(transliteration_key, forms) if len(k) >= MIN_KEY_LENGTH}


def build_store(folder: str | Path | None, store_dir: str | Path, out: str | Path | None = None,
                gazetteers: list[str | Path] | None = None) -> tuple[IngestResult, list[Path]]:
    """``kg build --store``: ingest a folder into the store, then write ``out`` from the store's union."""
    from .store import default_graph_rdflib, open_store_dir

    store = open_store_dir(store_dir)
    result = ingest_into(store, folder, gazetteers)
    files = _write_outputs(default_graph_rdflib(store), Path(out)) if out is not None else []
    return result, files


def _read_source(source: Path):
    from .errors import KGError
    from .ingest import read_article, read_metadata

    if source.is_file():
        if source.suffix != ".txt":
            raise KGError(source, "not a .txt article")
        return [read_article(source, read_metadata(source.parent).get(source.name))]
    return load_articles(source)


def _pipeline_salt(gazetteers: list[str | Path] | None) -> str:
    """What besides the article decides its graph: the code version and the gazetteer(s)."""
    import hashlib

    from . import __version__
    from .resources import gazetteer_path

    digest = hashlib.sha256(__version__.encode())
    for path in gazetteers or [gazetteer_path()]:
        digest.update(Path(path).read_bytes() if Path(path).is_file() else str(path).encode())
    return digest.hexdigest()


def _article_hash(article, salt: str) -> str:
    import hashlib
    import json

    meta = json.dumps([article.id, article.title, article.publisher, str(article.date), article.url])
    return hashlib.sha256("\x1f".join([salt, meta, article.text]).encode("utf-8")).hexdigest()
