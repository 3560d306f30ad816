"""Issue 9, item 7: parameters nested ~260 levels deep gave a 500; any nesting depth now gives 422 in the one
error shape (request bodies deeper than the JSON parser goes as well), on the embedded store (the check runs
before any store call, so the backend does not matter)."""

from __future__ import annotations

from typing import Any, Iterator

import pytest
from fastapi.testclient import TestClient

from eusec.api.app import create_app


@pytest.fixture(scope="module")
def client(api_settings: Any, api_store: Any) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings, store=api_store), raise_server_exceptions=False) as c:
        yield c


def _nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


@pytest.mark.parametrize("depth", [9, 260, 5000, 200_000])
def test_deep_cypher_params_are_422(client: TestClient, depth: int) -> None:
    body = '{"query": "RETURN $p AS p", "params": {"p": ' + _nested(depth) + "}}"
    r = client.post("/cypher", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text[:300]
    assert set(r.json()["error"]) == {"code", "message", "status", "details"}


@pytest.mark.parametrize("depth", [260, 200_000])
def test_deep_named_query_params_are_422(client: TestClient, depth: int) -> None:
    body = '{"params": {"agency": ' + _nested(depth) + "}}"
    r = client.post("/queries/acts_for_agency", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text[:300]


def test_shallow_params_still_work(client: TestClient) -> None:
    r = client.post("/cypher", json={"query": "RETURN $p AS p", "params": {"p": [[1, 2], [3]]}})
    assert r.status_code == 200 and r.json()["rows"] == [{"p": [[1, 2], [3]]}], r.text
