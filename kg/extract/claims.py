"""Claims: who asserts a strike, support or alliance, and who disputes it.

A denial is never read as a positive fact. It becomes the same fact with a
``disputed_by`` role (and a ``claimed_by`` role when the text names who made the
claim that is being denied):

- "Moscow's assertion that it had hit Islamic State was immediately disputed by the
  United States and rebels" → Strike Russia→Islamic State, claimed_by Russia,
  disputed_by United States and rebels (rule ``claim.disputed-assertion``);
- "Putin denied reports that civilians were killed in any Russian airstrikes" →
  Strike by Russia disputed_by Putin (rule ``claim.denied-report``);
- "officials have gone as far as to say that Russia is not bombing ISIS" → Strike
  Russia→Islamic State disputed_by United States (rule ``claim.denial``); a denial in
  the article's own voice ("Russian airstrikes aren't targeting ISIS") is disputed by
  the article's publisher.

Entry points: :func:`disputed_assertions` is a sentence rule registered in ``RULES``;
:func:`denied_strike` is called by the strike rule when its trigger is negated;
:func:`attribute_claims` post-processes one article's facts (a sentence owned by a claim
rule keeps only that rule's strikes; a strike whose predicate is negated after its noun
becomes a denial; "X said it hit Y" gets X's state as attacker; a support or alliance
reported by a speaker is claimed by them, a negated one disputed). Across articles,
:func:`affiliations` maps a claimant to the actor it speaks for and :func:`complete_claims`
finishes self-claims one article could not (run by :mod:`kg.merge`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from ..model import Article, Entity, Extraction, Fact, Mention
from .rules import (ATTACKER_TYPES, BACKING_VERBS, TARGET_TYPES, SentenceContext, _HYPOTHETICAL, _PLANNED, _not_a_target, _places,
                    _unique, rule)
from .names import presence_pattern
from .text import folded_for

ACTOR_TYPES = {"Person", "State", "Organization", "ArmedGroup", "Coalition"}

_CLAIM_NOUN = r"assertions?|claims?|contentions?|insistence|statements?|reports?|allegations?|suggestions?|accounts?"
_DISPUTE_VERB = r"disputed|denied|rejected|contradicted|challenged|questioned|refuted|dismissed"
_DISPUTE_VERB_ACTIVE = r"denied|denies|deny|disputed|disputes|dispute|rejected|rejects|reject|dismissed|dismisses|contradicted|contradicts|refuted|refutes"
_PASSIVE_DISPUTE = re.compile(
    rf"\b(?P<noun>{_CLAIM_NOUN})\s+that\s+(?P<clause>.+?)\s+(?:was|were|is|are|has been|have been|had been)\s+"
    rf"(?:\w+ly\s+)?(?:{_DISPUTE_VERB})\s+by\s+(?:the\s+)?(?P<by>.+)$", re.I)
_ACTIVE_DISPUTE = re.compile(
    rf"\b(?:{_DISPUTE_VERB_ACTIVE})\s+(?:the\s+|any\s+)?(?:(?P<owner>[\w’'. -]{{2,40}}?)(?:’s|'s)\s+)?"
    rf"(?:{_CLAIM_NOUN})\s+that\s+(?P<clause>.+)$", re.I)
_STRIKE_WORD = re.compile(
    r"\b(?:air ?strikes?|air raids?|raids?|strikes?|struck|strik(?:e|es|ing)|hit(?:s|ting)?|bomb(?:s|ed|ing)?|"
    r"pound(?:s|ed|ing)?|target(?:s|ed|ing)?|attack(?:s|ed|ing)?|shell(?:ed|ing)|destroy(?:s|ed|ing)?|sorties|air campaign|"
    r"killed)\b", re.I)
_STRIKE_ACT = r"target(?:s|ed|ing)?|bomb(?:s|ed|ing)?|strik(?:e|es|ing)|struck|hit(?:s|ting)?|attack(?:s|ed|ing)?"
_NOUN_NEGATED = re.compile(
    rf"\b(?:air ?strikes?|strikes|raids|bombs|jets|warplanes)\s+(?:(?:in|on|over)\s+\w+\s+)?(?:are|were|is|was|have|has|did)?\s*"
    rf"(?:not|n[’']t|never)\s+(?:\w+ly\s+)?(?:been\s+)?(?:{_STRIKE_ACT})\b", re.I)
_PRONOUN_OBJECT = re.compile(r"^\s+(?:them|it|us|him)\b", re.I)
_SELF_CLAIM = re.compile(
    r"\b(?:said|says|claimed|claims|told\s+\w+|insisted|announced|stated)\s+(?:that\s+)?(?P<pronoun>he|she|it|they|we)\b"
    r"(?:\s+\w+){0,3}?\s+(?:" + _STRIKE_ACT + r"|carried out|launched|conducted|destroyed)\b", re.I)
_REPORTING = re.compile(r"\b(?:said|says|told|claimed|claims|insisted|insists|announced|reported|stated|"
                        r"denied|denies)\b|\baccording to\b", re.I)
_RELATION_NEGATED = re.compile(
    r"\b(?:not|n[’']t|never|denied|denies|deny|denying)\s+(?:\w+\s+){0,2}?"
    rf"(?:{BACKING_VERBS}|arm|aid|train|allied|allies|ally)\b", re.I)
_CONTRARY = re.compile(r"\b(?:despite|contrary to|in spite of)\s+what\b", re.I)
_TARGET_OF = re.compile(r"^\s+(?:for|of)\s+(?:the\s+)?")
_LOOSE_SPEECH = re.compile(r"\b(?:say|says|said|saying|admit|admits|admitted|admitting|insist|insists|insisted|"
                           r"claim|claims|claimed|argue|argues|argued|deny|denies|denied|conclude|concluded)\b", re.I)
_CLAUSE_END = re.compile(r"[,;:]|\s[–—-]\s|\bbut\b|\bwhile\b|\bat least\b")
# A cheap pre-check on the lower-cased sentence: both dispute patterns need a dispute verb (and "that").
_DISPUTE_CUE = presence_pattern(re.compile(f"{_DISPUTE_VERB}|{_DISPUTE_VERB_ACTIVE}"))  # (a trie of the verbs)


# ---------------------------------------------------------------- helpers

def _search_i(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)`` for a re.I pattern, run on the lower-cased text when that finds the
    same (see :func:`kg.extract.text.folds_exactly`); the match's text may come out lower-cased."""
    pattern, text = folded_for(pattern, text)
    return pattern.search(text)


