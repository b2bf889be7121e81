"""Fact rules: each reads one sentence (with its mentions and the article's running
context) and returns the facts it finds. Rules register themselves in ``RULES`` so
a user can add one for a new conflict without editing the core.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from ..model import Article, Entity, Evidence, Fact, Mention, Span
from .dates import find_date
from .text import Sentence

ATTACKER_TYPES = {"State", "Coalition", "ArmedGroup"}
TARGET_TYPES = {"ArmedGroup", "Coalition", "State"}
GROUP_TYPES = {"ArmedGroup", "Coalition"}

SPEECH_VERBS = (
    r"said|says|say|told|tells|stated|states|announced|announces|claimed|claims|claim|"
    r"reported|reports|report|warned|warns|added|adds|insisted|insists|denied|denies|deny|"
    r"accused|accuses|confirmed|confirms|argued|argues|commented|stressed|noted|acknowledged|"
    r"admitted|admits|suggested|suggests|explained|reiterated|wrote|writes|predicted|expressed|"
    r"estimates|believes|described|concluded|asserted|assessed"
)
_SPEECH = re.compile(rf"\b(?:has |have |had |also |then |later )?(?:{SPEECH_VERBS})\b")
_ACCORDING = re.compile(r"\baccording to\b", re.I)
_PRONOUN_SPEAKER = re.compile(r"\b(he|she)\s+(?:also\s+|later\s+)?(?:" + SPEECH_VERBS + r")\b", re.I)
_DEFINITE_GROUP = re.compile(
    r"\bthe\s+(?:\w+\s+)?(group|organi[sz]ation|monitor|agency|ministry|observatory|network)\s+(?:also\s+)?(?:"
    + SPEECH_VERBS + r")\b", re.I)
_QUOTED = re.compile(r"[“\"]([^”\"]{3,})[”\"]")

_STRIKE_NOUN = r"air ?strikes?|air raids?|raids?|strikes?|bombing(?: campaign| runs?| raids?)?|bombardment|bombs|sorties|air campaign|aerial campaign|air operations|missile strikes?|cruise missiles"
_STRIKE_VERB = r"struck|strikes|striking|strike|hit|hits|hitting|bombed|bomb|bombing|pounded|pounding|pound|targeted|targeting|targets|target|attacked|attacking|shelled|shelling|destroyed|destroying|raided"
_STRIKE_TRIGGER = re.compile(rf"\b(?:(?P<noun>{_STRIKE_NOUN})|(?P<verb>{_STRIKE_VERB}))\b", re.I)
_AIR_AGENT = re.compile(r"\b(?:jets?|warplanes?|bombers?|aircraft|air ?force|helicopters?|planes?|drones?|aviation|fighter jets?)\b", re.I)
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
_BACKED_BY = re.compile(r"\b(?:backed|supported|armed|funded|sponsored|trained|equipped)\s+by\s+(?:the\s+)?", re.I)
_SUPPORT_VERB = re.compile(
    r"\b(?:support(?:s|ed|ing)?|back(?:s|ed|ing)?|arm(?:s|ed|ing)|fund(?:s|ed|ing)?|suppl(?:y|ies|ied|ying)|"
    r"train(?:s|ed|ing)|equip(?:s|ped|ping)?|help(?:s|ed|ing)?|aid(?:s|ed|ing)|propping up|prop up|bolster(?:s|ed|ing)?)\b"
    r"(?:\s+(?:of|for|to))?", re.I)
_LIST_INTRO = re.compile(r"\b(?:including|such as|among them|notably)\b", re.I)
_CLAUSE_BREAK = re.compile(r";|\s[–—-]\s|\bwhile\b|\bwhereas\b|\bbut\b")

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
    last_person: Entity | None = None
    last_org: Entity | None = None
    last_speaker: Entity | None = None
    last_speaker_sentence: int = -10
    names_by_entity: dict[Entity, str] = field(default_factory=dict)


@dataclass
class SentenceContext:
    """One sentence, its mentions, and the article state."""

    article: Article
    sentence: Sentence
    mentions: list[Mention]
    state: ArticleState

    @property
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
        found = []
        for m in self.mentions:
            s, e = self.local(m)
            if s >= start and e <= end and (types is None or m.entity.type in types):
                found.append(m)
        return found

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


def _speaker_before(ctx: SentenceContext, verb_start: int) -> Entity | None:
    """The subject of a speech verb: the actor just before it, skipping an appositive."""
    actors = {"Person", "State", "Organization", "ArmedGroup", "Coalition"}
    candidates = [m for m in ctx.mentions if ctx.local(m)[1] <= verb_start and m.entity.type in actors]
    if not candidates:
        return None
    last = candidates[-1]
    gap = ctx.between(ctx.local(last)[1], verb_start)
    if len(gap) <= 25 and not re.search(r"[.;:“”\"]", gap):
        # "X, head of Y, said": the speaker is the person before the appositive
        tail = ctx.between(0, verb_start).rstrip()
        if tail.endswith(","):
            people = [m for m in candidates if m.entity.type == "Person" and verb_start - ctx.local(m)[1] < 160]
            if people and people[0] is not last:
                return people[0].entity
        return last.entity
    return None


def find_attribution(ctx: SentenceContext) -> Attribution | None:
    """Who the sentence says is speaking, and where the speech verb is."""
    text = ctx.text
    for verb in _SPEECH.finditer(text):
        definite = _DEFINITE_GROUP.search(text, 0, verb.end())
        if definite and definite.end() == verb.end():
            return Attribution(ctx.state.last_org, verb.start(), verb.end())
        pronoun = _PRONOUN_SPEAKER.search(text, 0, verb.end())
        if pronoun and pronoun.end() == verb.end():
            return Attribution(ctx.state.last_person, verb.start(), verb.end())
        speaker = _speaker_before(ctx, verb.start())
        if speaker is None:
            after = ctx.mentions_within(verb.end(), min(len(text), verb.end() + 45), {"Person", "Organization", "State"})
            if after and re.match(r"^[\s,]*(?:(?:the|Press|White House|spokesman|Secretary|[A-Z]\w+)\s+){0,4}$", text[verb.end():ctx.local(after[0])[0]]):
                speaker = after[0].entity
        if speaker is not None:
            return Attribution(speaker, verb.start(), verb.end())
    according = _ACCORDING.search(text)
    if according:
        after = ctx.mentions_within(according.end(), min(len(text), according.end() + 60))
        if after and after[0].entity.is_actor:
            return Attribution(after[0].entity, according.start(), according.end())
    return None


# ---------------------------------------------------------------- statements

@rule("statement.speech-verb")
def statements(ctx: SentenceContext) -> list[Fact]:
    """A sentence that reports someone's words: speaker and quote."""
    attribution = find_attribution(ctx)
    quote = " ".join(q.group(1).strip() for q in _QUOTED.finditer(ctx.text))
    speaker, confidence, rule_name = None, 0.8, "statement.speech-verb"
    if attribution and attribution.speaker is not None:
        speaker = attribution.speaker
    elif ctx.text[:1] in "“\"" and ctx.state.last_speaker is not None and (
        ctx.sentence.index - ctx.state.last_speaker_sentence <= 2
    ):
        speaker, confidence, rule_name = ctx.state.last_speaker, 0.6, "statement.quote-continuation"
    if speaker is None or not speaker.is_actor:
        return []
    ctx.state.last_speaker = speaker
    ctx.state.last_speaker_sentence = ctx.sentence.index
    about = [m.entity for m in ctx.mentions if m.entity != speaker and m.entity.is_actor]
    fact = Fact("Statement", ctx.article.id, {"speaker": [speaker], "about": _unique(about)},
                [ctx.evidence(rule_name, confidence)], quote=quote or ctx.text)
    fact.date, fact.date_precision = find_date(ctx.text, ctx.article.date)
    return [fact]


