"""Rules added for text the rules were not written for (issue #4): each with a sentence it
must read and a near miss it must not."""

from __future__ import annotations

from datetime import date

from rule_helpers import read, names, facts, pairs


# ---------------------------------------------------------------- names

def test_topographic_cue_words_make_places_not_persons(extractor):
    x = read(extractor, "The army captured Tal Thamamiyah and Jabal Bakdash in the Al-Zahiyah Mountains and Point 1112.")
    assert {"Tal Thamamiyah", "Jabal Bakdash", "Al-Zahiyah Mountains", "Point 1112"} <= names(x, "Place")
    assert not names(x, "Person")


def test_a_person_name_never_ends_in_a_place_word(extractor):
    x = read(extractor, "Rebels are active in the Hama and Latakia Governorates.")
    assert not names(x, "Person")
    y = read(extractor, "The talks were led by Basil Zamo and Ahmed Hassan.")
    assert "Ahmed Hassan" in names(y, "Person")  # a person after "and" is still found


def test_governorate_of_a_known_place_is_that_place(extractor):
    x = read(extractor, "The group seized most of Idlib Governorate.")
    assert "Idlib" in names(x, "Place") and "Idlib Governorate" not in names(x, "Place")


def test_names_are_not_cut_at_for_or_of(extractor):
    x = read(extractor, "The report was written by the Tony Blair Institute for Global Change. "
                        "They fought beside the Knights of Justice Brigade and the Army of Glory.")
    assert "Tony Blair Institute for Global Change" in names(x, "Organization")
    assert {"Knights of Justice Brigade", "Army of Glory"} <= names(x, "ArmedGroup")


def test_a_title_or_a_known_leader_after_of_is_not_a_new_group(extractor):
    x = read(extractor, "Commander of the Free Syrian Army Brigade spoke. The Syrian Arab Army of Bashar al-Assad advanced.")
    groups = names(x, "ArmedGroup")
    assert not any(g.startswith("Commander") for g in groups)
    assert not any("Bashar" in g for g in groups)


def test_a_name_stops_at_the_end_of_its_sentence(extractor):
    x = read(extractor, "The members were Jaish al-Sunna and Ajnad al-Sham. Jaish al-Fatah grew.")
    assert "Ajnad al-Sham" in names(x, "ArmedGroup")
    assert not any("." in g for g in names(x, "ArmedGroup"))


def test_forces_with_a_name_is_a_group_but_armed_forces_is_not(extractor):
    x = read(extractor, "The National Defence Forces advanced. The Iraqi Forces and the Armed Forces waited.")
    groups = names(x, "ArmedGroup")
    assert "National Defence Forces" in groups
    assert not {"Iraqi Forces", "Armed Forces"} & groups


def test_an_acronym_in_brackets_stands_for_the_name_before_it(extractor):
    x = read(extractor, "The National Defence Forces (NDF) advanced. Later the NDF withdrew.")
    ndf = [m for m in x.mentions if m.span.text == "NDF"]
    assert len(ndf) == 2 and all(m.entity.name == "National Defence Forces" for m in ndf)
    y = read(extractor, "The offensive (NDF) failed. Later the NDF withdrew.")  # no name before the brackets
    assert not [m for m in y.mentions if m.span.text == "NDF"]


# ---------------------------------------------------------------- strikes, speakers, dates

def test_reported_killed_is_a_participle_not_a_speaker(extractor):
    x = read(extractor, "Russian jets struck Palmyra, with 32 ISIL fighters reported killed.")
    assert not facts(x, "Statement")
    y = read(extractor, "ISIL reported that 32 of its fighters died in Palmyra.")
    assert [["Islamic State"]] == [f["speaker"] for f in facts(y, "Statement")]


def test_the_group_whose_fighters_were_killed_is_the_target(extractor):
    for text in ("Russian airstrikes started hitting Palmyra, with 32 ISIL fighters reported killed.",
                 "Russian jets bombed Palmyra, killing 20 militants of Jabhat al-Nusra."):
        targets = {t for f in facts(read(extractor, text), "Strike") for t in f.get("target", [])}
        assert targets == {"Islamic State"} or targets == {"Jabhat al-Nusra"}, text
    for near_miss in ("Russian jets bombed Palmyra, where 32 ISIL fighters killed five civilians.",  # ISIL kills
                      "Russian airstrikes on Palmyra continued; no ISIL fighters were killed.",  # nobody killed
                      "Russian jets bombed Palmyra, killing 20 Russian soldiers."):  # the attacker's own
        targets = {t for f in facts(read(extractor, near_miss), "Strike") for t in f.get("target", [])}
        assert targets == set(), near_miss


