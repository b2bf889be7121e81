"""The extractor's speed-ups find exactly what the plain regexes find (issue #4, branch perf).

``benchmarks/extract_fingerprint.py`` checks the whole output on every bundled and held-out
article and the benchmark corpus; these tests pin the equivalences on cases those texts lack.
"""

from __future__ import annotations

import re

import pytest

from kg.extract.names import NAME_PATTERNS, NamePattern
from kg.extract.rules import _STRIKE_TRIGGER, ArticleState, SentenceContext, per_sentence
from kg.extract.text import Sentence, can_case_fold, case_folded, folds_exactly
from kg.model import Article, Entity

TRICKY = (
    "Russian jets STRUCK Idlib. Air Strikes hit the town; x-raids and RAIDS. "
    "Daıesh strikes (dotless i), ſtrikes (long s), İdlib strikes, the K\u212aelvin sign."
)


@pytest.mark.parametrize("text", [TRICKY, TRICKY.lower(), "no trigger at all", "ı", "İ"])
def test_case_folded_twin_finds_what_re_i_finds(text):
    twin = case_folded(_STRIKE_TRIGGER)
    expected = [m.span() for m in _STRIKE_TRIGGER.finditer(text)]
    if folds_exactly(text):
        assert len(text.lower()) == len(text)
        assert [m.span() for m in twin.finditer(text.lower())] == expected
    else:
        assert any(c in text for c in "ıİſ")


def test_only_texts_without_the_three_fold_breakers_fold_exactly():
    assert folds_exactly("Erdoğan’s “strikes” – ÉTAT, Kelvin \u212a")
    assert not folds_exactly("Daıesh") and not folds_exactly("İdlib") and not folds_exactly("ſ")


def test_case_folding_needs_lower_case_literals():
    assert can_case_fold(re.compile(r"\bair ?strikes?\b\S", re.I))
    assert not can_case_fold(re.compile(r"Air strikes", re.I))
    assert not can_case_fold(re.compile(r"FRAPP\u00c9", re.I))  # an upper-case non-ASCII letter
    assert not can_case_fold(re.compile("\u03c3", re.I))  # σ: re.I also matches ς and Σ, lower() does not
    assert can_case_fold(re.compile(r"frapp\u00e9|c\u00f4te", re.I))  # re.I compares lower(char) with é, ô
    sigma = re.compile("\u03c3", re.I)
    assert case_folded(sigma) is None  # no twin: the re.I pattern is used as it is
    article = Article("a.txt", "ΟΔΟΣ σ")
    ctx = SentenceContext(article, Sentence(0, 0, 6, article.text), [], ArticleState())
    assert ctx.search_i(sigma).span() == sigma.search(article.text).span() == (3, 4)
    accented = re.compile(r"\bcommuniqu[eé]\b|c\u00f4te", re.I)
    text = "The COMMUNIQUÉ, the Communiqué, CÔTE, Côte, côte, COTE"
    assert case_folded(accented) is not None
    assert [m.span() for m in case_folded(accented).finditer(text.lower())] == [m.span() for m in accented.finditer(text)]
    article = Article("a.txt", "The COMMUNIQUÉ said so.")
    ctx = SentenceContext(article, Sentence(0, 0, 23, article.text), [], ArticleState())
    assert ctx.search_i(accented).span() == accented.search(article.text).span() == (4, 14)


def test_sentence_context_searches_the_lower_case_text_only_when_exact():
    article = Article("a.txt", "İdlib was STRUCK. Jets STRUCK Hama.")
    for sentence in (Sentence(0, 0, 17, "İdlib was STRUCK."), Sentence(1, 18, 35, "Jets STRUCK Hama.")):
        ctx = SentenceContext(article, sentence, [], ArticleState())
        assert [m.span() for m in ctx.finditer_i(_STRIKE_TRIGGER)] == [m.span() for m in _STRIKE_TRIGGER.finditer(ctx.text)]
        assert ctx.search_i(_STRIKE_TRIGGER, 5).span() == _STRIKE_TRIGGER.search(ctx.text, 5).span()


NAME_TEXT = (
    "McDonald Trump said nothing. Ali Hassan, a spokesman, said so; xAli Hassan said. "
    "The Free Brigade and xBrigade Brigade, the Saudi Ministry of Defence, the Hawks Brigade\tBrigades "
    "near Kuweires Airbase. Ahmed Ali Omar told reporters. Brigade Brigade Brigade\n"
)