# ---------------------------------------------------------------- strikes

def _unique(entities: list[Entity]) -> list[Entity]:
    seen: list[Entity] = []
    for e in entities:
        if e not in seen:
            seen.append(e)
    return seen


def _is_supporter(ctx: SentenceContext, m: Mention) -> bool:
    s, e = ctx.local(m)
    return bool(re.match(r"^-(?:backed|based|led|linked|supported|funded|armed)", ctx.text[e:e + 12])) or bool(
        re.search(r"\b(?:backed|supported|armed|funded)\s+by\s+(?:the\s+)?$", ctx.text[max(0, s - 25):s]))


def _attacker(ctx: SentenceContext, trigger: re.Match[str], region_start: int) -> tuple[Entity | None, float]:
    """The actor that carried out the strike, read from the words before the trigger."""
    window = ctx.text[region_start:trigger.start()]
    clause_cut = max((m.end() for m in _CLAUSE_BREAK.finditer(window)), default=0)
    start = region_start + clause_cut
    candidates = [
        m for m in ctx.mentions_within(start, trigger.start(), ATTACKER_TYPES)
        if not _is_supporter(ctx, m) and not m.entity.generic
    ]
    if candidates:
        chosen = candidates[-1]
        gap = ctx.between(ctx.local(chosen)[1], trigger.start())
        if len(gap) <= 70:
            return chosen.entity, 0.85
    after = ctx.text[trigger.end():trigger.end() + 20]
    by = re.match(r"^\s+(?:\w+\s+)?by\s+(?:the\s+)?", after)
    if by:
        agents = ctx.mentions_within(trigger.end(), trigger.end() + by.end() + 30, ATTACKER_TYPES)
        if agents:
            return agents[0].entity, 0.85
    if ctx.state.last_attacker is not None:
        return ctx.state.last_attacker, 0.55
    return None, 0.0


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
    attribution = find_attribution(ctx)
    region_start = attribution.verb_end if attribution and attribution.speaker else 0
    trigger = next((t for t in _STRIKE_TRIGGER.finditer(ctx.text, region_start) if _is_strike_trigger(ctx, t)), None)
    if trigger is None:
        return []
    if _negated(ctx, trigger, region_start):
        return []  # "Russia is not bombing ISIS": a denial, not a strike
    passive = bool(_PASSIVE.search(ctx.text[max(0, trigger.start() - 25):trigger.start()]))
    attacker, confidence = _attacker(ctx, trigger, region_start) if not passive else (None, 0.0)
    if passive:
        attacker, confidence = _passive_attacker(ctx, trigger)
    if attacker is None:
        return []
    ctx.state.last_attacker = attacker
    target_start = region_start if passive else trigger.start()
    targets = [
        m for m in ctx.mentions_within(target_start, len(ctx.text), TARGET_TYPES)
        if m.entity != attacker and not _is_supporter(ctx, m)
        and not re.search(r"\b(?:not|than)\s+$", ctx.text[max(0, ctx.local(m)[0] - 6):ctx.local(m)[0]])
        and not re.search(r"\bby\s+(?:the\s+)?$", ctx.text[max(0, ctx.local(m)[0] - 8):ctx.local(m)[0]])
    ]
    places = [m for m in ctx.mentions_within(region_start, len(ctx.text), {"Place"})]
    weapons = [m.entity for m in ctx.mentions_within(region_start, len(ctx.text), {"Weapon"})
               if not re.match(r"^\s*(?:missile\s+|anti-tank\s+missile\s+)?recipients?\b", ctx.text[ctx.local(m)[1]:ctx.local(m)[1] + 30])]
    when, precision = find_date(ctx.text[region_start:], ctx.article.date)
    claimed = [attribution.speaker] if attribution and attribution.speaker else []
    hedged = bool(_HEDGE.search(ctx.text))
    casualties = _casualties(ctx.text)
    base = dict(weapon=_unique(weapons), claimed_by=claimed)
    facts = []
    runs = _target_runs(ctx, targets) or [[]]
    for i, run in enumerate(runs):
        next_start = ctx.local(runs[i + 1][0])[0] if i + 1 < len(runs) else len(ctx.text)
        run_places = _places_for(ctx, run, next_start, places) if run else _unique([p.entity for p in places])
        for target in run or [None]:
            roles = {"attacker": [attacker], "target": [target.entity] if target else [], "place": run_places, **base}
            fact = Fact("Strike", ctx.article.id, {k: v for k, v in roles.items() if v},
                        [ctx.evidence("strike.trigger", confidence)], date=when, date_precision=precision,
                        casualties=casualties, hedged=hedged)
            facts.append(fact)
    return facts


