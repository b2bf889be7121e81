"""Benchmarks (``kg bench extract``): extraction throughput and peak memory.

The corpus is made by shuffling the paragraphs of a folder of articles (default: the
bundled examples) into synthetic articles until it reaches the requested size; the run
is pinned to one CPU core where the platform allows it.
"""

from __future__ import annotations

import os
import random
import resource
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import KGError
from ..model import Article

PARAGRAPHS_PER_ARTICLE = 12
GOAL_CHARS_PER_CPU_SECOND = 500_000  # issue #4: throughput on one core


@dataclass
class BenchResult:
    """What one benchmark run measured."""

    characters: int
    articles: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    facts: int
    cores: str

    @property
    def chars_per_second(self) -> float:
        """Characters extracted per wall-clock second."""
        return self.characters / self.seconds if self.seconds else 0.0

    @property
    def chars_per_cpu_second(self) -> float:
        """Characters extracted per second of CPU time (the figure that other load on the
        machine does not distort)."""
        return self.characters / self.cpu_seconds if self.cpu_seconds else 0.0

    @property
    def goal_verdict(self) -> str:
        """"met" or "not met": the CPU-second throughput against GOAL_CHARS_PER_CPU_SECOND."""
        return "met" if self.chars_per_cpu_second >= GOAL_CHARS_PER_CPU_SECOND else "not met"

    def summary(self) -> str:
        """A few readable lines with the figures."""
        return (
            f"corpus: {self.characters:,} characters in {self.articles} synthetic articles\n"
            f"time: {self.seconds:.2f} s wall, {self.cpu_seconds:.2f} s CPU, on {self.cores}\n"
            f"throughput: {self.chars_per_cpu_second:,.0f} characters per CPU second "
            f"({self.chars_per_second:,.0f} per wall-clock second)\n"
            f"goal {GOAL_CHARS_PER_CPU_SECOND:,} characters per CPU second: {self.goal_verdict}\n"
            f"peak memory (max RSS of the process): {self.peak_rss_mb:.0f} MB\n"
            f"facts extracted: {self.facts:,}"
        )


def synthetic_corpus(articles: list[Article], size_chars: int, seed: int = 0) -> list[Article]:
    """Articles made of shuffled paragraphs of ``articles`` totalling at least ``size_chars``."""
    paragraphs = [(p, a.date) for a in articles for p in a.text.split("\n\n") if p.strip()]
    if not paragraphs:
        raise KGError("bench", "no paragraphs to build a corpus from")
    rng = random.Random(seed)
    corpus: list[Article] = []
    total = 0
    while total < size_chars:
        picked = [paragraphs[rng.randrange(len(paragraphs))] for _ in range(PARAGRAPHS_PER_ARTICLE)]
        text = "\n\n".join(p for p, _ in picked) + "\n"
        published = picked[0][1] or date(2015, 10, 1)
        corpus.append(Article(id=f"bench_{len(corpus):05d}.txt", text=text, date=published))
        total += len(text)
    return corpus


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"1 core (CPU {core})"
    return "1 process (not pinned)"


def bench_extract(size_mb: float = 5.0, folder: str | Path | None = None) -> BenchResult:
    """Extract a synthetic corpus of ``size_mb`` megabytes; time it and read the peak RSS."""
    from ..extract import Extractor
    from ..gazetteer import load_gazetteer
    from ..ingest import load_articles
    from ..resources import examples_dir

    if size_mb <= 0:
        raise KGError("--size-mb", "must be positive")
    corpus = synthetic_corpus(load_articles(folder or examples_dir()), int(size_mb * 1_000_000))
    cores = _pin_one_core()
    extractor = Extractor(load_gazetteer())
    extractor.extract(corpus[0])  # warm-up: lazy spaCy and regex set-up
    start, cpu_start = time.perf_counter(), time.process_time()
    facts = sum(len(extractor.extract(article).facts) for article in corpus)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return BenchResult(sum(len(a.text) for a in corpus), len(corpus), seconds, cpu_seconds, peak_kb / 1024, facts, cores)