def _original_matches(pattern: NamePattern, text: str) -> list[tuple[int, int]]:
    """What the pattern matched before the speed-ups: its \\b inside the name's group, its
    anchor with the leading \\s."""
    if pattern.name_word_start:
        original = re.compile("(?P<name>\\b" + pattern.regex.pattern[len("(?P<name>"):], pattern.regex.flags)
        return [m.span() for m in original.finditer(text)]
    plain = NamePattern(pattern.rule, pattern.regex, pattern.type, pattern.confidence, pattern.group, pattern.anchor,
                        pattern.tail, pattern.start_at_cue)
    object.__setattr__(plain, "cue_after_space", None)
    return [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("pattern", [p for p in NAME_PATTERNS if p.name_word_start or p.cue_after_space is not None],
                         ids=lambda p: p.rule)
def test_fast_name_patterns_match_as_the_original_regexes(pattern):
    for text in (NAME_TEXT, NAME_TEXT * 3, " " + NAME_TEXT, NAME_TEXT.replace(" ", "\u00a0")):
        assert [m.span() for m in pattern.finditer(text)] == _original_matches(pattern, text)
    if pattern.cue_after_space is not None:
        assert [span for span in pattern._cues(NAME_TEXT)] == [m.span() for m in pattern.anchor.finditer(NAME_TEXT)]


def test_some_name_patterns_use_the_fast_paths():
    rules = {p.rule for p in NAME_PATTERNS if p.name_word_start or p.cue_after_space is not None}
    assert {"name.person-speaks", "name.group-suffix"} <= rules


def test_entities_compare_and_hash_by_name_and_type():
    a, b = Entity("Syria", "State"), Entity("Syria", "State", generic=True, aliases=frozenset({"SY"}))
    assert a == b and a is not b and hash(a) == hash(b) == hash(("Syria", "State"))
    assert a != Entity("Syria", "Place") and a != "Syria" and a == a
    assert len({a, b, Entity("Syria", "Place")}) == 2


def test_per_sentence_memo_computes_once_per_sentence_and_arguments():
    calls = []

    @per_sentence
    def helper(ctx, pos):
        calls.append(pos)
        return pos * 2

    article = Article("a.txt", "One. Two.")
    one = SentenceContext(article, Sentence(0, 0, 4, "One."), [], ArticleState())
    two = SentenceContext(article, Sentence(1, 5, 9, "Two."), [], ArticleState())
    assert [helper(one, 1), helper(one, 1), helper(one, 2), helper(two, 1)] == [2, 2, 4, 2]
    assert calls == [1, 2, 1]


def test_line_breaks_and_acronyms_are_found_as_by_their_regexes():
    import random

    from kg.extract import names, text

    rng = random.Random(1)
    pieces = ["a", "B", " ", "\t", "\n", "\r", "(", ")", "NDF", "x", "\n\n", " (", "IS", "."]
    for _ in range(3000):
        sample = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))
        assert list(text._line_breaks(sample)) == [m.span() for m in text._LINE_BREAK.finditer(sample)]
        assert list(names._acronyms(sample)) == [(m.start(), m.group(1)) for m in names._ACRONYM.finditer(sample)]


def test_fast_name_patterns_on_random_texts():
    import random

    rng = random.Random(2)
    pieces = ["Ali", " ", "Hassan", "said", ",", " a ", "x", "\t", "\n", "Brigade", "Ministry", "ministry", "Airbase",
              "Free", "Hawks", "Brigades", "Mc", "Donald", "the ", "Kuweires", "told"]
    fast = [p for p in NAME_PATTERNS if p.name_word_start or p.cue_after_space is not None]
    for _ in range(1500):
        sample = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 25)))
        for pattern in fast:
            assert [m.span() for m in pattern.finditer(sample)] == _original_matches(pattern, sample), (pattern.rule, sample)


