"""Tokens and sentences: spaCy's blank English pipeline, no model download.

Sentences end at spaCy's punctuation rules and also at line breaks, except where
the next line starts in lower case (a hard-wrapped paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

OPENING_QUOTES = {"“", "‘", '"', "«"}


@dataclass(frozen=True)
class Sentence:
    """A sentence as character offsets into the article text."""

    index: int
    start: int
    end: int
    text: str


@Language.component("line_boundaries")
def line_boundaries(doc: Doc) -> Doc:
    """Start a sentence after a line break unless the next line continues in lower case,
    and move an opening quote that the sentencizer left at a sentence's end to the next one."""
    for token in doc[:-1]:
        following = doc[token.i + 1]
        if token.is_space and "\n" in token.text:
            following.is_sent_start = _line_break_ends_sentence(doc, token, following)
        elif (
            token.text in OPENING_QUOTES
            and token.i > 0
            and doc[token.i - 1].whitespace_
            and following.is_sent_start
        ):
            token.is_sent_start = True
            following.is_sent_start = False
    return doc


_SENTENCE_END_CHARS = set(".!?:;”\"’)")
HARD_WRAP_MIN = 50  # a line this long that ends mid-sentence was wrapped, not ended


def _line_break_ends_sentence(doc: Doc, token, following) -> bool:
    """A blank line always ends a sentence; a single line break ends one unless the next
    line continues in lower case or the line before was hard-wrapped mid-sentence."""
    if "\n\n" in token.text.replace(" ", "") or token.i == 0:
        return True
    if following.text[:1].islower():
        return False
    text = doc.text
    end = token.idx
    start = text.rfind("\n", 0, end) + 1
    line = text[start:end].rstrip()
    return not line or line[-1] in _SENTENCE_END_CHARS or len(line) < HARD_WRAP_MIN


@lru_cache(maxsize=1)
def blank_pipeline() -> Language:
    """A blank English pipeline: tokenizer (with ``U.S.-backed`` split at the hyphen),
    the sentencizer, and the line-boundary fix."""
    nlp = spacy.blank("en")
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[A-Za-z]\.)-(?=[a-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("line_boundaries")
    nlp.max_length = 100_000_000
    return nlp


_EDGE_SPACE = re.compile(r"^\s+|\s+$")


def sentences_of(doc: Doc) -> list[Sentence]:
    """The document's sentences as character spans, trimmed of surrounding whitespace."""
    text = doc.text
    result: list[Sentence] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            result.append(Sentence(len(result), start, end, text[start:end]))
    return result
