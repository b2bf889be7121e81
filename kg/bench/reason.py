"""Benchmarks: ``kg bench <topic>``. Each topic measures one stage on synthetic data.

``reason``: synthetic ABoxes in the vocabulary's shape (strikes with attacker, target,
article and evidence; supports with supporter, recipient and weapon; the shortcut edges),
classified by HermiT; each size runs in a fresh process so peak memory is its own.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ..build import KGO, KGR, new_graph
from ..errors import KGError

BENCHMARKS: dict[str, Callable[..., list[dict]]] = {}
# The ontology names these individuals itself (in its hasValue restrictions); same labels here.
KNOWN_LABELS = {KGR["united-states"]: "United States", KGR.tow: "TOW", KGR.russia: "Russia"}


def benchmark(name: str) -> Callable:
    """Register a benchmark for ``kg bench name``."""

    def register(func: Callable) -> Callable:
        BENCHMARKS[name] = func
        return func

    return register


def synthetic_abox(individuals: int, seed: int = 0) -> Graph:
    """About ``individuals`` individuals: 45 % strikes, 45 % their evidence, the rest actors,
    supports, their evidence and articles. Deterministic for a given seed."""
    rng = random.Random(seed)
    g = new_graph()
    states = [KGR[f"state-{i}"] for i in range(10)] + [KGR.russia, KGR["united-states"]]
    groups = [KGR[f"group-{i}"] for i in range(max(10, individuals // 50))]
    weapons = [KGR.tow] + [KGR[f"weapon-{i}"] for i in range(5)]
    articles = [KGR[f"article/a{i}"] for i in range(max(1, individuals // 200))]
    for node, cls in [(s, KGO.State) for s in states] + [(x, KGO.ArmedGroup) for x in groups] + \
                     [(w, KGO.Weapon) for w in weapons] + [(a, KGO.Article) for a in articles]:
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(KNOWN_LABELS.get(node, str(node).rsplit("/", 1)[-1]), lang="en")))
    for a in articles:
        g.add((a, DCTERMS.identifier, Literal(f"{str(a).rsplit('/', 1)[-1]}.txt")))
    strikes = int(individuals * 0.45)
    for i in range(strikes):
        attacker, target = rng.choice(states), rng.choice(groups)
        _fact(g, KGR[f"strike/s{i}"], KGO.Strike, rng.choice(articles), i,
              [(KGO.attacker, attacker), (KGO.target, target)])
        g.add((attacker, KGO.struck, target))
    for i in range(max(1, individuals // 40)):
        supporter, recipient, weapon = rng.choice(states), rng.choice(groups), rng.choice(weapons)
        _fact(g, KGR[f"support/p{i}"], KGO.Support, rng.choice(articles), strikes + i,
              [(KGO.supporter, supporter), (KGO.recipient, recipient), (KGO.supplies, weapon)])
        g.add((recipient, KGO.supportedBy, supporter))
        g.add((recipient, KGO.receivedWeapon, weapon))
    return g


def _fact(g: Graph, node, cls, article, n: int, roles: list) -> None:
    evidence = KGR[f"evidence/e{n}"]
    g.add((node, RDF.type, cls))
    g.add((node, KGO.reportedIn, article))
    g.add((node, PROV.wasDerivedFrom, evidence))
    for prop, value in roles:
        g.add((node, prop, value))
    g.add((evidence, RDF.type, KGO.Evidence))
    g.add((evidence, KGO.inArticle, article))
    g.add((evidence, KGO.exactText, Literal(f"span {n}")))
    g.add((evidence, KGO.startOffset, Literal(n, datatype=XSD.integer)))
    g.add((evidence, KGO.endOffset, Literal(n + 6, datatype=XSD.integer)))
    g.add((evidence, KGO.confidence, Literal(Decimal("0.8"), datatype=XSD.decimal)))
    g.add((evidence, KGO.extractor, Literal("synthetic")))


@dataclass
class ReasonRun:
    """One measured size and engine."""

    engine: str
    individuals: int
    strikes: int
    triples: int
    seconds: float
    python_peak_mb: float
    java_peak_mb: float
    consistent: bool
    inferred: int


def measure_reason(individuals: int, engine: str = "hermit") -> ReasonRun:
    """Generate one ABox and classify it with :func:`kg.reason.reason_graph` in this process."""
    from ..reason import reason_graph

    graph = synthetic_abox(individuals)
    started = time.perf_counter()
    result = reason_graph(graph, explain=False, engine=engine)
    seconds = time.perf_counter() - started
    real = len({s for s in graph.subjects(RDF.type, None)})
    strikes = len(set(graph.subjects(RDF.type, KGO.Strike)))
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    java_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return ReasonRun(engine, real, strikes, len(graph), round(seconds, 2), round(self_mb), round(java_mb),
                     result.consistent, len(result.inferred))


@benchmark("reason")
def bench_reason(sizes: list[int], engines: tuple[str, ...] = ("fast", "hermit"), timeout: int = 600) -> list[dict]:
    """Classify synthetic ABoxes of each size with each engine, each run in a fresh process."""
    rows = []
    for engine in engines:
        for size in sizes:
            rows.append(_measure_in_subprocess(int(size), engine, timeout))
    return rows


def _measure_in_subprocess(size: int, engine: str, timeout: int) -> dict:
    code = (f"import json, dataclasses; from kg.bench.reason import measure_reason; "
            f"print(json.dumps(dataclasses.asdict(measure_reason({size}, {engine!r}))))")
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "individuals": size, "error": f"not done after {timeout} s"}
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"engine": engine, "individuals": size, "error": last[:200]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_benchmark(topic: str, sizes: list[int], **options) -> list[dict]:
    """Run the benchmark ``topic`` over ``sizes``."""
    if topic not in BENCHMARKS:
        raise KGError(topic, f"unknown benchmark (want one of {', '.join(BENCHMARKS)})")
    return BENCHMARKS[topic](sizes, **options)


def markdown_table(rows: list[dict]) -> str:
    """The rows as a Markdown table (columns from the first complete row)."""
    columns = next((list(r) for r in rows if "error" not in r), ["engine", "individuals", "error"])
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        if "error" in row:
            cells = [row["engine"], row["individuals"]] + [""] * (len(columns) - 3) + [row["error"]]
            lines.append("| " + " | ".join(str(c) for c in cells) + " |")
        else:
            lines.append("| " + " | ".join(str(row.get(c, "")) for c in columns) + " |")
    return "\n".join(lines)


