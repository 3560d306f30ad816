"""Each layout reader on its own: its detector (evidence present / absent) and its reader."""

from __future__ import annotations

from eusec.ingest.layouts import conclusions, iss_table, legal_act, legislative_proposal, numbered_actions
from eusec.ingest.layouts.base import Body
from eusec.ingest.types import Header


def body(text: str, kind: str = "council", subject: str | None = None) -> Body:
    lines = text.split("\n")
    h = Header(number="1000/20", kind=kind, subject=subject)
    return Body(lines=lines, skip=set(), start=0, end=len(lines), header=h)


ACTIONS = """Action 1 Better use of the information systems
Responsible: Member States, IXIM
Timetable: 2021
State of play: work has started.
It continues.
Action 2 Training of practitioners
Lead: CEPOL
Deadline: end 2021
Status: planned
5. Protection of public spaces
State of play: guidance was published.
Next steps: review in 2022."""

TOC_AND_NOTE = """Contents
1. Introduction .......... 2
2. State of implementation .......... 3
1. Introduction
The Commission presented its report on the matter.
2. State of implementation
Delegations discussed the text. State of play: nothing to add."""

CONCLUSIONS = """THE COUNCIL OF THE EUROPEAN UNION,
1. RECALLS its conclusions of 2020;
2. INVITES Europol and Eurojust to cooperate closely
with the Member States;
3. CALLS ON the Commission to present a proposal;
4. STRESSES the importance of data protection."""


def test_numbered_actions_reads_actions_with_fields() -> None:
    b = body(ACTIONS)
    assert numbered_actions.detect(b)
    measures = numbered_actions.read(b).measures
    assert [m.number for m in measures] == ["1", "2", "5"]
    first = measures[0]
    assert first.title == "Better use of the information systems"
    assert first.wp_value == "Member States, IXIM" and first.wp_line == 2
    assert [t for _, t in first.state] == ["work has started.", "It continues."]
    assert [t for _, t in first.follow] == ["2021"]
    assert measures[1].wp_value == "CEPOL" and [t for _, t in measures[1].follow] == ["end 2021"]
    assert measures[2].title == "Protection of public spaces" and measures[2].line_start == 10
    assert all(m.layout == "numbered_actions" for m in measures)


def test_numbered_actions_ignores_a_table_of_contents_and_a_plain_note() -> None:
    b = body(TOC_AND_NOTE)
    assert not numbered_actions.detect(b)
    assert numbered_actions.read(b).measures == []


def test_conclusions_paragraphs_with_addressees() -> None:
    b = body(CONCLUSIONS)
    assert conclusions.detect(b)
    paras = conclusions.read(b).paragraphs
    assert [(p.number, p.verb) for p in paras] == [("2", "INVITES"), ("3", "CALLS ON")]
    assert paras[0].addressees == "Europol and Eurojust"
    assert paras[0].line_start == 3 and paras[0].line_end == 4  # the paragraph runs over its next line
    assert paras[1].addressees == "the Commission"


def test_conclusions_not_detected_in_plain_prose() -> None:
    b = body("1. The Presidency invites delegations to comment.\n2. Europol is invited to present its report.")
    assert not conclusions.detect(b)


def test_legal_act_and_proposal_detectors() -> None:
    act = "(1) Recital.\nHAVE ADOPTED THIS REGULATION:\nArticle 1\nSubject matter"
    assert legal_act.detect(body(act)) and legal_act.read(body(act)).doc_type == "LEGAL ACT"
    assert legal_act.detect(body("x", kind="legal_act"))
    assert not legal_act.detect(body("Article 1 of the Regulation applies."))
    assert legislative_proposal.detect(body("x", subject="Proposal for a REGULATION amending Regulation (EU) 2016/794"))
    assert legislative_proposal.detect(body("Proposal for a\nDIRECTIVE OF THE EUROPEAN PARLIAMENT"))
    assert legislative_proposal.detect(body("Proposal for a DIRECTIVE OF THE EUROPEAN PARLIAMENT"))
    assert not legislative_proposal.detect(body("The proposal was discussed."))


def test_iss_table_detector_and_reader() -> None:
    lines = ["Follow-up on specific measures", "1.\tTerrorism", "Responsible WP: TWP", "State of play: done"]
    assert iss_table.detect(lines, set(), 0) == 2
    assert iss_table.detect(["no table here"], set(), 0) is None
    start = iss_table.start_of_tables(lines, set(), 0, 2)
    measures = iss_table.read(lines, set(), start)
    assert [m.number for m in measures] == ["1"] and measures[0].wp_value and "TWP" in measures[0].wp_value
