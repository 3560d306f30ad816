"""graph/schema.py: validation of the schema file, generated DDL, graph checks."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from eusec.errors import SchemaError
from eusec.graph.model import Graph, Provenance
from eusec.graph.schema import SCHEMA_PATH, load_schema, parse_schema


@pytest.fixture
def raw() -> dict[str, Any]:
    return yaml.safe_load(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_project_schema_loads() -> None:
    schema = load_schema()
    assert schema.key_of("LegalAct") == "celex"
    assert schema.key_of("Measure") == "key"
    assert ("Measure", "LegalAct") in schema.rel("REFERENCES").pairs
    assert schema.node("Document").columns["sources"] == "STRING[]"
    assert schema.rel("REFERENCES").columns["line_start"] == "INT64"


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(colour=1), "unknown keys"),
        (lambda d: d["nodes"]["Agency"].update(shape="x"), "unknown keys"),
        (lambda d: d["nodes"]["Agency"].update(key="nope"), "key property 'nope'"),
        (lambda d: d["nodes"]["Agency"]["properties"].update(size="FLOAT"), "unknown type 'FLOAT'"),
        (lambda d: d["relationships"]["CONTAINS"].update({"to": ["Nope"]}), "unknown label 'Nope'"),
        (lambda d: d["relationships"]["CONTAINS"].update(weight=1), "unknown keys"),
        (lambda d: d["nodes"]["Agency"].update(indexes=["nope"]), "property 'nope' is not declared"),
        (lambda d: d["nodes"]["Agency"]["properties"].update(uid="STRING"), "reserved"),
        (lambda d: d["relationships"]["AMENDS"].update(properties={"source": "STRING"}), "reserved"),
        (lambda d: d.update(version="one"), "version"),
    ],
)
def test_bad_schema_rejected(raw: dict[str, Any], mutate: Any, message: str) -> None:
    data = copy.deepcopy(raw)
    mutate(data)
    with pytest.raises(SchemaError, match=message):
        parse_schema(data)


def test_neo4j_ddl() -> None:
    ddl = load_schema().neo4j_ddl()
    assert "CREATE CONSTRAINT legalact_key IF NOT EXISTS FOR (n:`LegalAct`) REQUIRE n.`celex` IS UNIQUE" in ddl
    assert "CREATE INDEX measure_uid IF NOT EXISTS FOR (n:`Measure`) ON (n.uid)" in ddl
    assert any(s.startswith("CREATE FULLTEXT INDEX measure_fulltext IF NOT EXISTS FOR (n:`Measure`) ON EACH [n.`title`") for s in ddl)
    assert all("IF NOT EXISTS" in s for s in ddl)
    names = [n for n, _ in load_schema().neo4j_ddl_named()]
    assert len(names) == len(set(names))


def test_ladybug_ddl() -> None:
    ddl = load_schema().ladybug_ddl()
    doc = next(s for s in ddl if "`Document`(" in s)
    assert "`uid` STRING" in doc and "`sources` STRING[]" in doc and "PRIMARY KEY(`number`)" in doc
    ref = next(s for s in ddl if "`REFERENCES`(" in s)
    assert ref.count("FROM ") == 6 and "`line_end` INT64" in ref and "`via_footnote` BOOLEAN" in ref


def _graph() -> Graph:
    g = Graph(document="1/20")
    p = Provenance("1/20", 1, 1, "x", "t")
    g.add_node("Document", "1/20", {"number": "1/20"}, p)
    g.add_node("Measure", "1/20#1", {"number": "1", "base_number": 1}, p)
    g.add_relationship("CONTAINS", "Document:1/20", "Measure:1/20#1", p)
    return g


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda g: g.add_node("Alien", "x"), "unknown label"),
        (lambda g: g.nodes["Measure:1/20#1"].properties.update(colour="red"), "not declared"),
        (lambda g: g.nodes["Measure:1/20#1"].properties.update(base_number="one"), "should be INT64"),
        (lambda g: g.nodes["Measure:1/20#1"].properties.update(has_follow_up=1), "should be BOOLEAN"),
        (lambda g: g.nodes["Document:1/20"].properties.update(number="2/20"), "differs from the key"),
        (lambda g: g.nodes["Document:1/20"].properties.update(sources=["x"]), "reserved"),
        (lambda g: g.add_relationship("CONTAINS", "Measure:1/20#1", "Document:1/20", Provenance("1/20", 1, 1, "", "")),
         "not allowed"),
        (lambda g: g.add_relationship("REFERENCES", "Document:1/20", "Measure:1/20#1", Provenance("1/20", 1, 1, "", "")),
         "not allowed"),
    ],
)
def test_graph_validation(mutate: Any, message: str) -> None:
    g = _graph()
    load_schema().validate_graph(g)
    mutate(g)
    with pytest.raises(SchemaError, match=message):
        load_schema().validate_graph(g)
