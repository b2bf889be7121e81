"""How long does merging take as the number of strike reports grows?

    PYTHONPATH=$PWD python benchmarks/merge_scaling.py 1000 5000 20000

Synthetic reports: 5 attackers, 200 targets, 100 places, dates spread over two years,
a fifth of them undated, 500 articles. Prints reports, events and seconds per size.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

from kg.merge import MergeRule, Report, cluster
from kg.model import Article, Entity, Evidence, Fact, Span


def synthetic(n: int, seed: int = 7) -> list[Report]:
    """``n`` random strike reports (deterministic for a seed)."""
    rng = random.Random(seed)
    attackers = [Entity(f"Attacker {i}", "State") for i in range(5)]
    targets = [Entity(f"Group {i}", "ArmedGroup") for i in range(200)]
    places = [Entity(f"Town {i}", "Place") for i in range(100)]
    start = date(2015, 1, 1)
    articles = [Article(f"{i:04d}.txt", "x", publisher=f"P{i % 40}", date=start + timedelta(days=rng.randrange(730)))
                for i in range(500)]
    reports = []
    for i in range(n):
        article = rng.choice(articles)
        when = None if rng.random() < 0.2 else article.date - timedelta(days=rng.randrange(3))
        roles = {"attacker": [rng.choice(attackers)], "target": [rng.choice(targets)], "place": [rng.choice(places)]}
        evidence = [Evidence(Span(article.id, i, i + 1, "x"), "bench", 0.8)]
        reports.append(Report(Fact("Strike", article.id, roles, evidence, date=when, date_precision="day" if when else ""), article))
    return reports


def main(sizes: list[int]) -> None:
    """Time :func:`kg.merge.cluster` for each size."""
    print(f"{'reports':>8} {'events':>8} {'seconds':>8}")
    for n in sizes:
        reports = synthetic(n)
        began = time.perf_counter()
        events = cluster(reports, MergeRule())
        print(f"{n:>8} {len(events):>8} {time.perf_counter() - began:>8.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 5000, 20000])
