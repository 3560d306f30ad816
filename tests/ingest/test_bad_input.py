"""Bad input through the command line: one ``error:`` line on stderr, a non-zero exit, nothing on stdout."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from eusec import PROJECT_ROOT
from eusec.errors import InputError
from eusec.ingest.pipeline import extract_text

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run_extract(*paths: Path, fmt: str = "json") -> Result:
    """Run ``eusec extract`` in-process through the real entry point (``eusec.cli.main``)."""
    from eusec.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = ["eusec", "extract", *map(str, paths), "--format", fmt]
    code = 0
    old_argv = sys.argv
    sys.argv = argv
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.argv = old_argv
    return Result(code, out.getvalue(), err.getvalue())


def test_real_entry_point_subprocess(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "-m", "eusec.cli", "extract", str(p)], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120
    )
    assert proc.returncode == 2 and proc.stdout == "" and proc.stderr.startswith("error: ")


def assert_refused(proc: Result, words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: "), proc.stderr
    assert words in err[0]


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, "binary"),
        ("latin1.txt", "No. prev. doc.: caf\xe9 Br\xfcssel".encode("latin-1"), "UTF-8"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "truncated"),
    ],
)
def test_cli_refuses_bad_files(tmp_path: Path, name: str, data: bytes, words: str) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    assert_refused(run_extract(p), words)


def test_cli_refuses_text_that_is_not_a_paper() -> None:
    assert_refused(run_extract(FIXTURES / "not-a-paper.txt"), "Council document number")


def test_cli_keeps_paper_without_tables(tmp_path: Path) -> None:
    """Issue 8: nothing is thrown away - a Council paper without measure tables still yields its Document."""
    p = tmp_path / "header-only.txt"
    p.write_text("Brussels, 3 February 2020\n\n5618/20\n\nLIMITE\n\nSubject:\tSomething\n\nJust prose.\n", encoding="utf-8")
    proc = run_extract(p)
    assert proc.returncode == 0, proc.stderr
    assert '"Document:5618/20"' in proc.stdout


def test_cli_nothing_partial_when_one_input_is_bad(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    proc = run_extract(FIXTURES / "excerpt-9876-21.txt", bad)
    assert_refused(proc, "empty")


def test_cli_missing_path(tmp_path: Path) -> None:
    assert_refused(run_extract(tmp_path / "missing.txt"), "no such file")


def test_cli_unknown_format() -> None:
    assert_refused(run_extract(FIXTURES / "excerpt-9876-21.txt", fmt="xml"), "unknown format")


def test_cli_summary_and_folder(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text((FIXTURES / "excerpt-9876-21.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.md").write_text((FIXTURES / "excerpt-12345-18.txt").read_text(encoding="utf-8"), encoding="utf-8")
    proc = run_extract(tmp_path, fmt="summary")
    assert proc.returncode == 0, proc.stderr
    assert "9876/21" in proc.stdout and "12345/18" in proc.stdout and "Measure" in proc.stdout


@pytest.mark.parametrize(
    "text",
    [
        "5618/20\n",
        "Brussels, 3 February 2020\n5618/20\nResponsible WP:\n",
        "5618/20\n\nSubject: x\n\n1.\tResponsible WP: TWP\n",
        "\ufeff",
    ],
)
def test_degenerate_texts_raise_input_error_or_work(text: str) -> None:
    try:
        g = extract_text(text, name="t.txt")
    except InputError as exc:
        assert "\n" not in exc.message
    else:
        assert g.document == "5618/20"
