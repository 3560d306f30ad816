"""The sample paper 5618/20 and EUR-Lex data side by side, on both backends: the new catalogue questions and
acts_for_agency using the authoritative relations (answers checked against the hand gold of
fixtures/README.md and the paper)."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from eusec.api.deps import jsonable
from eusec.graph.catalogue import load_catalogue
from eusec.graph.corpus import relink
from eusec.ingest.eurlex.importer import import_file
from tests.conftest import BACKENDS, _extract_sample, _skip_unless_enabled, open_test_store
from tests.eurlex.conftest import FIXTURES

CATALOGUE = load_catalogue()


@pytest.fixture(scope="module", params=BACKENDS)
def both(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A store with the paper 5618/20 and the hand-written EUR-Lex SPARQL result."""
    _skip_unless_enabled(request.param)
    graph = _extract_sample()
    if graph is None:
        pytest.skip("../shared/corpus/5618-20.txt (the sample paper) is not available")
    s = open_test_store(request.param, tmp_path_factory.mktemp("eurlex"))
    try:
        s.load_document(graph)
        relink(s)  # as every ingest does: corpus links and tallies
        import_file(s, FIXTURES / "europol_sparql.json")
        yield s
    finally:
        try:
            if request.param == "neo4j":
                s.clear()
        finally:
            s.close()


def run(store: Any, name: str, **params: Any) -> list[dict[str, Any]]:
    q = CATALOGUE.get(name)
    return jsonable(store.read(q.text_for(store.backend), q.bind(params)))


def test_amendments_no_paper_mentions(both: Any) -> None:
    rows = run(both, "eurlex_amendments_unmentioned", celex="32016R0794")
    # neither amending act is cited by 5618/20 (a 2020 paper): both, oldest first
    assert [r["celex"] for r in rows] == ["32022R0991", "32026R0999"]
    assert {r["stated_in"] for r in rows} == {"EUR-Lex/CELLAR:europol_sparql.json"} and all(r["in_force"] for r in rows)


def test_acts_for_agency_uses_eurlex_and_says_which(both: Any) -> None:
    rows = {r["celex"]: r for r in run(both, "acts_for_agency", agency="Europol", limit=500)}
    europol = rows["32016R0794"]
    assert europol["relation"] == "founding act" and europol["in_force"] is True and europol["in_force_source"] == "eurlex"
    old = rows["32009D0371"]  # reached only through EUR-Lex's REPEALS from the founding act
    assert old["stated_by"] == "EUR-Lex" and old["in_force"] is False and old["in_force_source"] == "eurlex"
    assert old["superseded_by"] == ["32016R0794"]
    assert any("[EUR-Lex: EUR-Lex/CELLAR:europol_sparql.json]" in e for e in old["evidence"])
    # acts EUR-Lex says nothing about keep the inferred answer
    assert {r["in_force_source"] for c, r in rows.items() if c not in ("32016R0794", "32009D0371")} == {"inferred"}
    # the acts in force come first
    flags = [r["in_force"] for r in run(both, "acts_for_agency", agency="Europol", limit=500)]
    assert flags == sorted(flags, reverse=True)


def test_in_force_that_europol_depends_on(both: Any) -> None:
    rows = {r["celex"]: r for r in run(both, "agency_acts_in_force", agency="Europol")}
    assert rows["32016R0794"]["in_force_source"] == "eurlex"
    assert "amends 32016R0794" in rows["32026R0999"]["why"] and "amends 32016R0794" in rows["32022R0991"]["why"]
    assert "32009D0371" not in rows


def test_cited_acts_no_longer_in_force(both: Any) -> None:
    rows = {r["celex"]: r for r in run(both, "cited_acts_not_in_force", limit=1000)}
    # the paper's own supersession (Framework Decision 2002/475/JHA replaced by Directive 2017/541) stays inferred
    assert rows["32002F0475"]["in_force_source"] == "inferred" and rows["32002F0475"]["superseded_by"] == ["32017L0541"]
    assert "32016R0794" not in rows  # EUR-Lex: in force


def test_where_papers_and_eurlex_agree_and_differ(both: Any) -> None:
    rows = run(both, "eurlex_papers_agreement", celex="32016R0794")
    status = {(r["from_celex"], r["to_celex"]): r["status"] for r in rows}
    assert status[("32026R0999", "32016R0794")] == "EUR-Lex only"
    assert status[("32016R0794", "32009D0371")] in ("agree", "differ", "EUR-Lex only")
    paper = run(both, "eurlex_papers_agreement", celex="32002F0475")
    assert {r["status"] for r in paper} == {"papers only"}


def test_same_answers_on_both_backends(both: Any, request: pytest.FixtureRequest) -> None:
    """Each backend's answers are recorded; when both ran in this session they must be equal."""
    answers = {
        name: run(both, name, **params)
        for name, params in [
            ("eurlex_amendments_unmentioned", {"celex": "32016R0794"}),
            ("acts_for_agency", {"agency": "Europol", "limit": 500}),
            ("agency_acts_in_force", {"agency": "Europol"}),
            ("cited_acts_not_in_force", {"limit": 1000}),
            ("eurlex_papers_agreement", {"celex": ""}),
        ]
    }
    seen = request.config.__dict__.setdefault("_eurlex_answers", {})
    for other, previous in seen.items():
        if other != both.backend:
            assert previous == answers, f"{both.backend} and {other} differ"
    seen[both.backend] = answers


def test_act_shows_eurlex_metadata(both: Any) -> None:
    (europol,) = run(both, "act", celex="32016R0794")
    # the hand gold of fixtures/README.md: in force per EUR-Lex, cited by the paper
    assert europol["in_force"] is True and europol["in_force_source"] == "eurlex"
    assert europol["title"].startswith("Regulation (EU) 2016/794 of the European Parliament and of the Council")
    assert europol["citing_documents"] >= 1
    (old,) = run(both, "act", celex="32009D0371")
    assert old["in_force"] is False and old["in_force_source"] == "eurlex"
