"""Extract: articles → mentions and facts, with evidence spans and confidences.

Only this package knows spaCy. ``Extractor`` runs the registered rules
(``RULES`` in :mod:`kg.extract.rules`) over every sentence of an article.
"""

from __future__ import annotations

from ..gazetteer import Gazetteer, load_gazetteer
from ..model import Article, Extraction, Fact, Mention
from .claims import attribute_claims
from .names import NameRecognizer, choose_mentions, local_aliases
from .rules import RULES, ArticleState, SentenceContext, rule, update_state
from .text import blank_pipeline, sentences_of

__all__ = ["Extractor", "RULES", "rule", "extract_articles"]


class Extractor:
    """Reads articles with a gazetteer and the registered rules."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.names = NameRecognizer(self.gazetteer)
        self.nlp = blank_pipeline()

    def mentions(self, doc, article: Article) -> list[Mention]:
        """Every mention in the article: gazetteer names, unseen names, and their recurrences."""
        first = choose_mentions(
            self.names.gazetteer_mentions(doc, article.id) + self.names.unseen_mentions(doc.text, article.id)
        )
        recurring = self.names.alias_mentions(doc, article.id, local_aliases(first), "name.recurrence")
        return choose_mentions(first + recurring)

    def extract(self, article: Article) -> Extraction:
        """Mentions and facts of one article."""
        doc = self.nlp(article.text)
        mentions = self.mentions(doc, article)
        state = ArticleState()
        facts: list[Fact] = []
        cursor = 0
        for sentence in sentences_of(doc):
            while cursor < len(mentions) and mentions[cursor].span.end <= sentence.start:
                cursor += 1
            inside = []
            for m in mentions[cursor:]:
                if m.span.start >= sentence.end:
                    break
                if m.span.end <= sentence.end:
                    inside.append(m)
            ctx = SentenceContext(article, sentence, inside, state)
            for apply in RULES.values():
                facts.extend(apply(ctx))
            update_state(ctx)
        return Extraction(article, mentions, attribute_claims(article, mentions, facts))


def extract_articles(articles: list[Article], gazetteer: Gazetteer | None = None) -> list[Extraction]:
    """Extract every article with one shared extractor."""
    extractor = Extractor(gazetteer)
    return [extractor.extract(a) for a in articles]
