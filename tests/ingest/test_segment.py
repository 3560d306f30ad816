"""Unit tests of the segmenter's rules: number tokens, sequence repair, footers/pages, footnotes, header."""

from __future__ import annotations

import pytest

from eusec.errors import InputError
from eusec.ingest.segment import (
    _between,
    canonical_docnum,
    find_footers,
    find_footnotes,
    pages_from_footers,
    parse_date,
    parse_header,
    parse_number_prefix,
    segment,
)


@pytest.mark.parametrize(
    "line, nums, rest",
    [
        ("12 F\tDrugs - scheduling", [(12, "F")], "Drugs - scheduling"),
        ("12. G\t\t", [(12, "G")], ""),
        ("<i>5</i> 1\tEPPO Regulation", [(51, None)], "EPPO Regulation"),
        ("10\t10. Battlefield evidence", [(10, None), (10, None)], "Battlefield evidence"),
        ("54.\t4. Cooperation between JHA agencies", [(54, None), (4, None)], "Cooperation between JHA agencies"),
        ("11 EU Policy Cycle", [(11, None)], "EU Policy Cycle"),
        ("12 Main document", [(12, None)], "Main document"),
        ("\u0412\tResponsible WP: COSI", [], "\u0412\tResponsible WP: COSI"),
        ("2018 Operational Action Plan", [], "2018 Operational Action Plan"),
        ("1) A Crime Analysis", [], "1) A Crime Analysis"),
        (",\tThreat assessment", [], "Threat assessment"),
    ],
)
def test_parse_number_prefix(line: str, nums: list, rest: str) -> None:
    got_nums, got_rest = parse_number_prefix(line)
    assert got_nums == nums
    assert got_rest.strip() == rest.strip()


@pytest.mark.parametrize(
    "p, q, expected",
    [
        ((1, None), (3, None), (2, None)),
        ((12, "B"), (12, "D"), (12, "C")),
        ((11, None), (11, "B"), (11, "A")),
        ((12, "G"), (14, None), (13, None)),
        ((13, None), (14, None), (13, "A")),
        ((23, None), (25, None), (24, None)),
        ((7, None), None, (8, None)),
        (None, (2, None), (1, None)),
    ],
)
def test_between(p, q, expected) -> None:
    assert _between(p, q) == expected


def test_canonical_docnum_and_date() -> None:
    assert canonical_docnum("10991/1/19 REV 1") == ("10991/19", "REV 1")
    assert canonical_docnum("5618/20") == ("5618/20", "")
    assert parse_date("Brussels, 3 February 2020 (OR. en)") == "2020-02-03"
    assert parse_date("no date") is None


def test_header() -> None:
    lines = [
        "",
        "Brussels, 22 November 2018 (OR. en)",
        "",
        "12345/18",
        "LIMITE",
        "COSI 301 **CATS 90** JAI 1180",
        "I/A ITEM NOTE",
        "From:\tGeneral Secretariat",
        "To:\tCouncil",
        "No. prev. doc.:\t9876/1/18 REV 1",
        "Subject:\tImplementation of the renewed EU Internal",
        "Security Strategy",
        "",
    ]
    h = parse_header(lines)
    assert h.number == "12345/18" and h.date == "2018-11-22" and h.classification == "LIMITE"
    assert h.subject_codes == ["COSI 301", "CATS 90", "JAI 1180"]
    assert h.doc_type == "I/A ITEM NOTE" and h.previous_document == "9876/18"
    assert h.subject == "Implementation of the renewed EU Internal Security Strategy"
    with pytest.raises(InputError):
        parse_header(["no number here", "at all"])


def test_footers_split_and_inline() -> None:
    lines = [
        "text a",
        " 5618/20",
        " JRS/dk",
        " 24",
        "",
        " ANNEX",
        " JAL1",
        " LIMITE",
        " EN",
        "text b",
        "5618/20 JRS/dk 52 ANNEX JAI.1 **LIMITE EN** The EU LE ERP was approved.",
        "text c",
        "5618/20 JRS/dk 43",
        "ANNEX JAI.1 **LIMITE EN**",
        "text d",
    ]
    full, rest, footers = find_footers(lines, "5618/20", 0)
    assert {1, 2, 3, 5, 6, 7, 8} <= full and 0 not in full and 9 not in full
    assert rest[10] == "The EU LE ERP was approved."
    assert [p for _, p in footers] == [24, 52, 43]
    pages = pages_from_footers(len(lines), footers)
    assert pages[0] == 24 and pages[9] == 52 and pages[11] == 43 and pages[14] == 44


