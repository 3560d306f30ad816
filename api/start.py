"""The start page at ``/`` for people who open the server in a browser.

It says what the graph holds (node counts per label, relationship counts per type), links to the OpenAPI
docs, lists the query catalogue with each query runnable by one click on its example parameters, links the
graph view of the most connected entities (the named query ``most_connected``) and explains how to open the
Neo4j Browser guide. Server-rendered HTML: it works without JavaScript.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

import eusec
from eusec.api.deps import CatalogueDep, SettingsDep, StoreDep, run_query, translate_error
from eusec.api.view import label_of, view_href
from eusec.graph.catalogue import Catalogue, NamedQuery

router = APIRouter(tags=["start"])

#: Entities shown as "most connected" (each a link to its graph view).
MOST_CONNECTED = 12


def example_params(query: NamedQuery) -> dict[str, Any]:
    """The example value of every parameter that has one (list values joined by commas, as the API reads them)."""
    out: dict[str, Any] = {}
    for p in query.params:
        value = p.example if p.example not in (None, "", []) else None
        if value is None:
            continue
        out[p.name] = ",".join(map(str, value)) if isinstance(value, list) else value
    return out


def example_href(query: NamedQuery) -> str:
    """``/queries/<name>?<example parameters>``: the GET that runs the query on its examples."""
    params = example_params(query)
    return f"/queries/{query.name}" + (f"?{urlencode(params)}" if params else "")


def _catalogue_rows(catalogue: Catalogue) -> str:
    e = html.escape
    rows = []
    for q in catalogue:
        params = ", ".join(f"{p.name}={v}" for p, v in ((p, example_params(q).get(p.name)) for p in q.params) if v is not None)
        rows.append(
            f"<tr><td><code>{e(q.name)}</code></td><td>{e(q.description)}</td>"
            f"<td><a class='run' href='{e(example_href(q))}'>run</a> <code>{e(params)}</code></td></tr>"
        )
    return "".join(rows)


def start_page(counts: Any, connected: list[dict[str, Any]], catalogue: Catalogue, backend: str) -> str:
    """The HTML of the start page."""
    e = html.escape
    node_rows = "".join(f"<tr><td>{e(label)}</td><td class='n'>{n}</td></tr>" for label, n in counts.nodes.items())
    rel_rows = "".join(f"<tr><td>{e(type_)}</td><td class='n'>{n}</td></tr>" for type_, n in counts.relationships.items())
    total_nodes = sum(counts.nodes.values())
    if connected:
        hubs = "".join(
            f"<li><span class='lbl lbl-{e(label_of(r['uid']))}'>{e(label_of(r['uid']))}</span> "
            f"<a href='{e(view_href(r['uid']))}'>{e(r['uid'].split(':', 1)[-1])}</a> "
            f"<span class='deg'>{int(r['degree'])} relationships</span></li>"
            for r in connected
        )
        hubs = f"<ol id='most-connected'>{hubs}</ol>"
    else:
        hubs = "<p id='most-connected' class='warn'>The graph is empty: ingest a paper (<code>eusec ingest PAPER</code>).</p>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>eusec · a knowledge graph of EU internal-security files</title>
<link rel="stylesheet" href="/view-static/view.css">
</head><body>
<header>
  <h1>eusec</h1>
  <p class="title">A knowledge graph of EU internal-security files: Council papers, their measures, working parties,
  the legal acts and documents they cite, agencies, information systems and Presidencies, with provenance on every
  fact. Version {e(eusec.__version__)}, {e(backend)} store.</p>
  <p class="links"><a id="docs" href="/docs">API documentation (/docs)</a> <a href="/queries">catalogue as JSON</a>
  <a href="/browser-guide">Neo4j Browser guide</a></p>
</header>
<main>
  <section id="counts"><h2>What the graph holds: {total_nodes} nodes</h2>
    <table class="counts"><thead><tr><th>label</th><th>nodes</th></tr></thead><tbody>{node_rows}</tbody></table>
    <table class="counts"><thead><tr><th>relationship</th><th>count</th></tr></thead><tbody>{rel_rows}</tbody></table>
  </section>
  <section id="hubs"><h2>Most connected entities</h2>
    <p>Each opens the graph view of its neighbourhood.</p>{hubs}</section>
  <section id="catalogue"><h2>Named queries ({len(catalogue)})</h2>
    <p>Each link runs the query on its example parameters (JSON); change them in the address or at /docs.</p>
    <table><thead><tr><th>query</th><th>question it answers</th><th>example</th></tr></thead>
    <tbody>{_catalogue_rows(catalogue)}</tbody></table></section>
  <section id="browser"><h2>Neo4j Browser guide</h2>
    <p>With the graph in Neo4j (<code>eusec neo4j start</code>, <code>EUSEC_STORE=neo4j eusec up</code>), open the
    Neo4j Browser and type <code>:play http://localhost:8000/browser-guide</code> (this server's address): the
    <a href="/browser-guide">guide</a> explains every label and relationship and offers one-click starter queries.</p>
  </section>
</main>
</body></html>"""


@router.get("/", response_class=HTMLResponse, summary="Start page: what the graph holds, the catalogue, the graph view")
def start(store: StoreDep, catalogue: CatalogueDep, settings: SettingsDep) -> HTMLResponse:
    """Counts per label and type, the most connected entities, the runnable catalogue and the Browser guide."""
    try:
        counts = store.counts()
    except Exception as exc:  # noqa: BLE001 - translated into the one error shape (503 when the store is down)
        raise translate_error(exc, store) from None
    connected = run_query(store, catalogue.get("most_connected"), {"limit": MOST_CONNECTED}, settings)
    return HTMLResponse(start_page(counts, connected, catalogue, store.backend))
