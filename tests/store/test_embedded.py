"""Embedded-only behaviour: the file lock, persistence across reopen, the read guard, the time limit."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from eusec import PROJECT_ROOT
from eusec.errors import QueryRejectedError, StoreUnavailableError
from eusec.settings import Settings
from eusec.graph.backends.common import NEO4J_FORBIDDEN, NEO4J_FORBIDDEN_PROCEDURES, guard_read_statement
from eusec.graph.backends.embedded import EmbeddedStore
from eusec.graph.factory import open_store
from tests.conftest import build_small_graph


def test_second_process_is_refused_with_a_helpful_message(tmp_path: Path) -> None:
    store = open_store(Settings(data_dir=tmp_path), backend="embedded")
    store.ensure_schema()
    try:
        code = textwrap.dedent(
            f"""
            from eusec.settings import Settings
            from eusec.errors import StoreUnavailableError
            from eusec.graph.factory import open_store
            try:
                open_store(Settings(data_dir={str(tmp_path)!r}), backend="embedded")
            except StoreUnavailableError as exc:
                print("refused:", exc.message)
            """
        )
        out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
        assert "refused: the embedded database is in use by another eusec process" in out.stdout, out.stderr
    finally:
        store.close()


def test_persists_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "x.lbug"
    with EmbeddedStore(path) as store:
        store.ensure_schema()
        store.load_document(build_small_graph())
        before = store.counts()
    with EmbeddedStore(path) as again:
        assert again.counts() == before
        assert again.load_document(build_small_graph()).unchanged_document


def test_closed_store_is_unavailable(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "x.lbug")
    store.close()
    with pytest.raises(StoreUnavailableError):
        store.ping()


@pytest.mark.parametrize(
    "cypher",
    [
        "COMMIT; CREATE (:Agency {name: 'Evil'})",
        "MATCH (n:Agency) RETURN n; MATCH (n:Agency) DETACH DELETE n",
        "COPY (MATCH (n:Agency) RETURN n.name) TO 'out.csv'",
        "LOAD FROM 'file.csv' RETURN *",
        "CALL threads = 1",
        "EXPORT DATABASE 'dump'",
        "ATTACH 'other.lbug' AS other (dbtype lbug)",
        "INSTALL fts",
    ],
)
def test_read_refuses_escapes(tmp_path: Path, cypher: str) -> None:
    with EmbeddedStore(tmp_path / "x.lbug") as store:
        store.ensure_schema()
        store.load_document(build_small_graph())
        with pytest.raises(QueryRejectedError):
            store.read(cypher)
        assert store.counts().nodes["Agency"] == 1
        assert not (Path.cwd() / "out.csv").exists()


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (n) RETURN 'a; b' AS s;",
        "MATCH (n:Agency) WHERE n.name <> 'LOAD FROM x; COPY' RETURN n.name // COPY",
        "MATCH (n:Agency) RETURN n.`load` AS l",
        "CALL show_tables() RETURN *",
    ],
)
def test_guard_lets_reads_through(cypher: str) -> None:
    guard_read_statement(cypher)


@pytest.mark.parametrize("cypher", ["SHOW USERS", "TERMINATE TRANSACTIONS 'x'", "CALL dbms.listConfig()",
                                    "USE system SHOW USERS", "LOAD CSV FROM 'http://x' AS row RETURN row"])
def test_guard_neo4j_admin(cypher: str) -> None:
    with pytest.raises(QueryRejectedError):
        guard_read_statement(cypher, NEO4J_FORBIDDEN, NEO4J_FORBIDDEN_PROCEDURES)
    guard_read_statement("CALL db.index.fulltext.queryNodes('measure_fulltext', 'Europol') YIELD node RETURN node",
                         NEO4J_FORBIDDEN, NEO4J_FORBIDDEN_PROCEDURES)


def test_read_time_limit(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "x.lbug") as store:
        store.ensure_schema()
        with pytest.raises(QueryRejectedError, match="time limit"):
            # a streaming query (LadybugDB checks the limit between batches; building one huge list,
            # e.g. UNWIND range(1, 10^9), is not interruptible until it is built)
            store.read(
                "UNWIND range(1, 20000) AS x UNWIND range(1, 20000) AS y WITH x, y WHERE (x * y) % 7 = 3 "
                "RETURN count(*) AS c",
                timeout_s=0.5,
            )
        assert store.read("RETURN 1 AS one") == [{"one": 1}]  # the connection is usable afterwards


def test_open_drops_a_torn_wal_tail_and_keeps_earlier_commits(tmp_path: Path) -> None:
    """A kill during COMMIT tears the WAL's tail: reopening drops the unfinished transaction and keeps every
    transaction committed before it (loads commit without a checkpoint, so the WAL holds several).

    The torn WAL is made for real: a child process commits two loads (2/20, then a new edition of 1/20),
    printing the WAL's size after each, and kills itself; the WAL is then cut inside the second load's
    records, as a kill during its write would.
    """
    import subprocess
    import sys
    import textwrap

    from eusec import PROJECT_ROOT
    from eusec.graph.backends.embedded import EmbeddedStore

    db = tmp_path / "eusec.lbug"
    before = EmbeddedStore(db)
    before.ensure_schema()
    before.load_document(build_small_graph("1/20", variant=0))
    before.close()
    reference = EmbeddedStore(tmp_path / "ref" / "eusec.lbug")  # what the store must hold afterwards
    reference.ensure_schema()
    reference.load_document(build_small_graph("1/20", variant=0))
    reference.load_document(build_small_graph("2/20", variant=0))
    expected = reference.counts()
    expected_ids = sorted(r["uid"] for r in reference.query("MATCH (n:Measure) RETURN n.uid AS uid"))
    reference.close()

    child = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(PROJECT_ROOT)!r})
        from eusec.graph.backends.embedded import EmbeddedStore
        from tests.conftest import build_small_graph
        s = EmbeddedStore({str(db)!r})
        wal = {str(db) + ".wal"!r}
        s.load_document(build_small_graph("2/20", variant=0))
        print(os.path.getsize(wal), flush=True)
        s.load_document(build_small_graph("1/20", variant=1))
        print(os.path.getsize(wal), flush=True)
        os.kill(os.getpid(), 9)
        """
    )
    out = subprocess.run([sys.executable, "-c", child], cwd=PROJECT_ROOT, timeout=120, capture_output=True, text=True)
    sizes = [int(x) for x in out.stdout.split()]
    assert len(sizes) == 2 and 0 < sizes[0] < sizes[1], out.stdout + out.stderr
    wal = tmp_path / "eusec.lbug.wal"
    with wal.open("r+b") as f:
        f.truncate((sizes[0] + sizes[1]) // 2)  # inside the second commit's records

    store = EmbeddedStore(db)
    try:
        assert store.counts().nodes == expected.nodes
        assert store.counts().relationships == expected.relationships
        assert sorted(r["uid"] for r in store.query("MATCH (n:Measure) RETURN n.uid AS uid")) == expected_ids
        title = store.query("MATCH (m:Measure {key: '1/20#1'}) RETURN m.title AS t")[0]["t"]
        assert not title.endswith("(revised)")  # the torn edition of 1/20 is not there
    finally:
        store.close()
