"""Path queries return the right nodes when they walk thousands of paths.

On one paper a shortest connection has a handful of paths; on a corpus thousands (every measure that involves
both ends is one). LadybugDB 0.22's list_transform over a path's nodes then returned other rows' nodes: paths
from Europol "to SIS" that ended in Europol. Expected rows are written here from the graph that is built."""

from __future__ import annotations

from typing import Any

from eusec.graph.model import Graph, Provenance

DOC = "4321/20"
PATHS = 1500  # the failure showed from ~1,000 paths on


def _prov(line: int) -> Provenance:
    return Provenance(document=DOC, line_start=line, line_end=line, snippet=f"line {line}", rule="test", page=1)


def _graph() -> Graph:
    """One paper: PATHS measures that each involve Europol and SIS, and PATHS acts that each amend one act."""
    g = Graph(document=DOC)
    g.add_node("Document", DOC, {"number": DOC, "content_hash": "many-paths"}, _prov(1))
    g.add_node("Agency", "Europol", {"name": "Europol"}, _prov(2))
    g.add_node("InformationSystem", "SIS", {"name": "SIS"}, _prov(3))
    g.add_node("LegalAct", "32016R0794", {"celex": "32016R0794"}, _prov(4))
    for i in range(PATHS):
        key, celex = f"{DOC}#{i}", f"3{2100 + i // 100}R{i % 100:04d}"
        g.add_node("Measure", key, {"key": key, "number": str(i), "base_number": i, "document": DOC}, _prov(10 + i))
        g.add_relationship("CONTAINS", f"Document:{DOC}", f"Measure:{key}", _prov(10 + i))
        g.add_relationship("INVOLVES", f"Measure:{key}", "Agency:Europol", _prov(10 + i))
        g.add_relationship("INVOLVES", f"Measure:{key}", "InformationSystem:SIS", _prov(10 + i))
        g.add_node("LegalAct", celex, {"celex": celex}, _prov(10 + i))
        g.add_relationship("AMENDS", f"LegalAct:{celex}", "LegalAct:32016R0794", _prov(10 + i))
    return g


def test_thousands_of_shortest_paths_keep_their_nodes(store: Any) -> None:
    store.load_document(_graph())
    rows = store.run_named("shortest_connection", {"from_uid": "Agency:Europol", "to_uid": "InformationSystem:SIS", "limit": 100})
    middles = sorted(f"Measure:{DOC}#{i}" for i in range(PATHS))[:100]
    assert [r["nodes"] for r in rows] == [["Agency:Europol", m, "InformationSystem:SIS"] for m in middles]
    assert all(r["types"] == ["INVOLVES", "INVOLVES"] and r["hops"] == 2 for r in rows)
    assert [r["path"] for r in rows] == [f"Agency:Europol -INVOLVES- {m} -INVOLVES- InformationSystem:SIS" for m in middles]


def test_thousands_of_supersession_chains_keep_their_acts(store: Any) -> None:
    """1,500 acts amend one act: 1,500 chains of one hop, each with its own act (on Neo4j the first
    hop-by-hop text ran out of transaction memory here, carrying every chain found in every row)."""
    store.load_document(_graph())
    rows = store.run_named("act_supersession_chain", {"celex": "32016R0794", "max_rows": 1000})
    newer = sorted(f"3{2100 + i // 100}R{i % 100:04d}" for i in range(PATHS))[:1000]
    assert [r["celex"] for r in rows] == newer
    assert all(r["direction"] == "superseded_by" and r["depth"] == 1 and r["hops"] == ["AMENDS"] for r in rows)
    assert [r["chain"] for r in rows] == [[c, "32016R0794"] for c in newer]
    assert [r["path"] for r in rows] == [f"{c} -AMENDS-> 32016R0794" for c in newer]


A, B, C, D = "32001R0001", "32002R0002", "32003R0003", "32004R0004"
# (start, type, end): a chain A -> B -> C -> D, a shortcut B -> D, and D -> A closing a cycle
RELATIONS = [(A, "AMENDS", B), (B, "REPEALS", C), (C, "REPLACES", D), (B, "AMENDS", D), (D, "AMENDS", A)]


def _paper(number: str) -> Graph:
    """One paper stating every relation: with several such papers each relation is a bundle of parallel
    edges, one per paper."""
    p = Provenance(document=number, line_start=1, line_end=1, snippet="acts", rule="test", page=1)
    g = Graph(document=number)
    g.add_node("Document", number, {"number": number, "content_hash": f"chain-{number}"}, p)
    for celex in (A, B, C, D):
        g.add_node("LegalAct", celex, {"celex": celex}, p)
    for start, type_, end in RELATIONS:
        g.add_relationship(type_, f"LegalAct:{start}", f"LegalAct:{end}", p)
    return g


def test_chains_over_relations_stated_by_many_papers(store: Any) -> None:
    """Each chain of distinct acts once, however many papers state its relations; a chain never returns to
    an act it passed (the cycle D -> A ends there). Written out by hand from RELATIONS."""
    for i in range(12):
        store.load_document(_paper(f"{7000 + i}/20"))
    rows = store.run_named("act_supersession_chain", {"celex": A, "max_rows": 100})
    got = [(r["direction"], r["depth"], r["celex"], r["path"]) for r in rows]
    assert got == [
        ("superseded_by", 1, D, f"{D} -AMENDS-> {A}"),
        ("superseded_by", 2, B, f"{B} -AMENDS-> {D} -AMENDS-> {A}"),
        ("superseded_by", 2, C, f"{C} -REPLACES-> {D} -AMENDS-> {A}"),
        ("superseded_by", 3, B, f"{B} -REPEALS-> {C} -REPLACES-> {D} -AMENDS-> {A}"),
        ("supersedes", 1, B, f"{A} -AMENDS-> {B}"),
        ("supersedes", 2, C, f"{A} -AMENDS-> {B} -REPEALS-> {C}"),
        ("supersedes", 2, D, f"{A} -AMENDS-> {B} -AMENDS-> {D}"),
        ("supersedes", 3, D, f"{A} -AMENDS-> {B} -REPEALS-> {C} -REPLACES-> {D}"),
    ]
    assert rows[3]["chain"] == [B, C, D, A] and rows[3]["hops"] == ["REPEALS", "REPLACES", "AMENDS"]
    assert store.run_named("act_supersession_chain", {"celex": A, "max_rows": 3}) == rows[:3]
    assert store.run_named("act_supersession_chain", {"celex": "39999R9999"}) == []


def test_a_path_over_relations_stated_by_many_papers_is_listed_once(store: Any) -> None:
    """Twelve papers state A AMENDS B: twelve edges, one connection."""
    for i in range(12):
        store.load_document(_paper(f"{7000 + i}/20"))
    rows = store.run_named("shortest_connection", {"from_uid": f"LegalAct:{A}", "to_uid": f"LegalAct:{B}", "limit": 10})
    assert [r["path"] for r in rows] == [f"LegalAct:{A} -AMENDS- LegalAct:{B}"]
