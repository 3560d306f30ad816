"""Every real EUR-Lex/CELLAR sample format, imported into both stores: counts of acts and of each relation
read are checked against an independent count over the same file (rdflib SPARQL, lxml XPath, a regex, the
R data frame), and the hand-written SPARQL results against their hand gold (fixtures/README.md)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from lxml import etree, html
from rdflib import Graph

from eusec.ingest.eurlex.importer import import_file
from tests.eurlex.conftest import FIXTURES, sample

ACT = re.compile(r"^3\d{4}[RLDF]\d{4}(R\(\d\d\))?$")
PREFIX = "EUR-Lex/CELLAR:"


def stored_rels(store: Any, document: str) -> dict[str, set[tuple[str, str]]]:
    """(start celex, end key) per relationship type stated by ``document``."""
    out: dict[str, set[tuple[str, str]]] = {}
    rows = store.query(
        "MATCH (a:LegalAct)-[r:AMENDS]->(b) WHERE $d IN r.sources RETURN 'AMENDS' AS t, a.celex AS a, b.uid AS b "
        "UNION ALL MATCH (a:LegalAct)-[r:REPEALS]->(b) WHERE $d IN r.sources RETURN 'REPEALS' AS t, a.celex AS a, b.uid AS b "
        "UNION ALL MATCH (a:LegalAct)-[r:CORRECTS]->(b) WHERE $d IN r.sources RETURN 'CORRECTS' AS t, a.celex AS a, b.uid AS b "
        "UNION ALL MATCH (a:LegalAct)-[r:BASED_ON]->(b) WHERE $d IN r.sources RETURN 'BASED_ON' AS t, a.celex AS a, b.uid AS b",
        {"d": document},
    )
    for row in rows:
        out.setdefault(row["t"], set()).add((row["a"], row["b"].split(":", 1)[1]))
    return out


def act(store: Any, celex: str) -> dict[str, Any]:
    rows = store.query("MATCH (a:LegalAct {celex: $c}) RETURN a", {"c": celex})
    assert rows, f"{celex} not stored"
    return rows[0]["a"]


def acts_of(store: Any, document: str) -> set[str]:
    rows = store.query("MATCH (a:LegalAct) WHERE $d IN a.sources RETURN a.celex AS c", {"d": document})
    return {r["c"] for r in rows}


# -- CELLAR RDF/XML -----------------------------------------------------------------------------------
RDF_PAIRS = """
PREFIX cdm: <http://publications.europa.eu/ontology/cdm#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?from ?to WHERE {
  { ?s cdm:%(fwd)s ?o . BIND(?s AS ?a) BIND(?o AS ?b) } UNION { ?s cdm:%(inv)s ?o . BIND(?o AS ?a) BIND(?s AS ?b) }
  ?a (owl:sameAs|^owl:sameAs)* ?ac . ?b (owl:sameAs|^owl:sameAs)* ?bc .
  FILTER(STRSTARTS(STR(?ac), "http://publications.europa.eu/resource/celex/3"))
  FILTER(STRSTARTS(STR(?bc), "http://publications.europa.eu/resource/celex/3"))
  BIND(STRAFTER(STR(?ac), "/celex/") AS ?from) BIND(STRAFTER(STR(?bc), "/celex/") AS ?to)
}"""


def rdf_pairs(graph: Graph, fwd: str, inv: str) -> set[tuple[str, str]]:
    from urllib.parse import unquote

    pairs = {(unquote(str(r[0])), unquote(str(r[1]))) for r in graph.query(RDF_PAIRS % {"fwd": fwd, "inv": inv})}
    return {(a, b) for a, b in pairs if ACT.match(a) and ACT.match(b) and a != b}


def test_cellar_rdf_tree_notice(store: Any) -> None:
    path = sample("cellar-rdf-notices/32022R2554_tree.rdf")
    import_file(store, path)
    doc = PREFIX + path.name
    got = stored_rels(store, doc)
    g = Graph().parse(path, format="xml")
    cdm = "resource_legal_"
    expected = {
        "AMENDS": rdf_pairs(g, cdm + "amends_resource_legal", cdm + "amended_by_resource_legal"),
        "REPEALS": rdf_pairs(g, cdm + "repeals_resource_legal", cdm + "repealed_by_resource_legal")
        | rdf_pairs(g, cdm + "implicitly_repeals_resource_legal", cdm + "implicitly_repealed_by_resource_legal"),
        "CORRECTS": rdf_pairs(g, cdm + "corrects_resource_legal", cdm + "corrected_by_resource_legal"),
    }
    for type_, pairs in expected.items():
        assert got.get(type_, set()) == pairs, type_
    assert len(expected["AMENDS"]) > 20 and len(expected["CORRECTS"]) == 9  # the file has them (SOURCES.md)
    # BASED_ON: acts based on acts, and the Treaty article read from the sector-1 CELEX
    assert ("32022R2554", "TFEU Art. 114") in got["BASED_ON"]
    dora = act(store, "32022R2554")
    def values(prop: str) -> set[str]:
        q = ("PREFIX cdm: <http://publications.europa.eu/ontology/cdm#> PREFIX owl: <http://www.w3.org/2002/07/owl#> "
             "SELECT DISTINCT ?v WHERE { ?w (owl:sameAs|^owl:sameAs)* <http://publications.europa.eu/resource/celex/32022R2554> . "
             f"?w cdm:{prop} ?v }}")
        return {str(r[0]) for r in g.query(q)}

    assert {str(dora["in_force"]).lower()} == values("resource_legal_in-force") and dora["in_force_source"] == "eurlex"
    assert {dora["eli"]} == values("resource_legal_eli")
    assert {dora["date_document"]} == {v[:10] for v in values("work_date_document")}
    assert {dora["date_end_of_validity"]} == values("resource_legal_date_end-of-validity")
    assert set(dora["eurovoc"]) == {v.rsplit("/", 1)[-1] for v in values("work_is_about_concept_eurovoc")}
    assert "CONSIL" in dora["author"] and "EP" in dora["author"]
    # provenance on the edges: EUR-Lex source, notice URI, format, file, notice date
    # (one edge per amendment, its statements in the Statement row of each source)
    edge = store.query(
        "MATCH (:LegalAct {celex: '32022R2554'})-[r:AMENDS]->(:LegalAct {celex: '32014R0600'}) "
        "OPTIONAL MATCH (st:Statement {id: r.uid + '@' + $d}) RETURN r.sources AS s, "
        "r.notice_uri AS u, r.format AS f, r.file AS file, r.notice_date AS d, st.statements AS st", {"d": doc}
    )
    stated = json.loads(edge[0].pop("st"))
    assert edge == [{"s": [doc], "u": "http://publications.europa.eu/resource/cellar/0caf473a-85bd-11ed-9887-01aa75ed71a1",
                     "f": "cellar-rdf", "file": path.name, "d": "2024-12-31"}]
    assert [(x["document"], x["rule"]) for x in stated] == [(doc, "eurlex.cellar-rdf:cdm:resource_legal_amends_resource_legal")]
    # idempotent: the same file again changes nothing
    again = import_file(store, path)[0]
    assert (again.nodes_created, again.nodes_updated, again.relationships_created, again.relationships_deleted) == (0, 0, 0, 0)


# -- XML notices --------------------------------------------------------------------------------------
XML_LINKS = {
    "AMENDS": ("RESOURCE_LEGAL_AMENDS_RESOURCE_LEGAL", True),
    "CORRECTS": ("RESOURCE_LEGAL_CORRECTED_BY_RESOURCE_LEGAL", False),
    "REPEALS": ("RESOURCE_LEGAL_REPEALED_BY_RESOURCE_LEGAL", False),
}


def xml_pairs(tree: Any, tag: str, forward: bool) -> set[tuple[str, str]]:
    out = set()
    for link in tree.xpath(f"//WORK/{tag}"):
        work = link.getparent()
        celex = work.xpath("string(ID_CELEX/VALUE)").strip()
        for target in link.xpath("SAMEAS/URI[TYPE='celex']/IDENTIFIER/text() | URI[TYPE='celex']/IDENTIFIER/text()"):
            target = target.strip()
            if ACT.match(celex) and ACT.match(target):
                out.add((celex, target) if forward else (target, celex))
    return out


@pytest.mark.parametrize("name", ["32022R2554_tree.xml", "32014R0001_object.xml", "2018_172_tree.xml", "2013_449_tree.xml", "52018PC0340_branch.xml"])
def test_xml_notices(store: Any, name: str) -> None:
    path = sample(f"cellar-xml-notices/{name}")
    import_file(store, path)
    doc = PREFIX + name
    got = stored_rels(store, doc)
    tree = etree.parse(str(path))
    for type_, (tag, forward) in XML_LINKS.items():
        assert got.get(type_, set()) == xml_pairs(tree, tag, forward), type_
    works = {w.strip() for w in tree.xpath("//WORK/ID_CELEX/VALUE/text()") if ACT.match(w.strip())}
    ends = {a for pairs in got.values() for a, _ in pairs} | {b for pairs in got.values() for _, b in pairs if ACT.match(b)}
    assert acts_of(store, doc) == works | ends
    flags = {w.xpath("string(ID_CELEX/VALUE)"): w.xpath("string(RESOURCE_LEGAL_IN-FORCE/VALUE)") for w in tree.xpath("//WORK[RESOURCE_LEGAL_IN-FORCE]")}
    for celex, flag in flags.items():
        assert act(store, celex)["in_force"] is (flag == "true")


def test_xml_and_rdf_of_the_same_act_agree(store: Any) -> None:
    rdf = sample("cellar-rdf-notices/32022R2554_tree.rdf")
    xml = sample("cellar-xml-notices/32022R2554_tree.xml")
    import_file(store, rdf)
    import_file(store, xml)
    by_rdf = {b for a, b in stored_rels(store, PREFIX + rdf.name)["AMENDS"] if a == "32022R2554"}
    by_xml = {b for a, b in stored_rels(store, PREFIX + xml.name)["AMENDS"] if a == "32022R2554"}
    assert by_rdf == by_xml and len(by_xml) == 5  # SOURCES.md: amends 5 acts
    title = act(store, "32022R2554")["title"]
    assert title.startswith("Regulation (EU) 2022/2554") and "digital operational resilience" in title


def test_webservice_soap_response(store: Any) -> None:
    path = sample("eurlex-webservice/searchResults_soap_response.xml")
    import_file(store, path)
    tree = etree.parse(str(path))
    ns = {"s": "http://eur-lex.europa.eu/search"}
    hits = int(tree.xpath("string(//s:numhits)", namespaces=ns))
    celexes = {re.sub(r"</?em>", "", v) for v in tree.xpath("//s:result//s:WORK/s:ID_CELEX/s:VALUE/text()", namespaces=ns)}
    assert acts_of(store, PREFIX + path.name) == celexes and len(celexes) == hits == 2
    for celex in celexes:
        flag = tree.xpath(f"string(//s:WORK[contains(s:ID_CELEX/s:VALUE, '{celex}')]/s:RESOURCE_LEGAL_IN-FORCE/s:VALUE)", namespaces=ns)
        assert act(store, celex)["in_force"] is (flag == "true")
        assert act(store, celex)["title"].startswith("Commission Implementing Regulation")


# -- ELI RDFa -----------------------------------------------------------------------------------------
def test_eli_rdfa_page(store: Any) -> None:
    path = sample("eli-rdfa/eurlex_page_32018R1805_EN.html")
    import_file(store, path)
    got = stored_rels(store, PREFIX + path.name)
    page = html.parse(str(path))
    about = "http://data.europa.eu/eli/reg/2018/1805/oj"
    changes = page.xpath("//meta[@about=$a][@property='eli:changes']/@resource", a=about)
    changed_by = page.xpath("//meta[@about=$a][@property='eli:changed_by']/@resource", a=about)
    assert len(got["AMENDS"]) == len(changes) + len(changed_by) == 4
    assert {b for a, b in got["AMENDS"] if a == "32018R1805"} == {"32003F0577", "32006F0783", "32009F0299"}
    assert ("32023R2844", "32018R1805") in got["AMENDS"]
    assert got["BASED_ON"] == {("32018R1805", "TFEU")}  # the page names the treaty, no article
    reg = act(store, "32018R1805")
    assert reg["in_force"] is True and reg["in_force_source"] == "eurlex"
    assert reg["date_document"] == page.xpath("string(//meta[@about=$a][@property='eli:date_document']/@content)", a=about)
    assert len(reg["eurovoc"]) == len(page.xpath("//meta[@about=$a][@property='eli:is_about']", a=about))
    assert reg["title"].startswith("Regulation (EU) 2018/1805")


# -- search exports -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["Search results 20240717.csv", "Search results 20240722.tsv"])
def test_search_exports(store: Any, name: str) -> None:
    path = sample(f"eurlex-search-export/{name}")
    import_file(store, path)
    text = path.read_text(encoding="utf-8-sig")
    # independent count: the CELEX column is the first quoted CELEX-shaped value of each line (titles and
    # subtitles never are one; "Adopted acts", which may hold one, comes after it)
    celexes = set()
    for line in text.splitlines()[1:]:
        m = re.search(r'"+(?P<celex>[0-9]{5}[A-Z]{1,2}[0-9]{4}[^"]*)"', line)
        assert m, line[:80]
        if ACT.match(m["celex"]):
            celexes.add(m["celex"])
    assert acts_of(store, PREFIX + name) == celexes and len(celexes) > 30
    assert stored_rels(store, PREFIX + name) == {}  # exports state no relations


# -- SPARQL results (hand-written, hand gold) ---------------------------------------------------------
@pytest.mark.parametrize("name", ["europol_sparql.json", "europol_sparql.csv"])
def test_sparql_results_against_hand_gold(store: Any, name: str) -> None:
    import_file(store, FIXTURES / name)
    doc = PREFIX + name
    assert acts_of(store, doc) == {"32016R0794", "32022R0991", "32026R0999", "32009D0371", "32009D0934"}
    assert stored_rels(store, doc) == {
        "AMENDS": {("32022R0991", "32016R0794"), ("32026R0999", "32016R0794")},
        "REPEALS": {("32016R0794", "32009D0371"), ("32016R0794", "32009D0934")},
        "BASED_ON": {("32016R0794", "TFEU Art. 88")},
    }
    assert [act(store, c).get("in_force") for c in ("32016R0794", "32022R0991", "32026R0999", "32009D0371")] == [True, True, True, False]
    assert act(store, "32009D0934").get("in_force") is None  # not stated: stays unknown


# -- the bulk act table -------------------------------------------------------------------------------
@pytest.mark.slow
def test_bulk_rdata_table(store: Any) -> None:
    import pyreadr

    path = sample("bulk-act-metadata/all_acts_2003-2019_f.Rdata")
    summaries = import_file(store, path)
    frame = pyreadr.read_r(str(path))["out2"]
    valid = frame[frame["celex"].astype(str).str.match(r"^3\d{4}[RLDF]\d{4}$")]
    # (a literal, not a parameter: LadybugDB 0.22 cannot bind a parameter inside a list predicate)
    prefix = PREFIX + path.name + "#"
    stored = store.query(f"MATCH (a:LegalAct) WHERE any(s IN a.sources WHERE s STARTS WITH '{prefix}') RETURN count(a) AS n")[0]["n"]
    assert stored == valid["celex"].nunique() and stored > 33000
    in_force = store.query("MATCH (a:LegalAct) WHERE a.in_force = true RETURN count(a) AS n")[0]["n"]
    assert in_force == int((valid["in_force"] == "inForce").sum())
    europol = act(store, "32016R0794")
    assert europol["in_force"] is True and europol["date_document"] == "2016-05-11" and "Europol" in europol["title"]
    assert len(summaries) == 16  # one part per year 2004..2019
    again = import_file(store, path)
    assert sum(s.nodes_created + s.nodes_updated + s.relationships_created for s in again) == 0