def publisher_entity(article: Article) -> Entity | None:
    """The article's publisher as an Organization: who speaks when the article itself denies."""
    name = re.sub(r"\s*\(.*?\)\s*", " ", article.publisher).strip()
    return Entity(name, "Organization") if name else None


def _coordinated(ctx: SentenceContext, start: int, end: int, types: set[str]) -> list[Entity]:
    """The first run of coordinated mentions in [start, end): "the United States and rebels"."""
    found: list[Mention] = []
    for m in ctx.mentions_within(start, end, types):
        if found:
            gap = ctx.between(ctx.local(found[-1])[1], ctx.local(m)[0])
            if not re.fullmatch(r"\s*(?:,|and|, and|&|or|, or|as well as|, as well as)\s*(?:the\s+)?(?:other\s+)?", gap):
                break
        found.append(m)
    return _unique([m.entity for m in found])


def _clause_end(text: str, start: int) -> int:
    match = _CLAUSE_END.search(text, start)
    return match.start() if match else len(text)


def _owner_before(ctx: SentenceContext, pos: int) -> Entity | None:
    """The actor named just before ``pos`` (a possessive such as "Moscow's")."""
    before = [m for m in ctx.mentions if ctx.local(m)[1] <= pos and m.entity.type in ACTOR_TYPES]
    if before and pos - ctx.local(before[-1])[1] <= 4:
        return before[-1].entity
    return None


def _clause_places(ctx: SentenceContext, trigger: re.Match[str], attacker: Entity, start: int, end: int) -> list[Entity]:
    """Places of the strike named in [start, end), read as the strike rule reads them (after a
    locative word: "in Syria", not "the Kremlin's biggest Middle East intervention")."""
    return _unique([m.entity for m in _places(ctx, trigger, attacker, start, end)])


def _strike_fact(ctx: SentenceContext, rule_name: str, attacker: Entity, targets: list[Entity],
                 claimed: list[Entity], disputed: list[Entity], places_from: int = 0,
                 places: list[Entity] | None = None) -> list[Fact]:
    """One claimed and/or disputed Strike per target, with the sentence as evidence; ``places``
    (default: every place named from ``places_from`` on), the date from the whole sentence."""
    if places is None:
        places = _unique([m.entity for m in ctx.mentions_within(places_from, len(ctx.text), {"Place"})])
    when, precision = ctx.find_date(ctx.text)
    facts = []
    for target in targets or [None]:
        roles = {"attacker": [attacker], "target": [target] if target else [], "place": places,
                 "claimed_by": [c for c in claimed if c != target], "disputed_by": disputed}
        facts.append(Fact("Strike", ctx.article.id, {k: v for k, v in roles.items() if v},
                          [ctx.evidence(rule_name, 0.75)], date=when, date_precision=precision,
                          extra={"owner": rule_name}))
    return facts