def _is_strike_trigger(ctx: SentenceContext, trigger: re.Match[str]) -> bool:
    word = trigger.group(0).lower()
    before = ctx.text[max(0, trigger.start() - 40):trigger.start()]
    if word in {"strike", "strikes", "raids", "raid", "bombs", "target", "targets", "hit", "hits"} and trigger.group("noun"):
        # a bare "strike(s)" needs an air context or an attacker adjective next to it
        return bool(_AIR_AGENT.search(ctx.text) or re.search(r"\b(?:air|missile|Russian|American|US|coalition)\W*$", before, re.I))
    if trigger.group("verb") and word in {"target", "targets", "hit", "hits", "destroyed", "destroying"}:
        return bool(_AIR_AGENT.search(ctx.text) or re.search(r"air ?strikes?|raids?|bombing", ctx.text, re.I))
    if re.search(r"\b(?:terror|information|suicide|Paris)\s+$", before, re.I):
        return False
    return True


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
                          hedged=bool(_HEDGE.search(ctx.text))))
    return facts


@rule("support.backed")
def support_backed(ctx: SentenceContext) -> list[Fact]:
    """"US-backed X", "X, backed by Iran", "Russia supports X", "supply of W to X"."""
    facts: list[Fact] = []
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
    for match in _BACKED_BY.finditer(ctx.text):
        supporters = ctx.mentions_within(match.end(), min(len(ctx.text), match.end() + 30), actor_types)
        recipient = _nearest_before(ctx, match.start(), actor_types, max_gap=60)
        specific = [m for m in ctx.mentions_within(max(0, match.start() - 90), match.start(), GROUP_TYPES) if not m.entity.generic]
        if specific and recipient is not None and recipient.entity.generic:
            recipient = specific[-1]
        if supporters and recipient is not None:
            facts += _support_fact(ctx, supporters[0].entity, [recipient.entity], [], "support.backed-by", 0.8)
    for match in _SUPPORT_VERB.finditer(ctx.text):
        if ctx.text[max(0, match.start() - 1):match.start()] == "-" or re.match(r"\s+by\b", ctx.text[match.end():]):
            continue
        supporter = _nearest_before(ctx, match.start(), {"State", "Coalition", "ArmedGroup", "Person"}, max_gap=45)
        if supporter is None or _is_supporter(ctx, supporter):
            continue
        window_end = min(len(ctx.text), match.end() + 60)
        weapons = [m.entity for m in ctx.mentions_within(match.end(), window_end, {"Weapon"})]
        recipients = [m for m in ctx.mentions_within(match.end(), window_end, actor_types) if m.entity != supporter.entity]
        if recipients:
            facts += _support_fact(ctx, supporter.entity, [recipients[0].entity], weapons, "support.verb", 0.7)
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


