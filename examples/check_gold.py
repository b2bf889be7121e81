"""Check a held-out set: every gold mention and evidence is an exact substring of its article,
and every name a fact uses is a gold entity.  Usage: python examples/check_gold.py examples/heldout4
"""
import json, sys
from pathlib import Path
root = Path(sys.argv[1])
bad = 0
for f in sorted((root / "gold").glob("*.json")):
    g = json.loads(f.read_text(encoding="utf-8"))
    text = (root / "articles" / g["article"]).read_text(encoding="utf-8")
    names = {e["name"] for e in g["entities"]}
    pieces = [m for e in g["entities"] for m in e["mentions"]]
    for kind in ("strikes", "statements", "relations"):
        pieces += [x["evidence"] for x in g[kind]]
    for p in pieces:
        if p not in text:
            bad += 1; print(f.name, "NOT IN TEXT:", p[:80])
    refs = [s[k] for s in g["strikes"] for k in ("attacker", "target", "place", "claimed_by") if s[k]]
    refs += [s["speaker"] for s in g["statements"]]
    refs += [r[k] for r in g["relations"] for k in ("subject", "object")]
    for r in refs:
        if r not in names:
            bad += 1; print(f.name, "NO ENTITY:", r)
print("problems:", bad); sys.exit(1 if bad else 0)
