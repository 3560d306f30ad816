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
from typing import Any, Callable, Collection, Iterable

import neo4j
from neo4j import exceptions as nx

from eusec.errors import ConstraintError, EusecError, QueryRejectedError, StoreUnavailableError
from eusec.graph.backends.common import (
    NEO4J_FORBIDDEN,
    NEO4J_FORBIDDEN_PROCEDURES,
    LoadPlan,
    RelId,
    batchable,
    clean,
    content_hash_of,
    document_of,
    graph_from_rows,
    group_rels,
    guard_read_statement,
    canonical_idents,
    fold_statements_per_paper,
    needed_statement_ids,
    plan_batch,
    plan_load,
    carries_document_node,
)
from eusec.graph import statements
from eusec.graph.model import Graph
from eusec.graph.schema import SEARCH_PROPERTY, STATEMENT_LABEL, NodeSpec, Schema, load_schema, q, rel_uid
from eusec.graph.store import Counts, LoadSummary, StoreBase

BATCH = 5000  # rows per UNWIND statement: bounds the size of one Bolt message


def to_plain(value: Any) -> Any:
    """Convert driver values to plain JSON-friendly Python: nodes/relationships -> dicts of properties,
    paths -> {"nodes": [...], "relationships": [...]}, temporal values -> ISO strings."""
    if isinstance(value, neo4j.graph.Node):  # the search copy is the store's own (schema.SEARCH_PROPERTY)
        return {k: to_plain(v) for k, v in dict(value).items() if k != SEARCH_PROPERTY}
    if isinstance(value, neo4j.graph.Relationship):
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
    if isinstance(exc, MemoryError):  # the driver ran out reading a record (a worker's memory limit)
        return QueryRejectedError(f"{context} needs more memory than this process may use: return less")
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


def _put_statements(tx: neo4j.ManagedTransaction, rows: list[dict[str, Any]]) -> None:
    """Create or overwrite Statement rows (the migrations of older stores write them this way)."""
    for batch in _batches(rows):
        tx.run(f"UNWIND $rows AS row MERGE (s:{q(STATEMENT_LABEL)} {{id: row.id}}) SET s = row", rows=batch).consume()


def _param_batches(lists: dict[str, list[Any]], size: int = BATCH) -> Iterable[dict[str, list[Any]]]:
    """Slices of several parameter lists at once: one statement per slice, so that a paper needs one
    statement per phase (a huge synthetic graph several, each Bolt message bounded)."""
    longest = max((len(v) for v in lists.values()), default=0)
    for i in range(0, max(longest, 1), size):
        yield {name: rows[i : i + size] for name, rows in lists.items()}


class _Unchanged(Exception):
    """Raised inside the load transaction when the stored copy has the same content hash: the
    transaction (its lock) is rolled back and the summary returned."""

    def __init__(self, summary: LoadSummary) -> None:
        super().__init__("unchanged")
        self.summary = summary


