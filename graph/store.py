"""The store contract: what every backend (LadybugDB embedded, Neo4j 5) offers.

One contract, two backends, one test suite (tests/store/ runs the same assertions on both).
Rows come back as lists of plain dicts with JSON-friendly values (str, int, float, bool, None, lists,
dicts); nodes are returned as dicts of their properties, so that both backends give identical rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from eusec.errors import EusecError, SchemaError, StoreUnavailableError
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

    def load_documents(
        self, graphs: list[Graph], *, force: bool = False, stop_on_error: bool = False
    ) -> list["LoadSummary | EusecError"]:
        """Load several papers: those not stored yet in one transaction (one write per label and per
        relationship group for all of them), the others one by one. If the shared transaction fails, each
        paper is loaded on its own, so a bad paper is reported (its error in its place of the result) and
        never costs the others; each paper is atomic either way. ``stop_on_error``: stop at the first
        failing paper (the result is then shorter). StoreUnavailableError is raised."""

    def remove_document(self, document: str) -> LoadSummary:
        """Remove the facts of one document (same rules as replacement with an empty graph)."""

    def write_relationships(
        self, delete: list[tuple[str, str, str]], create: list[tuple[tuple[str, str, str], dict[str, Any]]]
    ) -> None:
        """In one transaction: delete every relationship of each (type, start uid, end uid) of ``delete``,
        whichever document states it, then create one relationship per ((type, start uid, end uid),
        properties) of ``create``; one statement per relationship group, not one per relationship. For
        the corpus stage (graph/corpus.py), which owns its relationship types; both ends must exist."""

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

    def settle(self) -> None:
        """Between the batches of a corpus load: give back the memory the writes left behind (the caller
        uses the store from one thread while it runs). The store stays open and answers as before."""

    def prepare_load(self) -> None:
        """Before the first batch of a corpus load, while its papers are being extracted: get what the
        loads need ready (nothing changes in the store; failures are left to the loads to report)."""


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

    def settle(self) -> None:
        """See GraphStore.settle: nothing to give back unless the backend holds it in this process."""

    def prepare_load(self) -> None:
        """See GraphStore.prepare_load: nothing to prepare unless the backend says what."""

    def load_document(self, graph: Graph, *, force: bool = False) -> LoadSummary:
        raise NotImplementedError

    def _valid(self, graph: Graph) -> bool:
        """Whether the schema accepts ``graph`` (its own load reports why not)."""
        try:
            self.schema.validate_graph(graph)  # type: ignore[attr-defined]
        except SchemaError:
            return False
        return True

    def _load_new_batch(self, graphs: list[Graph]) -> dict[int, LoadSummary]:
        """Load, in one transaction, the graphs of ``graphs`` that are new papers; index -> summary of
        those it loaded (the rest is left to load_document). Raises on any failure, writing nothing."""
        return {}

    def load_documents(
        self, graphs: list[Graph], *, force: bool = False, stop_on_error: bool = False
    ) -> list[LoadSummary | EusecError]:
        """See GraphStore.load_documents."""
        done: dict[int, LoadSummary] = {}
        batch = graphs
        if stop_on_error:  # nothing after the first bad paper may be loaded: batch only the papers before it
            batch = graphs[: next((i for i, g in enumerate(graphs) if not self._valid(g)), len(graphs))]
        if not force and len(batch) > 1:
            try:
                done = self._load_new_batch(batch)
            except StoreUnavailableError:
                raise
            except EusecError:
                done = {}  # one of them spoils the shared transaction: load each on its own below
        out: list[LoadSummary | EusecError] = []
        for i, graph in enumerate(graphs):
            if i in done:
                out.append(done[i])
                continue
            try:
                out.append(self.load_document(graph, force=force))
            except StoreUnavailableError:
                raise
            except EusecError as exc:
                out.append(exc)
                if stop_on_error:  # fail-fast: the papers after it are not loaded (nor reported)
                    break
        return out

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
