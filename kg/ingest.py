"""Ingest: read a folder of ``.txt`` articles (strict UTF-8) and their metadata.

The text is kept exactly as decoded, so evidence offsets index into it. Metadata
comes from an optional ``metadata.json`` beside the articles::

    {"000_x.txt": {"title": "...", "publisher": "...", "date": "2015-11-19", "url": "..."}}

A file's title defaults to its first non-empty line.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from .errors import KGError
from .model import Article

METADATA_FILE = "metadata.json"


def read_article(path: Path, meta: dict | None = None) -> Article:
    """Read one article file; raise KGError naming the file if it is unusable."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KGError(path, f"cannot read: {exc.strerror}") from None
    if b"\x00" in raw:
        raise KGError(path, "binary file (contains NUL bytes), not a text article")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KGError(path, f"not valid UTF-8 (byte {exc.start}: {raw[exc.start:exc.start + 1]!r})") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise KGError(path, "empty article")
    meta = meta or {}
    title = meta.get("title") or next(line.strip() for line in text.splitlines() if line.strip())
    return Article(
        id=path.name,
        text=text,
        title=title,
        publisher=meta.get("publisher", ""),
        date=_parse_date(meta.get("date"), path),
        url=meta.get("url", ""),
    )


def _parse_date(value: str | None, path: Path) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise KGError(path.parent / METADATA_FILE, f"bad date {value!r} for {path.name} (want YYYY-MM-DD)") from None


def read_metadata(folder: Path) -> dict[str, dict]:
    """The folder's metadata sidecar as {file name: fields}, or {} when there is none."""
    sidecar = folder / METADATA_FILE
    if not sidecar.exists():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KGError(sidecar, f"not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise KGError(sidecar, "expected an object mapping file names to metadata objects")
    return data


def article_paths(folder: str | Path) -> list[Path]:
    """The ``.txt`` files of a folder, sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KGError(folder, "no such directory" if not folder.exists() else "not a directory")
    paths = sorted(p for p in folder.iterdir() if p.suffix == ".txt" and p.is_file())
    if not paths:
        raise KGError(folder, "no .txt articles in this directory")
    return paths


def load_articles(folder: str | Path) -> list[Article]:
    """Read every ``.txt`` article in ``folder`` with its metadata, sorted by file name."""
    paths = article_paths(folder)
    metadata = read_metadata(Path(folder))
    return [read_article(p, metadata.get(p.name)) for p in paths]