def test_rewritten_regexes_match_as_written_before():
    """"s(?<!\\ws)id" for "\\bsid", "[.!?][.!?]*" for "[.!?]+", possessive "++" in person-speaks:
    the same matches, faster."""
    import random

    from kg.extract import rules, text

    speaks = next(p for p in NAME_PATTERNS if p.rule == "name.person-speaks").regex
    before = {
        rules._ALLIANCE_HINT: re.compile(rules._ALLIANCE_HINT.pattern.replace(r"s(?<!\ws)id", r"\bsid")),
        text._END: re.compile(text._END.pattern.replace("[.!?][.!?]*", "[.!?]+", 1)),
        speaks: re.compile(speaks.pattern.replace("++", "+")),
    }
    assert all(old.pattern != new.pattern for new, old in before.items())
    rng = random.Random(3)
    pieces = ["side with", "sided with", "xsides with", " ", "s", "ally", "_", "sid", ".", "!", "?", "A", "”", "\t", "(",
              "Ali", "Hassan", " said", ", a ", "-", "’", "J."]
    for _ in range(5000):
        sample = "".join(rng.choice(pieces) for _ in range(rng.randrange(10)))
        for new, old in before.items():
            assert [m.span() for m in new.finditer(sample)] == [m.span() for m in old.finditer(sample)]


def test_word_cues_are_the_anchor_matches():
    import random

    from kg.extract import names

    assert names._space_word_alternatives(r"\s(?:convoys?|town|think tank)\b", 0) == ("convoys", "convoy", "town", "think tank")
    assert names._space_word_alternatives(r"\s[Mm]inistry\b", 0) is None  # a class: not a list of words
    made_up = re.compile(r"\s(?:ab|abc|b c|bc?)\b")
    words = names._space_word_alternatives(made_up.pattern, 0)
    anchored = [p for p in NAME_PATTERNS if p.cue_words is not None]
    assert anchored
    rng = random.Random(4)
    pieces = ["ab", "abc", "b", "c", " ", "\t", "x", "_", "reports", "wrote", "village", "town", "daily", "think tank", "é"]
    for _ in range(4000):
        sample = "".join(rng.choice(pieces) for _ in range(rng.randrange(12)))
        assert list(names._word_cues(sample, words)) == [m.span() for m in made_up.finditer(sample)], sample
        for pattern in anchored:
            assert list(pattern._cues(sample)) == [m.span() for m in pattern.anchor.finditer(sample)], (pattern.rule, sample)


def test_head_cues_are_the_anchor_matches():
    import random

    from kg.extract import names

    anchored = [p for p in NAME_PATTERNS if p.cue_heads is not None]
    assert anchored
    made_up = re.compile(r"\b(?:[Aa]b|[Aa]bc|b c)\s+of\s[^,]{1,5},")
    rest = re.compile(made_up.pattern[2:])
    rng = random.Random(5)
    pieces = ["ab", "Ab", "abc", "b c", "x", "_", " ", "\t", " of ", "of", ",", "é", "Leader", "leader", "Head", "Spokesman",
              "spokeswoman", "Secretary-general", "secretary general", "Emir", "chairman", " of the ", ", ", "Ali", "(", "-"]
    for _ in range(4000):
        sample = "".join(rng.choice(pieces) for _ in range(rng.randrange(16)))
        assert list(names._head_cues(sample, ("ab", "Ab", "b c"), rest)) == [m.span() for m in made_up.finditer(sample)], sample
        for pattern in anchored:
            assert list(pattern._cues(sample)) == [m.span() for m in pattern.anchor.finditer(sample)], (pattern.rule, sample)
            assert [m.span() for m in pattern.finditer(sample)] == _original_matches(pattern, sample), (pattern.rule, sample)


def test_head_matches_are_the_regex_matches():
    import dataclasses
    import random

    from kg.extract import names

    headed = [p for p in NAME_PATTERNS if p.heads is not None]
    assert len(headed) >= 3
    made_up = re.compile(r"(?:ab|abc|b c|(?<=x)b)\w*")
    rng = random.Random(6)
    pieces = ["ab", "abc", "b c", "x", "_", " ", "\t", "é", "of ", " of the ", "Idlib", "Al-Bab", "struck", "strikes",
              "air", "airstrike", "raid", "bombing", "near", "outside", "north", "-east", " west of ", "town", "village",
              "city", "hills", "coalition", "umbrella group", "called", "known as", "in", "the", "Hama", "Mc"]
    for _ in range(4000):
        sample = "".join(rng.choice(pieces) for _ in range(rng.randrange(16)))
        assert [m.span() for m in names._head_matches(sample, ("ab", "b"), made_up)] == [m.span() for m in made_up.finditer(sample)]
        for pattern in headed:
            plain = dataclasses.replace(pattern, heads=None)
            plain_spans = [m.span(pattern.group) for m in plain.finditer(sample)]
            assert [m.span(pattern.group) for m in pattern.finditer(sample)] == plain_spans, (pattern.rule, sample)


