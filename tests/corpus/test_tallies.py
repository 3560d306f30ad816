"""The tallies (graph/tallies.py) on both backends: after the corpus stage every tallied node holds the counts
of the edges then stored, counted here in Python from the edges themselves; they follow a paper replaced or
removed; a second refresh writes nothing; the ranking queries read them; an embedded store made before the
tallies gets them when it is opened."""

from __future__ import annotations

import copy
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from eusec.graph.corpus import relink
from eusec.graph.tallies import TALLIES, refresh_tallies
from tests.conftest import _extract_sample, open_test_store
from tests.corpus.conftest import EDITION_FILES, load_editions

pytestmark = pytest.mark.timeout(600)


def expected_tallies(store: Any) -> dict[str, dict[str, int]]:
    """uid -> counts, from the stored edges (not the tallies' own aggregates); every tallied node, zeros too."""
    out: dict[str, dict[str, int]] = {}
    for tally in TALLIES:
        for row in store.read(f"MATCH (x:{tally.label}) RETURN x.uid AS uid"):
            out[row["uid"]] = {name: 0 for name in tally.counts}
    cites: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in store.read("MATCH (x)-[r:REFERENCES]->(y) RETURN x.uid AS x, y.uid AS y, r.source AS source"):
        cites[r["y"]].append((r["x"], r["source"]))
    for uid, rows in cites.items():
        out[uid] = {
            "citation_count": len(rows),
            "citing_measure_count": len({x for x, _ in rows if x.startswith("Measure:")}),
            "citing_document_count": len({s for _, s in rows if s is not None}),
        }
    measures: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in store.read("MATCH (w:WorkingParty)-[:RESPONSIBLE_FOR]->(m:Measure) RETURN w.uid AS w, m.`key` AS key, "
                        "m.document AS document, m.section AS section, m.has_follow_up AS follow_up"):
        measures[r["w"]].append(r)
    for uid, rows in measures.items():
        out[uid] = {
            "measure_count": len({r["key"] for r in rows}),
            "document_count": len({r["document"] for r in rows if r["document"] is not None}),
            "section_count": len({r["section"] for r in rows if r["section"] is not None}),
            "follow_up_count": len({r["key"] for r in rows if r["follow_up"]}),
        }
    involved: dict[str, set[str]] = defaultdict(set)
    for r in store.read("MATCH (a:Agency)<-[:INVOLVES]-(m:Measure) RETURN a.uid AS a, m.`key` AS key"):
        involved[r["a"]].add(r["key"])
    for uid, keys in involved.items():
        out[uid] = {"measure_count": len(keys)}
    for type_, name in (("REPORTED_UNDER", "reported_count"), ("PLANNED_UNDER", "planned_count")):
        for r in store.read(f"MATCH (p:Presidency)<-[:{type_}]-() RETURN p.uid AS p"):
            out[r["p"]][name] += 1
    for r in store.read("MATCH (p:Presidency)<-[:ISSUED_BY]-(d:Document) RETURN p.uid AS p, collect(DISTINCT d.number) AS docs"):
        out[r["p"]]["issued_count"] = len(r["docs"])
    return out


def stored_tallies(store: Any) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for tally in TALLIES:
        counts = ", ".join(f"x.{n} AS {n}" for n in tally.counts)
        for row in store.read(f"MATCH (x:{tally.label}) RETURN x.uid AS uid, {counts}"):
            out[row.pop("uid")] = row
    return out


def _loaded(store: Any) -> None:
    store.load_document(_extract_sample())
    load_editions(store, EDITION_FILES, relink_each=False)


def test_the_tallies_are_the_counts_of_the_stored_edges(store: Any) -> None:
    _loaded(store)
    expected = expected_tallies(store)
    assert stored_tallies(store) == expected
    # the sample paper cites Regulation 2016/794 from several measures: the counts are not all zeros or ones
    assert expected["LegalAct:32016R0794"]["citing_measure_count"] > 1
    assert expected["LegalAct:32016R0794"]["citing_document_count"] >= 2
    assert any(c["measure_count"] > 1 for u, c in expected.items() if u.startswith("WorkingParty:"))
    assert any(c["measure_count"] > 1 for u, c in expected.items() if u.startswith("Agency:"))
    assert refresh_tallies(store) == 0  # nothing changed: nothing written


