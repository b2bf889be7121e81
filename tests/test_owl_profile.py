"""The ontology, and the ontology with a built and reasoned graph, are in OWL 2 DL.

Checked with the OWL API's own OWL2DLProfile (Debian package libowlapi-java): a tiny
checker, tests/java/OWL2DLCheck.java, is compiled with javac into a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import ROOT

OWLAPI_JAR = Path("/usr/share/java/owlapi-distribution.jar")
CLASSPATH = "/usr/share/java/*"
CHECKER = ROOT / "tests" / "java" / "OWL2DLCheck.java"
APT_PACKAGES = ["libowlapi-java"]


def _can_install() -> bool:
    return os.environ.get("CI") == "true" or os.geteuid() == 0


@pytest.fixture(scope="module")
def dl_checker(tmp_path_factory):
    """A command running the compiled OWL 2 DL checker; installs libowlapi-java when missing."""
    if shutil.which("javac") is None or shutil.which("java") is None:
        pytest.skip("the OWL 2 DL check needs a JDK (Debian: default-jdk-headless)")
    if not OWLAPI_JAR.is_file():
        if not (_can_install() and shutil.which("apt-get")):
            pytest.skip("the OWL 2 DL check needs the OWL API (Debian: apt-get install libowlapi-java)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        install = subprocess.run(["apt-get", "install", "-y", "-q", *APT_PACKAGES], env=env, capture_output=True, text=True)
        if install.returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
            install = subprocess.run(["apt-get", "install", "-y", "-q", *APT_PACKAGES], env=env, capture_output=True, text=True)
        if install.returncode != 0 or not OWLAPI_JAR.is_file():
            pytest.skip(f"could not install libowlapi-java: {install.stderr.strip()[-300:]}")
    classes = tmp_path_factory.mktemp("owl2dl")
    subprocess.run(["javac", "-cp", CLASSPATH, "-d", str(classes), str(CHECKER)], check=True, capture_output=True)
    return ["java", "-cp", f"{CLASSPATH}:{classes}", "OWL2DLCheck"]


def _check(command: list[str], *files: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """Merge the files with rdflib (so declarations reach the data) and run the checker on the result."""
    merged = Graph()
    for path in files:
        merged.parse(path, format="turtle")
    target = tmp_path / "merged.ttl"
    merged.serialize(target, format="turtle")
    return subprocess.run([*command, str(target)], capture_output=True, text=True, timeout=300)


def test_ontology_is_owl2_dl(dl_checker, tmp_path):
    proc = _check(dl_checker, ROOT / "ontology" / "conflict-kg.ttl", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stdout


def test_graph_with_inferences_is_owl2_dl(dl_checker, reasoned, tmp_path):
    out = reasoned[3]
    files = [ROOT / "ontology" / "conflict-kg.ttl", ROOT / "ontology" / "gazetteer.ttl", out / "graph.ttl", out / "inferred.ttl"]
    proc = _check(dl_checker, *files, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stdout


def test_checker_catches_a_dl_violation(dl_checker, tmp_path):
    # A transitive property may not carry a cardinality restriction (OWL 2 DL global restriction).
    planted = tmp_path / "planted.ttl"
    planted.write_text(
        "@prefix kgo: <https://w3id.org/conflict-kg/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "kgo:struck a owl:TransitiveProperty .\n", encoding="utf-8")
    proc = _check(dl_checker, ROOT / "ontology" / "conflict-kg.ttl", planted, tmp_path=tmp_path)
    assert proc.returncode == 1
    assert "non-simple property" in proc.stdout and "MultiStateTarget" in proc.stdout