def test_needed_strings_are_read_from_the_parse_tree():
    from kg.extract.names import needed_strings

    assert needed_strings(re.compile(r"\bfoo(?:bar|qux)\b")) == ("foobar", "fooqux")
    assert needed_strings(re.compile(r"foo(?:bar|baz)")) == ("fooba",)  # (the parser factors out "ba")
    assert needed_strings(re.compile(r"\s[Mm]inistry\b")) == ("inistry",)
    assert needed_strings(re.compile(r"(?:ab)+c|de")) == ("ab", "de")  # the longest shortest string per branch
    assert needed_strings(re.compile(r"(?<=, )(?:in|near) X")) == ("in X", "near X")  # the longer of two sets
    assert needed_strings(re.compile(r"(?<=, near )\w+")) == (", near ",)  # a lookbehind reads the text too
    assert needed_strings(re.compile(r"villages of|towns of|village")) == ("towns of", "village")  # "villages of" has "village"
    assert needed_strings(re.compile(r"Point", re.I)) is None  # case-insensitive: not read
    assert needed_strings(re.compile(r"\w+|x")) is None and needed_strings(re.compile(r"(?:x)?y?")) is None
    assert needed_strings(re.compile(r"(?i:x)yz")) == ("yz",)  # a group with inline flags is not read


def _without_needs(pattern: NamePattern) -> NamePattern:
    plain = NamePattern(pattern.rule, pattern.regex, pattern.type, pattern.confidence, pattern.group, pattern.anchor,
                        pattern.tail, pattern.start_at_cue, pattern.word_start, pattern.name_word_start,
                        pattern.cue_after_space, pattern.cue_words, pattern.cue_heads, pattern.cue_after_boundary,
                        pattern.heads)
    object.__setattr__(plain, "needs", None)
    return plain


def test_name_patterns_skip_only_texts_they_cannot_match():
    import random

    from kg.ingest import load_articles
    from kg.resources import examples_dir

    skipping = [p for p in NAME_PATTERNS if p.needs is not None]
    assert {"name.place-point", "name.outlet-named"} <= {p.rule for p in skipping}
    texts = [a.text for a in load_articles(examples_dir())]
    rng = random.Random(3)
    pieces = [" ", ", ", "in ", "near ", "the ", "Point", " 12", "Hill", "area", "Ministry", "ministry", "Saudi",
              "energy ", "daily", "Al Akhbar", "reported", "villages of", "Dayr Hanna", " and ", "Hama", "\n"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 25))) for _ in range(1500)]
    for pattern in skipping:
        plain = _without_needs(pattern)
        assert all(any(s in m.string for s in pattern.needs) for t in texts for m in plain.finditer(t))
        for text in texts:
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)], pattern.rule


def test_written_out_inits_keep_the_frozen_dataclasses():
    import dataclasses

    from kg.model import Mention, Span

    span = Span("a.txt", 1, 5, "Hama")
    assert span == Span(article_id="a.txt", start=1, end=5, text="Hama") and hash(span) == hash(Span("a.txt", 1, 5, "Hama"))
    assert dataclasses.replace(span, start=0) == Span("a.txt", 0, 5, "Hama") and repr(span).startswith("Span(article_id='a.txt'")
    mention = Mention(span, Entity("Hama", "Place"), "gazetteer", 0.95)
    assert dataclasses.astuple(mention)[1:] == (("Hama", "Place", False, frozenset()), "gazetteer", 0.95)
    sentence = Sentence(3, 1, 5, "Hama")
    assert (sentence.index, sentence.start, sentence.end, sentence.text) == (3, 1, 5, "Hama")
    for frozen in (span, mention, sentence):
        with pytest.raises(dataclasses.FrozenInstanceError):
            frozen.text = "x"


def test_lowered_presence_patterns_find_a_match_exactly_where_the_pattern_does():
    import random

    from kg.extract import rules
    from kg.extract.text import split_sentences
    from kg.ingest import load_articles
    from kg.resources import examples_dir

    pairs = [(rules._STRIKE_TRIGGER_LOW, rules._STRIKE_TRIGGER), (rules._SPEECH_LOW, rules._SPEECH_ANY_CASE),
             (rules._HEDGE_LOW, rules._HEDGE), (rules._OPPOSE_LOW, rules._OPPOSE)]
    assert rules._STRIKE_TRIGGER_LOW.pattern != rules._STRIKE_TRIGGER.pattern  # searched as a trie
    texts = [s.text.lower() for a in load_articles(examples_dir()) for s in split_sentences(a.text)]
    rng = random.Random(4)
    pieces = [" ", "air", "strike", "s", "raid", "-", "x", "bomb", "ing", " campaign", "ed", "said", "appear", "to",
              "fight", " against", "hit", ".", "_", "é", "attack", "rocket", "drone", "missile"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12))) for _ in range(3000)]
    for low, original in pairs:
        plain = re.compile(original.pattern)
        for text in texts:
            assert (low.search(text) is None) == (plain.search(text) is None), (original.pattern[:40], text)


