"""kg evaluate: scoring against a tiny invented gold folder, through the library and the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import run_kg
from kg.evaluate import GoldNames, Score, evaluate, normalise, predicted_items, score_sets
from kg.model import Article, Entity, Extraction, Fact

ARTICLE = (
    "Jets pound Idlib\n\n"
    "Russian warplanes struck the Free Syrian Army and Jaish al-Fatah near Idlib on Monday, activists said.\n\n"
    "Russia’s ally, the Assad regime, held Latakia.\n\n"
    "The Kremlin supports the Assad regime.\n"
)


def gold_file(folder: Path) -> None:
    gold = {
        "article": "a1.txt",
        "entities": [
            {"name": "Russia", "type": "State", "mentions": ["Russian", "Kremlin"]},
            {"name": "Free Syrian Army", "type": "ArmedGroup", "mentions": ["Free Syrian Army"]},
            {"name": "Army of Conquest", "type": "Coalition", "mentions": ["Jaish al-Fatah"]},
            {"name": "Syrian Government", "type": "State", "mentions": ["Assad regime", "Damascus"]},
            {"name": "Idlib", "type": "Place", "mentions": ["Idlib"]},
        ],
        "strikes": [
            {"attacker": "Russia", "target": "Free Syrian Army", "place": "Idlib", "date": "2015-10-05",
             "claimed_by": None, "evidence": "x"},
            {"attacker": "Russia", "target": "Army of Conquest", "place": "Idlib", "date": "2015-10-05",
             "claimed_by": None, "evidence": "x"},
            {"attacker": "Russia", "target": "Islamic State", "place": None, "date": None,
             "claimed_by": None, "evidence": "a strike the text does not report"},
        ],
        "statements": [],
        "relations": [
            {"type": "supports", "subject": "Russia", "object": "Syrian Government", "evidence": "x"},
            {"type": "alliedWith", "subject": "Syrian Government", "object": "Russia", "evidence": "x"},
        ],
    }
    (folder / "a1.json").write_text(json.dumps(gold), encoding="utf-8")


@pytest.fixture
def folders(tmp_path):
    articles, gold = tmp_path / "articles", tmp_path / "gold"
    articles.mkdir()
    gold.mkdir()
    (articles / "a1.txt").write_text(ARTICLE, encoding="utf-8")
    (articles / "metadata.json").write_text(json.dumps({"a1.txt": {"date": "2015-10-07"}}), encoding="utf-8")
    gold_file(gold)
    return articles, gold


def test_scores_per_kind(folders):
    articles, gold = folders
    micro = evaluate(gold, articles).micro
    targets = micro["strike target"]
    assert (targets.tp, targets.fp, targets.fn) == (2, 0, 1)
    assert targets.precision == 1.0 and round(targets.recall, 3) == 0.667 and round(targets.f1, 3) == 0.8
    assert (micro["strike place"].tp, micro["strike place"].fn) == (1, 0)
    assert micro["strike date"].tp == 1
    assert micro["supports"].tp == 1
    # alliedWith is symmetric: (Syrian Government, Russia) in gold matches (Russia, Syrian Government)
    assert micro["alliedWith"].tp == 1 and micro["alliedWith"].fp == 0


def test_misses_are_listed_with_their_sentence(folders):
    articles, gold = folders
    report = evaluate(gold, articles)
    misses = report.articles["a1.txt"]["strike target"].misses
    assert misses == [{"item": ["Islamic State"], "sentence": "a strike the text does not report"}]


def test_name_mapping_uses_gold_mentions():
    names = GoldNames({"entities": [{"name": "Army of Conquest", "type": "Coalition", "mentions": ["Jaish al-Fatah"]}]})
    assert names.name(Entity("Jaish al Fatah", "Coalition"), {"JAISH AL-FATAH"}) == "Army of Conquest"
    assert names.name(Entity("Somebody Else", "Person")) == "Somebody Else"
    assert normalise("the Kremlin’s ") == "kremlin"


def test_empty_sets_score_one_and_false_hits_count():
    assert Score().f1 == 1.0
    score = score_sets({("A",): "s"}, {("A",): "t", ("B",): "u"})
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)
    assert score.false_hits == [{"item": ["B"], "sentence": "u"}]


def test_cli_table_and_json(folders, tmp_path):
    articles, gold = folders
    table = run_kg("evaluate", str(gold), str(articles), check=True).stdout
    assert "strike target" in table and "MISS" in table and "Islamic State" in table
    out = tmp_path / "report.json"
    proc = run_kg("evaluate", str(gold), str(articles), "--format", "json", "--out", str(out), check=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data == json.loads(proc.stdout)
    assert data["micro"]["strike target"]["tp"] == 2


def test_cli_bad_gold_folder_exits_2(tmp_path):
    proc = run_kg("evaluate", str(tmp_path / "missing"))
    assert proc.returncode == 2
    assert proc.stderr.startswith("kg: error: ") and "missing" in proc.stderr
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.json").write_text("{not json", encoding="utf-8")
    proc = run_kg("evaluate", str(bad))
    assert proc.returncode == 2 and "x.json" in proc.stderr


def test_a_pure_denial_is_not_scored_as_a_strike_but_a_disputed_claim_is():
    russia, isis, fsa = Entity("Russia", "State"), Entity("Islamic State", "ArmedGroup"), Entity("Free Syrian Army", "ArmedGroup")
    us = Entity("United States", "State")
    denial = Fact("Strike", "a.txt", {"attacker": [russia], "target": [isis], "disputed_by": [us]}, [])
    disputed_claim = Fact("Strike", "a.txt", {"attacker": [russia], "target": [fsa], "claimed_by": [russia],
                                              "disputed_by": [us]}, [])
    extraction = Extraction(Article("a.txt", "x"), [], [denial, disputed_claim])
    targets = predicted_items(extraction, GoldNames({"entities": []}))["strike target"]
    assert set(targets) == {("Free Syrian Army",)}


@pytest.mark.parametrize("folder", ["heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12"])
def test_held_out_gold_is_consistent_with_its_texts(folder, tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    script = ROOT / "examples" / "check_gold.py"
    proc = subprocess.run([sys.executable, str(script), str(ROOT / "examples" / folder)], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("problems: 0"), proc.stdout
    broken = tmp_path / folder
    shutil.copytree(ROOT / "examples" / folder, broken)
    gold = next((broken / "gold").glob("*.json"))
    gold.write_text(gold.read_text(encoding="utf-8").replace('"evidence": "', '"evidence": "Xq', 1), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script), str(broken)], capture_output=True, text=True)
    assert proc.returncode == 1 and "NOT IN TEXT" in proc.stdout
