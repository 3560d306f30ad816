"""The graph schema (graph/schema.yaml): loading, validation, DDL generation and graph checks.

The YAML file is the single source of truth for labels, key properties, property types and relationship
endpoints. From it we generate Neo4j 5 constraints/indexes and LadybugDB node/rel tables, and every graph is
checked against it before it is written, so that a typo in an extractor fails loudly instead of creating a
stray label (Neo4j) or a Binder exception deep inside a transaction (LadybugDB).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from eusec import RESOURCE_ROOT
from eusec.errors import SchemaError

if TYPE_CHECKING:  # graph.model reads key properties from here: import it for type checking only
    from eusec.graph.model import Graph

SCHEMA_PATH = RESOURCE_ROOT / "graph" / "schema.yaml"

#: Property types portable between Neo4j 5 and LadybugDB.
TYPES = ("STRING", "INT64", "DOUBLE", "BOOLEAN", "STRING[]")

#: Columns every node has besides its schema properties (see graph.model.node_row).
NODE_EXTRA: dict[str, str] = {"uid": "STRING", "sources": "STRING[]"}

#: Neo4j's copy of a label's ``search`` fields, lower-cased and joined by NUL (a search needle never holds
#: one, so no match spans two fields), written by the store with every node write and TEXT-indexed: a
#: substring search is an index scan instead of lower-casing every text. Never read back (the backend
#: drops it from returned nodes); LadybugDB matches a regular expression instead and has no such column.
SEARCH_PROPERTY = "search_text"

#: Names a node property may not take: the store's own columns, ``provenance`` (how the model, the
#: exports and the API name a node's statements) and the search copy.
NODE_RESERVED = frozenset({*NODE_EXTRA, "provenance", SEARCH_PROPERTY})

#: A node's provenance is stored apart from the node, one row per (node, document): that document's
#: statements about it (JSON list of {document, line_start, line_end, page, snippet, rule}). A paper's
#: load writes its own rows and never rewrites another paper's, so a node cited by a thousand papers
#: costs nothing more to the next one (followthemoney's statement model). The row is keyed by
#: :func:`statement_id`; ``node`` is the node's uid. Not a schema label: counts and exports leave it out.
STATEMENT_LABEL = "Statement"
STATEMENT_COLUMNS: dict[str, str] = {"id": "STRING", "node": "STRING", "document": "STRING", "statements": "STRING"}


def statement_id(uid: str, document: str) -> str:
    """The key of the Statement row of ``document``'s statements about node ``uid``."""
    return f"{uid}@{document}"

#: Columns every relationship has besides its schema properties (see graph.model.relationship_row).
REL_EXTRA: dict[str, str] = {
    "source": "STRING",
    "line_start": "INT64",
    "line_end": "INT64",
    "page": "INT64",
    "snippet": "STRING",
    "rule": "STRING",
}

#: Columns of a relationship type declared ``canonical``: one edge per (type, start, end) whatever the number
#: of documents stating it (see RelSpec.canonical), with its uid (graph.schema.rel_uid: the key of its
#: Statement rows) and the documents stating it. Its flat provenance columns stay empty: each document's
#: statement is a Statement row, as for nodes.
REL_CANONICAL: dict[str, str] = {"uid": "STRING", "sources": "STRING[]"}

#: Names a relationship property may not take.
REL_RESERVED = frozenset({*REL_EXTRA, *REL_CANONICAL})


def rel_uid(type_: str, start: str, end: str) -> str:
    """The uid of the canonical relationship (type, start, end): ``"<start uid> -TYPE-> <end uid>"``."""
    return f"{start} -{type_}-> {end}"


_TOP_KEYS = {"version", "nodes", "relationships"}
_NODE_KEYS = {"key", "description", "caption", "properties", "indexes", "fulltext", "search"}
_REL_KEYS = {"description", "from", "to", "properties", "canonical"}


@dataclass(frozen=True)
class NodeSpec:
    """One label: its key property, typed properties and index lists."""

    label: str
    key: str
    properties: dict[str, str]
    indexes: tuple[str, ...] = ()
    fulltext: tuple[str, ...] = ()
    description: str = ""
    caption: str = ""
    search: tuple[str, ...] = ()

    @property
    def columns(self) -> dict[str, str]:
        """Every stored column: schema properties plus uid and sources."""
        return {**self.properties, **NODE_EXTRA}

    @property
    def search_index(self) -> str:
        """Name of the Neo4j TEXT index on the search copy; empty without ``search``."""
        return f"{self.label.lower()}_{SEARCH_PROPERTY}" if self.search else ""

    def search_expression(self, var: str) -> str:
        """Cypher for the search copy of node ``var`` (see SEARCH_PROPERTY); empty without ``search``."""
        if not self.search:
            return ""
        joined = " + '\\u0000' + ".join(f"coalesce({var}.{q(p)}, '')" for p in self.search)
        return f"toLower({joined})"


