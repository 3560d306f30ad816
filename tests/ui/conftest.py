"""Fixtures for the UI tests: an embedded store (real LadybugDB) holding the shipped sample paper, and a
uvicorn server on a free loopback port serving the API (eusec.api.app:create_app)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from eusec import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "samples" / "iss-sample-9999-26.txt"


def load_sample(data_dir: Path) -> dict[str, int]:
    """Ingest the sample paper into an embedded store in ``data_dir`` (and close it: one process at a time)."""
    from eusec.graph.factory import open_store
    from eusec.ingest.pipeline import extract_file
    from eusec.settings import Settings

    store = open_store(Settings(data_dir=data_dir), backend="embedded")
    try:
        store.ensure_schema()
        graph = extract_file(SAMPLE)
        store.load_document(graph)
        return {"nodes": len(graph.nodes), "relationships": len(graph.relationships)}
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def sample_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("ui-data")
    load_sample(data_dir)
    return data_dir


def start_server(data_dir: Path, log: Path, extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, EUSEC_STORE="embedded", EUSEC_DATA_DIR=str(data_dir), **(extra_env or {}))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "eusec.api.app:create_app", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=PROJECT_ROOT, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"uvicorn exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(base + "/browser-guide", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"uvicorn did not answer in 60 s: {log.read_text()[-2000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def server(sample_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of an API server on the sample data."""
    proc, base = start_server(sample_data_dir, tmp_path_factory.mktemp("ui-log") / "uvicorn.log")
    try:
        yield base
    finally:
        stop_server(proc)