class LoadStatements:
    """The fixed Cypher texts of a load, generated once from the schema (fixed texts: Neo4j plans each
    once and caches it). The statements with a list per label or relationship group take them in one map
    parameter, ``$p`` (absent labels and groups as empty lists): Neo4j keys its plan cache on the types of
    the parameters, and an empty list is not typed as a list of maps, so with one parameter per list every
    new pattern of empty and non-empty lists planned the statement again (~0.8 s each on a warm server,
    several seconds on a cold one; a map parameter is planned once).

    * ``lock``: MERGE the Document node and take its write lock (``SET`` then ``REMOVE`` a marker: no
      change, but the lock is held until the transaction ends), returning the stored hash and sources.
    * ``read_nodes``: the stored rows of given keys, one ``UNWIND`` per label (``k_<Label>``).
    * ``read_stated`` / ``read_rels``: what a stored paper stated (nodes listing it, its relationships).
    * ``read_statements``: the stored Statement rows (node provenance) of given ids.
    * ``write_nodes``: this paper's relationships to delete (by element id), the Statement rows to delete
      and to create, then per label the nodes to
      create (MERGE: the lock may have created the Document), update and delete; drops a Document the
      lock created that nothing filled (removing an unknown paper); returns how many relationships of
      other papers went with deleted nodes.
    * ``write_rels``: per (type, start label, end label) the relationships to create.
    """

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        key_of = schema.key_of
        self.lock = (
            f"MERGE (d:`Document` {{{q(key_of('Document'))}: $doc}}) "
            "SET d.`__eusec_lock` = true REMOVE d.`__eusec_lock` "
            "RETURN d.content_hash AS h, d.sources AS s"
        )
        # several papers at once (a batch of new papers): the same lock for each
        self.lock_many = (
            f"UNWIND $docs AS doc MERGE (d:`Document` {{{q(key_of('Document'))}: doc}}) "
            "SET d.`__eusec_lock` = true REMOVE d.`__eusec_lock` RETURN doc, d.sources AS s"
        )
        self.read_nodes = "CALL () {\n" + "\nUNION ALL\n".join(
            f"UNWIND $p.{self.node_param(label)} AS k MATCH (n:{q(label)} {{{q(key_of(label))}: k}}) RETURN n"
            for label in schema.labels
        ) + "\n} RETURN n"
        self.read_stated = "CALL () {\n" + "\nUNION ALL\n".join(
            f"MATCH (n:{q(label)}) WHERE $doc IN n.sources RETURN n.uid AS uid, n" for label in schema.labels
        ) + "\n} RETURN uid, n"
        self.read_rels = "CALL () {\n" + "\nUNION ALL\n".join(
            f"MATCH (a)-[r:{q(t)}]->(b) WHERE {'$doc IN r.sources' if schema.rel(t).canonical else 'r.source = $doc'} "
            f"RETURN '{t}' AS t, a.uid AS s, b.uid AS e, r, elementId(r) AS id"
            for t in schema.rel_types
        ) + "\n} RETURN t, s, e, r, id"
        # canonical relationships by uid (their index), and their writes: the plan creates the new ones with
        # the relationship groups below, sets the full rows of changed ones and deletes those no document
        # states any more
        self.canonical_types = [t for t in schema.rel_types if schema.rel(t).canonical]
        self.read_canonical = "CALL () {\n" + "\nUNION ALL\n".join(
            f"UNWIND $uids AS u MATCH (a)-[r:{q(t)} {{uid: u}}]->(b) RETURN '{t}' AS t, a.uid AS s, b.uid AS e, r"
            for t in self.canonical_types
        ) + "\n} RETURN t, s, e, r"
        st = q(STATEMENT_LABEL)
        self.read_statements = f"UNWIND $ids AS id MATCH (s:{st} {{id: id}}) RETURN s.id AS id, s.statements AS statements"
        parts = [
            "CALL () { UNWIND $p.del_rels AS id MATCH ()-[r]->() WHERE elementId(r) = id DELETE r }",
            f"CALL () {{ UNWIND $p.del_statements AS id MATCH (s:{st} {{id: id}}) DELETE s }}",
            f"CALL () {{ UNWIND $p.put_statements AS row MERGE (s:{st} {{id: row.id}}) SET s = row }}",
            # rows of the papers this transaction locked, read absent in it: created without a lookup
            # (MERGE looks each id up in the constraint index first: about 30 % of the Statement writes of a batch)
            f"CALL () {{ UNWIND $p.new_statements AS row CREATE (s:{st}) SET s = row }}",
        ]
        self.write_nodes_params = ["del_rels", "del_statements", "put_statements", "new_statements"]
        for label in schema.labels:
            key = q(key_of(label))
            c, u = self.node_param(label, "create"), self.node_param(label, "update")
            search = schema.node(label).search_expression("n")
            also = f" SET n.{SEARCH_PROPERTY} = {search}" if search else ""
            parts.append(f"CALL () {{ UNWIND $p.{c} AS row MERGE (n:{q(label)} {{{key}: row.{key}}}) SET n = row{also} }}")
            parts.append(f"CALL () {{ UNWIND $p.{u} AS row MATCH (n:{q(label)} {{{key}: row.{key}}}) SET n += row{also} }}")
            self.write_nodes_params += [c, u]
        detached = []
        for i, label in enumerate(schema.labels):
            d = self.node_param(label, "delete")
            # other papers' relationships go with the node (this paper's are in del_rels already)
            parts.append(
                f"CALL () {{ UNWIND $p.{d} AS k MATCH (n:{q(label)} {{{q(key_of(label))}: k}}) "
                f"WITH n, COUNT {{ (n)-[r]-() WHERE r.source <> $doc }} AS degree DETACH DELETE n "
                f"RETURN sum(degree) AS x{i} }}"
            )
            self.write_nodes_params.append(d)
            detached.append(f"x{i}")
        parts.append(
            f"CALL () {{ MATCH (d:`Document` {{{q(key_of('Document'))}: $doc}}) WHERE d.sources IS NULL DETACH DELETE d }}"
        )
        self.write_nodes = "\n".join(parts) + f"\nRETURN {' + '.join(detached)} AS detached"
        rel_parts = []
        self.write_rels_params = []
        for t in self.canonical_types:
            u, d = f"u_{t}", f"d_{t}"
            rel_parts.append(f"CALL () {{ UNWIND $p.{u} AS row MATCH ()-[r:{q(t)} {{uid: row.uid}}]->() SET r = row }}")
            rel_parts.append(f"CALL () {{ UNWIND $p.{d} AS uid MATCH ()-[r:{q(t)} {{uid: uid}}]->() DELETE r }}")
            self.write_rels_params += [u, d]
        for t in schema.rel_types:
            for sl, el in schema.rel(t).pairs:
                p = self.rel_param(t, sl, el)
                rel_parts.append(
                    f"CALL () {{ UNWIND $p.{p} AS row MATCH (a:{q(sl)} {{{q(key_of(sl))}: row.s}}) "
                    f"MATCH (b:{q(el)} {{{q(key_of(el))}: row.e}}) CREATE (a)-[r:{q(t)}]->(b) SET r = row.p }}"
                )
                self.write_rels_params.append(p)
        # CREATE, not MERGE: the plan only creates statements (and canonical relationships) this
        # transaction has just verified absent (or deleted), and MERGE (a)-[r {source}]->(b) lets the planner
        # probe the `source` index per row. Updates of canonical relationships come first: a new one is
        # never also updated.
        self.write_rels = "\n".join(rel_parts) + "\nRETURN 1 AS done"

    @staticmethod
    def node_param(label: str, phase: str = "k") -> str:
        return f"{phase}_{label}"

    def read_nodes_map(self, keys: dict[str, list[str]]) -> dict[str, list[str]]:
        """The ``$p`` of ``read_nodes``: label -> keys, every label present (absent ones empty)."""
        return {self.node_param(label): list(keys.get(label) or []) for label in self.schema.labels}

    @staticmethod
    def rel_param(type_: str, start: str, end: str) -> str:
        return f"r_{type_}_{start}_{end}"


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
        self._load_statements: LoadStatements | None = None
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=connection_timeout,
                max_transaction_retry_time=15.0,
                # a request waits at most this long for a pooled connection, so threads never pile up
                # behind queries that do not answer (their transaction timeout frees them server-side)
                connection_acquisition_timeout=10.0,
                # the catalogue names optional properties (EUR-Lex fields, edition links) that a store may
                # not have yet: the server's "property key does not exist" warnings would flood the logs
                notifications_min_severity="OFF",
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
        except (EusecError, _Unchanged):
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
                for spec in self.schema.nodes.values():  # nodes written before their search index (or imported)
                    if spec.search and spec.search_index not in have:
                        self._fill_search(session, spec)
                missing = [stmt for name, stmt in self.schema.neo4j_ddl_named() if name not in have]
                for stmt in missing:
                    session.run(stmt).consume()
                if missing:
                    session.run("CALL db.awaitIndexes(300)").consume()
                if "provenance" in {r["propertyKey"] for r in session.run("CALL db.propertyKeys()")}:
                    for label in self.schema.labels:
                        session.execute_write(self._move_provenance, label)
                # one read on every open; a fold only for a store made before canonical relationships
                for type_ in self._per_paper_types(session):
                    session.execute_write(self._fold_per_paper, type_)
        except Exception as exc:  # noqa: BLE001
            raise _map_error(exc, context="ensure_schema") from exc

    @staticmethod
    def _fill_search(session: neo4j.Session, spec: NodeSpec) -> None:
        """Write the search copy of every node of the label that lacks it: nodes of a store made before it,
        or of `eusec neo4j import`. Runs before its index is created, so a store with the index has every
        copy (loads write it from then on)."""
        session.run(
            f"MATCH (n:{q(spec.label)}) WHERE n.{SEARCH_PROPERTY} IS NULL "
            f"CALL (n) {{ SET n.{SEARCH_PROPERTY} = {spec.search_expression('n')} }} IN TRANSACTIONS OF 10000 ROWS"
        ).consume()

    def _per_paper_types(self, session: neo4j.Session) -> list[str]:
        """The canonical types that still have an edge without a uid (stored one per paper)."""
        types = [t for t in self.schema.rel_types if self.schema.rel(t).canonical]
        query = "\nUNION ALL\n".join(
            f"MATCH ()-[r:{q(t)}]->() WHERE r.uid IS NULL RETURN '{t}' AS t LIMIT 1" for t in types
        )
        return [rec["t"] for rec in session.run(query)] if types else []

    def _fold_per_paper(self, tx: neo4j.ManagedTransaction, type_: str) -> None:
        """Edges of a canonical type stored one per paper (a store made before canonical relationships):
        fold them into one edge each, their statements into Statement rows (one transaction a type)."""
        found = tx.run(f"MATCH (a)-[r:{q(type_)}]->(b) WHERE r.uid IS NULL RETURN a.uid AS s, b.uid AS e, r")
        gone, rows, put = fold_statements_per_paper(type_, [(rec["s"], rec["e"], clean(to_plain(rec["r"]))) for rec in found])
        # the schema is ensured on every open, before any load: an old store has no canonical edge yet
        self._write_rels(tx, gone, rows)
        _put_statements(tx, put)

    @staticmethod
    def _move_provenance(tx: neo4j.ManagedTransaction, label: str) -> None:
        """A store made before Statement rows kept each node's provenance in a ``provenance`` property:
        move it into Statement rows and remove the property (one transaction per label)."""
        found = tx.run(f"MATCH (n:{q(label)}) WHERE n.provenance IS NOT NULL RETURN n.uid AS uid, n.provenance AS p")
        _put_statements(tx, [r for rec in found for r in statements.rows_for(rec["uid"], statements.parse(rec["p"]))])
        tx.run(f"MATCH (n:{q(label)}) WHERE n.provenance IS NOT NULL REMOVE n.provenance").consume()

    # -- loading ----------------------------------------------------------------------------------
    def load_document(self, graph: Graph, *, force: bool = False) -> LoadSummary:
        """Replace one document's facts in one transaction (see graph.store.GraphStore.load_document).

        A handful of round trips per paper (see :class:`LoadStatements`): lock the Document node (which
        also reads its content hash), read the stored rows of the graph's nodes, for a paper stored before
        read what it stated, then the writes (one statement per phase, one UNWIND per label and per
        relationship group inside it), then COMMIT. The lock serialises loads of the same paper: two
        concurrent loads never both see the old state (issue #9: duplicated relationships).
        """
        document = document_of(graph)
        started = time.perf_counter()
        new_hash = content_hash_of(graph, document)
        st = self._statements()

        def work(tx: neo4j.ManagedTransaction) -> LoadSummary:
            rec = tx.run(st.lock, doc=document).single()
            sources = (rec["s"] if rec is not None else None) or []
            # stored before: its old facts must be found and replaced (always scanned without a Document node)
            known = document in sources or not carries_document_node(graph, document)
            if not force and new_hash is not None and known and rec["h"] == new_hash:
                # nothing to write: undo the lock (and a Document MERGEd for it) by rolling back
                raise _Unchanged(
                    LoadSummary(
                        document=document,
                        nodes_unchanged=len(graph.nodes),
                        relationships_unchanged=len(graph.relationships),
                        unchanged_document=True,
                    )
                )
            self.schema.validate_graph(graph)  # after the hash check: an unchanged document was validated
            plan, rel_ids = self._plan(tx, st, graph, document, known)
            self._execute_plan(tx, st, plan, rel_ids, {document})
            return plan.summary or LoadSummary(document=document)

        try:
            summary = self._write(work, f"loading {document}")
        except _Unchanged as unchanged:
            summary = unchanged.summary
        summary.seconds = time.perf_counter() - started
        return summary

    def remove_document(self, document: str) -> LoadSummary:
        """Remove one document's facts (as loading an empty graph for it)."""
        return self.load_document(Graph(document=document), force=True)

    def write_relationships(self, delete: list[RelId], create: list[tuple[RelId, dict[str, Any]]]) -> None:
        """See graph.store.GraphStore.write_relationships: one UNWIND per relationship group (and per
        BATCH rows), all in one transaction."""
        if not delete and not create:
            return
        self._write(lambda tx: self._write_rels(tx, delete, create), "writing relationships")

    def _write_rels(
        self, tx: neo4j.ManagedTransaction, delete: list[RelId], create: list[tuple[RelId, dict[str, Any]]]
    ) -> None:
        """Delete every relationship (type, start, end) of ``delete``, then create those of ``create``."""

        def node(var: str, label: str, field: str) -> str:
            return f"({var}:{q(label)} {{{q(self.schema.key_of(label))}: row.{field}}})"

        for (type_, sl, el), group in group_rels(delete).items():
            rows = [{"s": s.split(":", 1)[1], "e": e.split(":", 1)[1]} for _, s, e in group]
            for batch in _batches(rows):
                tx.run(f"UNWIND $rows AS row MATCH {node('a', sl, 's')}-[r:{q(type_)}]->{node('b', el, 'e')} "
                       "DELETE r", rows=batch).consume()
        for (type_, sl, el), items in group_rels(create).items():
            rows = [{"s": s.split(":", 1)[1], "e": e.split(":", 1)[1], "p": clean(row)} for (_, s, e), row in items]
            for batch in _batches(rows):
                tx.run(f"UNWIND $rows AS row MATCH {node('a', sl, 's')}, {node('b', el, 'e')} "
                       f"CREATE (a)-[r:{q(type_)}]->(b) SET r = row.p", rows=batch).consume()

    def _load_new_batch(self, graphs: list[Graph]) -> dict[int, LoadSummary]:
        """The new papers among ``graphs`` in one transaction (see StoreBase.load_documents): lock all
        their Documents in one statement, read their nodes' stored rows, write everything with the two
        write statements of a single load: five round trips for the whole batch, COMMIT included."""
        started = time.perf_counter()
        st = self._statements()
        candidates = batchable(graphs, self.schema)
        if len(candidates) < 2:
            return {}

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[int], list[LoadSummary]]:
            docs = [graphs[i].document for i in candidates]
            stored_docs = {r["doc"] for r in tx.run(st.lock_many, docs=docs) if r["doc"] in (r["s"] or [])}
            picked = [i for i in candidates if graphs[i].document not in stored_docs]
            keys: dict[str, list[str]] = {label: [] for label in self.schema.labels}
            seen: set[str] = set()
            for i in picked:
                for uid, node in graphs[i].nodes.items():
                    if uid not in seen:
                        seen.add(uid)
                        keys[node.label].append(node.key)
            stored_nodes: dict[str, dict[str, Any]] = {}
            for batch in _param_batches(keys):
                for rec in tx.run(st.read_nodes, p=st.read_nodes_map(batch)):
                    row = clean(to_plain(rec["n"]))
                    if row.get("sources"):  # a Document MERGEd by the lock above is not stored yet
                        stored_nodes[row["uid"]] = row
            batch = [graphs[i] for i in picked]
            texts = self._statement_texts(tx, st, needed_statement_ids(batch, self.schema))
            canonical = self._canonical_rows(tx, st, canonical_idents(batch, self.schema))
            plan, summaries = plan_batch(self.schema, batch, stored_nodes, texts, canonical)
            self._execute_plan(tx, st, plan, {}, set(docs))
            return picked, summaries

        picked, summaries = self._write(work, "loading a batch of papers")
        for summary in summaries:
            summary.seconds = (time.perf_counter() - started) / max(1, len(picked))
        return dict(zip(picked, summaries))

    def prepare_load(self) -> None:
        """Have the server plan the load's statements (EXPLAIN: planned and cached, nothing run) while the
        first papers are extracted: on a server just started, planning them took ~10 s of the first batch.
        The relationship writes are planned again once the first nodes exist (the planner sees how far the
        store's counts moved), so they are left to the first batch."""
        st = self._statements()
        typed = [""]  # a one-string list: the cached plan is for lists of strings, as the loads send
        plans = [
            (st.lock_many, {"docs": typed}),
            (st.read_nodes, {"p": st.read_nodes_map({})}),
            (st.read_statements, {"ids": typed}),
            (st.read_canonical, {"uids": typed}),
            (st.write_nodes, {"p": {n: [] for n in st.write_nodes_params}, "doc": ""}),
        ]
        try:
            with self._session() as session:
                for text, params in plans:
                    session.run("EXPLAIN " + text, params).consume()
        except Exception:  # noqa: BLE001 - only an optimisation: the loads report what is wrong
            pass

    def _statements(self) -> "LoadStatements":
        if self._load_statements is None:
            self._load_statements = LoadStatements(self.schema)
        return self._load_statements

    @staticmethod
    def _statement_texts(tx: neo4j.ManagedTransaction, st: "LoadStatements", ids: list[str]) -> dict[str, str]:
        """Stored Statement rows by id: id -> statements text (absent ids left out)."""
        out: dict[str, str] = {}
        for batch in _batches(ids):
            for rec in tx.run(st.read_statements, ids=batch):
                out[rec["id"]] = rec["statements"] or ""
        return out

    @staticmethod
    def _canonical_rows(
        tx: neo4j.ManagedTransaction, st: "LoadStatements", idents: list[RelId]
    ) -> dict[RelId, dict[str, Any]]:
        """Stored rows of these canonical relationships (absent ones left out), by uid."""
        out: dict[RelId, dict[str, Any]] = {}
        for batch in _batches([rel_uid(*i) for i in idents]):
            for rec in tx.run(st.read_canonical, uids=batch):
                out[(rec["t"], rec["s"], rec["e"])] = clean(to_plain(rec["r"]))
        return out

    def _plan(
        self, tx: neo4j.ManagedTransaction, st: "LoadStatements", graph: Graph, document: str, known: bool
    ) -> tuple[LoadPlan, dict[RelId, list[str]]]:
        """The plan, plus the element ids of this document's stored relationships (deletes go by id).

        A paper never stored before (``known`` false) states nothing yet: no node lists it in ``sources``
        and no relationship has it as ``source`` (every non-empty graph carries its Document node, and
        the Document node lists its own paper), so the two scans for its old facts are skipped.
        """
        keys: dict[str, list[str]] = {label: [] for label in self.schema.labels}
        for node in graph.nodes.values():
            keys[node.label].append(node.key)
        stored_nodes: dict[str, dict[str, Any]] = {}
        for batch in _param_batches(keys):
            for rec in tx.run(st.read_nodes, p=st.read_nodes_map(batch)):
                row = clean(to_plain(rec["n"]))
                if row.get("sources"):  # a Document MERGEd by the lock of this transaction is not stored yet
                    stored_nodes[row["uid"]] = row
        texts = self._statement_texts(tx, st, needed_statement_ids([graph], self.schema))
        canonical = self._canonical_rows(tx, st, canonical_idents([graph], self.schema))
        stated: dict[str, dict[str, Any]] = {}
        stored_rels: dict[RelId, list[dict[str, Any]]] = {}
        rel_ids: dict[RelId, list[str]] = {}
        if known:
            for rec in tx.run(st.read_stated, doc=document):
                if rec["uid"] not in graph.nodes:  # only the nodes it no longer states need their row
                    row = clean(to_plain(rec["n"]))
                    stated[row["uid"]] = row
            for rec in tx.run(st.read_rels, doc=document):
                ident = (rec["t"], rec["s"], rec["e"])
                if self.schema.rel(rec["t"]).canonical:
                    canonical[ident] = clean(to_plain(rec["r"]))
                    continue
                stored_rels.setdefault(ident, []).append(clean(to_plain(rec["r"])))
                rel_ids.setdefault(ident, []).append(rec["id"])
        plan = plan_load(self.schema, graph, document, stored_nodes, stated, stored_rels, texts, canonical)
        return plan, rel_ids

    def _execute_plan(
        self,
        tx: neo4j.ManagedTransaction,
        st: "LoadStatements",
        plan: LoadPlan,
        rel_ids: dict[RelId, list[str]],
        locked: Collection[str] = (),
    ) -> None:
        """Write a plan. ``locked``: the papers whose Document lock this transaction holds; their Statement
        rows that the plan found absent are created outright (no other load writes a locked paper's rows);
        any other row is merged."""
        params: dict[str, list[Any]] = {name: [] for name in st.write_nodes_params}
        # by element id (read in this same transaction): a pattern with `r.source = $doc` lets the
        # planner scan the source index for every row
        params["del_rels"] = [i for ident in plan.delete_rels for i in rel_ids.get(ident, [])]
        params["del_statements"] = plan.delete_statements
        for row in plan.put_statements:
            fresh = row["id"] in plan.new_statements and row["document"] in locked
            params["new_statements" if fresh else "put_statements"].append(row)
        for label, node_rows in plan.create_nodes.items():
            params[st.node_param(label, "create")] = node_rows
        for label, node_rows in plan.update_nodes.items():
            params[st.node_param(label, "update")] = node_rows
        for label, keys in plan.delete_nodes.items():
            params[st.node_param(label, "delete")] = keys
        for batch in _param_batches(params):
            rec = tx.run(st.write_nodes, p={**{n: [] for n in st.write_nodes_params}, **batch}, doc=plan.document).single()
            if plan.summary is not None and rec is not None:
                plan.summary.relationships_deleted += int(rec["detached"] or 0)
        rels: dict[str, list[Any]] = {name: [] for name in st.write_rels_params}
        for (type_, _, _), row in plan.update_rels:
            rels[f"u_{type_}"].append(row)
        for ident in plan.drop_rels:
            rels[f"d_{ident[0]}"].append(rel_uid(*ident))
        for (type_, sl, el), items in group_rels(plan.create_rels).items():
            rels[st.rel_param(type_, sl, el)] = [
                {"s": s.split(":", 1)[1], "e": e.split(":", 1)[1], "p": row} for (_, s, e), row in items
            ]
        if any(rels.values()):
            for batch in _param_batches(rels):
                tx.run(st.write_rels, p={**{n: [] for n in st.write_rels_params}, **batch}).consume()

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
            statement_rows = [to_plain(rec["s"]) for rec in tx.run(f"MATCH (s:{q(STATEMENT_LABEL)}) RETURN s")]
            return graph_from_rows(self.schema, node_rows, rel_rows, statement_rows)

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
                # relationships first: DETACH DELETE of a node cited by every paper of a corpus would
                # take all its relationships into one batch
                session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
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
