"""eusec queries / query / serve|up wiring (subprocess, the real console entry point)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from eusec import PROJECT_ROOT
from eusec.graph.catalogue import load_catalogue


def eusec(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eusec.cli", *args], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, env={**os.environ, "COLUMNS": "200", **(env or {})}, timeout=300)


def test_queries_lists_the_catalogue() -> None:
    r = eusec("queries", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert {row["name"] for row in json.loads(r.stdout)} == set(load_catalogue().names())


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from eusec.settings import Settings
    from eusec.graph.factory import open_store
    from tests.api.graphs import build_excerpt_graph

    path = tmp_path_factory.mktemp("cli-data")
    store = open_store(Settings(store="embedded", data_dir=path), backend="embedded")
    store.ensure_schema()
    store.load_document(build_excerpt_graph())
    store.close()
    return path


def test_query_prints_rows_as_json_and_table(data_dir: Path) -> None:
    env = {"EUSEC_DATA_DIR": str(data_dir), "EUSEC_STORE": "embedded"}
    r = eusec("query", "act_replaced_by", "--param", "celex=32002F0475", "--format", "json", env=env)
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [(x["celex"], x["relation"]) for x in rows] == [("32017L0541", "REPLACES")]
    r = eusec("query", "working_party_workload", env=env)
    assert r.returncode == 0, r.stderr
    assert "TWP" in r.stdout and "row(s)" in r.stdout


def test_query_errors_are_one_line_with_exit_codes(data_dir: Path) -> None:
    env = {"EUSEC_DATA_DIR": str(data_dir)}
    r = eusec("query", "acts_for_agency", "--param", "limit=abc", env=env)
    assert r.returncode == 2 and r.stderr.strip().startswith("error:") and "'limit'" in r.stderr
    r = eusec("query", "no_such_query", env=env)
    assert r.returncode == 3 and "no named query" in r.stderr
    r = eusec("query", "acts_for_agency", "--param", "novalue", env=env)
    assert r.returncode == 2


def test_default_papers_are_the_shipped_sample(tmp_path: Path) -> None:
    from eusec.api.cli import default_papers

    assert default_papers() == [PROJECT_ROOT / "samples" / "iss-sample-9999-26.txt"]
    assert default_papers(tmp_path) == []  # an installation without samples: `eusec up` then asks for papers
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    assert default_papers(tmp_path) == [tmp_path / "a.txt", tmp_path / "b.txt"]


def test_serve_answers_and_stops(data_dir: Path) -> None:
    """`eusec serve` on a free loopback port answers /ready and /docs, and shuts down on SIGTERM."""
    import socket
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "EUSEC_DATA_DIR": str(data_dir), "EUSEC_STORE": "embedded"}
    proc = subprocess.Popen([sys.executable, "-m", "eusec.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        ready = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/ready", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert ready is not None and ready.status_code == 200, proc.stdout.read().decode() if proc.poll() is not None else ""
        assert httpx.get(f"http://127.0.0.1:{port}/docs", timeout=5).status_code == 200
        rows = httpx.get(f"http://127.0.0.1:{port}/queries/act_replaced_by", params={"celex": "32002F0475"}).json()
        assert rows["rows"][0]["celex"] == "32017L0541"
    finally:
        proc.terminate()
        try:
            rc = proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            rc = None
    output = proc.stdout.read().decode("utf-8", "replace")
    # uvicorn shuts down gracefully, then re-raises the signal it caught: exit 0 or "killed by SIGTERM" only
    assert rc in (0, -signal.SIGTERM), f"eusec serve exited with {rc} on SIGTERM: {output[-1500:]}"
    assert "Application shutdown complete" in output, output[-1500:]
