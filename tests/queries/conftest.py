"""Fixtures for the catalogue tests: the sample paper 5618/20 and the hand-written EUR-Lex result set
(tests/eurlex/fixtures, gold in its README) loaded, so that every example of the catalogue — the EUR-Lex
questions too — has rows to check; and both backends at once, to compare their rows."""

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


def _load(store: Any, graph: Any) -> None:
    """The paper, the corpus stage every ingest runs, and the EUR-Lex fixture (acts and relations of Europol's
    Regulation as EUR-Lex states them)."""
    from eusec.graph.corpus import relink
    from eusec.ingest.eurlex.importer import import_file
    from tests.eurlex.conftest import FIXTURES

    store.load_document(graph)
    relink(store)
    import_file(store, FIXTURES / "europol_sparql.json")


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def loaded_store(request: pytest.FixtureRequest, sample_graph: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A store per backend (module scope) with the paper and the EUR-Lex fixture loaded."""
    from tests.conftest import _skip_unless_enabled, open_test_store

    _skip_unless_enabled(request.param)
    store = open_test_store(request.param, tmp_path_factory.mktemp("catalogue"))
    try:
        _load(store, sample_graph)
        yield store
    finally:
        try:
            if request.param == "neo4j":
                store.clear()
        finally:
            store.close()


@pytest.fixture(scope="module")
def both_stores(sample_graph: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """{"embedded": store, "neo4j": store} with the sample loaded; needs EUSEC_TEST_NEO4J=1."""
    if os.environ.get("EUSEC_TEST_NEO4J") != "1":
        pytest.skip("comparison with Neo4j needs EUSEC_TEST_NEO4J=1 (and EUSEC_NEO4J_URI...)")
    stores = {b: _open(b, tmp_path_factory) for b in ("embedded", "neo4j")}
    try:
        for store in stores.values():
            _load(store, sample_graph)
        yield stores
    finally:
        for store in stores.values():
            try:
                if store.backend == "neo4j":
                    store.clear()
            finally:
                store.close()
