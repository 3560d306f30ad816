"""The start page at ``/`` in a real headless Chromium: counts per label, links to /docs and the Browser guide,
the catalogue each runnable on its example parameters, and the most connected entities linked to their graph
view. Expected figures come from the sample paper's extracted graph, not from the page's own queries."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import httpx
import pytest

from eusec.api.view import view_href
from eusec.graph.catalogue import load_catalogue
from eusec.ingest.pipeline import extract_file
from tests.ui.conftest import SAMPLE
from tests.ui.test_view import chromium, needs_chromium


@pytest.fixture(scope="module")
def sample_graph():  # noqa: ANN201 - a graph.model.Graph
    return extract_file(SAMPLE)


@pytest.fixture(scope="module")
def start_dom(server: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    if needs_chromium.args[0]:  # chromium missing: the marker's skip condition
        pytest.skip(needs_chromium.kwargs["reason"])
    return chromium(f"{server}/", tmp_path_factory.mktemp("start-chromium"))


def _table_counts(dom: str, header: str) -> dict[str, int]:
    """{name: count} from the counts table whose first header cell is ``header``."""
    m = re.search(rf"<th>{header}</th>.*?<tbody>(.*?)</tbody>", dom, re.S)
    assert m, f"no counts table headed {header!r}"
    return {name: int(n) for name, n in re.findall(r"<td>([A-Za-z_]+)</td><td class=\"n\">(\d+)</td>", m.group(1))}


@needs_chromium
@pytest.mark.timeout(300)
def test_start_page_counts_per_label_and_type(start_dom: str, sample_graph) -> None:  # noqa: ANN001
    expected_nodes = Counter(n.label for n in sample_graph.nodes.values())
    expected_rels = Counter(r.type for r in sample_graph.relationships.values())
    nodes = _table_counts(start_dom, "label")
    rels = _table_counts(start_dom, "relationship")
    assert {k: v for k, v in nodes.items() if v} == dict(expected_nodes)
    assert {k: v for k, v in rels.items() if v} == dict(expected_rels)
    assert f"{len(sample_graph.nodes)} nodes" in start_dom


@needs_chromium
@pytest.mark.timeout(300)
def test_start_page_links_docs_and_browser_guide(server: str, start_dom: str) -> None:
    assert 'href="/docs"' in start_dom and 'href="/browser-guide"' in start_dom
    assert ":play http://localhost:8000/browser-guide" in start_dom
    assert httpx.get(f"{server}/docs").status_code == 200
    guide = httpx.get(f"{server}/browser-guide")
    assert guide.status_code == 200 and "The eusec graph" in guide.text


@needs_chromium
@pytest.mark.timeout(600)
def test_every_catalogue_query_runs_from_the_start_page(server: str, start_dom: str) -> None:
    links = dict(re.findall(r'<td><code>([a-z_]+)</code></td><td>.*?<a class="run" href="([^"]+)"', start_dom))
    catalogue = load_catalogue()
    assert sorted(links) == catalogue.names()
    for name, href in links.items():
        href = html.unescape(href)
        assert href.startswith(f"/queries/{name}")
        r = httpx.get(server + href, timeout=60)
        assert r.status_code == 200, (name, href, r.text[:300])
        body = r.json()
        assert body["name"] == name
        # the link carries exactly the example parameters the catalogue declares
        examples = {p.name: p.example for p in catalogue.get(name).params if p.example not in (None, "", [])}
        assert {k: body["params"][k] for k in examples} == examples


@needs_chromium
@pytest.mark.timeout(300)
def test_most_connected_entities_open_their_graph_view(server: str, start_dom: str, sample_graph,  # noqa: ANN001
                                                       tmp_path: Path) -> None:
    degree: Counter[str] = Counter()
    for rel in sample_graph.relationships.values():
        degree[rel.start] += 1
        degree[rel.end] += 1
    expected = sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    block = re.search(r'<ol id="most-connected">(.*?)</ol>', start_dom, re.S)
    assert block, "no list of most connected entities"
    shown = re.findall(r'<a href="(/view/[^"]+)">[^<]*</a> <span class="deg">(\d+) relationships</span>', block.group(1))
    assert [int(n) for _, n in shown] == [n for _, n in expected]
    assert [html.unescape(href) for href, _ in shown] == [view_href(uid) for uid, _ in expected]
    # the first one's graph view draws in the browser
    dom = chromium(server + html.unescape(shown[0][0]), tmp_path)
    assert re.search(r'<div id="cy"[^>]*data-rendered="[1-9]\d*"', dom)