@rule("alliance.ally")
def alliances(ctx: SentenceContext) -> list[Fact]:
    """"X's ally Y", "X and its allies Y and Z", "an alliance between X and Y", "alongside X"."""
    actors = {"State", "Coalition", "ArmedGroup", "Person"}
    facts = []
    for match in _ALLY_OF.finditer(ctx.text):
        owner = _nearest_before(ctx, match.start() + 1, actors, max_gap=40)
        if owner is None and re.match(r"(?i)his|her", match.group(0)):
            owner_entity = ctx.state.last_person
        else:
            owner_entity = owner.entity if owner else None
        allies = ctx.mentions_within(match.end(), min(len(ctx.text), match.end() + 45), actors)
        allies = [m for m in allies if not _is_supporter(ctx, m)]
        if not allies:
            # "Bashar al-Assad, long Russia's closest ally": the ally is named before
            before = _nearest_before(ctx, (ctx.local(owner)[0] if owner else match.start()), actors, max_gap=20)
            allies = [before] if before else []
        run = _target_runs(ctx, allies)[0] if allies else []
        # "Assad and his allies, the anti-Assad rebels": the run can name the owner again.
        if owner_entity is not None and len(_unique([owner_entity] + [m.entity for m in run])) >= 2:
            facts.append(_alliance_fact(ctx, [owner_entity] + [m.entity for m in run], "alliance.ally", 0.8))
    for match in _ALLIANCE.finditer(ctx.text):
        parties = [m.entity for m in ctx.mentions_within(match.end(), len(ctx.text), actors) if not m.entity.generic]
        if match.group(0).lower().startswith(("alongside", "partnered", "in concert")):
            subject = _nearest_before(ctx, match.start(), actors, max_gap=120)
            parties = ([subject.entity] if subject else []) + parties[:1]
        if len(_unique(parties)) >= 2:
            facts.append(_alliance_fact(ctx, parties, "alliance.between", 0.75))
    for match in re.finditer(r"\b(?:and|with)\s+(?:their|its|his)\s+(?:\w+\s+)?", ctx.text):
        allies = ctx.mentions_within(match.end(), min(len(ctx.text), match.end() + 30), actors)
        if allies and _ALLIES_AFTER.match(ctx.text[ctx.local(allies[0])[1]:].strip()):
            owner = _nearest_before(ctx, match.start(), actors, max_gap=40)
            if owner:
                facts.append(_alliance_fact(ctx, [owner.entity, allies[0].entity], "alliance.their-allies", 0.7))
    return _dedupe(facts)


