"""The catalogue over HTTP: ``GET /queries`` lists it from the file headers; ``GET /queries/{name}`` runs a
query with its parameters in the query string (one documented route per query, typed from its header);
``POST /queries/{name}`` takes ``{"params": {...}}``; ``POST /cypher`` runs read-only Cypher."""

from __future__ import annotations

import inspect
from typing import Any, Optional

from fastapi import APIRouter, Body, FastAPI, Header, Query, Request, Response

from eusec.api.deps import CatalogueDep, SettingsDep, StoreDep, json_response, run_text
from eusec.api.models import CypherRequest, CypherResult, ErrorBody, QueryInfo, QueryResult, QueryRunRequest
from eusec.settings import Settings
from eusec.graph.catalogue import Catalogue, NamedQuery

router = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Unknown query"},
    422: {"model": ErrorBody, "description": "Bad parameter (named in the message)"},
    503: {"model": ErrorBody, "description": "Store unavailable (see Retry-After)"},
}
_PY_TYPES: dict[str, Any] = {"string": str, "int": int, "float": float, "bool": bool, "list": list[str]}


def _result(query: NamedQuery, store: Any, raw: dict[str, Any], settings: Settings) -> Response:
    """The QueryResult document (rows are plain JSON values already, see deps.json_response)."""
    params = query.bind(raw)
    rows = run_text(store, query.text_for(store.backend), params, settings)
    columns = list(rows[0]) if rows else []
    body = {"name": query.name, "backend": store.backend, "params": params, "columns": columns, "rows": rows,
            "row_count": len(rows)}
    return json_response(body)


@router.get("/queries", response_model=list[QueryInfo], tags=["queries"], summary="The named query catalogue")
def list_queries(catalogue: CatalogueDep) -> list[dict[str, Any]]:
    return [q.as_dict() for q in catalogue]


@router.post("/queries/{name}", response_model=QueryResult, tags=["queries"], responses=_ERRORS,
             summary="Run a named query with JSON parameters")
def post_query(
    name: str,
    store: StoreDep,
    catalogue: CatalogueDep,
    settings: SettingsDep,
    body: QueryRunRequest = Body(default_factory=QueryRunRequest),
) -> Response:
    return _result(catalogue.get(name), store, dict(body.params), settings)


def _query_endpoint(query: NamedQuery):  # noqa: ANN202 - a FastAPI endpoint built from the header
    """A GET endpoint whose signature declares the query's parameters (so OpenAPI documents them)."""

    def endpoint(request: Request, store: StoreDep, settings: SettingsDep, **kwargs: Any) -> Response:
        raw = {k: v for k, v in kwargs.items() if v is not None}
        return _result(query, store, raw, settings)

    params = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        inspect.Parameter("store", inspect.Parameter.KEYWORD_ONLY, annotation=StoreDep),
        inspect.Parameter("settings", inspect.Parameter.KEYWORD_ONLY, annotation=SettingsDep),
    ]
    for p in query.params:
        constraints: dict[str, Any] = {}
        if p.type in ("int", "float"):
            if p.minimum is not None:
                constraints["ge"] = p.minimum
            if p.maximum is not None:
                constraints["le"] = p.maximum
        if p.type == "string":
            constraints["max_length"] = 2000
        examples = [p.example] if p.example not in (None, "", []) else None
        default = ... if p.required else (None if p.type == "list" and not p.default else p.default)
        annotation = _PY_TYPES[p.type] if p.required or default is not None else Optional[_PY_TYPES[p.type]]
        params.append(inspect.Parameter(
            p.name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation,
            default=Query(default, description=p.description or None, examples=examples, **constraints),
        ))
    endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    endpoint.__name__ = f"query_{query.name}"
    return endpoint


def add_query_routes(app: FastAPI, catalogue: Catalogue) -> None:
    """One documented ``GET /queries/<name>`` route per catalogue entry, then the generic fallbacks."""
    for query in catalogue:
        app.add_api_route(
            f"/queries/{query.name}", _query_endpoint(query), methods=["GET"], response_model=QueryResult,
            tags=["queries"], responses=_ERRORS, summary=query.name.replace("_", " "),
            description=query.description, operation_id=f"query_{query.name}",
        )
    app.include_router(router)

    @app.get("/queries/{name}", include_in_schema=False)
    def unknown_query(name: str, catalogue: CatalogueDep) -> None:
        catalogue.get(name)  # raises NotFoundError (404) for a name the catalogue does not have


# -- read-only Cypher ---------------------------------------------------------------------------------
# Untrusted text: parsed and allowlisted by api.cypher_guard and run in a worker process (api.worker), never
# by the API's own store handle. SKIP is capped (1000) on both backends by the guard: LadybugDB 0.22 crashed
# on ORDER BY ... SKIP in the thousands, and both backends must answer the same.

_LOOPBACK = ("127.", "::1", "localhost")


def _check_exposure(request: Request, settings: Settings, x_api_key: str | None) -> None:
    """``EUSEC_CYPHER_ENABLED``: auto = open when the server listens on loopback only, else the API key is
    needed; open; key; off (403)."""
    import secrets

    from eusec.api.errors import HTTPError
    from eusec.errors import AuthError

    mode = settings.cypher_enabled
    if mode == "off":
        raise HTTPError(403, "POST /cypher is disabled on this server (EUSEC_CYPHER_ENABLED=off)")
    host = str(getattr(request.app.state, "bind_host", None) or settings.api_host)
    if mode == "open" or (mode == "auto" and host.startswith(_LOOPBACK)):
        return
    configured = settings.api_key.get_secret_value() if settings.api_key is not None else ""
    if not configured:
        raise HTTPError(403, "POST /cypher needs the API key on a non-loopback address, and none is configured "
                             "(set EUSEC_API_KEY, or EUSEC_CYPHER_ENABLED=open to expose it)")
    if not x_api_key or not secrets.compare_digest(x_api_key.encode(), configured.encode()):
        raise AuthError("POST /cypher needs the X-API-Key header on this server")


@router.post("/cypher", response_model=CypherResult, tags=["cypher"],
             responses={400: {"model": ErrorBody, "description": "Refused (not a read, not allowed, too large, "
                                                                 "time or memory limit)"},
                        401: {"model": ErrorBody, "description": "API key needed (server not on loopback)"},
                        422: {"model": ErrorBody, "description": "Bad request body or parameters"},
                        503: {"model": ErrorBody, "description": "Store unavailable or all workers busy"}},
             summary="Run read-only Cypher (power users)",
             description="The statement is parsed (openCypher grammar) and checked against an allowlist: read "
                         "clauses, allowlisted functions and procedures, SKIP/LIMIT literals or parameters within "
                         "caps, bounded nesting and literal sizes. It runs in a worker process in the database's "
                         "read-only mode with the configured time limit, memory limit, row cap and byte cap; "
                         "anything else is refused with 400.")
def cypher(request: Request, body: CypherRequest, store: StoreDep, settings: SettingsDep,
           x_api_key: Optional[str] = Header(default=None, alias="X-API-Key")) -> dict[str, Any]:
    from eusec.api.cypher_guard import check_params
    from eusec.api.worker import pool_for

    _check_exposure(request, settings, x_api_key)
    check_params(body.params)  # 422 before anything is sent to a worker
    reply = pool_for(request.app.state, store, settings).run(body.query, body.params)
    rows = reply["rows"]
    return {"backend": store.backend, "columns": list(rows[0]) if rows else [], "rows": rows,
            "row_count": len(rows), "row_cap": settings.row_cap, "truncated": bool(reply["truncated"])}
