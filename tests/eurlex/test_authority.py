"""A paper loaded after EUR-Lex/CELLAR data never overrides the authoritative properties of an act (its
printed title, say); it only adds itself as a source and fills what EUR-Lex left empty. Both backends."""

from __future__ import annotations

import pytest

from eusec.ingest.eurlex.importer import import_file
from tests.conftest import BACKENDS, _extract_sample, _skip_unless_enabled, open_test_store
from tests.eurlex.conftest import FIXTURES

EURLEX_TITLE = (
    "Regulation (EU) 2016/794 of the European Parliament and of the Council of 11 May 2016 on the European Union "
    "Agency for Law Enforcement Cooperation (Europol)"
)


@pytest.mark.parametrize("backend", BACKENDS)
def test_paper_after_eurlex_keeps_eurlex_title(backend: str, tmp_path) -> None:
    _skip_unless_enabled(backend)
    graph = _extract_sample()
    paper_title = graph.nodes["LegalAct:32016R0794"].properties.get("title")
    assert paper_title and paper_title != EURLEX_TITLE  # the paper prints a title of its own
    s = open_test_store(backend, tmp_path)
    try:
        import_file(s, FIXTURES / "europol_sparql.json")
        s.load_document(graph)
        rows = s.read("MATCH (a:LegalAct {celex: '32016R0794'}) RETURN a.title AS title, a.sources AS sources, "
                      "a.short_name AS short_name", {})
        assert rows[0]["title"] == EURLEX_TITLE
        assert graph.document in rows[0]["sources"]
        assert rows[0]["short_name"] == "Regulation (EU) 2016/794"  # filled by the paper: EUR-Lex had none
    finally:
        try:
            if backend == "neo4j":
                s.clear()
        finally:
            s.close()
