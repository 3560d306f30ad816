"""load_documents (issue #10): new papers in one transaction give exactly the store that loading them one by one
gives (rows, sources, provenance, counts per paper), a paper already stored takes its own load, a bad paper is
reported in its place without costing the others, and fail-fast stops at it. Same assertions on both backends."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from eusec.errors import SchemaError
from eusec.graph.backends.common import plan_batch, plan_load
from eusec.graph.schema import load_schema
from eusec.graph.store import LoadSummary
from tests.conftest import build_small_graph, neo4j_enabled, open_test_store
from tests.store.test_contract import snapshot

DOCS = ["5618/20", "1234/21", "7043/18", "9999/26"]


def _one_by_one(backend: str, tmp_path: Path, graphs: list[Any]) -> tuple[Any, list[LoadSummary]]:
    store = open_test_store(backend, tmp_path / "one-by-one")
    try:
        summaries = [store.load_document(g) for g in graphs]
        return snapshot(store), summaries
    finally:
        if backend == "neo4j":
            store.clear()
        store.close()


def _counts(summary: Any) -> tuple[int, ...]:
    return (summary.nodes_created, summary.nodes_updated, summary.nodes_deleted, summary.relationships_created)


def test_a_batch_of_new_papers_equals_loading_them_one_by_one(store: Any, backend: str, tmp_path: Path) -> None:
    graphs = [build_small_graph(doc, variant=i % 2) for i, doc in enumerate(DOCS)]
    expected, expected_summaries = _one_by_one(backend, tmp_path, graphs)
    store.load_document(build_small_graph("5618/20"))  # a stored paper: shared nodes exist before the batch
    store.remove_document("5618/20")
    batched: list[int] = []
    shared = store._load_new_batch
    store._load_new_batch = lambda gs: (lambda done: batched.append(len(done)) or done)(shared(gs))
    results = store.load_documents([build_small_graph(doc, variant=i % 2) for i, doc in enumerate(DOCS)])
    assert all(isinstance(r, LoadSummary) for r in results)
    assert batched == [len(DOCS)]  # all four went through the one shared transaction
    assert snapshot(store) == expected
    assert [_counts(r) for r in results] == [_counts(s) for s in expected_summaries]
    # loading the same papers again: every one is stored now, each takes its own load and changes nothing
    again = store.load_documents([build_small_graph(doc, variant=i % 2) for i, doc in enumerate(DOCS)])
    assert all(r.nodes_created == 0 and r.relationships_created == 0 for r in again)  # type: ignore[union-attr]
    assert batched == [len(DOCS), 0]
    assert snapshot(store) == expected


def test_a_bad_paper_is_reported_in_its_place_and_the_others_load(store: Any, backend: str, tmp_path: Path) -> None:
    good = [build_small_graph(doc) for doc in DOCS]
    bad = build_small_graph("4444/22")
    bad.add_node("Agency", "Frontex", {"colour": "blue"})  # a property the schema does not know
    expected, _ = _one_by_one(backend, tmp_path, good)
    results = store.load_documents([good[0], good[1], bad, good[2], good[3]])
    assert isinstance(results[2], SchemaError) and "colour" in results[2].message
    assert all(isinstance(r, LoadSummary) for i, r in enumerate(results) if i != 2)
    assert snapshot(store) == expected


def test_stop_on_error_loads_nothing_after_the_bad_paper(tmp_path: Path) -> None:
    store = open_test_store("embedded", tmp_path)
    try:
        a, b, c = build_small_graph("5618/20"), build_small_graph("1234/21"), build_small_graph("7043/18")
        b.add_node("Agency", "Frontex", {"colour": "blue"})
        results = store.load_documents([a, b, c], stop_on_error=True)
        assert len(results) == 2 and isinstance(results[0], LoadSummary) and isinstance(results[1], SchemaError)
        documents = {r["n"] for r in store.query("MATCH (d:Document) RETURN d.number AS n")}
        assert documents == {"5618/20"}  # c comes after the bad paper: not loaded, as it is not reported
    finally:
        store.close()


def _wal_bytes(store: Any) -> int:
    wal = store.path.with_name(store.path.name + ".wal")
    return wal.stat().st_size if wal.exists() else 0


def test_a_batch_checkpoints_at_settle_or_before_the_next_write(tmp_path: Path) -> None:
    """Embedded: a batch's load leaves its checkpoint to settle() (the corpus load calls it once the batch's
    graphs are let go), or to the next write when no settle comes; either way the log is folded in and
    nothing committed is lost."""
    from eusec.graph.backends.embedded import EmbeddedStore

    store = open_test_store("embedded", tmp_path)
    path = store.path
    try:
        store.checkpoint_wal_mb = 0  # every commit is due a checkpoint
        expected, _ = _one_by_one("embedded", tmp_path, [build_small_graph(doc) for doc in DOCS])
        store.load_documents([build_small_graph(doc) for doc in DOCS[:2]])
        assert _wal_bytes(store) > 0  # committed, not checkpointed yet
        store.settle()
        assert _wal_bytes(store) == 0
        store.load_documents([build_small_graph(doc) for doc in DOCS[2:]])
        assert _wal_bytes(store) > 0
        store.load_document(build_small_graph(DOCS[0]))  # no settle: this write checkpoints the batch first
        assert snapshot(store) == expected
    finally:
        store.close()
    reopened = EmbeddedStore(path, read_only=True)
    try:
        assert snapshot(reopened) == expected
    finally:
        reopened.close()


def test_statement_rows_not_stored_are_marked_new() -> None:
    """The planner marks the Statement rows it found absent (a backend creates those without looking for an
    old row); a row stored with another text is overwritten, so never marked new."""
    schema = load_schema()
    graphs = [build_small_graph(doc) for doc in DOCS[:2]]
    plan, _ = plan_batch(schema, graphs, {}, {}, {})
    ids = {row["id"] for row in plan.put_statements}
    assert ids and plan.new_statements == ids
    graph = build_small_graph(DOCS[2])
    fresh = plan_load(schema, graph, DOCS[2], {}, {}, {}, {}, {})
    stored_id = fresh.put_statements[0]["id"]
    plan = plan_load(schema, graph, DOCS[2], {}, {}, {}, {stored_id: "[]"}, {})
    assert stored_id in {row["id"] for row in plan.put_statements}
    assert plan.new_statements == {row["id"] for row in plan.put_statements} - {stored_id}


def _cached_plans(store: Any) -> int:
    """Neo4j: how many plans the server caches (emptied on the way)."""
    message = store.query("CALL db.clearQueryCaches()")[0]["value"]
    found = re.search(r"(\d+) quer", message)
    return int(found.group(1)) if found else 0


def test_neo4j_plans_each_load_statement_once(tmp_path: Path) -> None:
    """Neo4j caches a plan per statement text and types of its parameters: the load statements take their
    lists in one map, so batches with different labels or groups empty reuse one plan (with a parameter per
    list, each new pattern of empty lists was planned again, ~1 s each)."""
    if not neo4j_enabled():
        pytest.skip("needs the test Neo4j server (EUSEC_TEST_NEO4J=1)")
    store = open_test_store("neo4j", tmp_path)
    try:
        store.clear()
        store.load_document(build_small_graph("5618/20"))  # shared nodes stored: batches update them
        _cached_plans(store)
        store.load_documents([build_small_graph("1234/21"), build_small_graph("7043/18")])
        store.load_documents([build_small_graph("9999/26", variant=1), build_small_graph("4444/22", variant=1)])
        both = _cached_plans(store)  # the second batch creates an act, the first creates none
        store.load_documents([build_small_graph("5555/27", variant=1), build_small_graph("6666/28", variant=1)])
        one = _cached_plans(store)  # the same statements, one batch
        assert both == one
        # prepare_load (called while a corpus load's first papers are extracted) plans them ahead, writing nothing
        before = store.counts()
        store.prepare_load()
        assert _cached_plans(store) >= 5  # the lock, the three reads and the node writes
        assert store.counts() == before
    finally:
        store.clear()
        store.close()
