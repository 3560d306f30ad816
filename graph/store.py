"""The store contract: what every backend (LadybugDB embedded, Neo4j 5) offers.

One contract, two backends, one test suite (tests/store/ runs the same assertions on both).
Rows come back as lists of plain dicts with JSON-friendly values (str, int, float, bool, None, lists,
dicts); nodes are returned as dicts of their properties, so that both backends give identical rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from eusec.graph.catalogue import Catalogue, load_catalogue
from eusec.graph.model import Graph


@dataclass
class LoadSummary:
    """What loading one document did."""

    document: str
    nodes_created: int = 0
    nodes_updated: int = 0
    nodes_unchanged: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    relationships_unchanged: int = 0
    unchanged_document: bool = False  # same content hash as the stored copy: nothing written
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Counts:
    """Node counts per label and relationship counts per type."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)


@runtime_checkable
class GraphStore(Protocol):
    """The contract. Implementations: graph.backends.embedded.EmbeddedStore, graph.backends.neo4j.Neo4jStore."""

    backend: str  # "embedded" | "neo4j"

    def ensure_schema(self) -> None:
        """Create constraints / indexes / tables from graph/schema.yaml (idempotent)."""

    def load_document(self, graph: Graph) -> LoadSummary:
        """Atomically replace the facts of ``graph.document`` with ``graph``.

        Relationships whose ``source`` is that document are replaced; nodes are MERGEd on their key, the
        document is added to their ``sources``; nodes no document states any more are removed. Facts of
        other documents are untouched. Re-loading identical content changes nothing. A failure or a kill
        at any point leaves the store as before (one transaction).
        """

    def remove_document(self, document: str) -> LoadSummary:
        """Remove the facts of one document (same rules as replacement with an empty graph)."""

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a statement (read or write) with parameters; rows as dicts."""

    def read(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_s: float | None = None,
        row_cap: int | None = None,
    ) -> list[dict[str, Any]]:
        """Run a statement in the database's read-only access mode; writes raise QueryRejectedError."""

    def run_named(self, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a named query of the catalogue (queries/), using this backend's override if there is one."""

    def dump(self) -> Graph:
        """The whole stored graph as a graph.model.Graph (nodes with provenance, relationships), for exports."""

    def counts(self) -> Counts:
        """Node counts per label and relationship counts per type (labels/types with 0 included)."""

    def clear(self) -> None:
        """Delete everything (schema stays)."""

    def ping(self) -> None:
        """Raise StoreUnavailableError if the store cannot answer."""

    def close(self) -> None:
        """Release the driver / database handle."""


class StoreBase:
    """What both backends share, written once: named queries and the context-manager protocol.

    A backend subclasses it and implements the rest of the GraphStore contract (``read``, ``close`` ...).
    """

    backend: str = ""
    _catalogue: Catalogue | None = None

    def read(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_s: float | None = None,
        row_cap: int | None = None,
    ) -> list[dict[str, Any]]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def run_named(self, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a catalogue query (queries/), with this backend's override if present, read-only."""
        if self._catalogue is None:  # parsed once per open store, not per call
            self._catalogue = load_catalogue()
        named = self._catalogue.get(name)
        return self.read(named.text_for(self.backend), named.bind(params or {}))

    def __enter__(self) -> "StoreBase":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