@dataclass(frozen=True)
class RelSpec:
    """One relationship type: allowed start/end labels and typed properties."""

    type: str
    from_labels: tuple[str, ...]
    to_labels: tuple[str, ...]
    properties: dict[str, str]
    description: str = ""
    #: One edge per (type, start, end) between shared nodes (acts, agencies, working parties): every
    #: document stating it is in its ``sources`` and its statements are Statement rows keyed by its uid.
    #: Otherwise each document's statement is an edge of its own (with ``source`` and the flat columns).
    canonical: bool = False

    @property
    def columns(self) -> dict[str, str]:
        """Every stored column: schema properties plus the flat provenance columns (and uid and sources
        for a canonical type; its provenance columns exist, empty, so that a query naming them binds on
        LadybugDB)."""
        return {**self.properties, **REL_EXTRA, **(REL_CANONICAL if self.canonical else {})}

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """Every allowed (start label, end label) pair."""
        return [(f, t) for f in self.from_labels for t in self.to_labels]


@dataclass
class Schema:
    """The parsed, validated schema."""

    version: int
    nodes: dict[str, NodeSpec] = field(default_factory=dict)
    relationships: dict[str, RelSpec] = field(default_factory=dict)

    # -- access -----------------------------------------------------------------------------------
    @property
    def labels(self) -> list[str]:
        return list(self.nodes)

    @property
    def rel_types(self) -> list[str]:
        return list(self.relationships)

    def key_of(self, label: str) -> str:
        """The key property of a label."""
        return self.node(label).key

    def node(self, label: str) -> NodeSpec:
        try:
            return self.nodes[label]
        except KeyError:
            raise SchemaError(f"unknown node label {label!r} (known: {', '.join(self.nodes)})") from None

    def rel(self, type_: str) -> RelSpec:
        try:
            return self.relationships[type_]
        except KeyError:
            raise SchemaError(
                f"unknown relationship type {type_!r} (known: {', '.join(self.relationships)})"
            ) from None

    # -- DDL --------------------------------------------------------------------------------------
    def neo4j_ddl(self) -> list[str]:
        """Neo4j 5 statements (all idempotent): key constraints, uid/range indexes, full-text indexes,
        and an index on each relationship type's ``source`` (document replacement deletes by it), or on
        its ``uid`` for a canonical type (loads find its edge by it)."""
        return [stmt for _, stmt in self.neo4j_ddl_named()]

    def neo4j_ddl_named(self) -> list[tuple[str, str]]:
        """(constraint/index name, statement) pairs of :meth:`neo4j_ddl`."""
        out: list[tuple[str, str]] = []
        for spec in self.nodes.values():
            low, lab = spec.label.lower(), q(spec.label)
            out.append((f"{low}_key", f"CREATE CONSTRAINT {low}_key IF NOT EXISTS FOR (n:{lab}) REQUIRE n.{q(spec.key)} IS UNIQUE"))
            out.append((f"{low}_uid", f"CREATE INDEX {low}_uid IF NOT EXISTS FOR (n:{lab}) ON (n.uid)"))
            for prop in spec.indexes:
                out.append((f"{low}_{prop}", f"CREATE INDEX {low}_{prop} IF NOT EXISTS FOR (n:{lab}) ON (n.{q(prop)})"))
            if spec.fulltext:
                on = ", ".join(f"n.{q(p)}" for p in spec.fulltext)
                out.append((f"{low}_fulltext", f"CREATE FULLTEXT INDEX {low}_fulltext IF NOT EXISTS FOR (n:{lab}) ON EACH [{on}]"))
            if spec.search:
                name = spec.search_index
                out.append((name, f"CREATE TEXT INDEX {name} IF NOT EXISTS FOR (n:{lab}) ON (n.{SEARCH_PROPERTY})"))
        for rel in self.relationships.values():
            prop = "uid" if rel.canonical else "source"
            name = f"rel_{rel.type.lower()}_{prop}"
            out.append((name, f"CREATE INDEX {name} IF NOT EXISTS FOR ()-[r:{q(rel.type)}]-() ON (r.{prop})"))
        st = q(STATEMENT_LABEL)
        out.append(("statement_id", f"CREATE CONSTRAINT statement_id IF NOT EXISTS FOR (s:{st}) REQUIRE s.id IS UNIQUE"))
        out.append(("statement_node", f"CREATE INDEX statement_node IF NOT EXISTS FOR (s:{st}) ON (s.node)"))
        return out

    def ladybug_ddl(self) -> list[str]:
        """LadybugDB statements (idempotent): one node table per label, one rel table per type."""
        out: list[str] = []
        for spec in self.nodes.values():
            cols = ", ".join(f"{q(name)} {typ}" for name, typ in spec.columns.items())
            out.append(f"CREATE NODE TABLE IF NOT EXISTS {q(spec.label)}({cols}, PRIMARY KEY({q(spec.key)}))")
        for rel in self.relationships.values():
            pairs = ", ".join(f"FROM {q(f)} TO {q(t)}" for f, t in rel.pairs)
            cols = ", ".join(f"{q(name)} {typ}" for name, typ in rel.columns.items())
            out.append(f"CREATE REL TABLE IF NOT EXISTS {q(rel.type)}({pairs}, {cols})")
        cols = ", ".join(f"{q(name)} {typ}" for name, typ in STATEMENT_COLUMNS.items())
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {q(STATEMENT_LABEL)}({cols}, PRIMARY KEY(id))")
        return out

    # -- graph validation -------------------------------------------------------------------------
    def validate_graph(self, graph: Graph) -> None:
        """Check labels, keys, property names/types and relationship endpoints; SchemaError on the first
        problem (naming the node or relationship)."""
        for uid, node in graph.nodes.items():
            spec = self.nodes.get(node.label)
            if spec is None:
                raise SchemaError(f"node {uid}: unknown label {node.label!r}")
            if not isinstance(node.key, str) or not node.key:
                raise SchemaError(f"node {uid}: empty key")
            for name, value in node.properties.items():
                if name in NODE_RESERVED:
                    raise SchemaError(f"node {uid}: property {name!r} is reserved (set by the store)")
                typ = spec.properties.get(name)
                if typ is None:
                    raise SchemaError(f"node {uid}: property {name!r} is not declared for {node.label}")
                _check_type(f"node {uid}", name, typ, value)
            stated_key = node.properties.get(spec.key)
            if stated_key is not None and stated_key != node.key:
                raise SchemaError(f"node {uid}: key property {spec.key}={stated_key!r} differs from the key")
        for rel in graph.relationships.values():
            what = f"relationship {rel.type} {rel.start} -> {rel.end}"
            spec_r = self.relationships.get(rel.type)
            if spec_r is None:
                raise SchemaError(f"{what}: unknown relationship type {rel.type!r}")
            start, end = graph.nodes.get(rel.start), graph.nodes.get(rel.end)
            if start is None or end is None:
                raise SchemaError(f"{what}: endpoint missing from the graph")
            if start.label not in spec_r.from_labels or end.label not in spec_r.to_labels:
                raise SchemaError(
                    f"{what}: {start.label} -> {end.label} not allowed "
                    f"(from {list(spec_r.from_labels)} to {list(spec_r.to_labels)})"
                )
            for name, value in rel.properties.items():
                if name in REL_RESERVED:
                    raise SchemaError(f"{what}: property {name!r} is reserved (provenance)")
                typ = spec_r.properties.get(name)
                if typ is None:
                    raise SchemaError(f"{what}: property {name!r} is not declared for {rel.type}")
                _check_type(what, name, typ, value)


