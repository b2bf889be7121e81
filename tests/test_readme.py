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


def _troubleshooting_patterns() -> list[re.Pattern[str]]:
    """The messages of the README's troubleshooting table, as regexes (placeholders → wildcards)."""
    section = README[README.index("### Troubleshooting"):]
    section = section[: section.find("\n## ")] if "\n## " in section else section
    patterns = []
    for row in re.findall(r"^\| (.+?) \|", section, re.M):
        for message in re.findall(r"`([^`]+)`", row):
            regex = re.escape(message)
            regex = re.sub(r"<[^>]+>", ".+?", regex.replace("\\<", "<").replace("\\>", ">"))
            regex = re.sub(r"\\\.\\\.\\\.", ".+?", regex)
            regex = re.sub(r"\b[NM]\b", r"[\\d.,]+", regex)
            regex = regex.replace("NN", "[0-9a-f]{2}")
            patterns.append(re.compile(regex))
    return patterns


def _problems(stderr: str) -> list[str]:
    """The problem part of each ``skipped <input>: <problem>`` / ``kg: error: <input>: <problem>`` line."""
    found = []
    for line in stderr.splitlines():
        match = re.match(r"(?:skipped|kg: error:) (.+?): (.+)$", line)
        if match:
            found.append(match.group(2))
    return found


def test_every_bad_input_message_is_in_the_troubleshooting_table(tmp_path):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    good = (ROOT / "examples" / "articles" / "002_debd79b6dfc0f7d1.txt").read_bytes()
    (corpus / "a_good.txt").write_bytes(good)
    (corpus / "b_copy.txt").write_bytes(good)
    (corpus / "c_empty.txt").write_bytes(b"")
    (corpus / "d_binary.txt").write_bytes(b"\x00\x01\x02 binary")
    (corpus / "e_latin1.txt").write_bytes("Russian jets struck Homs, café".encode("latin-1"))
    (corpus / "metadata.json").write_text("{not json", encoding="utf-8")
    messages = _problems(run_kg("build", str(corpus), "--out", str(tmp_path / "out")).stderr)
    bad_query = tmp_path / "bad.rq"
    bad_query.write_text("SELECT ?x WHERE { ?x ?y ", encoding="utf-8")
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <http://x/> . x:a x:b ", encoding="utf-8")
    graph = tmp_path / "out" / "graph.ttl"
    for args in (("query", str(bad_query), "--graph", str(graph)), ("query", "no_such_query", "--graph", str(graph)),
                 ("query", "who_backs_whom", "--graph", str(broken)), ("query", "who_backs_whom", "--graph", str(tmp_path / "nope.ttl")),
                 ("query", "who_backs_whom", "--graph", str(graph), "--format", "xml"),
                 ("build", str(tmp_path / "missing"), "--out", str(tmp_path / "o2")),
                 ("build", "--out", str(tmp_path / "o3"), "--reason", "--reason-engine", "bogus")):
        messages += _problems(run_kg(*args).stderr)
    assert len(messages) >= 10, messages
    patterns = _troubleshooting_patterns()
    missing = [m for m in messages if not any(p.fullmatch(m) for p in patterns)]
    assert not missing, f"messages not in the README's troubleshooting table: {missing}"
