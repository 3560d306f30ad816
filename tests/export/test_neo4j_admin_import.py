"""Run the real ``neo4j-admin database import full`` (Neo4j 5 import tool from the Maven artifacts the launcher
resolved, graph.launcher.classpath()) on the CSV export, and check it imports every node and
relationship. Skipped with the reason when Java or the resolved classpath is missing."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from eusec.graph import statements
from eusec.graph.export import export
from eusec.graph.model import Graph
from eusec.graph.schema import load_schema
from tests.export.conftest import build_export_graph

def _admin(tmp_path: Path) -> list[str]:
    if not shutil.which("java"):
        pytest.skip("java is not installed: cannot run neo4j-admin")
    from eusec.graph import launcher

    if not launcher.is_installed():
        pytest.skip("the Neo4j launcher is not built or out of date: run `eusec neo4j install` once")
    return ["java", "-Xmx1g", "-cp", launcher.classpath(), "org.neo4j.cli.AdminTool"]


def run_import(graph: Graph, tmp_path: Path, mutate=None) -> subprocess.CompletedProcess[str]:
    """Export ``graph`` as CSV (then ``mutate(folder)``) and run the command import.sh holds, in a scratch NEO4J_HOME."""
    admin = _admin(tmp_path)
    folder = tmp_path / "csv"
    export(graph, "csv", folder)
    if mutate:
        mutate(folder)
    line = next(x for x in (folder / "import.sh").read_text().splitlines() if x.startswith("exec neo4j-admin "))
    args = shlex.split(line)[2:]  # drop "exec neo4j-admin"
    home = tmp_path / "neo4j-home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text(f"server.directories.data={home / 'data'}\n")
    env = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    return subprocess.run(admin + args, cwd=folder, env=env, capture_output=True, text=True, timeout=300)


def _imported(out: str) -> tuple[int, int]:
    nodes = re.search(r"^\s*(\d+) nodes\s*$", out, re.M)
    rels = re.search(r"^\s*(\d+) relationships\s*$", out, re.M)
    assert nodes and rels, out[-2000:]
    return int(nodes.group(1)), int(rels.group(1))


@pytest.mark.timeout(600)
def test_neo4j_admin_imports_every_node_and_relationship(tmp_path: Path) -> None:
    graph = build_export_graph()
    proc = run_import(graph, tmp_path)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    assert "IMPORT DONE" in out
    rows = sum(len(statements.rows_for(n.uid, [p.as_dict() for p in n.provenance])) for n in graph.nodes.values())
    assert rows >= len(graph.nodes)  # every node has provenance: one Statement row per (node, document)
    # and each relation between shared nodes (a canonical type: AMENDS, ESTABLISHES ...) one for its document
    schema = load_schema()
    rows += sum(1 for r in graph.relationships.values() if schema.rel(r.type).canonical)
    assert _imported(out) == (len(graph.nodes) + rows, len(graph.relationships))


@pytest.mark.timeout(600)
def test_neo4j_admin_rejects_a_dangling_relationship(tmp_path: Path) -> None:
    """The real tool fails on what our checker calls an error: a relationship to an id no node has."""
    def break_reference(folder: Path) -> None:
        f = folder / "relationships" / "AMENDS.csv"
        f.write_text(f.read_text().replace("LegalAct:32016R0794", "LegalAct:NOPE", 1))

    proc = run_import(build_export_graph(), tmp_path, break_reference)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "Error in input data" in out, out[-2000:]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_imported_database_reads_back_as_the_same_graph(tmp_path: Path) -> None:
    """Full round trip: CSV -> neo4j-admin import -> a real Neo4j started on the imported files (the project's
    launcher, free ports) -> Neo4jStore.dump() gives back the graph we exported, properties typed, provenance kept."""
    from eusec.graph import launcher
    from eusec.graph.backends.neo4j import Neo4jStore
    from tests.ui.conftest import free_port

    graph = build_export_graph()
    proc = run_import(graph, tmp_path)  # skips when the launcher is not installed
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    home = tmp_path / "neo4j-home"
    password = "export-roundtrip-pw"
    bolt, http = free_port(), free_port()
    launcher.start(home, bolt, http, password, timeout=300)
    try:
        store = Neo4jStore(f"bolt://127.0.0.1:{bolt}", "neo4j", password, database="neo4j")
        try:
            back = store.dump()
        finally:
            store.close()
    finally:
        launcher.stop(home)
    assert set(back.nodes) == set(graph.nodes)
    for uid, node in graph.nodes.items():
        assert back.nodes[uid].properties == node.properties, uid
        assert back.nodes[uid].provenance == node.provenance, uid
    assert set(back.relationships) == set(graph.relationships)
    for ident, rel in graph.relationships.items():
        got = back.relationships[ident]
        assert got.provenance == rel.provenance, ident
        assert {k: v for k, v in got.properties.items() if v is not None} == {
            k: v for k, v in rel.properties.items() if v is not None
        }, ident
