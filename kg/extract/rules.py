"""Fact rules: each reads one sentence (with its mentions and the article's running
context) and returns the facts it finds. Rules register themselves in ``RULES`` so
a user can add one for a new conflict without editing the core.
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, TypeVar

from ..model import ACTOR_TYPES, Article, Entity, Evidence, Fact, Mention, Span
from .dates import find_date, last_date
from .names import TITLES, _alt, needed_strings, ordered_trie, presence_pattern
from .text import Sentence, case_folded, folds_exactly

NARRATIVE_REACH = 1500  # how far back "the next day" looks for its date when paragraphs are long
ATTACKER_TYPES = {"State", "Coalition", "ArmedGroup"}
TARGET_TYPES = {"ArmedGroup", "Coalition", "State"}
GROUP_TYPES = {"ArmedGroup", "Coalition"}

SPEECH_VERBS = (
    r"said|says|say|told|tells|stated|states|announced|announces|claimed|claims|claim|"
    r"reported|reports|report|warned|warns|added|adds|insisted|insists|denied|denies|deny|"
    r"accused|accuses|accuse|confirmed|confirms|argued|argues|commented|stressed|noted|acknowledged|"
    r"admitted|admits|suggested|suggests|explained|reiterated|wrote|writes|predicted|expressed|"
    r"estimates|believes|described|describes|concluded|asserted|assessed|reaffirmed|pointed out|depicted|"
    r"maintains|maintained|declared|alleged|responded|replied|urged|condemned|counter-claimed|counter-claiming|"
    r"quoted|blamed|blames|emphasized|emphasised|emphasizes|emphasises|tweeted|condemns|vowed|vows|pledged"
)
_SPEECH = re.compile(rf"\b(?:has |have |had |also |then |later )?{_alt(tuple(SPEECH_VERBS.split('|')))}\b"
                     r"|\b(?:is|are|was|were) (?:\w+ly )?(?:confident|certain|convinced) that\b"
                     r"|\b(?:indicated|suspected|revealed|found)(?= that\b)"  # "a map had indicated the presence of": no speech
                     r"|\b(?:issued|released|published)\s+(?:a|an)\s+(?:[\w-]+\s+)?(?:statement|communiqu[eé])\b"
                     r"|\bcalled\s+(?:for|on)\b")
_SPEECH_ANY_CASE = re.compile(_SPEECH.pattern, re.I)
_ACCORDING = re.compile(r"\baccording to\b", re.I)
_PRONOUN_SPEAKER = re.compile(r"\b(he|she)\s+(?:also\s+|later\s+)?(?:" + SPEECH_VERBS + r")\b", re.I)
_DEFINITE_GROUP = re.compile(
    r"\bthe\s+(?:[\w-]+\s+)?(group|organi[sz]ation|monitor|agency|ministry|observatory|network|report|newspaper|paper|magazine|daily|outlet)\s+(?:also\s+)?(?:"
    + SPEECH_VERBS + r")\b", re.I)
_QUOTED = re.compile(r"[“\"]([^”\"]{3,})[”\"]")

_STRIKE_NOUN = r"(?:rocket|missile|drone|manpads|air|aerial) attacks?|attacks|air ?strikes?|air raids?|raids?|strikes?|bombing(?: campaign| runs?| raids?)?|bombardment|bombs|sorties|air campaign|aerial campaign|air operations|missile strikes?|cruise missiles"
_STRIKE_VERB = r"shot down|shoots down|shooting down|downed|struck|strikes|striking|strike|hit|hits|hitting|bombed|bomb|bombing|pounded|pounding|pound|targeted|targeting|targets|target|attacked|attacking|shelled|shelling|destroyed|destroying|raided"
_PROJECTILE = r"(?:rockets?|missiles?|mortars?|mortar\s+(?:rounds|shells)|shells|drones?|projectiles?|salvos?|barrages?)"
# "fired rockets at X", "launched two drones towards X", "rockets were fired back at X": the tail after the verb
_FIRE_TAIL = (rf"(?:\s+(?:back|again))?(?:\s+(?:[\w,.-]+\s+){{0,3}}?{_PROJECTILE})?(?:\s+(?:back|again))?"
              r"(?:\s+from\s+(?:[\w'’.-]+\s+){0,7}?[\w'’.-]+\s+(?:at|towards?)\s+|\s+(?:at|towards?|into)\s+)")  # "fired from X toward Y"
# "Monday's attack was near X", "the attack occurred in the Y area": where a strike reported before fell
_ATTACK_LOCATED = r"attack(?=\s+(?:was|occurred|took\s+place|happened)\s+(?:\w+\s+)?(?:in|near|outside|at)\s)"
# "fired rockets at X", "rockets landed in X", "a barrage of rocket fire into X"
_FIRE_ALT = (rf"(?:fired|launched)(?={_FIRE_TAIL})|landed(?=\s+(?:in|on|inside)\s)"
             r"|(?:rocket|mortar|missile)\s+fire(?=\s+(?:at|into|towards?)\s)")
_STRIKE_TRIGGER = re.compile(
    rf"\b(?:(?P<noun>{_STRIKE_NOUN}|{_ATTACK_LOCATED})|(?P<verb>{_STRIKE_VERB})|(?P<fire>{_FIRE_ALT}))\b", re.I)
_AIR_AGENT = re.compile(r"\b(?:jets?|warplanes?|bombers?|aircraft|air ?force|helicopters?|gunships?|planes?|drones?|aviation|fighter jets?)\b", re.I)
_NEGATION = re.compile(r"\b(?:not|n[’']t|never|no longer|denied|denies|deny)\b|n[’']t\b", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|be|is|are)\s+(?:\w+ly\s+|also\s+)?$", re.I)
_AGENT_BY = re.compile(r"^\s*by\s+(?:the\s+)?$", re.I)
_HEDGE = re.compile(r"\b(?:allegedly|reportedly|purportedly|apparently|unconfirmed|claimed|claims|may have|appear(?:s|ed)? to|alleged|said to)\b", re.I)
_CASUALTIES = re.compile(
    r"\b(?:killed|killing)\s+(?:at least\s+|about\s+|some\s+|more than\s+)?(?P<n1>\d+)\s+(?:\w+\s+)?(?:people|civilians|fighters|combatants|persons|children)\b"
    r"|\b(?P<n2>\d+)\s+(?:\w+\s+)?(?:people|civilians|fighters|combatants|persons)\s+(?:had\s+been\s+|have\s+been\s+|were\s+)?killed\b",
    re.I,
)
_BACKED = re.compile(r"-(?:backed|supported|armed|funded|sponsored)\b")
_BACKED_BY = re.compile(r"\b(?:backed|supported|armed|funded|sponsored|trained|equipped|aided|assisted|helped)\s+by\s+(?:the\s+)?", re.I)
# The verbs of backing, shared with the claims rules (a negated backing is a disputed one).
BACKING_VERBS = (r"support(?:s|ed|ing)?|back(?:s|ed|ing)?|arm(?:s|ed|ing)|fund(?:s|ed|ing)?|suppl(?:y|ies|ied|ying)|"
                 r"train(?:s|ed|ing)|equip(?:s|ped|ping)?|help(?:s|ed|ing)?|aid(?:s|ed|ing)")
_SUPPORT_VERB = re.compile(
    rf"\b(?:{BACKING_VERBS}|propping up|prop up|bolster(?:s|ed|ing)?)\b(?:\s+(?:of|for|to))?", re.I)
_LIST_INTRO = re.compile(r"\b(?:including|such as|among them|notably)\b", re.I)
_CLAUSE_BREAK = re.compile(r";|\s[–—-]\s|\bwhile\b|\bwhereas\b|\bbut\b")

T = TypeVar("T")


class cached_property:  # noqa: N801 (named as the functools decorator it replaces)
    """``functools.cached_property`` without the lock Python 3.11 takes on every first access
    (a SentenceContext is made per sentence and read by one thread)."""

    def __init__(self, func: Callable) -> None:
        self.func = func
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, owner: type | None = None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


def per_sentence(func: Callable[..., T]) -> Callable[..., T]:
    """Memoise a helper ``func(ctx, *args)`` whose result depends only on the sentence and the
    arguments (not on the article state, which rules change as they run)."""

    @functools.wraps(func)
    def memoised(ctx: SentenceContext, *args):
        key = (func, *args)
        memo = ctx.memo
        if key not in memo:
            memo[key] = func(ctx, *args)
        return memo[key]

    return memoised


MAX_GATE_STRINGS = 12  # `in` checks of a ~140-character sentence: a dozen cost less than one \b-led scan
MIN_GATE_LENGTH = 3  # shorter strings are in most sentences
# Caches keyed by id(): a compiled pattern hashes its whole compiled code on every look-up.
# (The pattern is kept with its entry, so an id is never reused while its entry lives.)
_GATES: dict[int, tuple[re.Pattern[str], tuple[str, ...] | None]] = {}


def sentence_gate(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """A few strings one of which the text must contain for ``pattern`` (case-sensitive) to
    match anywhere in it (:func:`needed_strings`), or None when there is no short such list.
    Read once per pattern."""
    known = _GATES.get(id(pattern))
    if known is None:
        needles = needed_strings(pattern)
        known = _GATES[id(pattern)] = (pattern, needles if needles and len(needles) <= MAX_GATE_STRINGS
                                       and min(map(len, needles)) >= MIN_GATE_LENGTH else None)
    return known[1]


_ASCII_TWINS: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}  # (by id(), as _GATES)
_UNICODE_ONLY_SPACE = re.compile("[\x1c-\x1f]")  # the only ASCII characters Unicode \s matches and re.ASCII's does not


def ascii_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` compiled with re.ASCII, for ASCII text without \\x1c-\\x1f: there \\w, \\d, \\b
    and \\s mean the same in both modes (checked over every ASCII character and pair), and
    re.ASCII tests them by table look-up instead of Unicode database calls (20-30 % faster
    for \\b-led scans). A pattern that ignores case stays as it is (re.I's Unicode case twins,
    such as the Kelvin sign for "k", differ)."""
    known = _ASCII_TWINS.get(id(pattern))
    if known is None:
        twin = pattern
        if not pattern.flags & re.IGNORECASE:
            try:
                twin = re.compile(pattern.pattern, (pattern.flags & ~re.UNICODE) | re.ASCII)
            except ValueError:  # an inline (?u)
                twin = pattern
        known = _ASCII_TWINS[id(pattern)] = (pattern, twin)
    return known[1]


class GatedPattern:
    """A pattern whose ``search`` first checks with ``in`` that the text holds one of the strings
    each match needs (:func:`sentence_gate`), and returns None without scanning when it holds
    none: the same result, cheaper for the presence pre-checks that most sentences fail."""

    def __init__(self, regex: re.Pattern[str], needles: tuple[str, ...]) -> None:
        self.regex, self.needles = regex, needles
        self.pattern, self.flags = regex.pattern, regex.flags

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``regex.search(text, pos, endpos)`` (the whole text is checked for the strings)."""
        for needle in self.needles:
            if needle in text:
                return self.regex.search(text, pos, endpos)
        return None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        """``regex.finditer(text, pos, endpos)``, empty without a scan when no needed string occurs."""
        for needle in self.needles:
            if needle in text:
                return self.regex.finditer(text, pos, endpos)
        return iter(())


def gated(pattern: re.Pattern[str]) -> re.Pattern[str] | GatedPattern:
    """``pattern`` with a :class:`GatedPattern` search when it has a short gate, else itself."""
    needles = sentence_gate(pattern)
    return pattern if needles is None else GatedPattern(pattern, needles)


Rule = Callable[["SentenceContext"], list[Fact]]
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register a fact rule under ``name`` (used as the evidence's extractor id)."""

    def register(func: Rule) -> Rule:
        RULES[name] = func
        return func

    return register


@dataclass
class ArticleState:
    """What earlier sentences of the article tell later ones (for pronouns, ellipsis)."""

    last_attacker: Entity | None = None
    last_target: Entity | None = None  # the side the last strike hit, for "rockets were fired back at X"
    pending: list[tuple[int, list[Fact]]] = field(default_factory=list)  # strikes still without an attacker
    last_person: Entity | None = None
    last_org: Entity | None = None
    last_group: Entity | None = None  # the last named armed group or coalition, for "the group"
    last_coalition: Entity | None = None  # the last named coalition, for "the founding members were …"
    last_speaker: Entity | None = None
    last_speaker_sentence: int = -10
    scene: Entity | None = None  # the place the last sentences were set in ("in northern Latakia")
    scene_sentence: int = -10
    scene_offset: int = 0  # where in the article that place was named
    names_by_entity: dict[Entity, str] = field(default_factory=dict)
    persons: dict[str, Entity] = field(default_factory=dict)  # surname → person named so far
    regimes: dict[str, Entity] = field(default_factory=dict)  # surname → "Assad regime" (a State)
    commands: dict[Entity, Entity] = field(default_factory=dict)  # "United States Africa Command" → United States
    last_subjects: list[Entity] = field(default_factory=list)  # "A, B and C carried out …": for "They said"
    last_subjects_sentence: int = -10


