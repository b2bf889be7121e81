"""graph.html in a real browser: headless Debian Chromium driven by Playwright, network blocked.

Needs /usr/bin/chromium (the Debian package; installed here when missing and we are root or
in CI) and the playwright Python package; no browser is downloaded. Screenshots are kept in
test-artifacts/ (or $KG_TEST_ARTIFACTS).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from kg.analyze import actor_network
from kg.store import load_file, open_store
from kg.visualize import graph_payload, write_html
from synthetic import HOSTILE_LABELS, hostile_network, random_network

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(os.environ.get("KG_TEST_ARTIFACTS", ROOT / "test-artifacts"))
LOAD_TIMEOUT_MS = 120_000  # generous: a functional bound, not a timing test


def _ensure_chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    may_install = os.geteuid() == 0 or os.environ.get("CI") == "true"
    if not may_install or shutil.which("apt-get") is None:
        pytest.skip("browser tests need /usr/bin/chromium: run `apt-get install -y chromium` (as root)")
    command = ["apt-get", "install", "-y", "--no-install-recommends", "chromium", "fonts-dejavu-core"]
    if os.geteuid() != 0:
        command = ["sudo", "-n", *command]
    subprocess.run(["sudo", "-n", "apt-get", "update"] if os.geteuid() else ["apt-get", "update"], check=False,
                   capture_output=True, timeout=600)
    proc = subprocess.run(command, capture_output=True, text=True, timeout=1200)
    if proc.returncode != 0 or not CHROMIUM.exists():
        pytest.skip(f"could not install chromium: {proc.stderr.strip().splitlines()[-1:] or proc.returncode}")
    return CHROMIUM


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    """A fresh headless Chromium profile; every non-file request is aborted and recorded."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (no browser download needed)")
    executable = _ensure_chromium()
    with sync_api.sync_playwright() as playwright:
        ctx = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(executable), headless=True,
            args=FLAGS, viewport={"width": 1400, "height": 900}, offline=True)
        ctx.blocked = []

        def guard(route):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                ctx.blocked.append(route.request.url)
                route.abort()

        ctx.route("**/*", guard)
        ctx.on("request", lambda r: None if r.url.startswith(("file://", "data:")) else ctx.blocked.append(r.url))
        yield ctx
        ctx.close()


def _open(context, path: Path):
    """Load a page from file://, wait for its first drawing; returns (page, page errors)."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("websocket", lambda ws: context.blocked.append(ws.url))
    page.goto(path.resolve().as_uri(), timeout=LOAD_TIMEOUT_MS)
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=LOAD_TIMEOUT_MS)
    return page, errors


def _drawn(page) -> tuple[int, int]:
    return tuple(page.evaluate("[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]"))


def _keep_screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    return path


def test_bundled_graph_draws_every_actor_offline(context, built):
    _, out = built
    store = open_store()
    load_file(store, out / "graph.ttl")
    payload = graph_payload(actor_network(store))
    page, errors = _open(context, out / "graph.html")
    assert _drawn(page) == (len(payload["nodes"]), len(payload["edges"]))
    assert len(payload["nodes"]) > 10
    _keep_screenshot(page, "bundled-graph.png")
    assert errors == [] and context.blocked == []
    page.close()


def test_filters_and_search_change_what_is_drawn(context, built):
    _, out = built
    page, errors = _open(context, out / "graph.html")
    nodes, edges = _drawn(page)
    persons = page.evaluate("kgNodes.get({filter: n => n.group === 'Person'}).length")
    page.get_by_role("checkbox", name="Person").uncheck()
    assert _drawn(page)[0] == nodes - persons > 0
    struck = page.evaluate("kgEdges.get({filter: e => e.relation === 'struck'}).length")
    page.get_by_role("checkbox", name="struck").uncheck()
    assert _drawn(page)[1] < edges and struck > 0
    page.fill("#search", "russia")
    assert page.evaluate("kgNetwork.getSelectedNodes().length") >= 1
    assert "match" in page.text_content("#matches")
    assert errors == [] and context.blocked == []
    page.close()


def test_injected_labels_do_not_run(context, tmp_path):
    network = hostile_network()
    path = write_html(network, tmp_path / "hostile.html", title="<img src=x onerror=\"window.__kgPwned='title'\">")
    page, errors = _open(context, path)
    assert _drawn(page)[0] == network.number_of_nodes()
    # open every tooltip and the details panel, where an HTML sink would fire
    for node in network:
        page.evaluate("id => { const n = kgNodes.get(id); document.getElementById('details').textContent = n.tooltip;"
                      " document.body.append(n.title); }", node)
    page.fill("#search", "img")
    page.mouse.move(900, 450)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__kgPwned") is None
    assert page.evaluate("document.querySelectorAll('img, b').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    shown = page.evaluate("kgNodes.get().map(n => n.title.textContent)")
    assert all(any(label in text for text in shown) for label in HOSTILE_LABELS)
    assert page.title().startswith("<img")
    _keep_screenshot(page, "hostile-graph.png")
    assert errors == [] and context.blocked == []
    page.close()


def test_five_thousand_nodes_load_and_draw(context, tmp_path):
    network = random_network(5000)
    path = write_html(network, tmp_path / "large.html", title="5,000 synthetic actors")
    page, errors = _open(context, path)
    assert _drawn(page)[0] == 5000
    assert page.is_disabled("#physics") and not page.is_checked("#edge-labels")
    page.fill("#search", "actor 4999")
    assert page.evaluate("kgNetwork.getSelectedNodes()") == ["urn:x-test:n4999"]
    _keep_screenshot(page, "large-graph.png")
    assert errors == [] and context.blocked == []
    page.close()
