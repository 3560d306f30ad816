"""`eusec export` end to end: a real embedded store (and Neo4j when EUSEC_TEST_NEO4J=1) holding a graph,
the console script run as a user runs it, the files read back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eusec import PROJECT_ROOT
from eusec.settings import Settings
from tests.export.conftest import build_export_graph
from tests.export.csvcheck import check_import_folder


def eusec(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "from eusec.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def loaded_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from eusec.graph.factory import open_store

    data_dir = tmp_path_factory.mktemp("export-data")
    store = open_store(Settings(data_dir=data_dir), backend="embedded")
    try:
        store.ensure_schema()
        store.load_document(build_export_graph())
    finally:
        store.close()
    return data_dir


@pytest.fixture
def env(loaded_data_dir: Path) -> dict[str, str]:
    return dict(os.environ, EUSEC_DATA_DIR=str(loaded_data_dir), EUSEC_STORE="embedded")


@pytest.mark.parametrize("fmt", ["csv", "graphml", "json", "jsonld", "ttl"])
def test_export_every_format_from_the_embedded_store(fmt: str, env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / f"out.{fmt}"
    proc = eusec("export", "--format", fmt, "--out", str(out), "--store", "embedded", env=env)
    assert proc.returncode == 0, proc.stderr
    graph = build_export_graph()
    assert f"wrote {len(graph.nodes)} nodes and {len(graph.relationships)} relationships as {fmt}" in proc.stderr
    if fmt == "csv":
        parsed = check_import_folder(out)
        assert parsed.errors == [] and set(parsed.graph_nodes()) == set(graph.nodes)
    elif fmt == "json":
        lines = [json.loads(x) for x in out.read_text().splitlines()]
        assert len(lines) == len(graph.nodes) + len(graph.relationships)
    elif fmt == "graphml":
        import networkx as nx

        g = nx.read_graphml(out, force_multigraph=True)
        assert (g.number_of_nodes(), g.number_of_edges()) == (len(graph.nodes), len(graph.relationships))
    else:
        from rdflib import Graph as RDFGraph

        g = RDFGraph().parse(out, format="turtle" if fmt == "ttl" else "json-ld")
        assert len(g) > 100


def test_bad_arguments_are_one_line_errors(env: dict[str, str], tmp_path: Path) -> None:
    proc = eusec("export", "--format", "xml", "--out", str(tmp_path / "x"), env=env)
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == ["error: --format 'xml': choose one of csv, graphml, json, jsonld, ttl"]
    proc = eusec("export", "--format", "ttl", "--out", str(tmp_path), env=env)
    assert proc.returncode == 2 and proc.stderr.strip().startswith("error: --out") and len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.neo4j
def test_export_from_neo4j(tmp_path: Path) -> None:
    if os.environ.get("EUSEC_TEST_NEO4J") != "1":
        pytest.skip("EUSEC_TEST_NEO4J is not set: the Neo4j launcher is not running for this test run")
    from eusec.graph.factory import open_store

    store = open_store(backend="neo4j")
    try:
        store.ensure_schema()
        store.clear()
        store.load_document(build_export_graph())
        proc = eusec("export", "--format", "csv", "--out", str(tmp_path / "csv"), "--store", "neo4j", env=dict(os.environ))
        assert proc.returncode == 0, proc.stderr
        parsed = check_import_folder(tmp_path / "csv")
        assert parsed.errors == [] and set(parsed.graph_nodes()) == set(build_export_graph().nodes)
    finally:
        store.clear()
        store.close()


def test_export_without_a_database_says_what_to_do(tmp_path: Path) -> None:
    env = dict(os.environ, EUSEC_DATA_DIR=str(tmp_path / "nothing"), EUSEC_STORE="embedded")
    proc = eusec("export", "--format", "ttl", "--out", str(tmp_path / "x.ttl"), env=env)
    assert proc.returncode == 3
    assert proc.stderr.strip().splitlines() == [
        f"error: no embedded database in {tmp_path / 'nothing'}: ingest a paper first (eusec up, or eusec ingest PAPER)"
    ]


@pytest.mark.parametrize("fmt", ["jsonld", "ttl", "graphml", "json"])
def test_exports_are_reproducible(fmt: str, env: dict[str, str], tmp_path: Path) -> None:
    """Two exports of the same graph (different hash seeds) are byte-identical, so they can be diffed."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.{fmt}"
        proc = eusec("export", "--format", fmt, "--out", str(out), env=dict(env, PYTHONHASHSEED=seed))
        assert proc.returncode == 0, proc.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
