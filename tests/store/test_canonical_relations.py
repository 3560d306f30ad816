"""A relation between shared nodes (acts, agencies, working parties) that many papers state is one edge,
whatever the number of papers: the papers are its ``sources`` and each one's statement is a Statement row
(graph.schema RelSpec.canonical). Before, each paper's statement was an edge of its own, and at 1,000
papers two acts were joined by hundreds of parallel edges that every path query multiplied.

The expected values below are written from the papers' statements, on both backends, for the three load
paths: one paper at a time, a batch of new papers, and the fold of a store made before this change."""

from __future__ import annotations

import json
from typing import Any

import pytest

from eusec.errors import StoreUnavailableError
from eusec.graph.factory import open_store
from eusec.graph.model import Graph, Provenance
from eusec.graph.schema import STATEMENT_LABEL, q, rel_uid
from eusec.settings import Settings
from tests.store.test_contract import snapshot

AMENDS = ("AMENDS", "LegalAct:32019R0818", "LegalAct:32018R1726")
UID = rel_uid(*AMENDS)


def paper(doc: str, line: int, *, amends: bool = True, note: str | None = None) -> Graph:
    """A paper citing Regulation (EU) 2019/818, which amends Regulation (EU) 2018/1726 (eu-LISA)."""
    g = Graph(document=doc)
    prov = Provenance(document=doc, line_start=line, line_end=line, snippet=f"2019/818 amending 2018/1726 ({doc})",
                      rule="relation.title")
    g.add_node("Document", doc, {"number": doc, "content_hash": f"h-{doc}-{line}-{amends}"}, prov)
    g.add_node("LegalAct", "32019R0818", {"type": "Regulation", "year": 2019, "number": 818}, prov)
    g.add_node("LegalAct", "32018R1726", {"type": "Regulation", "year": 2018, "number": 1726}, prov)
    if amends:
        g.add_relationship(*AMENDS, prov, {"notice_uri": note} if note else {})
    return g


def amends_edges(store: Any) -> list[dict[str, Any]]:
    return [r["r"] for r in store.query("MATCH (:LegalAct)-[r:AMENDS]->(:LegalAct) RETURN r")]


def statement_docs(store: Any) -> list[str]:
    rows = store.query(f"MATCH (s:{q(STATEMENT_LABEL)}) WHERE s.node = $u RETURN s.document AS d, s.statements AS t",
                       {"u": UID})
    for r in rows:  # each row is that paper's own statement, with its line
        assert [s["document"] for s in json.loads(r["t"])] == [r["d"]]
    return sorted(r["d"] for r in rows)


def test_twelve_papers_stating_a_relation_make_one_edge(store: Any) -> None:
    docs = [f"{100 + i}/21" for i in range(12)]
    for i, doc in enumerate(docs):
        store.load_document(paper(doc, 10 + i))
    edges = amends_edges(store)
    assert len(edges) == 1
    assert edges[0]["sources"] == docs and edges[0]["uid"] == UID
    assert statement_docs(store) == docs
    line = store.query(f"MATCH (s:{q(STATEMENT_LABEL)} {{id: $i}}) RETURN s.statements AS t", {"i": f"{UID}@105/21"})
    assert json.loads(line[0]["t"])[0]["line_start"] == 15
    # re-loading one paper unchanged writes nothing; with the relation moved to another line, only its row
    again = store.load_document(paper("105/21", 15))
    assert again.unchanged_document
    moved = store.load_document(paper("105/21", 99))
    assert (moved.relationships_created, moved.relationships_deleted) == (1, 1)
    line = store.query(f"MATCH (s:{q(STATEMENT_LABEL)} {{id: $i}}) RETURN s.statements AS t", {"i": f"{UID}@105/21"})
    assert json.loads(line[0]["t"])[0]["line_start"] == 99
    assert amends_edges(store)[0]["sources"] == docs


