"""Fixtures for the export tests: a hand-built graph covering every label, every relationship type and the
awkward values (quotes, commas, newlines, non-ASCII, lists, booleans, None), and, once the extractor exists,
the shipped sample paper."""

from __future__ import annotations


import pytest

from eusec import PROJECT_ROOT
from eusec.graph.model import Graph, Provenance

SAMPLE = PROJECT_ROOT / "samples" / "iss-sample-9999-26.txt"


def build_export_graph() -> Graph:
    """A small graph with one node of every label and one relationship of every type."""
    doc = "9999/26"
    g = Graph(document=doc)

    def prov(line: int, snippet: str, rule: str = "test") -> Provenance:
        return Provenance(document=doc, line_start=line, line_end=line + 1, snippet=snippet, rule=rule, page=1)

    g.add_node("Document", doc, {"number": doc, "date": "2026-02-02", "title": 'Sample "paper", with commas',
                                  "subject_codes": ["COSI 9", "JAI 99"], "line_count": 154}, prov(1, "9999/26"))
    g.add_node("Measure", f"{doc}#6A", {"key": f"{doc}#6A", "number": "6A", "base_number": 6, "document": doc,
                                        "title": "Judicial cooperation through Eurojust", "section": "1.2",
                                        "state_of_play": "line one\nline two", "has_follow_up": True},
               prov(90, "6.\tJudicial cooperation\nA"))
    g.add_node("Measure", f"{doc}#4", {"key": f"{doc}#4", "number": "4", "base_number": 4, "document": doc,
                                       "title": "Strengthening the mandate of Europol", "has_follow_up": False},
               prov(70, "4. Strengthening"))
    g.add_node("WorkingParty", "COPEN", {"code": "COPEN", "name": "Working Party on Judicial Cooperation in Criminal Matters",
                                         "aliases": ["Copen", "WP COPEN"], "active": True}, prov(92, "Responsable WP: COPEN"))
    g.add_node("WorkingParty", "DAPIX", {"code": "DAPIX", "active": False}, prov(150, "DAPIX"))
    g.add_node("WorkingParty", "IXIM", {"code": "IXIM", "active": True}, prov(150, "IXIM"))
    g.add_node("LegalAct", "32016R0794", {"celex": "32016R0794", "eli": "http://data.europa.eu/eli/reg/2016/794/oj",
                                          "eurlex_url": "https://eur-lex.europa.eu/eli/reg/2016/794/oj",
                                          "type": "Regulation", "year": 2016, "number": 794,
                                          "short_name": "Regulation (EU) 2016/794"}, prov(72, "Regulation (EU) 2016/794"))
    g.add_node("LegalAct", "32022R0991", {"celex": "32022R0991", "eli": "http://data.europa.eu/eli/reg/2022/991/oj",
                                          "type": "Regulation", "year": 2022, "number": 991,
                                          "short_name": "Regulation (EU) 2022/991"}, prov(73, "Regulation (EU) 2022/991"))
    g.add_node("LegalAct", "32009D0371", {"celex": "32009D0371", "type": "Decision", "year": 2009, "number": 371,
                                          "short_name": "Council Decision 2009/371/JHA"}, prov(72, "2009/371/JHA"))
    g.add_node("LegalAct", "32017L0541", {"celex": "32017L0541", "type": "Directive", "year": 2017, "number": 541,
                                          "short_name": "Directive (EU) 2017/541"}, prov(60, "Directive (EU) 2017/541"))
    g.add_node("LegalAct", "32002F0475", {"celex": "32002F0475", "type": "Framework Decision", "year": 2002, "number": 475,
                                          "short_name": "Council Framework Decision 2002/475/JHA"}, prov(60, "2002/475/JHA"))
    g.add_node("LegalAct", "32018R1727", {"celex": "32018R1727", "type": "Regulation", "year": 2018, "number": 1727,
                                          "short_name": "Regulation (EU) 2018/1727"}, prov(94, "2018/1727"))
    g.add_node("CouncilDocument", "9691/18", {"number": "9691/18", "year": 2018, "serial": 9691,
                                              "working_document": False, "revisions": ["ADD 1"]}, prov(40, "(9691/18)"))
    g.add_node("CouncilDocument", "WK 12876/2018", {"number": "WK 12876/2018", "year": 2018, "serial": 12876,
                                                    "working_document": True}, prov(73, "(WK 12876/2018)"))
    g.add_node("CommissionDocument", "COM(2020) 795", {"reference": "COM(2020) 795", "series": "COM", "year": 2020,
                                                       "serial": 795, "final": True}, prov(22, "COM(2020) 795 final"))
    g.add_node("Agency", "Europol", {"name": "Europol", "full_name": "European Union Agency for Law Enforcement Cooperation",
                                     "aliases": ["EUROPOL"], "kind": "agency"}, prov(70, "Europol"))
    g.add_node("Agency", "Eurojust", {"name": "Eurojust", "kind": "agency"}, prov(94, "Eurojust"))
    g.add_node("InformationSystem", "SIS", {"name": "SIS", "full_name": "Schengen Information System",
                                            "aliases": ["SIS II", "Schengen Information System"]}, prov(40, "SIS"))
    g.add_node("Presidency", "2026-H1", {"semester": "2026-H1", "code": "CY", "country": "Cyprus", "seq": 4051,
                                         "start_date": "2026-01-01", "end_date": "2026-06-30"}, prov(18, "Cypriot Presidency"))

    m6a, m4 = f"Measure:{doc}#6A", f"Measure:{doc}#4"
    r = g.add_relationship
    r("CONTAINS", f"Document:{doc}", m6a, prov(90, "6."))
    r("CONTAINS", f"Document:{doc}", m4, prov(70, "4."))
    r("RESPONSIBLE_FOR", "WorkingParty:COPEN", m6a, prov(92, "Responsable WP: COPEN"))
    r("SUCCEEDED_BY", "WorkingParty:DAPIX", "WorkingParty:IXIM", prov(150, "IXIM succeeded DAPIX"), {"since": "2020"})
    r("REFERENCES", m6a, "LegalAct:32018R1727", prov(94, 'Regulation "(EU)" 2018/1727, and'), {"section": "1.2", "via_footnote": False})
    r("REFERENCES", m4, "LegalAct:32016R0794", prov(72, "Regulation (EU) 2016/794"), {"section": "1.2", "via_footnote": False})
    r("REFERENCES", f"Document:{doc}", "CouncilDocument:9691/18", prov(40, "³ Council conclusions (9691/18)"),
      {"section": "1.1", "via_footnote": True, "context": "footnote 3"})
    r("REFERENCES", m6a, "CouncilDocument:WK 12876/2018", prov(73, "(WK 12876/2018)"), {"via_footnote": False})
    r("REFERENCES", f"Document:{doc}", "CommissionDocument:COM(2020) 795", prov(22, "¹ COM(2020) 795 final"), {"via_footnote": True})
    r("INVOLVES", m4, "Agency:Europol", prov(74, "Europol presented"), {"section": "1.2"})
    r("INVOLVES", m6a, "InformationSystem:SIS", prov(95, "SIS"))
    r("ESTABLISHES", "LegalAct:32016R0794", "Agency:Europol", prov(72, "on ... (Europol)"))
    r("ESTABLISHES", "LegalAct:32018R1727", "Agency:Eurojust", prov(94, "(Eurojust)"))
    r("AMENDS", "LegalAct:32022R0991", "LegalAct:32016R0794", prov(73, "amending Regulation (EU) 2016/794"))
    r("REPEALS", "LegalAct:32016R0794", "LegalAct:32009D0371", prov(72, "replacing and repealing"))
    r("REPLACES", "LegalAct:32016R0794", "LegalAct:32009D0371", prov(72, "replacing and repealing"))
    r("REPLACES", "LegalAct:32017L0541", "LegalAct:32002F0475", prov(60, "replacing Council Framework Decision"))
    r("BASED_ON", "LegalAct:32022R0991", "LegalAct:32016R0794", prov(73, "amending"))
    r("REPORTED_UNDER", m4, "Presidency:2026-H1", prov(75, "under the CY Presidency"), {"sentence": "LEWP to be informed", "date": None})
    r("PLANNED_UNDER", m6a, "Presidency:2026-H1", prov(96, "under the CY Presidency"), {"sentence": "Follow"})
    r("ISSUED_BY", f"Document:{doc}", "Presidency:2026-H1", prov(18, "Cypriot Presidency"))
    return g


@pytest.fixture
def export_graph() -> Graph:
    return build_export_graph()


@pytest.fixture(scope="session")
def sample_paper_graph() -> Graph:
    """The shipped sample paper, extracted."""
    from eusec.ingest.pipeline import extract_file

    return extract_file(SAMPLE)