@dataclass
class SentenceContext:
    """One sentence, its mentions, and the article state."""

    article: Article
    sentence: Sentence
    mentions: list[Mention]
    state: ArticleState
    leaders_read: bool = False  # whether a strike of this sentence has taken the killed leaders' groups

    @cached_property
    def text(self) -> str:
        return self.sentence.text

    def local(self, mention: Mention) -> tuple[int, int]:
        """A mention's offsets relative to the sentence start."""
        return mention.span.start - self.sentence.start, mention.span.end - self.sentence.start

    def between(self, a: int, b: int) -> str:
        """Sentence text between two sentence-relative offsets."""
        return self.text[a:b]

    def mentions_within(self, start: int, end: int, types: set[str] | None = None) -> list[Mention]:
        """Mentions whose sentence-relative span lies inside [start, end)."""
        if types is None:
            return [m for s, e, _, m in self._located if s >= start and e <= end]
        return [m for s, e, kind, m in self._located if s >= start and e <= end and kind in types]

    @cached_property
    def _located(self) -> list[tuple[int, int, str, Mention]]:
        """(start, end, entity type, mention) of each mention, sentence-relative: read often."""
        offset = self.sentence.start
        return [(m.span.start - offset, m.span.end - offset, m.entity.type, m) for m in self.mentions]

    @cached_property
    def air_context(self) -> bool:
        """Whether the sentence speaks of aircraft, air strikes or missiles."""
        return bool(_AIR_CONTEXT.search(self.lower) or self.search_i(_AIR_AGENT))

    @cached_property
    def lower(self) -> str:
        """The sentence in lower case, for cheap case-free keyword checks (not for offsets)."""
        return self.text.lower()

    @cached_property
    def plain_ascii(self) -> bool:
        """Whether the sentence is ASCII without \\x1c-\\x1f, so :meth:`fast` patterns may run."""
        return self.text.isascii() and _UNICODE_ONLY_SPACE.search(self.text) is None

    def fast(self, pattern: re.Pattern[str]) -> re.Pattern[str]:
        """The pattern to run on ``text`` or ``lower`` of this sentence: its :func:`ascii_twin`
        when the sentence is plain ASCII (same matches), else itself."""
        return ascii_twin(pattern) if self.plain_ascii else pattern

    @cached_property
    def speech_cue(self) -> bool:
        """Whether the lower-cased sentence has a speech verb (the statement rule's pre-check,
        shared with :func:`find_attributions`)."""
        return self._speech_cue_match is not None

    @cached_property
    def _speech_cue_match(self) -> re.Match[str] | None:
        """The first match of the speech pre-check in ``lower`` (where the speech scan may begin)."""
        return self.fast(_SPEECH_LOW).search(self.lower)

    @cached_property
    def hedged(self) -> bool:
        """Whether the sentence hedges ("reportedly", "allegedly"): for every fact read from it."""
        return bool(_HEDGE_LOW.search(self.lower))

    @cached_property
    def folds_exactly(self) -> bool:
        """Whether ``lower`` has the sentence's offsets and a lower-case pattern finds in it
        exactly what its re.I twin finds in ``text`` (see :func:`folds_exactly`)."""
        return folds_exactly(self.text)

    def finditer_i(self, pattern: re.Pattern[str], pos: int = 0, endpos: int | None = None):
        """``pattern.finditer(self.text, pos, endpos)`` for a re.I pattern with lower-case
        literals, run on ``lower`` when that is exact (about four times faster). The matches'
        offsets are the same; their text may come out lower-cased."""
        endpos = len(self.text) if endpos is None else endpos
        twin = case_folded(pattern) if self.folds_exactly else None  # (folded_for, inlined: called very often)
        if twin is None:
            return pattern.finditer(self.text, pos, endpos)
        if not self._may_match(twin):
            return iter(())
        return (ascii_twin(twin) if self.plain_ascii else twin).finditer(self.lower, pos, endpos)

    def search_i(self, pattern: re.Pattern[str], pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """``pattern.search(self.text, pos, endpos)``, run as :meth:`finditer_i` runs."""
        endpos = len(self.text) if endpos is None else endpos
        twin = case_folded(pattern) if self.folds_exactly else None  # (folded_for, inlined)
        if twin is None:
            return pattern.search(self.text, pos, endpos)
        if not self._may_match(twin):
            return None
        return (ascii_twin(twin) if self.plain_ascii else twin).search(self.lower, pos, endpos)

    def _may_match(self, twin: re.Pattern[str]) -> bool:
        """False when ``lower`` lacks every string one of which each match of ``twin`` needs
        (:func:`sentence_gate`): then the scan would find nothing. The whole sentence is checked,
        so a window's lookbehind before ``pos`` is covered too."""
        needles = sentence_gate(twin)
        if needles is None:
            return True
        lower = self.lower
        for needle in needles:
            if needle in lower:
                return True
        return False

    @cached_property
    def memo(self) -> dict[tuple, object]:
        """Results of :func:`per_sentence` helpers for this sentence."""
        return {}

    @cached_property
    def attributions(self) -> list[Attribution]:
        """Every speaker the sentence names (computed once, shared by the rules)."""
        return find_attributions(self)

    def narrative_date(self) -> date | None:
        """The last date the article's text gave before this sentence, in its paragraph (or
        the 1,500 characters before it): the anchor of "the next day", "two days later"."""
        return self._narrative_date

    @cached_property
    def _narrative_date(self) -> date | None:
        text = self.article.text
        start = max(text.rfind("\n\n", 0, self.sentence.start), self.sentence.start - NARRATIVE_REACH, 0)
        return last_date(text[start:self.sentence.start], self.article.date)

    def find_date(self, text: str) -> tuple[date | None, str]:
        """The date ``text`` (part of this sentence) gives, narrative dates resolved (computed
        once per text: several facts of a sentence ask for the same)."""
        key = (find_date, text)
        memo = self.memo
        if key not in memo:
            memo[key] = find_date(text, self.article.date, self.narrative_date)
        return memo[key]

    def evidence(self, rule_name: str, confidence: float, start: int = 0, end: int | None = None) -> Evidence:
        """Evidence for a fact: by default the whole sentence."""
        end = len(self.text) if end is None else end
        s = self.sentence.start + start
        e = self.sentence.start + end
        return Evidence(Span(self.article.id, s, e, self.article.text[s:e]), rule_name, confidence, self.text)


# ---------------------------------------------------------------- attribution

@dataclass
class Attribution:
    speaker: Entity | None
    verb_start: int
    verb_end: int


def _nearest_before(ctx: SentenceContext, pos: int, types: set[str], max_gap: int = 60) -> Mention | None:
    best = None
    for m in ctx.mentions:
        s, e = ctx.local(m)
        if e <= pos and pos - e <= max_gap and m.entity.type in types:
            best = m
    return best


_ROLE_GAP = re.compile(rf"\s+(?:[a-z-]+\s+){{0,2}}(?:{_alt(tuple(t for t in TITLES if t.islower()))}|investigators|experts|officials|prosecutors)"
                       r"(?:\s+(?:for|of)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){1,4}|\s+)")


_OUTLET_AFTER = re.compile(r"\s+(?:[a-z-]+\s+)?(?:[Ww]eb\s?site|[Ww]ebsite|newspaper|radio|television|TV|channel|outlet|news\s+agency|magazine|daily)\b")
_NOT_SPOKESPEOPLE = re.compile(r"\s+(?:activists|supporters|sympathi[sz]ers|residents|refugees|civilians)\b")


_IN_SETTING_BEFORE = re.compile(r"\b(?:in|inside|across|throughout)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:and|or)\s+|[A-Z][\w'’-]*,\s+)?$")


def _speaker_before(ctx: SentenceContext, verb_start: int) -> Entity | None:
    """The subject of a speech verb: the actor just before it, skipping an appositive."""
    actors = {"Person", "State", "Organization", "ArmedGroup", "Coalition"}
    candidates = [m for m in ctx.mentions if ctx.local(m)[1] <= verb_start and m.entity.type in actors]
    if not candidates:
        return None
    last = candidates[-1]
    gap = ctx.between(ctx.local(last)[1], verb_start)
    if _OBJECT_BEFORE.search(ctx.text[max(0, ctx.local(last)[0] - 12):ctx.local(last)[0]]):
        return None  # "a businessman with close ties to the regime told": the regime is not the subject
    setting = (_IN_SETTING_BEFORE.search(ctx.text, max(0, ctx.local(last)[0] - 40), ctx.local(last)[0])
               if last.entity.type == "State" else None)
    if setting is not None:
        # "the UN mission in Mali concluded": the mission speaks; "the fight against ISIS in Syria and
        # Iraq says": nobody named does (the country is a setting)
        head = _speaker_before(ctx, setting.start()) if setting.start() > 0 else None
        return head if head is not None and head.type != "State" and not _GAP_BREAK.search(ctx.text, setting.start(), verb_start) else None
    if _OWNED_NAME.match(gap):
        return None  # "France’s Le Figaro reported": the speaker is the unnamed owner's outlet
    if _SUPPORTER_AFTER.match(gap):
        return None  # "The Iranian-backed group said": the group speaks, not its backer
    if _NOT_SPOKESPEOPLE.match(gap):
        return None  # "opposition activists say", "Hamas supporters said": not the group speaking
    if _OUTLET_AFTER.match(gap):
        return None  # "the Tamil Tiger web site TamilNet says": the outlet speaks, not its owner
    if _ROLE_GAP.fullmatch(gap):
        return last.entity  # "The Human Rights Watch deputy director for Global Advocacy indicated": the organisation
    if len(gap) <= 25 and not _GAP_BREAK.search(gap):
        # "X, head of Y, said": the speaker is the person before the appositive
        tail = ctx.between(0, verb_start).rstrip()
        if tail.endswith(","):
            people = [m for m in candidates if m.entity.type == "Person" and verb_start - ctx.local(m)[1] < 160]
            if people and people[0] is not last:
                return people[0].entity
        return last.entity
    return None


_NOUN_LIKE = {"report", "reports", "claim", "claims", "estimates", "comment", "warns", "denies"}
_PASSIVE_SPEECH = re.compile(r"\b(?:been|be|being|was|were|is|are)\s+$", re.I)
_PARTICIPLE_AFTER = re.compile(
    r"\s+(?:(?:as\s+)?(?:killed|dead|wounded|injured|missing|captured|kidnapped|detained|arrested|executed|slain)\b"
    r"|to\s+(?:have|be|had)\b)", re.I)
_NOUN_USE = re.compile(r"\b(?:a|an|the|this|that|its|his|her|their|our|one|new|latest)\s+(?:[\w-]+\s+)?$", re.I)


def _is_title_case(text: str) -> bool:
    """A headline such as "Even ISIS Says Russia Is Not Bombing ISIS"."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _appositive_subject(ctx: SentenceContext, verb_start: int) -> Entity | None:
    """"Dabiq, the magazine published by ISIS, says": the actor before a comma-enclosed aside."""
    head = ctx.text[:verb_start].rstrip()
    if not head.endswith(","):
        return None
    opening = head[:-1].rfind(",")
    if opening <= 0:
        return None
    inside = [m for m in ctx.mentions_within(opening + 1, len(head) - 1) if m.entity.type == "Person"]
    if inside and re.fullmatch(r",\s*", ctx.text[ctx.local(inside[-1])[1]:len(head)]):
        return inside[-1].entity  # "the ambassador to the UN, Vitaly Churkin, told"
    before = [m for m in ctx.mentions if ctx.local(m)[1] <= opening and m.entity.is_actor]
    if before and opening - ctx.local(before[-1])[1] <= 1:
        return before[-1].entity
    return None


def _pronoun_referent(ctx: SentenceContext, pos: int) -> Entity | None:
    people = [m for m in ctx.mentions if ctx.local(m)[1] <= pos and m.entity.type == "Person"]
    return people[-1].entity if people else ctx.state.last_person


def _definite_referent(ctx: SentenceContext) -> Entity | None:
    last = ctx.state.last_speaker
    if last is not None and last.type in {"Organization", "ArmedGroup"} and (
            ctx.sentence.index - ctx.state.last_speaker_sentence <= 6):
        return last
    return ctx.state.last_org


def _speech_verbs(ctx: SentenceContext) -> Iterable[re.Match[str]]:
    """The speech verbs of the sentence: ``_SPEECH.finditer(text)``, or ``_SPEECH_ANY_CASE``'s
    for a headline in Title Case that has no lower-case one. The first match is searched once
    (and the scan goes on from its end, which gives the same matches); no scan at all when
    ``speech_cue`` found nothing and ``lower`` folds exactly (every match of ``_SPEECH`` is one
    of ``_SPEECH_ANY_CASE``, which ``speech_cue`` then finds on ``lower``), and none before the
    first match ``speech_cue`` found."""
    text = ctx.text
    if not ctx.speech_cue:
        return () if ctx.folds_exactly else _SPEECH.finditer(text)
    speech = ctx.fast(_SPEECH)
    # No match of _SPEECH begins before the pre-check's first match when lower folds exactly
    # (each is one of _SPEECH_ANY_CASE, whose matches the pre-check finds at the same offsets).
    first = speech.search(text, ctx._speech_cue_match.start() if ctx.folds_exactly else 0)
    if first is None:
        return _SPEECH_ANY_CASE.finditer(text) if _is_title_case(text) else ()
    return itertools.chain((first,), speech.finditer(text, first.end()))


def find_attributions(ctx: SentenceContext) -> list[Attribution]:
    """Every speaker the sentence names with a speech verb ("X said", "according to X")."""
    text = ctx.text
    found: list[Attribution] = []
    for verb in _speech_verbs(ctx):
        if _HYPOTHETICAL.search(text, max(0, verb.start() - 30), verb.start()):
            continue  # "a declaration that would have condemned X"
        if _RESPONDED_BY.match(text, verb.end()) and verb.group(0).endswith(("responded", "replied")):
            continue  # "the U.S. responded by launching airstrikes": an action, not words
        noun_like = verb.group(0).split()[-1] in _NOUN_LIKE
        if _PASSIVE_SPEECH.search(text, max(0, verb.start() - 12), verb.start()):
            # "X has been described by the Institute as": the Institute speaks; "condemned by A, B and C": all three
            found += [Attribution(agent, verb.start(), verb.end()) for agent in _passive_speakers(ctx, verb.end())]
            continue  # "X has been accused": X is not the speaker
        if noun_like and _NOUN_USE.search(text[max(0, verb.start() - 30):verb.start()]):
            continue  # "an AFP report": a noun
        if _PARTICIPLE_AFTER.match(text, verb.end()):
            continue  # "32 ISIL fighters reported killed": a passive participle, nobody speaks
        speaker = _speaker_for(ctx, verb)
        if speaker is not None:
            found += [Attribution(e, verb.start(), verb.end()) for e in _coordinated(ctx, speaker, verb.start())]
    according = ctx.search_i(_ACCORDING)
    if according:
        source = _according_source(ctx, according.end())
        if source is not None:
            found.append(Attribution(source, according.start(), according.end()))
        found += [Attribution(e, according.start(), according.end()) for e in _according_list(ctx, according.end())
                  if e != source]
    for owned in _OWNER_SPEECH.finditer(text):  # "despite Iran's denial": Iran speaks
        owner = [m for m in ctx.mentions if ctx.local(m)[1] == owned.start() and m.entity.is_actor]
        if owner:
            found.append(Attribution(owner[0].entity, owned.start(), owned.end()))
    they = _THEY_SAID.match(text)
    if they and ctx.state.last_subjects_sentence == ctx.sentence.index - 1:
        found += [Attribution(e, they.start(1), they.end(1)) for e in ctx.state.last_subjects]
    return found


_RESPONDED_BY = re.compile(r"\s+(?:\w+ly\s+)?(?:by\s+\w+ing|with\s+(?:a\s+|an\s+)?(?:[\w-]+\s+(?:and\s+)?){0,3}(?:strikes?|air ?strikes?|attacks?|raids?|force|fire|missiles?|rockets?|shelling))\b")
_OWNER_SPEECH = re.compile(r"(?:’s|'s)\s+(?:denials?|condemnations?|rejections?)\b")
_SPEAKER_JOINT = re.compile(r"\)?\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")


def _coordinated(ctx: SentenceContext, speaker: Entity, verb_start: int) -> list[Entity]:
    """The speaker and the actors coordinated before it ("a report by UNSMIL and the OHCHR
    stated": both speak)."""
    mentions = [m for m in ctx.mentions if ctx.local(m)[1] <= verb_start]
    last = next((i for i in range(len(mentions) - 1, -1, -1) if mentions[i].entity == speaker), None)
    if last is None:
        return [speaker]
    found = [speaker]
    i = last
    while i > 0 and mentions[i - 1].entity.is_actor:
        gap = (ctx.local(mentions[i - 1])[1], ctx.local(mentions[i])[0])
        same = mentions[i - 1].entity == mentions[i].entity and re.fullmatch(r"\s*\(", ctx.text[gap[0]:gap[1]])
        joint = _SPEAKER_JOINT.fullmatch(ctx.text, *gap)
        if not same and (not joint or (len(found) == 1 and "and" not in joint.group(0))):
            break  # a list ends with "and": "the ambassador to the UN, Vitaly Churkin, told" is no list
        i -= 1
        if not same:  # "U.S. Africa Command (AFRICOM) said": one speaker, not yet a list
            found.append(mentions[i].entity)
    return _unique(found)


_TITLE_RUN = re.compile(rf"\s+(?:(?:{_alt(TITLES)})\s+){{1,3}}")
_OWNER_OF = re.compile(r"(?:’s|'s)\s+")
_ACCORDING_GAP = re.compile(r"\s*(?:(?:the|[A-Z][\w.'’-]*)\s+){0,4}")
_VAGUE_SOURCE = re.compile(r"\s+(?:sources?|reports?|accounts?)\b")
_THEY_SAID = re.compile(rf"^They\s+(?:also\s+)?({SPEECH_VERBS})\b")


def _according_source(ctx: SentenceContext, pos: int) -> Entity | None:
    """The source of "according to …" at ``pos``: the person after a demonym and title
    ("Turkish President Recep Tayyip Erdoğan"), the outlet an owner's name introduces
    ("Israel's Channel 12"); none for "Russian sources" or an actor far from the words."""
    after = ctx.mentions_within(pos, min(len(ctx.text), pos + 60))
    if not after or not _ACCORDING_GAP.fullmatch(ctx.text, pos, ctx.local(after[0])[0]):
        return None
    first, end = after[0], ctx.local(after[0])[1]
    if _VAGUE_SOURCE.match(ctx.text, end):
        return None  # "according to Russian sources": nobody named
    if len(after) > 1:
        joint = _OWNER_OF.match(ctx.text, end) or _TITLE_RUN.match(ctx.text, end)
        if joint and joint.end() == ctx.local(after[1])[0] and after[1].entity.type in {"Person", "Organization"}:
            return after[1].entity
    return first.entity if first.entity.is_actor else None


# "according to eyewitnesses, a local journalist and the X Monitor": unnamed items, then a name
_UNNAMED_ITEM = r"(?:the\s+|an?\s+)?(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*(?:,\s*(?:and\s+)?|\s+and\s+)"
_ACCORDING_LEAD = re.compile(rf"\s+(?:{_UNNAMED_ITEM})*(?:the\s+|an?\s+)?")
_ACCORDING_NEXT = re.compile(rf"(?:\s+[a-z]+)?(?:,\s*(?:and\s+)?|\s+and\s+)(?:{_UNNAMED_ITEM})*(?:the\s+|an?\s+)?")


def _according_list(ctx: SentenceContext, pos: int) -> list[Entity]:
    """The named actors listed after "according to", past unnamed sources: "according to
    eyewitnesses, a local journalist and the Euro-Mediterranean Monitor", "according to A and B".
    A list ends with "and" before its last item, and that item ends the phrase (so "according to
    the ICRC, the coalition aircraft struck" lists only the ICRC)."""
    items: list[tuple[Mention, bool, int]] = []  # (mention, "and" before it, where the item ends)
    end, gap = pos, _ACCORDING_LEAD
    for m in ctx.mentions_within(pos, min(len(ctx.text), pos + 200)):
        s, e = ctx.local(m)
        if s < end:
            continue
        joint = gap.fullmatch(ctx.text, end, s)
        if not joint:
            break
        vague = _VAGUE_SOURCE.match(ctx.text, e)
        end, gap = (vague.end() if vague else e), _ACCORDING_NEXT
        items.append((m, bool(re.search(r"\band\s", joint.group(0))) and vague is None, end))
    for k in range(len(items), 0, -1):
        m, anded, item_end = items[k - 1]
        if anded and _PHRASE_END.match(ctx.text, item_end):
            return [i[0].entity for i in items[:k] if i[0].entity.is_actor and not _VAGUE_SOURCE.match(ctx.text, ctx.local(i[0])[1])]
    return []


_PHRASE_END = re.compile(r"\s*(?:[,.;:)]|$)")


_BY_AGENT = re.compile(r"\s+by\s+(?:the\s+)?")


_AGENT_LIST_GAP = re.compile(r"[\w\s-]{0,40}?(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")


def _passive_speakers(ctx: SentenceContext, pos: int) -> list[Entity]:
    """The "by" agents right after a passive speech verb at ``pos``: the first actor, and the
    actors listed after it ("condemned by the Iraqi government, … and Iran")."""
    by = _BY_AGENT.match(ctx.text, pos)
    if by is None:
        return []
    agents = [m for m in ctx.mentions_within(by.end() - 4, min(len(ctx.text), by.end() + 160)) if m.entity.is_actor]
    if not agents or ctx.local(agents[0])[0] > by.end():
        return []
    found = [agents[0]]
    for m in agents[1:]:
        if not _AGENT_LIST_GAP.fullmatch(ctx.text, ctx.local(found[-1])[1], ctx.local(m)[0]):
            break
        found.append(m)
    return _unique([m.entity for m in found])


_SAID_VERB_END = re.compile(r"\b(?:said|says|added|wrote|noted|explained)$")  # not "told"
_AFTER_QUOTE = re.compile(r"[”\"][,.]?\s*$|[,.][”\"]\s*$")  # "“…,” warned X": any speech verb right after a quote
# "said White House spokesman X", "said U.S. Marine Corps Maj. Gen. X", "said Secretary of State X"
_SPEAKER_AFTER_GAP = re.compile(r"^[\s,]*(?:(?:the|Press|White House|spokesman|Secretary|of|[A-Z][\w.]*)\s+){0,6}$")
_AFTER_SPEAKER_TYPES = {"Person", "Organization", "State", "ArmedGroup"}
# "…," said Col. X, director of …" / "said X in a statement": the inverted speaker ends its clause
# (not "says Mr. X remains alive": X is the subject of what is said)
_INVERTED_SPEAKER_END = re.compile(r"\s*(?:[,.;:)(]|$|\s(?:in|on|at|to|during|after|when|who|of|for|from|via|and)\b)")


def _speaker_for(ctx: SentenceContext, verb: re.Match[str]) -> Entity | None:
    text = ctx.text
    pronoun = _PRONOUN_SPEAKER.search(text, max(0, verb.start() - 20), verb.end())
    if pronoun and pronoun.end() == verb.end():
        return _pronoun_referent(ctx, pronoun.start())
    appositive = _appositive_subject(ctx, verb.start())
    if appositive is not None:
        return appositive
    speaker = _speaker_before(ctx, verb.start())
    definite = _DEFINITE_GROUP.search(text, max(0, verb.start() - 40), verb.end())
    if definite and definite.end() == verb.end():
        named = [m for m in ctx.mentions if ctx.local(m)[0] >= definite.start() and ctx.local(m)[1] == definite.end(1)]
        return named[-1].entity if named and named[-1].entity.is_actor else _definite_referent(ctx)
    if speaker is None and (_SAID_VERB_END.search(verb.group(0)) or _AFTER_QUOTE.search(text, max(0, verb.start() - 4), verb.start())):
        # not "told": "A former detainee told the Associated Press" names the hearer
        after = ctx.mentions_within(verb.end(), min(len(text), verb.end() + 60), _AFTER_SPEAKER_TYPES)
        # a service or state named in the title ("U.S. Marine Corps Maj. Gen. X") gives way to the person
        people = [m for m in after if m.entity.type == "Person"]
        first = people[0] if people and _SPEAKER_AFTER_GAP.match(text[verb.end():ctx.local(people[0])[0]]) else (
            after[0] if after and after[0].entity.type != "ArmedGroup" else None)
        if (first is not None and _SPEAKER_AFTER_GAP.match(text[verb.end():ctx.local(first)[0]])
                and _INVERTED_SPEAKER_END.match(text, ctx.local(first)[1])):
            speaker = first.entity
    return speaker


def find_attribution(ctx: SentenceContext) -> Attribution | None:
    """Who the sentence says is speaking (the first speaker), and where the speech verb is."""
    found = ctx.attributions
    return min(found, key=lambda a: a.verb_start) if found else None


# ---------------------------------------------------------------- statements

@rule("statement.speech-verb")
def statements(ctx: SentenceContext) -> list[Fact]:
    """A sentence that reports someone's words: one statement per speaker, with the quote."""
    opens_quote = ctx.text[:1] in "“\""
    if not opens_quote and not ctx.speech_cue and not ctx.search_i(_ACCORDING):
        return []
    quote = None  # (joined when the first statement is made: most such sentences make none)
    found = [(a.speaker, 0.8, "statement.speech-verb") for a in ctx.attributions]
    if not found and ctx.text[:1] in "“\"" and ctx.state.last_speaker is not None and (
        ctx.sentence.index - ctx.state.last_speaker_sentence <= 2
    ):
        found = [(ctx.state.last_speaker, 0.6, "statement.quote-continuation")]
    facts, seen = [], set()
    for speaker, confidence, rule_name in found:
        if speaker is None or not speaker.is_actor or speaker in seen:
            continue
        if not seen:  # the main clause's speaker, for "the report/group said" later
            ctx.state.last_speaker = speaker
            ctx.state.last_speaker_sentence = ctx.sentence.index
        seen.add(speaker)
        about = [m.entity for m in ctx.mentions if m.entity != speaker and m.entity.is_actor]
        if quote is None:
            quote = " ".join(q.group(1).strip() for q in _QUOTED.finditer(ctx.text))
        fact = Fact("Statement", ctx.article.id, {"speaker": [speaker], "about": _unique(about)},
                    [ctx.evidence(rule_name, confidence)], quote=quote or ctx.text)
        fact.date, fact.date_precision = ctx.find_date(ctx.text)
        facts.append(fact)
    return facts


# ---------------------------------------------------------------- strikes

def _unique(entities: list[Entity]) -> list[Entity]:
    seen: list[Entity] = []
    for e in entities:
        if e not in seen:
            seen.append(e)
    return seen


# Precompiled (these run for many mentions of every sentence).
_SUPPORTER_AFTER = re.compile(r"^-(?:backed|based|led|linked|supported|funded|armed)")
_SUPPORTER_BEFORE = re.compile(r"\b(?:backed|supported|armed|funded)\s+by\s+(?:the\s+)?$")
_REGIME_AFTER = re.compile(r"^(?:’s|'s)\s+(?:\w+\s+)?(?:regime|government|forces|army)\b")
_OPENING_PLACE = re.compile(r"^\s*(?:In|On|Near|At|Over|Across|Around)\s+[^,]{2,60},")
_BY_AGENT_AFTER = re.compile(r"^\s+(?:\w+\s+){0,2}by\b")
_OBJECT_BEFORE = re.compile(r"\b(?:to|with|against|about|from)\s+(?:the\s+)?$")
_OWNED_NAME = re.compile(r"^(?:’s|'s)\s+[A-Z]")
_GAP_BREAK = re.compile(r"[.;:“”\"]")
_CAP_WORD = re.compile(r"[A-Z][\w-]+")
_OWNER_S = re.compile(r"^(?:’s|'s)\s")
_LED_OR_OTHER = re.compile(r"(?:-led|\s+and\s+other)\s+(?:\w+\s+)?")


def _is_supporter(ctx: SentenceContext, m: Mention) -> bool:
    s, e = ctx.local(m)
    return bool(_SUPPORTER_AFTER.match(ctx.text[e:e + 12])) or bool(
        _SUPPORTER_BEFORE.search(ctx.text[max(0, s - 25):s]))


# "the attacks targeted …", "these strikes also hit …": strikes reported before are the subject
_STRIKE_SUBJECT = re.compile(
    r"\b(?:[Tt]he|[Tt]hese|[Tt]hose|[Ii]ts|[Tt]heir|[Ss]uch)\s+(?:[\w-]+\s+)?(?:air ?strikes?|strikes?|attacks?|raids?|bombings?|bombardments?)"
    r"\s+(?:\w+ly\s+|also\s+)?$")
# "X launched Operation Y (…), a series of airstrikes against": the operation is an aside
_LAUNCH_APPOSITIVE = re.compile(
    r"^\s+(?:[A-Z][\w-]*\s+){0,2}(?:has\s+|had\s+)?(?:launched|began|started|initiated|conducted|carried\s+out)\s+"
    r"[^;:.]{0,120}?,\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:series|wave|campaign|round)\s+of\s+(?:[\w-]+\s+){0,2}$")


def _in_support_list(ctx: SentenceContext, m: Mention) -> bool:
    """Whether the mention is listed after "with support from" ("A and B, with support from C
    and D, launched strikes": C and D back the strikes, they do not carry them out)."""
    if "support" not in ctx.lower and "help" not in ctx.lower and "backing" not in ctx.lower:
        return False
    s = ctx.local(m)[0]
    cue = None
    for cue in _WITH_SUPPORT.finditer(ctx.text, 0, s):
        pass
    return cue is not None and bool(_SUPPORT_LIST_GAP.fullmatch(ctx.text, cue.end(), s))


_NAME_WORDS = r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*"
_SUPPORT_ASIDE = re.compile(rf"^,\s+with\s+(?:the\s+)?(?:support|help|backing|assistance)\s+(?:of|from)\s+"
                            rf"(?:{_NAME_WORDS}(?:,\s*(?:and\s+)?|\s+and\s+))*{_NAME_WORDS},")
_SUPPORT_LIST_GAP = re.compile(r"(?:(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s*(?:,\s*(?:and\s+)?|\s+and\s+))*(?:the\s+)?")


# "rocket attacks on Israel by Hamas": the object, then the agent
_OBJECT_THEN_BY = re.compile(r"^\s+(?:on|against)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s+by\s+(?:the\s+)?")


_BY_AFTER = re.compile(r"^\s+(?:\w+\s+)?by\s+(?:the\s+|an?\s+)?")  # "struck by the X", "airstrikes by a U.S.-led coalition"
def _attacker(ctx: SentenceContext, trigger: re.Match[str], region_start: int) -> tuple[Entity | None, float]:
    """The actor that carried out the strike, read from the words before the trigger."""
    window = ctx.text[region_start:trigger.start()]
    clause_cut = max((m.end() for m in _CLAUSE_BREAK.finditer(window)), default=0)
    start = region_start + clause_cut
    candidates = [
        m for m in ctx.mentions_within(start, trigger.start(), ATTACKER_TYPES)
        if not _is_supporter(ctx, m) and not m.entity.generic and not _in_support_list(ctx, m)
    ]
    if ctx.state.commands:  # "U.S. Africa Command conducted an airstrike": the command's state struck
        commands = [m for m in ctx.mentions_within(start, trigger.start(), {"Organization"}) if m.entity in ctx.state.commands]
        if commands:
            candidates = sorted(candidates + commands, key=ctx.local)
            chosen = candidates[-1]
            if chosen.entity in ctx.state.commands and len(ctx.between(ctx.local(chosen)[1], trigger.start())) <= 70:
                return ctx.state.commands[chosen.entity], 0.85
    anaphoric = trigger.group("verb") and _STRIKE_SUBJECT.search(ctx.text, max(start, trigger.start() - 50), trigger.start())
    if anaphoric and ctx.state.last_attacker is not None:
        inside = [m for m in candidates if ctx.local(m)[0] >= anaphoric.start()]
        return (inside[-1].entity, 0.85) if inside else (ctx.state.last_attacker, 0.6)
    if trigger.group("noun"):  # "the campaign of airstrikes by a U.S.-led coalition": the agent named after the noun
        agent = _agent_after(ctx, trigger)
        if agent is not None:
            return agent, 0.85
    subjects = ctx.mentions_within(start, trigger.start(), ATTACKER_TYPES)
    if subjects and subjects[-1].entity.generic and (not candidates or candidates[-1] is not subjects[-1]):
        return None, 0.0  # "rebels targeted regime vehicles": a ground attack by an unnamed side
    if candidates:
        chosen = candidates[-1]
        gap = ctx.between(ctx.local(chosen)[1], trigger.start())
        core = _SUPPORT_ASIDE.sub("", gap, count=1)  # "A, with support from B and C, launched strikes"
        if len(core) <= 70 or _LAUNCH_APPOSITIVE.match(gap):
            return chosen.entity, 0.85
    agent = _agent_after(ctx, trigger)
    if agent is not None:
        return agent, 0.85
    if ctx.state.last_attacker is not None:
        return ctx.state.last_attacker, 0.55
    return None, 0.0


# "said Thursday it destroyed", "says its warplanes struck"
_SELF_SUBJECT = re.compile(r"\s*(?:\w+\s+){0,2}?(?:that\s+)?(?:it|they|we|(?:its|their|our)\s+(?:own\s+)?[\w-]+"
                           # "Sri Lanka's military says air force jets have bombed": its own, unnamed aircraft
                           r"|(?:the\s+)?(?:air\s+force|navy|army|military)\s+(?:jets|warplanes|aircraft|planes|helicopters|gunships|drones|bombers))"
                           r"\s+(?:\w+\s+){0,2}$", re.I)


def _self_reported(ctx: SentenceContext, trigger: re.Match[str], attribution: Attribution | None,
                   region_start: int) -> Entity | None:
    """"The Turkish army said it conducted strikes": the speaker struck, when nobody else is named."""
    if attribution is None or attribution.speaker is None:
        return None
    speaker = ctx.state.commands.get(attribution.speaker, attribution.speaker)  # "CENTCOM said its forces"
    if speaker.type not in ATTACKER_TYPES:
        return None
    if attribution.verb_end != region_start or not _SELF_SUBJECT.match(ctx.text, region_start, trigger.start()):
        return None
    if _NEGATION.search(ctx.text, attribution.verb_start, attribution.verb_end):
        return None  # "Moscow denied that its jets had bombed …": no strike it admits
    return speaker


# "an air raid on the capital of X Friday night carried out by Y": the agent after the strike's object
_CARRIED_OUT_BY = re.compile(r"^[^,;:.()“”\"]{0,90}?\s(?:carried\s+out|conducted|launched|staged|mounted|flown)\s+by\s+(?:the\s+|an?\s+)?")


# "attacks against U.S. personnel in Iraq and Syria by X": the agent after a lower-case object phrase
# (not "held by", "used by", "backed by": those name the object's holder)
_OBJECT_PHRASE_THEN_BY = re.compile(
    r"^\s+(?:on|against)\s+[^,;:()“”\"]{0,70}?(?<!\bheld)(?<!\brun)(?<!\bled)(?<!ed)\s+by\s+(?:the\s+|an?\s+)?")


def _agent_after(ctx: SentenceContext, trigger: re.Match[str]) -> Entity | None:
    """The attacker named after the trigger: "strikes by the X", "attacks on Israel by Hamas"."""
    after = ctx.text[trigger.end():trigger.end() + 60]
    by = _BY_AFTER.match(after) or _OBJECT_THEN_BY.match(after)
    if by is None and trigger.group("noun"):
        by = (_CARRIED_OUT_BY.match(ctx.text[trigger.end():trigger.end() + 120])
              or _OBJECT_PHRASE_THEN_BY.match(ctx.text[trigger.end():trigger.end() + 90]))
    if by:
        agents = [m for m in ctx.mentions_within(trigger.end() + by.end() - 4, trigger.end() + by.end() + 30, ATTACKER_TYPES)
                  if ctx.local(m)[0] >= trigger.end() + by.end() - 4]
        if agents:
            return agents[0].entity
    return None


def _negated(ctx: SentenceContext, trigger: re.Match[str], region_start: int) -> bool:
    before = ctx.text[max(region_start, trigger.start() - 30):trigger.start()]
    return bool(_NEGATION.search(before))


def _target_runs(ctx: SentenceContext, targets: list[Mention]) -> list[list[Mention]]:
    """Group targets named in one coordinated list ("A, B, and C") together."""
    runs: list[list[Mention]] = []
    for m in targets:
        if runs:
            gap = ctx.between(ctx.local(runs[-1][-1])[1], ctx.local(m)[0])
            if re.fullmatch(r"\s*(?:,|and|, and|&|or|, or)\s*(?:the\s+)?", gap):
                runs[-1].append(m)
                continue
        runs.append([m])
    return runs


def _places_for(ctx: SentenceContext, run: list[Mention], next_start: int, places: list[Mention]) -> list[Entity]:
    end_of_run = ctx.local(run[-1])[1]
    near = [p.entity for p in places if end_of_run <= ctx.local(p)[0] < next_start]
    return _unique(near) or _unique([p.entity for p in places])


def _casualties(text: str) -> int | None:
    match = _CASUALTIES.search(text)
    if not match:
        return None
    return int(match.group("n1") or match.group("n2"))


@rule("strike.trigger")
def strikes(ctx: SentenceContext) -> list[Fact]:
    """Air or missile strikes: attacker, targets, places, date, weapon, who claims it."""
    if not ctx.fast(_STRIKE_TRIGGER_LOW).search(ctx.lower):
        return []
    attribution = find_attribution(ctx)
    region_start, region_end = _report_region(ctx, attribution)
    facts: list[Fact] = []
    pos, seen_strike = region_start, False
    while True:
        trigger = next((t for t in ctx.finditer_i(_STRIKE_TRIGGER_SCAN, pos, region_end)
                        if _is_strike_trigger(ctx, t, seen_strike)), None)
        if trigger is None:
            return facts
        clause_end = _clause_end(ctx, trigger.end(), region_end)
        answer = _RESPONSE_TO.search(ctx.text, trigger.end(), clause_end) if "respon" in ctx.lower or "retaliat" in ctx.lower else None
        end = answer.start() if answer else region_end  # "X struck Y in response to attacks on Z by W": two strikes
        pos = answer.end() if answer else max(trigger.end(), clause_end + 1)
        if _negated(ctx, trigger, region_start):
            # "Russia is not bombing ISIS": a disputed claim, not a strike (claims imports this module)
            from .claims import denied_strike

            facts += denied_strike(ctx, trigger, region_start, attribution.speaker if attribution else None)
            continue
        seen_strike = True
        traded = _traded_strikes(ctx, trigger, region_start, end)
        facts += traded if traded is not None else _strike_facts(ctx, trigger, attribution, region_start, end)


_RESPONSE_TO = re.compile(r"\b(?:in\s+|as\s+an?\s+|an?\s+)?(?:response|retaliation|reprisal|answer)\s+(?:to|for)\b", re.I)


# "Israeli air defenses intercepted a rocket fired from Gaza", "it shot down a missile fired from X
# toward a U.S. destroyer": the side that intercepted (and the one aimed at) was the target
_INTERCEPTED = re.compile(
    rf"\b(?:intercepted|intercepts|shot\s+down|shoots\s+down|downed)\s+(?:an?\s+|the\s+|\d+\s+)?(?:[\w-]+\s+){{0,3}}?"
    rf"{_PROJECTILE}\s+(?:fired|launched)\s+(?:from|by)\s", re.I)
_INTERCEPTOR_SELF = re.compile(r"\s(?:it|they|we)\s+(?:\w+ly\s+|had\s+|has\s+|have\s+)*$", re.I)


@rule("strike.intercepted")
def intercepted(ctx: SentenceContext) -> list[Fact]:
    """A projectile fired from elsewhere and intercepted: a strike on the interceptor (and on
    the side it was aimed at), by the side named where it was fired from, if any."""
    if "intercept" not in ctx.lower and "down" not in ctx.lower:
        return []
    found = _INTERCEPTED.search(ctx.text)
    if found is None:
        return []
    before = [m for m in ctx.mentions_within(max(0, found.start() - 45), found.start(), ATTACKER_TYPES)
              if not _is_supporter(ctx, m)]
    attribution = find_attribution(ctx)
    if before:
        interceptor = before[-1].entity
    elif attribution is not None and _INTERCEPTOR_SELF.search(ctx.text, 0, found.start()):
        interceptor = attribution.speaker
    else:
        interceptor = None
    clause_end = _clause_end(ctx, found.end(), len(ctx.text))
    firers = [m.entity for m in ctx.mentions_within(found.end(), min(clause_end, found.end() + 60), ATTACKER_TYPES)][:1]
    aimed = [m.entity for m in ctx.mentions_within(found.end(), clause_end, TARGET_TYPES)
             if m.entity not in firers and _AIMED_BEFORE.search(ctx.text, max(0, ctx.local(m)[0] - 30), ctx.local(m)[0])]
    hit = _unique([e for e in [interceptor, *aimed] if e is not None and e not in firers])
    when, precision = ctx.find_date(ctx.text)
    return [Fact("Strike", ctx.article.id, {k: v for k, v in {"attacker": firers, "target": [e]}.items() if v},
                 [ctx.evidence("strike.intercepted", 0.6)], date=when, date_precision=precision, hedged=ctx.hedged)
            for e in hit]


_AIMED_BEFORE = re.compile(r"\b(?:at|towards?|aimed\s+at)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}$", re.I)


TRADED_PLACE_REACH = 60  # "traded strikes along the border Thursday, in the latest of …": places named close by
# "Israel and Hezbollah traded aerial attacks", "India exchanged missile strikes with Pakistan": each side struck the other
_TRADED_BEFORE = re.compile(r"\b(?:traded|trade|trades|trading|exchanged|exchange|exchanges|exchanging)\s+(?:[\w-]+\s+){0,2}$", re.I)
_TRADED_WITH = re.compile(r"\s+with\s+(?:the\s+)?")


def _traded_strikes(ctx: SentenceContext, trigger: re.Match[str], region_start: int, region_end: int) -> list[Fact] | None:
    """Strikes two sides "traded" or "exchanged": one strike each way (None when the trigger is
    no such exchange or two sides are not named)."""
    if not trigger.group("noun") or not _TRADED_BEFORE.search(ctx.text, max(0, trigger.start() - 40), trigger.start()):
        return None
    clause_start = _clause_start(ctx, trigger.start(), region_start)
    clause_end = _clause_end(ctx, trigger.end(), region_end)
    sides = [m for m in ctx.mentions_within(clause_start, trigger.start(), ATTACKER_TYPES)
             if not _is_supporter(ctx, m) and not _HYPHEN_HELD.match(ctx.text[ctx.local(m)[1]:ctx.local(m)[1] + 14])]
    partner = _TRADED_WITH.match(ctx.text, trigger.end())
    if partner:
        sides += [m for m in ctx.mentions_within(trigger.end() + partner.end() - partner.start(), clause_end, ATTACKER_TYPES)
                  if ctx.local(m)[0] == partner.end()]
    parties = _unique([m.entity for m in sides])
    if len(parties) != 2:
        return None
    places = _unique([p.entity for p in _places(ctx, trigger, parties[0], clause_start, clause_end)
                      if ctx.local(p)[0] < trigger.end() + TRADED_PLACE_REACH])
    when, precision = ctx.find_date(ctx.text[region_start:])
    if when is None:
        when, precision = _lead_date(ctx)
    facts = []
    for a, b in (parties, parties[::-1]):
        roles = {"attacker": [a], "target": [b], "place": places}
        facts.append(Fact("Strike", ctx.article.id, {k: v for k, v in roles.items() if v},
                          [ctx.evidence("strike.trigger", 0.6)], date=when, date_precision=precision, hedged=ctx.hedged))
    ctx.state.last_attacker = parties[0]
    return facts


# "In support of efforts to degrade al-Shabaab, U.S. forces conducted an airstrike near X": the
# enemy the strike's stated purpose names, when the strike itself names no target
_PURPOSE_BEFORE = re.compile(
    r"\b(?:to|aimed\s+at|against)\s+(?:further\s+)?(?:weaken(?:ing)?|degrad(?:e|ing)|defeat(?:ing)?|disrupt(?:ing)?|dismantl(?:e|ing)|"
    r"counter(?:ing)?|destroy(?:ing)?|eliminat(?:e|ing)|pressure|pressuring)\s+(?:the\s+)?$", re.I)


def _purpose_targets(ctx: SentenceContext, start: int, end: int, attacker: Entity | None) -> list[Mention]:
    """The enemy named in an opening purpose phrase before the strike ("efforts to weaken X,")."""
    return [m for m in ctx.mentions_within(start, end, GROUP_TYPES)
            if m.entity != attacker and not m.entity.generic
            and _PURPOSE_BEFORE.search(ctx.text, max(0, ctx.local(m)[0] - 40), ctx.local(m)[0])][:1]


_UNNAMED_FIRER_BEFORE = re.compile(
    r"\b(?:militants|gunmen|fighters|insurgents|attackers|assailants)\s+(?:\w+ly\s+|also\s+|had\s+|have\s+|has\s+)*$")


def _strike_facts(ctx: SentenceContext, trigger: re.Match[str], attribution: Attribution | None,
                  region_start: int, region_end: int) -> list[Fact]:
    """The strike(s) one trigger reports: one fact per target (or one with no target)."""
    # "was striking" is progressive, not passive
    passive = (bool(_PASSIVE.search(ctx.text[max(0, trigger.start() - 25):trigger.start()]))
               and not trigger.group(0).lower().endswith("ing"))
    attacker, confidence = _attacker(ctx, trigger, region_start) if not passive else (None, 0.0)
    if passive:
        attacker, confidence = _passive_attacker(ctx, trigger)
    if trigger.group("fire"):
        unnamed = _UNNAMED_FIRER_BEFORE.search(ctx.text, max(0, trigger.start() - 40), trigger.start())
        if unnamed and any(unnamed.start() < e <= trigger.start() and kind in ATTACKER_TYPES for _, e, kind, _ in ctx._located):
            unnamed = None  # "Palestinian militants fired": a named collective
        if trigger.group(0).lower().endswith(" fire") or unnamed:
            attacker = None  # "a barrage of rocket fire into X", "militants fired rockets": not the sentence's subject
        attacker = _fire_attacker(ctx, trigger, attacker)
    landed = _projectile_hit(ctx, trigger)
    if landed is not None:  # "thirteen rockets had also hit southern Israel": fired by the side named with them, or the side last hit
        named = [m.entity for m in ctx.mentions_within(max(0, trigger.start() - 50), trigger.start(), ATTACKER_TYPES)]
        last = ctx.state.last_target
        attacker = named[-1] if named else (last if last is not None and last != landed.entity else None)
    victims = _victims_before(ctx, trigger, region_start)
    if victims and attacker in {m.entity for m in victims}:
        attacker = _killer_before(ctx, region_start, ctx.local(victims[0])[0], victims)
        if attacker is None and attribution is not None and _SELF_KILLER.match(ctx.text, region_start):
            attacker = attribution.speaker  # "the U.S. military says it killed three X in a strike"
    if attacker is None and not passive:
        attacker, confidence = _self_reported(ctx, trigger, attribution, region_start), 0.8
    if attacker is None and not (trigger.group("noun") and trigger.group(0).lower() != "attacks") and not (
            trigger.group("fire") and _fire_targets(ctx, trigger, None)) and landed is None:  # "militants fired rockets into Israel"
        return []
    released = _released(ctx, attacker) if attacker is not None else []
    if attacker is not None and not trigger.group("fire"):  # rockets fired back are an aside
        ctx.state.last_attacker = attacker
    joint = _joint_attackers(ctx, attacker, region_start, trigger.start()) if not passive else []
    clause_start = _clause_start(ctx, trigger.start(), region_start)
    clause_end = _clause_end(ctx, trigger.end(), region_end)
    if landed is not None:
        targets = [landed] if landed.entity != attacker else []
    elif trigger.group("fire"):  # "fired missiles at a van, killing two members of X": X was hit
        targets = _fire_targets(ctx, trigger, attacker) or _casualty_targets(ctx, trigger.end(), attacker)
    else:
        targets = (_targets(ctx, trigger, attacker, passive, clause_start, clause_end)
                   or _purpose_targets(ctx, region_start, trigger.start(), attacker)
                   or [m for m in victims if m.entity != attacker])
    if targets:
        ctx.state.last_target = targets[-1].entity
    if not ctx.leaders_read:  # once per sentence: the groups of the leaders it reports killed
        ctx.leaders_read = True
        targets += [m for m in _leader_targets(ctx, attacker, region_start, region_end)
                    if all(m.entity != t.entity for t in targets)]
    places = _places(ctx, trigger, attacker, clause_start, clause_end) or _speaker_places(ctx, trigger)
    if trigger.group("fire"):  # "rockets landed in southern Israel": Israel is hit, not the place
        places = [p for p in places if all(p.entity != t.entity for t in targets)]
    if not places and not any(m.entity.type == "Place" for m in ctx.mentions):
        scene = scene_place(ctx)  # "In northern Latakia, … . The next day, Russian air strikes killed …"
        if scene is not None:
            places = [Mention(Span(ctx.article.id, ctx.sentence.start, ctx.sentence.start, ""), scene, "context.scene", 0.5)]
    weapons = [m.entity for m in ctx.mentions_within(region_start, len(ctx.text), {"Weapon"})
               if not re.match(r"^\s*(?:missile\s+|anti-tank\s+missile\s+)?recipients?\b", ctx.text[ctx.local(m)[1]:ctx.local(m)[1] + 30])]
    when, precision = ctx.find_date(ctx.text[region_start:])
    if when is None:
        when, precision = _lead_date(ctx)
    claimed = [attribution.speaker] if attribution and attribution.speaker else []
    hedged = ctx.hedged
    casualties = _casualties(ctx.text)
    base = dict(weapon=_unique(weapons), claimed_by=claimed)
    facts = []
    runs = _target_runs(ctx, targets) or [[]]
    for i, run in enumerate(runs):
        next_start = ctx.local(runs[i + 1][0])[0] if i + 1 < len(runs) else len(ctx.text)
        run_places = _places_for(ctx, run, next_start, places) if run else _unique([p.entity for p in places])
        for target in run or [None]:
            roles = {"attacker": [attacker] if attacker else [], "target": [target.entity] if target else [],
                     "place": run_places, **base}
            fact = Fact("Strike", ctx.article.id, {k: v for k, v in roles.items() if v},
                        [ctx.evidence("strike.trigger", confidence)], date=when, date_precision=precision,
                        casualties=casualties, hedged=hedged)
            facts.append(fact)
            if attacker and target is not None and not hedged and target.entity.is_actor and target.entity != attacker:
                facts.append(Fact("Opposition", ctx.article.id, {"party": [attacker, target.entity]},
                                  [ctx.evidence("opposition.strike", 0.5)]))
    if attacker is None and (trigger.group("fire") or landed is not None) and targets:
        return facts  # "militants fired rockets into Israel": who fired stays unnamed, not the next attacker named
    if attacker is None:
        ctx.state.pending.append((ctx.sentence.index, facts))
        return []
    if len(joint) >= 2 and not hedged:
        facts.append(_alliance_fact(ctx, joint, "alliance.joint-strike", 0.6))
    return released + facts


# "officials in Kunar province said", "the governor of Kherson said", "Kharkiv's regional administration
# said": local officials report what struck their own area
_LOCAL_OFFICIAL_BEFORE = re.compile(
    r"\b(?:officials?|authorities|governor|mayor|administration|administrator|police|council|head)\s+(?:in|of|for)\s+(?:the\s+)?$", re.I)
_LOCAL_OFFICIAL_AFTER = re.compile(
    r"(?:(?:’s|'s)\s+|\s+)(?:(?:regional|military|city|provincial|local|district|civil)\s+){0,2}"
    r"(?:governor|mayor|administration|officials|authorities|police|council)\b")


_SAID = re.compile(r"\b(?:said|say|says|reported|report|reports)\b")


def _speaker_places(ctx: SentenceContext, trigger: re.Match[str]) -> list[Mention]:
    """The area of the local officials who report the strike, when its own clause names no place."""
    before = ctx.mentions_within(0, trigger.start(), {"Place"})
    said = [m.start() for m in _SAID.finditer(ctx.text, 0, trigger.start())] if before else []
    if not said:
        return []
    found = []
    for m in before:
        s, e = ctx.local(m)
        if e > said[-1]:
            break
        if _LOCAL_OFFICIAL_BEFORE.search(ctx.text, max(0, s - 30), s) or _LOCAL_OFFICIAL_AFTER.match(ctx.text, e):
            found.append(m)
    return found[:1]


LEAD_SENTENCES = 3  # the headline and the first sentences of a report: its lead
# "has carried out an airstrike", "have died in an airstrike", "activists say jets struck": news of the day
_NEWS_OF_THE_DAY = re.compile(r"\b(?:has|have)\s+(?:\w+ly\s+)?(?:been\s+)?[a-z]+(?:ed|en|t)\b|\b(?:say|says)\b")
# "have been bombing … since", "for years", "a campaign of": background, not the day's event
_BACKGROUND = re.compile(r"\b(?:since|for\s+(?:years|months|weeks)|over\s+the\s+past|campaign|repeatedly|frequent(?:ly)?|often|routinely)\b")


def _lead_date(ctx: SentenceContext) -> tuple[date | None, str]:
    """A strike the lead of a report gives as the day's news ("The United States has carried out
    an airstrike …", "Officials say at least 20 people died in an airstrike …") happened on the
    day of publication when the sentence names no other day."""
    published = ctx.article.date
    if (published is None or ctx.sentence.index > LEAD_SENTENCES or "\n" in ctx.text.strip()
            or not ctx.text.rstrip().endswith((".", "”", '"')) or not _NEWS_OF_THE_DAY.search(ctx.text)
            or _BACKGROUND.search(ctx.lower)):
        return None, ""
    return published, "day"


PENDING_REACH = 3  # how many sentences a strike reported without its attacker waits for one


def _released(ctx: SentenceContext, attacker: Entity) -> list[Fact]:
    """Strikes reported before anyone was named as their attacker ("26 people died in an
    airstrike in Saada province. … Houthis blamed the Saudi-led coalition for the airstrike"):
    the first attacker named within a few sentences carried them out."""
    waiting, ctx.state.pending = ctx.state.pending, []
    released = []
    for index, facts in waiting:
        if ctx.sentence.index - index > PENDING_REACH:
            continue
        for fact in facts:
            if attacker not in fact.role("target"):
                fact.roles = {"attacker": [attacker], **fact.roles}
                released.append(fact)
    return released


_NOT_JOINT = re.compile(r"\b(?:without (?:any )?coordinat|concurrently|separately|independently|in parallel|rival|each other|one another)")


def _joint_attackers(ctx: SentenceContext, attacker: Entity, start: int, end: int) -> list[Entity]:
    """"The United States and the United Kingdom (, with support from …,) launched strikes": the
    attackers listed together before the trigger, who act as allies."""
    if " and " not in ctx.text[start:end] or _NOT_JOINT.search(ctx.lower):
        return []
    before = [m for m in ctx.mentions_within(start, end, ATTACKER_TYPES) if not m.entity.generic]
    if len(before) < 2:
        return []
    run = _target_runs(ctx, [m for m in before if not _in_support_list(ctx, m)])[-1]
    if len(run) < 2 or run[-1].entity != attacker or " and " not in ctx.between(ctx.local(run[0])[0], ctx.local(run[-1])[0]) + " ":
        return []
    return _unique([m.entity for m in run])


_CLAUSE_END = re.compile(
    r";|:|\s[–—-]\s|\?|,\s*(?:where|while|but|though|although|which|who|after|before|when|since|as(?!\s+well))\b"
    r"|\b(?:where|while|whereas|when|but|though|although|after|before|because|came|comes|come|amid|amidst)\b|\bwhich\s+(?:has|have|had|is|was|were|are)\b|\band\s+(?=[A-Z]\w+\s+(?:is|are|was|were|has|have)\b)"
    r"|\band\s+(?=[A-Z][\w-]*\s+(?:[a-z]+\s+)?(?:fired|launched|retaliated|responded)\b)|,\s*and\s+(?=[a-z]+ed\s)")
_TARGET_LINK = re.compile(
    r"\b(?:on|against|targeting|targeted|targets?|hitting|hit|struck|striking|bomb(?:ing|ed)?|pound(?:ing|ed)?|"
    r"attack(?:ing|ed)?|destroy(?:ing|ed)?|damag(?:ing|ed)|at|of|belonging\s+to|held\s+by|controlled\s+by|run\s+by|including|such\s+as|among\s+them)\b", re.I)
# "by" names the attacker, except after a verb of use: "tunnels used by X", "a base operated by X"
_NOT_TARGET_BEFORE = re.compile(
    r"\b(?:not|than|(?<!belonging )to|into|towards?|from|with|alongside|for|(?<!used )(?<!operated )(?<!occupied )(?<!manned )by)\s+(?:the\s+)?$", re.I)
# "in Iraq and Syria", "in northern Afghanistan": a country as the place, not the target
_IN_STATE_BEFORE = re.compile(
    r"\b(?:in|inside|within|across|throughout)\s+(?:the\s+)?(?:(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?:ern|-?western|-?eastern)?\s+(?:and\s+)?|[Cc]entral\s+(?:and\s+)?){0,2}$")
# "targets inside Israel", "energy facilities deep inside Russia": a cross-border strike hits the country
_INSIDE_TERRITORY = re.compile(
    r"\b(?:targets?|facilities|installations|infrastructure|sites|areas|cities|towns|regions|territory|positions)\s+"
    r"(?:deep\s+|far\s+)?inside\s+(?:of\s+)?(?:the\s+)?$")
_OWNER_PLACE = re.compile(r"(?:’s|'s)\s+(?:[A-Z][\w-]*\s+)*[A-Z]")
_SUBJECT_AFTER = re.compile(r"^\s+(?:(?:also|still|now|have|has|had|were|are|is|was|continue|continues)\s+)*"
                            r"(?:said|says|say|lose|losing|lost|fight|fights|fighting|fought|continue|continues|advance|advanced|launched)\b")
_ATTACKER_POSSESSIVE = re.compile(
    rf"^(?:’s|'s|’|')\s+(?:\w+\s+){{0,2}}(?:{_STRIKE_NOUN}|air ?force|jets?|warplanes?|bombers?|aircraft|aviation|bombing|campaign)\b", re.I)
_ALLY_POSSESSIVE = re.compile(r"^(?:’s|'s)\s+(?:\w+\s+){0,2}(?:all(?:y|ies)|partners?|patrons?|backers?)\b", re.I)
_BORDER_AFTER = re.compile(r"[–—-][A-Z][\w-]*\s+(?:border|frontier)\b")
_REGION_AFTER_PLACE = re.compile(r"^,\s+in\s+(?:the\s+)?$")
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|on|near|around|across|at|over|outside|of|from|targeting|hit|hitting|struck|pounded|bombed)\s+(?:the\s+)?"
    r"(?:(?:[A-Z][a-z]+(?:an|i|ese|ish)|[a-z]+-(?:held|controlled|besieged|ruled|occupied)|annexed|occupied|besieged|embattled|nearby)\s+)?"  # "the Iraqi cities of", "the rebel-held district of", "the annexed"
    r"(?:(?:city|cities|town|towns|village|villages|province|provinces|area|areas|region|outskirts|countryside|"
    r"north(?:ern|west(?:ern)?|east(?:ern)?)?|south(?:ern|west(?:ern)?|east(?:ern)?)?|east(?:ern)?|west(?:ern)?|central|rural)\s+(?:of\s+)?(?:the\s+)?){0,2}$",
    re.I)


