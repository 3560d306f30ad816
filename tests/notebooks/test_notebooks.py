"""Execute the analyst notebooks top to bottom (nbclient, a python3 kernel on this interpreter) and check
that no cell errored and that the key outputs (tables, the workload chart) are there."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbclient
import nbformat
import pytest

from eusec import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))


def _kernel_dir(tmp_path: Path) -> Path:
    """A kernel spec named python3 that runs this very interpreter (so the kernel sees the project's venv)."""
    import json

    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (eusec tests)",
                "language": "python",
            }
        )
    )
    return tmp_path


def run_notebook(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JUPYTER_PATH", str(_kernel_dir(tmp_path)))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    # the kernel must import the project even if it is not installed into the interpreter
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])))
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    return nb


def test_there_is_a_notebook() -> None:
    assert any(p.name == "europol_and_supersession.ipynb" for p in NOTEBOOKS)


@pytest.mark.timeout(600)
def test_europol_notebook_runs_top_to_bottom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = run_notebook(PROJECT_ROOT / "notebooks" / "europol_and_supersession.ipynb", tmp_path, monkeypatch)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(
        o.get("text", "") if o.get("output_type") == "stream" else str(o.get("data", {}).get("text/plain", ""))
        for o in outputs
    )
    html = "\n".join(str(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert "iss-sample-9999-26.txt: document 9999/26" in text  # the sample was ingested
    founding = next(line for line in text.splitlines() if line.startswith("Founding acts:"))
    assert "Regulation (EU) 2016/794" in founding  # Europol's founding act is found from the sample paper
    assert "32017L0541" in html and "32002F0475" in html  # the Directive replaced the Framework Decision
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the workload chart was drawn
    assert "TWP" in html
