"""Measure histories, edition diffs, citations and lineage over the three sample editions: the named queries
(known answers from the editions' text, same rows on both backends), the REST routes and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
from fastapi.testclient import TestClient

from eusec import PROJECT_ROOT
from eusec.api.deps import jsonable
from eusec.graph.catalogue import load_catalogue
from tests.corpus.conftest import EDITION_FILES, load_editions

pytestmark = pytest.mark.timeout(900)
CATALOGUE = load_catalogue()


def run(store: Any, name: str, **params: Any) -> list[dict[str, Any]]:
    q = CATALOGUE.get(name)
    return jsonable(store.read(q.text_for(store.backend), q.bind(params)))


def _open(backend: str, folder: Path) -> Any:
    from tests.conftest import open_test_store

    s = open_test_store(backend, folder)
    load_editions(s, EDITION_FILES, relink_each=False)
    return s


@pytest.fixture(scope="module")
def editions_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    s = _open("embedded", tmp_path_factory.mktemp("editions"))
    yield s
    s.close()


def test_measure_history_follows_renumbering_and_retitling(editions_store: Any) -> None:
    rows = run(editions_store, "measure_history", key="9902/25#5")
    assert [(r["document"], r["number"], r["previous"]) for r in rows] == [
        ("9901/24", "4", None), ("9902/25", "5", "9901/24#4"), ("9903/25", "4", "9902/25#5"),
    ]
    last = rows[-1]
    assert last["title"] == "Implementation of the amended Europol Regulation"
    assert last["title_before"] == "Strengthening the mandate of Europol"
    assert set(last["changes"]) >= {"number", "title", "state_of_play"}
    assert "{+" in last["state_of_play_change"] and "[-" in last["state_of_play_change"]
    assert rows[0]["issued_by"] == ["2024-H2", "2025-H1"]  # the Hungarian and the incoming Polish Presidency
    assert last["planned_under"] == ["2026-H1"]  # "LEWP to discuss the evaluation under the CY Presidency"


def test_measure_history_of_a_split_measure_has_both_branches(editions_store: Any) -> None:
    rows = run(editions_store, "measure_history", key="9901/24#8")
    assert [r["key"] for r in rows] == ["9901/24#8", "9902/25#8A", "9902/25#8B", "9903/25#8A", "9903/25#8B"]
    assert {r["link"] for r in rows[1:3]} == {"split"}
    # seen from one branch, the sibling branch is not part of the history
    assert [r["key"] for r in run(editions_store, "measure_history", key="9903/25#8B")] == [
        "9901/24#8", "9902/25#8B", "9903/25#8B"]


def test_edition_diff(editions_store: Any) -> None:
    rows = run(editions_store, "edition_diff", a="9901/24", b="9902/25")
    by_status: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_status.setdefault(r["status"], []).append(r)
    assert {k: len(v) for k, v in by_status.items()} == {"continued": 8, "split": 2, "added": 1, "dropped": 1}
    assert [r["key_after"] for r in by_status["added"]] == ["9902/25#4"]
    assert by_status["added"][0]["newly_cited"] == ["CommissionDocument:COM(2020) 795"]
    assert [r["key_before"] for r in by_status["dropped"]] == ["9901/24#7"]
    changed_wp = [(r["key_before"], r["wp_before"], r["wp_after"]) for r in rows if r["wp_changed"]]
    assert changed_wp == [("9901/24#6", ["LEWP"], ["CCWP", "LEWP"])]
    renumbered = {(r["number_before"], r["number_after"]) for r in rows if r["renumbered"]}
    assert renumbered == {("4", "5"), ("5", "6"), ("6", "7"), ("8", "8A"), ("8", "8B")}
    assert {r["key_after"] for r in rows if r["retitled"]} == {"9902/25#2", "9902/25#8A", "9902/25#8B"}
    # across two steps: 9901/24 -> 9903/25 follows the chain; a paper against itself is unchanged
    far = run(editions_store, "edition_diff", a="9901/24", b="9903/25")
    assert {(r["status"], r["key_before"], r["key_after"]) for r in far if r["status"] in ("added", "dropped")} == {
        ("added", "", "9903/25#3"), ("added", "", "9903/25#7"), ("dropped", "9901/24#3", ""), ("dropped", "9901/24#7", "")}
    same = run(editions_store, "edition_diff", a="9902/25", b="9902/25")
    assert {r["status"] for r in same} == {"unchanged"} and len(same) == 11


def test_citations_and_lineage(editions_store: Any) -> None:
    cites = run(editions_store, "document_citations", number="9902/25")
    assert [(r["relation"], r["paper"], r["ingested"]) for r in cites] == [
        ("cited", "9903/25", True), ("previous document of", "9903/25", True)]
    assert {r["paper"] for r in run(editions_store, "document_citations", number="9691/18")} == {
        "9901/24", "9902/25", "9903/25"}
    lineage = run(editions_store, "document_lineage", number="9901/24")
    assert [(r["relation"], r["other"], r["ingested"]) for r in lineage] == [
        ("previous document", "9900/24", False), ("named as previous document by", "9902/25", True),
        ("next edition", "9902/25", True)]
    series = run(editions_store, "series_editions", series="")
    assert [(r["edition"], r["document"], r["measures"], r["continued"], r["added"], r["dropped"]) for r in series] == [
        (1, "9901/24", 10, None, None, None), (2, "9902/25", 11, 10, 1, 1), (3, "9903/25", 11, 10, 1, 1)]
    # one page of a long series: editions in order, from offset
    assert [r["edition"] for r in run(editions_store, "series_editions", series="", limit=2)] == [1, 2]
    assert [r["edition"] for r in run(editions_store, "series_editions", series="", limit=2, offset=2)] == [3]


@pytest.mark.skipif(os.environ.get("EUSEC_TEST_NEO4J") != "1", reason="comparison with Neo4j needs EUSEC_TEST_NEO4J=1")
def test_same_rows_on_both_backends(editions_store: Any, tmp_path: Path) -> None:
    neo = _open("neo4j", tmp_path)
    try:
        for name, params in [
            ("measure_history", {"key": "9902/25#5"}), ("measure_history", {"key": "9901/24#8"}),
            ("measure_history", {"key": "9902/25#4"}), ("edition_diff", {"a": "9901/24", "b": "9902/25"}),
            ("edition_diff", {"a": "9901/24", "b": "9903/25"}), ("edition_diff", {"a": "9902/25", "b": "9903/25"}),
            ("document_citations", {"number": "9902/25"}), ("document_citations", {"number": "9691/18"}),
            ("document_lineage", {"number": "9902/25"}), ("series_editions", {"series": ""}),
        ]:
            assert run(editions_store, name, **params) == run(neo, name, **params), (name, params)
        links = "MATCH (a:Measure)-[r:CONTINUED_AS]->(b:Measure) RETURN a.key AS o, b.key AS n, r.score AS s, r.kind AS k"
        assert sorted(map(str, editions_store.read(links))) == sorted(map(str, neo.read(links)))
    finally:
        neo.clear()
        neo.close()


def test_rest_routes(editions_store: Any, tmp_path: Path) -> None:
    from eusec.api.app import create_app
    from tests.api.conftest import make_settings

    app = create_app(make_settings(tmp_path), store=editions_store)
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/measures/9902%2F25%235/history")
        assert r.status_code == 200, r.text
        assert [e["key"] for e in r.json()["editions"]] == ["9901/24#4", "9902/25#5", "9903/25#4"]
        r = client.get("/documents/9901/24/diff/9902/25")
        assert r.status_code == 200, r.text
        assert r.json()["counts"] == {"continued": 8, "split": 2, "added": 1, "dropped": 1}
        assert client.get("/documents/9901/24/diff/1234/99").status_code == 404
        bad = client.get("/documents/9901/24/diff/x' OR 1=1")
        assert bad.status_code == 422 and bad.json()["error"]["status"] == 422
        assert client.get("/measures/nope%23x/history").status_code == 404
        assert [c["paper"] for c in client.get("/documents/9902/25/citations").json()] == ["9903/25", "9903/25"]
        assert client.get("/documents/9902/25/lineage").status_code == 200
        assert [s["document"] for s in client.get("/series").json()] == ["9901/24", "9902/25", "9903/25"]
        # the resource routes still answer beside them
        assert client.get("/documents/9902/25").status_code == 200
        assert client.get("/measures/9902%2F25%235").status_code == 200


def test_cli_diff_and_history(tmp_path: Path) -> None:
    s = _open("embedded", tmp_path)
    s.close()
    env = {**os.environ, "EUSEC_DATA_DIR": str(tmp_path), "EUSEC_STORE": "embedded"}

    def eusec(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "eusec.cli", *args], cwd=PROJECT_ROOT, capture_output=True,
                              text=True, env=env, timeout=300)

    out = eusec("diff", "9901/24", "9902/25", "--format", "json")
    assert out.returncode == 0, out.stderr
    assert '"status": "added"' in out.stdout and '"key_after": "9902/25#4"' in out.stdout
    table = eusec("diff", "9901/24", "9902/25")
    assert table.returncode == 0 and "dropped" in table.stdout and "CCWP" in table.stdout
    missing = eusec("diff", "9901/24", "1/99")
    assert missing.returncode != 0 and missing.stderr.strip().count("\n") == 0 and "1/99" in missing.stderr
    hist = eusec("history", "9902/25#5", "--format", "json")
    assert hist.returncode == 0 and '"9903/25#4"' in hist.stdout
    again = eusec("link", "--json")
    assert again.returncode == 0 and '"created": 0' in again.stdout and '"deleted": 0' in again.stdout


def test_a_long_series_is_summarised_on_one_line() -> None:
    from eusec.graph.corpus_cli import series_line

    docs = [f"{n}/20" for n in range(100, 110)]
    assert series_line("iss", docs[:6]) == "iss: " + " -> ".join(docs[:6])
    line = series_line("iss", docs)
    assert line.startswith("iss: 10 editions, 100/20 -> 101/20 -> 102/20 -> ... -> 107/20 -> 108/20 -> 109/20 ")
    assert "103/20" not in line and "series_editions -p series=iss" in line