def _report_region(ctx: SentenceContext, attribution: Attribution | None) -> tuple[int, int]:
    """The part of the sentence that reports the event: after "X said (that)", or before a
    trailing ", X said"."""
    if not attribution or attribution.speaker is None:
        return 0, len(ctx.text)
    if (_PASSIVE_SPEECH.search(ctx.text, max(0, attribution.verb_start - 12), attribution.verb_start)
            and ctx.search_i(_STRIKE_TRIGGER_SCAN, 0, attribution.verb_start)):
        return 0, len(ctx.text)  # "The U.S. airstrikes were condemned by Iran": the strikes are the subject
    if ctx.search_i(_STRIKE_TRIGGER_SCAN, attribution.verb_end):
        return attribution.verb_end, len(ctx.text)
    head = ctx.text[:attribution.verb_start]
    comma = head.rfind(",")
    return 0, comma if comma > 0 else attribution.verb_start


def _clause_start(ctx: SentenceContext, pos: int, region_start: int) -> int:
    breaks = [m.end() for m in ctx.fast(_CLAUSE_END).finditer(ctx.text, region_start, pos) if not _dash_in_name(ctx, m)]
    return max(breaks, default=region_start)


@per_sentence  # the strike loop and _strike_facts ask the same twice
def _clause_end(ctx: SentenceContext, pos: int, region_end: int) -> int:
    for found in ctx.fast(_CLAUSE_END).finditer(ctx.text, pos, region_end):
        if not _dash_in_name(ctx, found):
            return found.start()
    return region_end