def _attacker_in(ctx: SentenceContext, start: int, end: int, fallback: Entity | None) -> Entity | None:
    """The last attacker-type actor in [start, end), else ``fallback`` (for "it", "they")."""
    found = [m for m in ctx.mentions_within(start, end, ATTACKER_TYPES) if not m.entity.generic]
    return found[-1].entity if found else fallback


def _speaks_for(entity: Entity | None) -> Entity | None:
    """A claimant that can itself be an attacker (a state or group), else None."""
    return entity if entity is not None and entity.type in ATTACKER_TYPES else None


# ---------------------------------------------------------------- sentence rules

def _may_dispute(ctx: SentenceContext) -> bool:
    """False only when neither _PASSIVE_DISPUTE nor _ACTIVE_DISPUTE can match: the sentence
    lacks "that" or every dispute verb (checked on the lower-cased text, ~20x cheaper)."""
    if not ctx.folds_exactly:
        return True
    low = ctx.lower
    return "that" in low and _DISPUTE_CUE.search(low) is not None


@rule("claim.disputed-assertion")
def disputed_assertions(ctx: SentenceContext) -> list[Fact]:
    """"X's assertion that it had hit Y was disputed by A and B"; "A denied (X's) reports that ..."."""
    if not _may_dispute(ctx):
        return []
    text = ctx.text
    passive = _PASSIVE_DISPUTE.search(text)
    if passive and _STRIKE_WORD.search(passive.group("clause")):
        claimant = _owner_before(ctx, passive.start())
        clause_start, clause_end = passive.start("clause"), passive.end("clause")
        trigger = _STRIKE_WORD.search(text, clause_start, clause_end)
        attacker = _attacker_in(ctx, clause_start, trigger.start(), _speaks_for(claimant) or ctx.state.last_attacker)
        if attacker is None:
            return []
        targets = [m.entity for m in ctx.mentions_within(trigger.end(), clause_end, TARGET_TYPES) if m.entity != attacker]
        by_end = _clause_end(text, passive.start("by"))
        disputers = _coordinated(ctx, passive.start("by"), by_end, ACTOR_TYPES)
        if not disputers:
            return []
        facts = _strike_fact(ctx, "claim.disputed-assertion", attacker, _unique(targets),
                             [claimant] if claimant else [], disputers,
                             places=_clause_places(ctx, trigger, attacker, clause_start, clause_end))
        return facts + _undisputed_prefix(ctx, passive.start())
    active = _ACTIVE_DISPUTE.search(text)
    if active and _STRIKE_WORD.search(active.group("clause")):
        disputers = [m.entity for m in ctx.mentions if ctx.local(m)[1] <= active.start()
                     and active.start() - ctx.local(m)[1] <= 40 and m.entity.type in ACTOR_TYPES]
        if not disputers:
            return []
        clause_start = active.start("clause")
        clause_end = _clause_end(text, clause_start)
        owner = [m.entity for m in ctx.mentions_within(active.start(), clause_start, ACTOR_TYPES)]
        trigger = _STRIKE_WORD.search(text, clause_start)
        attacker = _attacker_in(ctx, clause_start, len(text), _speaks_for(owner[0] if owner else None))
        if attacker is None or trigger is None:
            return []
        targets = [m.entity for m in ctx.mentions_within(trigger.end(), clause_end, TARGET_TYPES) if m.entity != attacker]
        return _strike_fact(ctx, "claim.denied-report", attacker, _unique(targets), owner[:1], disputers[-1:])
    return []


_TRAILING_SPEECH = re.compile(r"\s(?:said|say|says|reported|report|claimed|claim|told\s+\w+)[.”\"’']*\s*$", re.I)
_BY_AGENT = re.compile(r"^\s+by\s+(?:the\s+)?", re.I)


