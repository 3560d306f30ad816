"""The CLI turns every user error into a short message and a non-zero exit, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _eusec(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eusec.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "EUSEC_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path)},
    )


def test_bad_option_value_is_a_usage_error(tmp_path: Path) -> None:
    proc = _eusec("stats", "--store", "bogus", tmp_path=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "--store" in proc.stderr


def test_missing_input_file_is_one_line(tmp_path: Path) -> None:
    proc = _eusec("extract", str(tmp_path / "nope.txt"), "--format", "json", tmp_path=tmp_path)
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr


def test_unreachable_neo4j_is_one_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "eusec.cli", "stats", "--store", "neo4j"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "EUSEC_NEO4J_URI": "bolt://127.0.0.1:9",  # nothing listens on the discard port
        },
    )
    assert proc.returncode == 4  # StoreUnavailableError
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr
