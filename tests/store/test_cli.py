"""`eusec ingest`, `eusec stats`, `eusec clear` on the embedded store (a temporary data folder)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eusec import PROJECT_ROOT
from tests.conftest import SAMPLE_PATH


def eusec(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EUSEC_DATA_DIR": str(data_dir), "EUSEC_STORE": "embedded"}
    return subprocess.run(
        [sys.executable, "-m", "eusec.cli", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_stats_and_clear_on_empty_store(tmp_path: Path) -> None:
    out = eusec("stats", "--json", data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    counts = json.loads(out.stdout)
    assert counts["nodes"]["Measure"] == 0 and "REFERENCES" in counts["relationships"]
    refused = eusec("clear", data_dir=tmp_path)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert eusec("clear", "--yes", data_dir=tmp_path).returncode == 0


@pytest.mark.corpus
def test_ingest_sample_twice(tmp_path: Path) -> None:
    first = eusec("ingest", "--json", str(SAMPLE_PATH), data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout.splitlines()[0])
    assert summary["document"] == "5618/20" and summary["nodes_created"] > 50
    second = eusec("ingest", "--json", str(SAMPLE_PATH), data_dir=tmp_path)
    again = json.loads(second.stdout.splitlines()[0])
    assert again["unchanged_document"] and again["nodes_created"] == 0
    stats = json.loads(eusec("stats", "--json", data_dir=tmp_path).stdout)
    # the corpus stage that follows every ingest adds its own nodes and links (series, previous document)
    corpus = json.loads(first.stdout.splitlines()[-1])["corpus"]
    assert corpus["series"] == {"iss-implementation": ["5618/20"]}
    assert sum(stats["nodes"].values()) == summary["nodes_created"] + corpus["nodes_created"]
    assert sum(stats["relationships"].values()) == summary["relationships_created"] + corpus["created"]
    table = eusec("ingest", "--force", str(SAMPLE_PATH), data_dir=tmp_path)
    assert table.returncode == 0 and "5618/20" in table.stdout and "nodes +" in table.stdout


def test_ingest_bad_file_fails_with_exit_code(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    out = eusec("ingest", str(bad), data_dir=tmp_path / "data")
    assert out.returncode == 2, out.stdout + out.stderr
    assert out.stderr.startswith("error:")
