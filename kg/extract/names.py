"""Mentions: gazetteer names (spaCy PhraseMatcher) and names never seen before
(cue words such as Liwa, Jaish, Brigade, Division; titles such as President,
spokesman; place nouns such as "the town of")."""

from __future__ import annotations

import re
import re._parser as re_parser  # the parse tree of a regex (stable across 3.11+; used to read a cue's first letters)
from dataclasses import dataclass
from operator import attrgetter

from ..gazetteer import Gazetteer
from ..model import Entity, Mention, Span
from .text import can_case_fold, folds_exactly

# A capitalised name token: "Suqour", "al-Jebel", "Abdou", "Tajamu’".
_CAP = r"(?:(?:al|el|ash|as|ad|ar|an|at|ul)-)?[A-Z][\w’'\.-]*"
_PARTICLE = r"(?:al|el|bin|ibn|abu|de|von|van|der|al-\w+)"
_CAP_PLAIN = r"(?:(?:al|el|ash|as|ad|ar|an|at)-)?[A-Z][\w.-]*"  # no apostrophe: "of Russia's" is not a name's end
_NAME_SEQ = rf"{_CAP}(?:\s+(?:{_PARTICLE}\s+)?{_CAP})*"

GROUP_PREFIXES = (
    "Liwa", "Liwaa", "Jaish", "Jabhat", "Harakat", "Kataib", "Katibat", "Faylaq", "Tajamu",
    "Tajammu", "Ansar", "Jund", "Alwiya", "Saraya", "Firqat", "Hizb", "Kata'ib", "Asaib", "Wilayah", "Wilayat",
    "Ajnad", "Fouj", "Fawj", "Quwat", "Tajammu'", "Jamaat", "Jama'at", "Hayat", "Hay'at",
)
GROUP_SUFFIXES = (
    "Brigade", "Brigades", "Division", "Battalion", "Battalions", "Regiment", "Corps", "Front",
    "Army", "Movement", "Militia", "Legion", "Unit", "Squadron", "Guard", "Group", "Forces",
)
# "X Forces" names a force only when X is a name, not a kind of force ("Armed Forces").
GENERIC_FORCES = {"Armed", "Air", "Special", "Security", "Ground", "Naval", "Aerospace", "Government", "Regime",
                  "Coalition", "Allied", "Opposition", "Rebel", "Kurdish", "Iraqi", "Lebanese", "Foreign", "Elite"}
# A name's head that may be followed by "of …" ("Army of Conquest", "Knights of Justice Brigade").
GROUP_HEADS = ("Army", "Front", "Movement", "Brigade", "Brigades", "Legion", "Battalion", "Battalions", "Knights",
               "Sons", "Soldiers", "Lions", "Eagles", "Falcons", "Partisans", "Guardians", "Men")
ORG_SUFFIXES = (
    "Agency", "Ministry", "Council", "Committee", "Committees", "Institute", "Observatory",
    "Party", "Assembly", "Commission", "Organization", "Organisation", "Foundation", "Center",
    "Centre", "Network", "Times", "Post", "Tribune", "Press", "Bureau", "Office", "College", "University",
    "Department", "Team", "Mission", "Regional Government", "Union", "Monitor", "Command",
)
# A state's ministry named by its topic: "Saudi Arabia's energy ministry", "Iraq's Foreign Ministry".
MINISTRY_TOPICS = {"foreign": "Foreign Affairs", "defence": "Defence", "defense": "Defence", "interior": "Interior",
                   "health": "Health", "energy": "Energy", "information": "Information", "justice": "Justice",
                   "oil": "Oil", "finance": "Finance", "education": "Education"}
_TOPIC = "(?:" + "|".join(f"[{t[0].upper()}{t[0]}]{t[1:]}" for t in MINISTRY_TOPICS) + ")"
# Nouns after a demonym that make it a state's (or group's) forces: "Syrian jets", "Houthi rebels".
DEMONYM_FORCES = "jets|warplanes|aircraft|troops|forces|soldiers|convoys?|military|rebels|militants|fighters|positions"
# Heads of an organisation's name followed by "of …" ("the Office of the … High Commissioner").
ORG_HEADS = ("Office", "Department", "Ministry", "Council", "Commission", "Committee")
# Common nouns a capitalised modifier may stand before: "the Army of Conquest Islamist alliance".
_MODIFIED_NOUN = re.compile(
    r"\s+(?:alliance|coalition|group|rebels|militants|fighters|forces|militias?|factions?|umbrella|insurgents|jihadists)\b")
