"""Claims and disputes: denials become disputed claims, never positive facts."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import URIRef

from kg.build import KGO, KGR, build_dataset, union_graph
from kg.extract import Extractor
from kg.model import Article
from kg.query import run_query
from kg.store import load_graph, open_store


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def strikes(extractor: Extractor, text: str, publisher: str = "Daily Example") -> list:
    article = Article("t.txt", text, publisher=publisher, date=date(2015, 9, 30))
    return [f for f in extractor.extract(article).facts if f.kind == "Strike"]


def names(fact, role: str) -> set[str]:
    return {e.name for e in fact.role(role)}


def test_denial_by_a_speaker_is_a_disputed_strike(extractor):
    found = strikes(extractor, "Other American officials have gone as far as to say that Russia is not bombing ISIS.")
    assert found, "the denial should be kept as a disputed claim"
    assert all(f.role("disputed_by") for f in found), "a denial must never give an undisputed strike"
    fact = found[0]
    assert names(fact, "attacker") == {"Russia"}
    assert names(fact, "target") == {"Islamic State"}
    assert names(fact, "disputed_by") == {"United States"}


def test_disputed_assertion_names_claimant_and_disputers(extractor):
    text = ("Russia launched air strikes in Syria on Wednesday in the Kremlin’s biggest Middle East intervention "
            "in decades, but Moscow’s assertion that it had hit Islamic State was immediately disputed by the "
            "United States and rebels on the ground.")
    found = strikes(extractor, text)
    disputed = [f for f in found if f.role("disputed_by")]
    assert len(disputed) == 1
    claim = disputed[0]
    assert names(claim, "attacker") == {"Russia"}
    assert names(claim, "target") == {"Islamic State"}
    assert names(claim, "claimed_by") == {"Russia"}
    assert names(claim, "disputed_by") == {"United States", "Syrian Opposition"}
    assert claim.date == date(2015, 9, 30)
    # the undisputed part of the sentence (Russia struck somewhere in Syria) stays a plain strike,
    # but no undisputed strike on Islamic State or on the disputers is left behind
    plain = [f for f in found if not f.role("disputed_by")]
    assert plain and all(not f.role("target") for f in plain)


def test_denied_report_is_disputed_by_the_denier(extractor):
    found = strikes(extractor, "Russian President Vladimir Putin denied reports that civilians were killed in any Russian airstrikes.")
    assert len(found) == 1
    assert names(found[0], "attacker") == {"Russia"}
    assert names(found[0], "disputed_by") == {"Vladimir Putin"}


def test_denial_in_the_articles_own_voice_is_disputed_by_its_publisher(extractor):
    found = strikes(extractor, "These Maps Prove Russian Airstrikes Aren’t Actually Targeting ISIS", publisher="ThinkProgress")
    assert len(found) == 1
    assert names(found[0], "disputed_by") == {"ThinkProgress"}
    assert names(found[0], "target") == {"Islamic State"}


def test_despite_what_x_claims_makes_x_the_claimant(extractor):
    found = strikes(extractor, "Despite what the Kremlin claims, ISIS is still not the main target for Russia’s airstrikes in Syria.",
                    publisher="The Interpreter (Institute of Modern Russia)")
    assert len(found) == 1
    assert names(found[0], "claimed_by") == {"Russia"}
    assert names(found[0], "disputed_by") == {"The Interpreter"}


def test_self_claim_takes_the_claimants_state_as_attacker(extractor):
    text = ("Russia launched air strikes in Syria on Wednesday. The US said its aircraft targeted Islamic State "
            "near Aleppo. The Russian defence ministry said it carried out about 20 flights over Syria, hitting "
            "eight Islamic State targets.")
    found = [f for f in strikes(extractor, text) if "Russian Ministry of Defence" in names(f, "claimed_by")]
    assert found and all(names(f, "attacker") == {"Russia"} for f in found)


def test_a_denial_leaves_the_other_strikes_of_its_sentence(extractor):
    found = strikes(extractor, "Russia is not bombing ISIS, but Russian jets struck the Free Syrian Army near Homs.")
    denial = [f for f in found if f.role("disputed_by")]
    plain = [f for f in found if not f.role("disputed_by")]
    assert [names(f, "target") for f in denial] == [{"Islamic State"}]
    assert not denial[0].role("place"), "the place belongs to the other clause"
    assert [(names(f, "target"), names(f, "place")) for f in plain] == [({"Free Syrian Army"}, {"Homs"})]


def test_a_progressive_strike_keeps_its_target_and_an_allys_owner_is_not_struck(extractor):
    text = ("Russia launched air strikes in Syria. Mr Putin said he was striking against Islamic State and "
            "helping Syrian President Bashar al-Assad, long Russia’s closest ally in the region.")
    found = [f for f in strikes(extractor, text) if "striking" in f.evidence[0].sentence]
    assert [(names(f, "attacker"), names(f, "target")) for f in found] == [({"Russia"}, {"Islamic State"})]


def test_trailing_attribution_makes_the_speakers_claimants(extractor):
    text = ("Areas of Homs province struck by the Russians are controlled by an array of rebel groups including "
            "several operating under the banner of the Free Syrian Army, activists, locals and rebels said.")
    found = strikes(extractor, text)
    assert len(found) == 1
    assert names(found[0], "attacker") == {"Russia"}
    assert names(found[0], "target") == {"Free Syrian Army"}
    assert names(found[0], "claimed_by") == {"Syrian Opposition"}


def test_a_plain_claim_is_not_disputed(extractor):
    found = strikes(extractor, "Russian warplanes bombed Idlib. The Russian Ministry of Defence claims today to have destroyed 83 objects of "
                               "infrastructure of the Islamic State terrorist group, with aircraft flying 46 sorties over Syria.")
    assert found and not any(f.role("disputed_by") for f in found)
    assert any(names(f, "claimed_by") == {"Russian Ministry of Defence"} for f in found)


def test_disputed_strike_gets_no_struck_shortcut(extractor):
    article = Article("t.txt", "Other American officials have gone as far as to say that Russia is not bombing ISIS.",
                      date=date(2015, 9, 30))
    graph = union_graph(build_dataset([extractor.extract(article)]))
    strike = next(graph.subjects(KGO.disputedBy, KGR["united-states"]))
    assert (strike, KGO.attacker, KGR.russia) in graph
    assert (KGR.russia, KGO.struck, KGR["islamic-state"]) not in graph


def _rows(graph, name: str) -> list[dict]:
    store = open_store()
    load_graph(store, graph)
    result = run_query(name, store=store)
    return [{v: (t.value if t is not None else None) for v, t in zip(result.variables, row)} for row in result.rows]


def test_bundled_claims_and_counterclaims_are_pairs_on_one_event(built):
    """Done-when: the Russian MoD's (or Russia's) claim that it hit Islamic State and the US
    counter-claim sit on the same strike event, each with its own quote and article."""
    result, _ = built
    rows = _rows(result.graph, "claims_vs_counterclaims")
    russian = {"Russian Ministry of Defence", "Russia", "Vladimir Putin", "Igor Konashenkov"}
    pairs = [r for r in rows if r["claimant"] in russian and r["disputer"] == "United States"
             and r["attacker"] == "Russia" and r["claimedTarget"] == "Islamic State"]
    assert pairs, "no Russian claim paired with a US counter-claim"
    texts = {a.id: a.text for a in (x.article for x in result.extractions)}
    for row in pairs:
        assert row["claimQuote"] in texts[row["claimArticle"]]
        assert row["disputeQuote"] in texts[row["disputeArticle"]]
        assert row["grade"] == "Contested"
    assert any(r["claimant"] == "Russian Ministry of Defence" for r in pairs)
    # one event holds both sides, read from more than one article
    event = URIRef(pairs[0]["event"])
    assert len(set(result.graph.objects(event, KGO.reportedIn))) >= 2


def test_disputed_strikes_query_lists_claimant_disputer_quote_article(built):
    result, _ = built
    rows = _rows(result.graph, "disputed_strikes")
    assert rows
    assert all(r["disputedBy"] and r["quote"] and r["article"] and r["grade"] == "Contested" for r in rows)
    assert any(r["claimedBy"] == "Russia" and "United States" in r["disputedBy"] for r in rows)


def relations(extractor: Extractor, text: str) -> list:
    article = Article("t.txt", text, publisher="Daily Example", date=date(2015, 9, 30))
    return [f for f in extractor.extract(article).facts if f.kind in ("Support", "Alliance")]


def test_support_reported_by_a_speaker_is_claimed_by_them(extractor):
    found = relations(extractor, "White House spokesman Josh Earnest said Russia was moving to ramp up support for Assad.")
    support = [f for f in found if f.kind == "Support" and names(f, "supporter") == {"Russia"}]
    assert support and names(support[0], "claimed_by") == {"Josh Earnest"}
    assert not support[0].role("disputed_by")


def test_denied_support_is_disputed_never_positive(extractor):
    found = relations(extractor, "Washington denied arming Jabhat al-Nusra.")
    assert found and all(f.role("disputed_by") for f in found)
    assert names(found[0], "disputed_by") == {"United States"}
    graph = union_graph(build_dataset([extractor.extract(Article("t.txt", "Washington denied arming Jabhat al-Nusra."))]))
    assert (KGR["jabhat-al-nusra"], KGO.supportedBy, KGR["united-states"]) not in graph