def q(name: str) -> str:
    """Backtick-quote an identifier (labels, types, properties): several of ours are keywords
    (CONTAINS, to, date, type...) in one dialect or the other."""
    return "`" + name.replace("`", "``") + "`"


_TYPE_CHECKS = {
    "STRING": lambda v: isinstance(v, str),
    "INT64": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "DOUBLE": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "BOOLEAN": lambda v: isinstance(v, bool),
    "STRING[]": lambda v: isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v),
}


def _check_type(what: str, name: str, typ: str, value: Any) -> None:
    if value is None:
        return
    if not _TYPE_CHECKS[typ](value):
        raise SchemaError(f"{what}: property {name!r} should be {typ}, got {type(value).__name__} {value!r:.60}")


def _fail(where: str, message: str) -> SchemaError:
    return SchemaError(f"graph/schema.yaml: {where}: {message}")


def parse_schema(data: Any) -> Schema:
    """Validate a parsed YAML document and build the Schema (SchemaError naming the problem)."""
    if not isinstance(data, dict):
        raise _fail("top level", "expected a mapping")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise _fail("top level", f"unknown keys {sorted(unknown)}")
    version = data.get("version")
    if not isinstance(version, int):
        raise _fail("version", "expected an integer")
    schema = Schema(version=version)
    nodes = data.get("nodes")
    if not isinstance(nodes, dict) or not nodes:
        raise _fail("nodes", "expected a non-empty mapping of labels")
    for label, body in nodes.items():
        where = f"nodes.{label}"
        if not isinstance(label, str) or not label.isidentifier():
            raise _fail(where, "a label must be an identifier")
        if not isinstance(body, dict):
            raise _fail(where, "expected a mapping")
        unknown = set(body) - _NODE_KEYS
        if unknown:
            raise _fail(where, f"unknown keys {sorted(unknown)}")
        props = body.get("properties") or {}
        if not isinstance(props, dict):
            raise _fail(where, "properties must be a mapping name: TYPE")
        for pname, ptype in props.items():
            if ptype not in TYPES:
                raise _fail(f"{where}.properties.{pname}", f"unknown type {ptype!r} (known: {', '.join(TYPES)})")
            if pname in NODE_RESERVED:
                raise _fail(f"{where}.properties.{pname}", "reserved name (every node has it)")
        key = body.get("key")
        if key not in props:
            raise _fail(where, f"key property {key!r} is not declared in properties")
        if props[key] != "STRING":
            raise _fail(where, f"key property {key!r} must be STRING")
        indexes = tuple(body.get("indexes") or ())
        fulltext = tuple(body.get("fulltext") or ())
        search = tuple(body.get("search") or ())
        for group, names in (("indexes", indexes), ("fulltext", fulltext), ("search", search)):
            for pname in names:
                if pname not in props:
                    raise _fail(f"{where}.{group}", f"property {pname!r} is not declared")
                if group == "search" and props[pname] != "STRING":
                    raise _fail(f"{where}.search", f"property {pname!r} must be STRING")
        caption = body.get("caption") or key
        if caption not in props:
            raise _fail(f"{where}.caption", f"property {caption!r} is not declared")
        schema.nodes[label] = NodeSpec(
            label=label,
            key=key,
            properties=dict(props),
            indexes=indexes,
            fulltext=fulltext,
            description=str(body.get("description") or ""),
            caption=caption,
            search=search,
        )
    rels = data.get("relationships") or {}
    if not isinstance(rels, dict):
        raise _fail("relationships", "expected a mapping of types")
    for type_, body in rels.items():
        where = f"relationships.{type_}"
        if not isinstance(type_, str) or not type_.isidentifier():
            raise _fail(where, "a type must be an identifier")
        if not isinstance(body, dict):
            raise _fail(where, "expected a mapping")
        unknown = set(body) - _REL_KEYS
        if unknown:
            raise _fail(where, f"unknown keys {sorted(unknown)}")
        ends: dict[str, tuple[str, ...]] = {}
        for side in ("from", "to"):
            labels = body.get(side)
            if not isinstance(labels, list) or not labels:
                raise _fail(f"{where}.{side}", "expected a non-empty list of labels")
            for lab in labels:
                if lab not in schema.nodes:
                    raise _fail(f"{where}.{side}", f"unknown label {lab!r}")
            ends[side] = tuple(labels)
        props = body.get("properties") or {}
        if not isinstance(props, dict):
            raise _fail(where, "properties must be a mapping name: TYPE")
        for pname, ptype in props.items():
            if ptype not in TYPES:
                raise _fail(f"{where}.properties.{pname}", f"unknown type {ptype!r} (known: {', '.join(TYPES)})")
            if pname in REL_RESERVED:
                raise _fail(f"{where}.properties.{pname}", "reserved name (provenance column)")
        canonical = body.get("canonical", False)
        if not isinstance(canonical, bool):
            raise _fail(f"{where}.canonical", "expected true or false")
        schema.relationships[type_] = RelSpec(
            type=type_,
            from_labels=ends["from"],
            to_labels=ends["to"],
            properties=dict(props),
            description=str(body.get("description") or ""),
            canonical=canonical,
        )
    return schema


def load_schema(path: Path | str | None = None) -> Schema:
    """Load and validate a schema file (default graph/schema.yaml; cached)."""
    if path is None:
        return _default_schema()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_schema() -> Schema:
    return _load(SCHEMA_PATH)


def _load(path: Path) -> Schema:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SchemaError(f"cannot read schema {path.name}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise SchemaError(f"{path.name}: not valid YAML: {exc}") from exc
    return parse_schema(data)
