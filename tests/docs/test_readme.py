"""The README's generated sections must match their sources (schema.yaml, the query catalogue)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_readme_graph_model_matches_schema() -> None:
    gen = _load("gen_model_md")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert gen.block() in readme, "README graph model is stale: run .venv/bin/python scripts/gen_model_md.py --write"


def test_readme_quick_start_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "scripts/up" in readme and "scripts/test" in readme
    assert (ROOT / "scripts" / "up").exists() and (ROOT / "scripts" / "test").exists()
    # .ci/run must call the README's test command.
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
