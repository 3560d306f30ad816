"""Every catalogue query runs on both backends over the ingested sample and returns the same rows."""

from __future__ import annotations

from typing import Any

import pytest

from eusec.api.deps import jsonable
from eusec.graph.catalogue import load_catalogue

CATALOGUE = load_catalogue()
NAMES = CATALOGUE.names()


def example_params(name: str) -> dict[str, Any]:
    """The header's examples (defaults when there is no example)."""
    return {p.name: p.example for p in CATALOGUE.get(name).params if p.example is not None}


def run(store: Any, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    q = CATALOGUE.get(name)
    return jsonable(store.read(q.text_for(store.backend), q.bind(params if params is not None else example_params(name))))


@pytest.mark.parametrize("name", NAMES)
def test_example_returns_rows(loaded_store: Any, name: str) -> None:
    """Every catalogue example finds something in the sample paper (an example that answers nothing shows
    nothing in the docs and makes the backend comparison below compare [] with [])."""
    rows = run(loaded_store, name)
    assert rows, f"the example parameters of {name} return no row on the sample paper 5618/20"
    # the same rows through the store's own run_named (its override lookup and binding)
    assert jsonable(loaded_store.run_named(name, example_params(name))) == rows


def test_measures_count_example_counts_the_measures_example(loaded_store: Any) -> None:
    filters = {k: v for k, v in example_params("measures").items() if k not in ("limit", "offset")}
    keys = [r["key"] for r in run(loaded_store, "measures", {**filters, "limit": 1000})]
    assert keys and run(loaded_store, "measures_count", filters) == [{"total": len(keys)}]


@pytest.mark.parametrize("name", NAMES)
def test_same_rows_on_both_backends(both_stores: dict[str, Any], name: str) -> None:
    embedded = run(both_stores["embedded"], name)
    neo4j = run(both_stores["neo4j"], name)
    assert embedded, f"{name}: no rows to compare"
    assert embedded == neo4j


VARIANTS = [
    ("acts_for_agency", {"agency": "Eurojust"}),
    ("acts_for_agency", {"agency": "Frontex", "limit": 3}),
    ("act_supersession_chain", {"celex": "32002F0475"}),
    ("act_supersession_chain", {"celex": "32018R1726"}),  # supersedes three acts, superseded by two
    ("measures", {"section": "1.1", "limit": 5, "offset": 2}),
    ("measures", {"working_party": "COSI"}),
    ("measures", {"presidency": "HR"}),
    ("measures", {"q": "europol"}),
    ("measures_count", {"q": "terror"}),
    ("search_measures", {"q": "SIS", "limit": 10}),
    ("presidency_activity", {"presidency": "2020-H1"}),
    ("presidency_activity", {"presidency": "Finland"}),
    ("priority_agencies_systems", {"section": ""}),
    ("shortest_connection", {"from_uid": "Agency:Europol", "to_uid": "WorkingParty:COSI"}),
    ("shortest_connection", {"from_uid": "LegalAct:32016R0794", "to_uid": "Agency:Eurojust"}),
    ("entity_edges", {"uid": "Agency:Europol"}),
    ("entity_edges", {"uid": "Document:5618/20"}),
    ("most_cited_acts", {"limit": 100}),
    ("most_cited_documents", {"limit": 100}),
]


@pytest.mark.parametrize("name, params", VARIANTS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(VARIANTS)])
def test_same_rows_on_both_backends_variants(both_stores: dict[str, Any], name: str, params: dict[str, Any]) -> None:
    embedded = run(both_stores["embedded"], name, params)
    assert embedded, f"{name} {params}: no rows to compare"
    assert embedded == run(both_stores["neo4j"], name, params)


# -- known answers (stated in the sample paper 5618/20) --------------------------------------------------


def test_europol_depends_on_its_regulation(loaded_store: Any) -> None:
    rows = run(loaded_store, "acts_for_agency", {"agency": "Europol", "limit": 500})
    by_celex = {r["celex"]: r for r in rows}
    assert "32016R0794" in by_celex  # Regulation (EU) 2016/794, measure 48 "Europol Regulation"
    assert by_celex["32016R0794"]["evidence"], "every ranked act carries its paths as evidence"
    # acts in force first, then by score (descending) within each group
    keys = [(not r["in_force"], -r["score"]) for r in rows]
    assert keys == sorted(keys)


def test_directive_2017_541_replaces_framework_decision_2002_475(loaded_store: Any) -> None:
    # line 300 of the sample: "Directive (EU) 2017/541 on combating terrorism and replacing Council
    # Framework Decision 2002/475/JHA and amending Council Decision 2005/671/JHA"
    rows = run(loaded_store, "act_replaced_by", {"celex": "32002F0475"})
    assert ("32017L0541", "REPLACES") in {(r["celex"], r["relation"]) for r in rows}
    chain = run(loaded_store, "act_supersession_chain", {"celex": "32017L0541"})
    supersedes = {(r["celex"], tuple(r["hops"])) for r in chain if r["direction"] == "supersedes"}
    assert ("32002F0475", ("REPLACES",)) in supersedes
    assert ("32005D0671", ("AMENDS",)) in supersedes
    back = run(loaded_store, "act_supersession_chain", {"celex": "32002F0475"})
    assert {r["celex"] for r in back if r["direction"] == "superseded_by"} >= {"32017L0541"}


