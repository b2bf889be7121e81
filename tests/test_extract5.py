"""Rules added after the fifth held-out set (issue #4): each with an invented sentence it must
read and, where sensible, a near miss it must not."""

from __future__ import annotations

from datetime import date
from functools import partial

import pytest

from kg.extract import Extractor
from kg.gazetteer import load_gazetteer
from rule_helpers import names, pairs, speakers, targets
from rule_helpers import read as read_published

read = partial(read_published, published=date(2021, 6, 1))


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_gazetteer())


# ---------------------------------------------------------------- gazetteer: states of the world

def test_states_outside_the_original_conflicts_are_known(extractor):
    x = read(extractor, "Kenya and Norway said the talks would resume; Malian troops left Gao.")
    assert {"Kenya", "Norway", "Mali"} <= names(x, "State")
    assert {"Kenya", "Norway"} <= speakers(x)


def test_main_armed_groups_of_other_wars_are_known(extractor):
    x = read(extractor, "Nigerian jets bombed Boko Haram camps while the Taliban denied hosting the TTP.")
    assert {"Boko Haram", "Taliban", "Tehrik-i-Taliban Pakistan"} <= names(x, "ArmedGroup")
    assert "Boko Haram" in targets(x)


# ---------------------------------------------------------------- a country as setting, not target

def test_a_country_qualifying_a_place_or_victims_is_not_the_target(extractor):
    x = read(extractor, "Russian missiles struck a market in the Ukrainian town of Izium, killing nine Ukrainian civilians.")
    assert "Ukraine" not in targets(x)
    x = read(extractor, "Jets bombed a depot in the Kunar Province of eastern Afghanistan.")
    assert "Afghanistan" not in targets(x)
    near = read(extractor, "Russian missiles struck Ukrainian positions near Izium.")
    assert "Ukraine" in targets(near)
