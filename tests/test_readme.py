"""The README's examples run, and print what the README says they print."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from pathlib import Path

import pytest

from conftest import ROOT, run_kg

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, re.S)


def _console_examples() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for each ``$ kg …`` line of the console blocks."""
    examples = []
    for lang, body in BLOCKS:
        if lang != "console":
            continue
        for chunk in re.split(r"^\$ ", body, flags=re.M)[1:]:
            command, *output = chunk.rstrip("\n").split("\n")
            examples.append((command, [line for line in output if line.strip()]))
    return examples


def test_readme_has_the_two_setup_commands():
    sh_blocks = [body.strip() for lang, body in BLOCKS if lang == "sh"]
    assert any("pip install" in b and "kg build" in b for b in sh_blocks)
    test_command = next(b for b in sh_blocks if "pytest" in b and "pip install" in b)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_console_examples(tmp_path):
    examples = _console_examples()
    assert examples
    for command, expected in examples:
        argv = shlex.split(command)
        assert argv[0] == "kg"
        proc = run_kg(*argv[1:], cwd=tmp_path)
        assert proc.returncode == 0, f"{command}: {proc.stderr}"
        printed = [line.strip() for line in proc.stdout.splitlines()]
        for line in expected:
            assert line.strip() in printed, f"{command}: expected {line!r} in output"


def test_python_example_prints_what_the_readme_shows(tmp_path, monkeypatch):
    python = [body for lang, body in BLOCKS if lang == "python"]
    shown = [body for lang, body in BLOCKS if lang == "text"]
    assert python and shown
    monkeypatch.chdir(tmp_path)
    os.symlink(ROOT / "examples", tmp_path / "examples")
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(python[0], "README.md", "exec"), {})
    assert buffer.getvalue().split() == shown[0].split()


def test_gazetteer_example_parses(tmp_path):
    import rdflib

    turtle = next(body for lang, body in BLOCKS if lang == "turtle")
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert len(graph) == 3
