"""The gazetteer: well-known names of a conflict, read from a Turtle data file.

It holds names and types only (never facts of the conflict) and, for places, the country they
lie in (``skos:broader``); the extractor uses it to recognise mentions. Users add a conflict by writing another file of the same shape.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

from .errors import KGError
from .model import ENTITY_TYPES, Entity
from .resources import gazetteer_path

KGO = rdflib.Namespace("https://w3id.org/conflict-kg/ontology#")


@dataclass
class Gazetteer:
    """Entities and an alias index (surface form → entities it may name)."""

    entities: list[Entity] = field(default_factory=list)
    by_alias: dict[str, list[Entity]] = field(default_factory=lambda: defaultdict(list))
    within: dict[Entity, Entity] = field(default_factory=dict)  # place → the country it lies in (skos:broader)

    def add(self, entity: Entity) -> None:
        """Index an entity under its name and every alias."""
        self.entities.append(entity)
        for form in {entity.name, *entity.aliases}:
            if entity not in self.by_alias[form]:
                self.by_alias[form].append(entity)

    def lookup(self, surface: str) -> list[Entity]:
        """Entities a surface form may name: exact first, then case-insensitive."""
        found = self.by_alias.get(surface)
        if found:
            return found
        return self._lower_index().get(surface.lower(), [])

    def _lower_index(self) -> dict[str, list[Entity]]:
        if not hasattr(self, "_lower"):
            index: dict[str, list[Entity]] = defaultdict(list)
            for form, ents in self.by_alias.items():
                if len(form) > 4:
                    index[form.lower()].extend(e for e in ents if e not in index[form.lower()])
            self._lower = index
        return self._lower


def _entity_type(types: set[str]) -> str | None:
    for name in ENTITY_TYPES:
        if name in types:
            return name
    return None


def load_gazetteer(*paths: str | Path) -> Gazetteer:
    """Read one or more gazetteer files (default: the bundled one) into a Gazetteer."""
    graph = rdflib.Graph(bind_namespaces="core")
    for path in paths or (gazetteer_path(),):
        try:
            graph.parse(str(path), format="turtle")
        except FileNotFoundError:
            raise KGError(path, "gazetteer file not found") from None
        except Exception as exc:  # rdflib raises many parser error types
            raise KGError(path, f"not valid Turtle: {str(exc).splitlines()[0]}") from None
    gazetteer = Gazetteer()
    by_subject: dict[rdflib.term.Node, Entity] = {}
    for subject in sorted(set(graph.subjects(RDFS.label, None))):
        types = {str(t).rsplit("#", 1)[-1] for t in graph.objects(subject, RDF.type)}
        kind = _entity_type(types)
        if kind is None:
            continue
        label = str(graph.value(subject, RDFS.label))
        aliases = frozenset(str(a) for a in graph.objects(subject, SKOS.altLabel))
        by_subject[subject] = Entity(label, kind, generic="GenericGroup" in types, aliases=aliases)
        gazetteer.add(by_subject[subject])
    for place, country in graph.subject_objects(SKOS.broader):
        if place in by_subject and country in by_subject:
            gazetteer.within[by_subject[place]] = by_subject[country]
    return gazetteer
