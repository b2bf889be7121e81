"""The main job, callable from Python: articles in, graph files out.

Extraction runs per article and may run in parallel processes over shards of the
corpus (:func:`extract_shard` is a plain function, so Dask or Ray can run it on a
cluster too); resolution across articles runs once all shards are gathered.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterator

from rdflib import Dataset, Graph

from .analyze import actor_network
from .build import build_dataset, merged_graph
from .errors import KGError
from .export import write_turtle
from .extract import Extractor
from .gazetteer import load_gazetteer
from .ingest import DEFAULT_MAX_BYTES, Corpus, read_article, scan_corpus
from .merge import Event, MergeRule, merge
from .model import Extraction
from .resolve import resolve
from .resources import examples_dir
from .store import load_graph, open_store
from .visualize import write_html

log = logging.getLogger("kg.pipeline")
STAGING_PREFIX = ".build-"


@dataclass
class BuildOptions:
    """How to build: skip-and-report or ``strict``, size limit, worker processes, outputs."""

    strict: bool = False
    max_bytes: int | None = DEFAULT_MAX_BYTES
    workers: int = 1
    spacy_model: str | None = None  # an installed spaCy model that adds names (a name, so workers can load it)
    keep_text: bool = True  # False drops article texts after extraction (memory grows with the graph only)
    html: bool = True
    on_skip: Callable[[KGError], None] | None = None
    on_progress: Callable[[int, int], None] | None = None  # (articles done, total)


@dataclass
class BuildResult:
    """What a build produced: the extractions, the merged graph, the files written, what was skipped."""

    extractions: list[Extraction]
    graph: Graph
    files: list[Path]
    events: list[Event] = field(default_factory=list)
    skipped: list[KGError] = field(default_factory=list)

    @cached_property
    def dataset(self) -> Dataset:
        """The per-article dataset (one named graph per article, and ``kgr:graph/events``),
        built on first use."""
        return build_dataset(self.extractions, self.events)


@lru_cache(maxsize=2)
def _extractor(gazetteer_paths: tuple[str, ...], spacy_model: str | None = None) -> Extractor:
    return Extractor(load_gazetteer(*gazetteer_paths), spacy_model)


def extract_shard(paths: list[str | Path], gazetteer_paths: list[str | Path] | None = None,
                  metadata: dict[str, dict] | None = None, keep_text: bool = True,
                  spacy_model: str | None = None) -> list[Extraction]:
    """Read and extract one shard of article files, in order; no cross-article resolution.

    A pure function of its arguments (the extractor is cached per process), so any
    process pool, Dask or Ray can run it; pass files checked by ``scan_corpus``.
    ``spacy_model`` optionally names an installed spaCy model that adds names.
    """
    extractor = _extractor(tuple(str(g) for g in gazetteer_paths or ()), spacy_model)
    results = []
    for path in map(Path, paths):
        extraction = extractor.extract(read_article(path, (metadata or {}).get(path.name)))
        if not keep_text:
            extraction.article = replace(extraction.article, text="")
        results.append(extraction)
    return results


def _shards(paths: list[Path], workers: int) -> list[list[Path]]:
    size = max(1, min(64, -(-len(paths) // (workers * 8))))
    return [paths[i:i + size] for i in range(0, len(paths), size)]


def _extract_corpus(corpus: Corpus, gazetteers: list[str] | None, options: BuildOptions) -> Iterator[list[Extraction]]:
    shards = _shards(corpus.paths, options.workers)
    args = (gazetteers, corpus.metadata, options.keep_text, options.spacy_model)
    if options.workers <= 1:
        yield from (extract_shard(shard, *args) for shard in shards)
        return
    # spawn, not fork: the parent may run a progress-bar thread, and fork copies locks.
    # Workers ignore Ctrl-C: the parent handles it and shuts the pool down.
    pool = ProcessPoolExecutor(max_workers=options.workers, mp_context=get_context("spawn"),
                               initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN))
    try:
        futures = [pool.submit(extract_shard, shard, *args) for shard in shards]
        for future in futures:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def extract_corpus(folder: str | Path | None = None, gazetteers: list[str | Path] | None = None,
                   options: BuildOptions | None = None) -> tuple[list[Extraction], list[KGError]]:
    """Check, extract and resolve every usable article of ``folder``: (extractions, skipped)."""
    options = options or BuildOptions()
    started = time.perf_counter()
    corpus = scan_corpus(folder or examples_dir(), options.strict, options.max_bytes, options.on_skip)
    log.info("checked %d files: %d usable, %d skipped", len(corpus.paths) + len(corpus.skipped),
             len(corpus.paths), len(corpus.skipped))
    gazetteer_paths = [str(g) for g in gazetteers or []]
    load_gazetteer(*gazetteer_paths)  # a bad gazetteer fails here, before any worker starts
    extractions: list[Extraction] = []
    for shard in _extract_corpus(corpus, gazetteer_paths, options):
        extractions.extend(shard)
        if options.on_progress:
            options.on_progress(len(extractions), len(corpus.paths))
    _timed("extract", "extracted %d articles", len(extractions), since=started)
    started = time.perf_counter()
    resolved = resolve(extractions, load_gazetteer(*gazetteer_paths))
    _timed("resolve", "resolved entities across %d articles", len(extractions), since=started)
    return resolved, corpus.skipped


def _timed(stage: str, message: str, *args: object, since: float) -> None:
    seconds = time.perf_counter() - since
    log.info(message + " in %.1f s", *args, seconds, extra={"stage": stage, "seconds": round(seconds, 3)})


def extract_folder(folder: str | Path | None = None, gazetteers: list[str | Path] | None = None,
                   spacy_model: str | None = None, options: BuildOptions | None = None) -> list[Extraction]:
    """Ingest, extract and resolve every article in ``folder`` (default: the bundled examples);
    ``spacy_model`` optionally names an installed spaCy model that adds names."""
    options = options or BuildOptions()
    if spacy_model is not None:
        options = replace(options, spacy_model=spacy_model)
    return extract_corpus(folder, gazetteers, options)[0]


def build_graph(folder: str | Path | None = None, out: str | Path | None = None,
                gazetteers: list[str | Path] | None = None, merge_rules: dict[str, MergeRule] | None = None,
                options: BuildOptions | None = None) -> BuildResult:
    """Build the knowledge graph of a folder of articles.

    With ``out``, writes ``graph.ttl`` and ``graph.html`` there; both are first written
    in a temporary folder and then moved into place, so an interrupted build leaves
    the previous outputs as they were. ``merge_rules`` overrides how reports are merged
    into events (see :mod:`kg.merge`).
    """
    options = options or BuildOptions()
    resolved, skipped = extract_corpus(folder, gazetteers, options)
    started = time.perf_counter()
    # Events need every article: merging runs once, after all shards are gathered and resolved.
    extractions, events = merge(resolved, merge_rules)
    _timed("merge", "merged reports into %d events", len(events), since=started)
    started = time.perf_counter()
    graph = merged_graph(extractions, events)
    _timed("graph", "built %d triples", len(graph), since=started)
    files: list[Path] = []
    if out is not None:
        files = _write_outputs(graph, Path(out), options.html)
    return BuildResult(extractions, graph, files, events, skipped)


def _write_outputs(graph: Graph, out: Path, html: bool = True) -> list[Path]:
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out)
    names = ["graph.ttl", "graph.html"] if html else ["graph.ttl"]
    # Named before it exists and made inside the guarded block: a Ctrl-C that lands just
    # after the folder is made (inside mkdtemp, before `try`) would otherwise leave it behind.
    staged = out / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(6)}"
    try:
        staged.mkdir()
        write_turtle(graph, staged / "graph.ttl")
        if html:
            store = open_store()
            load_graph(store, graph)
            write_html(actor_network(store), staged / "graph.html", title="conflict-kg: actor network")
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    with _interrupt_held_back():
        for name in names:
            os.replace(staged / name, out / name)  # same file system: an atomic rename
        shutil.rmtree(staged, ignore_errors=True)
    _timed("write", "wrote %s", ", ".join(names), since=started)
    return [out / name for name in names]


class InterruptedAfterWriting(KeyboardInterrupt):
    """Ctrl-C arrived while a build's outputs were being put in place: they were all written."""


