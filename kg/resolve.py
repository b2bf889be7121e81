"""Resolve: one entity per real actor across articles.

Names the gazetteer lacks are merged when they share a type and a transliteration
key (a consonant skeleton: "Tajamu Alezzah" and "Tajamu’ al-Izza" both give
``tjmlz``), and mapped onto a gazetteer entity when its key matches one of its names.
The canonical name is the surface form seen most often (the longest on a tie).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import replace

from .gazetteer import Gazetteer
from .model import Entity, Extraction, Fact, Mention

_VOWELS = set("aeiouy")
MIN_KEY_LENGTH = 4


def transliteration_key(name: str) -> str:
    """A spelling-tolerant key for a name: lower case, no diacritics or apostrophes,
    no leading "the", vowels dropped after the first letter, doubled letters collapsed,
    a final "h" dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[’'‘`]", "", text)
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    if words and words[0] == "the":
        words = words[1:]
    joined = "".join(words)
    if not joined:
        return ""
    skeleton = joined[0] + "".join(c for c in joined[1:] if c not in _VOWELS)
    skeleton = re.sub(r"(.)\1+", r"\1", skeleton)
    return skeleton[:-1] if skeleton.endswith("h") and len(skeleton) > 1 else skeleton


def _gazetteer_keys(gazetteer: Gazetteer) -> dict[tuple[str, str], Entity]:
    keys: dict[tuple[str, str], Entity] = {}
    for entity in gazetteer.entities:
        for form in {entity.name, *entity.aliases}:
            key = transliteration_key(form)
            if len(key) >= MIN_KEY_LENGTH:
                keys.setdefault((entity.type, key), entity)
    return keys


def resolve(extractions: list[Extraction], gazetteer: Gazetteer) -> list[Extraction]:
    """Replace every entity by its canonical form, with all surface forms as aliases."""
    known = set(gazetteer.entities)
    gaz_keys = _gazetteer_keys(gazetteer)
    surfaces: dict[Entity, Counter[str]] = defaultdict(Counter)
    for extraction in extractions:
        for mention in extraction.mentions:
            surfaces[mention.entity][mention.span.text] += 1
    clusters: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    mapping: dict[Entity, Entity] = {}
    for entity in surfaces:
        if entity in known:
            continue
        key = transliteration_key(entity.name)
        if len(key) >= MIN_KEY_LENGTH and (entity.type, key) in gaz_keys:
            mapping[entity] = gaz_keys[(entity.type, key)]
        else:
            clusters[(entity.type, key if len(key) >= MIN_KEY_LENGTH else entity.name)].append(entity)
    for members in clusters.values():
        counts: Counter[str] = Counter()
        for member in members:
            counts[member.name] += sum(surfaces[member].values())
        name = sorted(counts, key=lambda n: (-counts[n], -len(n), n))[0]
        canonical = Entity(name, members[0].type, members[0].generic)
        for member in members:
            mapping[member] = canonical
    final: dict[Entity, Entity] = {}
    seen_forms: dict[Entity, set[str]] = defaultdict(set)
    for entity, forms in surfaces.items():
        seen_forms[mapping.get(entity, entity)].update(forms)
    for target, forms in seen_forms.items():
        final[target] = replace(target, aliases=frozenset(forms - {target.name}))

    def canon(entity: Entity) -> Entity:
        target = mapping.get(entity, entity)
        return final.get(target, target)

    return [_rewrite(x, canon) for x in extractions]


def _rewrite(extraction: Extraction, canon) -> Extraction:
    mentions = [Mention(m.span, canon(m.entity), m.rule, m.confidence) for m in extraction.mentions]
    facts = [_rewrite_fact(f, canon) for f in extraction.facts]
    return Extraction(extraction.article, mentions, facts)


def _rewrite_fact(fact: Fact, canon) -> Fact:
    roles = {}
    for role, entities in fact.roles.items():
        unique: list[Entity] = []
        for e in entities:
            c = canon(e)
            if c not in unique:
                unique.append(c)
        roles[role] = unique
    return replace(fact, roles=roles)