def test_presence_patterns_match_exactly_where_the_word_lists_do():
    import random

    from kg.extract.names import presence_pattern

    rng = random.Random(5)
    letters = "ab -’é"
    for _ in range(300):
        words = sorted({"".join(rng.choice(letters) for _ in range(rng.randrange(1, 5))) for _ in range(rng.randrange(1, 8))})
        for lead, trail in ((r"\b", r"\b"), ("", ""), (r"\b", ""), ("", r"\b")):
            original = re.compile(lead + "(?:" + "|".join(re.escape(w) for w in words) + ")" + trail)
            fast = presence_pattern(original)
            for _ in range(20):
                text = "".join(rng.choice(letters + "x") for _ in range(rng.randrange(0, 15)))
                assert (fast.search(text) is None) == (original.search(text) is None), (original.pattern, text)
    assert presence_pattern(re.compile("air strikes|air raids|raids")).pattern == "(?:(?:air\\ (?:raids|strikes)|raids))"
    assert presence_pattern(re.compile(r"a\w+|b")).pattern == r"a\w+|b"  # not a word list: kept
    assert presence_pattern(re.compile("ab|c", re.I)).pattern == "ab|c"


def test_strike_trigger_scan_finds_what_the_trigger_finds():
    import random

    from kg.extract import rules
    from kg.extract.names import ordered_trie
    from kg.ingest import load_articles
    from kg.resources import examples_dir

    assert ordered_trie("hits|hit") == "hit(?:s)?" and ordered_trie("hit|hit back") == "hit|hit back"
    assert ordered_trie(r"a\w") == r"a\w"
    scan, trigger = rules._STRIKE_TRIGGER_SCAN, rules._STRIKE_TRIGGER
    assert scan is not trigger
    texts = [a.text for a in load_articles(examples_dir())]
    rng = random.Random(6)
    pieces = [" ", "Air", "air", "strike", "s", " raid", "-", "x", "bomb", "ing", " campaign", "ed", "hit", "HIT", "ſ",
              "shot", " down", "attack", "rocket ", "drone ", "missile", " run", ".", "_", "target", "ı"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 14))) for _ in range(4000)]
    for text in texts:
        for a, b in ((scan, trigger), (case_folded(scan), case_folded(trigger))):
            source = text if a is scan else text.lower()
            found = [(m.span(), m.group("noun"), m.group("verb")) for m in a.finditer(source)]
            assert found == [(m.span(), m.group("noun"), m.group("verb")) for m in b.finditer(source)], text


def test_head_starts_by_a_common_ending_are_every_occurrence():
    import random

    from kg.extract import names

    def plain(text, heads):
        return sorted({i for h in heads for i in range(len(text)) if text.startswith(h, i)})

    rng = random.Random(7)
    for heads in (tuple(f"{n} of " for n in names.PLACE_NOUNS), ("x of ", " of ", "yy of "), ("ab", "b")):
        pieces = ["town", "towns", " of ", "of", " ", "x", "yy", "ab", "b", "city", "hill"]
        for _ in range(800):
            text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
            assert names._head_starts(text, heads) == plain(text, heads), (heads, text)
    assert names._common_ending(("town of ", "city of ", "hills of "))[0] == " of "
    assert names._common_ending(("ab", "b")) is None  # a shared ending too short to use


# ---------------------------------------------------------------- perf5

def _random_texts(seed: int, pieces: list[str], count: int = 3000) -> list[str]:
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 14))) for _ in range(count)]


