"""Analyst-facing pages of the API: the Neo4j Browser guide and a small graph view of one entity.

- ``GET /browser-guide``: the guide HTML (browser/guide.html) for ``:play http://localhost:8000/browser-guide``
  in the Neo4j Browser (served with ``Access-Control-Allow-Origin: *``: the Browser fetches it cross-origin).
- ``GET /graph/{uid}``: ``{center, nodes, edges, truncated}`` — the entity and its 1-hop neighbourhood, capped.
- ``GET /view/{uid}``: an HTML page drawing that neighbourhood with cytoscape.js (npm, ``api/static``), with a
  server-rendered table of the same neighbours so the page is useful without the library or JavaScript.
- ``GET /view-static/{name}``: the page's script, style and the cytoscape bundle.

The store comes from the app's holder (``api.deps.StoreDep``).
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from eusec import RESOURCE_ROOT
from eusec.api.deps import StoreDep, json_response, jsonable
from eusec.errors import NotFoundError
from eusec.graph.schema import load_schema

router = APIRouter(tags=["view"])

#: The page's static files; EUSEC_STATIC_DIR points elsewhere (an installed copy; the UI test uses it to check the
#: page without the graph library).
STATIC = Path(os.environ.get("EUSEC_STATIC_DIR") or RESOURCE_ROOT / "api" / "static")
GUIDE = RESOURCE_ROOT / "browser" / "guide.html"
#: Neighbours drawn per direction: beyond ~60 nodes a force layout becomes unreadable.
NEIGHBOUR_CAP = 60
#: Relationship type expression per backend (Neo4j: type(r); LadybugDB/Kùzu: label(r)).
_TYPE_EXPR = {"neo4j": "type(r)", "embedded": "label(r)"}
_STATIC_FILES = {
    "view.js": ("view.js", "text/javascript"),
    "view.css": ("view.css", "text/css"),
    "cytoscape.min.js": ("node_modules/cytoscape/dist/cytoscape.min.js", "text/javascript"),
}
EURLEX_CELEX = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}"
CONSILIUM_PDF = "https://data.consilium.europa.eu/doc/document/ST-{serial}-{year}-INIT/en/pdf"


def _captions() -> dict[str, str]:
    """Caption property per label, from the schema (graph/schema.py)."""
    return {label: spec.caption or "uid" for label, spec in load_schema().nodes.items()}


def _clean(row: Any) -> dict[str, Any]:
    """A node/relationship dict without backend internals (``_ID``, ``_LABEL``...) or empty values."""
    if not isinstance(row, dict):
        return {}
    return {k: v for k, v in row.items() if not k.startswith("_") and v not in (None, "", [])}


def label_of(uid: str) -> str:
    return uid.split(":", 1)[0]


def view_href(uid: str) -> str:
    """The /view link of a uid (``#``, ``?`` and spaces escaped; ``/`` kept, the route takes a path)."""
    return "/view/" + quote(uid, safe="/:()")


def external_links(label: str, props: dict[str, Any]) -> list[dict[str, str]]:
    """Public pages for an entity: EUR-Lex for acts and Commission documents, the Council register PDF."""
    links = []
    if label == "LegalAct":
        url = props.get("eurlex_url") or (EURLEX_CELEX.format(celex=props["celex"]) if props.get("celex") else None)
        if url:
            links.append({"title": "EUR-Lex", "url": str(url)})
        if props.get("eli"):
            links.append({"title": "ELI", "url": str(props["eli"])})
    elif label == "CouncilDocument" and not props.get("working_document") and props.get("serial") and props.get("year"):
        links.append({"title": "Council register (PDF)", "url": CONSILIUM_PDF.format(serial=props["serial"], year=props["year"])})
    elif label == "CommissionDocument" and props.get("year") and props.get("serial"):
        sector = {"COM": "DC", "SWD": "SC", "JOIN": "JC"}.get(str(props.get("series")))
        if sector:
            celex = f"5{int(props['year'])}{sector}{int(props['serial']):04d}"
            links.append({"title": "EUR-Lex", "url": EURLEX_CELEX.format(celex=celex)})
    return links


def _node_json(props: dict[str, Any]) -> dict[str, Any]:
    uid = str(props.get("uid", ""))
    label = label_of(uid)
    caption = props.get(_captions().get(label, "uid")) or uid.split(":", 1)[-1]
    if label == "Measure" and props.get("title"):  # a bare "4" says nothing out of context
        title = str(props["title"])
        caption = f"{caption}. {title[:40]}{'…' if len(title) > 40 else ''}"
    return {
        "id": uid,
        "label": label,
        "caption": str(caption),
        "title": props.get("title") or props.get("full_name") or props.get("name") or "",
        "href": view_href(uid),
        "links": external_links(label, props),
    }


def neighbourhood(store: Any, uid: str, cap: int = NEIGHBOUR_CAP) -> dict[str, Any]:
    """The entity ``uid`` and its neighbours one hop away (at most ``cap`` per direction)."""
    label = label_of(uid)
    if label not in _captions():  # the label is formatted into the statement: only schema labels pass
        raise NotFoundError(f"no entity with uid {uid!r} (uids look like Agency:Europol; labels: {', '.join(_captions())})")
    found = store.read(f"MATCH (n:{label}) WHERE n.uid = $uid RETURN n", {"uid": uid})
    if not found:
        raise NotFoundError(f"no entity with uid {uid!r}")
    center = _clean(found[0]["n"])
    type_expr = _TYPE_EXPR.get(getattr(store, "backend", "neo4j"), "type(r)")
    nodes = {uid: _node_json(center)}
    edges: list[dict[str, Any]] = []
    truncated = False
    for direction, pattern in (("out", f"(n:{label})-[r]->(m)"), ("in", f"(n:{label})<-[r]-(m)")):
        total = store.read(f"MATCH {pattern} WHERE n.uid = $uid RETURN count(*) AS c", {"uid": uid})[0]["c"]
        rows = store.read(
            f"MATCH {pattern} WHERE n.uid = $uid RETURN {type_expr} AS type, r, m ORDER BY m.uid LIMIT $cap",
            {"uid": uid, "cap": cap},
        )
        truncated = truncated or total > len(rows)
        for row in rows:
            m = _clean(row["m"])
            r = _clean(row["r"])
            nodes.setdefault(m["uid"], _node_json(m))
            start, end = (uid, m["uid"]) if direction == "out" else (m["uid"], uid)
            # a relation many papers state (acts, agencies, working parties) is one edge listing them
            document = r.get("source") or next(iter(r.get("sources") or []), None)
            edges.append(
                {
                    "id": f"{row['type']}|{start}|{end}|{r.get('source', '')}",
                    "source": start,
                    "target": end,
                    "type": row["type"],
                    "document": document,
                    "documents": len(r.get("sources") or []) or 1,
                    "lines": [r.get("line_start"), r.get("line_end")],
                    "snippet": r.get("snippet", ""),
                }
            )
    return {"center": uid, "properties": center, "nodes": list(nodes.values()), "edges": edges, "truncated": truncated}


@router.get("/graph/{uid:path}", summary="An entity and its 1-hop neighbourhood as {nodes, edges}")
def graph_json(uid: str, store: StoreDep) -> Response:
    """Nodes ``{id, label, caption, title, href, links}`` and edges ``{source, target, type, document, lines, snippet}``."""
    return json_response(jsonable(neighbourhood(store, uid)))


@router.get("/browser-guide", response_class=HTMLResponse, summary="Neo4j Browser guide (:play this URL)")
def browser_guide() -> Response:
    """The guide; the Neo4j Browser loads it cross-origin, hence the open CORS header on this page only."""
    if not GUIDE.exists():
        raise NotFoundError("browser/guide.html is missing from this installation")
    return HTMLResponse(GUIDE.read_text(encoding="utf-8"), headers={"Access-Control-Allow-Origin": "*"})


@router.options("/browser-guide", include_in_schema=False)
def browser_guide_preflight(request: Request) -> Response:
    """CORS preflight: the Browser fetches guides with extra headers (``pragma``, ``cache-control``, its
    telemetry's ``sentry-trace``/``baggage``), so it asks first; any header may be sent to this public page."""
    asked = request.headers.get("access-control-request-headers", "")
    allowed = ", ".join(h for h in (x.strip() for x in asked.split(",")) if h and h.replace("-", "").isalnum())
    return Response(
        status_code=204,
        headers={
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Allow-Methods": "GET, OPTIONS",
            "Access-Control-Allow-Headers": allowed or "pragma, cache-control",
            "Access-Control-Max-Age": "600",
        },
    )


@router.get("/view-static/{name}", include_in_schema=False)
def view_static(name: str) -> Response:
    """The page's own script/style and the cytoscape bundle (404 with a hint when npm was not run)."""
    if name not in _STATIC_FILES:
        raise NotFoundError(f"no static file {name!r}")
    rel, media = _STATIC_FILES[name]
    path = STATIC / rel
    if not path.exists():
        raise NotFoundError(f"{name} is not installed: run `npm ci --prefix api/static`")
    # the page's own files change with eusec: revalidate; the pinned library may be cached
    cache = "max-age=86400" if name == "cytoscape.min.js" else "no-cache"
    return FileResponse(path, media_type=media, headers={"Cache-Control": cache})


@router.get("/view/{uid:path}", response_class=HTMLResponse, summary="An HTML page drawing an entity and its neighbours")
def view_page(uid: str, store: StoreDep) -> HTMLResponse:
    """The graph view: header with properties and links, a cytoscape canvas, and a plain table of neighbours."""
    try:
        data = neighbourhood(store, uid)
    except NotFoundError:
        return HTMLResponse(_page(uid, None), status_code=404)
    return HTMLResponse(_page(uid, data))


def _page(uid: str, data: dict[str, Any] | None) -> str:
    e = html.escape
    if data is None:
        body = f"<p class='missing'>No entity with uid <code>{e(uid)}</code>. Try the catalogue of named queries at <a href='/docs'>/docs</a>.</p>"
        return _shell(f"Not found: {uid}", body, uid, "")
    center = next(n for n in data["nodes"] if n["id"] == uid)
    props = data["properties"]
    rows = "".join(
        f"<tr><th>{e(k)}</th><td>{e(', '.join(map(str, v)) if isinstance(v, list) else str(v))}</td></tr>"
        for k, v in sorted(props.items())
        if k not in ("provenance",)
    )
    links = " ".join(f"<a class='ext' href='{e(link['url'])}' rel='noopener'>{e(link['title'])}</a>" for link in center["links"])
    by_id = {n["id"]: n for n in data["nodes"]}
    neighbour_rows = "".join(
        "<tr><td>{dir}</td><td>{type}</td><td><span class='lbl lbl-{lab}'>{lab}</span> <a href='{href}'>{cap}</a></td>"
        "<td>{title}</td><td>{doc}</td></tr>".format(
            dir="→" if edge["source"] == uid else "←",
            type=e(edge["type"]),
            lab=e(other["label"]),
            href=e(other["href"]),
            cap=e(other["caption"]),
            title=e(str(other["title"])[:140]),
            doc=e(f"{edge['document'] or ''} l.{edge['lines'][0]}" if edge["lines"][0] else (edge["document"] or ""))
            + (e(f" and {edge['documents'] - 1} more") if edge["documents"] > 1 else ""),
        )
        for edge in data["edges"]
        for other in [by_id[edge["target"] if edge["source"] == uid else edge["source"]]]
    )
    heading = center["caption"]
    if center["label"] == "Measure":  # the drawing's caption is shortened; the title follows in full below
        heading = f"{props.get('number', '')} ({props.get('document', '')})"
    legend = " ".join(f"<span class='lbl lbl-{e(lab)}'>{e(lab)}</span>" for lab in sorted({n["label"] for n in data["nodes"]}))
    body = f"""
<header>
  <p class="crumb"><a href="/docs">eusec API</a> · graph view</p>
  <h1><span class="lbl lbl-{e(center['label'])}">{e(center['label'])}</span> {e(heading)}</h1>
  <p class="title">{e(str(center['title']))}</p>
  <p class="links">{links}</p>
</header>
<main>
  <section class="graph">
    <div id="cy" data-uid="{e(uid)}" data-rendered="" aria-label="Neighbourhood graph of {e(uid)}"></div>
    <p class="legend">{legend}</p>
    <p id="status" role="status">Drawing {len(data['nodes'])} nodes and {len(data['edges'])} relationships…</p>
    {'<p class="warn">Only the first %d neighbours per direction are shown.</p>' % NEIGHBOUR_CAP if data['truncated'] else ''}
    <noscript><p class="warn">JavaScript is off: the neighbours are listed below.</p></noscript>
  </section>
  <section class="props"><h2>Properties</h2><table>{rows}</table></section>
  <section class="neighbours"><h2>Neighbours ({len(data['edges'])})</h2>
    <table><thead><tr><th></th><th>relationship</th><th>entity</th><th>title</th><th>stated in</th></tr></thead>
    <tbody>{neighbour_rows}</tbody></table></section>
</main>"""
    return _shell(f"{center['label']} {center['caption']}", body, uid, json.dumps(data, ensure_ascii=False))


def _shell(title: str, body: str, uid: str, data_json: str) -> str:
    # The graph data rides in a JSON <script> block (not executed; escaped for "</"), so the page draws without
    # a second request; view.js falls back to fetching /graph/<uid> if the block is absent.
    safe_json = data_json.replace("</", "<\\/")
    data_block = f'<script id="graph-data" type="application/json">{safe_json}</script>' if data_json else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · eusec</title>
<link rel="stylesheet" href="/view-static/view.css">
</head><body>
{body}
{data_block}
<script src="/view-static/cytoscape.min.js"></script>
<script src="/view-static/view.js"></script>
</body></html>"""