def _dash_in_name(ctx: SentenceContext, found: re.Match[str]) -> bool:
    """Whether a clause break is a dash inside a mention ("Islamic State – Khorasan Province":
    part of the name, not a clause break)."""
    if found.group(0).strip() not in ("–", "—", "-"):
        return False
    pos = found.start() + ctx.sentence.start
    return any(m.span.start < pos < m.span.end for m in ctx.mentions)


_LISTED_AGENT_BEFORE = re.compile(
    rf"(?<!used )(?<!operated )\bby\s+{_NAME_WORDS}(?:\s*\([A-Z]{{2,6}}\))?(?:(?:,\s*(?:and\s+)?|\s+and\s+){_NAME_WORDS}(?:\s*\([A-Z]{{2,6}}\))?)*"
    r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?$")
_USED_BY_BEFORE = re.compile(r"\b(?:used|operated|occupied|manned|run)\s+(?:as\s+(?:an?\s+)?(?:[\w-]+\s+){0,3})?by\s+(?:the\s+)?$")


_HYPHEN_HELD = re.compile(r"^-(?:held|controlled|run|ruled|occupied|dominated|led|backed|affiliated|aligned|sponsored)\b")  # "ISIS-held"
_ACTOR_NOUN_AFTER = re.compile(r"^\s+(?:efforts?|influence|interests?|officials?|diplomats?|media|sources?|counterparts?|leaders?|public)\b")  # "Iran's influence"
# "in coordination with the Federal Government of Somalia", "at the request of the Iraqi government":
# the partner the strike was carried out with or for, not its target
_PARTNER_BEFORE = re.compile(
    r"\b(?:in\s+(?:close\s+)?(?:coordination|cooperation|partnership|conjunction|concert)\s+with|at\s+the\s+request\s+of|"
    r"on\s+behalf\s+of|in\s+support\s+of)\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){0,4}(?:of\s+(?:the\s+)?)?$")


def _not_a_target(ctx: SentenceContext, m: Mention, attacker: Entity) -> bool:
    s, e = ctx.local(m)
    if ctx.text[max(0, s - 2):s] == " (":  # "Palestinian Islamic Jihad (PIJ)": judged as the full name
        full = [n for n in ctx.mentions if ctx.local(n)[1] == s - 2 and n.entity == m.entity]
        if full:
            return _not_a_target(ctx, full[0], attacker)
    return (m.entity == attacker or _is_supporter(ctx, m)
            or (ctx.text[s - 1:s] in ("-", "–") and attacker is not None and s > 0  # "by IRGC-Quds Force affiliates": one agent
                and any(n.entity == attacker and ctx.local(n)[1] == s - 1 for n in ctx.mentions))
            or bool(_PARTNER_BEFORE.search(ctx.text, max(0, s - 80), s))
            or (bool(_NOT_TARGET_BEFORE.search(ctx.text[max(0, s - 24):s]))
                and not _USED_BY_BEFORE.search(ctx.text, max(0, s - 50), s))  # "a building used as a prison by X"
            or (" by " in ctx.text[max(0, s - 80):s]
                and bool(_LISTED_AGENT_BEFORE.search(ctx.text, max(0, s - 80), s)))  # "attacks on Israel by Hamas and PIJ"
            or (m.entity.type == "State" and bool(_IN_STATE_BEFORE.search(ctx.text, max(0, s - 30), s))
                and not _INSIDE_TERRITORY.search(ctx.text, max(0, s - 60), s))
            or (m.entity.type == "State" and _state_as_setting(ctx, s, e))
            or bool(_ATTACKER_POSSESSIVE.match(ctx.text[e:e + 40]))
            or bool(_ALLY_POSSESSIVE.match(ctx.text[e:e + 40]))  # "Assad, Russia's closest ally": not Russia
            or (bool(_HYPHEN_HELD.match(ctx.text[e:e + 14])) and not _named_held_area(ctx, s, e))
            or _bystander(ctx, m, e)
            or bool(_SUBJECT_AFTER.match(ctx.text[e:e + 40]))
            or _owner_of_actor(ctx, e)  # "targeting Iran's Islamic Revolutionary Guard Corps": the corps
            or bool(_IN_WAR_NAME.match(ctx.text[e:e + 40]) or (_WAR_NAME_AFTER.match(ctx.text[e:e + 12])
                                                             and _WAR_NAME_BEFORE.search(ctx.text[max(0, s - 40):s])))
            or bool(_ACTOR_NOUN_AFTER.match(ctx.text[e:e + 20]))
            or _mission_not_struck(ctx, s, e)
            or _owner_of_projectiles(ctx, e)
            or (bool(_INSTRUMENT_BEFORE.search(ctx.text, max(0, s - 30), s)) and bool(_CRAFT_AFTER.match(ctx.text, e)))
            or _joint_partner(ctx, s, e)
            or (m.entity.type == "State" and _in_compound(ctx, s, e))
            or (m.entity.type == "State" and bool(_PERSON_TITLE_AFTER.match(ctx.text, e)))
            or (m.entity.type == "State" and bool(_NEAR_STATE_BEFORE.search(ctx.text, max(0, s - 30), s))))


# "destroyed 19 Ukrainian drones", "downed Iranian-made drones", "shot down Russian missiles": the
# country or group that launched (or built) the projectiles, not the side that was hit
_PROJECTILES_AFTER = re.compile(
    r"(?:[–-](?:made|style|designed|built|supplied|type)\b)?\s+(?:[a-z-]+\s+){0,2}?"
    r"(?:drones?|missiles?|rockets?|UAVs?|projectiles?|shells|warheads?|munitions|Shaheds?|loitering)\b"
    r"(?!\s+(?:launchers?|launch\s+sites?|sites?|depots?|factor(?:y|ies)|plants?|bases?|facilit(?:y|ies)|storage|"
    r"production|workshops?|stockpiles?|units?|crews?|operators?|teams?|positions?|arsenals?|"
    r"boats?|vessels?|ships?|hangars?|warehouses?|caches?|infrastructure|capabilit(?:y|ies)|stations?|centers?|centres?))")


# "airstrikes on X using newly arrived Russian aircraft": the maker or lender of the aircraft, not a target
_INSTRUMENT_BEFORE = re.compile(r"\b(?:using|with|aboard|flying|in)\s+(?:the\s+|an?\s+)?(?:[a-z][\w-]*\s+){0,2}$")
_CRAFT_AFTER = re.compile(r"(?:[–-](?:made|built|supplied|designed))?\s+(?:[a-z][\w-]*\s+)?(?:aircraft|jets?|warplanes?|planes|helicopters?|bombers?|fighters?|weapons|arms)\b")


def _owner_of_projectiles(ctx: SentenceContext, e: int) -> bool:
    """Whether the mention ending at ``e`` owns or made the projectiles named after it."""
    return bool(_PROJECTILES_AFTER.match(ctx.text, e))


# "a joint Afghan-NATO operation", "joint U.S.-Iraqi forces": partners in the operation, not targets
_JOINT_COMPOUND_AFTER = re.compile(
    r"(?:[–-][A-Z][\w.]*)+\s+(?:[a-z]+\s+)?(?:operations?|offensives?|forces?|raids?|patrols?|missions?|campaigns?|"
    r"command|troops|exercises?)\b")
_JOINT_COMPOUND_BEFORE = re.compile(r"\bjoint\s+(?:[A-Z][\w.]*[–-])+$")


def _joint_partner(ctx: SentenceContext, s: int, e: int) -> bool:
    """Whether the mention is one side of a hyphenated joint operation ("a joint Afghan-NATO raid")."""
    return bool(_JOINT_COMPOUND_AFTER.match(ctx.text, e) or _JOINT_COMPOUND_BEFORE.search(ctx.text, max(0, s - 40), s))


# "Iranian-Kurdish bases", "the Syrian-Turkish border", "an Afghan-NATO raid": a country inside a
# hyphenated compound qualifies something else; it is not hit itself
_COMPOUND_AFTER = re.compile(r"[–-][A-Z][a-z]{2,}")
_COMPOUND_BEFORE = re.compile(r"(?<![\w.])[A-Z][a-z]{2,}[–-]$")


def _in_compound(ctx: SentenceContext, s: int, e: int) -> bool:
    """Whether a country mention is one part of a hyphenated compound adjective."""
    return bool(_COMPOUND_AFTER.match(ctx.text, e) or _COMPOUND_BEFORE.search(ctx.text, max(0, s - 20), s))


# "killing Iranian Major General Qasem X": the nationality of a person killed, not the side hit
_PERSON_TITLE_AFTER = re.compile(
    r"\s+(?:(?:Major|Brigadier|Lieutenant|Lt\.|Maj\.|Gen\.|General|Colonel|Col\.|Commander|Admiral|Captain|Capt\.|"
    r"President|Prime\s+Minister|Minister|Ambassador|Sheikh|Ayatollah|Dr\.)\s+)+[A-Z]")


# "a house near Pakistan", "off Yemen", "along the border with Lebanon": a country locating the
# strike, not hit itself
_NEAR_STATE_BEFORE = re.compile(
    r"\b(?:near|outside|along|off|close\s+to|bordering|border\s+with|frontier\s+with)\s+(?:the\s+)?$", re.I)


_MISSION_AFTER = re.compile(r"(?:(?:’s|'s)\s+|\s+)(?:embass(?:y|ies)|consulates?)\b")
_STRUCK_BEFORE = re.compile(r"\b(?:on|against|struck|hit|hitting|destroyed|destroying|bombed|bombing|targeted|targeting)\s+(?:the\s+|an?\s+)?$", re.I)


def _mission_not_struck(ctx: SentenceContext, s: int, e: int) -> bool:
    """"the U.S. embassy" names the state's diplomats, not the state, unless the strike itself
    fell on it ("an airstrike on the Iranian consulate", "destroyed Iran's consulate": the owner
    is the target)."""
    return bool(_MISSION_AFTER.match(ctx.text, e)) and not _STRUCK_BEFORE.search(ctx.text, max(0, s - 16), s)


# "the Ukrainian city of Kramatorsk", "Iranian soil", "five Lebanese civilians": the country
# locates the strike or names whose people died; it is not the side that was hit
_STATE_SETTING_AFTER = re.compile(
    r"\s+(?:[a-z-]+\s+)?(?:soil|territory|territories|airspace|waters|capital|city|cities|town|towns|village|villages|"
    r"province|provinces|region|regions|district|districts|side|civilians|citizens|nationals|residents|children|"
    r"women|families|people|population|journalists?|hospitals?|homes|neighbou?rhoods?)\b")
# "the Nangarhar Province of eastern Afghanistan", "a city of northern Iraq": the country as a setting
_PLACE_OF_BEFORE = re.compile(
    r"\b(?:[Pp]rovinces?|[Gg]overnorates?|[Dd]istricts?|[Rr]egions?|cit(?:y|ies)|towns?|villages?|areas?|parts?|"
    r"suburbs?|outskirts|border|capital)\s+of\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern|-?western|-?eastern)?\s+|central\s+)?$")


# "in northern Syria and Iraq", "in Koya, northern Iraq": a country listed after a setting
# "in the vicinity of Jilib, Lower Juba Region, Somalia", "near Koya, Iraq": the same after a locative
_IN_LIST_BEFORE = re.compile(
    r"\b(?:in|inside|within|across|throughout|near|(?:vicinity|outskirts|area)\s+of)\s+(?:the\s+)?(?:(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?:ern|-?western|-?eastern)?\s+)?"
    r"(?:[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|as|al|el|es|ad|de|del|la|le|bin)){0,3}(?:,\s+(?:and\s+)?|\s+and\s+)){1,2}(?:(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?:ern|-?western|-?eastern)?\s+)?$")


# "during the Russian invasion of Ukraine": the war the strike belongs to, not its target
_WAR_OF_BEFORE = re.compile(r"\b(?:invasion|occupation|war|conflict)\s+(?:of|in|on|against)\s+(?:the\s+)?$")


def _state_as_setting(ctx: SentenceContext, s: int, e: int) -> bool:
    """Whether a country mention only locates the strike or qualifies its victims."""
    return bool(_STATE_SETTING_AFTER.match(ctx.text, e) or _PLACE_OF_BEFORE.search(ctx.text, max(0, s - 40), s)
                or _WAR_OF_BEFORE.search(ctx.text, max(0, s - 30), s)
                or _listed_setting(ctx, s, e))


_FORCES_AFTER = re.compile(r"\s+(?:[a-z]+\s+)?(?:troops|forces|soldiers|positions|military|army|jets|aircraft|militias?|bases?|convoys?)\b")


def _listed_setting(ctx: SentenceContext, s: int, e: int) -> bool:
    """"in northern Syria and Iraq": a country listed after a place of the strike (not "in
    Syria and Iraqi troops", which are hit)."""
    return bool(_IN_LIST_BEFORE.search(ctx.text, max(0, s - 80), s)) and not _FORCES_AFTER.match(ctx.text, e)


# "the Iran-Iraq war", "the Iran–Iraq War": the countries name a war, they are not hit
_IN_WAR_NAME = re.compile(r"^(?:[–-][A-Z][\w-]*)+\s+(?:[Ww]ar|conflict)\b")
_WAR_NAME_AFTER = re.compile(r"^\s+(?:[Ww]ar|conflict)\b")
_WAR_NAME_BEFORE = re.compile(r"[A-Z][\w-]*[–-]$")
_POSSESSIVE = re.compile(r"(?:’s|'s)\s+")


def _owner_of_actor(ctx: SentenceContext, end: int) -> bool:
    """Whether the mention ending at ``end`` owns the actor named right after it ("Iran's IRGC")."""
    owned = _POSSESSIVE.match(ctx.text, end)
    return owned is not None and any(ctx.local(m)[0] == owned.end() and m.entity.is_actor for m in ctx.mentions)


_HELD_BY = re.compile(r"\b(?:controlled|held|run|seized|captured)\s+by\b")  # "areas held by ISIS", "a town seized by rebels"
# the holder is the name right after "held by"; a country only when it does not qualify another noun
# ("held by the Somali Islamist movement": a Somali movement, not Somalia)
_HOLDER_GAP = re.compile(r"\s+(?:the\s+|an?\s+)?(?:[a-z-]+\s+){0,2}")
_HOLDER_END = re.compile(r"\s*(?:[,.;:)(]|$|\s(?:and|or|in|on|near|since|for|until|at|from|with|who|which|that|fighters|forces|militants|rebels|insurgents)\b)")
# "The airstrike also raised scrutiny of …", "the strikes drew condemnation from X": the strike as the
# subject of a reaction, whose objects were not hit
_REACTION_AFTER = re.compile(
    r"\s+(?:\w+ly\s+|also\s+|has\s+|have\s+|had\s+)*(?:raised|raises|raise|drew|draws|draw|drawn|sparked|sparks|spark|prompted|prompts|prompt|"
    r"provoked|provokes|provoke|triggered|triggers|angered|angers|anger|highlighted|highlights|highlight|underscored|underscores|underscore|"
    r"demonstrated|demonstrates|demonstrate|showed|shows|show|renewed|renews|caused\s+outrage|"
    r"led\s+to|leads\s+to|brought|brings|followed|follows|came|comes|marked|marks)\b")
_HELD_SURFACE = re.compile(r"[–-](?:held|controlled)$")
# "barrel bombs in rebel-held areas", "raids across opposition-held districts": the holder is hit
_IN_HELD_BEFORE = re.compile(r"\b(?:in|into|across|over|throughout|on)\s+(?:the\s+|an?\s+)?(?:[a-z]+\s+){0,2}$")


# "in a Houthi-controlled area", "across Taliban held districts": the named holder of the area hit
_HELD_AREA_AFTER = re.compile(
    r"(?:[–-]\s?|\s)(?:held|controlled|ruled|occupied|dominated)\s+(?:[a-z]+\s+)?"
    r"(?:areas?|territor(?:y|ies)|parts?|regions?|zones?|districts?|towns?|cities|villages?|provinces?|"
    r"neighbou?rhoods?|enclaves?|pockets?|strongholds?|land)\b")
# "the Liberia-flagged, Greek-owned tanker", "an Egypt-brokered truce": who flags, owns or mediates is not hit
_BYSTANDER_AFTER = re.compile(r"[–-](?:flagged|registered|chartered|bound|mediated|brokered)\b")
_STATE_OWNER_AFTER = re.compile(r"[–-](?:owned|managed|operated|insured)\b")


def _named_held_area(ctx: SentenceContext, s: int, e: int) -> bool:
    """Whether a mention names the holder of the area a strike falls in ("in a Houthi-held area")."""
    return (bool(_HELD_AREA_AFTER.match(ctx.text, e))
            and bool(_IN_HELD_BEFORE.search(ctx.text, max(0, s - 30), s)))


def _bystander(ctx: SentenceContext, m: Mention, e: int) -> bool:
    """Whether a mention only flags, owns or mediates something named after it."""
    return bool(_BYSTANDER_AFTER.match(ctx.text, e)) or (
        m.entity.type == "State" and bool(_STATE_OWNER_AFTER.match(ctx.text, e)))


_KNOWN_AS = re.compile(r"\s+(?:[a-z]+\s+)?(?:known\s+as|called|dubbed|calling\s+itself)\s+(?:the\s+)?")


def _territorial(m: Mention) -> bool:
    """Whether a mention names territory by its holder ("rebel-held", "opposition-controlled")."""
    return bool(_HELD_SURFACE.search(m.span.text))


def _held_territory(ctx: SentenceContext, m: Mention) -> bool:
    """Whether a strike falls in the territory a mention names ("bombs in rebel-held areas")."""
    s, e = ctx.local(m)
    return ((_territorial(m) and bool(_IN_HELD_BEFORE.search(ctx.text, max(0, s - 30), s)))
            or _named_held_area(ctx, s, e))


def _targets(ctx: SentenceContext, trigger: re.Match[str], attacker: Entity, passive: bool,
             clause_start: int, clause_end: int) -> list[Mention]:
    """The actors hit: the object of the trigger within its clause (the subject when passive),
    linked to the trigger by a verb or preposition such as "on", "against", "belonging to"."""
    if passive:
        zone = ctx.mentions_within(clause_start, trigger.start(), TARGET_TYPES)
        return [m for m in zone if not _not_a_target(ctx, m, attacker)] or _definite_target(ctx, clause_start, trigger.start())
    if trigger.group("noun") and _REACTION_AFTER.match(ctx.text, trigger.end()):
        return []  # "The airstrike drew condemnation from Iran": what follows reacts to the strike
    found = []
    for m in ctx.mentions_within(trigger.end(), clause_end, TARGET_TYPES):
        linked = (trigger.group("verb") or _TARGET_LINK.search(ctx.text, trigger.end(), ctx.local(m)[0])
                  or _held_territory(ctx, m))
        if (linked and not _not_a_target(ctx, m, attacker)) or _struck_land(ctx, trigger, m, attacker):
            found.append(m)
    found = [m for i, m in enumerate(found) if not (i + 1 < len(found) and _KNOWN_AS.fullmatch(
        ctx.text, ctx.local(m)[1], ctx.local(found[i + 1])[0]))]  # "a cell of X militants known as Y": Y
    held = _HELD_BY.search(ctx.text[trigger.end():])
    if held and not found:
        after = trigger.end() + held.end()
        found = [m for m in ctx.mentions_within(after, len(ctx.text), TARGET_TYPES)
                 if m.entity != attacker and _HOLDER_GAP.fullmatch(ctx.text, after, ctx.local(m)[0])
                 and (m.entity.type != "State" or _HOLDER_END.match(ctx.text, ctx.local(m)[1]))][:1]
    return (found or _definite_target(ctx, trigger.end(), clause_end) or _casualty_targets(ctx, trigger.end(), attacker)
            or _country_referent(ctx, trigger, attacker))


# "an air raid on the Sri Lankan capital", "bombed four Chadian towns", "attacks against Saudi
# citizens", "bombed towns in eastern Chad": the country whose capital, towns or people are the
# strike's direct object was hit, when another side struck it (not "the Ukrainian city of X", a setting)
_COUNTED = r"(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple|many|dozens\s+of|other|more)\s+)?"
_DIRECTION = r"(?:(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?:ern|-?western|-?eastern)?\s+|[Cc]entral\s+|border\s+)?"
_LAND_OBJECT_GAP = re.compile(rf"\s+(?:(?:on|against|of|at)\s+)?(?:the\s+|an?\s+)?{_COUNTED}{_DIRECTION}")
_LAND_AFTER = re.compile(r"\s+(?:capital|towns|cities|villages|settlements|regions|provinces|citizens|territory|soil|targets)\b")
_LAND_IN_GAP = re.compile(
    rf"\s+(?:(?:on|against|of|at)\s+)?(?:the\s+|an?\s+)?{_COUNTED}(?:[a-z-]+\s+)?(?:towns|cities|villages|settlements|communities)"
    rf"\s+(?:in|across)\s+(?:the\s+)?{_DIRECTION}")


def _own_state(attacker: Entity | None, state: Entity) -> bool:
    """Whether the attacker is the state itself or one of its own ("Syrian Government" → Syria)."""
    return attacker is None or attacker == state or attacker.name.startswith(state.name)


def _struck_land(ctx: SentenceContext, trigger: re.Match[str], m: Mention, attacker: Entity | None) -> bool:
    """Whether a state is hit through its capital, towns or citizens named as the strike's object."""
    if m.entity.type != "State" or _own_state(attacker, m.entity):
        return False
    s, e = ctx.local(m)
    return ((bool(_LAND_OBJECT_GAP.fullmatch(ctx.text, trigger.end(), s)) and bool(_LAND_AFTER.match(ctx.text, e)))
            or (bool(_LAND_IN_GAP.fullmatch(ctx.text, trigger.end(), s)) and not _POSSESSIVE.match(ctx.text, e)))


_THE_COUNTRY = re.compile(r"\s+(?:the|that)\s+country\b")


def _country_referent(ctx: SentenceContext, trigger: re.Match[str], attacker: Entity) -> list[Mention]:
    """"Kenya said Somali forces attacked the country overnight": the state named before the
    strike (other than the attacker) is "the country" it hit."""
    if not trigger.group("verb") or not _THE_COUNTRY.match(ctx.text, trigger.end()):
        return []
    states = [m for m in ctx.mentions_within(0, trigger.start(), {"State"}) if m.entity != attacker]
    return states[-1:]


# A person named by the group they lead: "the secretary-general of Hezbollah", "commander of the
# elite Redwan Force", "the deputy chairman of Iraq's Popular Mobilization Forces" …
_ROLE_BEFORE_GROUP = re.compile(
    r"\b(?:leader|commander|chief|head|secretary[- ]general|founder|chairman|emir|officers?|commanders|leaders|operatives)"
    r"\s+of\s+(?:the\s+)?(?:elite\s+|armed\s+|military\s+)?(?:[A-Z][\w-]*(?:’s|'s)\s+)?$")
# … or by the group before the role: "Hezbollah commander Fuad Shukr", "senior Hamas leaders"
_ROLE_AFTER_GROUP = re.compile(r"(?:’s|'s)?\s+(?:(?:senior|top|military|field|deputy|regional|local)\s+)?(?:commanders?|leaders?|chief|operatives?)\b")
_KILL_WORDS = re.compile(r"\b(?:kill(?:ed|ing)|assassinat(?:ed|ing|ion)|eliminat(?:ed|ing)|slain)\b")  # on ctx.lower


def _leader_targets(ctx: SentenceContext, attacker: Entity, start: int, end: int) -> list[Mention]:
    """The groups whose leaders or commanders the strike's sentence reports killed: "killing
    Hezbollah commander X", "X, the secretary-general of Hezbollah, was assassinated in an
    airstrike" → Hezbollah."""
    if not _KILL_WORDS.search(ctx.lower):
        return []
    found = []
    for m in ctx.mentions_within(start, end, TARGET_TYPES):
        s, e = ctx.local(m)
        if m.entity == attacker or m.entity.generic or _is_supporter(ctx, m):
            continue
        if _ROLE_BEFORE_GROUP.search(ctx.text, max(0, s - 50), s) or _ROLE_AFTER_GROUP.match(ctx.text, e):
            found.append(m)
    return found


_COUNT = r"(?:\d[\d,]*|dozens|scores|hundreds|several|many|a\s+number|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty)"
_FIGHTERS = r"(?:fighters|militants|militiamen|members|jihadists|insurgents|gunmen|soldiers|troops|commanders|combatants|rebels)"
# "killing 20 militants of X", "killed dozens of X fighters", "with 32 X fighters reported killed"
_KILLING_BEFORE = re.compile(
    rf"\b(?:killing|killed|kills|kill|left)\s+(?:at\s+least\s+|about\s+|some\s+|more\s+than\s+|over\s+|nearly\s+|up\s+to\s+)?"
    rf"{_COUNT}\s+(?:of\s+)?(?:(?:\w+\s+)?{_FIGHTERS}\s+(?:of|from|belonging\s+to)\s+)?(?:the\s+)?"
    r"(?:(?:[\w-]+\s+){0,2}(?:group|movement|militia|organi[sz]ation|faction)(?:,\s+(?:the\s+)?|\s+))?"  # "members of the militant Islamic group X"
    r"(?:[\w'’-]+-(?:backed|affiliated|linked|aligned|allied|supported)\s+)?$", re.I)  # "killing 25 Iran-backed X militiamen"
_COUNT_BEFORE = re.compile(rf"\b{_COUNT}\s+(?:of\s+)?(?:the\s+)?$", re.I)
_KILLED_AFTER = re.compile(
    rf"^\s+(?:\w+\s+)?{_FIGHTERS}\s+(?:(?:were|had\s+been|have\s+been|was|reported(?:ly)?|being|also)\s+)*"
    r"(?:killed|dead|slain)\b(?!\s+(?:\d|at\s+least|dozens|scores|hundreds|several|many|the|a|an|[A-Z]))", re.I)


# "X killed 18 members of Y on Thursday in a bombing raid": the strike named after the killing it caused
_IN_EVENT_BEFORE = re.compile(r"\b(?:in|during)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}$", re.I)


_SELF_KILLER = re.compile(r"\W*(?:that\s+)?(?:it|they|we)\s+(?:\w+ly\s+|had\s+|has\s+|have\s+)*(?:killed|kills)\b", re.I)


_PROJECTILE_SUBJECT = re.compile(rf"\b{_PROJECTILE}\s+(?:(?:had|have|has|also|reportedly|later)\s+){{0,3}}$", re.I)
# the country itself, not its demonym before a noun ("drones struck Iraqi-Kurdish camps", "struck Iraqi posts")
_STATE_ITSELF_AFTER = re.compile(r"\s*[,.;:)]|\s*$|\s+(?:on|in|at|near|from|during|overnight|early|late|again|and|as|with|since|"
                                 r"after|before|for|today|yesterday|[A-Z0-9])")
_HIT_STATE_GAP = re.compile(r"\s+(?:the\s+)?(?:(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?:ern|-?western|-?eastern)?\s+|[Cc]entral\s+)?")


def _projectile_hit(ctx: SentenceContext, trigger: re.Match[str]) -> Mention | None:
    """The state that rockets or missiles, the subject of "hit"/"struck", fell on ("rockets and
    mortar shells had also hit southern Israel" → Israel); None for any other trigger."""
    if not trigger.group("verb") or trigger.group(0).lower() not in {"hit", "hits", "struck", "strikes"}:
        return None
    if not _PROJECTILE_SUBJECT.search(ctx.text, max(0, trigger.start() - 40), trigger.start()):
        return None
    gap = _HIT_STATE_GAP.match(ctx.text, trigger.end())
    if gap is None:
        return None
    return next((m for m in ctx.mentions_within(gap.end(), len(ctx.text), {"State"})
                 if ctx.local(m)[0] == gap.end() and _STATE_ITSELF_AFTER.match(ctx.text, ctx.local(m)[1])), None)


def _victims_before(ctx: SentenceContext, trigger: re.Match[str], region_start: int) -> list[Mention]:
    """The groups whose fighters the sentence reports killed before a strike noun that the
    killing happened "in" ("killed 18 members of Y … in a bombing raid" → Y)."""
    if not trigger.group("noun") or "kill" not in ctx.lower or not _IN_EVENT_BEFORE.search(
            ctx.text, max(0, trigger.start() - 40), trigger.start()):
        return []
    return [m for m in _casualty_targets(ctx, region_start, None) if ctx.local(m)[1] <= trigger.start()]


def _killer_before(ctx: SentenceContext, start: int, end: int, victims: list[Mention]) -> Entity | None:
    """The last named actor before ``end`` that is not one of the victims: who did the killing."""
    hit = {m.entity for m in victims}
    subjects = [m for m in ctx.mentions_within(start, end, ATTACKER_TYPES)
                if m.entity not in hit and not m.entity.generic and not _is_supporter(ctx, m)]
    return subjects[-1].entity if subjects else None


def _casualty_targets(ctx: SentenceContext, start: int, attacker: Entity) -> list[Mention]:
    """The group whose fighters the strike killed, when no target is named otherwise:
    "killing 20 militants of X", "with 32 X fighters reported killed"."""
    found = []
    for m in ctx.mentions_within(start, len(ctx.text), TARGET_TYPES):
        s, e = ctx.local(m)
        if m.entity == attacker or _is_supporter(ctx, m) or (m.entity.type == "State" and _state_as_setting(ctx, s, e)):
            continue
        before = ctx.text[max(0, s - 90):s]
        if _KILLING_BEFORE.search(before) or (_COUNT_BEFORE.search(before) and _KILLED_AFTER.match(ctx.text[e:e + 80])):
            found.append(m)
    return found


_DEFINITE_TARGET = re.compile(r"\b(?:the|its|their)\s+(?:\w+\s+)?(?:group|militia|faction|brigade|battalion|movement)(?:’s|'s)?\b", re.I)


def _definite_target(ctx: SentenceContext, start: int, end: int) -> list[Mention]:
    """"the group", "the militia": the armed group named last in the article, when the
    clause names no target itself."""
    group = ctx.state.last_group
    found = _DEFINITE_TARGET.search(ctx.text, start, end)
    if group is None or found is None:
        return []
    s, e = ctx.sentence.start + found.start(), ctx.sentence.start + found.end()
    return [Mention(Span(ctx.article.id, s, e, ctx.article.text[s:e]), group, "coreference.definite", 0.6)]


def _places(ctx: SentenceContext, trigger: re.Match[str], attacker: Entity, clause_start: int,
            clause_end: int) -> list[Mention]:
    """Places of the strike: named in the trigger's clause after a locative word ("in", "near",
    "the town of") or in a list with such a place; a province named right after a town
    (", in the Hama province") is where the town is, not a second place."""
    kept: list[Mention] = []
    said_by = [ctx.local(m)[1] for m in ctx.mentions_within(clause_start, trigger.start()) if m.entity == attacker]
    opening = _OPENING_PLACE.match(ctx.text[clause_start:])
    by_agent = _BY_AGENT_AFTER.match(ctx.text[trigger.end():trigger.end() + 30])  # "carried out by"
    first = said_by[-1] if said_by else (clause_start + opening.end() if opening else trigger.start())
    if by_agent and not said_by:
        first = clause_start  # "footage from Homs showing strikes carried out by Russian forces"
    owned_at = -1
    chained_after: int | None = None  # the end of the last place kept (or of the place chained to it)
    for m in ctx.mentions_within(clause_start, clause_end, {"Place", "State"}):
        s, _ = ctx.local(m)
        if m.entity.type == "State" and not (m.entity != attacker and (_IN_STATE_BEFORE.search(ctx.text, max(0, s - 30), s)
                                                                     or _listed_setting(ctx, s, ctx.local(m)[1]))):
            continue  # a country is the place only as "in Iraq", "in northern Syria and Iraq"
        if s < first and not (opening and s < clause_start + opening.end()):
            continue
        if _HYPHEN_HELD.match(ctx.text[ctx.local(m)[1]:ctx.local(m)[1] + 14]):
            continue  # "in Palestinian-ruled Gaza": the holder, not the place
        before = ctx.text[max(0, s - 60):s]
        listed = kept and _PLACE_LIST_GAP.fullmatch(ctx.text, ctx.local(kept[-1])[1], s)
        if kept and _REGION_AFTER_PLACE.match(ctx.text[ctx.local(kept[-1])[1]:s]):
            continue
        if chained_after is not None and _WITHIN_PLACE_GAP.fullmatch(ctx.text, chained_after, s) and not (
                ctx.text[chained_after] == "," and _LIST_GOES_ON.match(ctx.text, ctx.local(m)[1])):
            chained_after = ctx.local(m)[1]
            continue  # "the Al-Mawasi area near Khan Yunis in the Gaza Strip": where the first place lies
        if _BORDER_AFTER.match(ctx.text, ctx.local(m)[1]):
            continue  # "near the Syria–Turkey border": a frontier, not Syria
        if _OWNER_PLACE.match(ctx.text, ctx.local(m)[1]):
            if _LOCATIVE_BEFORE.search(before):
                owned_at = ctx.local(m)[1] + 3  # "the countryside of Syria's Idlib province": Idlib is the place
            continue
        if s == owned_at:
            kept.append(m)
            continue
        if listed or _LOCATIVE_BEFORE.search(before) or s == ctx.local(m)[0] and trigger.end() <= s <= trigger.end() + 2:
            kept.append(m)
            chained_after = ctx.local(m)[1]
    return kept


_PLACE_LIST_GAP = re.compile(r"\s*(?:,|and|, and|or)\s*(?:the\s+)?(?:nearby\s+|neighbou?ring\s+)?")  # "Crimea and nearby Black Sea"


# Between a place and the wider place it lies in: "X area near Y", "X in the suburbs of the
# Lebanese capital of Y", "X, Syria" (a country right after a place, ending the list)
_WITHIN_PLACE_GAP = re.compile(
    r"(?:\s+(?:area|district|neighbou?rhood|camp|suburb|town|village|city))?\s+(?:in|near|outside)\s+"
    r"(?:(?:(?:(?!and\b|or\b)[a-z]+|[A-Z][a-z]+(?:an|ese|i|ish))\s+){0,8}?(?:(?<=\bof )|(?<=the )|(?<=\bin )))?"
    r"|,\s+")
_LIST_GOES_ON = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?(?:the\s+)?[A-Z]|(?:and|or)\s)")


