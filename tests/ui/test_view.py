"""The graph view in a real headless Chromium (Debian's chromium): the page draws the neighbourhood with
cytoscape.js, says so in data-rendered, links out to EUR-Lex, and degrades with a clear message when the
library is not installed. Skipped when chromium is absent, except under CI (CI=true), where that fails."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from eusec import PROJECT_ROOT
from tests.conftest import in_ci
from tests.ui.conftest import start_server, stop_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: Without chromium the browser tests skip with this reason; under CI (CI=true) they run and fail instead.
needs_chromium = pytest.mark.skipif(CHROMIUM is None and not in_ci(),
                                    reason="chromium is not installed (apt-get install -y chromium)")
#: Where screenshots go for a person to look at (default: the test's tmp folder).
SHOT_DIR = os.environ.get("EUSEC_UI_SCREENSHOTS")


def chromium(url: str, tmp_path: Path, *, screenshot: Path | None = None, budget_ms: int = 8000) -> str:
    """Run headless chromium on ``url``: the DOM after scripts ran (and a screenshot if asked)."""
    if CHROMIUM is None:
        pytest.fail("chromium is not installed: under CI the browser tests need it (apt-get install -y chromium)")
    profile = tmp_path / f"profile-{os.getpid()}-{len(list(tmp_path.iterdir()))}"
    args = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}", "--window-size=1280,1000",
    ]
    args += [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
    proc = subprocess.run(args + [url], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def view_url(base: str, uid: str) -> str:
    return f"{base}/view/{quote(uid, safe='/:()')}"


def test_graph_json_is_the_neighbourhood(server: str) -> None:
    data = httpx.get(f"{server}/graph/Agency:Europol").json()
    ids = {n["id"] for n in data["nodes"]}
    assert data["center"] == "Agency:Europol" and "Agency:Europol" in ids
    assert len(data["nodes"]) >= 2 and data["edges"]
    for edge in data["edges"]:  # every edge touches the centre and ends at a listed node
        assert "Agency:Europol" in (edge["source"], edge["target"])
        assert {edge["source"], edge["target"]} <= ids
        assert edge["document"] == "9999/26" and edge["type"]
    acts = [n for n in data["nodes"] if n["label"] == "LegalAct"]
    assert acts and all(any("eur-lex.europa.eu" in link["url"] for link in n["links"]) for n in acts)


def test_unknown_entity_is_a_404(server: str) -> None:
    r = httpx.get(f"{server}/graph/Agency:Nobody")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = httpx.get(f"{server}/graph/Nolabel:x")
    assert r.status_code == 404
    r = httpx.get(view_url(server, "Agency:Nobody"))
    assert r.status_code == 404 and "No entity with uid" in r.text


def test_browser_guide_is_served_for_play(server: str) -> None:
    r = httpx.get(f"{server}/browser-guide")
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert r.text.count('class="pre-scrollable code runnable"') >= 10
    assert r.text == (PROJECT_ROOT / "browser" / "guide.html").read_text(encoding="utf-8")


@needs_chromium
@pytest.mark.timeout(300)
def test_view_draws_the_neighbourhood_in_chromium(server: str, tmp_path: Path) -> None:
    uid = "Agency:Europol"
    data = httpx.get(f"{server}/graph/{uid}").json()
    dom = chromium(view_url(server, uid), tmp_path)
    m = re.search(r'<div id="cy"[^>]*data-rendered="(\d*)"', dom)
    assert m, dom[:3000]
    assert m.group(1) == str(len(data["nodes"])), "cytoscape drew a different number of nodes than /graph returned"
    assert 'data-error' not in m.group(0)
    assert "<canvas" in dom  # cytoscape's canvas renderer is in the page
    assert "EUR-Lex" in dom or "Europol" in dom
    shot = Path(SHOT_DIR) / "view-europol.png" if SHOT_DIR else tmp_path / "view-europol.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    chromium(view_url(server, uid), tmp_path, screenshot=shot)
    import matplotlib.image as mpimg
    import numpy as np

    img = mpimg.imread(shot)[:, :, :3]
    assert img.shape[0] >= 900 and img.shape[1] >= 1200
    # the centre node is drawn in the Agency colour #F16667: look for its pixels on the canvas
    agency = np.array([0xF1, 0x66, 0x67]) / 255
    assert (np.abs(img - agency).max(axis=2) < 0.03).sum() > 200, "no Agency-coloured node on the screenshot"


@needs_chromium
@pytest.mark.timeout(300)
def test_view_of_a_measure_links_to_eurlex(server: str, tmp_path: Path) -> None:
    data = httpx.get(f"{server}/graph/Agency:Europol").json()
    act = next(n for n in data["nodes"] if n["label"] == "LegalAct")
    dom = chromium(view_url(server, act["id"]), tmp_path)
    assert re.search(r'<a class="ext" href="https://eur-lex\.europa\.eu/[^"]+"', dom)
    assert re.search(r'data-rendered="[1-9]\d*"', dom)


@needs_chromium
@pytest.mark.timeout(300)
def test_view_degrades_without_the_graph_library(sample_data_dir: Path, tmp_path: Path) -> None:
    static = tmp_path / "static"
    static.mkdir()
    for name in ("view.js", "view.css"):
        shutil.copy(PROJECT_ROOT / "api" / "static" / name, static / name)
    data_dir = tmp_path / "data"  # a copy: the module's server may hold the embedded database open
    shutil.copytree(sample_data_dir, data_dir)
    proc, base = start_server(data_dir, tmp_path / "uvicorn.log", {"EUSEC_STATIC_DIR": str(static)})
    try:
        assert httpx.get(f"{base}/view-static/cytoscape.min.js").status_code == 404
        dom = chromium(view_url(base, "Agency:Europol"), tmp_path)
    finally:
        stop_server(proc)
    assert 'data-error="missing-library"' in dom
    assert "npm ci --prefix api/static" in dom
    assert re.search(r"<tbody>\s*<tr>", dom)  # the server-rendered neighbours are still there


def test_browser_guide_preflight_allows_the_browsers_headers(server: str) -> None:
    """The Neo4j Browser sends pragma/cache-control and sentry-trace/baggage: the preflight must allow them."""
    r = httpx.options(
        f"{server}/browser-guide",
        headers={"Origin": "http://127.0.0.1:7474", "Access-Control-Request-Method": "GET",
                 "Access-Control-Request-Headers": "pragma,cache-control,sentry-trace,baggage"},
    )
    assert r.status_code in (200, 204)
    assert r.headers["access-control-allow-origin"] == "*"
    allowed = {h.strip() for h in r.headers["access-control-allow-headers"].split(",")}
    assert {"pragma", "cache-control", "sentry-trace", "baggage"} <= allowed


@needs_chromium
@pytest.mark.neo4j
@pytest.mark.timeout(300)
def test_guide_plays_in_the_real_neo4j_browser(server: str, tmp_path: Path) -> None:
    """`:play <api>/browser-guide` in the Neo4j Browser the launcher serves (needs EUSEC_TEST_NEO4J=1)."""
    if os.environ.get("EUSEC_TEST_NEO4J") != "1":
        pytest.skip("EUSEC_TEST_NEO4J is not set: no Neo4j Browser for this test run")
    from eusec.settings import Settings

    http_port = Settings().neo4j_http_port
    # not connected yet, the Browser allows only its built-in hosts (localhost), so play from localhost
    guide = server.replace("127.0.0.1", "localhost") + "/browser-guide"
    dom = chromium(f"http://127.0.0.1:{http_port}/browser/?cmd=play&arg={guide}", tmp_path, budget_ms=20000)
    assert "The eusec graph" in dom, "the Browser did not render the guide"
    assert "No guide by that name" not in dom
