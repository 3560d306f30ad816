"""A load killed with SIGKILL at a random point leaves the store as before or as after, never in between.

Before: edition A of a synthetic document (several thousand nodes) is loaded. A subprocess loads edition B
(which deletes, updates and creates facts) and is SIGKILLed after a random delay within the load. The
store is then reopened and its full content compared with the two reference states.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from eusec import PROJECT_ROOT
from tests.conftest import open_test_store

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from synthetic import synthetic_graph  # noqa: E402

pytestmark = pytest.mark.slow

N_NODES = 4000
# kill points as fractions of an in-process load's duration (jittered): early, middle, late, around
# and after the commit (a child process is slower than the warm in-process load)
KILL_FRACTIONS = (0.1, 0.5, 0.9, 1.6, 3.0)
DOC = "7777/20"


def digest(store: Any) -> str:
    """A hash of every node and relationship with all properties."""
    h = hashlib.sha256()
    for label in store.schema.labels:
        rows = sorted(json.dumps(r["n"], sort_keys=True) for r in store.query(f"MATCH (n:`{label}`) RETURN n"))
        h.update("\n".join(rows).encode())
    for type_ in store.schema.rel_types:
        rows = sorted(
            json.dumps([r["s"], r["e"], r["r"]], sort_keys=True)
            for r in store.query(f"MATCH (a)-[r:`{type_}`]->(b) RETURN a.uid AS s, b.uid AS e, r")
        )
        h.update(f"|{type_}|".encode() + "\n".join(rows).encode())
    return h.hexdigest()


CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, "benchmarks")
    from synthetic import synthetic_graph
    from eusec.settings import Settings
    from eusec.graph.factory import open_store
    backend, data_dir, n, doc = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    graph = synthetic_graph(n, document=doc, variant=1)
    settings = Settings(data_dir=data_dir) if backend == "embedded" else Settings()
    store = open_store(settings, backend=backend)
    print("loading", flush=True)
    store.load_document(graph)
    print("done", flush=True)
    store.close()
    """
)


def _wait_server_idle(store: Any) -> None:
    """Neo4j: wait until the killed client's transaction is gone (the server rolls it back when it
    notices the dead connection), so that the state we read is final."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        rows = store.query("SHOW TRANSACTIONS YIELD transactionId, currentQuery RETURN count(*) AS n")
        if rows[0]["n"] <= 1:  # only this SHOW TRANSACTIONS
            return
        time.sleep(0.2)
    raise AssertionError("the killed client's transaction is still open after 60 s")


def test_sigkill_during_load(backend: str, tmp_path: Path) -> None:
    edition_a = synthetic_graph(N_NODES, document=DOC, variant=0)
    edition_b = synthetic_graph(N_NODES, document=DOC, variant=1)
    store = open_test_store(backend, tmp_path)
    try:
        store.load_document(edition_b)
        after = digest(store)
        started = time.perf_counter()
        store.load_document(edition_a)  # replacing B by A must give exactly the state of A alone
        load_seconds = time.perf_counter() - started
        before = digest(store)
        assert before != after
    finally:
        store.close()

    rng = random.Random(20201)
    outcomes = []
    for i, fraction in enumerate(KILL_FRACTIONS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, backend, str(tmp_path), str(N_NODES), DOC],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None
            line = child.stdout.readline()  # graph built, store opened: the load starts now
            assert line.strip() == "loading", child.stderr.read() if child.stderr else ""
            time.sleep(load_seconds * fraction * rng.uniform(0.8, 1.2))
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait(timeout=60)
        store = open_test_store_keep(backend, tmp_path)
        try:
            if backend == "neo4j":
                _wait_server_idle(store)
            state = digest(store)
            assert state in (before, after), "store is neither the state before nor the state after the load"
            outcomes.append("after" if state == after else "before")
            if state == after:  # back to A for the next round
                store.load_document(edition_a)
                assert digest(store) == before
        finally:
            if backend == "neo4j" and i == len(KILL_FRACTIONS) - 1:
                store.clear()
            store.close()
    print(f"{backend}: load {load_seconds:.2f} s; outcomes after SIGKILL: {outcomes}")


def open_test_store_keep(backend: str, tmp_path: Path) -> Any:
    """Reopen the store WITHOUT clearing it."""
    from eusec.settings import Settings
    from eusec.graph.factory import open_store

    settings = Settings(data_dir=tmp_path) if backend == "embedded" else Settings()
    return open_store(settings, backend=backend)
