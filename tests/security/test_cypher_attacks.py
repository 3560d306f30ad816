"""Issue 9: every payload of benchmarks/attack_suite.py against POST /cypher, on BOTH backends (the store
holds the sample paper): each answers an allowed status in the one error shape, and the API still answers
/health and a plain read afterwards. Plus the guarantees behind them: a worker killed mid-query (what an
engine SIGSEGV looks like) costs only that request; a query over its memory limit is refused; /cypher
needs the API key off loopback."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from typing import Any, Iterator

import pytest
from fastapi.testclient import TestClient

from eusec import PROJECT_ROOT
from eusec.api.app import create_app
from tests.api.conftest import API_KEY, make_settings

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from attack_suite import payloads  # noqa: E402

PAYLOADS = payloads()


@pytest.fixture(scope="module")
def attack_client(loaded_store: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = make_settings(tmp_path_factory.mktemp("attacks"), store=loaded_store.backend, query_timeout_s=3.0,
                             cypher_memory_mb=512, row_cap=100)
    with TestClient(create_app(settings, store=loaded_store), raise_server_exceptions=False) as c:
        yield c


def _still_serving(client: TestClient) -> None:
    assert client.get("/health").status_code == 200
    r = client.post("/cypher", json={"query": "RETURN 1 AS one"})
    assert r.status_code == 200 and r.json()["rows"] == [{"one": 1}], r.text


def test_payload_families_are_covered() -> None:
    names = " ".join(n for n, _, _ in PAYLOADS)
    for family in ("comment-cr-", "comment-ls-", "comment-nel-", "`dbms`", "table function", "deep/long",
                   "huge string", "skip expression", "skip comment", "params nested 260", "range 3e8"):
        assert family in names, family


@pytest.mark.parametrize("name,body,allowed", PAYLOADS, ids=[p[0] for p in PAYLOADS])
def test_payload_held(attack_client: TestClient, name: str, body: dict[str, Any], allowed: set[int]) -> None:
    started = time.monotonic()
    r = attack_client.post("/cypher", json=body)
    assert r.status_code in allowed, (name, r.status_code, r.text[:300])
    assert time.monotonic() - started < 60
    if r.status_code != 200:
        error = r.json()["error"]
        assert set(error) == {"code", "message", "status", "details"} and error["status"] == r.status_code
        assert "\n" not in error["message"]
    _still_serving(attack_client)


def test_rebuilt_text_keeps_answers(attack_client: TestClient) -> None:
    """Strings become parameters and comments spaces: the answer is the engine's answer to the original."""
    q = "MATCH (a:Agency) /* note */ WHERE a.name = 'Europol' // why\r\nRETURN a.name AS n, 'it''s' AS s"
    r = attack_client.post("/cypher", json={"query": q.replace("'it''s'", "'it\\'s'")})
    assert r.status_code == 200, r.text
    assert r.json()["rows"] == [{"n": "Europol", "s": "it's"}]


def test_worker_killed_mid_query_costs_only_that_request(attack_client: TestClient) -> None:
    _still_serving(attack_client)
    pool = attack_client.app.state.cypher_pool
    answer: dict[str, Any] = {}
    slow = "UNWIND range(1, 30000) AS a UNWIND range(1, 30000) AS b WITH a, b WHERE a * b % 7 = 3 RETURN count(*) AS n"

    def run() -> None:
        answer["r"] = attack_client.post("/cypher", json={"query": slow})

    t = threading.Thread(target=run)
    t.start()
    pids: list[int] = []
    for _ in range(200):  # wait until the query is on a worker (bounded)
        pids = sorted(pool.busy_pids)
        if pids:
            break
        time.sleep(0.05)
    assert pids, "no busy worker seen"
    replaced = pool.replaced
    os.kill(pids[0], signal.SIGSEGV)  # what an engine crash looks like from outside
    t.join(60)
    r = answer["r"]
    assert r.status_code == 400 and "crashed" in r.json()["error"]["message"], r.text
    assert pool.replaced == replaced + 1
    _still_serving(attack_client)


def test_memory_limit_refuses_and_keeps_serving(attack_client: TestClient) -> None:
    # one 25-million-item row: 214 MB of JSON before (and /health failed meanwhile); now the worker's memory
    # limit, the engine's transaction memory, the byte cap or the hard time limit stops it
    r = attack_client.post("/cypher", json={"query": "RETURN range(1, 25000000) AS l"})
    assert r.status_code == 400, r.text[:300]
    message = r.json()["error"]["message"]
    assert any(w in message for w in ("memory", "crashed", "larger than", "bad_alloc", "time limit")), message
    _still_serving(attack_client)


def test_running_out_of_memory_anywhere_is_reported_as_memory() -> None:
    # the race behind a CI failure: the Neo4j driver raised MemoryError reading the huge record (the worker's
    # address-space limit), its wrapper said only "the query failed: " (str(MemoryError()) is empty)
    from eusec.api.worker import WorkerConfig, error_reply
    from eusec.graph.backends.neo4j import _map_error

    config = WorkerConfig(backend="neo4j", memory_mb=512)
    cause = MemoryError()
    wrapped = _map_error(cause, context="the query")
    wrapped.__cause__ = cause  # as the backend raises it: `raise _map_error(exc) from exc`
    assert "memory" in str(wrapped)
    reply = error_reply(wrapped, config)
    assert reply["status"] == 400 and "512 MB of memory" in reply["message"], reply
    assert "512 MB of memory" in error_reply(MemoryError(), config)["message"]
    assert error_reply(ValueError("x"), config)["message"] == "query rejected: ValueError: x"


def test_cypher_needs_the_key_off_loopback(loaded_store: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.mktemp("exposure")
    settings = make_settings(base, store=loaded_store.backend, api_host="0.0.0.0")
    with TestClient(create_app(settings, store=loaded_store), raise_server_exceptions=False) as c:
        assert c.post("/cypher", json={"query": "RETURN 1 AS one"}).status_code == 401
        ok = c.post("/cypher", json={"query": "RETURN 1 AS one"}, headers={"X-API-Key": API_KEY})
        assert ok.status_code == 200, ok.text
    opened = make_settings(base, store=loaded_store.backend, api_host="0.0.0.0", cypher_enabled="open")
    with TestClient(create_app(opened, store=loaded_store), raise_server_exceptions=False) as c:
        assert c.post("/cypher", json={"query": "RETURN 1 AS one"}).status_code == 200
    off = make_settings(base, store=loaded_store.backend, cypher_enabled="off")
    with TestClient(create_app(off, store=loaded_store), raise_server_exceptions=False) as c:
        assert c.post("/cypher", json={"query": "RETURN 1 AS one"}).status_code == 403