def test_footnote_numbers_inferred() -> None:
    lines = [
        "Council conclusions were adopted¹⁰ and others¹¹ and more¹².",
        "",
        "^{9727/19}",
        "^{11 14546/19}",
        "^{9044/1/19}",
        "",
        "See the Convention on terrorism31 here.",
        "³¹ OJ L 159, 22.6.2018, p. 1",
    ]
    notes, marks, bodies = find_footnotes(lines, set(), 0)
    assert notes[10].text == "9727/19" and notes[10].inferred
    assert notes[11].text == "14546/19" and not notes[11].inferred
    assert notes[12].text == "9044/1/19"
    assert marks[31] == 7 and notes[31].mark_line == 7


def test_segment_keeps_a_paper_without_table() -> None:
    """Issue 8: a Council paper without measure tables is still a document; its whole body is read."""
    seg = segment("Brussels, 3 February 2020\n\n5618/20\n\nSubject:\tx\n\nProse only.\n")
    assert seg.header.number == "5618/20" and not seg.measures
    assert any("Prose only." in t for sec in seg.sections for _, t in sec.pieces)


def test_segment_refuses_a_text_that_is_not_an_eu_document() -> None:
    with pytest.raises(InputError, match="not an EU document"):
        segment("Minutes of the village council\n\n1. Roads\nThe bridge was repaired in 12/20.\n")


def test_segment_repairs_garbled_numbers() -> None:
    text = "\n".join(
        [
            "Brussels, 1 March 2019",
            "",
            "4321/19",
            "",
            "Subject:\tImplementation paper",
            "",
            "Follow-up on specific measures",
            "\t1.1. Countering terrorism\t\t",
            "47.\tAction plan on financial investigations\t\t",
            "47.\tResponsible WP: LEWP\t\t",
            "\tMain documents\t\t",
            "48.\tEuropol Regulation\t\t",
            "40.\tResponsible WP: LEWP\t\t",
            "\tMain documents\t\t",
            "4. Monitor the strategy Responsible WP: HWP on Cyber Issues",
            "Main documents",
            "77.",
            "Smuggling of migrants",
            "Responsible WP: COSI, SCIFA",
            "16\tLEA access to financial information\t\t",
            "51.\t51. Responsible WP: LEWP\t\t",
        ]
    )
    seg = segment(text)
    assert [m.number for m in seg.measures] == ["47", "48", "49", "50", "51"]
    assert [m.number_rule for m in seg.measures] == ["printed", "repaired", "inferred", "inferred", "repaired"]
    assert seg.measures[3].title == "Smuggling of migrants"


def test_footer_variants() -> None:
    lines = [
        "text",
        "14079/15 EB/FR/dk DGD 1C LIMITE 2 EN",
        "more text",
        "14079/15 EB/FR/dk 3",
        "ANNEX DG D 1 LIMITE EN",
        "end",
    ]
    full, _, footers = find_footers(lines, "14079/15", 0)
    assert full == {1, 3, 4}
    assert [p for _, p in footers] == [2, 3]


def test_lost_letters_become_sub_measures() -> None:
    text = "\n".join(
        [
            "Brussels, 1 March 2019",
            "4321/19",
            "Subject:\tImplementation paper",
            "Follow-up on specific measures",
            "11.\tTerrorist financing\t\t",
            "Responsible WP: TWP\t\t",
            "11 EU Policy Cycle Responsible WP: COSI",
            "11.\tDomestic burglary\t\t",
            "Responsible WP: COSI\t\t",
            "12\tDrugs - EU Policy\t\t",
            "A\tResponsible WP: HDG\t\t",
        ]
    )
    assert [m.number for m in segment(text).measures] == ["11", "11A", "11B", "12A"]


def test_lost_footnote_number_prefers_the_page_of_the_body() -> None:
    lines = [
        "Reports on money laundering¹⁶ and registers¹⁷.",
        "5618/20 JRS/dk 9 ANNEX JAI.1 LIMITE EN",
        "Cross-cutting priority areas²¹",
        "Both Regulations²² entered into force.",
        "_",
        "Measures with horizontal implications for internal security.",
    ]
    full, _, footers = find_footers(lines, "5618/20", 0)
    notes, _, _ = find_footnotes(lines, full, 0, [i for i, _ in footers])
    assert notes[21].text.startswith("Measures with horizontal") and notes[21].inferred
