"""Benchmark (``kg bench build``): whole builds of synthetic corpora, articles per second and peak memory.

Each size runs in a fresh process (so peak memory is that build's own), on a corpus
written by :mod:`kg.synthetic` beforehand (not timed). The timed part is exactly what
``kg build --no-html`` does after start-up: check, extract, resolve, merge events, build the graph
and write ``graph.ttl``.
"""

from __future__ import annotations

import logging
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from ..synthetic import write_corpus


@dataclass
class BuildBench:
    """What one benchmark build measured."""

    articles: int
    corpus_mb: float
    seconds: float
    triples: int
    peak_rss_mb: float
    workers_peak_rss_mb: float
    workers: int
    stages: dict[str, float]

    @property
    def articles_per_second(self) -> float:
        """Articles built per wall-clock second."""
        return self.articles / self.seconds if self.seconds else 0.0

    def row(self) -> str:
        """One line of the results table."""
        workers = f"{self.workers_peak_rss_mb:>8.0f}" if self.workers > 1 else f"{'-':>8}"
        stages = " ".join(f"{self.stages.get(s, 0):>9.1f}" for s in STAGES)
        return (f"{self.articles:>8} {self.corpus_mb:>8.1f} {self.workers:>7} {self.seconds:>8.1f} "
                f"{self.articles_per_second:>10.1f} {self.triples:>10} {self.peak_rss_mb:>9.0f} {workers} {stages}")


STAGES = ("extract", "resolve", "merge", "graph", "write")
HEADER = (f"{'articles':>8} {'text MB':>8} {'workers':>7} {'seconds':>8} {'articles/s':>10} {'triples':>10} "
          f"{'peak MB':>9} {'worker MB':>8} " + " ".join(f"{s + ' s':>9}" for s in STAGES))


class _StageTimes(logging.Handler):
    """Collects the seconds the pipeline logs per stage (extract, resolve, merge, graph, write)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "stage"):
            self.seconds[record.stage] = record.seconds


def _measure(folder: str, out: str, workers: int, html: bool) -> tuple[float, int, float, float, dict[str, float]]:
    from ..pipeline import BuildOptions, build_graph

    stages = _StageTimes()
    logger = logging.getLogger("kg")
    logger.addHandler(stages)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    started = time.perf_counter()
    result = build_graph(folder, out, options=BuildOptions(workers=workers, keep_text=False, html=html))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, len(result.graph), peak, children, stages.seconds


def bench_build(sizes: tuple[int, ...] = (1000, 10000), workers: int = 1, html: bool = False,
                seed: int = 0, work_dir: str | Path | None = None) -> list[BuildBench]:
    """Build synthetic corpora of each size in a fresh process; one BuildBench per size."""
    results = []
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="kg-bench-") as tmp:
        for size in sizes:
            corpus = write_corpus(Path(tmp) / f"corpus-{size}", size, seed)
            text_mb = sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1024 / 1024
            with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
                seconds, triples, peak, children, stages = pool.submit(
                    _measure, str(corpus), str(Path(tmp) / f"out-{size}"), workers, html).result()
            results.append(BuildBench(size, text_mb, seconds, triples, peak, children, workers, stages))
    return results
