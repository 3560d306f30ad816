"""API fixtures: the app over a real embedded store holding the ingested sample (never a mock)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
from fastapi.testclient import TestClient

from eusec.api.app import create_app
from eusec.settings import Settings

API_KEY = "test-api-key-123"


def make_settings(data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"store": "embedded", "data_dir": data_dir, "api_key": API_KEY,
                              "query_timeout_s": 10.0, "row_cap": 50}
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="module")
def api_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(tmp_path_factory.mktemp("api-store"))


def api_graph() -> Any:
    """The sample paper 5618/20 through the ingest pipeline (the API tests' answers are about it)."""
    from tests.conftest import _extract_sample

    return _extract_sample()


@pytest.fixture(scope="module")
def api_store(api_settings: Settings) -> Iterator[Any]:
    """An embedded store with the sample paper loaded (module scope: loading takes a while)."""
    from eusec.graph.factory import open_store

    store = open_store(api_settings, backend="embedded")
    store.ensure_schema()
    store.load_document(api_graph())
    from eusec.graph.corpus import relink

    relink(store)  # as every ingest does: corpus links and tallies
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(api_settings: Settings, api_store: Any) -> Iterator[TestClient]:
    app = create_app(api_settings, store=api_store)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