@rule("claim.trailing-attribution")
def trailing_attribution(ctx: SentenceContext) -> list[Fact]:
    """"Areas of Homs struck by the Russians are held by rebel groups, activists and rebels said":
    the strike is claimed by the speakers named at the end of the sentence."""
    said = ctx.search_i(_TRAILING_SPEECH)
    if said is None:
        return []
    named = ctx.mentions_within(max(0, said.start() - 35), said.start() + 1, ACTOR_TYPES)
    trigger = ctx.search_i(_STRIKE_WORD, 0, said.start())
    if not named or trigger is None:
        return []
    before = ctx.text[max(0, trigger.start() - 40):trigger.start()]
    if _PLANNED.search(before) or _HYPOTHETICAL.search(before):
        return []  # "a haven from which to plan future attacks against X, the command said": no strike
    speakers, cut = [m.entity for m in named], ctx.local(named[0])[0]
    agent = _BY_AGENT.match(ctx.text[trigger.end():])
    attacker = None
    if agent:
        after = ctx.mentions_within(trigger.end(), trigger.end() + agent.end() + 30, ATTACKER_TYPES)
        attacker = after[0].entity if after else None
    attacker = attacker or _attacker_in(ctx, 0, trigger.start(), None)
    if attacker is None or attacker in speakers or any(ctx.state.commands.get(s) == attacker for s in speakers):
        return []  # "a U.S. strike killed …, U.S. Africa Command said": the attacker reports its own strike
    targets = [m.entity for m in ctx.mentions_within(trigger.end(), cut, TARGET_TYPES)
               if m.entity not in speakers and not _not_a_target(ctx, m, attacker)]  # not "in Somalia"
    return _strike_fact(ctx, "claim.trailing-attribution", attacker, _unique(targets), _unique(speakers), [])


def _undisputed_prefix(ctx: SentenceContext, end: int) -> list[Fact]:
    """"Russia launched air strikes in Syria on Wednesday, but ...": the undisputed strike before the claim."""
    trigger = _STRIKE_WORD.search(ctx.text, 0, end)
    if trigger is None:
        return []
    attacker = _attacker_in(ctx, 0, trigger.start(), None)
    if attacker is None:
        return []
    places = _clause_places(ctx, trigger, attacker, 0, end)
    when, precision = ctx.find_date(ctx.text[:end])
    roles = {"attacker": [attacker], "place": places}
    return [Fact("Strike", ctx.article.id, {k: v for k, v in roles.items() if v},
                 [ctx.evidence("claim.undisputed-part", 0.7, 0, end)], date=when, date_precision=precision,
                 extra={"owner": "claim.undisputed-part"})]


def denied_strike(ctx: SentenceContext, trigger: re.Match[str], region_start: int, speaker: Entity | None) -> list[Fact]:
    """A negated strike ("Russia is not bombing ISIS") as a Strike disputed by whoever says so.

    The disputer is the speaker when the sentence attributes the words, else the article's
    publisher (the article's own voice). Targets are read from the negated clause only; an
    object pronoun ("not targeting them") refers to the speaker.
    """
    claimed: list[Entity] = []
    if speaker is None:
        speaker = _loose_speaker(ctx, trigger.start())
    if speaker is not None and _CONTRARY.search(ctx.text[:trigger.start()]):
        claimed = [speaker]  # "Despite what the Kremlin claims, ...": the article disputes the claim
        speaker = None
    attacker = _attacker_of(ctx, trigger) or _attacker_in(ctx, region_start, trigger.start(), ctx.state.last_attacker)
    disputer = speaker or publisher_entity(ctx.article)
    if attacker is None or disputer is None or disputer == attacker:
        return []
    end = _clause_end(ctx.text, trigger.end())
    targets = [m.entity for m in ctx.mentions_within(trigger.end(), end, TARGET_TYPES) if m.entity != attacker]
    if not targets and speaker is not None and speaker.type in TARGET_TYPES and _PRONOUN_OBJECT.match(ctx.text[trigger.end():]):
        targets = [speaker]
    if not targets:
        subject = _attacker_in(ctx, region_start, trigger.start(), None)
        targets = [subject] if subject is not None and subject != attacker else []
    return _strike_fact(ctx, "claim.denial", attacker, _unique(targets), claimed, [disputer],
                        places=_clause_places(ctx, trigger, attacker, region_start, end))


def _attacker_of(ctx: SentenceContext, trigger: re.Match[str]) -> Entity | None:
    """"ISIS is not the main target for Russia's airstrikes": the attacker named after the trigger."""
    after = _TARGET_OF.match(ctx.text[trigger.end():])
    if not after:
        return None
    found = ctx.mentions_within(trigger.end() + after.end(), trigger.end() + after.end() + 30, ATTACKER_TYPES)
    return found[0].entity if found else None