def test_the_next_day_follows_the_narrative_date(extractor):
    text = "On 19 October, the army captured Tal Thalatha.\nThe next day, Russian air strikes hit Jabhat al-Nusra."
    x = read(extractor, text, published=date(2016, 1, 5))
    assert [f.date for f in x.facts if f.kind == "Strike"] == [date(2015, 10, 20)]
    later = "On 3 November, the army captured Ghamam. Two days later, Russian jets bombed Jabhat al-Nusra."
    assert [f.date for f in read(extractor, later, date(2016, 1, 5)).facts if f.kind == "Strike"] == [date(2015, 11, 5)]
    # no earlier date in the paragraph: "the next day" says nothing, the article date is not used
    alone = read(extractor, "The next day, Russian jets bombed Jabhat al-Nusra.", date(2016, 1, 5))
    assert [f.date for f in alone.facts if f.kind == "Strike"] == [None]


def test_a_strike_without_a_place_is_set_where_the_sentence_before_was(extractor):
    text = ("On 19 October, the army advanced in northern Latakia. "
            "The next day, Russian air strikes killed the commander of Jabhat al-Nusra.")
    x = read(extractor, text)
    assert [f["place"] for f in facts(x, "Strike")] == [["Latakia"]]
    for near_miss in ("On 19 October, the army advanced in northern Latakia.\n\nRussian air strikes hit Jabhat al-Nusra.",
                      "The regime should have bombed Raqqa. Russian air strikes hit Jabhat al-Nusra.",
                      "The army advanced in northern Latakia. Russian jets bombed other towns, hitting Jabhat al-Nusra."):
        assert all("place" not in f for f in facts(read(extractor, near_miss), "Strike")), near_miss


# ---------------------------------------------------------------- relations

def test_composition_verbs_give_members(extractor):
    x = read(extractor, "At its founding, Jaish al-Fatah contained six members, two of whom (al-Nusra and Jund al-Aqsa) "
                        "were directly connected to al-Qaeda.")
    got = pairs(x, "Membership", "member", "group")
    assert {("Jabhat al-Nusra", "Army of Conquest"), ("Jund al-Aqsa", "Army of Conquest")} <= got
    assert ("Al-Qaeda", "Army of Conquest") not in got  # "connected to": not a member
    # "contained" as "held back", with one object and no member count: not a composition
    y = read(extractor, "Jaish al-Fatah contained the Islamic State near Idlib.")
    assert not facts(y, "Membership")


def test_members_were_lists_the_last_named_coalition(extractor):
    x = read(extractor, "The Army of Conquest grew. The remaining three founding members were Jaish al-Sunna; "
                        "Liwa al-Haqq, and Ajnad al-Sham.")
    assert pairs(x, "Membership", "member", "group") == {
        (g, "Army of Conquest") for g in ("Jaish al-Sunna", "Liwa al-Haqq", "Ajnad al-Sham")}
    y = read(extractor, "The Army of Conquest grew. Its founding members were not Jaish al-Sunna and Liwa al-Haqq.")
    assert not facts(y, "Membership")
    z = read(extractor, "Jaish al-Sunna and Liwa al-Haqq were its founding members.")  # no coalition named
    assert not facts(z, "Membership")


def test_factions_such_as_and_units_of_are_parts(extractor):
    x = read(extractor, "Jaish al-Fatah collaborated with more moderate Free Syrian Army factions such as Knights of Justice Brigade.")
    assert ("Knights of Justice Brigade", "Free Syrian Army") in pairs(x, "Membership", "member", "group")
    allied = {frozenset(f["party"]) for f in facts(x, "Alliance")}
    assert {frozenset({"Army of Conquest", "Free Syrian Army"}), frozenset({"Army of Conquest", "Knights of Justice Brigade"})} <= allied
    y = read(extractor, "Jaish al-Fatah fought against Free Syrian Army factions near Idlib.")
    assert not facts(y, "Alliance") and not facts(y, "Membership")


