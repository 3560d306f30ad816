"""The catalogue over HTTP: ``GET /queries`` lists it from the file headers; ``GET /queries/{name}`` runs a
query with its parameters in the query string (one documented route per query, typed from its header);
``POST /queries/{name}`` takes ``{"params": {...}}``; ``POST /cypher`` runs read-only Cypher."""

from __future__ import annotations

import inspect
import re
from typing import Any, Optional

from fastapi import APIRouter, Body, FastAPI, Query, Request, Response

from eusec.api.deps import CatalogueDep, SettingsDep, StoreDep, json_response, run_text
from eusec.api.models import CypherRequest, CypherResult, ErrorBody, QueryInfo, QueryResult, QueryRunRequest
from eusec.errors import EusecError, QueryRejectedError, StoreUnavailableError
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

#: LadybugDB 0.22 crashes the whole process (SIGSEGV) on ``ORDER BY ... SKIP n`` with n in the thousands
#: (reproduced with n = 5000 after a few hundred runs; n <= 1000 survived 2,400 runs). Until the engine is
#: fixed, /cypher on the embedded backend refuses larger SKIPs; catalogue offsets are capped the same way.
MAX_EMBEDDED_SKIP = 1000
_SKIP_RE = re.compile(r"\bSKIP\s+(?:(\d+)|\$([A-Za-z_][A-Za-z0-9_]*)|(\S))", re.IGNORECASE)


def guard_embedded_skip(text: str, params: dict[str, Any]) -> None:
    """Refuse a SKIP the embedded engine would crash on (a literal, a parameter or an expression)."""
    from eusec.graph.catalogue import _code_only

    code = "\n".join(_code_only(line) for line in text.splitlines())
    for m in _SKIP_RE.finditer(code):
        literal, param, other = m.groups()
        value = int(literal) if literal else params.get(param) if param else None
        if other is not None and not other.isdigit():
            raise QueryRejectedError("SKIP must be a number or a parameter on the embedded backend")
        if isinstance(value, bool) or not isinstance(value, int) or value > MAX_EMBEDDED_SKIP:
            raise QueryRejectedError(
                f"SKIP above {MAX_EMBEDDED_SKIP} is refused on the embedded backend (engine defect); "
                "narrow the query instead"
            )


@router.post("/cypher", response_model=CypherResult, tags=["cypher"],
             responses={400: {"model": ErrorBody, "description": "Rejected (write, syntax error, time limit)"},
                        422: {"model": ErrorBody, "description": "Bad request body"},
                        503: {"model": ErrorBody, "description": "Store unavailable"}},
             summary="Run read-only Cypher (power users)",
             description="Runs in the database's read access mode with the configured time limit and row cap; "
                         "any write is rejected by the database with 400.")
def cypher(body: CypherRequest, store: StoreDep,
           settings: SettingsDep) -> dict[str, Any]:
    cap = settings.row_cap
    if store.backend == "embedded":
        guard_embedded_skip(body.query, body.params)
    try:
        rows = run_text(store, body.query, body.params, settings, row_cap=cap + 1)
    except StoreUnavailableError:
        raise
    except EusecError as exc:
        if exc.status >= 500:  # any other failure of a user statement is the statement's fault
            raise QueryRejectedError(f"query rejected: {exc.message}") from None
        raise
    truncated = len(rows) > cap
    rows = rows[:cap]
    return {"backend": store.backend, "columns": list(rows[0]) if rows else [], "rows": rows,
            "row_count": len(rows), "row_cap": cap, "truncated": truncated}
