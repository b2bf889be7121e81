"""The one exception type the CLI turns into a one-line message and exit status 2."""

from __future__ import annotations

from pathlib import Path


class KGError(Exception):
    """Bad input: names the input (a file, a query, an endpoint) and the problem."""

    def __init__(self, source: str | Path, problem: str) -> None:
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{self.source}: {problem}")
