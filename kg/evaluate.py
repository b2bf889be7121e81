"""Evaluate: score extraction against hand-made gold annotations.

Runs the same library path as ``kg build`` (:func:`kg.pipeline.extract_folder`) and
compares, per article, sets of facts in the gold format (``shared/gold/SCHEMA.md``):
entities by type, strike targets, strike places, strike dates, speakers and each
relation type. Extracted names are mapped onto the gold's own names through the
gold's ``mentions``; the extractor itself never sees the gold.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KGError
from .model import Entity, Extraction, Fact

RELATION_TYPES = ("supports", "alliedWith", "memberOf", "opposes")
ENTITY_KINDS = tuple(f"entity:{t}" for t in ("Person", "State", "ArmedGroup", "Coalition", "Organization", "Place", "Weapon"))
FACT_KINDS = ("strike target", "strike place", "strike date", "speaker") + RELATION_TYPES
KINDS = FACT_KINDS + ENTITY_KINDS
SYMMETRIC = {"alliedWith"}

Item = tuple[str, ...]  # a scored fact: ("Islamic State",) or ("Russia", "Syrian Government")


@dataclass
class Score:
    """Counts and the items behind them for one fact kind (in one article or overall)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[dict] = field(default_factory=list)
    false_hits: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of extracted items that are in the gold (1.0 when nothing was extracted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold items that were extracted (1.0 when the gold has none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        """Accumulate another score (micro-averaging)."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self, details: bool = True) -> dict:
        """Counts, P/R/F1 and (optionally) the misses and false hits."""
        out = {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
               "recall": round(self.recall, 4), "f1": round(self.f1, 4)}
        if details:
            out["misses"] = self.misses
            out["false_hits"] = self.false_hits
        return out


@dataclass
class Report:
    """Per-article and micro-averaged scores."""

    articles: dict[str, dict[str, Score]]
    micro: dict[str, Score]

    def to_json(self) -> dict:
        """The report as plain JSON-ready data."""
        return {
            "micro": {k: s.as_dict(details=False) for k, s in self.micro.items()},
            "articles": {a: {k: s.as_dict() for k, s in kinds.items()} for a, kinds in self.articles.items()},
        }


# ---------------------------------------------------------------- names

def normalise(name: str) -> str:
    """Light normalisation for matching names: NFKC, straight quotes, lower case,
    no leading "the", no possessive, single spaces."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'").lower().strip()
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"^the ", "", text)
    return re.sub(r"'s$", "", text).strip(" .,")


class GoldNames:
    """Maps extracted entities onto one gold file's canonical names via its mentions."""

    def __init__(self, gold: dict) -> None:
        self.by_form: dict[str, str] = {}
        for entity in gold.get("entities", []):
            self.by_form.setdefault(normalise(entity["name"]), entity["name"])
        for entity in gold.get("entities", []):
            for mention in entity.get("mentions", []):
                self.by_form.setdefault(normalise(mention), entity["name"])

    def name(self, entity: Entity, surfaces: set[str] = frozenset()) -> str:
        """The gold name for an extracted entity: by canonical name, then by the forms seen
        in this article, then by any alias; else the extracted name itself (a false hit)."""
        for forms in ([entity.name], sorted(surfaces), sorted(entity.aliases)):
            for form in forms:
                found = self.by_form.get(normalise(form))
                if found:
                    return found
        return entity.name


# ---------------------------------------------------------------- fact sets

def gold_items(gold: dict) -> dict[str, dict[Item, str]]:
    """The gold file as {kind: {item: evidence sentence}}."""
    items: dict[str, dict[Item, str]] = defaultdict(dict)
    for entity in gold.get("entities", []):
        items[f"entity:{entity['type']}"].setdefault((entity["name"],), "")
    for strike in gold.get("strikes", []):
        evidence = strike.get("evidence", "")
        if strike.get("target"):
            items["strike target"].setdefault((strike["target"],), evidence)
        if strike.get("place"):
            items["strike place"].setdefault((strike["place"],), evidence)
        if strike.get("date"):
            items["strike date"].setdefault((strike["date"],), evidence)
    for statement in gold.get("statements", []):
        items["speaker"].setdefault((statement["speaker"],), statement.get("evidence", ""))
    for relation in gold.get("relations", []):
        pair = (relation["subject"], relation["object"])
        if relation["type"] in SYMMETRIC:
            pair = tuple(sorted(pair))
        items[relation["type"]].setdefault(pair, relation.get("evidence", ""))
    return items


def _relation_items(fact: Fact, name) -> list[tuple[str, Item]]:
    if fact.kind == "Support":
        return [("supports", (name(s), name(r))) for s in fact.role("supporter") for r in fact.role("recipient")]
    if fact.kind == "Membership":
        return [("memberOf", (name(m), name(g))) for m in fact.role("member") for g in fact.role("group")]
    if fact.kind == "Opposition":
        parties = fact.role("party")
        return [("opposes", (name(parties[0]), name(p))) for p in parties[1:]] if parties else []
    if fact.kind == "Alliance":
        names = sorted({name(p) for p in fact.role("party")})
        return [("alliedWith", (a, b)) for i, a in enumerate(names) for b in names[i + 1:]]
    return []


