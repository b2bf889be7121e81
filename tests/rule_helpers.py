"""What the rule tests (test_extract2/3/4) read off an extraction."""

from __future__ import annotations

from datetime import date

from kg.extract import Extractor
from kg.model import Article, Extraction


def read(extractor: Extractor, text: str, published: date = date(2015, 10, 7)) -> Extraction:
    return extractor.extract(Article("t.txt", text, date=published))


def names(x: Extraction, kind: str) -> set[str]:
    return {m.entity.name for m in x.mentions if m.entity.type == kind}


def facts(x: Extraction, kind: str) -> list[dict[str, list[str]]]:
    return [{k: [e.name for e in v] for k, v in f.roles.items()} for f in x.facts if f.kind == kind]


def pairs(x: Extraction, kind: str, a: str, b: str) -> set[tuple[str, str]]:
    return {(r[a][0], r[b][0]) for r in facts(x, kind) if r.get(a) and r.get(b)}


def speakers(x: Extraction) -> set[str]:
    return {f.roles["speaker"][0].name for f in x.facts if f.kind == "Statement"}


def targets(x: Extraction) -> set[str]:
    return {e.name for f in x.facts if f.kind == "Strike" for e in f.roles.get("target", [])}
