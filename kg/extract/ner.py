"""Optional: names from a spaCy statistical model the user has installed.

The default extractor needs no model. Where one is installed (``en_core_web_sm`` or any
pipeline with an ``ner`` or ``entity_ruler`` component), its entities are added as
low-confidence candidates: the gazetteer and the cue-word patterns win any overlap, so
the model only adds names they miss.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import KGError
from ..gazetteer import Gazetteer
from ..model import Entity, Mention, Span

if TYPE_CHECKING:
    from spacy.language import Language

# spaCy (OntoNotes) labels → entity types. GPE names both states and places; the
# gazetteer knows the states, so an unknown GPE is taken as a place.
LABEL_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place"}
MODEL_CONFIDENCE = 0.5


def load_model(model: str | Language) -> Language:
    """A spaCy pipeline: the one given, or the installed package of that name."""
    if not isinstance(model, str):
        return model
    try:
        import spacy
    except ImportError:
        raise KGError(model, "spaCy is not installed (pip install 'conflict-kg[spacy]')") from None

    try:
        return spacy.load(model)
    except OSError:
        raise KGError(model, "spaCy model not installed (e.g. python -m spacy download en_core_web_sm)") from None


def model_mentions(nlp: Language, text: str, article_id: str, gazetteer: Gazetteer) -> list[Mention]:
    """The model's named entities as mentions (gazetteer entities where the name is known)."""
    found = []
    for ent in nlp(text).ents:
        kind = LABEL_TYPES.get(ent.label_)
        surface = ent.text.strip()
        if kind is None or len(surface) < 3 or "\n" in surface:
            continue
        known = gazetteer.lookup(surface)
        entity = known[0] if known else Entity(surface, kind)
        start = ent.start_char + ent.text.index(surface)
        found.append(Mention(Span(article_id, start, start + len(surface), surface), entity, "name.spacy-model",
                             MODEL_CONFIDENCE))
    return found