def _pure_denial(fact: Fact) -> bool:
    """A fact someone disputes and nobody in the text claims ("Russia is not bombing ISIS",
    kg.extract.claims): the gold lists what articles report as having happened, and such a
    denial says the opposite, so it is no reported strike, support or alliance. A disputed fact
    that someone claims ("Moscow's assertion that it hit IS was disputed") is still a report."""
    return bool(fact.role("disputed_by")) and not fact.role("claimed_by")


def predicted_items(extraction: Extraction, names: GoldNames) -> dict[str, dict[Item, str]]:
    """An extraction as {kind: {item: sentence}}, with names mapped onto the gold's."""
    surfaces: dict[Entity, set[str]] = defaultdict(set)
    first_sentence: dict[Entity, str] = {}
    for mention in extraction.mentions:
        surfaces[mention.entity].add(mention.span.text)
        first_sentence.setdefault(mention.entity, mention.span.text)

    def name(entity: Entity) -> str:
        return names.name(entity, surfaces.get(entity, set()))

    items: dict[str, dict[Item, str]] = defaultdict(dict)
    for entity in surfaces:
        items[f"entity:{entity.type}"].setdefault((name(entity),), "")
    for fact in extraction.facts:
        if _pure_denial(fact):
            continue
        sentence = fact.evidence[0].sentence if fact.evidence else ""
        if fact.kind == "Strike":
            for target in fact.role("target"):
                items["strike target"].setdefault((name(target),), sentence)
            for place in fact.role("place"):
                items["strike place"].setdefault((name(place),), sentence)
            if fact.date is not None:
                when = fact.date.isoformat()[:7] if fact.date_precision == "month" else fact.date.isoformat()
                items["strike date"].setdefault((when,), sentence)
        elif fact.kind == "Statement":
            for speaker in fact.role("speaker"):
                items["speaker"].setdefault((name(speaker),), sentence)
        else:
            for kind, item in _relation_items(fact, name):
                if item[0] != item[-1]:
                    items[kind].setdefault(item, sentence)
    return items


def score_sets(gold: dict[Item, str], predicted: dict[Item, str]) -> Score:
    """Compare two sets of items; keep each miss and false hit with its sentence."""
    score = Score()
    for item in sorted(set(gold) | set(predicted)):
        if item in gold and item in predicted:
            score.tp += 1
        elif item in gold:
            score.fn += 1
            score.misses.append({"item": list(item), "sentence": gold[item]})
        else:
            score.fp += 1
            score.false_hits.append({"item": list(item), "sentence": predicted[item]})
    return score


# ---------------------------------------------------------------- the job

def read_gold(gold_dir: str | Path) -> dict[str, dict]:
    """Every gold JSON file in ``gold_dir`` keyed by the article it annotates."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise KGError(folder, "gold folder not found")
    gold: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise KGError(path, f"not valid JSON: {exc}") from None
        if not isinstance(data, dict) or "article" not in data:
            raise KGError(path, "not a gold file (no \"article\" field)")
        gold[data["article"]] = data
    if not gold:
        raise KGError(folder, "no gold .json files")
    return gold


def score_extractions(extractions: list[Extraction], gold: dict[str, dict]) -> Report:
    """Score extractions against gold files (matched by article id)."""
    by_id = {x.article.id: x for x in extractions}
    articles: dict[str, dict[str, Score]] = {}
    micro = {kind: Score() for kind in KINDS}
    for article_id, annotation in sorted(gold.items()):
        extraction = by_id.get(article_id)
        if extraction is None:
            continue
        expected = gold_items(annotation)
        found = predicted_items(extraction, GoldNames(annotation))
        scores = {kind: score_sets(expected.get(kind, {}), found.get(kind, {})) for kind in KINDS}
        for kind, score in scores.items():
            micro[kind].add(score)
        articles[article_id] = scores
    if not articles:
        raise KGError(next(iter(gold)), "no gold file matches an article in the articles folder")
    return Report(articles, micro)


def evaluate(gold_dir: str | Path, articles_dir: str | Path | None = None,
             gazetteers: list[str | Path] | None = None, spacy_model=None) -> Report:
    """Extract ``articles_dir`` (default: the bundled examples) as ``kg build`` does and
    score it against the gold files in ``gold_dir``."""
    from .pipeline import extract_folder

    gold = read_gold(gold_dir)
    return score_extractions(extract_folder(articles_dir, gazetteers, spacy_model), gold)


# ---------------------------------------------------------------- output

def format_table(report: Report, details: bool = True) -> str:
    """A readable report: micro-averaged table, per-article F1, then misses and false hits."""
    lines = ["micro-averaged", f"{'kind':<20}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}"]
    for kind, s in report.micro.items():
        lines.append(f"{kind:<20}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}")
    ids = list(report.articles)
    lines += ["", "F1 per article", f"{'kind':<20}" + "".join(f"{a[:8]:>10}" for a in ids)]
    for kind in KINDS:
        lines.append(f"{kind:<20}" + "".join(f"{report.articles[a][kind].f1:>10.3f}" for a in ids))
    if details:
        for article_id, kinds in report.articles.items():
            for kind in FACT_KINDS:
                s = kinds[kind]
                for label, entries in (("MISS", s.misses), ("FALSE", s.false_hits)):
                    for entry in entries:
                        lines.append(f"{article_id} {kind:<14} {label:<5} {' → '.join(entry['item'])}")
                        if entry["sentence"]:
                            lines.append(f"    | {' '.join(entry['sentence'].split())[:240]}")
    return "\n".join(lines)
