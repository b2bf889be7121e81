"""Serialise: a resolved :class:`~kg.model.Extraction` as compact JSON and back.

The persistent store keeps each article's extraction this way (see :mod:`kg.derived`), so
what is derived across articles (completed claims, events) can be recomputed without
reading or extracting any article again. Entities are written once, in a table that
mentions and fact roles point into; spans of the extraction's own article omit the
article id. The article's text is left out unless asked for: no later stage reads it
(evidence keeps its own exact text).
"""

from __future__ import annotations

import json
from datetime import date

from .model import Article, Entity, Evidence, Extraction, Fact, Mention, Span

VERSION = 1


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _undate(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class _Entities:
    """The entity table: one row per distinct entity (name, type, generic, aliases)."""

    def __init__(self) -> None:
        self.rows: list[list] = []
        self.index: dict[tuple, int] = {}

    def __call__(self, entity: Entity) -> int:
        key = (entity.name, entity.type, entity.generic, tuple(sorted(entity.aliases)))
        if key not in self.index:
            self.index[key] = len(self.rows)
            self.rows.append([entity.name, entity.type, int(entity.generic), list(key[3])])
        return self.index[key]


def _span(span: Span, article_id: str) -> list:
    row = [span.start, span.end, span.text]
    return row if span.article_id == article_id else row + [span.article_id]


def _unspan(row: list, article_id: str) -> Span:
    return Span(row[3] if len(row) > 3 else article_id, row[0], row[1], row[2])


def extraction_to_json(extraction: Extraction, text: bool = False) -> str:
    """``extraction`` as a compact JSON string (with the article's text only if ``text``)."""
    article = extraction.article
    entity = _Entities()
    mentions = [[_span(m.span, article.id), entity(m.entity), m.rule, m.confidence] for m in extraction.mentions]
    facts = []
    for fact in extraction.facts:
        facts.append({
            "k": fact.kind, "a": fact.article_id if fact.article_id != article.id else None,
            "r": {role: [entity(e) for e in es] for role, es in fact.roles.items()},
            "e": [[_span(ev.span, article.id), ev.rule, ev.confidence, ev.sentence] for ev in fact.evidence],
            "d": _day(fact.date), "p": fact.date_precision, "q": fact.quote, "c": fact.casualties,
            "h": fact.hedged, "x": fact.extra,
        })
    doc = {"v": VERSION, "article": [article.id, article.text if text else None, article.title, article.publisher,
                                     _day(article.date), article.url],
           "entities": entity.rows, "mentions": mentions, "facts": facts}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def extraction_from_json(data: str) -> Extraction:
    """The :class:`Extraction` that :func:`extraction_to_json` wrote (ValueError if it is not one)."""
    doc = json.loads(data)
    if not isinstance(doc, dict) or doc.get("v") != VERSION:
        raise ValueError(f"not a serialised extraction of version {VERSION}")
    aid, text, title, publisher, day, url = doc["article"]
    article = Article(aid, text or "", title, publisher, _undate(day), url)
    entities = [Entity(name, type_, bool(generic), frozenset(aliases)) for name, type_, generic, aliases in doc["entities"]]
    mentions = [Mention(_unspan(span, aid), entities[e], rule, conf) for span, e, rule, conf in doc["mentions"]]
    facts = [Fact(f["k"], f["a"] or aid, {role: [entities[i] for i in ids] for role, ids in f["r"].items()},
                  [Evidence(_unspan(span, aid), rule, conf, sentence) for span, rule, conf, sentence in f["e"]],
                  _undate(f["d"]), f["p"], f["q"], f["c"], f["h"], dict(f["x"]))
             for f in doc["facts"]]
    return Extraction(article, mentions, facts)