def _loose_speaker(ctx: SentenceContext, pos: int) -> Entity | None:
    """"American officials have gone as far as to say that ...", "even ISIS is admitting that ...":
    the actor shortly before the last speech verb before ``pos``."""
    verbs = list(_LOOSE_SPEECH.finditer(ctx.text, 0, pos))
    if not verbs:
        return None
    verb = verbs[-1].start()
    before = [m for m in ctx.mentions if ctx.local(m)[1] <= verb and verb - ctx.local(m)[1] <= 50
              and m.entity.type in ACTOR_TYPES]
    return before[-1].entity if before else None


# ---------------------------------------------------------------- per-article post-processing

def attribute_claims(article: Article, mentions: list[Mention], facts: list[Fact]) -> list[Fact]:
    """Reconcile one article's facts with its claims and denials (see the module docstring)."""
    # a sentence read by a sentence-level claim rule belongs to it; a denial from the strike rule's
    # loop (one negated trigger) leaves that rule's other strikes in the sentence alone
    owned = {f.evidence[0].sentence for f in facts
             if f.extra.get("owner") not in (None, "claim.denial") and f.evidence}
    kept: list[Fact] = []
    starts: list[int] | None = None  # the mentions' starts, when sorted (as the extractor gives them)
    for fact in facts:
        if fact.kind in ("Support", "Alliance") and fact.evidence:
            if starts is None:
                starts = [m.span.start for m in mentions]
                if any(a > b for a, b in zip(starts, starts[1:])):
                    starts = []
            fact = _attribute_relation(article, mentions, fact, starts)
        if fact.kind == "Strike" and not fact.extra.get("owner"):
            sentence = fact.evidence[0].sentence if fact.evidence else ""
            if sentence in owned:
                continue  # the claim rule read this sentence: its strikes replace the plain ones
            if not fact.role("disputed_by") and _search_i(_NOUN_NEGATED, sentence):
                fact = _as_denial(article, fact)
                if fact is None:
                    continue
            else:
                fact = _self_claim(fact, sentence, mentions)
        kept.append(fact)
    return kept


def _attribute_relation(article: Article, mentions: list[Mention], fact: Fact, starts: list[int] | None = None) -> Fact:
    """Supports and alliances: "X said Russia was moving to ramp up support for Assad" is claimed
    by X; "X denied arming Y" or "Y is not backed by X" is disputed by the speaker (or publisher).
    ``starts``: the mentions' starts if sorted, to look only at those that begin in the sentence."""
    span = fact.evidence[0].span
    sentence = article.text[span.start:span.end]
    near = mentions[bisect_left(starts, span.start):bisect_right(starts, span.end)] if starts else mentions
    inside = [m for m in near if span.start <= m.span.start and m.span.end <= span.end]
    speaker = _speaker_in(sentence, span.start, inside)
    roles = dict(fact.roles)
    if _search_i(_RELATION_NEGATED, sentence):
        disputer = speaker or publisher_entity(article)
        if disputer is None:
            return fact
        roles["disputed_by"] = [disputer]
        roles.pop("claimed_by", None)
    elif speaker is not None and not fact.role("claimed_by"):
        roles["claimed_by"] = [speaker]
    else:
        return fact
    return replace(fact, roles=roles)


def _speaker_in(sentence: str, offset: int, mentions: list[Mention]) -> Entity | None:
    """The actor just before the sentence's first speech verb, or just after "according to"."""
    verb = _search_i(_REPORTING, sentence)
    if verb is None:
        return None
    if verb.group(0).lower().startswith("according"):
        after = [m for m in mentions if m.span.start - offset >= verb.end() and m.entity.type in ACTOR_TYPES]
        return after[0].entity if after and after[0].span.start - offset - verb.end() <= 10 else None
    before = [m for m in mentions if m.span.end - offset <= verb.start() and verb.start() - (m.span.end - offset) <= 50
              and m.entity.type in ACTOR_TYPES]
    return before[-1].entity if before else None