def test_a_paper_that_stops_stating_it_leaves_the_others(store: Any) -> None:
    store.load_document(paper("1/21", 5))
    store.load_document(paper("2/21", 6, note="http://publications.europa.eu/resource/cellar/x"))
    store.load_document(paper("3/21", 7))
    summary = store.load_document(paper("2/21", 6, amends=False))  # a new edition without the relation
    assert summary.relationships_deleted == 1
    edges = amends_edges(store)
    assert len(edges) == 1 and edges[0]["sources"] == ["1/21", "3/21"]
    assert edges[0]["notice_uri"] == "http://publications.europa.eu/resource/cellar/x"  # properties stay, as on nodes
    assert statement_docs(store) == ["1/21", "3/21"]
    store.remove_document("1/21")
    store.remove_document("3/21")
    assert amends_edges(store) == [] and statement_docs(store) == []
    # the acts stay: paper 2/21 still cites them
    assert store.counts().nodes["LegalAct"] == 2


def test_a_batch_of_new_papers_gives_what_loads_one_by_one_give(store: Any) -> None:
    papers = [paper(f"{i}/22", 3 + i) for i in range(1, 6)]
    store.load_document(paper("9/21", 2))  # a stored paper states it before the batch
    summaries = store.load_documents(papers)
    assert len(summaries) == 5
    batched = snapshot(store)
    store.clear()
    for g in [paper("9/21", 2), *papers]:
        store.load_document(g)
    assert snapshot(store) == batched
    assert amends_edges(store)[0]["sources"] == ["1/22", "2/22", "3/22", "4/22", "5/22", "9/21"]


def _per_paper_layout(store: Any) -> None:
    """Turn the store into the layout before canonical relationships: one AMENDS edge per paper with its
    statement in the flat columns, no uid, no sources, no Statement row."""
    edge = amends_edges(store)[0]
    rows = store.query(f"MATCH (s:{q(STATEMENT_LABEL)}) WHERE s.node = $u RETURN s.statements AS t", {"u": UID})
    stated = [s for r in rows for s in json.loads(r["t"])]
    store.query("MATCH (:LegalAct)-[r:AMENDS]->(:LegalAct) DELETE r")
    store.query(f"MATCH (s:{q(STATEMENT_LABEL)}) WHERE s.node = $u DELETE s", {"u": UID})
    for s in stated:
        store.query(
            "MATCH (a:LegalAct {celex: '32019R0818'}), (b:LegalAct {celex: '32018R1726'}) "
            "CREATE (a)-[:AMENDS {source: $d, line_start: $l, line_end: $l, snippet: $sn, rule: $r, notice_uri: $n}]->(b)",
            {"d": s["document"], "l": s["line_start"], "sn": s["snippet"], "r": s["rule"], "n": edge.get("notice_uri")},
        )


def test_a_store_with_one_edge_per_paper_is_folded_when_opened(store: Any) -> None:
    for i, doc in enumerate(["1/21", "2/21", "3/21"]):
        store.load_document(paper(doc, 5 + i, note="http://x" if i == 1 else None))
    before = snapshot(store)
    _per_paper_layout(store)
    assert len(amends_edges(store)) == 3
    store.ensure_schema()
    assert snapshot(store) == before
    store.ensure_schema()  # a second open finds nothing to fold
    assert snapshot(store) == before
    # and loads go on from there
    store.load_document(paper("2/21", 5, amends=False))
    assert amends_edges(store)[0]["sources"] == ["1/21", "3/21"]


def test_an_older_embedded_store_opened_read_only_says_what_to_do(tmp_path: Any) -> None:
    """An older store has no uid/sources columns on these tables: a read-only open cannot fold it and says so
    in one line; the next read-write open folds it."""
    settings = Settings(data_dir=tmp_path)
    store = open_store(settings, backend="embedded")
    store.ensure_schema()
    store.load_document(paper("1/21", 5))
    store.load_document(paper("2/21", 6))
    _per_paper_layout(store)
    store.query("ALTER TABLE AMENDS DROP uid")
    store.query("ALTER TABLE AMENDS DROP sources")
    store.close()
    ro = open_store(settings, backend="embedded", read_only=True)
    try:
        with pytest.raises(StoreUnavailableError, match="made by an older eusec: open it once read-write"):
            ro.ensure_schema()
    finally:
        ro.close()
    store = open_store(settings, backend="embedded")
    try:
        store.ensure_schema()
        edges = amends_edges(store)
        assert len(edges) == 1 and edges[0]["sources"] == ["1/21", "2/21"] and statement_docs(store) == ["1/21", "2/21"]
    finally:
        store.close()