@contextmanager
def _interrupt_held_back() -> Iterator[None]:
    """Hold Ctrl-C back while the block runs, so a set of renames is never split by it;
    one that came is raised afterwards as :class:`InterruptedAfterWriting`."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise InterruptedAfterWriting()


def remove_stale_staging(out: Path) -> list[Path]:
    """Remove staging folders left in ``out`` by builds that were killed (their process is gone)."""
    removed = []
    for path in out.glob(STAGING_PREFIX + "*"):
        pid = path.name[len(STAGING_PREFIX):].split("-", 1)[0]
        if path.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- Incremental ingest into a persistent store (kg build --store, kg ingest) ----------


@dataclass
class IngestResult:
    """What an ingest did, by article file name, and the store's size afterwards."""

    added: list[str]
    replaced: list[str]
    unchanged: list[str]
    triples: int
    skipped: list[KGError] = field(default_factory=list)
    refresh: object | None = None  # the kg.derived.RefreshResult, unless the refresh was skipped


def ingest(source: str | Path | None, store_dir: str | Path, gazetteers: list[str | Path] | None = None,
           options: BuildOptions | None = None) -> IngestResult:
    """Bring the store in ``store_dir`` up to date with an article file or a folder of them.

    Only new or changed articles (by a hash of text, metadata, gazetteer and version)
    are read; each one's named graph is replaced in one transaction. New names are
    resolved against the entities already in the store, so IRIs stay stable. Unusable
    files of a folder are skipped and reported as in :func:`build_graph` (``options``:
    ``strict``, ``max_bytes``, ``on_skip``).
    """
    from .store import open_store_dir

    return ingest_into(open_store_dir(store_dir), source, gazetteers, options=options)


def ingest_into(store, source: str | Path | None, gazetteers: list[str | Path] | None = None,
                count: bool = True, options: BuildOptions | None = None, refresh: bool = True) -> IngestResult:
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

    articles, skipped = _read_source(Path(source) if source else examples_dir(), options or BuildOptions())
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
        skipped=skipped,
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
                gazetteers: list[str | Path] | None = None,
                options: BuildOptions | None = None) -> tuple[IngestResult, list[Path]]:
    """``kg build --store``: ingest a folder into the store, then write ``out`` from the store's union."""
    from .store import default_graph_rdflib, open_store_dir

    options = options or BuildOptions()
    store = open_store_dir(store_dir)
    result = ingest_into(store, folder, gazetteers, options=options)
    files = _write_outputs(default_graph_rdflib(store), Path(out), options.html) if out is not None else []
    return result, files


def _read_source(source: Path, options: BuildOptions) -> tuple[list, list[KGError]]:
    """The articles of one file (any problem raises) or of a folder (checked as by
    :func:`scan_corpus`): (articles, skipped)."""
    from .ingest import read_metadata

    if source.is_file():
        if source.suffix != ".txt":
            raise KGError(source, "not a .txt article")
        return [read_article(source, read_metadata(source.parent).get(source.name), options.max_bytes)], []
    corpus = scan_corpus(source, options.strict, options.max_bytes, options.on_skip)
    return [read_article(p, corpus.metadata.get(p.name)) for p in corpus.paths], corpus.skipped


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
