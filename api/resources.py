"""Resource routes: thin wrappers over named queries of the catalogue.

Measure keys contain "/" and "#" ("5618/20#11B"). Two ways to address a measure:

* ``GET /documents/5618/20/measures/11B`` (the paper number may keep its "/"), or
* ``GET /measures/5618%2F20%2311B`` (or ``/measures/5618/20%2311B``): the key URL-encoded; "#" MUST be
  encoded as ``%23`` since a browser never sends what follows a raw "#".
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Response

from eusec.api.deps import CatalogueDep, SettingsDep, StoreDep, json_response, run_query
from eusec.api.models import (
    ActDetail,
    ActLink,
    Agency,
    AgencyDetail,
    Document,
    DocumentDetail,
    ErrorBody,
    MeasureDetail,
    MeasurePage,
    Presidency,
    SearchResult,
    WorkingParty,
    WorkingPartyDetail,
)
from eusec.errors import NotFoundError
from eusec.graph import statements

router = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Unknown identifier"},
    422: {"model": ErrorBody, "description": "Bad parameter"},
    503: {"model": ErrorBody, "description": "Store unavailable (see Retry-After)"},
}
_SUPERSESSION = ("AMENDS", "REPEALS", "REPLACES", "BASED_ON")


class _Ctx:
    """The three dependencies every resource route needs, resolved once."""

    def __init__(
        self,
        store: StoreDep,
        catalogue: CatalogueDep,
        settings: SettingsDep,
    ) -> None:
        self.store, self.catalogue, self.settings = store, catalogue, settings

    def run(self, query_name: str, /, **params: Any) -> list[dict[str, Any]]:
        return run_query(self.store, self.catalogue.get(query_name), params, self.settings)

    def one(self, query_name: str, what: str, /, **params: Any) -> dict[str, Any]:
        rows = self.run(query_name, **params)
        if not rows:
            raise NotFoundError(f"no {what}", details={"query": query_name, **params})
        return rows[0]

    def edges(self, uid: str) -> list[dict[str, Any]]:
        return self.run("entity_edges", uid=uid)


def _provenance(raw: Any) -> list[dict[str, Any]]:
    """The provenance a query returns (a list of JSON texts, one per Statement row) as one list of
    statements in canonical order (tolerant: bad JSON gives nothing)."""
    return [s for s in statements.flatten(raw) if "document" in s]


def _measure_detail(ctx: _Ctx, key: str) -> dict[str, Any]:
    row = ctx.one("measure", f"measure '{key}'", key=key)
    row["provenance"] = _provenance(row.get("provenance"))
    row["edges"] = ctx.edges(row.get("uid") or f"Measure:{key}")
    return row


# -- measures ---------------------------------------------------------------------------------------


@router.get("/measures", response_model=MeasurePage, tags=["measures"], responses=_ERRORS,
            summary="List measures (filters, pagination with total)")
def list_measures(
    ctx: _Ctx = Depends(),
    section: str = Query("", max_length=50, description="Priority section, e.g. 1.1", examples=["1.1"]),
    working_party: str = Query("", max_length=200, description="Responsible working party code", examples=["TWP"]),
    presidency: str = Query("", max_length=100, description="Semester or country code", examples=["2019-H2"]),
    q: str = Query("", max_length=500, description="Text in title, state of play, follow-up, main documents",
                   examples=["terrorism"]),
    document: str = Query("", max_length=100, description="Paper number", examples=["5618/20"]),
    limit: int = Query(50, ge=1, le=1000, description="Page size"),
    offset: int = Query(0, ge=0, le=1000, description="Rows to skip (at most 1000)"),
) -> Response:
    filters = dict(section=section, working_party=working_party, presidency=presidency, q=q, document=document)
    items = ctx.run("measures", **filters, limit=limit, offset=offset)
    total_rows = ctx.run("measures_count", **filters)
    total = int(total_rows[0]["total"]) if total_rows else 0
    return json_response({"items": items, "total": total, "limit": limit, "offset": offset})


@router.get("/documents/{number:path}/measures/{num}", response_model=MeasureDetail, tags=["measures"],
            responses=_ERRORS, summary="One measure by paper number and measure number")
def measure_by_number(
    number: str = Path(description="Paper number, '/' allowed", examples=["5618/20"]),
    num: str = Path(description="Measure number as labelled", examples=["48"]),
    ctx: _Ctx = Depends(),
) -> Response:
    return json_response(_measure_detail(ctx, f"{number}#{num}"))


@router.get("/measures/{key:path}", response_model=MeasureDetail, tags=["measures"], responses=_ERRORS,
            summary="One measure by key, with its edges and provenance",
            description="The key is `document#number`, URL-encoded: `/measures/5618%2F20%2348` "
                        "(`#` must be sent as `%23`). Alternative: `/documents/5618/20/measures/48`.")
def get_measure(
    key: str = Path(description="Measure key, URL-encoded", examples=["5618/20#48"]),
    ctx: _Ctx = Depends(),
) -> Response:
    return json_response(_measure_detail(ctx, key))


# -- acts ---------------------------------------------------------------------------------------------


@router.get("/acts/{celex}", response_model=ActDetail, tags=["acts"], responses=_ERRORS,
            summary="A legal act with ELI / EUR-Lex links and its supersession relations")
def get_act(
    celex: str = Path(max_length=40, description="CELEX number", examples=["32016R0794"]),
    ctx: _Ctx = Depends(),
) -> Response:
    row = ctx.one("act", f"legal act '{celex}'", celex=celex)
    row["provenance"] = _provenance(row.get("provenance"))
    edges = ctx.edges(row.get("uid") or f"LegalAct:{celex}")

    def link(e: dict[str, Any]) -> dict[str, Any]:
        stated = statements.parse(e.get("statement"))  # a relation many papers state: its first paper's
        line = e.get("line_start") or next((s.get("line_start") for s in stated), None)
        return ActLink(celex=e["other"].split(":", 1)[-1], name=e.get("other_name"), relation=e["type"],
                       source=e.get("source"), line=line, stated_by=e.get("stated_by")).model_dump()

    row["amends"] = [link(e) for e in edges if e["direction"] == "out" and e["type"] in _SUPERSESSION]
    row["amended_by"] = [link(e) for e in edges if e["direction"] == "in" and e["type"] in _SUPERSESSION]
    row["establishes"] = sorted({e["other"] for e in edges if e["direction"] == "out" and e["type"] == "ESTABLISHES"})
    row["edges"] = edges
    return json_response(row)


# -- agencies -----------------------------------------------------------------------------------------


@router.get("/agencies", response_model=list[Agency], tags=["agencies"], responses=_ERRORS,
            summary="EU agencies and bodies")
def list_agencies(ctx: _Ctx = Depends()) -> Response:
    return json_response(ctx.run("agencies", name=""))


@router.get("/agencies/{name}", response_model=AgencyDetail, tags=["agencies"], responses=_ERRORS,
            summary="One agency, the acts it depends on (ranked, with evidence) and its edges")
def get_agency(
    name: str = Path(max_length=200, description="Agency name", examples=["Europol"]),
    ctx: _Ctx = Depends(),
) -> Response:
    row = ctx.one("agencies", f"agency '{name}'", name=name)
    row["acts"] = ctx.run("acts_for_agency", agency=name, limit=100)
    row["edges"] = ctx.edges(row.get("uid") or f"Agency:{name}")
    return json_response(row)


# -- working parties ----------------------------------------------------------------------------------


@router.get("/working-parties", response_model=list[WorkingParty], tags=["working parties"], responses=_ERRORS,
            summary="Council working parties and committees")
def list_working_parties(ctx: _Ctx = Depends()) -> Response:
    return json_response(ctx.run("working_parties", code=""))


@router.get("/working-parties/{code:path}", response_model=WorkingPartyDetail, tags=["working parties"],
            responses=_ERRORS, summary="One working party with the measures it is responsible for")
def get_working_party(
    code: str = Path(max_length=200, description="Working party code", examples=["TWP"]),
    ctx: _Ctx = Depends(),
) -> Response:
    row = ctx.one("working_parties", f"working party '{code}'", code=code)
    row["responsible_for"] = ctx.run("measures_by_working_party", code=row["code"])
    row["edges"] = ctx.edges(row.get("uid") or f"WorkingParty:{code}")
    return json_response(row)


# -- presidencies, documents ----------------------------------------------------------------------------


@router.get("/presidencies", response_model=list[Presidency], tags=["presidencies"], responses=_ERRORS,
            summary="Presidencies with reported / planned statements")
def list_presidencies(ctx: _Ctx = Depends()) -> Response:
    return json_response(ctx.run("presidencies", semester=""))


@router.get("/documents", response_model=list[Document], tags=["documents"], responses=_ERRORS,
            summary="Ingested Council papers")
def list_documents(ctx: _Ctx = Depends()) -> Response:
    return json_response(ctx.run("documents", number=""))


@router.get("/documents/{number:path}", response_model=DocumentDetail, tags=["documents"], responses=_ERRORS,
            summary="One ingested paper with its edges (measures, citations, Presidencies)")
def get_document(
    number: str = Path(description="Paper number, '/' allowed", examples=["5618/20"]),
    ctx: _Ctx = Depends(),
) -> Response:
    row = ctx.one("documents", f"document '{number}'", number=number)
    row["edges"] = ctx.edges(row.get("uid") or f"Document:{number}")
    return json_response(row)


# -- search -------------------------------------------------------------------------------------------


@router.get("/search", response_model=SearchResult, tags=["search"], responses=_ERRORS,
            summary="Search measure texts (case-insensitive substring)")
def search(
    q: str = Query(min_length=1, max_length=500, description="Text to look for", examples=["radicalisation"]),
    limit: int = Query(50, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1000, description="Rows to skip (at most 1000)"),
    ctx: _Ctx = Depends(),
) -> Response:
    items = ctx.run("search_measures", q=q, limit=limit, offset=offset)
    return json_response({"q": q, "items": items, "limit": limit, "offset": offset})
