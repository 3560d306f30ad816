"""History routes: a corpus of papers over time (series, editions, measure histories, edition diffs,
citations and lineage of a Council document). Thin wrappers over named queries written by the corpus stage's
edges (graph/corpus.py); included before the resource routes, whose ``/measures/{key:path}`` and
``/documents/{number:path}`` would otherwise swallow these paths.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Response

from eusec.api.deps import get_catalogue, get_settings_dep, get_store, run_query
from eusec.api.models import ErrorBody
from eusec.errors import NotFoundError
from eusec.graph.catalogue import Catalogue
from eusec.settings import Settings

router = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Unknown measure or paper"},
    422: {"model": ErrorBody, "description": "Bad parameter"},
    503: {"model": ErrorBody, "description": "Store unavailable (see Retry-After)"},
}
_NUMBER = r"^(?:[A-Z]{2,3} )?\d{1,6}/\d{2,4}$"


class _Ctx:
    """Store, catalogue and settings, resolved once per request."""

    def __init__(
        self,
        store: Any = Depends(get_store),
        catalogue: Catalogue = Depends(get_catalogue),
        settings: Settings = Depends(get_settings_dep),
    ) -> None:
        self.store, self.catalogue, self.settings = store, catalogue, settings

    def run(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        return run_query(self.store, self.catalogue.get(name), params, self.settings)

    def require_document(self, number: str) -> None:
        if not self.run("documents", number=number):
            raise NotFoundError(f"no paper '{number}' in the store", details={"number": number})


def _json(body: Any) -> Response:
    return Response(json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")),
                    media_type="application/json")


@router.get("/measures/{key:path}/history", tags=["history"], responses=_ERRORS,
            summary="A measure across the editions of its series (named query measure_history)")
def measure_history(
    ctx: _Ctx = Depends(),
    key: str = Path(min_length=3, max_length=200, description="Measure key, '#' encoded as %23",
                    examples=["9902/25%235"]),
) -> Response:
    rows = ctx.run("measure_history", key=key)
    if not rows:
        raise NotFoundError(f"no measure '{key}'", details={"key": key})
    return _json({"key": key, "editions": rows})


@router.get("/documents/{a:path}/diff/{b:path}", tags=["history"], responses=_ERRORS,
            summary="What changed between two papers of a series (named query edition_diff)")
def edition_diff(
    ctx: _Ctx = Depends(),
    a: str = Path(pattern=_NUMBER, description="The older paper", examples=["9901/24"]),
    b: str = Path(pattern=_NUMBER, description="The newer paper", examples=["9902/25"]),
) -> Response:
    ctx.require_document(a)
    ctx.require_document(b)
    rows = ctx.run("edition_diff", a=a, b=b)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return _json({"a": a, "b": b, "counts": counts, "changes": rows})


@router.get("/documents/{number:path}/citations", tags=["history"], responses=_ERRORS,
            summary="What cites a Council document, ingested or not (named query document_citations)")
def document_citations(
    ctx: _Ctx = Depends(),
    number: str = Path(pattern=_NUMBER, description="Council document number", examples=["9691/18"]),
) -> Response:
    return _json(ctx.run("document_citations", number=number))


@router.get("/documents/{number:path}/lineage", tags=["history"], responses=_ERRORS,
            summary="Previous documents and editions of a paper, and what follows from it (document_lineage)")
def document_lineage(
    ctx: _Ctx = Depends(),
    number: str = Path(pattern=_NUMBER, description="Paper number", examples=["9902/25"]),
) -> Response:
    ctx.require_document(number)
    return _json(ctx.run("document_lineage", number=number))


@router.get("/series", tags=["history"], responses=_ERRORS,
            summary="Series of papers and their editions (named query series_editions)")
def series(
    ctx: _Ctx = Depends(),
    key: str = Query("", max_length=100, description="One series, e.g. iss-implementation"),
    limit: int = Query(200, ge=1, le=1000, description="Editions to return"),
    offset: int = Query(0, ge=0, le=1000, description="Editions to skip (at most 1000)"),
) -> Response:
    return _json(ctx.run("series_editions", series=key, limit=limit, offset=offset))