def test_in_cooperation_with_a_list_allies_each(extractor):
    x = read(extractor, "The Syrian Arab Army (SAA) – in cooperation with the National Defence Forces (NDF) and the "
                        "Al-Ba'ath Battalion – launched an offensive.")
    allied = {frozenset(f["party"]) for f in facts(x, "Alliance")}
    assert {frozenset({"Syrian Government", "National Defence Forces"}), frozenset({"Syrian Government", "Al-Ba'ath Battalion"})} <= allied
    y = read(extractor, "The Syrian Arab Army was open to cooperation with the Al-Ba'ath Battalion.")  # only willing
    assert not facts(y, "Alliance")


def test_commander_of_the_rebel_group(extractor):
    x = read(extractor, "Russian air strikes killed Basil Zamo, the commander of the rebel 1st Coastal Division.")
    assert ("Basil Zamo", "1st Coastal Division") in pairs(x, "Membership", "member", "group")
    y = read(extractor, "Russian air strikes killed Basil Zamo, the enemy of the rebel 1st Coastal Division.")
    assert ("Basil Zamo", "1st Coastal Division") not in pairs(y, "Membership", "member", "group")


def test_with_support_from_backs_the_subject(extractor):
    x = read(extractor, "The Syrian Arab Army, with support from Russia, advanced on Palmyra.")
    assert pairs(x, "Support", "supporter", "recipient") == {("Russia", "Syrian Government")}
    y = read(extractor, "The Syrian Arab Army advanced without support from Russia.")
    assert not facts(y, "Support")  # neither direction


def test_formed_under_the_supervision_of_a_person(extractor):
    x = read(extractor, "The Army of Conquest was formed in 2015. The alliance was formed under the supervision and "
                        "coordination of Saudi cleric Abdullah al-Muhaysini.")
    assert pairs(x, "Support", "supporter", "recipient") == {("Abdullah al-Muhaysini", "Army of Conquest")}
    y = read(extractor, "The alliance was formed under the supervision of Abdullah al-Muhaysini.")  # no coalition named
    assert not facts(y, "Support")


def test_fighters_sent_to_strengthen_back_the_recipient(extractor):
    x = read(extractor, "Hezbollah fighters were sent as reinforcements to Palmyra to strengthen the government forces.")
    assert pairs(x, "Support", "supporter", "recipient") == {("Hezbollah", "Syrian Government")}
    y = read(extractor, "Hezbollah fighters were sent to Palmyra to fight the government forces.")
    assert not facts(y, "Support")
    z = read(extractor, "Iran has not sent fighters to strengthen the government forces.")
    assert not [f for f in z.facts if f.kind == "Support" and f.evidence[0].rule == "support.sent-to"]


def test_anti_x_is_an_opposition(extractor):
    x = read(extractor, 'The ISW has described Jaish al-Fatah as an "anti-regime" and "anti-Hezbollah" powerbroker.')
    assert {frozenset(f["party"]) for f in facts(x, "Opposition")} == {frozenset({"Army of Conquest", "Hezbollah"})}
    y = read(extractor, "The anti-Assad rebels advanced on Idlib.")  # (a Syrian place: "rebels" default to Syria's)
    assert [f["party"] for f in facts(y, "Opposition")] == [["Syrian Opposition", "Bashar al-Assad"]]
    for near_miss in ("Jaish al-Fatah bought anti-tank missiles from Hezbollah.",
                      "Jaish al-Fatah is not an anti-Hezbollah group."):
        assert not facts(read(extractor, near_miss), "Opposition"), near_miss


def test_counter_attacks_against_are_an_opposition(extractor):
    x = read(extractor, "ISIL conducted counter-attacks with car-bombs against Hezbollah near Palmyra.")
    assert {frozenset(f["party"]) for f in facts(x, "Opposition")} == {frozenset({"Islamic State", "Hezbollah"})}
    y = read(extractor, "ISIL conducted counter-attacks near Palmyra, and Hezbollah withdrew.")
    assert not facts(y, "Opposition")


def test_weekday_in_a_dated_story_follows_the_story(extractor):
    story = "On 19 October 2015, the army advanced on Latakia. On Tuesday, Russian jets bombed Jabhat al-Nusra."
    assert [f.date for f in read(extractor, story, date(2016, 1, 5)).facts if f.kind == "Strike"] == [date(2015, 10, 20)]
    # news: the dated sentence is this week's, so "Tuesday" counts back from publication (Thursday 22 October)
    news = "On October 19, the army advanced on Latakia. On Tuesday, Russian jets bombed Jabhat al-Nusra."
    assert [f.date for f in read(extractor, news, date(2015, 10, 22)).facts if f.kind == "Strike"] == [date(2015, 10, 20)]
    recent = "On October 21, the army advanced on Latakia. On Monday, Russian jets bombed Jabhat al-Nusra."
    assert [f.date for f in read(extractor, recent, date(2015, 10, 22)).facts if f.kind == "Strike"] == [date(2015, 10, 19)]


