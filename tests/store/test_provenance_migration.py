"""A store made before Statement rows kept each node's provenance in a ``provenance`` property. Opening it
(ensure_schema) moves that provenance into Statement rows: nothing is lost, and the store then reads and
loads as one made today. The legacy state is made for real on each backend: the property set on every node
from its Statement rows, the rows deleted."""

from __future__ import annotations

from typing import Any

from eusec.graph import statements
from eusec.graph.schema import STATEMENT_LABEL, q
from tests.conftest import build_small_graph
from tests.store.test_contract import snapshot


def _make_legacy(store: Any) -> int:
    """Turn the store into one of the old layout; returns how many nodes got a provenance property."""
    # node rows only: canonical relationships' Statement rows came later and stay
    nodes = {r["u"] for label in store.schema.labels for r in store.query(f"MATCH (n:{q(label)}) RETURN n.uid AS u")}
    rows = [r["s"] for r in store.query(f"MATCH (s:{q(STATEMENT_LABEL)}) RETURN s") if r["s"]["node"] in nodes]
    by_node = statements.collect(rows)
    for label in store.schema.labels:
        if store.backend == "embedded":
            store.query(f"ALTER TABLE {q(label)} ADD provenance STRING")
    for uid, items in by_node.items():
        label, key = uid.split(":", 1)
        store.query(
            f"MATCH (n:{q(label)} {{{q(store.schema.key_of(label))}: $k}}) SET n.provenance = $p",
            {"k": key, "p": statements.dump(items)},
        )
    store.query(f"MATCH (s:{q(STATEMENT_LABEL)}) WHERE s.id IN $ids DELETE s", {"ids": [r["id"] for r in rows]})
    return len(by_node)


def test_old_node_provenance_moves_into_statement_rows(store: Any) -> None:
    store.load_document(build_small_graph("5618/20"))
    store.load_document(build_small_graph("1234/21"))
    before = snapshot(store)
    assert _make_legacy(store) == len(before[0])
    legacy = store.query(f"MATCH (s:{q(STATEMENT_LABEL)}) RETURN s.node AS n")
    assert not [r for r in legacy if " -" not in r["n"]]  # only canonical relationships' rows are left
    store.ensure_schema()
    assert snapshot(store) == before
    # the property is gone from every node, and a second open moves nothing again
    for label in store.schema.labels:
        if store.backend == "embedded":
            columns = {r["name"] for r in store.query(f"CALL table_info('{label}') RETURN *")}
            assert "provenance" not in columns
        else:
            assert store.query(f"MATCH (n:{q(label)}) WHERE n.provenance IS NOT NULL RETURN count(n) AS c")[0]["c"] == 0
    store.ensure_schema()
    assert snapshot(store) == before
    # and it loads as a store made today: a changed paper replaces its rows, the other paper's stay
    store.load_document(build_small_graph("5618/20", variant=1))
    nodes, _ = snapshot(store)
    assert nodes["WorkingParty:IXIM"]["sources"] == ["1234/21", "5618/20"]
    assert {s["document"] for s in statements.parse(nodes["WorkingParty:IXIM"]["provenance"])} == {"1234/21", "5618/20"}
