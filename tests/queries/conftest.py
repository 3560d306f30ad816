"""Fixtures for the catalogue tests: the sample loaded in BOTH backends at once, to compare their rows."""

from __future__ import annotations

import os
from typing import Any, Iterator

import pytest


def _open(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from eusec.settings import Settings
    from eusec.graph.factory import open_store

    if backend == "embedded":
        settings = Settings(store="embedded", data_dir=tmp_path_factory.mktemp("catalogue-embedded"))
    else:
        settings = Settings(store="neo4j")  # EUSEC_NEO4J_URI/USER/PASSWORD from the environment
    store = open_store(settings, backend=backend)
    store.ensure_schema()
    store.clear()
    return store


@pytest.fixture(scope="module")
def both_stores(sample_graph: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """{"embedded": store, "neo4j": store} with the sample loaded; needs EUSEC_TEST_NEO4J=1."""
    if os.environ.get("EUSEC_TEST_NEO4J") != "1":
        pytest.skip("comparison with Neo4j needs EUSEC_TEST_NEO4J=1 (and EUSEC_NEO4J_URI...)")
    stores = {b: _open(b, tmp_path_factory) for b in ("embedded", "neo4j")}
    try:
        from eusec.graph.corpus import relink

        for store in stores.values():
            store.load_document(sample_graph)
            relink(store)  # as every ingest does: series, previous document
        yield stores
    finally:
        for store in stores.values():
            try:
                if store.backend == "neo4j":
                    store.clear()
            finally:
                store.close()
