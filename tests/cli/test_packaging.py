"""Every Python package of the source folders is listed in pyproject.toml's explicit package list (the wheel
maps graph/, ingest/, api/ ... to eusec.graph, eusec.ingest, eusec.api: a folder missing from the list is
missing from the wheel, and the installed tool fails on import)."""

from __future__ import annotations

import pytest

from eusec import PROJECT_ROOT

tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")


def test_every_python_package_is_in_the_wheel() -> None:
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    missing = []
    for package, folder in config["package-dir"].items():
        for init in (PROJECT_ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(PROJECT_ROOT / folder).parts
            name = ".".join((package, *rel))
            if name not in listed:
                missing.append(name)
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"
