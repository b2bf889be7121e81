"""Sentences: split with regexes (fast, no model download).

Sentences end at sentence punctuation followed by a capitalised word (not after an
abbreviation such as "Mr." or "U.S."), at blank lines, and at line breaks that end a
line, but not where a paragraph was hard-wrapped mid-sentence.
"""

from __future__ import annotations

import re
import re._parser as re_parser  # a regex's parse tree (to read its literals)
from re._casefix import _EXTRA_CASES  # characters re.I matches beyond lower(): σ/ς/Σ, K/k, …
from dataclasses import dataclass

from ..model import _set_fields


@dataclass(frozen=True)
class Sentence:
    """A sentence as character offsets into the article text."""

    index: int
    start: int
    end: int
    text: str

    def __init__(self, index: int, start: int, end: int, text: str) -> None:  # (faster; see kg.model.Span)
        _set_fields(self, {"index": index, "start": start, "end": end, "text": text})


_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "maj", "adm", "gov", "sen", "rep",
    "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "aug", "sep", "sept",
    "oct", "nov", "dec", "mt", "ft", "approx", "est", "fig", "brig", "cmdr", "cpl", "pvt", "spc", "ret",
}
# A sentence end: punctuation (with closing quotes/brackets), space, then a capital, digit or opening quote.
# ("[.!?][.!?]*" is "[.!?]+" written so that the regex engine skips ahead to the punctuation)
_END = re.compile(r"[.!?][.!?]*[”\"’'\)\]]*(?=[ \t]+[“\"‘'\(\[]?[A-Z0-9])")
_LINE_BREAK = re.compile(r"[ \t]*\n\s*")
_NEWLINE_ON = re.compile(r"\n\s*")  # _LINE_BREAK from its newline (see _line_breaks)
_SENTENCE_END_CHARS = set(".!?:;”\"’)")
HARD_WRAP_MIN = 50  # a line this long that ends mid-sentence was wrapped, not ended


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation ("Mr.", "U.S.", "A.")."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot]
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()) or "." in word


def _line_breaks(text: str):
    """(start, end) of each match of ``_LINE_BREAK``, found from the newline (a literal the regex
    engine skips ahead to) and widened back over the spaces and tabs before it: the same spans,
    as the previous match's trailing \\s* leaves no space or tab before the next newline."""
    for newline in _NEWLINE_ON.finditer(text):
        start = newline.start()
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        yield start, newline.end()


def _line_break_ends_sentence(text: str, brk_start: int, brk_end: int) -> bool:
    """A blank line always ends a sentence; a single line break ends one unless the next
    line continues in lower case or the line before was hard-wrapped mid-sentence."""
    if text.count("\n", brk_start, brk_end) > 1 or brk_start == 0:
        return True
    following = text[brk_end:brk_end + 1]
    if following.islower():
        return False
    line = text[text.rfind("\n", 0, brk_start) + 1:brk_start]
    return not line or line[-1] in _SENTENCE_END_CHARS or len(line) < HARD_WRAP_MIN


def split_sentences(text: str) -> list[Sentence]:
    """The text's sentences as character spans (trimmed of surrounding whitespace): split at
    sentence punctuation followed by a capitalised word (not after "Mr." or "U.S.") and at
    line breaks that end a line (see :func:`_line_break_ends_sentence`)."""
    cuts = [0]
    for brk_start, brk_end in _line_breaks(text):
        if _line_break_ends_sentence(text, brk_start, brk_end):
            cuts.append(brk_end)
    cuts.append(len(text))
    result: list[Sentence] = []
    for block_start, block_end in zip(cuts, cuts[1:]):
        start = block_start
        for end in _END.finditer(text, block_start, block_end):
            if text[end.start()] == "." and _is_abbreviation(text, end.start()):
                continue
            _add(result, text, start, end.end())
            start = end.end()
        _add(result, text, start, block_end)
    return result


