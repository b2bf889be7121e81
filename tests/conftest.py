"""Shared fixtures: the bundled articles built once per session, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXAMPLES = ROOT / "examples" / "articles"


def run_kg(*args: str, cwd: Path | None = None, check: bool = False, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run the CLI as a user would (``python -m kg``), from this checkout."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def extractor():
    """One extractor with the bundled gazetteer for every rule test (a module may define its own)."""
    from kg.extract import Extractor
    from kg.gazetteer import load_gazetteer

    return Extractor(load_gazetteer())


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The bundled articles built once: (BuildResult, output folder)."""
    from kg import build_graph

    out = tmp_path_factory.mktemp("out")
    return build_graph(EXAMPLES, out), out


@pytest.fixture(scope="session")
def reasoned(tmp_path_factory):
    """``kg build --reason`` on the bundled articles, once: (stdout, asserted graph, inferred graph, folder)."""
    from rdflib import Graph

    out = tmp_path_factory.mktemp("reasoned")
    proc = run_kg("build", "--out", str(out), "--reason", check=True)
    return proc.stdout, Graph().parse(out / "graph.ttl"), Graph().parse(out / "inferred.ttl"), out