def _alliance_fact(ctx: SentenceContext, parties: list[Entity], rule_name: str, confidence: float) -> Fact:
    return Fact("Alliance", ctx.article.id, {"party": _unique(parties)}, [ctx.evidence(rule_name, confidence)],
                hedged=bool(_HEDGE.search(ctx.text)))


# ---------------------------------------------------------------- membership

_TITLE_WORDS = re.compile(
    r"^(?:\s*(?:[Pp]resident|[Pp]rime [Mm]inister|[Ff]oreign [Mm]inister|[Dd]efen[cs]e [Mm]inister|[Mm]inister|"
    r"[Ss]ecretary(?: of [Ss]tate)?|[Dd]efen[cs]e [Ss]ecretary|[Ss]pokes(?:man|woman|person)|[Pp]ress [Ss]ecretary|"
    r"[Gg]eneral|[Cc]ommander|[Cc]hief|[Aa]mbassador|[Ee]nvoy|[Ll]eader|[Hh]ead|[Oo]fficial|[Dd]irector|"
    r"[Gg]eneral [Mm]ajor|[Mm]ajor|[Cc]olonel|[Aa]dmiral|[Mm]anaging [Ee]ditor|[Ee]ditor|[Cc]orrespondent|"
    r"[Ff]oreign|[Dd]efen[cs]e|[Ss]tate|[Mm]ilitary|[Ss]enior|[Tt]op|[Ff]ormer|[Dd]eputy|the|[Pp]ress)\s*)+$"
)
_ROLE_OF = re.compile(
    r"^,?\s+(?:the\s+|a\s+|an\s+)?(?:\w+\s+){0,2}(?:head|chief|leader|spokes(?:man|woman|person)|member|commander|"
    r"president|director|founder|editor|official|officer|minister|ambassador|envoy|secretary|chief-of-staff)"
    r"\s+(?:of|for|at|in)\s+(?:the\s+)?(?:[\w-]+-backed\s+)?$",
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
    for i, m in enumerate(ms):
        for j in range(i + 1, min(i + 4, len(ms))):
            n = ms[j]
            gap = ctx.between(ctx.local(m)[1], ctx.local(n)[0])
            pair = _membership_pair(ctx, m, n, gap)
            if pair:
                member, group, rule_name = pair
                facts.append(Fact("Membership", ctx.article.id, {"member": [member], "group": [group]},
                                  [ctx.evidence(rule_name, 0.75)]))
                break
    return _dedupe(facts)


def _membership_pair(ctx: SentenceContext, m: Mention, n: Mention, gap: str) -> tuple[Entity, Entity, str] | None:
    a, b = m.entity, n.entity
    if a == b or not (a.is_actor and b.is_actor):
        return None
    if b.type == "Person" and a.type in {"State", "Organization", "Coalition", "ArmedGroup"}:
        if (gap.strip() == "" and a.type == "State") or (gap.strip() and _TITLE_WORDS.match(gap)) or gap in {"’s ", "'s "}:
            return b, a, "membership.title"
    if a.type == "Person" and b.type in {"State", "Organization", "Coalition", "ArmedGroup"} and _ROLE_OF.match(gap):
        return a, b, "membership.role-of"
    if a.type in GROUP_TYPES and b.type in GROUP_TYPES | {"State"}:
        if _UNIT_OF.match(gap) and a.type in {"State", "ArmedGroup"}:
            return b, a, "membership.unit-of"
    if a.type == "State" and b.type in GROUP_TYPES and _UNIT_OF.match(gap):
        return b, a, "membership.unit-of"
    if b.type in GROUP_TYPES and a.type in GROUP_TYPES:
        if re.match(r"^,\s+(?:\w+(?:’s|'s)\s+)?$", gap) and _BRANCH.match(ctx.text[ctx.local(n)[1]:].strip()):
            return a, b, "membership.branch"
        if re.match(r"^\s+(?:branch|affiliate|wing|offshoot)\s+(?:of\s+)?(?:the\s+)?$", gap, re.I):
            return b, a, "membership.branch"
        if re.match(r"^\s+is\s+(?:the|a|an)\s+(?:\w+\s+)?(?:branch|affiliate|wing|offshoot|part)\s+of\s+(?:the\s+)?$", gap, re.I):
            return a, b, "membership.branch"
        if _INCLUDES.search(gap) and len(gap) < 40:
            return b, a, "membership.includes"
    return None


# ---------------------------------------------------------------- opposition

_OPPOSE = re.compile(
    r"\b(?:fight(?:s|ing)?(?:\s+against)?|fought(?:\s+against)?|oppos(?:e|es|ed|ing)|war\s+(?:with|against|on)|"
    r"combat(?:ing)?|campaign\s+against|offensive\s+against|clashes\s+(?:with|against)|enemies|at\s+war\s+with)\b",
    re.I,
)


@rule("opposition.verb")
def oppositions(ctx: SentenceContext) -> list[Fact]:
    """"X is fighting Y", "X opposes Y", "war with Y"."""
    actors = {"State", "Coalition", "ArmedGroup", "Person"}
    facts = []
    for match in _OPPOSE.finditer(ctx.text):
        subject = _nearest_before(ctx, match.start(), actors, max_gap=50)
        objects = ctx.mentions_within(match.end(), min(len(ctx.text), match.end() + 40), actors)
        if subject and objects and subject.entity != objects[0].entity and not _is_supporter(ctx, objects[0]):
            facts.append(Fact("Opposition", ctx.article.id, {"party": [subject.entity, objects[0].entity]},
                              [ctx.evidence("opposition.verb", 0.6)]))
    return _dedupe(facts)


def update_state(ctx: SentenceContext) -> None:
    """Remember the last person and organisation named, for pronouns in later sentences."""
    for m in ctx.mentions:
        if m.entity.type == "Person":
            ctx.state.last_person = m.entity
        elif m.entity.type in {"Organization", "ArmedGroup"} and not m.entity.generic:
            ctx.state.last_org = m.entity
