"""The Neo4j Browser guide and style: generated from the schema and the catalogue and up to date, in the
Browser's guide format, ten starter queries from the catalogue, a caption and colour for every label; and,
when a Neo4j is available (EUSEC_TEST_NEO4J=1), every runnable statement of the guide runs on the sample."""

from __future__ import annotations

import html
import os
import re

import pytest
import yaml

from eusec.browser import build_guide
from eusec import PROJECT_ROOT

SCHEMA = yaml.safe_load((PROJECT_ROOT / "graph" / "schema.yaml").read_text(encoding="utf-8"))


def runnable_statements(text: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<pre class="[^"]*code runnable[^"]*">(.*?)</pre>', text, re.S)]


def test_guide_and_style_are_up_to_date() -> None:
    assert build_guide.main(["--check"]) == 0, "run: python -m eusec.browser.build_guide"


def test_guide_is_in_the_browser_guide_format_with_ten_catalogue_queries() -> None:
    from eusec.graph.catalogue import load_catalogue

    text = build_guide.OUT.read_text(encoding="utf-8")
    assert text.count("<slide ") == text.count("</slide>") >= 14
    assert '<article class="guide">' in text and "<carousel" in text
    statements = runnable_statements(text)
    names = [name for name, _ in build_guide.STARTERS]
    assert len(names) == 10 and len(set(names)) == 10
    cat = load_catalogue()
    for name in names:
        assert name in cat
        body = next(s for s in statements if s.startswith(f"// {name}"))
        assert "$" not in re.sub(r"'[^']*'", "", body), f"{name}: a parameter was left unbound"
    for label in SCHEMA["nodes"]:
        assert f":{label}" in text
    for rel in SCHEMA["relationships"]:
        assert f":{rel}" in text


def test_inline_params_quotes_strings() -> None:
    assert build_guide.inline_params("RETURN $a, $b, $c", {"a": "O'Neil", "b": 3, "c": True}) == "RETURN 'O\\'Neil', 3, true"
    with pytest.raises(KeyError):
        build_guide.inline_params("RETURN $missing", {})


def test_style_has_a_caption_and_colour_per_label() -> None:
    grass = (PROJECT_ROOT / "browser" / "style.grass").read_text(encoding="utf-8")
    assert "/*" not in grass  # the Browser's grass parser does not skip comments
    for label, spec in SCHEMA["nodes"].items():
        rule = re.search(rf"node\.{label} \{{(.*?)\n\}}", grass, re.S)
        assert rule, label
        assert f'caption: "{{{spec["caption"]}}}"' in rule.group(1)
        assert re.search(r"color: #[0-9A-F]{6};", rule.group(1))


@pytest.mark.neo4j
def test_every_guide_statement_runs_on_neo4j() -> None:
    if os.environ.get("EUSEC_TEST_NEO4J") != "1":
        pytest.skip("EUSEC_TEST_NEO4J is not set: no Neo4j for this test run")
    from eusec.graph.corpus import relink
    from eusec.graph.factory import open_store
    from eusec.ingest.pipeline import extract_file

    store = open_store(backend="neo4j")
    try:
        store.ensure_schema()
        store.clear()
        store.load_document(extract_file(PROJECT_ROOT / "samples" / "iss-sample-9999-26.txt"))
        relink(store)  # as every ingest does: corpus links and the tallies the rankings read
        empty = []
        for statement in runnable_statements(build_guide.OUT.read_text(encoding="utf-8")):
            rows = store.read(statement)
            if statement.startswith("// ") and not rows:
                empty.append(statement.splitlines()[0])
        # starter queries that answer nothing on the sample would be a poor first experience
        assert len(empty) <= 1, empty
    finally:
        store.clear()
        store.close()