# Keyword checks searched in the lower-cased sentence (ctx.lower): ten times faster than re.I.
_AIR_CONTEXT = re.compile(r"air ?strikes?|air ?raids?|raids?|bombing|bombers?|warplanes?|jets?|aircraft|air ?force|sorties|flights|missiles?")
_BACKING_BEFORE = re.compile(r"\b(?:backed|supported|covered|aided|helped|assisted)\s+by\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$|\bwith\s+(?:the\s+)?(?:help|support|backing|cover)\s+of\s+(?:[\w-]+\s+){0,2}$|\b(?:dodging|fleeing|escaping|avoiding)\s+(?:the\s+)?$", re.I)
_ATTACKS_ON = re.compile(r"\s+(?:on|against)\s")
# "would launch strikes against X", "will carry out more strikes": a threat or plan, not a strike
_HYPOTHETICAL = re.compile(r"\b(?:would|could|should|might|will)\s+(?:not\s+)?(?:have\s+)?(?:\w+ly\s+)?"
                           r"(?:(?:launch|carry\s+out|conduct|mount|stage|begin|start|step\s+up)\s+(?:new\s+|more\s+|further\s+|fresh\s+)?)?$", re.I)
_ANAPHORIC = re.compile(r"\b(?:the|these|those|its|their|his|such)\s+(?:\w+\s+)?$", re.I)
# "to plan future attacks against", "actively plotting strikes against": intent, not a strike
_PLANNED = re.compile(r"\b(?:plan|plans|planning|plot|plots|plotting|preparing)\s+(?:to\s+(?:launch|carry\s+out|conduct|mount|stage)\s+)?"
                      r"(?:(?:new|more|further|fresh|future|possible|terror)\s+)?$", re.I)


