"""The measure search follows every load, and a store made before the search copy existed gets it on open.

Neo4j answers a search from ``search_text`` (the searched fields lower-cased, TEXT-indexed) that the store
writes with every node write; LadybugDB matches the fields themselves. Either way a retitled measure is
found by its new title only, and no node read back carries the copy."""

from __future__ import annotations

from typing import Any

import pytest

from eusec.graph.schema import SEARCH_PROPERTY
from tests.conftest import build_small_graph


def _keys(store: Any, needle: str) -> list[str]:
    return [r["key"] for r in store.run_named("search_measures", {"q": needle, "limit": 1000})]


def _everywhere(store: Any, needle: str) -> list[str]:
    """The keys search_measures finds, checked against the measures filter and its count."""
    found = _keys(store, needle)
    listed = [r["key"] for r in store.run_named("measures", {"q": needle, "limit": 1000})]
    assert sorted(listed) == sorted(found)
    assert store.run_named("measures_count", {"q": needle}) == [{"total": len(found)}]
    return found


def test_search_follows_loads(store: Any) -> None:
    store.load_document(build_small_graph("5618/20"))
    assert _everywhere(store, "INFORMATION SYSTEMS") == ["5618/20#1"]
    assert _everywhere(store, "(revised)") == []
    assert _everywhere(store, "«EXCHANGE» OF DNA") == ["5618/20#2"]
    store.load_document(build_small_graph("5618/20", variant=1))  # measure 1 retitled, measure 2 dropped
    assert _everywhere(store, "systems (REVISED)") == ["5618/20#1"]
    assert _everywhere(store, "«exchange» of dna") == []
    rows = store.read("MATCH (m:Measure) RETURN m", {})
    assert rows and all(SEARCH_PROPERTY not in r["m"] for r in rows)


def test_an_older_neo4j_store_gets_its_search_copy_on_open(store: Any) -> None:
    """Measures written without the copy (by an older eusec, or `eusec neo4j import`, which writes none)
    and no TEXT index: opening the store writes every copy, then creates the index."""
    if store.backend != "neo4j":
        pytest.skip("LadybugDB keeps no search copy (its search matches a regular expression)")
    store.load_document(build_small_graph("5618/20"))
    store.query(f"MATCH (m:Measure) REMOVE m.{SEARCH_PROPERTY}")
    store.query(f"DROP INDEX measure_{SEARCH_PROPERTY}")
    assert _keys(store, "information systems") == []
    store.ensure_schema()
    assert _everywhere(store, "information systems") == ["5618/20#1"]
    indexes = {r["name"]: r["type"] for r in store.query("SHOW INDEXES YIELD name, type RETURN name, type")}
    assert indexes.get(f"measure_{SEARCH_PROPERTY}") == "TEXT"
    missing = store.query(f"MATCH (m:Measure) WHERE m.{SEARCH_PROPERTY} IS NULL RETURN count(m) AS c")
    assert missing == [{"c": 0}]
