"""The store contract: the same assertions on every backend (embedded LadybugDB, Neo4j).

Neo4j runs with EUSEC_TEST_NEO4J=1 (see tests/conftest.py).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from eusec.errors import ConstraintError, QueryRejectedError, SchemaError
from eusec.graph import statements
from eusec.graph.model import Graph, Provenance
from eusec.graph.schema import STATEMENT_LABEL, rel_uid, statement_id
from eusec.graph.store import GraphStore
from tests.conftest import build_small_graph


def snapshot(store: Any) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str, str, str], dict[str, Any]]]:
    """Every node (uid -> properties) and relationship ((type, start, end, source) -> properties; a
    canonical relationship, one edge whatever the number of documents stating it, has source "*")."""
    g_nodes: dict[str, dict[str, Any]] = {}
    g_rels: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    canonical: dict[str, dict[str, Any]] = {}  # uid -> row
    for label in store.schema.labels:
        for row in store.query(f"MATCH (n:`{label}`) RETURN n"):
            g_nodes[row["n"]["uid"]] = row["n"]
    for type_ in store.schema.rel_types:
        for row in store.query(f"MATCH (a)-[r:`{type_}`]->(b) RETURN a.uid AS s, b.uid AS e, r"):
            if store.schema.rel(type_).canonical:
                assert "source" not in row["r"] and row["r"]["sources"], row
                assert row["r"]["uid"] == rel_uid(type_, row["s"], row["e"]), row
                canonical[row["r"]["uid"]] = row["r"]
            ident = (type_, row["s"], row["e"], row["r"].get("source", "*"))
            assert ident not in g_rels, f"duplicate relationship statement {ident}"
            g_rels[ident] = row["r"]
    # provenance lives in Statement rows, one per (node or canonical relationship, document): folded back
    # as the node's (relationship's) list
    rows = [r["s"] for r in store.query(f"MATCH (s:`{STATEMENT_LABEL}`) RETURN s")]
    for r in rows:
        assert r["id"] == statement_id(r["node"], r["document"]), r
        owner = g_nodes.get(r["node"]) or canonical.get(r["node"])
        assert owner is not None, f"Statement row of a node that is not stored: {r['id']}"
        assert r["document"] in owner["sources"], f"Statement row of a document not in sources: {r['id']}"
        assert statements.parse(r["statements"]), f"empty Statement row {r['id']}"
    for uid, items in statements.collect(rows).items():
        (g_nodes.get(uid) or canonical[uid])["provenance"] = json.dumps(items, ensure_ascii=False)
    for uid, row in canonical.items():
        stated = {s["document"] for s in statements.parse(row.get("provenance"))}
        assert stated == set(row["sources"]), f"{uid}: sources {row['sources']} but statements of {sorted(stated)}"
    return g_nodes, g_rels


def total(counts: Any) -> tuple[int, int]:
    return sum(counts.nodes.values()), sum(counts.relationships.values())


def test_protocol(store: Any) -> None:
    assert isinstance(store, GraphStore)
    store.ping()


def test_ensure_schema_idempotent(store: Any, small_graph: Graph) -> None:
    store.ensure_schema()
    store.load_document(small_graph)
    before = snapshot(store)
    store.ensure_schema()
    store.ensure_schema()
    assert snapshot(store) == before


def test_load_counts(store: Any, small_graph: Graph) -> None:
    summary = store.load_document(small_graph)
    assert summary.nodes_created == len(small_graph.nodes)
    assert summary.relationships_created == len(small_graph.relationships)
    counts = store.counts()
    assert set(counts.nodes) == set(store.schema.labels)
    assert set(counts.relationships) == set(store.schema.rel_types)
    assert counts.nodes["Measure"] == 2
    assert counts.nodes["CommissionDocument"] == 0  # labels with 0 included
    assert counts.relationships["CONTAINS"] == 2
    assert total(counts) == (len(small_graph.nodes), len(small_graph.relationships))


def test_stored_rows_match_model(store: Any, small_graph: Graph) -> None:
    store.load_document(small_graph)
    nodes, rels = snapshot(store)
    wp = nodes["WorkingParty:IXIM"]
    assert wp == {
        "code": "IXIM",
        "name": "Working Party on JHA Information Exchange",
        "aliases": ["DAPIX"],
        "uid": "WorkingParty:IXIM",
        "sources": ["5618/20"],
        "provenance": wp["provenance"],
    }
    statements = json.loads(wp["provenance"])
    assert statements == [
        {"document": "5618/20", "line_start": 22, "line_end": 22, "page": 1, "snippet": "Responsible WP: IXIM", "rule": "test"}
    ]
    ref = rels[("REFERENCES", "Measure:5618/20#2", "CouncilDocument:9727/19", "5618/20")]
    assert ref["via_footnote"] is True and ref["section"] == "1.2" and ref["line_start"] == 41
    assert nodes["LegalAct:32016R0794"]["year"] == 2016  # INT64 stays an int


def test_reingest_is_idempotent(store: Any, small_graph: Graph) -> None:
    store.load_document(small_graph)
    before, counts = snapshot(store), store.counts()
    again = store.load_document(build_small_graph())
    assert again.unchanged_document
    assert snapshot(store) == before and store.counts() == counts
    forced = store.load_document(build_small_graph(), force=True)  # full diff path, same content
    assert not forced.unchanged_document
    assert (forced.nodes_created, forced.nodes_updated, forced.nodes_deleted) == (0, 0, 0)
    assert (forced.relationships_created, forced.relationships_deleted) == (0, 0)
    assert forced.nodes_unchanged == len(small_graph.nodes)
    assert forced.relationships_unchanged == len(small_graph.relationships)
    assert snapshot(store) == before and store.counts() == counts


def test_new_edition_replaces_facts_and_keeps_other_documents(store: Any) -> None:
    store.load_document(build_small_graph("5618/20"))
    store.load_document(build_small_graph("1234/21"))
    summary = store.load_document(build_small_graph("5618/20", variant=1))
    assert summary.nodes_deleted == 1  # measure 2 of 5618/20
    assert summary.nodes_created == 1  # the new act
    assert summary.relationships_created == 1
    assert summary.relationships_deleted == 3
    nodes, rels = snapshot(store)
    assert "Measure:5618/20#2" not in nodes
    assert nodes["Measure:5618/20#1"]["title"].endswith("(revised)")
    assert "LegalAct:32018R1862" in nodes
    # 9727/19 is still stated by 1234/21, no longer by 5618/20
    cdoc = nodes["CouncilDocument:9727/19"]
    assert cdoc["sources"] == ["1234/21"]
    assert {s["document"] for s in json.loads(cdoc["provenance"])} == {"1234/21"}
    # the other document's facts are untouched
    assert ("REFERENCES", "Measure:1234/21#2", "CouncilDocument:9727/19", "1234/21") in rels
    assert not any(k[3] == "5618/20" and "#2" in k[1] + k[2] for k in rels)


def test_shared_nodes_across_documents(store: Any) -> None:
    store.load_document(build_small_graph("5618/20"))
    second = store.load_document(build_small_graph("1234/21"))
    assert second.nodes_updated == 5  # IXIM, the act, Europol, the presidency, 9727/19 are shared
    nodes, rels = snapshot(store)
    assert store.counts().nodes["WorkingParty"] == 1
    assert nodes["WorkingParty:IXIM"]["sources"] == ["1234/21", "5618/20"]
    statements = json.loads(nodes["WorkingParty:IXIM"]["provenance"])
    assert [s["document"] for s in statements] == ["1234/21", "5618/20"]
    # the same fact between shared nodes stated by two documents is one edge with two statements
    est = [k for k in rels if k[0] == "ESTABLISHES"]
    assert [k[3] for k in est] == ["*"]
    assert rels[est[0]]["sources"] == ["1234/21", "5618/20"]
    assert [s["document"] for s in json.loads(rels[est[0]]["provenance"])] == ["1234/21", "5618/20"]


def test_load_order_does_not_matter(store: Any) -> None:
    store.load_document(build_small_graph("5618/20"))
    store.load_document(build_small_graph("1234/21"))
    first = snapshot(store)
    store.clear()
    store.load_document(build_small_graph("1234/21"))
    store.load_document(build_small_graph("5618/20"))
    assert snapshot(store) == first


def test_remove_document(store: Any) -> None:
    store.load_document(build_small_graph("5618/20"))
    only_other = build_small_graph("1234/21")
    store.load_document(only_other)
    store.remove_document("5618/20")
    nodes, rels = snapshot(store)
    assert all(r[3] == "1234/21" or row["sources"] == ["1234/21"] for r, row in rels.items())
    assert all(n["sources"] == ["1234/21"] for n in nodes.values())
    assert total(store.counts()) == (len(only_other.nodes), len(only_other.relationships))
    summary = store.remove_document("1234/21")
    assert summary.nodes_deleted == len(only_other.nodes)
    assert total(store.counts()) == (0, 0)


def test_constraint_violation(store: Any, small_graph: Graph) -> None:
    store.load_document(small_graph)
    with pytest.raises(ConstraintError):
        store.query("CREATE (:Agency {name: 'Europol'})")
    with pytest.raises(ConstraintError):
        store.query("CREATE (:WorkingParty {code: $c, uid: 'x'})", {"c": "IXIM"})
    assert store.counts().nodes["Agency"] == 1


def test_schema_violation_rejected_before_writing(store: Any, small_graph: Graph) -> None:
    bad = build_small_graph()
    bad.add_node("Agency", "Frontex", {"colour": "blue"})
    with pytest.raises(SchemaError, match="colour"):
        store.load_document(bad)
    wrong_end = build_small_graph()
    p = Provenance("5618/20", 1, 1, "x", "test")
    wrong_end.add_relationship("CONTAINS", "Agency:Europol", "Measure:5618/20#1", p)
    with pytest.raises(SchemaError, match="not allowed"):
        store.load_document(wrong_end)
    assert total(store.counts()) == (0, 0)


@pytest.mark.parametrize(
    "cypher",
    [
        "CREATE (:Agency {name: 'Evil'})",
        "MATCH (n:Agency) SET n.kind = 'x'",
        "MATCH (n:Agency) DETACH DELETE n",
        "MERGE (a:Agency {name: 'Evil'}) RETURN a",
        "MATCH (n:Agency) WITH n LIMIT 1 CREATE (:Agency {name: 'Evil2'})",
    ],
)
def test_read_rejects_writes(store: Any, small_graph: Graph, cypher: str) -> None:
    store.load_document(small_graph)
    before = snapshot(store)
    with pytest.raises(QueryRejectedError):
        store.read(cypher)
    assert snapshot(store) == before


def test_read_rows_cap_and_params(store: Any, small_graph: Graph) -> None:
    store.load_document(small_graph)
    rows = store.read("MATCH (m:Measure) WHERE m.document = $d RETURN m.number AS n ORDER BY n", {"d": "5618/20"})
    assert rows == [{"n": "1"}, {"n": "2"}]
    assert len(store.read("MATCH (n:Measure) RETURN n.number AS n", row_cap=1)) == 1
    node = store.read("MATCH (w:WorkingParty) RETURN w")[0]["w"]
    assert node["code"] == "IXIM" and "active" not in node  # no NULL properties, no internal keys
    assert not any(k.startswith("_") for k in node)


def test_read_rejects_bad_syntax(store: Any) -> None:
    with pytest.raises(QueryRejectedError):
        store.read("MATC (n) RETURN n")


def test_dump_round_trip(store: Any, small_graph: Graph) -> None:
    store.load_document(small_graph)
    dumped = store.dump()
    assert set(dumped.nodes) == set(small_graph.nodes)
    for uid, node in small_graph.nodes.items():
        got = dumped.nodes[uid]
        expected = dict(node.properties)
        expected[store.schema.key_of(node.label)] = node.key
        assert got.properties == expected, uid
        assert statements.sort([p.as_dict() for p in got.provenance]) == statements.sort(
            [p.as_dict() for p in node.provenance]
        )
    assert set(dumped.relationships) == set(small_graph.relationships)
    for ident, rel in small_graph.relationships.items():
        got_rel = dumped.relationships[ident]
        assert got_rel.properties == rel.properties and got_rel.provenance == rel.provenance


def test_unicode_values(store: Any) -> None:
    g = build_small_graph()
    g.add_node("Agency", "eu-LISA", {"full_name": "Agence de l'UE — «systèmes» d’information Ωμέγα 中文 𝔘"},
               Provenance("5618/20", 3, 3, "eu-LISA “quoted” \\ back\nslash", "test"))
    store.load_document(g)
    row = store.read(
        "MATCH (a:Agency {name: $n}) MATCH (s:Statement {node: a.uid}) RETURN a.full_name AS f, s.statements AS p",
        {"n": "eu-LISA"},
    )[0]
    assert row["f"] == "Agence de l'UE — «systèmes» d’information Ωμέγα 中文 𝔘"
    assert json.loads(row["p"])[0]["snippet"] == "eu-LISA “quoted” \\ back\nslash"
    again = store.load_document(g, force=True)
    assert again.nodes_updated == 0 and again.relationships_created == 0


def test_clear(store: Any, small_graph: Graph) -> None:
    store.load_document(small_graph)
    store.clear()
    assert total(store.counts()) == (0, 0)
    store.load_document(small_graph)  # schema still there
    assert total(store.counts()) == (len(small_graph.nodes), len(small_graph.relationships))


def test_failed_load_leaves_store_unchanged(store: Any, small_graph: Graph) -> None:
    store.load_document(small_graph)
    before = snapshot(store)
    # fail after every write of a new edition has been executed, before COMMIT: nothing may remain
    edition = build_small_graph(variant=1)
    real_execute = store._execute_plan

    def failing(plan: Any, *args: Any, **kwargs: Any) -> Any:
        real_execute(plan, *args, **kwargs)
        raise RuntimeError("simulated failure after all writes, before commit")

    store._execute_plan = failing
    try:
        with pytest.raises(Exception, match="simulated failure"):
            store.load_document(edition)
    finally:
        store._execute_plan = real_execute
    assert snapshot(store) == before
