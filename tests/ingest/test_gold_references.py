"""Per-measure citations and agencies of the sample paper, scored against the hand gold of ALL measures
(tests/ingest/gold/5618-20.references.yaml), per kind; and the repair rules for damaged document numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

import yaml

from eusec import PROJECT_ROOT
from eusec.graph.model import Graph
from eusec.ingest.mentions import find_mentions
from tests.ingest.scoring import prf

HERE = Path(__file__).parent
SAMPLE = PROJECT_ROOT.parent / "shared" / "corpus" / "5618-20.txt"
GOLD_REFS = HERE / "gold" / "5618-20.references.yaml"
GOLD_MEASURES = HERE / "gold" / "5618-20.measures.yaml"
MEASURE_PREFIX = "Measure:5618/20#"

needs_sample = pytest.mark.corpus


@pytest.fixture(scope="module")
def gold() -> dict:
    return yaml.safe_load(GOLD_REFS.read_text(encoding="utf-8"))


#: The seed gold was written for numbered citations and for the agencies/bodies of its time (kinds agency,
#: body, service, office). Acts named without a number (rule ``legal_act.named:*``) and the bodies added
#: later (the Commission, its DGs, the EU CTC) are scored on their own fixtures
#: (tests/ingest/test_mention_layouts.py), not here: the seed keeps its scores under its own definition.
SEED_AGENCY_KINDS = {"agency", "body", "service", "office"}


def _found(g: Graph, rel_type: str, label: str) -> set[tuple[str, str]]:
    """(measure number, target uid) for every ``rel_type`` edge from a Measure to a ``label`` node, in the
    seed gold's scope (numbered citations; agencies of the seed's kinds)."""
    return {
        (r.start[len(MEASURE_PREFIX) :], r.end)
        for r in g.rels_of_type(rel_type)
        if r.start.startswith(MEASURE_PREFIX) and r.end.startswith(label + ":")
        and not r.provenance.rule.startswith("legal_act.named:")
        and (label != "Agency" or g.nodes[r.end].properties.get("kind") in SEED_AGENCY_KINDS)
    }


def test_gold_covers_every_measure(gold: dict) -> None:
    """The gold is complete: one (possibly empty) entry per measure of the measures gold, both kinds."""
    numbers = {m["number"] for m in yaml.safe_load(GOLD_MEASURES.read_text(encoding="utf-8"))["measures"]}
    assert set(gold["references"]) == numbers
    assert set(gold["agencies"]) == numbers
    kinds = {t.split(":", 1)[0] for ts in gold["references"].values() for t in ts}
    assert kinds == {"LegalAct", "CouncilDocument", "CommissionDocument"}


@needs_sample
@pytest.mark.parametrize(
    ("label", "target"),
    [("LegalAct", 0.98), ("CouncilDocument", 0.95), ("CommissionDocument", 0.95)],
)
def test_references_per_kind(sample_graph: Graph, gold: dict, label: str, target: float) -> None:
    expected = {(n, t) for n, ts in gold["references"].items() for t in ts if t.startswith(label + ":")}
    found = _found(sample_graph, "REFERENCES", label)
    p, r, f = prf(found, expected)
    print(f"{label}: P={p:.3f} R={r:.3f} F1={f:.3f}; missing={sorted(expected - found)} extra={sorted(found - expected)}")
    assert f >= target


@needs_sample
def test_references_all_kinds(sample_graph: Graph, gold: dict) -> None:
    expected = {(n, t) for n, ts in gold["references"].items() for t in ts}
    found = {x for lb in ("LegalAct", "CouncilDocument", "CommissionDocument") for x in _found(sample_graph, "REFERENCES", lb)}
    p, r, f = prf(found, expected)
    print(f"references: P={p:.3f} R={r:.3f} F1={f:.3f}; missing={sorted(expected - found)} extra={sorted(found - expected)}")
    assert f >= 0.98


@needs_sample
def test_agencies(sample_graph: Graph, gold: dict) -> None:
    expected = {(n, f"Agency:{a}") for n, ags in gold["agencies"].items() for a in ags}
    found = _found(sample_graph, "INVOLVES", "Agency")
    p, r, f = prf(found, expected)
    print(f"agencies: P={p:.3f} R={r:.3f} F1={f:.3f}; missing={sorted(expected - found)} extra={sorted(found - expected)}")
    assert f >= 0.95


# -- damaged document numbers -------------------------------------------------------------------------------


def _council_docs(text: str, doc_year: int = 2020) -> list[tuple[str, str]]:
    return [(m.key, m.rule) for m in find_mentions(text, doc_year=doc_year) if m.label == "CouncilDocument"]


def test_column_split_number() -> None:
    text = "Joint Report (28 July 2017) (11539/1)\the implementation of the Joint Framework on hybrid 7)\t\n"
    assert _council_docs(text) == [("11539/17", "council_doc.column_split")]
    # the same when the cells were put on lines of their own
    assert _council_docs("Joint Report (11539/1)\nhe implementation of the Joint Framework 7)\n") == [
        ("11539/17", "council_doc.column_split")
    ]
    # a parenthesis opened in the other cell: "(see point 7)" is not the lost digit
    assert _council_docs("Joint Report (11539/1)\nhe implementation (see point 7)\n") == []


def test_comma_for_slash_only_in_a_list() -> None:
    assert _council_docs("adopted by COREPER (12094/18, 12186,18, 13433/18).") == [
        ("12094/18", "council_doc.number"),
        ("12186/18", "council_doc.comma_year"),
        ("13433/18", "council_doc.number"),
    ]
    assert _council_docs("(12186,18 and 13433/18)")[0] == ("12186/18", "council_doc.comma_year")
    assert _council_docs("it cost 1500,50 euros") == []  # no list of documents around
    assert _council_docs("in 2018,19, see 12094/18") == [("12094/18", "council_doc.number")]  # years
    assert _council_docs("(12094/18, 12186,25)") == [("12094/18", "council_doc.number")]  # after the paper


def test_fused_number_in_parentheses() -> None:
    assert _council_docs("Council conclusions on 2 December 2019 (1474419) Draft") == [("14744/19", "council_doc.fused_year")]
    assert _council_docs("(1474419)", doc_year=2030) == []  # too old for this paper
    assert _council_docs("(201819)") == []  # a period of years
    assert _council_docs("phone (1234567)") == []


@needs_sample
def test_damaged_citations_reach_their_measure(sample_graph: Graph) -> None:
    """A title whose number was lost to a column break (the EES Regulation) and a number cut in two by one
    ("(11539/1)" ... "7)") still count as citations of their row, with the repair rule as provenance."""
    ees = sample_graph.relationships.get(("REFERENCES", MEASURE_PREFIX + "60", "LegalAct:32017R2226"))
    assert ees is not None and ees.provenance.rule == "relation.orphan_title"
    cut = sample_graph.relationships.get(("REFERENCES", MEASURE_PREFIX + "25", "CouncilDocument:11539/17"))
    assert cut is not None and cut.provenance.rule == "council_doc.column_split"
