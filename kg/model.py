"""Plain dataclasses passed between the stages: ingest → extract → resolve → build.

Nothing here knows RDF or spaCy; each stage reads and writes these types only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ACTOR_TYPES = ("Person", "State", "ArmedGroup", "Coalition", "Organization")
ENTITY_TYPES = ACTOR_TYPES + ("Place", "Weapon")
FACT_KINDS = ("Strike", "Statement", "Alliance", "Support", "Membership", "Opposition")


def _set_fields(obj: object, fields: dict) -> None:
    """Give a new frozen dataclass instance its fields in one step (its own __setattr__ refuses)."""
    object.__setattr__(obj, "__dict__", fields)


@dataclass(frozen=True)
class Article:
    """One source text, kept byte-for-byte so evidence offsets index into it."""

    id: str  # the file name, e.g. 000_f817eb891a78295b.txt
    text: str
    title: str = ""
    publisher: str = ""
    date: date | None = None
    url: str = ""


@dataclass(frozen=True)
class Span:
    """A slice of an article's text: ``article.text[start:end] == text``."""

    article_id: str
    start: int
    end: int
    text: str

    # Written out because the extractor makes tens of thousands per megabyte: the frozen
    # dataclass's generated __init__ calls object.__setattr__ once per field (about 1.6x slower).
    def __init__(self, article_id: str, start: int, end: int, text: str) -> None:
        _set_fields(self, {"article_id": article_id, "start": start, "end": end, "text": text})


@dataclass(frozen=True, eq=False)
class Entity:
    """One real-world actor, place or weapon, identified by its canonical name."""

    name: str
    type: str  # one of ENTITY_TYPES
    generic: bool = field(default=False, compare=False)  # "rebels": not one organisation
    aliases: frozenset[str] = field(default=frozenset(), compare=False)

    # What @dataclass(frozen=True) generates (equal by name and type), with a shortcut for the
    # same object: the extractor compares entities very often, mostly the gazetteer's own objects.
    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.name, self.type) == (other.name, other.type)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.name, self.type))

    @property
    def is_actor(self) -> bool:
        """True for persons, states, groups, coalitions and organisations."""
        return self.type in ACTOR_TYPES


@dataclass(frozen=True)
class Mention:
    """A surface form in the text that names an entity."""

    span: Span
    entity: Entity
    rule: str  # which recogniser found it
    confidence: float

    def __init__(self, span: Span, entity: Entity, rule: str, confidence: float) -> None:  # (see Span)
        _set_fields(self, {"span": span, "entity": entity, "rule": rule, "confidence": confidence})


@dataclass
class Evidence:
    """The span a fact was read from, with the rule that read it and how sure it is."""

    span: Span
    rule: str
    confidence: float
    sentence: str = ""


@dataclass
class Fact:
    """One reported fact. ``roles`` maps a role name to the entities that fill it.

    Roles by kind:
      Strike: attacker, target, place, weapon, claimed_by, disputed_by
      Statement: speaker, about, place
      Support: supporter, recipient, weapon, claimed_by, disputed_by
      Alliance: party, claimed_by, disputed_by
      Membership: member, group
      Opposition: party (first opposes the others)
    """

    kind: str  # one of FACT_KINDS
    article_id: str
    roles: dict[str, list[Entity]]
    evidence: list[Evidence]
    date: date | None = None
    date_precision: str = ""  # day, month or year
    quote: str = ""
    casualties: int | None = None
    hedged: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    def role(self, name: str) -> list[Entity]:
        """The entities filling ``name``, or an empty list."""
        return self.roles.get(name, [])

    @property
    def confidence(self) -> float:
        """The highest confidence of any evidence for this fact."""
        return max((e.confidence for e in self.evidence), default=0.0)


@dataclass
class Extraction:
    """Everything read from one article."""

    article: Article
    mentions: list[Mention]
    facts: list[Fact]
