"""The editions notebook runs top to bottom on the shipped sample editions and draws its timeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from eusec import PROJECT_ROOT
from tests.notebooks.test_notebooks import run_notebook


@pytest.mark.timeout(600)
def test_editions_notebook_runs_and_draws_the_timeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = run_notebook(PROJECT_ROOT / "notebooks" / "editions_over_time.ipynb", tmp_path, monkeypatch)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "20 measure links" in text
    assert any("image/png" in o.get("data", {}) for o in outputs), "the timeline picture is missing"
    tables = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "Implementation of the amended Europol Regulation" in tables and "Strengthening the mandate of Europol" in tables