TITLES = (
    "President", "Prime Minister", "Minister", "Secretary", "Spokesman", "spokesman",
    "spokeswoman", "spokesperson", "General", "general", "Gen.", "Major", "Colonel", "Col.",
    "Lieutenant", "Lt.", "Commander", "commander", "Chief", "chief", "Dr.", "Dr", "Mr", "Mr.",
    "Mrs", "Mrs.", "Ms", "Ms.", "Sheikh", "Journalist", "journalist", "activist", "Professor",
    "professor", "editor", "analyst", "Ambassador", "ambassador", "envoy", "leader", "head",
    "Admiral", "Emir", "emir", "Senator", "Governor", "King", "Prince", "correspondent",
    "reporter", "researcher", "director", "Director", "official", "Ayatollah", "cleric", "president", "minister",
    "Mayor", "mayor", "governor", "Brigadier", "Brig.", "Maj.", "Capt.", "Captain",
)
PLACE_NOUNS = (
    "town", "village", "city", "province", "provinces", "district", "suburb", "suburbs",
    "neighbourhood", "neighborhood", "countryside", "region", "governorate", "camp", "outskirts",
    "villages", "towns", "hill", "hills", "mountain", "heights", "cities", "regions",
)
# Lower-case administrative nouns after a name: "in Saada province", "the Kunar district"
ADMIN_NOUNS = ("province", "district", "governorate", "region", "oblast", "county", "prefecture")
# Arabic (and English) topographic words that begin a place name: "Tal Thamamiyah", "Jabal
# Bakdash", "Dayr Hanna", "Kafr Nabl", "Point 1112". General cues, like Liwa/Jaish for groups.
PLACE_PREFIXES = (
    "Tal", "Tall", "Tell", "Jabal", "Jebel", "Jabel", "Dayr", "Deir", "Beit", "Bayt", "Kafr", "Kafar",
    "Ain", "Ayn", "Khirbet", "Khirbat", "Wadi", "Ras", "Tel", "Mount", "Qalaat", "Qalat", "Maarat",
)
# Words that end a place name: "Al-Zahiyah Mountains", "Kuweires Airbase", "Orontes Valley".
PLACE_SUFFIXES = (
    "Mountains", "Mountain", "Valley", "Plain", "Plains", "Desert", "Airbase", "Airport", "Air Base",
    "Hill", "Hills", "Heights", "Dam", "Lake", "River", "Governorate", "District", "Highway", "Crossing",
)
# A person's name never ends with these (so "and Latakia Governorates" is not a person).
NOT_PERSON_LAST = set(PLACE_SUFFIXES) | {
    "Governorates", "Provinces", "Province", "Forces", "Force", "Army", "Front", "Brigade", "Brigades",
    "Division", "Battalion", "Group", "Institute", "Council", "Committee", "Ministry", "Agency", "Party",
    "Movement", "Legion", "Corps", "Coalition", "Alliance", "Islam", "Conquest", "Countryside", "Union",
    "Command",
}
SPEECH_AFTER_NAME = r"(?:said|says|told|added|stressed|commented|wrote|warned|argued|claimed|insisted|explained|noted|confirmed|denied)"
STOP_HEADS = {
    "The", "A", "An", "In", "On", "As", "But", "And", "Of", "For", "By", "With", "From", "At",
    "To", "Since", "After", "Meanwhile", "However", "Though", "Although", "While", "When",
    "This", "That", "These", "Those", "It", "Its", "Their", "His", "Her", "Our", "We", "They",
    "He", "She", "If", "Yesterday", "Today", "Tomorrow", "Last", "Now", "Even", "Other", "Some",
    "Several", "Many", "Most", "All", "Both", "Russian", "Syrian", "Iranian", "American",
    "Islamist", "Jihadist", "Militant", "Marxist", "Maoist", "Separatist",  # "the Islamist militant group X"
    "Turkish", "Western", "Britain-based", "Instead", "Still", "Furthermore", "Besides",
    "Thus", "Here", "There", "Ironically", "Unfortunately", "Elsewhere", "Speaking",
    "According", "Despite", "Following", "During", "Over", "Under", "Before", "Between",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Photo", "Video", "Translation", "Listen", "Click", "View", "Is",
    "Did", "Will", "What", "Who", "Why", "How", "Where", "LIVE", "UPDATES", "CREDIT",
}
_WEEKDAYS_MONTHS = {w for w in STOP_HEADS if w.endswith("day") or w in {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"}}


@dataclass(frozen=True)
class NamePattern:
    """A regex for a name never seen before, with the type it implies and its confidence."""

    rule: str
    regex: re.Pattern[str]
    type: str
    confidence: float
    group: str = "name"
    anchor: re.Pattern[str] | None = None  # a cheap cue the name must end near; the regex runs only there
    tail: int = 0  # how far past the cue the name may run ("Institute for Global Change")
    start_at_cue: bool = False  # names follow the cue (a list after it) instead of ending near it
    word_start: bool = False  # set when the regex began with \b (see __post_init__)
    name_word_start: bool = False  # set when the regex began with (?P<name>\b (see __post_init__)
    cue_after_space: re.Pattern[str] | None = None  # the anchor without its leading \s (see _cues)
    cue_words: tuple[str, ...] | None = None  # the words of an anchor "\s(?:w1|w2|…)\b" (see _word_cues)
    cue_heads: tuple[str, ...] | None = None  # for an anchor "\b<words>…": strings every match begins with
    cue_after_boundary: re.Pattern[str] | None = None  # that anchor without its \b (see _head_cues)
    heads: tuple[str, ...] | None = None  # without an anchor: strings every match of the regex begins with
    needs: tuple[str, ...] | None = None  # strings one of which every match needs in the text (see __post_init__)
    line_start: bool = False  # set when the regex begins "(?m)^" (see _line_matches)

    def __post_init__(self) -> None:
        # A leading \b stops the regex engine from skipping ahead to the first letter of the
        # alternation (3x slower); the boundary is checked on each (rare) match instead.
        source = self.regex.pattern
        for lead in ("(?:^|\\b)", "\\b"):
            if self.anchor is None and source.startswith(lead):
                object.__setattr__(self, "regex", re.compile(source[len(lead):], self.regex.flags))
                object.__setattr__(self, "word_start", True)
                break
        # The same for a \b inside the name's group, but keeping \b's exact meaning: a match
        # rejected for its start is searched again from the next character (see _word_matches).
        lead = "(?P<name>\\b"
        if self.anchor is None and source.startswith(lead) and re.match(r"\[A-Z\]", source[len(lead):]):
            object.__setattr__(self, "regex", re.compile("(?P<name>" + source[len(lead):], self.regex.flags))
            object.__setattr__(self, "name_word_start", True)
        if self.anchor is None and self.heads is None and source.startswith("(?m)^"):
            object.__setattr__(self, "line_start", True)
        # An anchor "\s<words>" is found faster as "<words>" with the whitespace checked before it
        # (the engine then skips ahead to the words' first letters instead of trying every space).
        # Only for words that begin with a capital: lower-case letters are too common to skip to.
        cue = self.anchor.pattern if self.anchor is not None else ""
        if (cue.startswith("\\s") and cue[2:3] not in ("", "+", "*", "?", "{") and not self.anchor.flags & re.ASCII
                and _starts_with_capital(cue[2:], self.anchor.flags)):
            object.__setattr__(self, "cue_after_space", re.compile(cue[2:], self.anchor.flags))
        elif self.anchor is not None and not self.anchor.flags & (re.ASCII | re.IGNORECASE):
            object.__setattr__(self, "cue_words", _space_word_alternatives(cue, self.anchor.flags))
        if self.cue_heads is not None:
            if not cue.startswith("\\b") or not all(h[:1].isalpha() for h in self.cue_heads):
                raise ValueError(f"{self.rule}: cue_heads need an anchor \\b<letter>…")
            object.__setattr__(self, "cue_after_boundary", re.compile(cue[2:], self.anchor.flags))
        # A few strings one of which every match contains (read from the anchor, else the regex):
        # an article with none of them is skipped with a few str `in` checks instead of a scan.
        if self.needs is None and self.heads is None:
            needs = needed_strings(self.anchor if self.anchor is not None else self.regex)
            if needs and len(needs) <= MAX_NEEDED and min(map(len, needs)) >= MIN_NEEDED_LENGTH:
                object.__setattr__(self, "needs", needs)

    def finditer(self, text: str):
        """Matches of the regex; with an anchor, only in a window ending at each cue."""
        if self.needs is not None and not any(needed in text for needed in self.needs):
            return
        if self.name_word_start:
            yield from self._word_matches(text)
            return
        if self.line_start:
            yield from self._line_matches(text)
            return
        if self.anchor is None:
            for match in (_head_matches(text, self.heads, self.regex) if self.heads else self.regex.finditer(text)):
                start = match.start()
                if not self.word_start or start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
                    yield match
            return
        seen: set[tuple[int, int]] = set()
        for cue_start, cue_end in self._cues(text):
            if self.start_at_cue:
                yield from self._listed(text, cue_end)
                continue
            for match in self.regex.finditer(text, max(0, cue_start - ANCHOR_WINDOW), cue_end + self.tail):
                if match.span() not in seen:
                    seen.add(match.span())
                    yield match

    def _word_matches(self, text: str):
        """What ``finditer`` of the regex with its leading \\b gives (the regex begins with a
        capital, so \\b holds where the character before is no word character): the regex
        without \\b skips ahead to capitals, about twice as fast."""
        pos = 0
        while (match := self.regex.search(text, pos)) is not None:
            start = match.start()
            if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
                yield match
                pos = match.end()
            else:
                pos = start + 1

    def _line_matches(self, text: str):
        """``regex.finditer(text)`` for a regex that begins "(?m)^": tried only where ^ holds (at
        the start and after each newline) instead of at every position, the leftmost matches
        that do not overlap, as finditer gives them."""
        pos, start = 0, 0
        while start >= 0:
            if start >= pos and (match := self.regex.match(text, start)) is not None:
                yield match
                pos = match.end()
            start = text.find("\n", start)
            start = start + 1 if start >= 0 else -1

    def _cues(self, text: str):
        """(start, end) of each match of the anchor, as ``anchor.finditer`` gives them. An anchor
        "\\s<rest>" is run as "<rest>" preceded by a whitespace character: searched again from
        the next character when there is none, which keeps the matches exactly the same."""
        if self.cue_words is not None:
            yield from _word_cues(text, self.cue_words)
            return
        if self.cue_heads is not None:
            yield from _head_cues(text, self.cue_heads, self.cue_after_boundary)
            return
        if self.cue_after_space is None:
            for cue in self.anchor.finditer(text):
                yield cue.span()
            return
        pos = 1
        while (cue := self.cue_after_space.search(text, pos)) is not None:
            start = cue.start()
            if text[start - 1].isspace():
                yield start - 1, cue.end()
                pos = cue.end() + 1
            else:
                pos = start + 1

    def _listed(self, text: str, cue_end: int):
        """The names of a list right after the cue, each joined by "," or "and" to the one before."""
        pos = cue_end
        first = _LIST_ITEM.match(text, pos)
        if first is None:
            return
        pos = first.end()
        while True:
            joint = _LIST_JOINT.match(text, pos)
            match = self.regex.match(text, joint.end()) if joint else None
            if match is None:
                return
            yield match
            pos = match.end()


ANCHOR_WINDOW = 120


MAX_CUE_WORDS = 12  # one str.find pass per word: beyond a dozen words the regex is as fast


def _space_word_alternatives(source: str, flags: int) -> tuple[str, ...] | None:
    """The words w1, w2, … of an anchor "\\s(?:w1|w2|…)\\b" in the order the regex engine tries
    them (an optional letter first with it, "convoys?" → convoys, convoy), or None when the
    anchor has another shape or a word does not end in a word character."""
    items = re_parser.parse(source, flags).data
    if (len(items) < 3 or items[0] != (re_parser.IN, [(re_parser.CATEGORY, re_parser.CATEGORY_SPACE)])
            or items[-1] != (re_parser.AT, re_parser.AT_BOUNDARY)):
        return None
    words = _expand(list(items[1:-1]))
    if not words or len(words) > MAX_CUE_WORDS or not all(w and (w[-1].isalnum() or w[-1] == "_") for w in words):
        return None
    return tuple(words)


def _expand(items: list) -> list[str] | None:
    """Every string a regex sequence of literals, alternatives, groups and "?" matches, in the
    engine's order of preference; None for anything else (or too many strings)."""
    found = [""]
    for op, av in items:
        if op is re_parser.LITERAL:
            options = [chr(av)]
        elif op is re_parser.BRANCH:
            options = []
            for alternative in av[1]:
                more = _expand(list(alternative.data))
                if more is None:
                    return None
                options += more
        elif op is re_parser.SUBPATTERN and not av[1] and not av[2]:
            options = _expand(list(av[3].data))
        elif op is re_parser.MAX_REPEAT and av[:2] == (0, 1):
            inner = _expand(list(av[2].data))
            options = None if inner is None else inner + [""]
        else:
            return None
        if options is None or len(found) * len(options) > 500:
            return None
        found = [head + tail for head in found for tail in options]
    return found


def _word_cues(text: str, words: tuple[str, ...]):
    """(start, end) of each match of "\\s(?:w1|w2|…)\\b" in ``text``, as ``finditer`` gives them,
    found with str.find (much faster than the regex, which tries every space): at each space
    the first word in the regex's order that follows it and ends a word, then leftmost matches
    that do not overlap."""
    best: dict[int, int] = {}  # start (the space) → end, for the word the regex would take there
    for word in words:
        i = text.find(word, 1)
        while i >= 0:
            end = i + len(word)
            if i - 1 not in best and text[i - 1].isspace() and (
                    end == len(text) or not (text[end].isalnum() or text[end] == "_")):
                best[i - 1] = end
            i = text.find(word, i + 1)
    pos = 0
    for start in sorted(best):
        if start >= pos:
            yield start, best[start]
            pos = best[start]


MAX_NEEDED = 8  # str `in` checks per article: beyond a few, they cost about what the scan they may save does
MIN_NEEDED_LENGTH = 4  # shorter strings are in nearly every article


def needed_strings(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which occurs in the searched text wherever ``pattern`` matches (in the match
    or in what a lookaround reads), read from its parse tree; None when none are found (or the
    pattern ignores case). Among several such sets, the one with the longest shortest string."""
    if pattern.flags & re.IGNORECASE:
        return None
    found = _needed(list(re_parser.parse(pattern.pattern, pattern.flags).data))
    if not found:
        return None
    # a string containing another of the set is never the only one present: drop it
    return tuple(sorted(s for s in found if not any(t != s and t in s for t in found)))


def _needed(items: list) -> frozenset[str] | None:
    """A set of strings, one of which every match of the regex sequence ``items`` contains."""
    options: list[frozenset[str]] = []
    run: list = []  # consecutive items whose matches ``_expand`` lists in full

    def close_run() -> None:
        strings = _expand(run) if run else None
        if strings and all(strings) and len(strings) <= 100:
            options.append(frozenset(strings))
        run.clear()

    for op, av in items:
        if _expand([(op, av)]) is not None:
            run.append((op, av))
            continue
        close_run()
        inner: frozenset[str] | None = None
        if op is re_parser.SUBPATTERN and not av[1] and not av[2]:  # a group without inline flags
            inner = _needed(list(av[3].data))
        elif op in (re_parser.MAX_REPEAT, re_parser.MIN_REPEAT, re_parser.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _needed(list(av[2].data))
        elif op is re_parser.ATOMIC_GROUP:
            inner = _needed(list(av.data))
        elif op is re_parser.ASSERT:  # a lookahead or lookbehind reads the text too
            inner = _needed(list(av[1].data))
        elif op is re_parser.BRANCH:
            alternatives = [_needed(list(alternative.data)) for alternative in av[1]]
            if all(alternatives):
                inner = frozenset().union(*alternatives)
        if inner:
            options.append(inner)
    close_run()
    return max(options, key=lambda strings: (min(map(len, strings)), -len(strings)), default=None)


def presence_pattern(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """For a pattern asked only whether it matches somewhere: the same words as one trie when the
    pattern is a list of literal words ("w1|w2|…", optionally between \\b's), else the pattern.
    Both match at the same places (the same set of strings), so one has a match exactly where the
    other has; the trie tries fewer branches per character. Which match is found may differ."""
    items = list(re_parser.parse(pattern.pattern, pattern.flags).data)
    boundary = (re_parser.AT, re_parser.AT_BOUNDARY)
    lead = items[:1] == [boundary]
    trail = len(items) > 1 and items[-1] == boundary
    words = _expand(items[int(lead):len(items) - int(trail)])
    if not words or not all(words) or pattern.flags & re.IGNORECASE:
        return pattern
    return re.compile(("\\b" if lead else "") + _alt(tuple(words)) + ("\\b" if trail else ""), pattern.flags)


def ordered_trie(source: str) -> str:
    """A list of literal words ``source`` ("w1|w2|…", no flags) written as a trie, when that picks
    the same word as the list wherever one ends at a word boundary (``\\b(?:…)\\b``): the list
    takes the first word that fits, the trie the longest, so the two agree unless a word is listed
    before a longer one that extends it across a change between word and non-word characters
    ("hit|hit back"). Otherwise, or for any other shape, ``source`` itself."""
    words = _expand(list(re_parser.parse(source).data))
    if not words or not all(words):
        return source
    for i, short in enumerate(words):
        for longer in words[i + 1:]:
            if len(longer) > len(short) and longer.startswith(short) and _is_word_char(short[-1]) != _is_word_char(longer[len(short)]):
                return source
    return trie_pattern(words)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _head_starts(text: str, heads: tuple[str, ...]) -> list[int]:
    """Every offset in ``text`` where one of ``heads`` occurs, in order (found with str.find)."""
    starts: set[int] = set()
    ending = _common_ending(heads)
    if ending is not None:  # ("town of ", "village of ", …): find " of " once, not each head
        suffix, by_char = ending
        i = text.find(suffix)
        while i >= 0:
            if suffix in by_char:  # a head that is the ending itself
                starts.add(i)
            for head in by_char.get(text[i - 1:i], ()) if i > 0 else ():
                start = i + len(suffix) - len(head)
                if start >= 0 and text.startswith(head, start):
                    starts.add(start)
            i = text.find(suffix, i + 1)
        return sorted(starts)
    for head in heads:
        i = text.find(head)
        while i >= 0:
            starts.add(i)
            i = text.find(head, i + 1)
    return sorted(starts)


MIN_COMMON_ENDING = 3  # a shorter shared ending (" of") is found too often to save anything
_ENDINGS: dict[tuple[str, ...], tuple[str, dict[str, tuple[str, ...]]] | None] = {}


def _common_ending(heads: tuple[str, ...]) -> tuple[str, dict[str, tuple[str, ...]]] | None:
    """The ending all of many ``heads`` share (at least MIN_COMMON_ENDING characters), with the
    heads by the character before it (a head that is the ending itself under the ending); None if none."""
    if heads not in _ENDINGS:
        suffix = heads[0] if heads else ""
        for head in heads[1:]:
            while not head.endswith(suffix):
                suffix = suffix[1:]
        by_char: dict[str, list[str]] = {}
        for head in heads:
            by_char.setdefault(head[-len(suffix) - 1] if len(head) > len(suffix) else suffix, []).append(head)
        _ENDINGS[heads] = ((suffix, {c: tuple(h) for c, h in by_char.items()})
                           if len(heads) > 2 and len(suffix) >= MIN_COMMON_ENDING else None)
    return _ENDINGS[heads]


def _head_cues(text: str, heads: tuple[str, ...], rest: re.Pattern[str]):
    """(start, end) of each match of "\\b<rest>" in ``text``, as ``finditer`` gives them, when
    every match of ``rest`` begins with one of ``heads`` (each a letter first): ``rest`` is tried
    only where a head begins a word (found with str.find) instead of at every position, which
    the regex engine cannot skip for a lower-case-or-capital first letter ("[Ll]eader")."""
    pos = 0
    for start in _head_starts(text, heads):
        if start < pos or (start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")):
            continue
        cue = rest.match(text, start)
        if cue is not None:
            yield cue.span()
            pos = cue.end()


def _head_matches(text: str, heads: tuple[str, ...], regex: re.Pattern[str]):
    """``regex.finditer(text)`` when every match begins with one of ``heads``: the regex is
    tried only where a head occurs (found with str.find), not at every position — the engine
    cannot skip ahead to a lower-case word ("near", "struck") or to a mix of cases."""
    pos = 0
    for start in _head_starts(text, heads):
        if start >= pos and (match := regex.match(text, start)) is not None:
            yield match
            pos = match.end()


def _starts_with_capital(source: str, flags: int) -> bool:
    """Whether every match of the regex ``source`` begins with a capital letter ("Brigade",
    "[Mm]inistry" counts: one case of a capital), read from its parse tree."""
    first = re_parser.parse(source, flags).data[:1]
    op, av = first[0] if first else (None, None)
    if op is re_parser.BRANCH:
        heads = [alt.data[0] if alt.data else (None, None) for alt in av[1]]
    elif op is re_parser.IN:
        heads = av
    else:
        heads = [(op, av)]
    if not all(kind is re_parser.LITERAL for kind, _ in heads):
        return False
    chars = {chr(code) for _, code in heads}
    return all(c.upper() in chars and c.upper().isupper() for c in chars)
_LIST_ITEM = re.compile(r"(?:the\s+)?[‘’']?[A-Z][\w’'-]*(?:\s+[‘’']?(?:(?:al|el|ad|as|ash|an|ar|at)-)?[A-Z][\w’'-]*){0,2}")
_LIST_JOINT = re.compile(r",\s+(?:and\s+)?|\s+and\s+")


def trie_pattern(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``words`` factored into a trie (longest match first): much
    faster than a flat "a|b|c" when the list is long."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(c) + pattern(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            body = "(?:" + body + ")?"
        return body

    return pattern(trie)


def _alt(words: tuple[str, ...]) -> str:
    return "(?:" + trie_pattern(words) + ")"


NAME_PATTERNS: list[NamePattern] = [
    NamePattern(
        "name.group-prefix",
        re.compile(rf"\b(?P<name>(?:{_alt(GROUP_PREFIXES)})[’']?(?:\s+{_CAP}){{1,4}})"),
        "ArmedGroup", 0.85,
    ),
    NamePattern(
        "name.group-suffix",
        re.compile(rf"\b(?P<name>(?:(?:{_CAP}|\d+(?:st|nd|rd|th))\s+(?:of\s+(?:the\s+)?)?){{1,5}}(?:{_alt(GROUP_SUFFIXES)}))\b"),
        "ArmedGroup", 0.8, anchor=re.compile(rf"\s{_alt(GROUP_SUFFIXES)}\b"),
    ),
    NamePattern(
        "name.group-head-of",
        # only after a function word or at a start, so "the Syrian Arab Army of Bashar" is no "Army of Bashar"
        re.compile(r"(?:(?<=^)|(?<=\n)|(?<=\()|(?<=, )|(?<=\bthe )|(?<=\bof )|(?<=\bby )|(?<=\bwith )|(?<=\band )|"
                   r"(?<=\bfrom )|(?<=\bin )|(?<=\ba )|(?<=\bto )|(?<=\bon )|(?<=\bfor )|(?<=\bas )|(?<=\bwas )|(?<=\bis ))"
                   rf"(?P<name>{_alt(GROUP_HEADS)}\s+of\s+(?:the\s+)?{_CAP_PLAIN}(?:\s+{_CAP_PLAIN}){{0,2}})", re.M),
        "ArmedGroup", 0.75, anchor=re.compile(rf"{_alt(GROUP_HEADS)}\s+of\s"), tail=60,
    ),
    NamePattern(
        "name.org-suffix",
        re.compile(rf"\b(?P<name>(?:{_CAP}\s+){{1,4}}(?:{_alt(ORG_SUFFIXES)}|news agency)"
                   rf"(?:\s+(?:for|(?<=Department )of|(?<=Ministry )of|(?<=Committee )of|(?<=Commission )of|(?<=Mission )in)\s+(?:the\s+)?{_CAP_PLAIN}(?:\s+(?:of\s+)?{_CAP_PLAIN}){{0,3}})?)\b"),
        "Organization", 0.75, anchor=re.compile(rf"\s(?:{_alt(ORG_SUFFIXES)}|news agency)\b"), tail=60,
    ),
    NamePattern(  # "Saudi Arabia's energy ministry", "the Saudi Arabian interior ministry": the ministry, not the state
        "name.state-ministry",
        re.compile(rf"\b(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?(?:’s|'s)?\s+{_TOPIC}\s+[Mm]inistry)\b(?!\s+of\b)"),
        "Organization", 0.75, anchor=re.compile(r"\s[Mm]inistry\b"),
    ),
    NamePattern(
        "name.org-head-of",  # "the Office of the United Nations High Commissioner for Human Rights"
        re.compile(rf"(?<=\bthe )(?P<name>{_alt(ORG_HEADS)}\s+of\s+(?:the\s+)?{_CAP_PLAIN}(?:\s+{_CAP_PLAIN}){{0,4}}"
                   rf"(?:\s+for\s+{_CAP_PLAIN}(?:\s+{_CAP_PLAIN}){{0,2}})?)"),
        "Organization", 0.7, anchor=re.compile(rf"the {_alt(ORG_HEADS)} of\s"), tail=90,
    ),
    NamePattern(
        "name.outlet-named",  # "Lebanese newspaper Al Akhbar quoted", "according to Israel's Channel 12"
        re.compile(rf"(?:\b(?:newspaper|daily|broadcaster|news agency|news site|TV channel|television channel)\s+|(?<=according to )[A-Z]\w+[’']s\s+)"
                   rf"(?P<name>(?:[A-Z][\w’'-]*|al-\w+)(?:\s+(?:[A-Z][\w’'-]*|\d{{1,3}})){{0,3}})"),
        "Organization", 0.7,
        anchor=re.compile(r"newspaper|daily|broadcaster|news agency|news site|channel|according to"), tail=60,
    ),
    NamePattern(
        "name.led-coalition",  # "the Saudi-led coalition", "an Emirati-led coalition"
        re.compile(r"\b(?P<name>[A-Z][\w.]*-led [Cc]oalition)\b"), "Coalition", 0.75, anchor=re.compile(r"-led [Cc]oalition"),
    ),
    NamePattern(
        "name.demonym-forces",  # "the Russian and Syrian jets": a state's forces, when the gazetteer knows "Syrian army"
        re.compile(rf"\b(?P<name>[A-Z][a-z]+)(?=\s+(?:and\s+[A-Z][a-z]+\s+)?(?:{DEMONYM_FORCES})\b)"),
        "Demonym", 0.7, anchor=re.compile(rf"\s(?:{DEMONYM_FORCES})\b"),
    ),
    NamePattern(
        "name.person-title",
        # "Gen. Michael “Mike” Dorsey": a quoted nickname inside the name (left out of the entity's name)
        re.compile(rf"(?:^|\b)(?:{_alt(TITLES)})\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z]\.)?(?:\s+[“\"][A-Z][\w’'-]*[”\"])?(?:\s+{_CAP}){{1,3}})"),
        "Person", 0.8,
    ),
    NamePattern(  # "Secretary of State Antony Blinken", "Minister of Defence X": an office of state before a name
        "name.person-office",
        re.compile(r"\b(?:Secretary|Minister)\s+of\s+(?:the\s+)?(?:State|Defen[cs]e|Foreign\s+Affairs|Home(?:land)?\s+(?:Security|Affairs)|Interior|War|Information)\s+"
                   rf"(?P<name>[A-Z][a-z’'-]+(?:\s+[A-Z]\.)?(?:\s+{_CAP}){{1,2}})"),
        "Person", 0.8, anchor=re.compile(r"\b(?:Secretary|Minister)\s+of\s"), tail=60, cue_heads=("Secretary", "Minister"),
    ),
    NamePattern(  # "the military commander of Hamas, Mohammed Deif,": the person a role of a group names
        "name.person-after-role",
        re.compile(r"\b(?:[Ll]eader|[Cc]ommander|[Cc]hief|[Hh]ead|[Ff]ounder|[Ss]ecretary[- ]general|[Ss]pokes(?:man|woman)|"
                   r"[Cc]hairman|[Ee]mir)\s+of\s+(?:the\s+)?(?:[\w'’()-]+\s+){0,5}?[\w'’()-]+,\s+"
                   rf"(?P<name>[A-Z][a-z’'-]+(?:\s+(?:{_PARTICLE}\s+)?{_CAP}){{1,3}})(?=\s*(?:,|\.|;|\s+(?:was|who|had|has|is)\b))"),
        "Person", 0.7,
        anchor=re.compile(r"\b(?:[Ll]eader|[Cc]ommander|[Cc]hief|[Hh]ead|[Ff]ounder|[Ss]ecretary[- ]general|[Ss]pokes(?:man|woman)|"
                          r"[Cc]hairman|[Ee]mir)\s+of\s[^,;.]{1,60},\s[A-Z]"),
        tail=60,
        cue_heads=("Leader", "leader", "Commander", "commander", "Chief", "chief", "Head", "head", "Founder", "founder",
                   "Secretary", "secretary", "Spokes", "spokes", "Chairman", "chairman", "Emir", "emir"),
    ),
    NamePattern(
        "name.person-speaks",  # ("++": what follows a word is a space or comma, so giving letters back never helps)
        # "Dani Bar-Lev, the transport minister": a capital after a hyphen inside a surname
        re.compile(rf"(?P<name>\b[A-Z][a-z’'-]++(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z’'-]++(?:[A-Z][a-z’']++)?){{1,2}})(?:,? (?:{SPEECH_AFTER_NAME})\b|, (?:a|an|the|head|chief|leader|who|one)\b)"),
        "Person", 0.7,
    ),
    NamePattern(
        "name.person-byline",
        re.compile(r"(?m)^(?:—\s*|By\s+)?(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+)(?:,\s+[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+)*\s*$"),
        "Person", 0.6,
    ),
    NamePattern(
        "name.person-byline-second",
        re.compile(r"(?m)^(?:—\s*)?[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+,\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+)\s*$"),
        "Person", 0.6,
    ),
    NamePattern(
        "name.person-by",
        re.compile(r"\b(?:by|with|and)\s+(?P<name>[A-Z][a-z]+\s+[A-Z][a-z]+)\b(?!\s+[A-Z])"),
        "Person", 0.5,
    ),
    NamePattern(
        "name.coalition-of",
        re.compile(rf"\b(?:coalition|alliance|umbrella group|grouping) (?:of|called|named|known as) (?:the )?(?P<name>{_CAP}(?:\s+{_CAP}){{1,4}})"),
        "Coalition", 0.85, heads=("coalition ", "alliance ", "umbrella group ", "grouping "),
    ),
    NamePattern(
        "name.org-appositive",
        re.compile(rf"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<name>[A-Z][\w’'-]+(?:\s+{_CAP}){{0,3}}),\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,3}}"
                   r"(?:magazine|newspaper|daily|weekly|news agency|agency|outlet|website|broadcaster|channel|monitor|think tank)\b"),
        "Organization", 0.7,
        anchor=re.compile(r"\s(?:magazine|newspaper|daily|weekly|agency|outlet|website|broadcaster|channel|monitor|think tank)\b"),
    ),
    NamePattern(
        "name.org-reports",
        re.compile(rf"(?:^|(?<=[.!?\d]\s)|(?<=\n)|(?<=[a-z,]\s))(?P<name>[A-Z][\w’'-]+(?:\s+(?:of\s+)?{_CAP}){{0,3}})\s+"
                   # "Initial reports described": a noun before a verb, not "X reports"
                   r"(?:reports(?!\s+(?:\w+ly\s+)?(?:[a-z]+ed|said|say|says|suggest|show|indicate)\b)|reported|writes|wrote)\b"),
        "Organization", 0.6,
        anchor=re.compile(r"\s(?:reports(?!\s+(?:\w+ly\s+)?(?:[a-z]+ed|said|say|says|suggest|show|indicate)\b)|reported|writes|wrote)\b"),
    ),
    NamePattern(
        "name.place-struck",
        re.compile(rf"\b(?:hit|struck|strikes|strike|air ?strikes?|raids|raid|bombed|bombing|targeted|targeting|pounded|shelled)\b"
                   rf"(?:\s+[\w-]+){{0,4}}?\s+(?:in|near|around|outside)\s+(?:the\s+)?(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})"),
        "Place", 0.6, heads=("hit", "struck", "strike", "air", "raid", "bomb", "target", "pounded", "shelled"),
    ),
    NamePattern(
        "name.place-noun",
        re.compile(rf"\b(?:{_alt(PLACE_NOUNS)}) of (?:the )?(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})"),
        "Place", 0.8, heads=tuple(f"{noun} of " for noun in PLACE_NOUNS),
    ),
    NamePattern(  # "the Al-Mawasi area", "the Jabalia refugee camp": a place named before its common noun
        "name.place-area",
        re.compile(rf"(?<=\bthe )(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})\s+(?:area|neighbou?rhood|district|suburb|refugee\s+camp)\b"),
        "Place", 0.7, anchor=re.compile(r"[A-Z][\w’'-]*\s(?:area|neighbou?rhood|district|suburb|refugee\s+camp)\b"),
    ),
    NamePattern(  # "the villages of Dayr Hanna, al-Dughmishlyia and Beit Ayyash": the later items
        "name.place-list",
        re.compile(rf"(?:(?<=,\s)|(?<=\sand\s)|(?<=,\sand\s))(?P<name>[‘’']?{_CAP}(?:\s+[‘’']?{_CAP}){{0,2}})"),
        "Place", 0.7, anchor=re.compile(r"(?:villages|towns|cities|hills|districts|neighbou?rhoods|areas) of\s"), tail=160,
        start_at_cue=True,
    ),
    NamePattern(
        "name.place-prefix",
        re.compile(rf"\b(?P<name>(?:{_alt(PLACE_PREFIXES)})\s+(?:(?:al|el|ad|as|ash|an|ar|at|ez|ed|es|az)-)?[‘’']?[A-Z][\w’'-]*"
                   rf"(?:\s+(?:(?:al|el|ad|as|ash|an|ar|at)-)?[A-Z][\w’'-]*)?)\b"),
        "Place", 0.8,
    ),
    NamePattern(  # "in Saada province", "Kunar province officials": the noun is part of the name
        "name.place-admin",
        re.compile(rf"\b(?P<name>{_CAP_PLAIN}(?:\s+{_CAP_PLAIN})?\s+(?:{_alt(ADMIN_NOUNS)}))\b"),
        "Place", 0.7, anchor=re.compile(rf"\s(?:{_alt(ADMIN_NOUNS)})\b"),
    ),
    NamePattern(  # "the Kursk, Belgorod and Orlov regions": each listed name before a plural administrative noun
        "name.place-admin-list",
        re.compile(rf"(?<![\w’'-])(?P<name>{_CAP_PLAIN}(?:\s+{_CAP_PLAIN})?)(?=(?:,\s+{_CAP_PLAIN}(?:\s+{_CAP_PLAIN})?)*"
                   rf"(?:,?\s+and\s+{_CAP_PLAIN}(?:\s+{_CAP_PLAIN})?)?\s+(?:regions|provinces|districts|governorates|oblasts)\b)"),
        "Place", 0.65, anchor=re.compile(r"\s(?:regions|provinces|districts|governorates|oblasts)\b"),
    ),
    NamePattern("name.place-point", re.compile(r"\b(?P<name>(?:Point|Hill|Height)\s+\d{2,4})\b"), "Place", 0.8),
    NamePattern(
        "name.place-suffix",
        re.compile(rf"\b(?P<name>(?:{_CAP}\s+){{1,3}}(?:{_alt(PLACE_SUFFIXES)}))\b"),
        "Place", 0.75, anchor=re.compile(rf"\s{_alt(PLACE_SUFFIXES)}\b"),
    ),
    NamePattern(
        "name.place-appositive",
        re.compile(rf"(?:^|(?<=[\s(]))(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}}),\s+(?:a|the)\s+(?:[\w-]+\s+){{0,2}}?"
                   r"(?:village|town|city|district|suburb|neighbou?rhood|hilltop|hill|mountain|settlement)\b"
                   r"(?!\s+(?:official|council|hall|resident|mayor|leader|elder|chief)s?\b|[’']s)"),
        "Place", 0.75,
        anchor=re.compile(r"\s(?:village|town|city|district|suburb|neighbou?rhood|hilltop|hill|mountain|settlement)\b"), tail=20,
    ),
    NamePattern(
        "name.place-near",
        re.compile(rf"\b(?:near|outside|(?:north|south|east|west)(?:-?(?:east|west))?\s+of)\s+(?:the\s+)?"
                   rf"(?P<name>{_CAP_PLAIN}(?:\s+{_CAP_PLAIN}){{0,2}})(?![\w’'])"),
        "Place", 0.6, heads=("near", "outside", "north", "south", "east", "west"),
    ),
    NamePattern(
        "name.place-before-known",
        re.compile(rf"\b(?:on|in|at|near|of) (?P<name>{_CAP}(?:\s+{_CAP}){{0,2}}), (?:in|near) (?:the )?"),
        "Place", 0.65,
    ),
]


# Plural nouns that open a sentence as an unnamed source ("Sources reported", "Witnesses said").
_VAGUE_SOURCES = {"Sources", "Officials", "Witnesses", "Residents", "Activists", "Reports", "Medics", "Observers",
                  "Analysts", "Experts", "Locals", "Journalists", "Reporters", "Survivors", "Eyewitnesses", "Doctors",
                  "Rescuers", "Villagers", "Relatives", "Victims", "Paramedics", "Authorities", "Investigators",
                  "Diplomats", "Researchers", "Critics", "Monitors", "Refugees", "Families", "Lawmakers"}
_TITLE_WORDS = {w for t in TITLES for w in t.split()} | {"Ministry", "Defense", "Defence", "Foreign", "State", "Press"}


def _stripped(text: str, start: int, end: int, kind: str = "") -> tuple[int, int]:
    """Drop leading function words ("The", "In"), a person's titles ("President") and
    trailing punctuation from a name span."""
    while True:
        head = text[start:end].split(" ", 1)
        if len(head) == 2 and (head[0] in STOP_HEADS or (kind == "Person" and head[0] in _TITLE_WORDS)):
            start += len(head[0]) + 1
            continue
        break
    while end > start and text[end - 1] in ".,’'":
        end -= 1
    return start, end


def phrase_regex(forms: list[str], ignore_case: bool = False) -> re.Pattern[str] | None:
    """One regex matching any of ``forms`` as whole words, longest first."""
    if not forms:
        return None
    words = [f.lower() for f in forms] if ignore_case else forms
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?<![\w])" + _alt(tuple(words)) + r"(?![\w])", flags)


_HELD = re.compile(r"-(?:held|controlled|backed|led|based|linked|run|ruled|occupied|allied)\b")
_SENTENCE_STOP = re.compile(r"(?<=[a-z]{2})\.\s")
_OF_FOR = re.compile(r"\s(?:of|for)\s+(?:the\s+)?")
_DIRECTION = re.compile(r"\b(?:in|to|toward|towards|from|north|south|east|far)\s+(?:the\s+)?\w+\Z|\w+\s+of\b")


def _unmodified_end(text: str, start: int, end: int) -> int:
    """Drop a last capitalised word that modifies the common noun after the name ("the Army of
    Conquest Islamist alliance" is "Army of Conquest"), when the name has "of" and the word
    is not the only one after it."""
    if not _MODIFIED_NOUN.match(text, end):
        return end
    of = _OF_FOR.search(text, start, end)
    last_space = text.rfind(" ", start, end)
    if of is None or last_space <= of.end():
        return end
    return last_space


_PLACE_PREPOSITION_BEFORE = re.compile(r"\b(in|to|from|near|outside|at|visit to|of)\s+$")  # "in Aleppo": a place
_OWNER_POSSESSIVE = re.compile(r"[’']s\s+")  # "France’s Le Figaro"
_NICKNAME = re.compile(r"\s+[“\"][A-Z][\w’'-]*[”\"](?=\s)")  # "Michael “Mike” Dorsey" is Michael Dorsey
_ABBREVIATION = re.compile(r"[A-Z](?:\.?[A-Z]){1,3}\.?")  # "U.S.", "UK", "UAE"
_INITIAL = re.compile(r"[A-Z]\.")  # "Gregg P. Olson": a middle initial, not an acronym
_DESCRIPTOR_HEAD = re.compile(r"[A-Z][\w.]*[–-](?:based|owned|funded|financed|run)\s+(?=\S)")
_BODY_TAILS = {"Nations", "States", "Kingdom", "Emirates", "Union", "Republic", "Council", "Command", "Ministry"}
_TRAILING_POSSESSIVE = re.compile(r"[’']s$")  # "Saudi Arabia's" -> "Saudi Arabia"
class NameRecognizer:
    """Finds mentions of gazetteer entities and of names the gazetteer lacks."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        for form in gazetteer.by_alias:
            for variant in (form, form[:1].upper() + form[1:]):
                exact.setdefault(variant, form)
            if len(form) > 4 and " " in form:
                folded.setdefault(form.lower(), form)
        self.exact_forms, self.folded_forms = exact, folded
        self.exact = phrase_regex(list(exact))
        self.folded = phrase_regex(list(folded), ignore_case=True)
        self._folded_twin = (re.compile(self.folded.pattern, self.folded.flags & ~re.IGNORECASE)
                             if self.folded is not None and can_case_fold(self.folded) else None)  # see case_folded

    def gazetteer_mentions(self, text: str, article_id: str) -> list[Mention]:
        """Mentions of gazetteer names, each resolved to one entity by context."""
        found: list[Mention] = []
        lookup = self.gazetteer.lookup
        for regex, forms, conf in ((self.exact, self.exact_forms, 0.95), (self.folded, self.folded_forms, 0.85)):
            if regex is None:
                continue
            folded = regex is self.folded
            for match in self._finditer(regex, text):
                start, end = match.span()
                surface = text[start:end]
                if folded:
                    if surface in self.exact_forms or surface.islower() and _DIRECTION.search(
                            text, max(0, start - 12), end + 4):
                        continue  # "the west of the country" is a direction; exact matches are found above
                    form = forms[surface.lower()]
                else:
                    form = forms[surface]
                entity = self._choose(lookup(form), text, start)
                if entity is not None:
                    found.append(Mention(Span(article_id, start, end, surface), entity, "gazetteer", conf))
        return found

    def _finditer(self, regex: re.Pattern[str], text: str):
        """``regex.finditer(text)``; the case-insensitive one runs on the lower-cased text when
        that finds the same (about three times faster). Take the surface from ``text``."""
        if regex is self.folded and self._folded_twin is not None and folds_exactly(text):
            return self._folded_twin.finditer(text.lower())
        return regex.finditer(text)

    @staticmethod
    def _choose(candidates: list[Entity], text: str, start: int) -> Entity | None:
        """Pick among entities sharing a name: a place after "in/to/from/near", else an actor."""
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        before = text[max(0, start - 12):start].lower()
        wants_place = _PLACE_PREPOSITION_BEFORE.search(before) is not None
        for entity in candidates:
            if (entity.type == "Place") == wants_place:
                return entity
        return candidates[0]

    def unseen_mentions(self, text: str, article_id: str) -> list[Mention]:
        """Mentions of names the gazetteer does not hold, found by their shape and cue words."""
        found: list[Mention] = []
        for pattern in NAME_PATTERNS:
            for match in pattern.finditer(text):
                start, end = _stripped(text, *match.span(pattern.group), pattern.type)
                stop = _SENTENCE_STOP.search(text, start, end)
                if stop:  # "Ajnad al-Sham. Jaish al-Fatah": a name ends with its sentence
                    end = stop.start()
                end = _unmodified_end(text, start, end)
                if text.endswith(("'s", "’s"), start, end) and end - start > 4:
                    end -= 2  # "Kata'ib Hezbollah's weapons depots": the owner's name
                    while end > start and text[end - 1] in ".,’'":
                        end -= 1
                start = self._unglued_start(text, start, end, pattern.type)
                surface = text[start:end]
                if pattern.rule == "name.state-ministry":
                    found.append(Mention(Span(article_id, start, end, surface), self._ministry(surface),
                                         pattern.rule, pattern.confidence))
                    continue
                if pattern.type != "Person":
                    owner = _OWNER_POSSESSIVE.search(surface)
                    if owner:  # "France’s Le Figaro", "the Army's 4th Division": the owned thing
                        start += owner.end()
                        surface = text[start:end]
                if pattern.type == "Organization":
                    if surface.split(" ", 1)[0] in _TITLE_WORDS:
                        continue  # "Journalist Rami Jarrah reported": a person, found by its own pattern
                if pattern.type == "Demonym":
                    entity = self._demonym_forces(surface)
                    if entity is not None:
                        found.append(Mention(Span(article_id, start, end, surface), entity, pattern.rule, pattern.confidence))
                    continue
                if not self._plausible(surface, pattern.type):
                    continue
                entity = self._entity(_NICKNAME.sub("", surface) if pattern.type == "Person" else surface, pattern.type)
                if entity is None:
                    continue
                found.append(Mention(Span(article_id, start, end, surface), entity, pattern.rule, pattern.confidence))
        return found

    def _unglued_start(self, text: str, start: int, end: int, kind: str) -> int:
        """Where a name really starts: after a descriptor ("British-based Syrian Observatory …" is
        the Observatory) or, for a person, after the end of the title's country or body glued to
        the name ("Prime Minister of Russia Vladimir Putin", "Ambassador to the United Nations
        Susan Rice": Vladimir Putin, Susan Rice)."""
        if kind != "Person":
            descriptor = _DESCRIPTOR_HEAD.match(text, start, end)
            return descriptor.end() if descriptor else start
        while True:
            head, _, rest = text[start:end].partition(" ")
            if len(rest.split()) < 2 or not (head in _BODY_TAILS or any(e.type != "Person" for e in self.gazetteer.lookup(head))):
                return start
            start += len(head) + 1

    def _ministry(self, surface: str) -> Entity:
        """"Saudi Arabia's energy ministry" → Organization "Saudi Arabia Ministry of Energy": the
        owner as the gazetteer names it (else as written), the topic spelled out."""
        words = surface.split()
        owner = _TRAILING_POSSESSIVE.sub("", " ".join(words[:-2]))
        known = [e for e in self.gazetteer.lookup(owner) if e.type in ("State", "Place")]
        topic = MINISTRY_TOPICS[words[-2].lower()]
        return Entity(f"{known[0].name if known else owner} Ministry of {topic}", "Organization")

    def _demonym_forces(self, demonym: str) -> Entity | None:
        """The actor whose forces "<demonym> jets/troops/rebels" are: the one the gazetteer
        names "<demonym> army", "<demonym> forces", … ("Syrian jets" → Syrian Government)."""
        for noun in ("army", "forces", "military", "air force", "rebels", "government"):
            known = [e for e in self.gazetteer.lookup(f"{demonym} {noun}") if e.is_actor]
            if known:
                return known[0]
        return None

    def _entity(self, surface: str, kind: str) -> Entity | None:
        """The entity an unseen-name match stands for: a gazetteer entity if the name is known
        ("Idlib Governorate" → Idlib); none when a "… of/for X" name ends in a known name
        ("Army of Bashar al-Assad" is Assad's army, not a new group; "Voice of America" is a name)."""
        known = self.gazetteer.lookup(surface)
        if known:
            return known[0]
        words = surface.split()
        if kind == "Place" and len(words) > 1 and words[-1] in PLACE_SUFFIXES:
            bare = self.gazetteer.lookup(" ".join(words[:-1]))
            if bare and bare[0].type == "Place":
                return bare[0]
        if kind == "Place" and words[-1] in ADMIN_NOUNS:
            if len(words) == 1:
                return None  # a bare "region" left after a known name was cut off
            bare = self.gazetteer.lookup(" ".join(words[:-1]))
            if bare:  # "Latakia province" is Latakia; "Ukrainian region", "Islamic State province" are no names
                return bare[0] if bare[0].type == "Place" else None
        joined = _OF_FOR.search(surface) if kind == "ArmedGroup" else None
        if joined and any(e.type == "Person" for e in self.gazetteer.lookup(surface[joined.end():])):
            return None
        return Entity(self._country_spelled_out(surface) if kind == "Organization" else surface, kind)

    def _country_spelled_out(self, name: str) -> str:
        """"U.S. Cyber Command" → "United States Cyber Command": a state's abbreviation before an
        organisation's name written as the state's name, as "US Cyber Command" is written too."""
        first, _, rest = name.partition(" ")
        if rest and _ABBREVIATION.fullmatch(first):
            state = next((e for e in self.gazetteer.lookup(first) if e.type == "State"), None)
            if state is not None:
                return f"{state.name} {rest}"
        return name

    def _plausible(self, surface: str, kind: str) -> bool:
        words = surface.split()
        if "\n" in surface or not words or words[0] in STOP_HEADS or any(w in _WEEKDAYS_MONTHS for w in words):
            return False
        if kind == "Person":
            return (len(words) >= 2 and not any(w in STOP_HEADS or (w.isupper() and not _INITIAL.fullmatch(w)) for w in words)
                    and words[-1] not in NOT_PERSON_LAST and words[0] not in PLACE_PREFIXES)
        if len(words) == 1 and words[0] in _VAGUE_SOURCES:
            return False  # "Sources reported": nobody named
        if len(words) == 1 and words[0] in GROUP_SUFFIXES + ORG_SUFFIXES:
            return False  # "Army" cut out of "Turkish Army": a kind, not a name
        if kind == "ArmedGroup" and words[-1] == "Forces" and (len(words) < 2 or words[-2] in GENERIC_FORCES):
            return False  # "Armed Forces", "Iraqi Forces": a kind of force, not a name
        if " of " in surface and words[0] in _TITLE_WORDS:
            return False  # "Commander of the Free Syrian Army": a title, not a group's name
        if kind == "Place" and (words[0] in _TITLE_WORDS or _HELD.search(surface)):
            return False  # "near President Assad", "near Russian-held lines"
        return len(surface) > 3 or (kind == "Organization" and len(surface) == 3 and surface.isupper())  # "NNA"

    def alias_mentions(self, text: str, article_id: str, names: dict[str, Entity], rule: str) -> list[Mention]:
        """Mentions of article-local names (found earlier in the same article) wherever they recur."""
        found = []
        for form, entity in names.items():
            start = text.find(form)
            while start >= 0:
                end = start + len(form)
                if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                    found.append(Mention(Span(article_id, start, end, form), entity, rule, 0.7))
                start = text.find(form, start + 1)
        return found


_RULE_RANK = {"gazetteer": 3, "name.spacy-model": 0}  # a model's name loses ties to the patterns
_span_start = attrgetter("span.start")
_span_end = attrgetter("span.end")


def choose_mentions(candidates: list[Mention]) -> list[Mention]:
    """Resolve overlaps: the longest span wins; at equal length the gazetteer wins."""
    rank = _RULE_RANK.get
    # (the index keeps sorted()'s stability for equal keys and never compares two mentions)
    keys = [(-(span.end - span.start), -rank(m.rule, 1), -m.confidence, span.start, i)
            for i, m in enumerate(candidates) for span in (m.span,)]
    keys.sort()
    taken: list[Mention] = []
    occupied = bytearray(max(map(_span_end, candidates), default=0) + 1)
    for key in keys:
        start = key[3]
        end = start - key[0]
        if occupied.find(1, start, end) >= 0:
            continue
        taken.append(candidates[key[4]])
        occupied[start:end] = b"\x01" * (end - start)
    return sorted(taken, key=_span_start)


def local_aliases(mentions: list[Mention]) -> dict[str, Entity]:
    """Short forms an article may use for names it introduced: a person's surname,
    and each unseen name itself (so later mentions are found too)."""
    names: dict[str, Entity] = {}
    for mention in mentions:
        if mention.rule in {"gazetteer", "name.demonym-forces"}:
            continue  # a bare "Syrian" is the government's forces only before "jets", "troops"
        entity = mention.entity
        names.setdefault(mention.span.text, entity)
        if entity.type == "Person":
            surname = entity.name.split()[-1]
            if len(surname) > 3 and surname[0].isupper():
                names.setdefault(surname, entity)
    return names


_ACRONYM = re.compile(r"\s\(([A-Z][A-Z'’-]{1,6})\)")
_BRACKETED = re.compile(_ACRONYM.pattern[2:])


def _acronyms(text: str):
    """(start, acronym) of each match of ``_ACRONYM``, found faster from the bracket: the regex
    without its leading \\s, the whitespace checked before it (searched again one character on
    when there is none, so the matches are the same)."""
    pos = 1
    while (match := _BRACKETED.search(text, pos)) is not None:
        if text[match.start() - 1].isspace():
            yield match.start() - 1, match.group(1)
            pos = match.end() + 1
        else:
            pos = match.start() + 1


def acronym_aliases(text: str, mentions: list[Mention]) -> dict[str, Entity]:
    """"National Defence Forces (NDF)": an acronym in brackets right after a name stands for
    it in the rest of the article."""
    by_end = {m.span.end: m.entity for m in mentions if m.entity.is_actor}
    names: dict[str, Entity] = {}
    for start, acronym in _acronyms(text):
        entity = by_end.get(start)
        if entity is not None:
            names.setdefault(acronym, entity)
    return names


# ---------------------------------------------------------------- defaults of another conflict

def home_places(gazetteer: Gazetteer) -> dict[Entity, re.Pattern[str]]:
    """Entities named after a country that is another gazetteer entry ("Syrian Government",
    "Syrian Opposition" → Syria), each with a pattern of the words that name that country in a
    text: the country's names and aliases, the entity's own first word ("Syrian"), and the
    places the gazetteer puts in it (``skos:broader``: Aleppo, Hama …). Read from the gazetteer,
    so another conflict's file brings its own."""
    countries = {e.name: e for e in gazetteer.entities if e.type in {"Place", "State"} and " " not in e.name}
    homes: dict[Entity, re.Pattern[str]] = {}
    for entity in gazetteer.entities:
        if (not entity.is_actor and entity.type != "Organization") or " " not in entity.name:
            continue  # "Hamas" is no demonym of Hama: only a word before a noun ("Syrian Government")
        word = entity.name.split()[0]
        country = next((c for name, c in countries.items()
                        if word != name and word.startswith(name) and len(word) - len(name) <= 3), None)
        if country is None or country == entity:
            continue
        forms = {country.name, word, *(a for a in country.aliases if a[:1].isupper())}
        for place, where in gazetteer.within.items():
            if where == country:
                forms.update((place.name, *(a for a in place.aliases if a[:1].isupper())))
        homes[entity] = re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(forms, key=len, reverse=True)))})\b")
    return homes


def _defaulted(mention: Mention, home: re.Pattern[str]) -> bool:
    """Whether a mention reached its entity only by a gazetteer default: a generic group
    ("rebels") or a lower-case alias that does not name the country ("government forces")."""
    surface = mention.span.text
    return mention.entity.generic or (surface[:1].islower() and home.search(surface) is None)


def resolve_defaults(text: str, mentions: list[Mention], homes: dict[Entity, re.Pattern[str]]) -> list[Mention]:
    """Drop the mentions that reach a country's actor only by default ("rebels", "government
    forces" → Syria's) in a report that never names that country or a place in it: a report on
    Libya or Darfur has rebels and government forces of its own. Dropped here, before any rule
    runs, they take no role (attacker, target, speaker, relation)."""
    at_home: dict[Entity, bool] = {}  # each entity's home searched for once per report

    def keep(mention: Mention) -> bool:
        home = homes.get(mention.entity)
        if home is None or not _defaulted(mention, home):
            return True
        if mention.entity not in at_home:
            at_home[mention.entity] = home.search(text) is not None
        return at_home[mention.entity]

    return [mention for mention in mentions if keep(mention)]
