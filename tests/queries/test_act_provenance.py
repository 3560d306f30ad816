"""`act` returns its provenance one page of its sources at a time (a much-cited act has one statement list per
paper): on both backends the page holds the Statement rows of exactly those documents, in document order."""

from __future__ import annotations

import json
from typing import Any

import pytest

from eusec.graph.schema import STATEMENT_LABEL
from tests.conftest import _extract_sample
from tests.corpus.conftest import EDITION_FILES, load_editions

pytestmark = pytest.mark.timeout(600)
ACT = "32016R0794"


def _documents(row: dict[str, Any]) -> list[str]:
    """The document of each statement list of the row's provenance, in order."""
    out = []
    for text in row["provenance"]:
        docs = {s["document"] for s in json.loads(text)}
        assert len(docs) == 1, docs  # one list per document
        out.append(docs.pop())
    return out


def test_act_provenance_is_one_page_of_its_sources(store: Any) -> None:
    store.load_document(_extract_sample())
    load_editions(store, EDITION_FILES, relink_each=False)
    sources = store.read("MATCH (a:LegalAct {celex: $c}) RETURN a.sources AS s", {"c": ACT})[0]["s"]
    assert len(sources) >= 3 and sources == sorted(sources)
    stated = {r["id"].split("@", 1)[1] for r in store.read(
        f"MATCH (s:{STATEMENT_LABEL}) WHERE s.id STARTS WITH $p RETURN s.id AS id", {"p": f"LegalAct:{ACT}@"})}

    def page(limit: int, offset: int) -> list[str]:
        rows = store.run_named("act", {"celex": ACT, "provenance_limit": limit, "provenance_offset": offset})
        assert len(rows) == 1 and rows[0]["sources"] == sources  # the act itself on every page
        return _documents(rows[0])

    assert page(50, 0) == [d for d in sources if d in stated]
    assert page(2, 0) == [d for d in sources[:2] if d in stated]
    assert page(2, 1) == [d for d in sources[1:3] if d in stated]
    assert page(1, len(sources) - 1) == [d for d in sources[-1:] if d in stated]
    assert page(10, len(sources)) == []  # past the end: the act, no statements
    assert store.run_named("act", {"celex": ACT})[0]["provenance"]  # the default page
