"""Storage-independent property graph produced by ingest and consumed by the stores and exporters.

A node is identified by its label and the value of that label's key property (see ``graph/schema.yaml``);
its ``uid`` is ``"Label:key"``, stable across runs because keys are normalised (CELEX, ``9727/19``,
``TWP``...). A relationship is identified by (type, start uid, end uid, source document): the same fact
stated in two documents is two statements, so replacing one document never touches the other's facts.

Every node and relationship carries provenance (followthemoney-style statements): the source document,
the line span (1-based, inclusive), the page where known, a snippet and the rule that produced it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from eusec.graph.schema import load_schema


@dataclass(frozen=True)
class Provenance:
    """Where a fact came from."""

    document: str  # canonical number of the source paper, e.g. "5618/20"
    line_start: int
    line_end: int
    snippet: str
    rule: str  # the extraction rule / pattern id that produced the fact
    page: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return {
            "document": self.document,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "page": self.page,
            "snippet": self.snippet,
            "rule": self.rule,
        }


def uid_of(label: str, key: str) -> str:
    """The global id of a node: ``Label:key``."""
    return f"{label}:{key}"


@dataclass
class Node:
    """A node: one label, a key value, properties and the provenance of every mention."""

    label: str
    key: str
    properties: dict[str, Any] = field(default_factory=dict)
    provenance: list[Provenance] = field(default_factory=list)
    # Index of ``provenance`` for O(1) "already stated?" checks: a paper mentions one act hundreds of
    # times, and a membership test over the list made extraction quadratic in the number of mentions.
    _seen: set[Provenance] = field(default_factory=set, init=False, repr=False, compare=False)
    _indexed: int = field(default=0, init=False, repr=False, compare=False)  # list items in _seen

    @property
    def uid(self) -> str:
        return uid_of(self.label, self.key)

    def add_provenance(self, provenance: Provenance) -> bool:
        """Append ``provenance`` unless already there (O(1)); True when it was new."""
        if self._indexed != len(self.provenance):  # the list was assigned or appended to directly
            self._seen = set(self.provenance)
            self._indexed = len(self.provenance)
        if provenance in self._seen:
            return False
        self._seen.add(provenance)
        self.provenance.append(provenance)
        self._indexed += 1
        return True


@dataclass
class Relationship:
    """A directed, typed relationship between two nodes, with one provenance statement."""

    type: str
    start: str  # uid of the start node
    end: str  # uid of the end node
    provenance: Provenance
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def ident(self) -> tuple[str, str, str]:
        return (self.type, self.start, self.end)


@dataclass
class Graph:
    """The facts of one source document (or several, when merged for export)."""

    document: str | None = None  # canonical number of the document these facts come from
    nodes: dict[str, Node] = field(default_factory=dict)
    relationships: dict[tuple[str, str, str], Relationship] = field(default_factory=dict)

    # -- building ---------------------------------------------------------------------------------
    def add_node(
        self, label: str, key: str, properties: dict[str, Any] | None = None, provenance: Provenance | None = None
    ) -> Node:
        """Add or merge a node. Its key property (graph/schema.yaml) is ``key``; later non-empty property
        values fill gaps, they never blank a value. Labels the schema lacks are caught by validation."""
        uid = uid_of(label, key)
        node = self.nodes.get(uid)
        if node is None:
            node = Node(label=label, key=key)
            spec = load_schema().nodes.get(label)
            if spec is not None:  # the key property is the key: set from the schema, never by the caller
                node.properties[spec.key] = key
            self.nodes[uid] = node
        for k, v in (properties or {}).items():
            if v is None or v == "" or v == []:
                continue
            if k not in node.properties or node.properties[k] in (None, "", []):
                node.properties[k] = v
            elif isinstance(v, list) and isinstance(node.properties[k], list):
                node.properties[k] = sorted(set(node.properties[k]) | set(v))
        if provenance is not None:
            node.add_provenance(provenance)
        return node

    def add_relationship(
        self,
        type_: str,
        start: str,
        end: str,
        provenance: Provenance,
        properties: dict[str, Any] | None = None,
    ) -> Relationship:
        """Add a relationship once per (type, start, end); the first provenance wins, properties merge."""
        if start not in self.nodes or end not in self.nodes:
            raise KeyError(f"relationship {type_} {start} -> {end}: add both nodes first")
        ident = (type_, start, end)
        rel = self.relationships.get(ident)
        if rel is None:
            rel = Relationship(type=type_, start=start, end=end, provenance=provenance, properties={})
            self.relationships[ident] = rel
        for k, v in (properties or {}).items():
            if v is not None and k not in rel.properties:
                rel.properties[k] = v
        return rel

    def merge(self, other: "Graph") -> None:
        """Merge another graph into this one (used to export several documents at once)."""
        for node in other.nodes.values():
            merged = self.add_node(node.label, node.key, node.properties)
            for p in node.provenance:
                merged.add_provenance(p)
        for rel in other.relationships.values():
            self.add_relationship(rel.type, rel.start, rel.end, rel.provenance, rel.properties)

    # -- reading ----------------------------------------------------------------------------------
    def nodes_with_label(self, label: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.label == label]

    def rels_of_type(self, type_: str) -> list[Relationship]:
        return [r for r in self.relationships.values() if r.type == type_]

    def node_rows(self) -> Iterator[dict[str, Any]]:
        """Flat rows as stored: key properties, ``uid``, ``sources`` and ``provenance`` (a JSON string)."""
        for node in self.nodes.values():
            yield node_row(node)

    def relationship_rows(self) -> Iterator[dict[str, Any]]:
        for rel in self.relationships.values():
            yield relationship_row(rel)


def node_row(node: Node) -> dict[str, Any]:
    """The stored form of a node: its properties plus uid, sources and provenance (JSON text).

    Provenance is kept as JSON text because both backends store strings identically, while nested
    maps/lists of maps are not portable between Neo4j and LadybugDB.
    """
    row = dict(node.properties)
    row["uid"] = node.uid
    row["sources"] = sorted({p.document for p in node.provenance})
    row["provenance"] = json.dumps([p.as_dict() for p in node.provenance], ensure_ascii=False)
    return row


def relationship_row(rel: Relationship) -> dict[str, Any]:
    """The stored form of a relationship: its properties plus flat provenance columns."""
    p = rel.provenance
    row = dict(rel.properties)
    row.update(
        {
            "source": p.document,
            "line_start": p.line_start,
            "line_end": p.line_end,
            "page": p.page,
            "snippet": p.snippet,
            "rule": p.rule,
        }
    )
    return row


def iter_apoc_json(graph: Graph) -> Iterable[str]:
    """Lines in the format of ``apoc.export.json`` (one JSON object per line, nodes first)."""
    ids: dict[str, int] = {}
    for i, node in enumerate(sorted(graph.nodes.values(), key=lambda n: n.uid)):
        ids[node.uid] = i
        yield json.dumps(
            {"type": "node", "id": str(i), "labels": [node.label], "properties": node_row(node)},
            ensure_ascii=False,
            sort_keys=True,
        )
    rels = sorted(graph.relationships.values(), key=lambda r: (r.type, r.start, r.end))
    for j, rel in enumerate(rels, start=len(ids)):
        yield json.dumps(
            {
                "type": "relationship",
                "id": str(j),
                "label": rel.type,
                "start": {"id": str(ids[rel.start]), "labels": [rel.start.split(":", 1)[0]]},
                "end": {"id": str(ids[rel.end]), "labels": [rel.end.split(":", 1)[0]]},
                "properties": relationship_row(rel),
            },
            ensure_ascii=False,
            sort_keys=True,
        )