def test_the_rankings_read_the_tallies(store: Any) -> None:
    _loaded(store)
    expected = expected_tallies(store)
    acts = store.run_named("most_cited_acts", {"limit": 1000})
    assert {f"LegalAct:{r['celex']}": (r["citations"], r["measures"], r["documents"]) for r in acts} == {
        uid: (c["citation_count"], c["citing_measure_count"], c["citing_document_count"])
        for uid, c in expected.items() if uid.startswith("LegalAct:") and c["citation_count"] > 0
    }
    assert [r["citations"] for r in acts] == sorted((r["citations"] for r in acts), reverse=True)
    docs = store.run_named("most_cited_documents", {"limit": 1000})
    assert {r["uid"]: r["citations"] for r in docs} == {
        uid: c["citation_count"] for uid, c in expected.items()
        if uid.split(":")[0] in ("CouncilDocument", "CommissionDocument") and c["citation_count"] > 0
    }
    workload = {f"WorkingParty:{r['code']}": r for r in store.run_named("working_party_workload", {})}
    for uid, c in expected.items():
        if uid.startswith("WorkingParty:"):
            row = workload[uid]
            assert (row["measures"], row["documents"], row["sections"], row["with_follow_up"]) == (
                c["measure_count"], c["document_count"], c["section_count"], c["follow_up_count"]), uid
    parties = {f"WorkingParty:{r['code']}": r["measures"] for r in store.run_named("working_parties", {"code": ""})}
    assert parties == {u: c["measure_count"] for u, c in expected.items() if u.startswith("WorkingParty:")}
    presidencies = {f"Presidency:{r['semester']}": (r["reported"], r["planned"], r["documents_issued"])
                    for r in store.run_named("presidencies", {"semester": ""})}
    assert presidencies == {u: (c["reported_count"], c["planned_count"], c["issued_count"])
                            for u, c in expected.items() if u.startswith("Presidency:")}
    assert any(sum(v) > 1 for v in presidencies.values())
    agencies = {f"Agency:{r['name']}": r["measures"] for r in store.run_named("agencies", {"name": ""})}
    assert agencies == {u: c["measure_count"] for u, c in expected.items() if u.startswith("Agency:")}
    gone = store.run_named("cited_acts_not_in_force", {"limit": 1000})
    assert gone  # the sample paper's Framework Decision 2002/475/JHA, replaced by Directive 2017/541
    assert {r["celex"]: (r["citing_statements"], r["citing_measures"]) for r in gone} == {
        r["celex"]: (expected[f"LegalAct:{r['celex']}"]["citation_count"], expected[f"LegalAct:{r['celex']}"]["citing_measure_count"])
        for r in gone
    }
    assert all(expected[f"LegalAct:{r['celex']}"]["citation_count"] > 0 for r in gone)
    act = store.run_named("act", {"celex": "32016R0794"})[0]
    assert (act["citing_measures"], act["citing_documents"]) == (
        expected["LegalAct:32016R0794"]["citing_measure_count"], expected["LegalAct:32016R0794"]["citing_document_count"])


def test_a_replaced_or_removed_paper_changes_the_tallies(store: Any) -> None:
    _loaded(store)
    before = stored_tallies(store)
    # the sample paper again, without its citations of Regulation 2016/794 (a corrected version, say)
    corrected = copy.deepcopy(_extract_sample())
    dropped = [i for i, r in corrected.relationships.items() if r.type == "REFERENCES" and r.end == "LegalAct:32016R0794"]
    assert dropped
    for ident in dropped:
        del corrected.relationships[ident]
    store.load_document(corrected, force=True)
    relink(store, changed={"5618/20"})
    replaced = stored_tallies(store)
    assert replaced == expected_tallies(store)
    assert replaced["LegalAct:32016R0794"]["citation_count"] == before["LegalAct:32016R0794"]["citation_count"] - len(dropped)
    store.remove_document("9901/24")
    summary = relink(store, changed={"9901/24"})
    removed = stored_tallies(store)
    assert removed == expected_tallies(store)
    assert summary.tallies_written > 0 and removed != replaced


def test_an_embedded_store_made_before_the_tallies_gets_them_when_opened(tmp_path: Path) -> None:
    store = open_test_store("embedded", tmp_path)
    try:
        _loaded(store)
        expected = expected_tallies(store)
        for tally in TALLIES:  # the store as an eusec without tallies left it: no such columns
            for name in tally.counts:
                store.query(f"ALTER TABLE {tally.label} DROP {name}")
    finally:
        store.close()
    from eusec.graph.factory import open_store
    from eusec.settings import Settings

    reopened = open_store(Settings(data_dir=tmp_path), backend="embedded")
    try:
        reopened.ensure_schema()
        assert stored_tallies(reopened) == expected
        assert reopened.run_named("most_cited_acts", {"limit": 1})[0]["citations"] > 0
    finally:
        reopened.close()
