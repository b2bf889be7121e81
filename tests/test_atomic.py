"""Atomic outputs: a build killed at any moment leaves the previous graph byte-identical."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_kg
from kg.pipeline import STAGING_PREFIX, remove_stale_staging
from kg.synthetic import write_corpus


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """An output folder holding a finished build of a small corpus, and a larger corpus to rebuild it from."""
    root = tmp_path_factory.mktemp("atomic")
    small = write_corpus(root / "small", 3, seed=1)
    large = write_corpus(root / "large", 150, seed=2)
    out = root / "out"
    run_kg("build", str(small), "--out", str(out), check=True)
    return out, {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.html")}, small, large


def start_build(corpus: Path, out: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # A shell's background jobs ignore SIGINT, and children inherit that: restore the default
    # so Python turns Ctrl-C into KeyboardInterrupt as it does in a terminal.
    return subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "-v"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def wait_for(condition, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, f"build ended before the kill:\n{proc.stderr.read()}"
        assert time.monotonic() < deadline, "the build never reached the moment to kill it"
        time.sleep(0.005)


def staging(out: Path) -> list[Path]:
    return sorted(out.glob(STAGING_PREFIX + "*"))


def during_extraction(proc: subprocess.Popen, out: Path):
    line = proc.stderr.readline()  # "checked N files: ..." is logged just before extraction starts
    assert line.startswith("checked "), line
    return lambda: True


def during_writing(proc: subprocess.Popen, out: Path):
    return lambda: bool(staging(out))


def assert_previous_intact(out: Path, before: dict[str, bytes]) -> None:
    for name, data in before.items():
        assert (out / name).read_bytes() == data, f"{name} changed"
    assert {p.name for p in out.iterdir() if not p.name.startswith(STAGING_PREFIX)} == set(before)


@pytest.mark.parametrize("phase", [during_extraction, during_writing])
def test_sigkill_leaves_previous_graph_intact(previous, phase):
    out, before, small, large = previous
    proc = start_build(large, out)
    wait_for(phase(proc, out), proc)
    proc.kill()
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert_previous_intact(out, before)
    # leftovers of the killed build are hidden, and the next build clears them away
    query = run_kg("query", "who_backs_whom", "--graph", str(out / "graph.ttl"), "--format", "csv")
    assert query.returncode == 0, query.stderr
    run_kg("build", str(small), "--out", str(out), check=True)
    assert staging(out) == []
    assert (out / "graph.ttl").read_bytes() == before["graph.ttl"]  # same input, same Turtle
    before["graph.html"] = (out / "graph.html").read_bytes()  # the page's layout may differ run to run


@pytest.mark.parametrize("phase", [during_extraction, during_writing])
def test_ctrl_c_leaves_previous_graph_intact_and_no_debris(previous, phase):
    out, before, _, large = previous
    proc = start_build(large, out)
    wait_for(phase(proc, out), proc)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert staging(out) == []
    if "kg: interrupted; the new outputs were written in full" in stderr:
        # Ctrl-C came while the finished files were being renamed into place: all are new
        assert all((out / name).read_bytes() != data for name, data in before.items())
        run_kg("build", str(previous[2]), "--out", str(out), check=True)
        before["graph.html"] = (out / "graph.html").read_bytes()
        return
    assert "kg: interrupted; previous outputs left as they were" in stderr
    assert_previous_intact(out, before)


def test_ctrl_c_while_outputs_are_renamed_is_held_back_until_all_are_in_place(tmp_path):
    from kg.pipeline import InterruptedAfterWriting, _interrupt_held_back

    renamed = []
    with pytest.raises(InterruptedAfterWriting):
        with _interrupt_held_back():
            os.kill(os.getpid(), signal.SIGINT)
            for name in ("graph.ttl", "graph.html"):
                time.sleep(0.01)
                renamed.append(name)
    assert renamed == ["graph.ttl", "graph.html"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_stale_staging_of_a_live_process_is_kept(tmp_path):
    live = tmp_path / f"{STAGING_PREFIX}{os.getpid()}-abc"
    dead = tmp_path / f"{STAGING_PREFIX}999999999-abc"
    live.mkdir()
    dead.mkdir()
    (dead / ".graph.ttl.x.tmp").write_text("half")
    assert remove_stale_staging(tmp_path) == [dead]
    assert live.exists() and not dead.exists()
