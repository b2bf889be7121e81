"""A canonical dump of everything the extractor outputs, to prove a speed-up changes nothing.

    PYTHONPATH=$PWD python benchmarks/extract_fingerprint.py /tmp/before.jsonl
    # ... optimise ...
    PYTHONPATH=$PWD python benchmarks/extract_fingerprint.py /tmp/after.jsonl
    cmp /tmp/before.jsonl /tmp/after.jsonl

Extracts every article of ``examples/articles``, every ``examples/heldout*/articles`` and
the 5 MB synthetic corpus of ``kg bench extract`` (same seed), and writes one JSON line per
article: all mentions and facts with every field (entities, roles in order, evidence spans
and offsets, rules, confidences as ``repr`` of the float, dates, quotes, extras). Reads
articles only, never gold. Prints the line count and a SHA-256 of the file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from datetime import date
from pathlib import Path

from kg.bench.extract import synthetic_corpus
from kg.extract import Extractor
from kg.gazetteer import load_gazetteer
from kg.ingest import load_articles
from kg.model import Article
from kg.resources import examples_dir

BENCH_SIZE_CHARS = 5_000_000


def canonical(value: object) -> object:
    """A JSON-ready value with a fixed order: dataclasses field by field, sets sorted,
    floats as ``repr`` (so 0.1 and 0.1000000001 differ), dates as ISO strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, Article):
            return value.id  # the text is the input, not output
        return {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (frozenset, set)):
        return sorted(canonical(v) for v in value)
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def corpora() -> list[tuple[str, list[Article]]]:
    """(name, articles) for the bundled, held-out and synthetic benchmark corpora."""
    root = examples_dir()
    named = [("examples", load_articles(root))]
    for folder in sorted(Path(root).parent.glob("heldout*/articles")):
        named.append((folder.parent.name, load_articles(folder)))
    named.append(("bench", synthetic_corpus(named[0][1], BENCH_SIZE_CHARS)))
    return named


def write_fingerprint(out: Path) -> str:
    """Write the dump to ``out``; return its SHA-256."""
    extractor = Extractor(load_gazetteer())
    with out.open("w", encoding="utf-8") as handle:
        for name, articles in corpora():
            for article in articles:
                extraction = extractor.extract(article)
                line = {"corpus": name, "article": article.id,
                        "mentions": canonical(extraction.mentions), "facts": canonical(extraction.facts)}
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return hashlib.sha256(out.read_bytes()).hexdigest()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "extract_fingerprint.jsonl")
    digest = write_fingerprint(target)
    lines = sum(1 for _ in target.open(encoding="utf-8"))
    print(f"{lines} articles -> {target}  sha256 {digest}")
