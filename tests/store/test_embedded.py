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


def test_open_discards_a_torn_wal_of_an_unfinished_commit(tmp_path: Path) -> None:
    """LadybugDB refuses a WAL torn by a kill during COMMIT; the store sets it aside and opens the state before.

    The torn WAL is made for real: a child process commits a load with the checkpoint disabled and is killed
    right after COMMIT returns (a complete WAL), and the WAL is then cut short, as a kill during its write would.
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
    expected = before.counts()
    before.close()

    child = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(PROJECT_ROOT)!r})
        from eusec.graph.backends.embedded import EmbeddedStore
        from tests.conftest import build_small_graph
        s = EmbeddedStore({str(db)!r})
        s._commit = lambda: s._conn.execute("COMMIT")  # leave the committed WAL in place
        s.load_document(build_small_graph("1/20", variant=1))
        os.kill(os.getpid(), 9)
        """
    )
    subprocess.run([sys.executable, "-c", child], cwd=PROJECT_ROOT, timeout=120)
    wal = tmp_path / "eusec.lbug.wal"
    assert wal.exists() and wal.stat().st_size > 0, "the child should have left its WAL"
    with wal.open("r+b") as f:
        f.truncate(wal.stat().st_size // 2)

    store = EmbeddedStore(db)
    try:
        assert store.counts().nodes == expected.nodes
        assert store.counts().relationships == expected.relationships
    finally:
        store.close()
    assert not wal.exists() and list(tmp_path.glob("eusec.lbug.wal.torn-*"))
