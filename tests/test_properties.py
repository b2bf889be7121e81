"""Property-based checks (hypothesis) of the graph's invariants on generated articles.

Articles are built from the synthetic sentence templates filled with gazetteer names,
mixed with random noise: unicode letters, emoji, combining marks, odd spaces and
CRLF/CR/LF line breaks.
"""

from __future__ import annotations

import random
from datetime import date
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.namespace import PROV, RDF

from kg.build import KGO, merged_graph
from kg.extract import Extractor
from kg.gazetteer import load_gazetteer
from kg.model import FACT_KINDS, Article
from kg.resolve import resolve
from kg.synthetic import _names_by_type, fill, load_templates

NOISE = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs",)),  # any code point but lone surrogates
        st.sampled_from(["\r\n", "\n", "\r", "\u00a0", "\u200b", "\u2028", "“", "”", "’", "🇸🇾", "e\u0301", "\t", " "]),
    ),
    max_size=40,
).map("".join)


@lru_cache(maxsize=1)
def extractor() -> Extractor:
    return Extractor(load_gazetteer())


@st.composite
def article_texts(draw) -> str:
    """Template sentences with gazetteer names, separated by random noise."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    names = _names_by_type(extractor().gazetteer)
    templates = load_templates()
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        parts.append(fill(rng.choice(templates.sentences + templates.titles), rng, names, date(2016, 3, 4)))
        parts.append(draw(NOISE))
    return "".join(parts)


def extract(texts: list[str]):
    articles = [Article(id=f"gen{i}.txt", text=t, title="generated") for i, t in enumerate(texts)]
    return resolve([extractor().extract(a) for a in articles], extractor().gazetteer)


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(article_texts(), min_size=1, max_size=3))
def test_evidence_and_mention_offsets_always_match_the_text(texts):
    for extraction in extract(texts):
        text = extraction.article.text
        for mention in extraction.mentions:
            assert text[mention.span.start:mention.span.end] == mention.span.text
        for fact in extraction.facts:
            assert fact.evidence, f"{fact.kind} fact without evidence"
            for evidence in fact.evidence:
                span = evidence.span
                assert span.article_id == extraction.article.id
                assert 0 <= span.start < span.end <= len(text)
                assert text[span.start:span.end] == span.text


@SETTINGS
@given(st.lists(article_texts(), min_size=1, max_size=3))
def test_building_twice_gives_byte_identical_turtle(texts):
    first = merged_graph(extract(texts)).serialize(format="turtle", encoding="utf-8")
    second = merged_graph(extract(list(texts))).serialize(format="turtle", encoding="utf-8")
    assert first == second


@SETTINGS
@given(st.lists(article_texts(), min_size=1, max_size=3))
def test_every_fact_node_has_evidence_and_a_source_article(texts):
    graph: Graph = merged_graph(extract(texts))
    articles = set(graph.subjects(RDF.type, KGO.Article))
    for kind in FACT_KINDS:
        for fact in graph.subjects(RDF.type, KGO[kind]):
            evidence = list(graph.objects(fact, PROV.wasDerivedFrom))
            assert evidence, f"{fact} has no evidence"
            assert set(graph.objects(fact, KGO.reportedIn)) <= articles
            assert len(set(graph.objects(fact, KGO.reportedIn))) == 1
            for ev in evidence:
                assert (ev, RDF.type, KGO.Evidence) in graph
                assert graph.value(ev, KGO.exactText) is not None
                assert int(graph.value(ev, KGO.startOffset)) < int(graph.value(ev, KGO.endOffset))


def test_generated_articles_do_yield_facts_of_several_kinds():
    rng = random.Random(5)
    names = _names_by_type(extractor().gazetteer)
    texts = [" ".join(fill(t, rng, names, date(2016, 3, 4)) for t in load_templates().sentences) for _ in range(3)]
    kinds = {fact.kind for x in extract(texts) for fact in x.facts}
    assert len(kinds) >= 3, kinds
