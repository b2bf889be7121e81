"""kg docs: the HTML page is generated from the OWL file and documents every term in it."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from conftest import ROOT, run_kg
from kg.build import KGO

pytest.importorskip("pylode", reason="kg docs needs pyLODE (pip install 'pylode>=3.3.4,<3.4')")


def _terms() -> set[str]:
    tbox = Graph().parse(ROOT / "ontology" / "conflict-kg.ttl")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {str(s)[len(str(KGO)):] for kind in kinds for s in tbox.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(str(KGO))}


@pytest.mark.parametrize("source", ["generated", "committed"])
def test_ontology_page_documents_every_term(source, tmp_path):
    if source == "generated":
        page = tmp_path / "ontology.html"
        proc = run_kg("docs", "--out", str(page), check=True)
        assert str(page) in proc.stdout and "INFO" not in proc.stderr
    else:
        page = ROOT / "docs" / "ontology.html"
    html = page.read_text(encoding="utf-8")
    missing = sorted(t for t in _terms() if f"{KGO}{t}<" not in html and f'"{KGO}{t}"' not in html)
    assert not missing, f"{page} lacks {missing} (run: kg docs --out docs/ontology.html)"
    assert "MultiStateTarget" in html and "<script src=" not in html


def test_missing_ontology_is_exit_2(tmp_path):
    proc = run_kg("docs", "--out", str(tmp_path / "x.html"), "--ontology", str(tmp_path / "none.ttl"))
    assert proc.returncode == 2 and "none.ttl" in proc.stderr
    assert not (tmp_path / "x.html").exists()
