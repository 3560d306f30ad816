"""Every named query of the catalogue runs on every backend against the loaded sample, with its
parameters' examples (row-by-row equality between backends is tested by the api helper's suite)."""

from __future__ import annotations

from typing import Any

import pytest


def _catalogue() -> Any:
    try:
        from eusec.graph.catalogue import load_catalogue
    except ImportError:
        pytest.skip("eusec.graph.catalogue is not available yet")
    return load_catalogue()


def _params(query: Any) -> dict[str, Any]:
    return {p.name: p.example for p in query.params if p.example is not None}


def test_named_queries_run(loaded_store: Any) -> None:
    catalogue = _catalogue()
    failures = []
    for query in catalogue:
        try:
            loaded_store.run_named(query.name, _params(query))
        except Exception as exc:  # noqa: BLE001 - collect them all
            failures.append(f"{query.name}: {type(exc).__name__}: {str(exc)[:200]}")
    assert not failures, "\n".join(failures)
