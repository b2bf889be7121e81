"""Rules added after the fourth held-out set (issue #4): each with a sentence it must read and
a near miss it must not."""

from __future__ import annotations

from datetime import date
from functools import partial

from rule_helpers import names, speakers, targets
from rule_helpers import read as read_published

read = partial(read_published, published=date(2020, 1, 1))


# ---------------------------------------------------------------- ministries

def test_states_ministry_speaks_not_the_state(extractor):
    x = read(extractor, "Saudi Arabia's energy ministry stated that the facilities would reopen.")
    assert speakers(x) == {"Saudi Arabia Ministry of Energy"}
    near = read(extractor, "Saudi Arabia stated that the facilities would reopen.")
    assert speakers(near) == {"Saudi Arabia"}


def test_demonym_ministry_after_according_to(extractor):
    x = read(extractor, "Fires were put out, according to the Saudi Arabian interior ministry.")
    assert speakers(x) == {"Saudi Arabian Ministry of Interior"}
    assert "Saudi Arabia" not in speakers(x)
    near = read(extractor, "The ministry of the interior was consulted.")
    assert not names(near, "Organization")


def test_capitalised_foreign_ministry_in_a_list_of_speakers(extractor):
    x = read(extractor, "Iraq's Foreign Ministry and the Kurdistan Regional Government have condemned the strikes.")
    assert speakers(x) == {"Iraq Ministry of Foreign Affairs", "Kurdistan Regional Government"}
    near = read(extractor, "The Ministry of Foreign Affairs of Iraq condemned the strikes.")
    assert "Iraq Ministry of Foreign Affairs" not in speakers(near)


# ---------------------------------------------------------------- titled persons, owners' words

def test_lower_case_title_before_a_name(extractor):
    x = read(extractor, 'Egyptian president Abdel Fattah el-Sisi said Egypt "will not allow the conflict".')
    assert speakers(x) == {"Abdel Fattah el-Sisi"}
    near = read(extractor, "The president said Egypt would not allow the conflict.")
    assert "Abdel Fattah el-Sisi" not in speakers(near)


def test_an_owners_denial_makes_the_owner_speak(extractor):
    x = read(extractor, "Officials said the attacks originated in Iran, despite Iran's denial.")
    assert "Iran" in speakers(x)
    near = read(extractor, "Officials said the attacks originated in Iran's territory.")
    assert "Iran" not in speakers(near)


# ---------------------------------------------------------------- names, vague sources, hearers

def test_committee_of_the_name_is_not_cut(extractor):
    x = read(extractor, "According to the International Committee of the Red Cross (ICRC) in Yemen, dozens died.")
    assert speakers(x) == {"International Committee of the Red Cross"}
    assert "International Committee" not in names(x, "Organization")


def test_vague_plural_source_is_no_speaker(extractor):
    assert not speakers(read(extractor, "Sources reported at least thirteen deaths."))
    assert speakers(read(extractor, "Reuters reported at least thirteen deaths.")) == {"Reuters"}


def test_the_hearer_of_told_is_no_speaker(extractor):
    x = read(extractor, "A former detainee told the Associated Press that the Houthis were repairing weapons.")
    assert "Associated Press" not in speakers(x)
    near = read(extractor, "The prison was a weapons depot, said the Associated Press.")
    assert "Associated Press" in speakers(near)


# ---------------------------------------------------------------- targets

def test_owner_of_the_targeted_actor_is_no_target(extractor):
    x = read(extractor, "The United States launched airstrikes targeting Iran's Islamic Revolutionary Guard Corps in Syria.")
    assert targets(x) == {"Islamic Revolutionary Guard Corps"}
    near = read(extractor, "The United States launched airstrikes targeting Iran and the Islamic Revolutionary Guard Corps.")
    assert "Iran" in targets(near)


def test_state_backed_group_is_not_the_state(extractor):
    x = read(extractor, "The United States carried out airstrikes targeting Iran-affiliated militia groups in Iraq.")
    assert "Iran" not in targets(x)


def test_countries_naming_a_war_are_no_targets(extractor):
    x = read(extractor, "Russian airstrikes were the first attacks on Iranian soil since the end of the Iran-Iraq war.")
    assert "Iraq" not in targets(x)
    near = read(extractor, "Russian airstrikes hit Iran and Iraq.")
    assert "Iraq" in targets(near)


def test_group_name_with_ul_particle(extractor):
    x = read(extractor, "Iran conducted missile strikes, asserting that it had targeted militants of the separatist group Jaish ul-Adl.")
    assert "Jaish ul-Adl" in names(x, "ArmedGroup")
    assert "Jaish ul-Adl" in targets(x)
