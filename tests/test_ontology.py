"""The ontology file holds the public vocabulary, parses, and loads in owlready2."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from kg.build import KGO
from kg.resources import gazetteer_path, ontology_path

# The contract of shared/vocabulary.md: users' queries depend on these names.
VOCABULARY_CLASSES = [
    "Actor", "Person", "State", "ArmedGroup", "Coalition", "Organization", "Strike", "Statement",
    "Alliance", "Support", "Place", "Weapon", "Article", "Evidence", "USBackedGroup", "TOWRecipient",
]
VOCABULARY_OBJECT_PROPERTIES = [
    "attacker", "target", "place", "weapon", "claimedBy", "disputedBy", "speaker", "about", "party",
    "supporter", "recipient", "supplies", "struck", "alliedWith", "supportedBy", "receivedWeapon",
    "memberOf", "opposes", "reportedIn", "inArticle",
]
VOCABULARY_DATA_PROPERTIES = [
    "date", "datePrecision", "casualties", "quote", "exactText", "startOffset", "endOffset",
    "confidence", "extractor",
]
SUBCLASSES = {"Person": "Actor", "State": "Actor", "ArmedGroup": "Actor", "Coalition": "Actor",
              "Organization": "Actor", "USBackedGroup": "ArmedGroup", "TOWRecipient": "Actor"}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(ontology_path(), format="turtle")
    return graph


@pytest.mark.parametrize("name", VOCABULARY_CLASSES)
def test_vocabulary_class_declared_with_label_and_comment(ontology, name):
    assert (KGO[name], RDF.type, OWL.Class) in ontology
    assert ontology.value(KGO[name], RDFS.label) is not None
    assert ontology.value(KGO[name], RDFS.comment) is not None


@pytest.mark.parametrize("name", VOCABULARY_OBJECT_PROPERTIES)
def test_vocabulary_object_property_declared(ontology, name):
    assert (KGO[name], RDF.type, OWL.ObjectProperty) in ontology


@pytest.mark.parametrize("name", VOCABULARY_DATA_PROPERTIES)
def test_vocabulary_data_property_declared(ontology, name):
    assert (KGO[name], RDF.type, OWL.DatatypeProperty) in ontology


def test_subclass_tree(ontology):
    for child, parent in SUBCLASSES.items():
        closure = set(ontology.transitive_objects(KGO[child], RDFS.subClassOf))
        equivalents = list(ontology.objects(KGO[child], OWL.equivalentClass))
        members = {m for e in equivalents for lst in ontology.objects(e, OWL.intersectionOf)
                   for m in rdflib.collection.Collection(ontology, lst)}
        assert KGO[parent] in closure | members, child


def test_allied_with_is_symmetric(ontology):
    assert (KGO.alliedWith, RDF.type, OWL.SymmetricProperty) in ontology


def test_defined_classes_are_equivalences(ontology):
    for name in ("USBackedGroup", "TOWRecipient"):
        assert list(ontology.objects(KGO[name], OWL.equivalentClass)), name


def test_every_used_term_is_declared(ontology):
    """OWL 2 DL needs every property and class used in an axiom to be declared."""
    declared = set(ontology.subjects(RDF.type, None))
    for s, p, o in ontology:
        if p in (RDFS.domain, RDFS.range, RDFS.subClassOf) and isinstance(o, rdflib.URIRef):
            assert o in declared or str(o).startswith(str(rdflib.XSD)), o


def test_loads_in_owlready2(ontology, tmp_path):
    owlready2 = pytest.importorskip("owlready2")
    xml = tmp_path / "conflict-kg.owl"
    ontology.serialize(xml, format="xml")
    world = owlready2.World()
    onto = world.get_ontology(xml.as_uri()).load()
    names = {c.name for c in onto.classes()}
    assert set(VOCABULARY_CLASSES) <= names


def test_gazetteer_holds_names_and_types_only():
    graph = rdflib.Graph()
    graph.parse(gazetteer_path(), format="turtle")
    # skos:broader: the country a place lies in (geography, not a fact of the conflict; the extractor
    # reads it to tell whether a report is about that country)
    skos = "http://www.w3.org/2004/02/skos/core#"
    allowed = {RDF.type, RDFS.label, rdflib.URIRef(skos + "altLabel"), rdflib.URIRef(skos + "broader")}
    assert {p for _, p, _ in graph} <= allowed
