"""A hand-built excerpt of the sample paper, used by the API tests until/unless the ingest pipeline is available."""

from __future__ import annotations

from eusec.graph.model import Graph, Provenance


def P(line: int, rule: str = "test") -> Provenance:
    return Provenance("5618/20", line, line, f"line {line}", rule)


def build_excerpt_graph() -> Graph:
    """Hand-built excerpt of 5618/20 (measures 2, 3, 48 and the facts the API tests assert)."""
    g = Graph(document="5618/20")
    g.add_node("Document", "5618/20", {"number": "5618/20", "date": "2020-02-03", "title": "Implementation of the renewed ISS", "line_count": 1365}, P(1))
    for sem, code, country, seq in [("2019-H2","FI","Finland",4039),("2020-H1","HR","Croatia",4040),("2019-H1","RO","Romania",4038)]:
        g.add_node("Presidency", sem, {"semester": sem, "code": code, "country": country, "seq": seq}, P(2))
    g.add_node("Agency", "Europol", {"name": "Europol", "full_name": "European Union Agency for Law Enforcement Cooperation", "kind": "agency"}, P(10))
    g.add_node("Agency", "Eurojust", {"name": "Eurojust", "kind": "agency"}, P(11))
    g.add_node("InformationSystem", "SIS", {"name": "SIS", "full_name": "Schengen Information System"}, P(12))
    acts = [("32016R0794","Regulation (EU) 2016/794","Regulation",2016,794),("32017L0541","Directive (EU) 2017/541","Directive",2017,541),
            ("32002F0475","Framework Decision 2002/475/JHA","Framework Decision",2002,475),("32005D0671","Decision 2005/671/JHA","Decision",2005,671),
            ("32018R1862","Regulation (EU) 2018/1862","Regulation",2018,1862)]
    for celex, short, t, y, n in acts:
        g.add_node("LegalAct", celex, {"celex": celex, "short_name": short, "type": t, "year": y, "number": n, "eli": f"http://data.europa.eu/eli/x/{y}/{n}/oj", "eurlex_url": f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}"}, P(20))
    g.add_node("CouncilDocument", "9727/19", {"number": "9727/19", "year": 2019, "serial": 9727, "working_document": False}, P(30))
    g.add_node("CommissionDocument", "COM(2017) 612", {"reference": "COM(2017) 612", "series": "COM", "year": 2017, "serial": 612, "final": True}, P(31))
    for code, name in [("TWP","Terrorism Working Party"),("COSI","Standing Committee on Operational Cooperation on Internal Security"),("DAPIX", "Working Party on Information Exchange and Data Protection"),("IXIM","Working Party on JHA Information Exchange")]:
        g.add_node("WorkingParty", code, {"code": code, "name": name, "active": code != "DAPIX"}, P(40))
    ms = [("2","FTFs/Returnees, including the judicial dimension","1.1","Countering terrorism", "The Union acceded to the CoE Convention", "The Commission shall report by 8 March 2020.", True),
          ("3","Post-hit follow-up under Article 36 SIS II","1.1","Countering terrorism","Discussed at TWP","", False),
          ("48","Europol Regulation","3","Horizontal","Evaluation of Europol ongoing","Continue under the HR Presidency", True)]
    for num, title, sec, st, sop, fu, hf in ms:
        key = f"5618/20#{num}"
        g.add_node("Measure", key, {"key": key, "number": num, "base_number": int(num), "document": "5618/20", "title": title, "section": sec, "section_title": st, "state_of_play": sop, "follow_up": fu, "has_follow_up": hf}, P(100+int(num)))
        g.add_relationship("CONTAINS", "Document:5618/20", f"Measure:{key}", P(100+int(num)))
    R = g.add_relationship
    R("RESPONSIBLE_FOR", "WorkingParty:TWP", "Measure:5618/20#2", P(296))
    R("RESPONSIBLE_FOR", "WorkingParty:TWP", "Measure:5618/20#3", P(327))
    R("RESPONSIBLE_FOR", "WorkingParty:COSI", "Measure:5618/20#48", P(1173))
    R("SUCCEEDED_BY", "WorkingParty:DAPIX", "WorkingParty:IXIM", P(41), {"since": "2020-01-01"})
    R("REFERENCES", "Measure:5618/20#2", "LegalAct:32017L0541", P(300), {"section": "main_documents", "via_footnote": False})
    R("REFERENCES", "Measure:5618/20#48", "LegalAct:32016R0794", P(1176), {"section": "main_documents", "via_footnote": False})
    R("REFERENCES", "Measure:5618/20#3", "CouncilDocument:9727/19", P(330), {"section": "main_documents", "via_footnote": False})
    R("REFERENCES", "Document:5618/20", "CommissionDocument:COM(2017) 612", P(90), {"section": "1.1", "via_footnote": True})
    R("REFERENCES", "Document:5618/20", "CouncilDocument:9727/19", P(88), {"section": "1.1", "via_footnote": True})
    R("REPLACES", "LegalAct:32017L0541", "LegalAct:32002F0475", P(300))
    R("AMENDS", "LegalAct:32017L0541", "LegalAct:32005D0671", P(300))
    R("ESTABLISHES", "LegalAct:32016R0794", "Agency:Europol", P(1176))
    R("ESTABLISHES", "LegalAct:32018R1862", "InformationSystem:SIS", P(1177))
    R("INVOLVES", "Measure:5618/20#48", "Agency:Europol", P(1174), {"section": "3"})
    R("INVOLVES", "Measure:5618/20#2", "Agency:Europol", P(305), {"section": "1.1"})
    R("INVOLVES", "Measure:5618/20#3", "InformationSystem:SIS", P(327), {"section": "1.1"})
    R("INVOLVES", "Document:5618/20", "Agency:Eurojust", P(60), {"section": "1.1"})
    R("REPORTED_UNDER", "Measure:5618/20#2", "Presidency:2019-H2", P(305), {"sentence": "under FI", "date": "2019-10-01", "section": "state_of_play"})
    R("PLANNED_UNDER", "Measure:5618/20#48", "Presidency:2020-H1", P(1180), {"sentence": "Continue under the HR Presidency", "section": "follow_up"})
    R("REPORTED_UNDER", "Measure:5618/20#48", "Presidency:2019-H1", P(1179), {"sentence": "RO did", "section": "state_of_play"})
    R("ISSUED_BY", "Document:5618/20", "Presidency:2019-H2", P(5))
    R("ISSUED_BY", "Document:5618/20", "Presidency:2020-H1", P(5))
    return g