def test_gated_patterns_search_exactly_as_their_regex():
    from kg.extract import rules

    pieces = [" ", "allegedly", "kill", "ed", "separately", "ally of", "sent", "form", "includ", "group", "member",
              "x", "-", "_", "é", ",", "appear", "s to", "said to", "each other", "\x1c"]
    texts = _random_texts(5, pieces)
    for name in ("_HEDGE_LOW", "_KILL_WORDS", "_NOT_JOINT", "_ALLY_OF_WORDS", "_SENT_WORDS", "_FOUND_WORDS",
                 "_CONSIST_WORDS", "_EXAMPLE_WORDS", "_MEMBER_WORDS"):
        gated = getattr(rules, name)
        assert isinstance(gated, rules.GatedPattern), name  # (a gate was found for each)
        for text in texts:
            found, plain = gated.search(text), gated.regex.search(text)
            assert (found and found.span()) == (plain and plain.span()), (name, text)


def test_sentence_gate_strings_are_in_every_match():
    from kg.extract.rules import sentence_gate

    assert sentence_gate(re.compile(r"\baccording to\b")) == ("according to",)
    assert sentence_gate(re.compile(r"\b(?:he|she) said\b")) == ("he said",)  # (the parser factors out "he")
    assert sentence_gate(re.compile(r"[,;]|\bbut\b")) is None  # a one-character alternative: no short list
    assert sentence_gate(re.compile("|".join(f"w{i:02d}" for i in range(13)))) is None  # too many strings


def test_search_i_with_a_gate_finds_what_re_i_finds():
    from kg.extract.rules import _ACCORDING, _BACKED_BY, _SUPPORTERS_OF

    pieces = [" ", "According", " to", "according to", "backed", " by ", "the ", "supporters of", "x", "İ", "é",
              "Backers Of", "\x1d", "’s"]
    for text in _random_texts(6, pieces, 1500):
        ctx = _ctx(text)
        for pattern in (_ACCORDING, _BACKED_BY, _SUPPORTERS_OF):
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in ctx.finditer_i(pattern)] == expected, (pattern.pattern[:30], text)
            found = ctx.search_i(pattern, 3)
            plain = pattern.search(text, 3)
            assert (found and found.span()) == (plain and plain.span())


def _ctx(text: str) -> SentenceContext:
    return SentenceContext(Article("t.txt", text), Sentence(0, 0, len(text), text), [], ArticleState())


def test_ascii_twins_match_as_unicode_patterns_on_plain_ascii_text():
    from kg.extract import rules

    pieces = [" ", "said", "says", "has ", "\t", "\n", "_", "x", "9", "while", "; ", " - ", ", which", "strike",
              "fought", " against", "\x1c", "\x1f", "\x0b", "é", "Said", "At", "and ", "Hezbollah ", "is "]
    patterns = (rules._SPEECH, rules._SPEECH_LOW, rules._CLAUSE_END, rules._STRIKE_TRIGGER_LOW, rules._OPPOSE_LOW)
    for text in _random_texts(7, pieces):
        ctx = _ctx(text)
        for pattern in patterns:
            fast = ctx.fast(pattern)
            assert (fast is not pattern) == ctx.plain_ascii
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in pattern.finditer(text)], text
    assert not _ctx("a\x1cb").plain_ascii and not _ctx("é").plain_ascii and _ctx("a\tb\n").plain_ascii
    assert rules.ascii_twin(re.compile("k", re.I)).flags & re.UNICODE  # re.I keeps Unicode case twins


def test_speech_verbs_are_the_matches_of_the_speech_pattern():
    from kg.extract.rules import _SPEECH, _SPEECH_ANY_CASE, _is_title_case, _speech_verbs

    pieces = [" ", "said", "Said", "SAYS", "has ", "told", "x", "İ", "ı", "The", "Even", "Russia", "Says", "-",
              "confident that", "is ", "called for", "é"]
    for text in _random_texts(8, pieces):
        plain = _SPEECH
        if _SPEECH_ANY_CASE.search(text) and not _SPEECH.search(text) and _is_title_case(text):
            plain = _SPEECH_ANY_CASE
        assert [m.span() for m in _speech_verbs(_ctx(text))] == [m.span() for m in plain.finditer(text)], text


def test_line_start_patterns_find_what_finditer_finds():
    line_patterns = [p for p in NAME_PATTERNS if p.line_start]
    assert {p.rule for p in line_patterns} == {"name.person-byline", "name.person-byline-second"}
    pieces = ["\n", "\n\n", " ", "  \n", "John Smith", "Mary K. Jones", ", ", "By ", "— ", "x", "Ab Cd", "\t", "é"]
    for text in _random_texts(9, pieces):
        for pattern in line_patterns:
            expected = [m.span("name") for m in pattern.regex.finditer(text)]
            assert [m.span("name") for m in pattern.finditer(text)] == expected, (pattern.rule, text)