_AIR_ADJECTIVE_BEFORE = re.compile(r"\b(?:air|missile|Russian|American|US|coalition)\W*$", re.I)  # "Russian strikes"
# "terror attacks", "a car bomb", "roadside bombs": not air or missile strikes
# "the coalition conducted strikes near …", "carried out fresh strikes": strikes as military action
_CONDUCTED_BEFORE = re.compile(r"\b(?:conducted|conducts|conducting|carried\s+out|carries\s+out|carrying\s+out|launched|"
                               r"staged|mounted)\s+(?:\d+\s+|new\s+|fresh\s+|more\s+|further\s+|several\s+|dozens\s+of\s+|"
                               r"(?:an?|the|another)\s+(?:(?!hunger\s|general\s|labou?r\s)[a-z]+-?[a-z]+\s+)?)?$", re.I)  # "conducted a self-defense strike"
_NOT_AIR_ATTACK_BEFORE = re.compile(r"\b(?:terror|terrorist|information|suicide|Paris|car|roadside|truck|pipe|parcel|letter|nail|"
                                    r"vehicle|vehicle-borne|improvised)\s+$", re.I)
# "launched a fresh wave of attacks on X": a campaign of strikes, not a single ground assault
_KILLED_BEFORE = re.compile(r"\b(?:killed|killing|kills|kill|wounded|destroyed)\b", re.I)
_WAVE_OF_BEFORE = re.compile(r"\b(?:waves?|series|barrage|rounds?|spate)\s+of\s+(?:[\w-]+\s+)?$", re.I)
_WARNING_AFTER = re.compile(r"\s+(?:sirens?|shelters?|warnings?|alerts?|alarms?|drills?)\b", re.I)


def _is_strike_trigger(ctx: SentenceContext, trigger: re.Match[str], after_strike: bool = False) -> bool:
    """A trigger word reports an air strike here: not "backed by airstrikes", not a ground attack,
    not a terror "attack"; a bare "strikes" needs an air context or an earlier strike to refer to."""
    word = trigger.group(0).lower()
    before = ctx.text[max(0, trigger.start() - 40):trigger.start()]
    if _BACKING_BEFORE.search(before) or _HYPOTHETICAL.search(before) or (
            ("pla" in before or "plot" in before or "prepar" in before) and _PLANNED.search(before)):
        return False
    if _NOT_AIR_ATTACK_BEFORE.search(before):
        return False
    if _WARNING_AFTER.match(ctx.text, trigger.end()):
        return False  # "air raid sirens", "air strike warnings": an alarm, not a strike
    if trigger.group("fire"):  # "fired rockets at X", "rockets were fired at X"; not "troops fired at protesters"
        return bool(_PROJECTILE_RE.search(ctx.text, max(0, trigger.start() - 60), trigger.end() + 40))
    air = after_strike or ctx.air_context
    if word == "attacks" and not _ATTACKS_ON.match(ctx.text, trigger.end()):
        return False  # "attacks" is an air strike only as "attacks on/against X" in an air context
    if word in {"strike", "strikes", "raids", "raid", "bombs", "target", "targets", "hit", "hits", "attacks"} and trigger.group("noun"):
        # a bare "strike(s)" needs an air context, an attacker adjective, or "the strikes" after earlier ones
        return bool(air or _AIR_ADJECTIVE_BEFORE.search(before)
                    or (word == "attacks" and ctx.state.last_attacker is not None)  # "attacks on X" in a strike report
                    or (word == "attacks" and bool(_WAVE_OF_BEFORE.search(before)))
                    or (word in {"strike", "strikes", "raid", "raids"} and bool(_IN_EVENT_BEFORE.search(before))
                        and bool(_KILLED_BEFORE.search(ctx.text, 0, trigger.start())))  # "it killed three X in a strike"
                    or (word in {"strike", "strikes"} and _CONDUCTED_BEFORE.search(before))
                    or (ctx.state.last_attacker is not None and _ANAPHORIC.search(before)))
    if trigger.group("verb") and not word.startswith(("bomb", "struck", "strik", "raid", "shot", "shoot", "down", "shelled")):
        # "the attacks targeted militants …": the subject is the strikes reported before
        return air or _military_subject(ctx, trigger) or (ctx.state.last_attacker is not None
                       and _STRIKE_SUBJECT.search(ctx.text, max(0, trigger.start() - 50), trigger.start()) is not None
                       ) or _projectile_hit(ctx, trigger) is not None
    return True


_CONDITION_BEFORE = re.compile(r"\b(?:if|unless|whether)\s+(?:[\w.'’-]+\s+){0,4}$", re.I)


def _military_subject(ctx: SentenceContext, trigger: re.Match[str]) -> bool:
    """Whether the verb's subject is a military command ("CENTCOM forces destroyed a radar site")
    or the side that struck last ("Iran shelled villages. … Iranian forces were targeting X")."""
    before = ctx.mentions_within(max(0, trigger.start() - 60), trigger.start(), ATTACKER_TYPES | {"Organization"})
    if not before or _GAP_BREAK.search(ctx.text, ctx.local(before[-1])[1], trigger.start()):
        return False
    if _PASSIVE.search(ctx.text, max(0, trigger.start() - 25), trigger.start()) and not trigger.group(0).lower().endswith("ing"):
        return False
    if _CONDITION_BEFORE.search(ctx.text, max(0, trigger.start() - 40), trigger.start()):
        return False  # "concerns if Russia hit Syrian targets": a condition, not a report  # "the base, which hosts U.S. personnel, was attacked": the subject was hit
    subject = before[-1].entity
    return subject in ctx.state.commands or (subject == ctx.state.last_attacker and subject.type != "Organization")


_PROJECTILE_RE = re.compile(rf"\b{_PROJECTILE}\b", re.I)
# "fired rockets into towns in northern Israel": the country the towns lie in was hit
_FIRE_TAIL_RE = re.compile(rf"(?:{_FIRE_TAIL}|\s+(?:in|on|inside)\s+)(?:(?:[a-z]+\s+){{0,2}}(?:towns?|cities|villages|areas|communities|settlements|parts)\s+(?:in|of|across)\s+)?"
                           r"(?:the\s+)?(?:(?:north|south|east|west)(?:ern|-?western|-?eastern)?\s+|central\s+)?", re.I)


def _fire_targets(ctx: SentenceContext, trigger: re.Match[str], attacker: Entity | None) -> list[Mention]:
    """The side rockets or missiles were fired at: "fired rockets at Israel", "launched drones
    towards northern Israel", "rockets landed in southern Israel" (the actors named right after
    "at"/"towards"/"landed in")."""
    tail = _FIRE_TAIL_RE.match(ctx.text, trigger.end())
    if tail is None:
        return []
    after = ctx.mentions_within(tail.end(), len(ctx.text), TARGET_TYPES)
    if not after or ctx.local(after[0])[0] != tail.end():
        return []
    if (attacker is not None and attacker.type == "State" and after[0].entity.type == "State"
            and re.search(r"\binto\s", tail.group(0), re.I)):
        return []  # "U.S. drones launched missiles into Pakistan": the country is where they fell
    run = _target_runs(ctx, after)[0]
    return [m for m in run if m.entity != attacker and not _owner_of_projectiles(ctx, ctx.local(m)[1])]


def _fire_attacker(ctx: SentenceContext, trigger: re.Match[str], attacker: Entity | None) -> Entity | None:
    """Who fired, when nobody else is named: "rockets were fired back at Israel" (or "rockets landed
    in Israel") after Israel struck X is X's answer (the side last hit), not Israel's."""
    aimed_at = {m.entity for m in _fire_targets(ctx, trigger, None)}
    if attacker is not None and attacker not in aimed_at:
        return attacker
    last = ctx.state.last_target
    return last if last is not None and last not in aimed_at else None


def _passive_attacker(ctx: SentenceContext, trigger: re.Match[str]) -> tuple[Entity | None, float]:
    after = ctx.text[trigger.end():trigger.end() + 40]
    by = re.match(r"^\s+(?:\w+\s+)?by\s+(?:the\s+)?", after)
    if by:
        agents = ctx.mentions_within(trigger.end(), trigger.end() + by.end() + 30, ATTACKER_TYPES)
        if agents:
            return agents[0].entity, 0.85
        if _AIR_AGENT.search(after):
            return ctx.state.last_attacker, 0.6
    return ctx.state.last_attacker, 0.55


# ---------------------------------------------------------------- support

def _first_recipients(ctx: SentenceContext, start: int, limit: int = 70) -> list[Mention]:
    """The recipient(s) of a backing that starts at ``start``: a following list, or
    the first specific group within reach (a generic one such as "rebels" if no other)."""
    tail = ctx.text[start:]
    listing = _LIST_INTRO.search(tail[:140])
    if listing:
        listed = [m for m in ctx.mentions_within(start + listing.end(), len(ctx.text), GROUP_TYPES | {"Organization"})
                  if not m.entity.generic]
        if listed:
            return listed
    near = [m for m in ctx.mentions_within(start, min(len(ctx.text), start + limit), GROUP_TYPES | {"Organization", "Person"})]
    specific = [m for m in near if not m.entity.generic]
    if specific:
        return [specific[0]]
    return near[:1]


def _support_fact(ctx: SentenceContext, supporter: Entity, recipients: list[Entity], weapons: list[Entity],
                  rule_name: str, confidence: float) -> list[Fact]:
    facts = []
    for recipient in _unique(recipients):
        if recipient == supporter:
            continue
        roles = {"supporter": [supporter], "recipient": [recipient]}
        if weapons:
            roles["weapon"] = _unique(weapons)
        facts.append(Fact("Support", ctx.article.id, roles, [ctx.evidence(rule_name, confidence)],
                          hedged=ctx.hedged))
    return facts


_SUPPORT_HINT = re.compile(r"back|support|arm|fund|sponsor|suppl|train|equip|help|aid|assist|prop|bolster|patron|all(?:y|ies)")  # on ctx.lower
_RELATIVE_PASSIVE = re.compile(r"\b(?:that|which|who)\s+(?:(?:is|are|was|were|has been|have been|had been)\s+)?(?:also\s+)?$", re.I)
_SUPPORTERS_OF = re.compile(
    r",?\s+(?:the|its|their)\s+(?:\w+\s+){0,3}(?:supporters|backers|patrons|sponsors|allies)\s+of\s+(?:the\s+)?(?:\w+\s+){0,2}", re.I)
_COORDINATED_VERB = re.compile(r"\band\s+(?:has\s+|have\s+|had\s+)?(?:also\s+)?(?:\w+ly\s+)?$")
_HELD_BACK = re.compile(r"\b(?:held|hold|holding|holds|push(?:ed|ing)?|fight(?:s|ing)?|fought|turn(?:ed|ing)?|came|come|go|went|bring|brought|pull(?:ed)?|step(?:ped)?)\s+$", re.I)


_OBJECT_PREPOSITION_BEFORE = re.compile(r"\b(?:by|of|to|with|from|against|including|some|than)\s+(?:the\s+)?$", re.I)  # "backed by the X": not a subject
_POSSESSIVE_AFTER = re.compile(r"^(?:’s|'s)\s")  # "Russia's ..."
def _subject_before(ctx: SentenceContext, pos: int, types: set[str], max_gap: int = 120) -> Mention | None:
    """The subject of a verb at ``pos``: the nearest actor before it that is not the object
    of a preposition ("backed by Iran"), a possessive ("Lebanon's"), or an example in a list."""
    for m in reversed([m for m in ctx.mentions if ctx.local(m)[1] <= pos and m.entity.type in types]):
        s, e = ctx.local(m)
        if pos - e > max_gap:
            return None
        if _OBJECT_PREPOSITION_BEFORE.search(ctx.text[max(0, s - 14):s]):
            continue
        if _POSSESSIVE_AFTER.match(ctx.text[e:e + 4]):
            continue
        return m
    return None


def _regime_of(ctx: SentenceContext, m: Mention) -> Entity | None:
    """"Assad’s regime": the government a person leads, when the article has named it."""
    if m.entity.type != "Person" or not _REGIME_AFTER.match(ctx.text[ctx.local(m)[1]:ctx.local(m)[1] + 30]):
        return None
    return ctx.state.regimes.get(surname(m.entity.name))


def _recipient_entity(ctx: SentenceContext, m: Mention) -> Entity | None:
    """What a recipient mention stands for: a person's regime for "Assad’s regime", nothing
    for "Assad’s offensive" (the backing is of the offensive), else the mention's entity."""
    if _territorial(m):
        return None  # "offensives in rebel-held areas": the areas, not the rebels, are backed
    regime = _regime_of(ctx, m)
    if regime is not None:
        return regime
    if re.match(r"^(?:’s|'s)\s+\w", ctx.text[ctx.local(m)[1]:ctx.local(m)[1] + 4]):
        return None
    return m.entity


# "A, B and C", "A (AB) and the C", "A; B, and C"
_RUN_GAP = re.compile(r"\)?\s*(?:\(|(?:,|;|and|, and|; and|&|or)\s*(?:the\s+|other\s+|its\s+)*)")
_EXAMPLES = re.compile(r"^\s+(?:factions?|units?|groups?|brigades?|battalions?|militias?|members?)\s+(?:such\s+as|including|like|of)\s+(?:the\s+)?")


def _examples_after(ctx: SentenceContext, head: Mention, types: set[str]) -> list[Mention]:
    """"X factions such as A and B", "X units of A and B": A and B (parts of X)."""
    found = _EXAMPLES.match(ctx.text[ctx.local(head)[1]:])
    if not found:
        return []
    return _run_after(ctx, ctx.local(head)[1] + found.end(), 60, types)


def _run_after(ctx: SentenceContext, start: int, limit: int, types: set[str]) -> list[Mention]:
    """The first mention after ``start`` (within ``limit``) and those listed with it."""
    found = ctx.mentions_within(start, min(len(ctx.text), start + limit), types)
    if not found:
        return []
    run = [found[0]]
    for m in ctx.mentions_within(ctx.local(found[0])[1], len(ctx.text), types):
        if _RUN_GAP.fullmatch(ctx.between(ctx.local(run[-1])[1], ctx.local(m)[0])):
            run.append(m)
        else:
            break
    return run


def _backed_recipient(ctx: SentenceContext, pos: int, types: set[str]) -> Mention | None:
    """The actor a "backed by" phrase at ``pos`` describes: right before it ("X, backed by"),
    or the head of a relative clause ("groups that oppose ... and that are supported by")."""
    before = ctx.text[:pos]
    relative = _RELATIVE_PASSIVE.search(before)
    if relative:
        heads = [r for r in re.finditer(r"\b(?:that|which|who)\b", before)]
        first = heads[0].start() if heads else relative.start()
        near = _nearest_before(ctx, first, types, max_gap=20)
        if near is not None:
            return near
    near = _nearest_before(ctx, pos, types, max_gap=25)
    if near is not None and re.fullmatch(r"[\s,]*(?:\w+ly\s+)?", ctx.between(ctx.local(near)[1], pos)):
        return near
    return None


_FIGHTERS_FROM = re.compile(r"\s*(?:fighters|troops|forces|militias?)\s+from\s+")  # "backed by fighters from X"
_SPACE_BY = re.compile(r"\s+by\b", re.I)  # "supported by": passive
@rule("support.backed")
def support_backed(ctx: SentenceContext) -> list[Fact]:
    """"US-backed X", "X, backed by Iran", "Russia supports X", "supply of W to X",
    "Russia and Iran, the main supporters of X"."""
    facts: list[Fact] = []
    if len(ctx.mentions) < 2 or not _SUPPORT_HINT.search(ctx.lower):
        return facts
    actor_types = {"State", "Coalition", "ArmedGroup", "Organization", "Person"}
    for match in _BACKED.finditer(ctx.text):
        supporters = [m for m in ctx.mentions if ctx.local(m)[1] == match.start() and m.entity.type in actor_types]
        if not supporters:
            continue
        recipients = _first_recipients(ctx, match.end())
        if not recipients:
            continue
        first = ctx.local(recipients[0])[0]
        weapons = [m.entity for m in ctx.mentions_within(match.end(), first, {"Weapon"})]
        facts += _support_fact(ctx, supporters[0].entity, [m.entity for m in recipients], weapons, "support.backed", 0.85)
    for match in ctx.finditer_i(_BACKED_BY):
        supporters = _run_after(ctx, match.end() - 4, 34, actor_types)  # "by the West": the mention may include "the"
        if not supporters and _FIGHTERS_FROM.match(ctx.text[match.end():]):
            supporters = _run_after(ctx, match.end(), 45, actor_types)
        recipient = _backed_recipient(ctx, match.start(), actor_types)
        if recipient is not None and recipient.entity.type == "Person":
            head = _nearest_before(ctx, ctx.local(recipient)[0], actor_types - {"Person"}, max_gap=5)
            if head is not None and ctx.between(ctx.local(head)[1], ctx.local(recipient)[0]).strip() == "of":
                recipient = head  # "the Syrian Arab Army of Bashar al Assad, aided by"
        specific = [m for m in ctx.mentions_within(max(0, match.start() - 90), match.start(), GROUP_TYPES) if not m.entity.generic]
        if specific and recipient is not None and recipient.entity.generic and not _RELATIVE_PASSIVE.search(ctx.text[:match.start()]):
            recipient = specific[-1]
        for supporter in supporters:
            if recipient is not None:
                facts += _support_fact(ctx, supporter.entity, [recipient.entity], [], "support.backed-by", 0.8)
    for match in ctx.finditer_i(_SUPPORTERS_OF):
        recipients = ctx.mentions_within(match.end(), min(len(ctx.text), match.end() + 30), actor_types)
        owner = _nearest_before(ctx, match.start() + 1, actor_types, max_gap=2)
        if owner is None or not recipients:
            continue
        run = _target_runs(ctx, [m for m in ctx.mentions_within(0, ctx.local(owner)[1], actor_types)])[-1]
        for supporter in run:
            facts += _support_fact(ctx, supporter.entity, [recipients[0].entity], [], "support.supporters-of", 0.75)
    for match in ctx.finditer_i(_SUPPORT_VERB):
        if ctx.text[max(0, match.start() - 1):match.start()] == "-" or _SPACE_BY.match(ctx.text[match.end():]):
            continue
        if _WITH_NOUN.search(ctx.text, max(0, match.start() - 20), match.start()):
            continue  # "with support from Russia": a noun, read by support_with below
        if _HELD_BACK.search(ctx.text[max(0, match.start() - 12):match.start()]):
            continue  # "held back", "fought back": not a backing
        supporter = _subject_before(ctx, match.start(), {"State", "Coalition", "ArmedGroup", "Person"}, max_gap=45)
        if not ctx.text[match.start():match.end()].endswith("ing") and _COORDINATED_VERB.search(ctx.text, max(0, match.start() - 30), match.start()):
            # "Russia maintains a base in Tartus and has supported Assad": the sentence's subject
            opening = [m for m in ctx.mentions[:1] if ctx.local(m)[0] <= 4 and m.entity.type in ATTACKER_TYPES | {"Person"}]
            supporter = opening[0] if opening else supporter
        if supporter is None or _is_supporter(ctx, supporter):
            continue
        window_end = min(len(ctx.text), match.end() + 60)
        weapons = [m.entity for m in ctx.mentions_within(match.end(), window_end, {"Weapon"})]
        recipients = [m for m in ctx.mentions_within(match.end(), window_end, actor_types) if m.entity != supporter.entity]
        if not recipients or re.search(r"\b(?:against|fight|war|on)\b", ctx.between(match.end(), ctx.local(recipients[0])[0])):
            continue
        recipient = _recipient_entity(ctx, recipients[0])
        if recipient is not None:
            # "Iran supports Hamas and Hezbollah": each listed recipient
            listed = [m.entity for m in _target_runs(ctx, recipients)[0][1:] if m.entity != supporter.entity
                      and not re.match(r"(?:’s|'s)\s", ctx.text[ctx.local(m)[1]:ctx.local(m)[1] + 3])]
            facts += _support_fact(ctx, supporter.entity, [recipient, *listed], weapons, "support.verb", 0.7)
    return _dedupe(facts)


