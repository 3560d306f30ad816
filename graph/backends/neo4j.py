"""The Neo4j 5 backend, through the official ``neo4j`` driver.

* One driver per store (created in __init__, closed in close()); every session names its database.
* load_document: one managed write transaction (``session.execute_write``; the driver retries it on
  transient errors, and the function recomputes its plan from scratch each time). The stored state is read
  inside the transaction, diffed by graph.backends.common.plan_load, and written in batched
  ``UNWIND $rows`` statements. If the client dies, the server rolls the open transaction back.
* read: a READ-mode session with ``execute_read`` and a transaction timeout (``unit_of_work``): the server refuses
  any write in a read transaction, and routing URIs (``neo4j://``, ``neo4j+s://``) send reads to readers.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Iterable

import neo4j
from neo4j import exceptions as nx

from eusec.errors import ConstraintError, EusecError, QueryRejectedError, StoreUnavailableError
from eusec.graph.backends.common import (
    NEO4J_FORBIDDEN,
    NEO4J_FORBIDDEN_PROCEDURES,
    LoadPlan,
    RelId,
    clean,
    content_hash_of,
    document_of,
    graph_from_rows,
    group_rels,
    guard_read_statement,
    plan_load,
)
from eusec.graph.model import Graph
from eusec.graph.schema import Schema, load_schema, q
from eusec.graph.store import Counts, LoadSummary, StoreBase

BATCH = 5000  # rows per UNWIND statement: bounds the size of one Bolt message


def to_plain(value: Any) -> Any:
    """Convert driver values to plain JSON-friendly Python: nodes/relationships -> dicts of properties,
    paths -> {"nodes": [...], "relationships": [...]}, temporal values -> ISO strings."""
    if isinstance(value, neo4j.graph.Node) or isinstance(value, neo4j.graph.Relationship):
        return {k: to_plain(v) for k, v in dict(value).items()}
    if isinstance(value, neo4j.graph.Path):
        return {
            "nodes": [to_plain(n) for n in value.nodes],
            "relationships": [to_plain(r) for r in value.relationships],
        }
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return str(value)


def _map_error(exc: BaseException, *, context: str = "query") -> EusecError:
    """Translate driver errors into our error hierarchy."""
    if isinstance(exc, nx.AuthError):
        return StoreUnavailableError("Neo4j refused the credentials (check EUSEC_NEO4J_USER / EUSEC_NEO4J_PASSWORD)")
    if isinstance(exc, (nx.ServiceUnavailable, nx.SessionExpired, nx.DatabaseUnavailable, OSError)):
        first = " ".join(str(exc).split())[:200]  # one line
        return StoreUnavailableError(f"Neo4j is not reachable ({exc.__class__.__name__}: {first})")
    if isinstance(exc, nx.ConstraintError):
        return ConstraintError(getattr(exc, "message", None) or str(exc))
    if isinstance(exc, nx.Neo4jError):
        code = exc.code or ""
        message = exc.message or str(exc)
        if "MemoryPoolOutOfMemoryError" in code:
            return EusecError(
                f"{context}: the transaction needs more memory than this Neo4j allows "
                "(dbms.memory.transaction.total.max / heap size); raise them or split the input"
            )
        if "TransactionTimedOut" in code or "Terminated" in code:
            return QueryRejectedError(f"{context} exceeded its time limit and was terminated")
        if isinstance(exc, nx.Forbidden) or "AccessMode" in code or "Forbidden" in code:
            return QueryRejectedError(f"write refused: {context} runs in read-only mode ({message.splitlines()[0]})")
        if isinstance(exc, (nx.CypherSyntaxError, nx.CypherTypeError, nx.ClientError)):
            return QueryRejectedError(f"{context} failed: {message}")
        return EusecError(f"{context} failed in Neo4j: {code}: {message}")
    if isinstance(exc, nx.DriverError):
        return StoreUnavailableError(f"Neo4j driver error: {exc}")
    return EusecError(f"{context} failed: {exc}")


def _batches(rows: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


class Neo4jStore(StoreBase):
    """Neo4j 5 implementation of graph.store.GraphStore."""

    backend = "neo4j"

    def __init__(
        self,
        uri: str,
        user: str,
        password: str,
        *,
        database: str = "neo4j",
        schema: Schema | None = None,
        connection_timeout: float = 5.0,
    ) -> None:
        self.uri = uri
        self.database = database
        self.schema = schema or load_schema()
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=connection_timeout,
                max_transaction_retry_time=15.0,
                # a request waits at most this long for a pooled connection, so threads never pile up
                # behind queries that do not answer (their transaction timeout frees them server-side)
                connection_acquisition_timeout=10.0,
            )
            self._driver.verify_connectivity()
        except Exception as exc:  # noqa: BLE001 - every failure to connect is "unavailable"
            mapped = _map_error(exc, context="connecting")
            if isinstance(exc, (nx.ServiceUnavailable, OSError)):
                mapped = StoreUnavailableError(f"Neo4j is not reachable at {uri} (is it running? `eusec neo4j start`)")
            elif not isinstance(mapped, StoreUnavailableError):
                mapped = StoreUnavailableError(f"cannot connect to Neo4j at {uri}: {exc}")
            try:
                self._driver.close()  # type: ignore[has-type]
            except Exception:  # noqa: BLE001
                pass
            raise mapped from exc

    # -- plumbing ---------------------------------------------------------------------------------
    def _session(self, read: bool = False) -> neo4j.Session:
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    def _write(self, work: Callable[[neo4j.ManagedTransaction], Any], context: str) -> Any:
        try:
            with self._session() as session:
                return session.execute_write(work)
        except EusecError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise _map_error(exc, context=context) from exc

    @staticmethod
    def _records(result: neo4j.Result, cap: int | None = None) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for record in result:
            if cap is not None and len(rows) >= cap:
                break
            rows.append({k: to_plain(v) for k, v in record.items()})
        return rows

    # -- schema -----------------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create constraints and indexes from graph/schema.yaml (idempotent) and wait until online."""
        try:
            with self._session() as session:
                # only the missing ones: 50 idempotent DDL round trips cost seconds on every open
                have = {r["name"] for r in session.run("SHOW INDEXES YIELD name RETURN name")}
                have |= {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name RETURN name")}
                missing = [stmt for name, stmt in self.schema.neo4j_ddl_named() if name not in have]
                for stmt in missing:
                    session.run(stmt).consume()
                if missing:
                    session.run("CALL db.awaitIndexes(300)").consume()
        except Exception as exc:  # noqa: BLE001
            raise _map_error(exc, context="ensure_schema") from exc

    # -- loading ----------------------------------------------------------------------------------
    def load_document(self, graph: Graph, *, force: bool = False) -> LoadSummary:
        """Replace one document's facts in one transaction (see graph.store.GraphStore.load_document)."""
        document = document_of(graph)
        started = time.perf_counter()
        new_hash = content_hash_of(graph, document)

        def work(tx: neo4j.ManagedTransaction) -> LoadSummary:
            if not force and new_hash is not None:
                rec = tx.run(
                    "MATCH (d:Document {number: $n}) RETURN d.content_hash AS h, d.sources AS s", n=document
                ).single()
                if rec is not None and rec["h"] == new_hash and document in (rec["s"] or []):
                    return LoadSummary(
                        document=document,
                        nodes_unchanged=len(graph.nodes),
                        relationships_unchanged=len(graph.relationships),
                        unchanged_document=True,
                    )
            self.schema.validate_graph(graph)  # after the hash check: an unchanged document was validated
            plan, rel_ids = self._plan(tx, graph, document)
            self._execute_plan(tx, plan, rel_ids)
            return plan.summary or LoadSummary(document=document)

        summary = self._write(work, f"loading {document}")
        summary.seconds = time.perf_counter() - started
        return summary

    def remove_document(self, document: str) -> LoadSummary:
        """Remove one document's facts (as loading an empty graph for it)."""
        return self.load_document(Graph(document=document), force=True)

    def _plan(
        self, tx: neo4j.ManagedTransaction, graph: Graph, document: str
    ) -> tuple[LoadPlan, dict[RelId, list[str]]]:
        """The plan, plus the element ids of this document's stored relationships (deletes go by id)."""
        by_label: dict[str, list[str]] = {}
        for node in graph.nodes.values():
            by_label.setdefault(node.label, []).append(node.key)
        stored_nodes: dict[str, dict[str, Any]] = {}
        for label, keys in by_label.items():
            key = self.schema.key_of(label)
            for batch in _batches(keys):
                for rec in tx.run(f"UNWIND $keys AS k MATCH (n:{q(label)} {{{q(key)}: k}}) RETURN n", keys=batch):
                    row = clean(to_plain(rec["n"]))
                    stored_nodes[row["uid"]] = row
        # nodes this document stated before and no longer does (only those need their full row)
        stated: dict[str, dict[str, Any]] = {}
        for label in self.schema.labels:
            gone = [
                rec["uid"]
                for rec in tx.run(f"MATCH (n:{q(label)}) WHERE $doc IN n.sources RETURN n.uid AS uid", doc=document)
                if rec["uid"] not in graph.nodes
            ]
            for batch in _batches(gone):
                for rec in tx.run(f"UNWIND $uids AS u MATCH (n:{q(label)} {{uid: u}}) RETURN n", uids=batch):
                    row = clean(to_plain(rec["n"]))
                    stated[row["uid"]] = row
        stored_rels: dict[RelId, list[dict[str, Any]]] = {}
        rel_ids: dict[RelId, list[str]] = {}
        for type_ in self.schema.rel_types:
            for rec in tx.run(
                f"MATCH (a)-[r:{q(type_)}]->(b) WHERE r.source = $doc "
                "RETURN a.uid AS s, b.uid AS e, r, elementId(r) AS id",
                doc=document,
            ):
                ident = (type_, rec["s"], rec["e"])
                stored_rels.setdefault(ident, []).append(clean(to_plain(rec["r"])))
                rel_ids.setdefault(ident, []).append(rec["id"])
        return plan_load(self.schema, graph, document, stored_nodes, stated, stored_rels), rel_ids

    def _execute_plan(self, tx: neo4j.ManagedTransaction, plan: LoadPlan, rel_ids: dict[RelId, list[str]]) -> None:
        key_of = self.schema.key_of
        # by element id (read in this same transaction): a pattern with `r.source = $doc` lets the
        # planner scan the source index for every row
        ids = [i for ident in plan.delete_rels for i in rel_ids.get(ident, [])]
        for batch in _batches(ids):
            tx.run(
                "UNWIND $ids AS id MATCH ()-[r]->() WHERE elementId(r) = id DELETE r", ids=batch
            ).consume()
        # new nodes were verified absent in this transaction (and the key constraint guards the rest)
        for label, node_rows in plan.create_nodes.items():
            for batch in _batches(node_rows):
                tx.run(f"UNWIND $rows AS row CREATE (n:{q(label)}) SET n = row", rows=batch).consume()
        for label, node_rows in plan.update_nodes.items():
            key = key_of(label)
            for batch in _batches(node_rows):
                tx.run(
                    f"UNWIND $rows AS row MATCH (n:{q(label)} {{{q(key)}: row.{q(key)}}}) SET n += row", rows=batch
                ).consume()
        # CREATE, not MERGE: the plan only creates statements this transaction has just verified absent
        # (or deleted), and MERGE (a)-[r {source}]->(b) lets the planner probe the `source` index per row,
        # which is quadratic in the size of the document.
        for (type_, sl, el), items in group_rels(plan.create_rels).items():
            rows = [{"s": s.split(":", 1)[1], "e": e.split(":", 1)[1], "props": row} for (_, s, e), row in items]
            for batch in _batches(rows):
                tx.run(
                    f"UNWIND $rows AS row MATCH (a:{q(sl)} {{{q(key_of(sl))}: row.s}}) "
                    f"MATCH (b:{q(el)} {{{q(key_of(el))}: row.e}}) "
                    f"CREATE (a)-[r:{q(type_)}]->(b) SET r = row.props",
                    rows=batch,
                ).consume()
        for label, keys in plan.delete_nodes.items():
            key = key_of(label)
            for batch in _batches(keys):
                rec = tx.run(
                    f"UNWIND $keys AS k MATCH (n:{q(label)} {{{q(key)}: k}}) "
                    f"WITH n, COUNT {{ (n)--() }} AS degree DETACH DELETE n RETURN sum(degree) AS detached",
                    keys=batch,
                ).single()
                if plan.summary is not None and rec is not None:
                    plan.summary.relationships_deleted += int(rec["detached"] or 0)

    # -- queries ----------------------------------------------------------------------------------
    def query(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run any statement (auto-commit, write access); rows as plain dicts."""
        try:
            with self._session() as session:
                return self._records(session.run(cypher, params or {}))
        except Exception as exc:  # noqa: BLE001
            raise _map_error(exc) from exc

    def read(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        timeout_s: float | None = None,
        row_cap: int | None = None,
    ) -> list[dict[str, Any]]:
        """Run a statement in a READ transaction: the server refuses writes (QueryRejectedError); the
        server-side ``timeout_s`` terminates long queries; at most ``row_cap`` rows are fetched."""
        guard_read_statement(cypher, NEO4J_FORBIDDEN, NEO4J_FORBIDDEN_PROCEDURES)

        # the server-side time limit of a managed transaction is set with unit_of_work (neo4j.Query's
        # timeout only applies to session.run)
        @neo4j.unit_of_work(timeout=timeout_s)
        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return self._records(tx.run(cypher, params or {}), row_cap)  # type: ignore[arg-type]

        try:
            with self._session(read=True) as session:
                return session.execute_read(work)
        except Exception as exc:  # noqa: BLE001
            raise _map_error(exc, context="the query") from exc

    # -- whole-graph operations ---------------------------------------------------------------------
    def dump(self) -> Graph:
        """The whole stored graph as a graph.model.Graph."""

        def work(tx: neo4j.ManagedTransaction) -> Graph:
            node_rows = [
                (label, to_plain(rec["n"]))
                for label in self.schema.labels
                for rec in tx.run(f"MATCH (n:{q(label)}) RETURN n")
            ]
            rel_rows = [
                (type_, rec["s"], rec["e"], to_plain(rec["r"]))
                for type_ in self.schema.rel_types
                for rec in tx.run(f"MATCH (a)-[r:{q(type_)}]->(b) RETURN a.uid AS s, b.uid AS e, r")
            ]
            return graph_from_rows(self.schema, node_rows, rel_rows)

        try:
            with self._session(read=True) as session:
                return session.execute_read(work)
        except Exception as exc:  # noqa: BLE001
            raise _map_error(exc, context="dump") from exc

    def counts(self) -> Counts:
        """Node counts per label, relationship counts per type (zeros included; from the count store)."""

        def work(tx: neo4j.ManagedTransaction) -> Counts:
            counts = Counts()
            for label in self.schema.labels:
                counts.nodes[label] = tx.run(f"MATCH (n:{q(label)}) RETURN count(n) AS c").single()["c"]
            for type_ in self.schema.rel_types:
                counts.relationships[type_] = tx.run(f"MATCH ()-[r:{q(type_)}]->() RETURN count(r) AS c").single()["c"]
            return counts

        try:
            with self._session(read=True) as session:
                return session.execute_read(work)
        except Exception as exc:  # noqa: BLE001
            raise _map_error(exc, context="counts") from exc

    def clear(self) -> None:
        """Delete every node and relationship (in batches of 10,000: a single huge delete could exhaust
        the transaction memory); constraints and indexes stay."""
        try:
            with self._session() as session:
                session.run(
                    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
                ).consume()
        except Exception as exc:  # noqa: BLE001
            raise _map_error(exc, context="clear") from exc

    def ping(self) -> None:
        """Raise StoreUnavailableError if Neo4j cannot answer."""
        try:
            self._driver.verify_connectivity()
        except Exception as exc:  # noqa: BLE001
            mapped = _map_error(exc, context="ping")
            raise (mapped if isinstance(mapped, StoreUnavailableError) else StoreUnavailableError(str(exc))) from exc

    def close(self) -> None:
        """Close the driver (its connection pool)."""
        self._driver.close()
