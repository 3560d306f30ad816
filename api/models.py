"""Response and request models (they document the API in OpenAPI; rows from the named queries fill them)."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field

#: The detail pages carry the first page of entity_edges (a list that grows with the corpus).
_EDGES_PAGE = "rows of entity_edges: its first page (200 rows; GET /queries/entity_edges pages on)"


class _Row(BaseModel):
    """A row of a named query: the documented columns, extra columns kept."""

    model_config = ConfigDict(extra="allow")


class ErrorInfo(BaseModel):
    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["no measure '5618/20#99'"])
    status: int = Field(examples=[404])
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorBody(BaseModel):
    """The one error shape of every error response."""

    error: ErrorInfo


class Provenance(BaseModel):
    document: str
    line_start: Optional[int] = None
    line_end: Optional[int] = None
    page: Optional[int] = None
    snippet: Optional[str] = None
    rule: Optional[str] = None


class Edge(_Row):
    """A relationship of an entity with its provenance."""

    direction: str = Field(examples=["out"], description="'out' from the entity, 'in' towards it")
    type: str = Field(examples=["REFERENCES"])
    other: str = Field(examples=["LegalAct:32016R0794"], description="uid of the other end")
    other_name: Optional[str] = Field(default=None, examples=["Regulation (EU) 2016/794"])
    section: Optional[str] = None
    source: Optional[str] = Field(default=None, examples=["5618/20"],
                                  description="the paper stating it (a relation many papers state: the first of them)")
    stated_by: Optional[int] = Field(default=None, examples=[1], description="how many documents state it")
    statement: Optional[str] = Field(default=None, description="a relation many papers state: the first paper's "
                                     "statements (JSON text: document, lines, page, snippet, rule)")
    line_start: Optional[int] = None
    line_end: Optional[int] = None
    page: Optional[int] = None
    snippet: Optional[str] = None
    rule: Optional[str] = None


class MeasureSummary(_Row):
    key: str = Field(examples=["5618/20#48"])
    document: Optional[str] = Field(default=None, examples=["5618/20"])
    number: Optional[str] = Field(default=None, examples=["48"])
    title: Optional[str] = Field(default=None, examples=["Europol Regulation"])
    section: Optional[str] = Field(default=None, examples=["3"])
    section_title: Optional[str] = None
    subsection: Optional[str] = None
    has_follow_up: Optional[bool] = None


class MeasurePage(BaseModel):
    items: list[MeasureSummary]
    total: int = Field(examples=[57])
    limit: int = Field(examples=[50])
    offset: int = Field(examples=[0])


class MeasureDetail(MeasureSummary):
    base_number: Optional[int] = None
    state_of_play: Optional[str] = None
    follow_up: Optional[str] = None
    main_documents: Optional[str] = None
    uid: Optional[str] = Field(default=None, examples=["Measure:5618/20#48"])
    sources: Optional[list[str]] = None
    provenance: list[Provenance] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list, description=_EDGES_PAGE)


class ActLink(BaseModel):
    celex: str = Field(examples=["32002F0475"])
    name: Optional[str] = Field(default=None, examples=["Council Framework Decision 2002/475/JHA"])
    relation: str = Field(examples=["REPLACES"])
    source: Optional[str] = Field(default=None, description="the first document stating it")
    line: Optional[int] = None
    stated_by: Optional[int] = Field(default=None, description="how many documents state it")


class ActDetail(_Row):
    celex: str = Field(examples=["32016R0794"])
    short_name: Optional[str] = Field(default=None, examples=["Regulation (EU) 2016/794"])
    title: Optional[str] = None
    act_type: Optional[str] = Field(default=None, examples=["Regulation"])
    issuer: Optional[str] = None
    year: Optional[int] = Field(default=None, examples=[2016])
    number: Optional[int] = Field(default=None, examples=[794])
    eli: Optional[str] = Field(default=None, examples=["http://data.europa.eu/eli/reg/2016/794/oj"])
    eurlex_url: Optional[str] = Field(
        default=None, examples=["https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32016R0794"]
    )
    uid: Optional[str] = None
    sources: Optional[list[str]] = None
    provenance: list[Provenance] = Field(
        default_factory=list, description="the statements of the first 50 documents of sources (GET /queries/act "
        "with provenance_offset pages on)")
    date: Optional[str] = Field(default=None, description="date of adoption, from the act's own title block")
    date_document: Optional[str] = Field(default=None, description="EUR-Lex/CELLAR")
    date_entry_into_force: Optional[str] = Field(default=None, description="EUR-Lex/CELLAR")
    date_end_of_validity: Optional[str] = Field(default=None, description="EUR-Lex/CELLAR; 9999-12-31 = open-ended")
    in_force: Optional[bool] = Field(default=None, description="EUR-Lex's in-force flag (null: not imported)")
    in_force_source: Optional[str] = Field(default=None, description='"eurlex" when in_force is authoritative')
    author: Optional[str] = None
    eurovoc: Optional[list[str]] = None
    consolidated_versions: Optional[list[str]] = None
    citing_measures: int = 0
    citing_documents: int = 0
    amends: list[ActLink] = Field(default_factory=list, description="acts this act amends, repeals, replaces or is based on")
    amended_by: list[ActLink] = Field(default_factory=list, description="acts that amend, repeal, replace it or are based on it")
    establishes: list[str] = Field(default_factory=list, description="uids of the agencies / systems it founds")
    edges: list[Edge] = Field(default_factory=list, description=_EDGES_PAGE)


class Agency(_Row):
    name: str = Field(examples=["Europol"])
    full_name: Optional[str] = Field(default=None, examples=["European Union Agency for Law Enforcement Cooperation"])
    kind: Optional[str] = None
    aliases: Optional[list[str]] = None
    uid: Optional[str] = None
    measures: int = 0
    founding_acts: int = 0


class AgencyDetail(Agency):
    acts: list[dict[str, Any]] = Field(default_factory=list, description="rows of the query acts_for_agency")
    edges: list[Edge] = Field(default_factory=list, description=_EDGES_PAGE)


class WorkingParty(_Row):
    code: str = Field(examples=["TWP"])
    name: Optional[str] = Field(default=None, examples=["Terrorism Working Party"])
    active: Optional[bool] = None
    aliases: Optional[list[str]] = None
    uid: Optional[str] = None
    measures: int = 0


class WorkingPartyDetail(WorkingParty):
    responsible_for: list[dict[str, Any]] = Field(
        default_factory=list,
        description="rows of measures_by_working_party: its first page (200 rows; GET /queries/measures_by_working_party pages on)")
    edges: list[Edge] = Field(default_factory=list, description=_EDGES_PAGE)


class Presidency(_Row):
    semester: str = Field(examples=["2019-H2"])
    code: Optional[str] = Field(default=None, examples=["FI"])
    country: Optional[str] = Field(default=None, examples=["Finland"])
    seq: Optional[int] = None
    reported: int = 0
    planned: int = 0
    documents_issued: int = 0


class Document(_Row):
    number: str = Field(examples=["5618/20"])
    date: Optional[str] = Field(default=None, examples=["2020-02-03"])
    title: Optional[str] = None
    measures: int = 0


class DocumentDetail(Document):
    edges: list[Edge] = Field(default_factory=list, description=_EDGES_PAGE)


class SearchHit(_Row):
    key: str = Field(examples=["5618/20#2"])
    title: Optional[str] = None
    matched_in: str = Field(examples=["state_of_play"])


class SearchResult(BaseModel):
    q: str
    items: list[SearchHit]
    limit: int
    offset: int


class QueryParamInfo(BaseModel):
    name: str = Field(examples=["agency"])
    type: str = Field(examples=["string"])
    required: bool
    default: Any = None
    example: Any = None
    description: str = ""
    minimum: Optional[float] = None
    maximum: Optional[float] = None


class QueryInfo(BaseModel):
    name: str = Field(examples=["acts_for_agency"])
    description: str
    params: list[QueryParamInfo]
    overrides: list[str] = Field(default_factory=list, examples=[["ladybug"]])


class QueryResult(BaseModel):
    name: str = Field(examples=["acts_for_agency"])
    backend: str = Field(examples=["embedded"])
    params: dict[str, Any] = Field(examples=[{"agency": "Europol", "limit": 25}])
    columns: list[str]
    rows: list[dict[str, Any]]
    row_count: int


class QueryRunRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    params: dict[str, Any] = Field(default_factory=dict, examples=[{"agency": "Europol", "limit": 10}])


class CypherRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(
        min_length=1,
        max_length=20000,
        examples=["MATCH (a:Agency) RETURN a.name AS name ORDER BY name LIMIT 5"],
        description="A read-only Cypher statement (writes are rejected by the database's read access mode).",
    )
    params: dict[str, Any] = Field(default_factory=dict, examples=[{}])


class CypherResult(BaseModel):
    backend: str
    columns: list[str]
    rows: list[dict[str, Any]]
    row_count: int
    row_cap: int
    truncated: bool


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    version: str = Field(examples=["0.1.0"])


class Ready(BaseModel):
    status: str = Field(examples=["ready"])
    backend: str = Field(examples=["embedded"])


class IngestResult(_Row):
    document: str = Field(examples=["5618/20"])
    nodes: int = 0
    relationships: int = 0
    summary: dict[str, Any] = Field(default_factory=dict)
