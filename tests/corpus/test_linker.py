"""The edition linker on hand-built measures (no store): the traps of real series, each with the answer
decided before running it — sibling sub-measures, measures sharing only a working party and a number, a
merge, a renumbering chain, input order; and the series catalogue."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from eusec.errors import SchemaError
from eusec.graph.editions import MeasureRecord, link_editions, title_similarity, word_diff
from eusec.graph.series import load_series, recognise

LEX = "LegalAct:"


def m(doc: str, number: str, title: str, wps: set[str], cited: set[str], state: str = "", section: str = "2") -> MeasureRecord:
    base = int("".join(c for c in number if c.isdigit()))
    return MeasureRecord(key=f"{doc}#{number}", document=doc, number=number, base_number=base, title=title,
                         section=section, state_of_play=state, working_parties=frozenset(wps),
                         cited=frozenset(LEX + c for c in cited))


OLD = [
    m("1/30", "8", "Entry into operation of the Entry/Exit System (EES)", {"IXIM", "FRONT"}, {"32017R2226", "32019R0818"},
      "The Entry/Exit System started progressively."),
    m("1/30", "9", "European Travel Information and Authorisation System (ETIAS)", {"IXIM", "FRONT"},
      {"32018R1240", "32019R0818"}, "ETIAS is expected for the end of the year."),
    m("1/30", "10", "Victims of terrorism", {"TWP"}, set(), "The EU Centre of Expertise presented its handbook.", "1.1"),
    m("1/30", "11", "Cooperation with the Western Balkans", {"TWP"}, set(), "A joint action plan was signed.", "1.1"),
    m("1/30", "12", "Firearms: the action plan", {"LEWP"}, {"32021L0555"}, "LEWP reviewed the action plan."),
    m("1/30", "13", "Firearms: tracing of weapons", {"LEWP"}, {"32021L0555"}, "A questionnaire on tracing was sent."),
]


def test_sibling_of_a_dropped_sub_measure_is_not_merged_into_it() -> None:
    # 8 (EES) dropped in the next edition; 9 (ETIAS) goes on as 8: the shared interoperability regulation and
    # working parties must not make the EES measure "merge" into the ETIAS one.
    new = [m("2/30", "8", "European Travel Information and Authorisation System (ETIAS)", {"IXIM", "FRONT"},
             {"32018R1240", "32019R0818"}, "ETIAS will start in the last quarter.")]
    result = link_editions(OLD[:2], new)
    assert [(link.old, link.new, link.kind) for link in result.links] == [("1/30#9", "2/30#8", "continued")]
    assert result.dropped == ["1/30#8"]


def test_working_party_number_and_section_alone_never_link() -> None:
    # 10 dropped and a new 10 on another topic of the same working party and section: no link
    new = [m("2/30", "10", "Protection of public spaces", {"TWP"}, set(), "A handbook on soft targets was discussed.", "1.1"),
           m("2/30", "11", "Cooperation with the Western Balkans", {"TWP"}, set(), "The action plan is being implemented.", "1.1")]
    result = link_editions(OLD[2:4], new)
    assert [(link.old, link.new) for link in result.links] == [("1/30#11", "2/30#11")]
    assert result.added == ["2/30#10"] and result.dropped == ["1/30#10"]


def test_two_measures_merged_into_one() -> None:
    new = [m("2/30", "12", "Firearms: action plan and tracing of weapons", {"LEWP"}, {"32021L0555"},
             "LEWP reviewed the action plan and the replies on tracing.")]
    result = link_editions(OLD[4:6], new)
    assert sorted((link.old, link.new, link.kind) for link in result.links) == [
        ("1/30#12", "2/30#12", "merged"), ("1/30#13", "2/30#12", "merged")]
    assert result.dropped == [] and result.added == []


def test_renumbering_chain_and_input_order() -> None:
    # a measure inserted at the top renumbers everything; the answer does not depend on list order
    new = [m("2/30", "1", "Countering drones", {"TWP"}, set(), "New measure.", "1.1")] + [
        MeasureRecord(**{**o.__dict__, "key": f"2/30#{int(o.number) + 1}", "document": "2/30",
                         "number": str(int(o.number) + 1), "base_number": int(o.number) + 1})
        for o in OLD
    ]
    expected = {(o.key, f"2/30#{int(o.number) + 1}") for o in OLD}
    shuffled_old, shuffled_new = OLD[:], new[:]
    random.Random(7).shuffle(shuffled_old)
    random.Random(8).shuffle(shuffled_new)
    a, b = link_editions(OLD, new), link_editions(shuffled_old, shuffled_new)
    assert {(link.old, link.new) for link in a.links} == expected
    assert a.links == b.links and a.added == b.added == ["2/30#1"]
    assert all("number" in link.changes and link.number_match == "different" for link in a.links)


def test_clues() -> None:
    assert title_similarity("Use of SIS to counter terrorism", "Use of SIS to counter terrorism") == 1.0
    assert title_similarity("Terrorist content online", "Prevention of radicalisation in prisons") == 0.0
    assert word_diff("TWP met twice.", "TWP met three times.") == "TWP met [-twice.-] {+three times.+}"
    assert word_diff("same", "same") == ""


def test_series_catalogue_recognises_the_papers_and_rejects_bad_files(tmp_path: Path) -> None:
    cat = load_series()
    iss = "Implementation of the renewed EU Internal Security Strategy: joint Presidency paper"
    assert recognise(iss, "Presidency/outgoing Presidency", "NOTE", cat).key == "iss-implementation"
    assert recognise("EU Counter-Terrorism Coordinator report", "EU Counter-Terrorism Coordinator", "NOTE",
                     cat).key == "ctc-report"
    assert recognise("EU Internal Security Strategy 2025-2027: implementation report", "Presidency", "NOTE",
                     cat).key == "iss-implementation"
    assert recognise("Progress report on the EU Internal Security Strategy", "Presidency", "NOTE",
                     cat).key == "iss-implementation"
    assert recognise("Draft Council conclusions on drugs", "Presidency", "NOTE", cat) is None
    assert recognise("Internal security: draft Council conclusions on the external dimension", "Presidency", "NOTE",
                     cat) is None
    assert recognise(None, None, None, cat) is None
    bad = tmp_path / "series.yaml"
    bad.write_text("series:\n  x:\n    name: X\n    subject: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="bad pattern"):
        load_series(bad)
    bad.write_text("series:\n  x:\n    name: X\n    subjects: ['a']\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="needs name and subject"):
        load_series(bad)


def _variants(rng: random.Random, doc: str, base: list[MeasureRecord]) -> list[MeasureRecord]:
    """A next edition made of the measures of ``base``: some renumbered, retitled, reworded, split, given other
    working parties or citations, some dropped, a few new (a random mix of every clue)."""
    out: list[MeasureRecord] = []
    words = "terrorism firearms drones victims cooperation Balkans tracing action plan handbook EES ETIAS".split()
    for i, o in enumerate(base):
        if rng.random() < 0.15:
            continue  # dropped
        title = o.title if rng.random() < 0.6 else " ".join(rng.sample(words, 3)) + " " + o.title.split(" ")[0]
        state = o.state_of_play + (" " + " ".join(rng.sample(words, 4)) if rng.random() < 0.5 else "")
        wps = o.working_parties if rng.random() < 0.7 else frozenset(rng.sample(["TWP", "LEWP", "IXIM", "COSI"], 2))
        cited = o.cited if rng.random() < 0.7 else frozenset(rng.sample(sorted(o.cited) + [LEX + "32016R0794"], 1))
        number = o.number if rng.random() < 0.7 else str(int(o.base_number or 0) + rng.randint(1, 3))
        base = int("".join(c for c in number if c.isdigit()))
        out.append(MeasureRecord(key=f"{doc}#{number}{'' if rng.random() < 0.8 else 'A'}-{i}", document=doc,
                                 number=number, base_number=base, title=title, section=o.section,
                                 state_of_play=state, working_parties=wps, cited=cited))
    out += [m(doc, str(90 + k), " ".join(rng.sample(words, 4)), {"TWP"}, set(), " ".join(rng.sample(words, 5)))
            for k in range(rng.randint(0, 3))]
    return out


def test_candidate_pairs_give_the_links_of_scoring_every_pair() -> None:
    # the matrix prefilter may only skip pairs that could never be linked: on random editions mixing every
    # clue, the links, splits, merges, added and dropped lists equal those of the exhaustive scorer
    rng = random.Random(11)
    old = OLD + [MeasureRecord(**{**o.__dict__, "key": o.key + "B", "number": o.number + "B"}) for o in OLD]
    checked = 0
    for trial in range(40):
        new = _variants(rng, f"{trial + 2}/30", old)
        reference = link_editions(old, new, exhaustive=True)
        assert link_editions(old, new) == reference, trial
        assert link_editions(new, old) == link_editions(new, old, exhaustive=True), trial
        checked += len(reference.links)
    assert checked > 200  # the trials do link measures (the comparison is not between empty answers)
