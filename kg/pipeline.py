"""The main job, callable from Python: articles in, graph files out.

Extraction runs per article and may run in parallel processes over shards of the
corpus (:func:`extract_shard` is a plain function, so Dask or Ray can run it on a
cluster too); resolution across articles runs once all shards are gathered.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
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
    skipped: list[KGError] = field(default_factory=list)

    @cached_property
    def dataset(self) -> Dataset:
        """The per-article dataset (one named graph per article), built on first use."""
        return build_dataset(self.extractions)


@lru_cache(maxsize=2)
def _extractor(gazetteer_paths: tuple[str, ...]) -> Extractor:
    return Extractor(load_gazetteer(*gazetteer_paths))


def extract_shard(paths: list[str | Path], gazetteer_paths: list[str | Path] | None = None,
                  metadata: dict[str, dict] | None = None, keep_text: bool = True) -> list[Extraction]:
    """Read and extract one shard of article files, in order; no cross-article resolution.

    A pure function of its arguments (the extractor is cached per process), so any
    process pool, Dask or Ray can run it; pass files checked by ``scan_corpus``.
    """
    extractor = _extractor(tuple(str(g) for g in gazetteer_paths or ()))
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
    args = (gazetteers, corpus.metadata, options.keep_text)
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
    if not corpus.paths:
        raise KGError(corpus.folder, f"no usable articles ({len(corpus.skipped)} skipped)")
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
                   options: BuildOptions | None = None) -> list[Extraction]:
    """Ingest, extract and resolve every article in ``folder`` (default: the bundled examples)."""
    return extract_corpus(folder, gazetteers, options)[0]


def build_graph(folder: str | Path | None = None, out: str | Path | None = None,
                gazetteers: list[str | Path] | None = None, options: BuildOptions | None = None) -> BuildResult:
    """Build the knowledge graph of a folder of articles.

    With ``out``, writes ``graph.ttl`` and ``graph.html`` there; both are first written
    in a temporary folder and then moved into place, so an interrupted build leaves
    the previous outputs as they were.
    """
    options = options or BuildOptions()
    extractions, skipped = extract_corpus(folder, gazetteers, options)
    started = time.perf_counter()
    graph = merged_graph(extractions)
    _timed("graph", "built %d triples", len(graph), since=started)
    files: list[Path] = []
    if out is not None:
        files = _write_outputs(graph, Path(out), options.html)
    return BuildResult(extractions, graph, files, skipped)


def _write_outputs(graph: Graph, out: Path, html: bool = True) -> list[Path]:
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out)
    names = ["graph.ttl", "graph.html"] if html else ["graph.ttl"]
    with tempfile.TemporaryDirectory(dir=out, prefix=f"{STAGING_PREFIX}{os.getpid()}-") as tmp:
        staged = Path(tmp)
        write_turtle(graph, staged / "graph.ttl")
        if html:
            store = open_store()
            load_graph(store, graph)
            write_html(actor_network(store), staged / "graph.html", title="conflict-kg: actor network")
        for name in names:
            os.replace(staged / name, out / name)  # same file system: an atomic rename
    _timed("write", "wrote %s", ", ".join(names), since=started)
    return [out / name for name in names]


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