_WITH_NOUN = re.compile(r"\b(?:with|without|under)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)
_HELP_NOUNS = ("support", "backing", "help", "assistance", "aid", r"air\s+cover")
_PATRON_NOUNS = ("supervision", "sponsorship", "patronage", "auspices", "protection")
_WITH_SUPPORT = re.compile(
    rf"\bwith\s+(?:the\s+)?(?:[\w-]+\s+)?(?:{'|'.join(_HELP_NOUNS)})\s+(?:of|from)\s+"
    rf"|\bunder\s+the\s+(?:{'|'.join(_PATRON_NOUNS)})(?:\s+and\s+\w+)?\s+of\s+", re.I)
_SENT_TO_SUPPORT = re.compile(
    r"\b(?:sent|sends|send|deployed|deploys|dispatched)\b(?:\s+[\w-]+){0,6}?\s+to\s+"
    r"(?:strengthen|reinforce|support|bolster|back|aid|help|assist|prop\s+up)\s+(?:the\s+)?", re.I)
# a cheap pre-check on the lower-cased sentence: the nouns of _WITH_SUPPORT ("air cover" by "cover")
_WITH_NOUNS = re.compile("|".join((*_HELP_NOUNS[:-1], "cover", *_PATRON_NOUNS)))
_SENT_WORDS = re.compile("sent|send|deploy|dispatch")
_DEFINITE_COALITION = re.compile(r"\bthe\s+(?:alliance|coalition|operations\s+room|front)\b[^,;]{0,40}$", re.I)


def _person_of(ctx: SentenceContext, m: Mention) -> Mention:
    """"Saudi cleric Abdullah al-Muhaysini": the person a nationality adjective describes."""
    if m.entity.type != "State":
        return m
    people = ctx.mentions_within(ctx.local(m)[1], min(len(ctx.text), ctx.local(m)[1] + 60), {"Person"})
    if people and re.fullmatch(r"\s+(?:[a-z][\w-]*\s+){1,2}", ctx.between(ctx.local(m)[1], ctx.local(people[0])[0])):
        return people[0]
    return m


@rule("support.with-support")
def support_with(ctx: SentenceContext) -> list[Fact]:
    """"X, with support from Y", "the alliance was formed under the supervision of Y" (Y backs
    X), "Y fighters were sent to strengthen X" (Y backs X)."""
    facts: list[Fact] = []
    if len(ctx.mentions) < 2:
        return facts
    low = ctx.lower
    with_support = ("with " in low or "under the" in low) and _WITH_NOUNS.search(low) is not None
    sent = _SENT_WORDS.search(low) is not None
    if not (with_support or sent):
        return facts
    actors = {"State", "Coalition", "ArmedGroup", "Organization", "Person"}
    for match in _WITH_SUPPORT.finditer(ctx.text) if with_support else ():
        if _negated_before(ctx, match.start()):
            continue
        supporters = [_person_of(ctx, m) for m in _run_after(ctx, match.end() - 1, 40, actors)]
        recipient = _subject_before(ctx, match.start(), actors - {"Person"}, max_gap=90)
        recipients = [recipient.entity] if recipient else []
        if recipient is None and _DEFINITE_COALITION.search(ctx.text, 0, match.start()):
            recipients = [ctx.state.last_coalition] if ctx.state.last_coalition else []  # "The alliance was formed under the supervision of"
        elif recipient is not None:
            # "the United States and the United Kingdom, with support from Y": Y backs both
            before = ctx.mentions_within(0, ctx.local(recipient)[1], actors - {"Person"})
            recipients = [m.entity for m in _target_runs(ctx, before)[-1]]
        for supporter in supporters:
            facts += _support_fact(ctx, supporter.entity, recipients, [], "support.with-support", 0.7)
    for match in _SENT_TO_SUPPORT.finditer(ctx.text) if sent else ():
        if _negated_before(ctx, match.start()):
            continue
        clause = _clause_start(ctx, match.start(), 0)
        senders = [m for m in ctx.mentions_within(clause, match.start(), ATTACKER_TYPES)
                   if not _LINKED_BEFORE.search(ctx.text, max(0, ctx.local(m)[0] - 12), ctx.local(m)[0])
                   and not re.search(r"\bof\s+(?:the\s+)?$", ctx.text[max(0, ctx.local(m)[0] - 8):ctx.local(m)[0]])]
        recipients = ctx.mentions_within(match.end() - 4, min(len(ctx.text), match.end() + 40), actors - {"Person"})
        if recipients:
            for sender in senders:
                facts += _support_fact(ctx, sender.entity, [recipients[0].entity], [], "support.sent-to", 0.65)
    return _dedupe(facts)


def _dedupe(facts: list[Fact]) -> list[Fact]:
    seen, kept = set(), []
    for fact in facts:
        key = (fact.kind, tuple((k, tuple(e.name for e in v)) for k, v in sorted(fact.roles.items())))
        if key not in seen:
            seen.add(key)
            kept.append(fact)
    return kept


# ---------------------------------------------------------------- alliances

_ALLY_OF = re.compile(r"(?:’s|'s|their|its|it’s|his|her)\s+(?:\w+\s+){0,2}all(?:y|ies)\b,?", re.I)
_ALLIANCE = re.compile(r"\balliance\s+(?:between|of|with)\b|\ballied\s+with\b|\balongside\b|\bpartnered\s+with\b|\bin\s+concert\s+with\b", re.I)
_ALLIES_AFTER = re.compile(r"\ball(?:y|ies)\b", re.I)


# on ctx.lower; "s(?<!\ws)id" is "\bsid" with the boundary checked after the "s", so that every
# alternative begins with a letter and the engine skips ahead to them (twice as fast)
_ALLIANCE_HINT = re.compile(r"all(?:y|ies|iance|ied)|alongside|partner|concert|joint|cooperat|coordinat|collaborat|teamed|together with|s(?<!\ws)id(?:e|es|ed) with")
_JOINT_WITH = re.compile(r"\bjoint\s+(?:\w+\s+)?(?:operations?|strikes|campaign|offensive|exercises?|patrols?|missions?)\s+with\b|\bcooperat(?:e|es|ed|ion)\s+with\b|\bcoordinat(?:e|es|ed|ion)\s+with\b|\bsid(?:e|es|ed)\s+with\b"
                         r"|\bcollaborat(?:e|es|ed|ing|ion)\s+with\b|\bteamed\s+up\s+with\b"
                         r"|\b(?:fought|fighting|operat(?:ed|ing)|advanc(?:ed|ing)|launched|attack(?:ed|ing))\b[^.;]{0,40}?\btogether\s+with\b", re.I)
_ONLY_WILLING = re.compile(r"\b(?:open|willing|ready|offer(?:ed|s)?|if|whether)\s+(?:to\s+)?(?:\w+\s+){0,2}$", re.I)


@rule("alliance.ally")
def alliances(ctx: SentenceContext) -> list[Fact]:
    """"X's ally Y", "X and its allies Y and Z", "an alliance between X and Y", "alongside X",
    "joint operations with X". An owner is allied with each of its allies, not the allies
    with one another."""
    actors = {"State", "Coalition", "ArmedGroup", "Person"}
    facts: list[Fact] = []
    if len(ctx.mentions) < 2 or not _ALLIANCE_HINT.search(ctx.lower):
        return facts
    for match in ctx.finditer_i(_ALLY_OF):
        owner = _nearest_before(ctx, match.start() + 1, actors, max_gap=40)
        if owner is None and re.match(r"(?i)his|her", match.group(0)):
            owner_entity = ctx.state.last_person
        else:
            owner_entity = owner.entity if owner else None
        allies = []
        if not re.match(r"^\s*and\b", ctx.text[match.end():]):  # "its allies, and Turkey": a new list
            allies = _run_after(ctx, match.end(), 45, actors)
        allies = [m for m in allies if not _is_supporter(ctx, m)]
        if not allies and owner is not None:
            # "Bashar al-Assad, long Russia’s closest ally": the ally is named before
            before = _nearest_before(ctx, ctx.local(owner)[0], actors, max_gap=20)
            if before and re.fullmatch(r",\s+(?:\w+\s+)?", ctx.between(ctx.local(before)[1], ctx.local(owner)[0])):
                allies = [before]
        for ally in allies:
            # "Assad and his allies, the anti-Assad rebels": an alliance needs two distinct parties
            if owner_entity is not None and ally.entity != owner_entity:
                facts.append(_alliance_fact(ctx, [owner_entity, ally.entity], "alliance.ally", 0.8))
    for match in _ALLIANCE.finditer(ctx.text):
        if match.group(0).lower().startswith(("alongside", "partnered", "in concert", "allied")):
            subject = _subject_before(ctx, match.start(), actors, max_gap=120)
            after = _run_after(ctx, match.end(), 40, actors)
            parties = ([subject.entity] if subject else []) + [m.entity for m in after[:1]]
        else:
            run = _run_after(ctx, match.end(), 60, actors)
            owned = re.match(r"(?:’s|'s)\s+(?:\w+\s+){0,3}allies\b[\s,:–—-]*", ctx.text[ctx.local(run[-1])[1]:]) if run else None
            if owned:  # "an alliance between Russia and Assad's other allies - Iran and Hizballah"
                run += _run_after(ctx, ctx.local(run[-1])[1] + owned.end(), 10, actors)
            parties = [m.entity for m in run if not m.entity.generic]
        if len(_unique(parties)) >= 2:
            facts.append(_alliance_fact(ctx, parties, "alliance.between", 0.75))
    for match in ctx.finditer_i(_JOINT_WITH):
        if _ONLY_WILLING.search(ctx.text[max(0, match.start() - 30):match.start()]):
            continue
        subject = _subject_before(ctx, match.start(), actors, max_gap=80)
        after = _run_after(ctx, match.end(), 45, actors)
        if after:  # "… factions such as Y": the examples are partners too
            after += _examples_after(ctx, after[-1], actors)
        if subject is None and after and _OPENING_PHRASE.search(ctx.text, max(0, match.start() - 40), match.start()):
            # "In coordination with A, B and C, the French military launched …": the subject follows
            subject = next(iter(ctx.mentions_within(ctx.local(after[-1])[1], ctx.local(after[-1])[1] + 40, actors)), None)
        for partner in after:
            if subject and subject.entity != partner.entity and not partner.entity.generic:
                facts.append(_alliance_fact(ctx, [subject.entity, partner.entity], "alliance.joint-with", 0.7))
    for match in re.finditer(r"\b(?:and|with)\s+(?:their|its|his)\s+(?:\w+\s+)?", ctx.text):
        allies = ctx.mentions_within(match.end(), min(len(ctx.text), match.end() + 30), actors)
        if allies and _ALLIES_AFTER.match(ctx.text[ctx.local(allies[0])[1]:].strip()):
            owner = _nearest_before(ctx, match.start(), actors, max_gap=40)
            if owner:
                facts.append(_alliance_fact(ctx, [owner.entity, allies[0].entity], "alliance.their-allies", 0.7))
    for match in _ALLY_NOUN_OF.finditer(ctx.text) if _ALLY_OF_WORDS.search(ctx.lower) else ():
        # "Hezbollah, a close ally of Iran", "Qatar is a key partner of Turkey"
        subject = _nearest_before(ctx, match.start() + 1, actors, max_gap=1)
        for ally in _run_after(ctx, match.end() - 4, 45, actors) if subject is not None else ():
            if ally.entity != subject.entity and not ally.entity.generic and not _is_supporter(ctx, ally):
                facts.append(_alliance_fact(ctx, [subject.entity, ally.entity], "alliance.ally-of", 0.75))
    return _dedupe(facts)


_ALLY_OF_WORDS = re.compile(r"all(?:y|ies) of|partners? of")  # on ctx.lower, before the costlier regex
# the copula or apposition before "a member of", "an ally of": "X, a close ally of Y", "X is a member of Y"
_BE_OR_COMMA = r"(?:,\s+|\s+(?:is|was|are|were|has\s+been|have\s+been|became|remains?)\s+(?:also\s+|long\s+)?)"
_ALLY_NOUN_OF = re.compile(
    rf"{_BE_OR_COMMA}(?:an?|the|one\s+of\s+the)\s+(?:[\w-]+\s+){{0,2}}?(?:all(?:y|ies)|partners?)\s+of\s+(?:the\s+)?")
_OPENING_PHRASE = re.compile(r"(?:^|\n)\s*(?:(?:On|In|By)\s+[^,]{0,30},\s*)?(?:[Ii]n\s+|[Ww]orking\s+)?$")


def _alliance_fact(ctx: SentenceContext, parties: list[Entity], rule_name: str, confidence: float) -> Fact:
    return Fact("Alliance", ctx.article.id, {"party": _unique(parties)}, [ctx.evidence(rule_name, confidence)],
                hedged=ctx.hedged)


# ---------------------------------------------------------------- membership

_TITLE_WORDS = re.compile(
    r"^(?:\s*(?:(?:’s|'s|‘s)\s|\([A-Z]{2,6}\)|\)|[Pp]rofessor|[Dd]r\.?|[Mm]r\.?|[Cc]ounterpart|[Hh]is|[Ee]lite|[Pp]resident|[Pp]rime [Mm]inister|[Ff]oreign [Mm]inister|[Dd]efen[cs]e [Mm]inister|[Mm]inister|"
    r"[Ss]ecretary(?: of [Ss]tate)?|[Dd]efen[cs]e [Ss]ecretary|[Ss]pokes(?:man|woman|person)|[Pp]ress [Ss]ecretary|"
    r"[Gg]eneral|[Cc]ommander|[Cc]hief|[Aa]mbassador|[Ee]nvoy|[Ll]eader|[Hh]ead|[Oo]fficial|[Dd]irector|"
    r"[Gg]eneral [Mm]ajor|[Mm]ajor|[Cc]olonel|[Aa]dmiral|[Mm]anaging [Ee]ditor|[Ee]ditor|[Cc]orrespondent|"
    r"[Ff]oreign|[Dd]efen[cs]e|[Ss]tate|[Mm]ilitary|[Ss]enior|[Tt]op|[Ff]ormer|[Dd]eputy|the|[Pp]ress)\s*)+,?\s*$"
    r"|^\s*(?:ambassador|envoy|representative)\s+to\s+(?:the\s+)?[\w\s]{2,40},\s*$"
)
_ROLE_OF = re.compile(
    r"^,?\s+(?:the\s+|a\s+|an\s+)?(?:\w+\s+){0,2}(?:head|chief|leader|spokes(?:man|woman|person)|member|commander|"
    r"president|director|founder|editor|official|officer|minister|ambassador|envoy|secretary|chief-of-staff|"
    r"secretary[- ]general|chairman|deputy\s+chairman|emir)"
    r"\s+(?:of|for|at|in)\s+(?:the\s+|a\s+|an\s+)?(?:(?:[\w-]+\s+){1,3}of\s+(?:the\s+)?)?(?:[\w-]+-backed\s+)?"
    r"(?:(?:rebel|militant|jihadist|Islamist|insurgent|opposition|pro-government|armed|Kurdish|Syrian)\s+)?$",
    re.I,
)
_BRANCH = re.compile(r"\b(?:branch|affiliate|wing|offshoot|franchise|faction|arm|member)\b", re.I)
_INCLUDES = re.compile(r"\b(?:which|that)\s+(?:also\s+)?includes?\b|\bmade up of\b|\bcomprising\b", re.I)
_UNIT_OF = re.compile(r"^(?:’s|'s)\s+(?:\w+\s+){0,2}$")


@rule("membership.title")
def memberships(ctx: SentenceContext) -> list[Fact]:
    """"Russian Foreign Minister Sergei Lavrov", "Khoja, head of the National Coalition",
    "Jabhat al-Nusra, Syria's al-Qaeda branch", "X, which includes Y", "Iran's Basij force"."""
    facts: list[Fact] = []
    ms = ctx.mentions
    if len(ms) < 2 and not any(m.entity.type == "State" for m in ms):
        return facts
    for i, m in enumerate(ms):
        if not m.entity.is_actor:
            continue  # no pair with it can pass _may_pair
        m_end = ctx.local(m)[1]
        for j in range(i + 1, min(i + 4, len(ms))):
            n = ms[j]
            if not _may_pair(m.entity, n.entity):
                continue
            gap = ctx.between(m_end, ctx.local(n)[0])
            pair = _membership_pair(ctx, m, n, gap)
            if pair:
                member, group, rule_name = pair
                owned = _owned_unit(ctx, n) if group == n.entity else None
                group = owned.entity if owned is not None else group
                if group == n.entity and _is_supporter(ctx, n):
                    backed = ctx.mentions_within(ctx.local(n)[1], ctx.local(n)[1] + 40, GROUP_TYPES | {"Organization"})
                    if not backed:
                        break
                    group = backed[0].entity  # "a leader of a Western-backed rebel coalition"
                facts.append(Fact("Membership", ctx.article.id, {"member": [member], "group": [group]},
                                  [ctx.evidence(rule_name, 0.75)]))
                break
    for match in _MEMBER_NOUN_OF.finditer(ctx.text) if _MEMBER_NOUN_WORDS.search(ctx.lower) else ():
        # "Jabhat al-Nusra, a founding member of the Army of Conquest", "X is part of Y"
        member = _nearest_before(ctx, match.start() + 1, {"State", "ArmedGroup", "Coalition", "Organization"}, max_gap=1)
        groups = ctx.mentions_within(match.end() - 4, min(len(ctx.text), match.end() + 40), GROUP_TYPES | {"Organization"})
        if member is not None and groups and groups[0].entity != member.entity and not _negated_before(ctx, match.start() + 8):
            facts.append(_membership(ctx, member.entity, groups[0].entity, "membership.member-of"))
    for m in ms:
        if m.entity.type == "State" and _OFFICIALS_INCLUDING.match(ctx.text[ctx.local(m)[1]:]):
            for person in ctx.mentions_within(ctx.local(m)[1], len(ctx.text), {"Person"}):
                facts.append(_membership(ctx, person.entity, m.entity, "membership.officials-including"))
        leader = _leader_of(ctx, m)
        if leader is not None:
            facts.append(_membership(ctx, leader, m.entity, "membership.leader-regime"))
        regime = _regime_of(ctx, m)
        if regime is not None:
            facts.append(_membership(ctx, m.entity, regime, "membership.leader-regime"))
    return _dedupe(facts)


_MEMBER_NOUN_WORDS = re.compile(r"(?:members?|part|components?|constituents?|groups?|factions?) of")
_MEMBER_NOUN_OF = re.compile(
    rf"{_BE_OR_COMMA}(?:(?:an?|the|one\s+of\s+the)\s+)?(?:(?:founding|full|leading|key|main|major|largest|core)\s+)?"
    r"(?:members?|part|components?|constituents?)\s+(?:groups?\s+|factions?\s+)?of\s+(?:the\s+)?")
_CONSISTS = re.compile(
    r"(?<= )(?:contain(?:s|ed)|compris(?:es|ed)|consist(?:s|ed)\s+of|(?:is|was|were|are)\s+(?:composed|made\s+up|formed)\s+of|"
    r"includ(?:es|ed)|brought\s+together|unit(?:es|ed))\b", re.I)
_MEMBERS_WERE = re.compile(
    r"\b(?:members?|factions?|components?)"
    r"(?:\s+(?:in|of|within)\s+the\s+(?:coalition|alliance|operations\s+room|command|front|group))?\s+(?:were|was|are|is|included?|includes)\s+", re.I)
_MEMBER_COUNT = re.compile(r"^\s+(?:\w+\s+){0,2}(?:members|factions|groups|brigades|battalions|units|organi[sz]ations)\b", re.I)


# Cheap pre-checks on the lower-cased sentence (one C-level search each), before the costlier rules.
_EXAMPLE_WORDS = re.compile("faction|unit|group|brigade|battalion|militia|member")
_CONSIST_WORDS = re.compile("contain|compris|consist|compos|made up|includ|brought together|unite")
_FOUND_WORDS = re.compile("form|found|establish|creat|set up")
_MEMBER_WORDS = re.compile("member|faction|component")
_EXAMPLES_CUE = re.compile(r"\s+(?:factions?|units?|groups?|brigades?|battalions?|militias?|members?)\s+(?:such\s+as|including|like|of)\s+(?:the\s+)?", re.I)


@rule("membership.composition")
def composition(ctx: SentenceContext) -> list[Fact]:
    """"X contained six members, … (A and B)", "X comprised A, B and C", "the founding members
    were A; B, and C" (of the coalition named last), "X units of A and B"."""
    facts: list[Fact] = []
    if not ctx.mentions:
        return facts
    low = ctx.lower
    examples = _EXAMPLE_WORDS.search(low) is not None
    consists = _CONSIST_WORDS.search(low) is not None
    founded = _FOUND_WORDS.search(low) is not None
    if not (examples or consists or founded or "join" in low):
        return facts
    groups = GROUP_TYPES
    ends = {ctx.local(m)[1]: m for m in ctx.mentions if m.entity.type in groups}
    for cue in ctx.finditer_i(_EXAMPLES_CUE) if examples else ():
        head = ends.get(cue.start())
        for part in _run_after(ctx, cue.end(), 60, groups) if head is not None else ():
            if part.entity != head.entity:
                facts.append(_membership(ctx, part.entity, head.entity, "membership.units-of"))
    for verb in ctx.finditer_i(_CONSISTS) if consists else ():
        head = ends.get(verb.start() - 1)
        if head is not None and not _negated_before(ctx, verb.start()):
            facts += _composed_of(ctx, head, verb.end())
    for match in _MEMBERS_WERE.finditer(ctx.text) if _MEMBER_WORDS.search(low) else ():
        coalition = ctx.state.last_coalition
        named = [c for c in ctx.mentions_within(0, match.start(), {"Coalition"})]
        coalition = named[-1].entity if named else coalition
        if coalition is None or _negated_before(ctx, match.end() - 1) or _NOT_AFTER.match(ctx.text, match.end()):
            continue
        for part in _run_after(ctx, match.end() - 1, 60, groups):
            if part.entity != coalition and not part.entity.generic:
                facts.append(_membership(ctx, part.entity, coalition, "membership.members-were"))
    if founded:
        facts += _founders(ctx, ends)
    if "join" in low:
        facts += _joiners(ctx)
    return _dedupe(facts)


def _composed_of(ctx: SentenceContext, head: Mention, tail_start: int) -> list[Fact]:
    """The members after "X contained/comprised": the groups named (not those "connected to"
    one of them), when a member count follows or at least two are listed."""
    members = [p for p in ctx.mentions_within(tail_start, len(ctx.text), GROUP_TYPES)
               if not _LINKED_BEFORE.search(ctx.text, max(0, ctx.local(p)[0] - 25), ctx.local(p)[0])]
    if not (_MEMBER_COUNT.match(ctx.text[tail_start:]) or len(members) >= 2):
        return []
    return [_membership(ctx, part.entity, head.entity, "membership.composition")
            for part in members if part.entity != head.entity and not part.entity.generic]


_FORMED = re.compile(r"\s+(?:(?:merged|united|came\s+together)\s+(?:in\s+\w+\s+)?to\s+)?(?:formed|form|founded|found|established|created|set\s+up)\s+(?:the\s+|a\s+|an\s+)?(?:new\s+)?")
_FORMED_BY = re.compile(r"\b(?:was|were|is|are|had\s+been|has\s+been)\s+(?:jointly\s+)?(?:formed|founded|established|created|set\s+up)\s+(?:in\s+\w+(?:\s+\d{4})?\s+)?by\s+(?:the\s+)?", re.I)
_JOINED = re.compile(r"\b(?:joined|joins|join|joining)\s+(?:the\s+)?", re.I)
_NOT_JOINING = re.compile(r"\b(?:not|never|refus\w*|declin\w*|reject\w*|left|quit|would|could|may|might|invited|asked|urged|called\s+on)\b[^.;]{0,20}$", re.I)


def _founders(ctx: SentenceContext, ends: dict[int, Mention]) -> list[Fact]:
    """"A, B and C formed X" and "X was formed by A and B": A, B, C are members of X."""
    facts: list[Fact] = []
    for formed in _FORMED.finditer(ctx.text):
        m = ends.get(formed.start())
        if m is None or _negated_before(ctx, ctx.local(m)[1] + 1):
            continue
        created = ctx.mentions_within(formed.end(), min(len(ctx.text), formed.end() + 50), GROUP_TYPES)
        if not created or ctx.local(created[0])[0] != formed.end():
            continue
        run = _target_runs(ctx, [n for n in ctx.mentions_within(0, ctx.local(m)[1], GROUP_TYPES)])[-1]
        for member in run:
            if member.entity != created[0].entity and not member.entity.generic:
                facts.append(_membership(ctx, member.entity, created[0].entity, "membership.formed"))
    for match in _FORMED_BY.finditer(ctx.text):
        created = _nearest_before(ctx, match.start(), GROUP_TYPES, max_gap=40)
        if created is None:
            continue
        for member in _run_after(ctx, match.end() - 4, 50, GROUP_TYPES):
            if member.entity != created.entity and not member.entity.generic:
                facts.append(_membership(ctx, member.entity, created.entity, "membership.formed"))
    return facts


def _joiners(ctx: SentenceContext) -> list[Fact]:
    """"X joined the Army of Conquest": X (a group or state) is a member of the group joined;
    not "refused to join", not "joined Y in condemning" (acting together, not membership)."""
    facts: list[Fact] = []
    for match in _JOINED.finditer(ctx.text):
        if _NOT_JOINING.search(ctx.text, max(0, match.start() - 30), match.start()):
            continue
        joined = ctx.mentions_within(match.end() - 4, min(len(ctx.text), match.end() + 50), GROUP_TYPES)
        if not joined or ctx.local(joined[0])[0] > match.end():
            continue
        if re.match(r"\s+in\s+\w+ing\b", ctx.text[ctx.local(joined[0])[1]:]):
            continue
        joiner = _subject_before(ctx, match.start(), GROUP_TYPES | {"State"}, max_gap=60)
        if joiner is not None and joiner.entity != joined[0].entity and not joiner.entity.generic:
            facts.append(_membership(ctx, joiner.entity, joined[0].entity, "membership.joined"))
    return facts


_NOT_AFTER = re.compile(r"(?:not|never|no\s+longer)\b", re.I)
_LINKED_BEFORE = re.compile(r"\b(?:to|with|by|from|against|than)\s+(?:the\s+)?$", re.I)


def _negated_before(ctx: SentenceContext, pos: int) -> bool:
    return bool(_NEGATION.search(ctx.text, max(0, pos - 14), pos))


_OFFICIALS_INCLUDING = re.compile(r"^\s+(?:ministers|officials|leaders|generals|commanders|diplomats),?\s+(?:including|such as|among them)\b", re.I)


def _membership(ctx: SentenceContext, member: Entity, group: Entity, rule_name: str) -> Fact:
    return Fact("Membership", ctx.article.id, {"member": [member], "group": [group]}, [ctx.evidence(rule_name, 0.7)])


def _leader_of(ctx: SentenceContext, m: Mention) -> Entity | None:
    """"the Assad regime", "pro-Assad forces": a government named after the person leading it."""
    if m.entity.type != "State" or not ctx.state.regimes:  # (no such government named in the article)
        return None
    for word in _CAP_WORD.findall(m.span.text):
        person = ctx.state.persons.get(word)
        if person is not None and ctx.state.regimes.get(word) == m.entity:
            return person
    return None


def _owned_unit(ctx: SentenceContext, n: Mention) -> Mention | None:
    """"a commander in Iran’s Basij force": the unit owned by the mention, if one follows."""
    tail = ctx.text[ctx.local(n)[1]:ctx.local(n)[1] + 40]
    if not _OWNER_S.match(tail):
        return None
    after = ctx.mentions_within(ctx.local(n)[1], ctx.local(n)[1] + 40, GROUP_TYPES | {"Organization"})
    if after and re.fullmatch(r"(?:’s|'s)\s+(?:\w+\s+){0,2}", ctx.between(ctx.local(n)[1], ctx.local(after[0])[0])):
        return after[0]
    return None


def _may_pair(a: Entity, b: Entity) -> bool:
    """Whether two entities can be a membership pair at all: two different actors."""
    return a.is_actor and b.is_actor and a != b


_INCLUDING_GAP = re.compile(r",?\s+(?:most\s+)?(?:notably|including|such\s+as|among\s+them|especially)\s+(?:the\s+)?")  # "western powers, most notably France"
_APPOSITION_GAP = re.compile(r"(?:\s+himself|\s+herself)?,\s+")  # "Iran himself, Ali Khamenei"
_LEADER_OF_BEFORE = re.compile(r"\b(?:leader|head|chief|president|commander|founder|director|minister|spokes(?:man|woman))\s+of\s+(?:the\s+)?$", re.I)  # "the supreme leader of Iran"
_OF_GAP = re.compile(r"\s+of\s+")  # "the government of Bashar al-Assad"
_BRANCH_COMMA_GAP = re.compile(r"^,\s+(?:\w+(?:’s|'s)\s+)?$")  # "Jabhat al-Nusra, Syria's al-Qaeda branch"
_BRANCH_OF_GAP = re.compile(r"^\s+(?:branch|affiliate|wing|offshoot)\s+(?:of\s+)?(?:the\s+)?$", re.I)  # "X branch of Y"
_IS_BRANCH_OF_GAP = re.compile(r"^\s+is\s+(?:the|a|an)\s+(?:\w+\s+)?(?:branch|affiliate|wing|offshoot|part)\s+of\s+(?:the\s+)?$", re.I)  # "X is the Syrian branch of Y"
def _membership_pair(ctx: SentenceContext, m: Mention, n: Mention, gap: str) -> tuple[Entity, Entity, str] | None:
    a, b = m.entity, n.entity
    if not _may_pair(a, b):
        return None
    if b.type == "Person" and a.type in {"State", "Organization", "Coalition", "ArmedGroup"}:
        if (gap.strip() == "" and a.type in {"State", "Organization"}) or (gap.strip() and _TITLE_WORDS.match(gap)) or gap in {"’s ", "'s "}:
            return b, a, "membership.title"
    if a.type == "Person" and b.type in {"State", "Organization", "Coalition", "ArmedGroup"} and _ROLE_OF.match(gap):
        return a, b, "membership.role-of"
    if a.type in ACTOR_TYPES and b.type == "Coalition" and _LED_OR_OTHER.fullmatch(gap):
        return a, b, "membership.and-other"  # "the US-led coalition", "the US and other Western countries"
    if a.type == "Coalition" and b.type in ACTOR_TYPES and _INCLUDING_GAP.fullmatch(gap):
        return b, a, "membership.including"  # "western powers, most notably France"
    if a.type in {"State", "Organization", "ArmedGroup"} and b.type == "Person" and _APPOSITION_GAP.fullmatch(gap) and _LEADER_OF_BEFORE.search(
            ctx.text[max(0, ctx.local(m)[0] - 30):ctx.local(m)[0]]):
        return b, a, "membership.leader-of"  # "the supreme leader of Iran himself, Ali Khamenei"
    if a.type == "State" and b.type == "Person" and _OF_GAP.fullmatch(gap):
        return b, a, "membership.government-of"  # "the government of Bashar al-Assad"
    if a.type in GROUP_TYPES and b.type in GROUP_TYPES | {"State"}:
        if _UNIT_OF.match(gap) and a.type in {"State", "ArmedGroup"}:
            return b, a, "membership.unit-of"
    if a.type == "State" and b.type in GROUP_TYPES and _UNIT_OF.match(gap):
        return b, a, "membership.unit-of"
    if b.type in GROUP_TYPES and a.type in GROUP_TYPES:
        if _BRANCH_COMMA_GAP.match(gap) and _BRANCH.match(ctx.text[ctx.local(n)[1]:].strip()):
            return a, b, "membership.branch"
        if _BRANCH_OF_GAP.match(gap):
            return b, a, "membership.branch"
        if _IS_BRANCH_OF_GAP.match(gap):
            return a, b, "membership.branch"
        if _INCLUDES.search(gap) and len(gap) < 40:
            return b, a, "membership.includes"
    return None


# ---------------------------------------------------------------- opposition

_OPPOSE = re.compile(
    r"\b(?:fight(?:s|ing)?(?:\s+against)?|fought(?:\s+against)?|oppos(?:e|es|ed|ing)|war\s+(?:with|against|on)|"
    r"combat(?:ing)?|campaign\s+against|offensive\s+against|clashes\s+(?:with|against)|enemies|at\s+war\s+with|"
    r"counter-?attacks?(?:\s+[\w-]+){0,3}?\s+against)\b",
    re.I,
)


_FOUGHT_BESIDE = re.compile(r"\s+(?:alongside|together\s+with|on\s+the\s+side\s+of|side\s+by\s+side\s+with|beside)\b", re.I)


@rule("opposition.verb")
def oppositions(ctx: SentenceContext) -> list[Fact]:
    """"X is fighting Y", "X opposes Y", "war with Y"."""
    actors = {"State", "Coalition", "ArmedGroup", "Person"}
    facts = []
    if not ctx.fast(_OPPOSE_LOW).search(ctx.lower):
        return facts
    for match in ctx.finditer_i(_OPPOSE):  # (offsets only: the lower-cased twin is exact)
        if _FOUGHT_BESIDE.match(ctx.text, match.end()):
            continue  # "fought alongside Russian forces": on the same side
        subject = _nearest_before(ctx, match.start(), actors, max_gap=50)
        objects = ctx.mentions_within(match.end(), min(len(ctx.text), match.end() + 40), actors)
        if subject and objects and subject.entity != objects[0].entity and not _is_supporter(ctx, objects[0]):
            facts.append(Fact("Opposition", ctx.article.id, {"party": [subject.entity, objects[0].entity]},
                              [ctx.evidence("opposition.verb", 0.6)]))
    return _dedupe(facts)


_ANTI_LIST = re.compile(r"(?:[“\"]?anti-[\w-]+[”\"]?\s*(?:,|and|, and)\s*)*[“\"]?anti-$", re.I)
_DESCRIBED_AS = re.compile(r"\b(?:is|was|as|are|were|been|being)\s+(?:an?|the)\s+(?:[\w-]+\s+)?$", re.I)
_ANTI_HOLDER_GAP = re.compile(r"[”\"]?(?:\s*(?:,|and)\s*[“\"]?anti-[\w-]+[”\"]?)*\s+(?:[a-z][\w-]*\s+)?")


@rule("opposition.anti")
def anti(ctx: SentenceContext) -> list[Fact]:
    """"anti-Assad rebels" (the rebels oppose Assad), "described X as an anti-Hezbollah
    powerbroker" (X opposes Hezbollah)."""
    facts: list[Fact] = []
    if "anti-" not in ctx.text and "Anti-" not in ctx.text:
        return facts
    actors = {"State", "Coalition", "ArmedGroup", "Person"}
    for m in ctx.mentions:
        s, e = ctx.local(m)
        if m.entity.type not in actors or ctx.text[max(0, s - 5):s].lower() != "anti-":
            continue
        holder = _anti_holder(ctx, m, actors)
        if holder is not None and holder != m.entity:
            facts.append(Fact("Opposition", ctx.article.id, {"party": [holder, m.entity]},
                              [ctx.evidence("opposition.anti", 0.6)]))
    return _dedupe(facts)


def _anti_holder(ctx: SentenceContext, m: Mention, actors: set[str]) -> Entity | None:
    """Who is "anti-X": the actor the adjective qualifies, or the one described as such."""
    s, e = ctx.local(m)
    after = [n for n in ctx.mentions_within(e, min(len(ctx.text), e + 60), actors)]
    if after and _ANTI_HOLDER_GAP.fullmatch(ctx.between(e, ctx.local(after[0])[0])):
        return after[0].entity
    head = _ANTI_LIST.search(ctx.text, max(0, s - 80), s)
    start = head.start() if head else s - 5
    if _DESCRIBED_AS.search(ctx.text, max(0, start - 30), start):
        described = _nearest_before(ctx, start, actors, max_gap=40)
        return described.entity if described is not None else None
    return None


_LAUNCHED = re.compile(
    r"^\s*(?:has\s+|had\s+)?(?:launched|began|begun|started|opened|stepped up|intensified)\s+(?:a|an|its|their|the)?\s*"
    r"(?:[\w-]+\s+){0,2}(?:intervention|air campaign|bombing campaign|campaign|air ?strikes|strikes|air operation|operation)\b", re.I)


def update_state(ctx: SentenceContext) -> None:
    """Remember the last person and organisation named, for pronouns in later sentences, and
    who launched a campaign ("Russia launched a military intervention"), the attacker of
    strikes reported later without one."""
    if ctx.state.last_attacker is None:
        for m in ctx.mentions:
            if m.entity.type in ATTACKER_TYPES and not m.entity.generic and _LAUNCHED.match(ctx.text[ctx.local(m)[1]:]):
                ctx.state.last_attacker = m.entity
                break
    _update_scene(ctx)
    _update_subjects(ctx)
    for m in ctx.mentions:
        if m.entity.type == "Person":
            ctx.state.last_person = m.entity
        elif m.entity.type in {"Organization", "ArmedGroup"} and not m.entity.generic:
            ctx.state.last_org = m.entity
        if m.entity.type in GROUP_TYPES and not m.entity.generic:
            ctx.state.last_group = m.entity
            if m.entity.type == "Coalition":
                ctx.state.last_coalition = m.entity


_LIST_JOINT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")
_RUN_VERB = re.compile(r"\s+(?:\w+ly\s+|also\s+|jointly\s+)?(?:[a-z]+ed|launched|began|carried|conducted|struck|"
                       r"fired|sent|made|took|have|has|had|were|are)\b")


_SUBJECT_TYPES = ATTACKER_TYPES | {"Organization"}


def _update_subjects(ctx: SentenceContext) -> None:
    """Remember a list of two or more actors that is the subject of a verb ("the United States,
    France, and the United Kingdom carried out …"), for "They said" in the next sentence."""
    actors = [m for m in ctx.mentions if m.entity.type in _SUBJECT_TYPES and not m.entity.generic]
    if len(actors) < 2:
        return
    run = [actors[0]]
    for m in actors[1:]:
        if _LIST_JOINT.fullmatch(ctx.text, ctx.local(run[-1])[1], ctx.local(m)[0]):
            run.append(m)
            continue
        if len(run) >= 2:
            break
        run = [m]
    if len(run) >= 2 and _RUN_VERB.match(ctx.text, ctx.local(run[-1])[1]):
        ctx.state.last_subjects = _unique([m.entity for m in run])
        ctx.state.last_subjects_sentence = ctx.sentence.index


# Only a setting ("in northern Latakia", "across the Hama countryside"), not an object ("bombed Raqqa").
_SCENE_BEFORE = re.compile(
    r"\b(?:in|near|around|across|outside)\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern|-?western|-?eastern)?\s+|central\s+|rural\s+)?$", re.I)
_ELSEWHERE = re.compile(r"\b(?:other|another)\s+(?:\w+\s+)?(?:cit(?:y|ies)|towns?|villages?|areas?|places?|regions?|provinces?|parts?|fronts?)\b|\belsewhere\b", re.I)


def _update_scene(ctx: SentenceContext) -> None:
    """The sentence's last place named after a locative word ("in northern Latakia") sets
    the scene for a strike in the next sentences that names no place."""
    for m in reversed(ctx.mentions):
        if m.entity.type == "Place":
            s = ctx.local(m)[0]
            if ctx.search_i(_SCENE_BEFORE, max(0, s - 40), s):
                ctx.state.scene, ctx.state.scene_sentence, ctx.state.scene_offset = m.entity, ctx.sentence.index, m.span.start
                return


def scene_place(ctx: SentenceContext) -> Entity | None:
    """The place set by the sentence before, in the same paragraph, if any."""
    state = ctx.state
    if state.scene is None or ctx.sentence.index - state.scene_sentence != 1 or _ELSEWHERE.search(ctx.text):
        return None
    if "\n\n" in ctx.article.text[state.scene_offset:ctx.sentence.start]:
        return None
    return state.scene


_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at)-")  # "al-Assad" -> "Assad"
def surname(name: str) -> str:
    """"Bashar al-Assad" → "Assad": the last word without an Arabic article."""
    return _ARABIC_ARTICLE.sub("", name.split()[-1]) if name.split() else name


