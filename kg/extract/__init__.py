"""Extract: articles → mentions and facts, with evidence spans and confidences.

``Extractor`` finds mentions (gazetteer names and unseen ones) and runs the registered rules
(``RULES`` in :mod:`kg.extract.rules`) over every sentence of an article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..gazetteer import Gazetteer, load_gazetteer
from ..model import Article, Extraction, Fact, Mention
from .claims import attribute_claims
from .names import NameRecognizer, acronym_aliases, choose_mentions, home_places, local_aliases, resolve_defaults
from .ner import load_model, model_mentions
from .rules import RULES, ArticleState, SentenceContext, command_index, leader_index, rule, update_state
from .text import split_sentences

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Extractor", "RULES", "rule", "extract_articles"]


class Extractor:
    """Reads articles with a gazetteer and the registered rules."""

    def __init__(self, gazetteer: Gazetteer | None = None, spacy_model: str | Language | None = None) -> None:
        """``spacy_model``: optionally, an installed spaCy model (name or pipeline) whose
        named entities add recall; the default needs none."""
        self.gazetteer = gazetteer or load_gazetteer()
        self.names = NameRecognizer(self.gazetteer)
        self.homes = home_places(self.gazetteer)
        self.states = {e.name: e for e in self.gazetteer.entities if e.type == "State"}
        self.model = load_model(spacy_model) if spacy_model is not None else None

    def mentions(self, article: Article) -> list[Mention]:
        """Every mention in the article: gazetteer names, unseen names, and their recurrences."""
        text = article.text
        candidates = self.names.gazetteer_mentions(text, article.id) + self.names.unseen_mentions(text, article.id)
        if self.model is not None:
            candidates += model_mentions(self.model, text, article.id, self.gazetteer)
        first = choose_mentions(candidates)
        aliases = local_aliases(first)
        for form, entity in acronym_aliases(text, first).items():
            aliases.setdefault(form, entity)
        recurring = self.names.alias_mentions(text, article.id, aliases, "name.recurrence")
        return resolve_defaults(text, choose_mentions(first + recurring), self.homes)

    def extract(self, article: Article) -> Extraction:
        """Mentions and facts of one article."""
        mentions = self.mentions(article)
        state = ArticleState()
        state.persons, state.regimes = leader_index(mentions)
        state.commands = command_index(mentions, self.states)
        facts: list[Fact] = []
        rules = list(RULES.values())
        spans = [(m.span.start, m.span.end) for m in mentions]
        cursor, count = 0, len(mentions)
        for sentence in split_sentences(article.text):
            first, last = sentence.start, sentence.end
            while cursor < count and spans[cursor][1] <= first:
                cursor += 1
            inside = []
            for k in range(cursor, count):
                start, end = spans[k]
                if start >= last:
                    break
                if end <= last:
                    inside.append(mentions[k])
            ctx = SentenceContext(article, sentence, inside, state)
            for apply in rules:
                facts.extend(apply(ctx))
            update_state(ctx)
        return Extraction(article, mentions, attribute_claims(article, mentions, facts))


def extract_articles(articles: list[Article], gazetteer: Gazetteer | None = None) -> list[Extraction]:
    """Extract every article with one shared extractor."""
    extractor = Extractor(gazetteer)
    return [extractor.extract(a) for a in articles]