def _add(result: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        result.append(Sentence(len(result), start, end, text[start:end]))


# re.I matches these to ASCII letters where str.lower() does not ("ı" ~ "i", "ſ" ~ "s"), or
# str.lower() makes them two characters ("İ"); no other character differs (checked over all
# of Unicode, also for \w, \s and \d).
_CASE_FOLDED: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}  # by id: hashing a pattern hashes its code


def folds_exactly(text: str) -> bool:
    """Whether ``text.lower()`` has the same offsets as ``text`` and a case-sensitive pattern
    with lower-case literals finds in it exactly what the same pattern with re.I finds in
    ``text`` (see :func:`can_case_fold` for the patterns)."""
    return "ı" not in text and "İ" not in text and "ſ" not in text


def can_case_fold(pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` (re.I) has a case-sensitive twin for lower-cased text: every literal
    character (read from the parse tree, so escapes count too) is an ASCII one that is not upper
    case, or has no case at all (’, –: these match only themselves either way); no
    back-reference (re.I compares those case-insensitively)."""
    return _lower_literals(re_parser.parse(pattern.pattern, pattern.flags & ~re.I).data)


def _char_folds(code: int) -> bool:
    char = chr(code)
    # A non-ASCII lower-case letter ("ô" of "côte d'ivoire") folds exactly too unless re.I
    # gives it extra case twins (σ/ς/Σ, µ/μ, ...): re.I compares lower(text char) with it.
    return ((char.isascii() and not char.isupper()) or char.lower() == char == char.upper()
            or (char.lower() == char and code not in _EXTRA_CASES))


def _lower_literals(items) -> bool:
    for op, av in items:
        if op in (re_parser.LITERAL, re_parser.NOT_LITERAL):
            ok = _char_folds(av)
        elif op is re_parser.RANGE:
            ok = av[1] - av[0] < 4096 and all(_char_folds(c) for c in range(av[0], av[1] + 1))
        elif op is re_parser.IN:
            ok = _lower_literals(av)
        elif op is re_parser.BRANCH:
            ok = all(_lower_literals(alt.data) for alt in av[1])
        elif op is re_parser.SUBPATTERN:
            ok = _lower_literals(av[3].data)
        elif op in (re_parser.MAX_REPEAT, re_parser.MIN_REPEAT, re_parser.POSSESSIVE_REPEAT):
            ok = _lower_literals(av[2].data)
        elif op in (re_parser.ASSERT, re_parser.ASSERT_NOT):
            ok = _lower_literals(av[1].data)
        elif op is re_parser.ATOMIC_GROUP:
            ok = _lower_literals(av.data)
        elif op in (re_parser.GROUPREF, re_parser.GROUPREF_EXISTS):
            ok = False
        else:  # AT, ANY, CATEGORY, NEGATE, ...
            ok = True
        if not ok:
            return False
    return True


def case_folded(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The case-sensitive twin of a re.I ``pattern``, to run on lower-cased text: the same
    matches at the same offsets, three to four times faster than re.I; None when the pattern
    has no exact twin (see :func:`can_case_fold`: then use the pattern itself). Compiled once
    per pattern."""
    known = _CASE_FOLDED.get(id(pattern))
    if known is None or known[0] is not pattern:
        twin = re.compile(pattern.pattern, pattern.flags & ~re.I) if can_case_fold(pattern) else None
        known = _CASE_FOLDED[id(pattern)] = (pattern, twin)
    return known[1]


def folded_for(pattern: re.Pattern[str], text: str, lower: str | None = None,
               exact: bool | None = None) -> tuple[re.Pattern[str], str]:
    """What to search for a re.I ``pattern`` in ``text``: its case-sensitive twin and the
    lower-cased text when that finds the same at the same offsets (``exact``: see
    :func:`folds_exactly`; ``lower``: ``text.lower()`` if already at hand), else the pattern
    and ``text`` themselves. A match's text may come out lower-cased."""
    twin = case_folded(pattern) if (folds_exactly(text) if exact is None else exact) else None
    if twin is None:
        return pattern, text
    return twin, text.lower() if lower is None else lower
