"""Console plumbing for long runs: logging set-up and a progress bar on stderr.

The library only logs (``logging.getLogger("kg...")``); the CLI decides where the
records go: plain one-line messages by default, JSON lines with ``--log-json``.
The progress bar shows only when stderr is a terminal.
"""

from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from typing import Callable, Iterator

_RESERVED = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonLines(logging.Formatter):
    """One JSON object per record: time, level, logger, message and any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        data = {"time": round(record.created, 3), "level": record.levelname, "logger": record.name,
                "message": record.getMessage()}
        data.update({k: v for k, v in record.__dict__.items() if k not in _RESERVED})
        return json.dumps(data, ensure_ascii=False, default=str)


def setup_logging(verbose: int = 0, json_lines: bool = False) -> None:
    """Send the ``kg`` loggers to stderr: warnings (such as skipped files) always,
    progress notes with one ``-v``, debug with two."""
    logger = logging.getLogger("kg")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines() if json_lines else logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose >= 2 else logging.INFO if verbose == 1 else logging.WARNING)
    logger.propagate = False


@contextmanager
def progress_bar(label: str, enabled: bool | None = None) -> Iterator[Callable[[int, int], None]]:
    """A ``(done, total)`` callback drawing a rich progress bar on stderr; a no-op when
    stderr is not a terminal (or ``enabled`` is False)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)
