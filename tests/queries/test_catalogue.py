"""The catalogue loader: headers, parameter grammar, rejection of malformed files (file:line), bind()."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from eusec.errors import NotFoundError, ParameterError, QueryFileError
from eusec.graph.catalogue import QUERIES_DIR, load_catalogue

ROOT = Path(__file__).resolve().parents[2]


def catalogue_markdown() -> str:
    """The README block as scripts/gen_catalogue_md.py prints it (the generator lives next to its script)."""
    spec = importlib.util.spec_from_file_location("gen_catalogue_md", ROOT / "scripts" / "gen_catalogue_md.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.catalogue_markdown()

GOOD = """// name: {name}
// description: A test query.
// params: agency:string=Europol (the agency) e.g. Eurojust, limit:int[1..50]=5, flag:bool=false
MATCH (a:Agency {{name: $agency}})
WHERE $flag OR true
RETURN a.name AS name LIMIT $limit
"""


def write(folder: Path, name: str, text: str, sub: str | None = None) -> Path:
    target = folder / sub if sub else folder
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_catalogue_loads() -> None:
    cat = load_catalogue()
    assert len(cat) >= 15
    for q in cat:
        assert q.path.stem == q.name
        assert q.description
        assert "$" not in q.description
        assert q.text.strip()
    assert "acts_for_agency" in cat and "shortest_connection" in cat


def test_shipped_overrides_are_used_for_embedded_only() -> None:
    cat = load_catalogue()
    q = cat.get("shortest_connection")
    assert "ALL SHORTEST" in q.text_for("embedded")
    assert "allShortestPaths" in q.text_for("neo4j")
    assert q.text_for("neo4j") == q.text


def test_every_query_orders_its_rows() -> None:
    """Determinism: every query that can return several rows has an ORDER BY (the same on both backends)."""
    single_row = {"measure", "act", "measures_count"}
    for q in load_catalogue():
        if q.name in single_row:
            continue
        for backend in ("embedded", "neo4j"):
            assert "ORDER BY" in q.text_for(backend), (q.name, backend)


def test_good_file_parses(tmp_path: Path) -> None:
    write(tmp_path, "t", GOOD.format(name="t"))
    q = load_catalogue(tmp_path).get("t")
    assert [p.name for p in q.params] == ["agency", "limit", "flag"]
    agency, limit, flag = q.params
    assert agency.default == "Europol" and agency.example == "Eurojust" and agency.description == "the agency"
    assert (limit.minimum, limit.maximum, limit.default) == (1, 50, 5)
    assert flag.default is False and not flag.required


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        ("MATCH (a:Agency) WHERE a.name = '{agency}' RETURN a", 4, "interpolation"),
        ("MATCH (a:Agency)\nWHERE a.name = %s\nRETURN a", 5, "interpolation"),
        ("MATCH (a:Agency)\nRETURN a\nLIMIT ${limit}", 6, "interpolation"),
        ("MATCH (a:Agency {name: {{agency}}}) RETURN a", 4, "interpolation"),
        ("MATCH (a:Agency)\nWHERE a.name = $agency AND a.kind = $kind\nRETURN a LIMIT $limit", 5, "$kind"),
    ],
)
def test_bad_body_names_file_and_line(tmp_path: Path, body: str, line: int, fragment: str) -> None:
    header = "// name: bad\n// description: d\n// params: agency:string=Europol, limit:int=5\n"
    write(tmp_path, "bad", header + body + "\n")
    with pytest.raises(QueryFileError) as err:
        load_catalogue(tmp_path)
    assert err.value.message.startswith(f"bad.cypher:{line}:") or f"/bad.cypher:{line}:" in err.value.message
    assert fragment in err.value.message


def test_dollar_inside_strings_and_comments_is_fine(tmp_path: Path) -> None:
    text = "// name: s\n// description: d\n// params: none\nRETURN 'costs $5' AS x, {a: 1} AS m // {comment} $y\n"
    write(tmp_path, "s", text)
    assert load_catalogue(tmp_path).get("s").params == ()


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("MATCH (n) RETURN n\n", 1, "missing header"),
        ("// description: d\nMATCH (n) RETURN n\n", 1, "'// name: ...'"),
        ("// name: other\n// description: d\nMATCH (n) RETURN n\n", 1, "differs from the file name"),
        ("// name: h\n// description: d\n// params: x:text\nRETURN $x\n", 3, "unknown type"),
        ("// name: h\n// description: d\n// params: x:int=abc\nRETURN $x\n", 3, "default of 'x'"),
        ("// name: h\n// description: d\n// params: x:int, x:int\nRETURN $x\n", 3, "declared twice"),
        ("// name: h\n// description: d\n// params: x:int\nRETURN 1\n", 4, "not used"),
        ("// name: h\n// description: d\n// params: none\n", 3, "no Cypher statement"),
        ("// name: h\n// description: d\n// description: e\nRETURN 1\n", 3, "given twice"),
        ("// name: h\n// description: d\n// params: 9x:int\nRETURN 1\n", 3, "cannot read parameter"),
    ],
)
def test_bad_header_names_file_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    write(tmp_path, "h", text)
    with pytest.raises(QueryFileError) as err:
        load_catalogue(tmp_path)
    assert f"h.cypher:{line}:" in err.value.message, err.value.message
    assert fragment in err.value.message
    assert err.value.details["line"] == line


def test_message_path_is_relative_for_shipped_folder() -> None:
    # the shipped folder is inside the project: messages say "queries/x.cypher:LINE"
    from eusec.graph.catalogue import _fail

    err = _fail(QUERIES_DIR / "x.cypher", 3, "boom")
    assert err.message == "queries/x.cypher:3: boom"


def test_override_rules(tmp_path: Path) -> None:
    write(tmp_path, "t", GOOD.format(name="t"))
    write(tmp_path, "t", "MATCH (a:Agency) WHERE a.name = $agency OR $flag RETURN a LIMIT $limit\n", sub="ladybug")
    q = load_catalogue(tmp_path).get("t")
    assert q.text_for("embedded").startswith("MATCH (a:Agency) WHERE")
    assert q.text_for("neo4j") == q.text
    # an override using a parameter the portable header does not declare
    write(tmp_path, "t", "RETURN $agency, $flag, $limit, $other\n", sub="ladybug")
    with pytest.raises(QueryFileError, match=r"ladybug/t.cypher:1: parameter \$other"):
        load_catalogue(tmp_path)
    # an override without a portable query
    (tmp_path / "ladybug" / "t.cypher").unlink()
    write(tmp_path, "orphan", "RETURN 1\n", sub="ladybug")
    with pytest.raises(QueryFileError, match="orphan.cypher:1: override without a portable query"):
        load_catalogue(tmp_path)


def test_bind_coerces_validates_and_names_the_parameter(tmp_path: Path) -> None:
    write(tmp_path, "t", GOOD.format(name="t"))
    q = load_catalogue(tmp_path).get("t")
    assert q.bind({}) == {"agency": "Europol", "limit": 5, "flag": False}
    assert q.bind({"limit": "7", "flag": "true", "agency": "Eurojust"}) == {"agency": "Eurojust", "limit": 7, "flag": True}
    for raw, name in [({"limit": "x"}, "limit"), ({"limit": 51}, "limit"), ({"limit": 0}, "limit"),
                      ({"flag": "maybe"}, "flag"), ({"limit": True}, "limit"), ({"nope": 1}, "nope"),
                      ({"agency": ["a"]}, "agency"), ({"agency": "a\x00b"}, "agency")]:
        with pytest.raises(ParameterError) as err:
            q.bind(raw)
        assert err.value.status == 422
        assert f"'{name}'" in err.value.message
        assert err.value.details["parameter"] == name


def test_required_parameter_missing() -> None:
    q = load_catalogue().get("measures_citing_act")
    with pytest.raises(ParameterError, match="'celex' is required"):
        q.bind({})
    assert q.bind({"celex": "32016R0794"}) == {"celex": "32016R0794", "limit": 200, "offset": 0}


def test_unknown_query_is_404() -> None:
    with pytest.raises(NotFoundError) as err:
        load_catalogue().get("no_such_query")
    assert err.value.status == 404


def test_readme_contains_the_generated_catalogue_block() -> None:
    """README.md must contain exactly the block scripts/gen_catalogue_md.py prints (run it with --write)."""
    from eusec import PROJECT_ROOT

    block = catalogue_markdown()
    readme = (PROJECT_ROOT / "README.md")
    assert readme.exists(), "README.md is missing"
    text = readme.read_text(encoding="utf-8")
    assert "<!-- catalogue:start -->" in text and "<!-- catalogue:end -->" in text, "README has no catalogue markers"
    start = text.index("<!-- catalogue:start -->")
    end = text.index("<!-- catalogue:end -->") + len("<!-- catalogue:end -->")
    assert text[start:end] + "\n" == block, "README catalogue block is stale: python scripts/gen_catalogue_md.py --write"


def test_markdown_lists_every_query() -> None:
    block = catalogue_markdown()
    for q in load_catalogue():
        assert f"| `{q.name}` |" in block


def test_records_are_frozen_and_carry_file_and_line(tmp_path: Path) -> None:
    """Each file is parsed once into frozen records that say where every part came from."""
    import dataclasses

    write(tmp_path, "t", GOOD.format(name="t"))
    write(tmp_path, "t", "// a comment line\nMATCH (a:Agency) WHERE a.name = $agency OR $flag RETURN a LIMIT $limit\n",
          sub="ladybug")
    q = load_catalogue(tmp_path).get("t")
    assert (q.path.name, q.line) == ("t.cypher", 4)
    assert [p.line for p in q.params] == [3, 3, 3]
    override = q.source_for("embedded")
    assert (override.path.parent.name, override.path.name, override.line) == ("ladybug", "t.cypher", 2)
    assert q.source_for("neo4j").line == 4 and q.source_for("neo4j").text == q.text
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.text = "MATCH (n) DETACH DELETE n"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.params[0].default = "x"  # type: ignore[misc]
