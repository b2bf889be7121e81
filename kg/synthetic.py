"""Synthetic articles for benchmarks and tests: sentence templates filled with gazetteer names.

The templates live in ``kg/templates/synthetic.txt``. Every slot is filled from the
gazetteer except ``{NewGroup}``, an invented unit name ("Liwa Qasim al-Harun"), so a
larger corpus also gives a larger graph. Output is fully determined by the seed.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .gazetteer import Gazetteer, load_gazetteer

TEMPLATES = Path(__file__).parent / "templates" / "synthetic.txt"
_SLOT = re.compile(r"\{(\w+)\}")
_PREFIXES = ("Liwa", "Jaish", "Kataib", "Harakat", "Saraya", "Jabhat")
_ROOTS = ("Qasim", "Harun", "Nasr", "Furat", "Sham", "Rayat", "Badr", "Hamza", "Tahrir", "Karama",
          "Shuhada", "Wadi", "Jabal", "Sahel", "Qalamoun", "Nour", "Fatah", "Izza", "Haq", "Sultan")
_SUFFIXES = ("Brigade", "Division", "Battalion", "Front", "Regiment")
PUBLISHERS = ("Example Wire", "Daily Front Line", "The Observer Desk", "Regional Monitor")


@dataclass(frozen=True)
class Templates:
    """Headline and body sentence templates."""

    titles: tuple[str, ...]
    sentences: tuple[str, ...]


@lru_cache(maxsize=4)
def load_templates(path: Path = TEMPLATES) -> Templates:
    """Read a template file (``title:`` lines are headlines, ``#`` lines comments)."""
    titles, sentences = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("title:"):
            titles.append(line.removeprefix("title:").strip())
        else:
            sentences.append(line)
    return Templates(tuple(titles), tuple(sentences))


def _names_by_type(gazetteer: Gazetteer) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for entity in gazetteer.entities:
        if not entity.generic:
            names.setdefault(entity.type, []).append(entity.name)
    return {k: sorted(v) for k, v in names.items()}


def new_group_name(rng: random.Random) -> str:
    """An invented armed-group name of a shape the extractor recognises."""
    a, b = rng.sample(_ROOTS, 2)
    if rng.random() < 0.5:
        return f"{rng.choice(_PREFIXES)} {a} al-{b}"
    return f"{a} {b} {rng.choice(_SUFFIXES)}"


def fill(template: str, rng: random.Random, names: dict[str, list[str]], when: date) -> str:
    """One template with every slot filled."""

    def value(match: re.Match[str]) -> str:
        slot = match.group(1)
        if slot == "NewGroup":
            return new_group_name(rng)
        if slot == "Number":
            return str(rng.randint(2, 120))
        if slot == "Date":
            return when.strftime("%B %d, %Y").replace(" 0", " ")
        return rng.choice(names[slot])

    return _SLOT.sub(value, template)


def synthetic_article(index: int, seed: int = 0, gazetteer: Gazetteer | None = None) -> tuple[str, str, dict]:
    """(file name, text, metadata) of synthetic article number ``index``."""
    rng = random.Random(f"{seed}:{index}")
    names = _names_by_type(gazetteer or _default_gazetteer())
    templates = load_templates()
    when = date(2015, 1, 1) + timedelta(days=rng.randrange(3 * 365))
    title = fill(rng.choice(templates.titles), rng, names, when)
    paragraphs = []
    for _ in range(rng.randint(3, 6)):
        count = rng.randint(1, 3)
        paragraphs.append(" ".join(fill(rng.choice(templates.sentences), rng, names, when) for _ in range(count)))
    text = "\n\n".join([title, when.strftime("%B %d, %Y").replace(" 0", " "), *paragraphs]) + "\n"
    meta = {"title": title, "publisher": rng.choice(PUBLISHERS), "date": when.isoformat()}
    return f"{index:06d}_synthetic.txt", text, meta


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return load_gazetteer()


def synthetic_articles(count: int, seed: int = 0) -> Iterator[tuple[str, str, dict]]:
    """``count`` synthetic articles as (file name, text, metadata)."""
    for index in range(count):
        yield synthetic_article(index, seed)


def write_corpus(folder: str | Path, count: int, seed: int = 0) -> Path:
    """Write ``count`` synthetic articles and their ``metadata.json`` into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    metadata = {}
    for name, text, meta in synthetic_articles(count, seed):
        (folder / name).write_text(text, encoding="utf-8")
        metadata[name] = meta
    (folder / "metadata.json").write_text(json.dumps(metadata, indent=1, ensure_ascii=False), encoding="utf-8")
    return folder