def test_passive_speech_verb_with_a_by_agent_names_the_speaker(extractor):
    x = read(extractor, "Jaish al-Fatah has been described by the Tony Blair Institute for Global Change as a coalition.")
    assert [f["speaker"] for f in facts(x, "Statement")] == [["Tony Blair Institute for Global Change"]]
    y = read(extractor, "Jaish al-Fatah has been described as a coalition by many.")  # no named agent
    assert not facts(y, "Statement")
    z = read(extractor, "Basil Zamo was reported killed by Russian strikes.")  # a participle, not speech
    assert not facts(z, "Statement")


def test_unknown_places_by_context(extractor):
    x = read(extractor, "They captured the villages of Dayr Hanna, al-Dughmishlyia and Rasm. Fighting raged in Zita, a town "
                        "north of Hama. Russian jets struck rebels near Kafranbel.")
    assert {"Dayr Hanna", "al-Dughmishlyia", "Rasm", "Zita", "Kafranbel"} <= names(x, "Place")
    y = read(extractor, "They bombed positions near Russian lines in Syria's Quneitra province near Israel's border. "
                        "Jaish al-Fatah, the group that took Idlib, and Ahmed Hassan, a commander, spoke.")
    assert not names(y, "Place") - {"Syria", "Quneitra", "Idlib"}  # the gazetteer's only


def test_a_border_is_not_the_country_it_is_named_after(extractor):
    x = read(extractor, "A Turkish F-16 shot down a Russian Su-24 near the Syria–Turkey border.")
    assert [f.get("place") for f in facts(x, "Strike")] == [None]
    y = read(extractor, "Russian jets bombed Jabhat al-Nusra near Homs, far from the border.")
    assert [f.get("place") for f in facts(y, "Strike")] == [["Homs"]]


def test_founders_are_members_of_what_they_formed(extractor):
    x = read(extractor, "Ahrar al-Sham, Jabhat al-Nusra and Jund al-Aqsa formed the Army of Conquest in March 2015.")
    assert pairs(x, "Membership", "member", "group") == {
        (g, "Army of Conquest") for g in ("Ahrar al-Sham", "Jabhat al-Nusra", "Jund al-Aqsa")}
    y = read(extractor, "The Army of Conquest was formed by Ahrar al-Sham and Jabhat al-Nusra.")
    assert pairs(y, "Membership", "member", "group") == {(g, "Army of Conquest") for g in ("Ahrar al-Sham", "Jabhat al-Nusra")}
    for near_miss in ("Iran founded Hezbollah in 1982.",  # a state founding a group does not join it
                      "Ahrar al-Sham did not form the Army of Conquest.",
                      "The Army of Conquest was formed in March 2015."):
        assert not facts(read(extractor, near_miss), "Membership"), near_miss


def test_joining_a_group_makes_a_member(extractor):
    x = read(extractor, "In 2016, Jund al-Aqsa joined the Army of Conquest.")
    assert pairs(x, "Membership", "member", "group") == {("Jund al-Aqsa", "Army of Conquest")}
    for near_miss in ("Jund al-Aqsa refused to join the Army of Conquest.",
                      "Russia joined the Islamic State in condemning the attack."):
        assert not facts(read(extractor, near_miss), "Membership"), near_miss


def test_fighting_together_with_is_an_alliance(extractor):
    x = read(extractor, "Hezbollah fought together with the Syrian Arab Army near Aleppo.")
    assert {frozenset(f["party"]) for f in facts(x, "Alliance")} == {frozenset({"Hezbollah", "Syrian Government"})}
    y = read(extractor, "Russian strikes killed Ahrar al-Sham fighters together with Hezbollah fighters.")
    assert not facts(y, "Alliance")


def test_fought_with_is_not_an_alliance(extractor):
    x = read(extractor, "Jabhat al-Nusra fought with Hezbollah near Aleppo for days.")  # "fought with" = against
    assert not facts(x, "Alliance")


def test_context_places_are_not_titles_or_descriptors(extractor):
    x = read(extractor, "Rebels gathered near President Assad's palace and near Russian-held lines. "
                        "Hamid, a town official, said the road was closed.")
    assert not names(x, "Place")
    assert "Bashar al-Assad" in names(x, "Person")