def leader_index(mentions: list[Mention]) -> tuple[dict[str, Entity], dict[str, Entity]]:
    """Persons of an article by surname, and the governments the article names after one of
    them ("Assad regime", "pro-Assad forces") by that surname."""
    persons = {surname(m.entity.name): m.entity for m in mentions if m.entity.type == "Person"}
    regimes: dict[str, Entity] = {}
    for m in mentions if persons else ():  # (a regime is named after a person of the article)
        if m.entity.type == "State":
            for word in _CAP_WORD.findall(m.span.text):
                if word in persons and word != m.entity.name:
                    regimes.setdefault(word, m.entity)
    return persons, regimes


def command_index(mentions: list[Mention], states: dict[str, Entity]) -> dict[Entity, Entity]:
    """The military commands an article names, each with the state whose name begins its own
    ("United States Central Command" → United States): a command strikes as its state."""
    found: dict[Entity, Entity] = {}
    for m in mentions:
        entity = m.entity
        if entity.type == "Organization" and entity.name.endswith(" Command") and entity not in found:
            words = entity.name.split()
            state = next((states[n] for k in (1, 2, 3) if (n := " ".join(words[:k])) in states), None)
            if state is not None:
                found[entity] = state
    return found


def _lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A case-insensitive pattern made case-sensitive, to search ``ctx.lower`` for presence only
    (about three times faster than re.I). Its literals must all be lower case. (A list of words
    is searched as a trie: see :func:`presence_pattern`.)"""
    assert not re.search(r"(?<!\\)[A-Z]", re.sub(r"\(\?P[<=]", "", pattern.pattern)), pattern.pattern
    return presence_pattern(re.compile(pattern.pattern))


_STRIKE_TRIGGER_LOW = _lowered(_STRIKE_TRIGGER)
if _STRIKE_TRIGGER_LOW.pattern == _STRIKE_TRIGGER.pattern:
    # the trigger is no plain word list (it has the located "attack" and the fire alternatives):
    # its noun and verb words as one trie, the other alternatives as they are (same presence)
    _WORDS_LOW = _lowered(re.compile(rf"\b(?:{_STRIKE_NOUN}|{_STRIKE_VERB})\b", re.I)).pattern
    _STRIKE_TRIGGER_LOW = re.compile(rf"\b(?:{_WORDS_LOW[2:-2]}|{_ATTACK_LOCATED}|{_FIRE_ALT})\b")
# The trigger as two tries (nouns, then verbs) finding the same matches: for the scans of the strike rule.
_STRIKE_TRIGGER_SCAN = (
    re.compile(rf"\b(?:(?P<noun>{ordered_trie(_STRIKE_NOUN)}|{_ATTACK_LOCATED})|(?P<verb>{ordered_trie(_STRIKE_VERB)})"
               rf"|(?P<fire>{_FIRE_ALT}))\b", re.I)
    if _STRIKE_TRIGGER.pattern == rf"\b(?:(?P<noun>{_STRIKE_NOUN}|{_ATTACK_LOCATED})|(?P<verb>{_STRIKE_VERB})|(?P<fire>{_FIRE_ALT}))\b"
    and _STRIKE_TRIGGER.flags == re.compile("", re.I).flags else _STRIKE_TRIGGER)
_SPEECH_LOW = _lowered(_SPEECH_ANY_CASE)
_HEDGE_LOW = _lowered(_HEDGE)
_OPPOSE_LOW = _lowered(_OPPOSE)
# Pre-checks asked only whether the lower-cased sentence has a match: their words as one trie.
_AIR_CONTEXT, _SUPPORT_HINT, _WITH_NOUNS, _SENT_WORDS, _ALLY_OF_WORDS, _NOT_JOINT, _KILL_WORDS = map(
    presence_pattern, (_AIR_CONTEXT, _SUPPORT_HINT, _WITH_NOUNS, _SENT_WORDS, _ALLY_OF_WORDS, _NOT_JOINT, _KILL_WORDS))
# Pre-checks most sentences fail, tried with `in` on their needed strings first (see GatedPattern;
# kept only where measured faster: a gate of common strings costs more than it saves).
_HEDGE_LOW, _KILL_WORDS, _NOT_JOINT, _ALLY_OF_WORDS, _SENT_WORDS, _FOUND_WORDS, _CONSIST_WORDS, _EXAMPLE_WORDS, _MEMBER_WORDS = map(
    gated, (_HEDGE_LOW, _KILL_WORDS, _NOT_JOINT, _ALLY_OF_WORDS, _SENT_WORDS, _FOUND_WORDS, _CONSIST_WORDS, _EXAMPLE_WORDS,
            _MEMBER_WORDS))
_OWNER_SPEECH, _BACKED = map(gated, (_OWNER_SPEECH, _BACKED))  # (whole-sentence scans; their words are rare)
