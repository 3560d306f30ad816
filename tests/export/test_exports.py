"""Round-trip tests of every export format: what is written is read back by an independent reader
(networkx, rdflib, json, our neo4j-admin checker) and compared with the source graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eusec.graph import statements
from eusec.graph.export import FORMATS, export, node_uri
from eusec.graph.model import Graph, relationship_row
from eusec.graph.schema import REL_EXTRA, load_schema, rel_uid
from tests.export.conftest import build_export_graph
from tests.export.csvcheck import check_import_folder


@pytest.fixture(params=["hand_built", "sample_paper"])
def graph(request) -> Graph:
    """Each test runs on the hand-built graph (every label and type) and on the extracted sample paper."""
    if request.param == "hand_built":
        return build_export_graph()
    return request.getfixturevalue("sample_paper_graph")


# -- neo4j-admin CSV ---------------------------------------------------------------------------------


def test_csv_is_a_valid_import_folder_equal_to_the_graph(graph: Graph, tmp_path: Path) -> None:
    res = export(graph, "csv", tmp_path / "csv")
    parsed = check_import_folder(tmp_path / "csv")
    assert parsed.errors == []
    assert res.nodes == len(graph.nodes) == len(parsed.graph_nodes())
    assert res.relationships == len(graph.relationships) == len(parsed.relationships)
    provenance = parsed.provenance()
    for uid, node in graph.nodes.items():
        got = parsed.nodes[uid]
        assert got[":LABEL"] == [node.label]
        assert got["uid"] == uid
        assert got["sources"] == sorted({p.document for p in node.provenance})
        assert "provenance" not in got  # stored apart, one Statement row per (node, document)
        assert provenance.get(uid, []) == statements.sort(p.as_dict() for p in node.provenance), uid
        for k, v in node.properties.items():
            assert got.get(k) == v, (uid, k)  # typed back: ints, booleans, lists, multi-line text
    schema = load_schema()
    want = {(r.type, r.start, r.end): relationship_row(r) for r in graph.relationships.values()}
    for rel in parsed.relationships:
        ident = (rel[":TYPE"], rel[":START_ID"], rel[":END_ID"])
        row = want[ident]
        if schema.rel(ident[0]).canonical:  # one edge with its sources, the statement a Statement row
            assert rel["uid"] == rel_uid(*ident) and rel["sources"] == [row.pop("source")], rel
            stated = graph.relationships[ident].provenance.as_dict()
            assert provenance[rel["uid"]] == [stated]
            row = {k: v for k, v in row.items() if k not in REL_EXTRA}
        for k, v in row.items():
            assert rel.get(k) == v, (rel[":TYPE"], k)


def test_csv_headers_are_typed_from_the_schema(tmp_path: Path) -> None:
    export(build_export_graph(), "csv", tmp_path)
    legal = (tmp_path / "nodes" / "LegalAct.header.csv").read_text().strip().split(",")
    assert legal[:2] == ["uid:ID", ":LABEL"]
    assert "year:long" in legal and "number:long" in legal and "sources:string[]" in legal
    wp = (tmp_path / "nodes" / "WorkingParty.header.csv").read_text().strip().split(",")
    assert "aliases:string[]" in wp and "active:boolean" in wp
    refs = (tmp_path / "relationships" / "REFERENCES.header.csv").read_text().strip().split(",")
    assert refs[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert "via_footnote:boolean" in refs and "line_start:long" in refs
    script = (tmp_path / "import.sh").read_text()
    assert "neo4j-admin database import full" in script
    assert "--nodes=LegalAct=nodes/LegalAct.header.csv,nodes/LegalAct.csv" in script
    assert "--relationships=REFERENCES=relationships/REFERENCES.header.csv,relationships/REFERENCES.csv" in script
    assert "--multiline-fields=true" in script
    assert (tmp_path / "README.txt").read_text().count("neo4j-admin database import full") == 1


def test_csv_checker_catches_a_dangling_relationship(tmp_path: Path) -> None:
    """The checker must be able to fail: break a reference and it reports it."""
    export(build_export_graph(), "csv", tmp_path)
    f = tmp_path / "relationships" / "AMENDS.csv"
    f.write_text(f.read_text().replace("LegalAct:32016R0794", "LegalAct:NOPE", 1))
    errors = check_import_folder(tmp_path).errors
    assert any("NOPE" in e for e in errors)


def test_csv_refuses_an_array_value_containing_the_delimiter(tmp_path: Path) -> None:
    from eusec.errors import InputError

    g = build_export_graph()
    g.nodes["WorkingParty:COPEN"].properties["aliases"] = ["a;b"]
    with pytest.raises(InputError, match="array delimiter"):
        export(g, "csv", tmp_path)


# -- GraphML -----------------------------------------------------------------------------------------


def test_graphml_round_trips_through_networkx(graph: Graph, tmp_path: Path) -> None:
    import networkx as nx

    export(graph, "graphml", tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert back.number_of_nodes() == len(graph.nodes)
    assert back.number_of_edges() == len(graph.relationships)
    for uid, node in graph.nodes.items():
        attrs = back.nodes[uid]
        assert attrs["label"] == node.label and attrs["key"] == node.key
        assert json.loads(attrs["sources"]) == sorted({p.document for p in node.provenance})
        for k, v in node.properties.items():
            got = attrs[k]
            if isinstance(v, list):
                assert json.loads(got) == v
            elif k == "number" and node.label == "LegalAct":
                assert got == str(v)  # "number" is text on other labels: one GraphML type per name
            else:
                assert got == v, (uid, k)
    edges = {(u, v, d["type"]) for u, v, d in back.edges(data=True)}
    assert edges == {(r.start, r.end, r.type) for r in graph.relationships.values()}


# -- APOC JSON lines ---------------------------------------------------------------------------------


def test_json_lines_parse_and_counts_match(graph: Graph, tmp_path: Path) -> None:
    export(graph, "json", tmp_path / "g.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "g.jsonl").read_text(encoding="utf-8").splitlines()]
    nodes = [x for x in lines if x["type"] == "node"]
    rels = [x for x in lines if x["type"] == "relationship"]
    assert len(nodes) == len(graph.nodes) and len(rels) == len(graph.relationships)
    ids = {n["id"]: n["properties"]["uid"] for n in nodes}
    assert {n["properties"]["uid"] for n in nodes} == set(graph.nodes)
    got = {(r["label"], ids[r["start"]["id"]], ids[r["end"]["id"]]) for r in rels}
    assert got == set(graph.relationships)


# -- RDF ---------------------------------------------------------------------------------------------


def _rdf_back(path: Path, fmt: str):
    from rdflib import Graph as RDFGraph

    g = RDFGraph()
    g.parse(path, format=fmt)
    return g


def test_turtle_and_jsonld_parse_back_to_the_same_triples(graph: Graph, tmp_path: Path) -> None:
    from rdflib import RDF, URIRef
    from rdflib.compare import isomorphic

    export(graph, "ttl", tmp_path / "g.ttl")
    export(graph, "jsonld", tmp_path / "g.jsonld")
    ttl = _rdf_back(tmp_path / "g.ttl", "turtle")
    jld = _rdf_back(tmp_path / "g.jsonld", "json-ld")
    assert isomorphic(ttl, jld)
    ev = "https://w3id.org/eusec/vocab#"
    # one rdf:Statement per relationship, one typed subject per node
    assert len(set(ttl.subjects(RDF.type, RDF.Statement))) == len(graph.relationships)
    typed = {s for s, o in ttl.subject_objects(RDF.type) if str(o).startswith(ev) and o != URIRef(ev + "Class")}
    assert len(typed - set(ttl.subjects(RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#Class")))) == len(graph.nodes)
    for rel in graph.relationships.values():
        s, o = URIRef(node_uri(graph.nodes[rel.start])), URIRef(node_uri(graph.nodes[rel.end]))
        pred = [p for p in ttl.predicates(s, o) if str(p).startswith(ev)]
        assert pred, rel.ident


def test_rdf_uses_eli_and_eurlex_for_acts(tmp_path: Path) -> None:
    from rdflib import RDF, RDFS, Literal, URIRef
    from rdflib.namespace import OWL

    export(build_export_graph(), "ttl", tmp_path / "g.ttl")
    g = _rdf_back(tmp_path / "g.ttl", "turtle")
    ev = "https://w3id.org/eusec/vocab#"
    europol_reg = URIRef("http://data.europa.eu/eli/reg/2016/794/oj")
    assert (europol_reg, RDF.type, URIRef(ev + "LegalAct")) in g
    assert (europol_reg, OWL.sameAs, URIRef("https://eur-lex.europa.eu/eli/reg/2016/794/oj")) in g
    assert (europol_reg, URIRef(ev + "year"), Literal(2016)) in g
    amending = URIRef("http://data.europa.eu/eli/reg/2022/991/oj")
    assert (amending, URIRef(ev + "amends"), europol_reg) in g
    europol = URIRef("https://w3id.org/eusec/id/Agency/Europol")
    assert (europol_reg, URIRef(ev + "establishes"), europol) in g
    # an act without an ELI keeps a eusec URI and links EUR-Lex by CELEX
    fd = URIRef("https://w3id.org/eusec/id/LegalAct/32002F0475")
    assert (fd, OWL.sameAs, URIRef("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32002F0475")) in g
    cdoc = URIRef("https://w3id.org/eusec/id/CouncilDocument/9691%2F18")
    assert (cdoc, RDFS.seeAlso, URIRef("https://data.consilium.europa.eu/doc/document/ST-9691-2018-INIT/en/pdf")) in g
    wk = URIRef("https://w3id.org/eusec/id/CouncilDocument/WK%2012876%2F2018")
    assert list(g.objects(wk, RDFS.seeAlso)) == []  # working documents are not public
    com = URIRef("https://w3id.org/eusec/id/CommissionDocument/COM%282020%29%20795")
    assert (com, RDFS.seeAlso, URIRef("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52020DC0795")) in g
    # provenance of a relationship travels on its rdf:Statement
    stmts = [s for s in g.subjects(RDF.object, europol) if (s, RDF.predicate, URIRef(ev + "establishes")) in g]
    assert len(stmts) == 1 and (stmts[0], URIRef(ev + "lineStart"), Literal(72)) in g


def test_unknown_format_and_wrong_out_kind_are_one_line_errors(tmp_path: Path) -> None:
    from eusec.errors import EusecError

    g = build_export_graph()
    with pytest.raises(EusecError, match="unknown export format"):
        export(g, "xml", tmp_path / "x")
    with pytest.raises(EusecError, match="is a folder"):
        export(g, "ttl", tmp_path)
    (tmp_path / "f").write_text("x")
    with pytest.raises(EusecError, match="is a file"):
        export(g, "csv", tmp_path / "f")
    assert set(FORMATS) == {"csv", "graphml", "json", "jsonld", "ttl"}