def _as_denial(article: Article, fact: Fact) -> Fact | None:
    """"Russian airstrikes aren't targeting ISIS": the speaker (or the publisher) disputes it."""
    disputers = fact.role("claimed_by") or [p for p in [publisher_entity(article)] if p]
    if not disputers:
        return None
    roles = {k: v for k, v in fact.roles.items() if k != "claimed_by"}
    roles["disputed_by"] = disputers
    evidence = [replace(e, rule="claim.denial") for e in fact.evidence]
    return replace(fact, roles=roles, evidence=evidence, extra={**fact.extra, "owner": "claim.denial"})


def _state_by_surface(mentions: list[Mention]) -> dict[str, Entity]:
    """Every name, alias and surface form of the states mentioned ("russian" → Russia)."""
    found: dict[str, Entity] = {}
    seen: set[Entity] = set()
    for m in mentions:
        if m.entity.type == "State":
            found.setdefault(m.span.text.lower(), m.entity)
            if m.entity not in seen:  # each state's names once, not once per mention
                seen.add(m.entity)
                for form in (m.entity.name, *m.entity.aliases):
                    found.setdefault(form.lower(), m.entity)
    return found


def _self_claim(fact: Fact, sentence: str, mentions: list[Mention]) -> Fact:
    """"X said it hit Y": the attacker is X (or the state X speaks for), not an earlier attacker.
    ``mentions`` are the article's (their states are indexed only when a claimant needs it)."""
    claimants = fact.role("claimed_by")
    if len(claimants) != 1 or not _search_i(_SELF_CLAIM, sentence):
        return fact
    claimant = claimants[0]
    attacker = claimant if claimant.type in ATTACKER_TYPES else _demonym_state(claimant, _state_by_surface(mentions))
    if attacker is None or fact.role("attacker") == [attacker]:
        return replace(fact, extra={**fact.extra, "self_claim": "1"}) if attacker is None else fact
    roles = dict(fact.roles, attacker=[attacker])
    roles["target"] = [t for t in fact.role("target") if t != attacker]
    return replace(fact, roles={k: v for k, v in roles.items() if v})


def _demonym_state(entity: Entity, states: dict[str, Entity]) -> Entity | None:
    """"Russian Ministry of Defence" speaks for the state called "Russian" in the text."""
    first = entity.name.split(" ", 1)[0].lower()
    return states.get(first)


# ---------------------------------------------------------------- across articles

def affiliations(extractions: list[Extraction]) -> dict[Entity, Entity]:
    """Who each actor speaks for: itself for states and groups, else the state or group it is a
    member of (Membership facts, followed transitively, in any article), else the state its
    name starts with ("Russian Ministry of Defence" → Russia)."""
    groups: dict[Entity, Entity] = {}
    states: dict[str, Entity] = {}
    for extraction in extractions:
        states.update(_state_by_surface(extraction.mentions))
        for fact in extraction.facts:
            if fact.kind == "Membership":
                for member in fact.role("member"):
                    for group in fact.role("group"):
                        groups.setdefault(member, group)
    result: dict[Entity, Entity] = {}
    actors = {e for x in extractions for m in x.mentions for e in [m.entity] if e.is_actor}
    actors |= {e for x in extractions for f in x.facts for v in f.roles.values() for e in v if e.is_actor}
    for actor in actors:
        current, seen = actor, set()
        while current.type not in ATTACKER_TYPES and current not in seen:
            seen.add(current)
            current = groups.get(current) or _demonym_state(current, states) or current
        result[actor] = current if current.type in ATTACKER_TYPES else actor
    return result


def complete_claims(extractions: list[Extraction], speaks_for=None) -> list[Extraction]:
    """Finish what one article could not: "Mr Putin said he was striking ..." gets Russia as
    attacker once some article says Putin is Russia's president. ``speaks_for`` (anything
    with ``.get(actor)``; default: :func:`affiliations` of ``extractions``) says who speaks for whom."""
    speaks_for = affiliations(extractions) if speaks_for is None else speaks_for
    out = []
    for extraction in extractions:
        facts = []
        for fact in extraction.facts:
            if fact.extra.get("self_claim") and fact.role("claimed_by"):
                attacker = speaks_for.get(fact.role("claimed_by")[0])
                if attacker is not None and attacker.type in ATTACKER_TYPES:
                    roles = dict(fact.roles, attacker=[attacker])
                    roles["target"] = [t for t in fact.role("target") if t != attacker]
                    extra = {k: v for k, v in fact.extra.items() if k != "self_claim"}
                    fact = replace(fact, roles={k: v for k, v in roles.items() if v}, extra=extra)
            facts.append(fact)
        out.append(Extraction(extraction.article, extraction.mentions, facts))
    return out
