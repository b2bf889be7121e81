"""Ingest: read a folder of ``.txt`` articles (strict UTF-8) and their metadata.

The text is kept exactly as decoded, so evidence offsets index into it: line endings
(CRLF included) are kept as they are; only a leading byte-order mark is dropped.
Metadata comes from an optional ``metadata.json`` beside the articles::

    {"000_x.txt": {"title": "...", "publisher": "...", "date": "2015-11-19", "url": "..."}}

A file's title defaults to its first non-empty line.

:func:`scan_corpus` checks every file before extraction and sets aside the unusable
ones (skip-and-report): empty, binary, not UTF-8, over the size limit, or a duplicate
of an earlier file. With ``strict`` the first problem raises instead.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from .errors import KGError
from .model import Article

METADATA_FILE = "metadata.json"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # far above any news article; stops a stray dump early
METADATA_FIELDS = ("title", "publisher", "date", "url")

log = logging.getLogger("kg.ingest")


def decode_article(path: Path, max_bytes: int | None = None) -> str:
    """The text of an article file, BOM removed; raise KGError naming the file if it is unusable."""
    try:
        size = path.stat().st_size
        if max_bytes and size > max_bytes:
            raise KGError(path, f"file is {_mb(size)}, over the {_mb(max_bytes)} limit (raise it with --max-size)")
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
    return text


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def read_article(path: Path, meta: dict | None = None, max_bytes: int | None = None) -> Article:
    """Read one article file; raise KGError naming the file if it is unusable."""
    text = decode_article(path, max_bytes)
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
        data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KGError(sidecar, f"not valid JSON: {exc}") from None
    except OSError as exc:
        raise KGError(sidecar, f"cannot read: {exc.strerror}") from None
    if not isinstance(data, dict):
        raise KGError(sidecar, "expected an object mapping file names to metadata objects")
    return data


def check_metadata(sidecar: Path, name: str, entry: object) -> tuple[dict, list[KGError]]:
    """The usable fields of one metadata entry, and a KGError for each one left out
    (the article is still built, without that field)."""
    if not isinstance(entry, dict):
        return {}, [KGError(sidecar, f"entry for {name} is not an object")]
    kept, problems = {}, []
    for key in METADATA_FIELDS:
        value = entry.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, str):
            problems.append(KGError(sidecar, f"{key} of {name} is not a string"))
        elif key == "date" and not _is_iso_date(value):
            problems.append(KGError(sidecar, f"bad date {value!r} for {name} (want YYYY-MM-DD)"))
        else:
            kept[key] = value
    return kept, problems


def _is_iso_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def article_paths(folder: str | Path) -> list[Path]:
    """The ``.txt`` files of a folder, sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KGError(folder, "no such directory" if not folder.exists() else "not a directory")
    paths = sorted(p for p in folder.iterdir() if p.suffix == ".txt" and p.is_file())
    if not paths:
        raise KGError(folder, "no .txt articles in this directory")
    return paths


@dataclass
class Corpus:
    """The usable article files of a folder (with their checked metadata) and what was skipped."""

    folder: Path
    paths: list[Path] = field(default_factory=list)
    metadata: dict[str, dict] = field(default_factory=dict)
    skipped: list[KGError] = field(default_factory=list)


def scan_corpus(folder: str | Path, strict: bool = False, max_bytes: int | None = DEFAULT_MAX_BYTES,
                on_skip: Callable[[KGError], None] | None = None) -> Corpus:
    """Check every article of ``folder`` without keeping its text.

    Unusable files and metadata entries are logged as ``skipped <file>: <reason>``,
    passed to ``on_skip`` and listed in ``Corpus.skipped``; with ``strict`` the first
    one raises KGError. A file with the same text as an earlier one is a duplicate.
    When no file is usable the scan raises KGError: the one problem itself if there
    was only one, else ``no usable articles (N skipped)`` after the skipped lines.
    """
    folder = Path(folder)
    corpus = Corpus(folder)
    held: list[KGError] = []  # reported once a usable file shows the folder is worth building

    def report(error: KGError) -> None:
        log.warning("skipped %s: %s", error.source, error.problem, extra={"source": error.source, "problem": error.problem})
        if on_skip:
            on_skip(error)

    def skip(error: KGError) -> None:
        if strict:
            raise error
        corpus.skipped.append(error)
        if corpus.paths:
            report(error)
        else:
            held.append(error)

    paths = article_paths(folder)
    try:
        metadata = read_metadata(folder)
    except KGError as error:
        skip(error)
        metadata = {}
    seen: dict[str, str] = {}
    for path in paths:
        try:
            text = decode_article(path, max_bytes)
        except KGError as error:
            skip(error)
            continue
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest in seen:
            skip(KGError(path, f"duplicate of {seen[digest]} (same text)"))
            continue
        seen[digest] = path.name
        corpus.paths.append(path)
        for error in held:
            report(error)
        held.clear()
        if path.name in metadata:
            meta, problems = check_metadata(folder / METADATA_FILE, path.name, metadata[path.name])
            for problem in problems:
                skip(problem)
            corpus.metadata[path.name] = meta
    if not corpus.paths:
        if len(held) == 1:
            raise held[0]  # one line naming the file, as for any bad input
        for error in held:
            report(error)
        raise KGError(folder, f"no usable articles ({len(held)} skipped)")
    return corpus


def load_articles(folder: str | Path) -> list[Article]:
    """Read every ``.txt`` article in ``folder`` with its metadata, sorted by file name.

    Strict: the first unusable file raises KGError."""
    corpus = scan_corpus(folder, strict=True, max_bytes=None)
    return [read_article(p, corpus.metadata.get(p.name)) for p in corpus.paths]