def test_measures_citing_the_europol_regulation(loaded_store: Any) -> None:
    rows = run(loaded_store, "measures_citing_act", {"celex": "32016R0794"})
    assert rows and all(r["key"].startswith("5618/20#") for r in rows)
    assert all(isinstance(r["line"], int) for r in rows)


def test_search_is_case_insensitive(loaded_store: Any) -> None:
    lower = run(loaded_store, "search_measures", {"q": "europol", "limit": 1000})
    upper = run(loaded_store, "search_measures", {"q": "EUROPOL", "limit": 1000})
    assert lower == upper and lower


SEARCH_FIELDS = ("title", "state_of_play", "follow_up", "main_documents")


def test_search_text_is_literal(loaded_store: Any) -> None:
    """The needle is text, never a pattern: punctuation, brackets and backslashes match themselves, in any
    case, in the search, the measures filter and its count alike (the LadybugDB override quotes it into a
    regular expression). Expected keys come from Python over the stored texts."""
    stored = loaded_store.read(
        "MATCH (m:Measure) RETURN m.key AS key, m.title AS title, m.state_of_play AS state_of_play, "
        "m.follow_up AS follow_up, m.main_documents AS main_documents", {})
    texts = {r["key"]: [r[f] or "" for f in SEARCH_FIELDS] for r in stored}
    # needles cut from the stored text around a metacharacter, upper-cased, plus ones that match nothing
    needles = ["(EU) 2016/7", "A.", "\\", "\\E", ".*", "[", "(?I)"]
    for mark in ("(", ")", ".", "/", "-"):
        hit = next(t for fields in texts.values() for t in fields if mark in t[1:-1])
        i = hit.index(mark, 1)
        needles.append(hit[i - 1 : i + 3].upper())
    matched = 0
    for needle in needles:
        expected = sorted(k for k, fields in texts.items() if any(needle.lower() in f.lower() for f in fields))
        matched += bool(expected)
        found = run(loaded_store, "search_measures", {"q": needle, "limit": 1000})
        assert sorted(r["key"] for r in found) == expected, needle
        listed = run(loaded_store, "measures", {"q": needle, "limit": 1000})
        assert sorted(r["key"] for r in listed) == expected, needle
        assert run(loaded_store, "measures_count", {"q": needle}) == [{"total": len(expected)}], needle
        for row in found:  # the field named is the first that matches
            fields = texts[row["key"]]
            first = next(f for f, t in zip(SEARCH_FIELDS, fields) if needle.lower() in t.lower())
            assert row["matched_in"] == first, (needle, row["key"])
    assert matched >= 6, "the needles cut from the stored text must find measures"


def test_measures_page_and_total_agree(loaded_store: Any) -> None:
    total = run(loaded_store, "measures_count", {})[0]["total"]
    everything = run(loaded_store, "measures", {"limit": 1000})
    assert total == len(everything) > 0
    page = run(loaded_store, "measures", {"limit": 3, "offset": 1})
    assert page == everything[1:4]


def test_workload_counts_match_measures_by_working_party(loaded_store: Any) -> None:
    for row in run(loaded_store, "working_party_workload", {})[:5]:
        measures = run(loaded_store, "measures_by_working_party", {"code": row["code"]})
        assert len(measures) == row["measures"]


def test_shortest_connection_paths_are_shortest_and_well_formed(loaded_store: Any) -> None:
    rows = run(loaded_store, "shortest_connection", {"from_uid": "Agency:Europol", "to_uid": "Document:5618/20"})
    assert rows
    assert len({r["hops"] for r in rows}) == 1
    for r in rows:
        assert r["nodes"][0] == "Agency:Europol" and r["nodes"][-1] == "Document:5618/20"
        assert len(r["nodes"]) == len(r["types"]) + 1
        assert r["path"].startswith("Agency:Europol -") and r["path"].endswith("Document:5618/20")


def test_acts_in_force_rank_before_acts_they_superseded(store: Any) -> None:
    """On the bundled sample paper, Regulation (EU) 2016/794 repeals and replaces Decision 2009/371/JHA:
    both found Europol, but the Regulation in force must come first and the Decision must say what superseded it."""
    from eusec import PROJECT_ROOT
    from eusec.ingest.pipeline import extract_file

    store.load_document(extract_file(PROJECT_ROOT / "samples" / "iss-sample-9999-26.txt"))
    rows = store.run_named("acts_for_agency", {"agency": "Europol", "limit": 50})
    order = [r["celex"] for r in rows]
    assert "32016R0794" in order and "32009D0371" in order
    assert order.index("32016R0794") < order.index("32009D0371")
    old = next(r for r in rows if r["celex"] == "32009D0371")
    assert old["in_force"] is False and "32016R0794" in old["superseded_by"]
    assert all(r["in_force"] for r in rows[: order.index("32016R0794") + 1])
