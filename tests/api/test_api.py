"""The REST API over the embedded store with the sample loaded: resources, catalogue, errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient

from eusec.api.app import create_app
from eusec.graph.catalogue import load_catalogue
from tests.api.conftest import API_KEY, make_settings


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The one error shape."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == {"code", "message", "status", "details"}
    assert err["status"] == status and isinstance(err["message"], str) and err["message"]
    if code:
        assert err["code"] == code
    assert "Traceback" not in response.text
    return err


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/health").json()["status"] == "ok"
    ready = client.get("/ready")
    assert ready.status_code == 200 and ready.json() == {"status": "ready", "backend": "embedded"}


def test_measures_page_total_and_filters(client: TestClient) -> None:
    everything = client.get("/measures", params={"limit": 1000}).json()
    assert everything["total"] == len(everything["items"]) > 10
    page = client.get("/measures", params={"limit": 5, "offset": 3}).json()
    assert page["total"] == everything["total"] and page["items"] == everything["items"][3:8]
    section = client.get("/measures", params={"section": "1.1", "limit": 1000}).json()
    assert 0 < section["total"] < everything["total"]
    assert all(m["section"] == "1.1" for m in section["items"])
    twp = client.get("/measures", params={"working_party": "TWP", "limit": 1000}).json()
    assert twp["total"] > 0
    text = client.get("/measures", params={"q": "EUROPOL", "limit": 1000}).json()
    assert "5618/20#48" in {m["key"] for m in text["items"]}


def test_measure_by_key_both_addresses(client: TestClient) -> None:
    encoded = client.get("/measures/" + quote("5618/20#48", safe=""))
    assert encoded.status_code == 200, encoded.text
    half = client.get("/measures/5618/20%2348")
    nested = client.get("/documents/5618/20/measures/48")
    assert encoded.json() == half.json() == nested.json()
    body = encoded.json()
    assert body["key"] == "5618/20#48" and "Europol" in body["title"]
    assert body["provenance"] and body["provenance"][0]["document"] == "5618/20"
    types = {(e["direction"], e["type"]) for e in body["edges"]}
    assert ("in", "CONTAINS") in types and ("out", "REFERENCES") in types
    assert all(e["source"] and e["line_start"] for e in body["edges"])


def test_act_with_links_and_supersession(client: TestClient) -> None:
    act = client.get("/acts/32016R0794").json()
    assert act["eli"].startswith("http://data.europa.eu/eli/") and "32016R0794" in act["eurlex_url"]
    assert act["citing_measures"] >= 1
    directive = client.get("/acts/32017L0541").json()
    assert {"celex": "32002F0475", "relation": "REPLACES"}.items() <= {
        k: v for k, v in next(a for a in directive["amends"] if a["celex"] == "32002F0475").items()
    }.items()
    old = client.get("/acts/32002F0475").json()
    assert "32017L0541" in {a["celex"] for a in old["amended_by"]}


def test_agencies(client: TestClient) -> None:
    names = {a["name"] for a in client.get("/agencies").json()}
    assert "Europol" in names
    europol = client.get("/agencies/Europol").json()
    assert "32016R0794" in {a["celex"] for a in europol["acts"]}
    assert europol["edges"]


def test_working_parties_presidencies_documents(client: TestClient) -> None:
    wps = client.get("/working-parties").json()
    assert "TWP" in {w["code"] for w in wps}
    twp = client.get("/working-parties/TWP").json()
    assert twp["responsible_for"] and twp["measures"] == len(twp["responsible_for"])
    pres = client.get("/presidencies").json()
    assert [p["seq"] for p in pres] == sorted(p["seq"] for p in pres)
    docs = client.get("/documents").json()
    assert "5618/20" in {d["number"] for d in docs}
    doc = client.get("/documents/5618/20").json()
    assert doc["number"] == "5618/20" and doc["measures"] > 10


def test_search(client: TestClient) -> None:
    hits = client.get("/search", params={"q": "radicalisation"}).json()
    assert hits["items"] and all(h["matched_in"] for h in hits["items"])
    assert_error(client.get("/search"), 422, "bad_parameter")


def test_queries_catalogue_and_runs(client: TestClient) -> None:
    listed = client.get("/queries").json()
    assert {q["name"] for q in listed} == set(load_catalogue().names())
    got = client.get("/queries/acts_for_agency", params={"agency": "Europol", "limit": 5})
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["params"] == {"agency": "Europol", "limit": 5} and body["row_count"] == len(body["rows"]) <= 5
    posted = client.post("/queries/acts_for_agency", json={"params": {"agency": "Europol", "limit": "5"}}).json()
    assert posted["rows"] == body["rows"]


def test_every_named_query_answers_over_http(client: TestClient) -> None:
    for q in load_catalogue():
        params = {p.name: p.example for p in q.params if p.example not in (None, "", [])}
        r = client.post(f"/queries/{q.name}", json={"params": params})
        assert r.status_code == 200, (q.name, r.text)


# -- errors: one shape for every status -------------------------------------------------------------


def test_404s(client: TestClient) -> None:
    assert_error(client.get("/measures/" + quote("5618/20#999", safe="")), 404, "not_found")
    assert_error(client.get("/acts/39999R9999"), 404)
    assert_error(client.get("/agencies/Nope"), 404)
    assert_error(client.get("/working-parties/NOPE"), 404)
    assert_error(client.get("/documents/1/99"), 404)
    assert_error(client.get("/queries/no_such_query"), 404)
    assert_error(client.post("/queries/no_such_query", json={"params": {}}), 404)
    assert_error(client.get("/no/such/route"), 404)


def test_405_keeps_the_shape(client: TestClient) -> None:
    assert_error(client.delete("/measures"), 405)


def test_422s_name_the_parameter(client: TestClient) -> None:
    err = assert_error(client.get("/queries/acts_for_agency", params={"limit": "abc"}), 422, "bad_parameter")
    assert "limit" in err["message"]
    err = assert_error(client.post("/queries/acts_for_agency", json={"params": {"limit": "abc"}}), 422)
    assert "'limit'" in err["message"] and err["details"]["parameter"] == "limit"
    err = assert_error(client.post("/queries/acts_for_agency", json={"params": {"bogus": 1}}), 422)
    assert "'bogus'" in err["message"]
    err = assert_error(client.post("/queries/measures_citing_act", json={"params": {}}), 422)
    assert "'celex'" in err["message"]
    err = assert_error(client.get("/measures", params={"limit": 0}), 422)
    assert "limit" in err["message"]
    assert_error(client.post("/cypher", json={"query": ""}), 422)
    assert_error(client.post("/cypher", content=b"not json", headers={"content-type": "application/json"}), 422)


def test_cypher_reads_and_rejects(client: TestClient) -> None:
    ok = client.post("/cypher", json={"query": "MATCH (a:Agency) RETURN a.name AS name ORDER BY name LIMIT 3"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["columns"] == ["name"] and ok.json()["row_count"] <= 3
    capped = client.post("/cypher", json={"query": "MATCH (m:Measure) RETURN m.key AS k"}).json()
    assert capped["row_count"] == capped["row_cap"] == 50 and capped["truncated"] is True
    assert_error(client.post("/cypher", json={"query": "MATCH (n RETURN n"}), 400, "query_rejected")
    assert_error(client.post("/cypher", json={"query": "CREATE (:Agency {name: 'X', uid: 'Agency:X'})"}), 400)


def test_cypher_large_skip_refused_on_embedded(client: TestClient) -> None:
    # LadybugDB 0.22 segfaults on ORDER BY ... SKIP in the thousands: refused before it reaches the engine
    q = "MATCH (m:Measure) RETURN m.key AS k ORDER BY k SKIP 5000 LIMIT 5"
    assert_error(client.post("/cypher", json={"query": q}), 400, "query_rejected")
    q = "MATCH (m:Measure) RETURN m.key AS k ORDER BY k SKIP $o LIMIT 5"
    assert_error(client.post("/cypher", json={"query": q, "params": {"o": 20000}}), 400)
    assert client.post("/cypher", json={"query": q, "params": {"o": 2}}).status_code == 200
    assert_error(client.get("/measures", params={"offset": 1001}), 422)


def test_cypher_time_limit(api_settings: Any, api_store: Any) -> None:
    settings = api_settings.model_copy(update={"query_timeout_s": 0.05})
    with TestClient(create_app(settings, store=api_store), raise_server_exceptions=False) as c:
        slow = "UNWIND range(1, 30000) AS a UNWIND range(1, 30000) AS b WITH a, b WHERE a * b % 7 = 3 RETURN count(*) AS n"
        assert_error(c.post("/cypher", json={"query": slow}), 400, "query_rejected")


def test_ingest_needs_the_api_key(client: TestClient) -> None:
    err = assert_error(client.post("/ingest", params={"filename": "x.txt"}, content=b"text"), 401, "unauthorized")
    assert "X-API-Key" in err["message"]
    assert_error(client.post("/ingest", params={"filename": "x.txt"}, content=b"text",
                             headers={"X-API-Key": "wrong"}), 401)


def test_writes_refused_without_a_configured_key(tmp_path: Any, api_store: Any) -> None:
    settings = make_settings(tmp_path, api_key=None)
    with TestClient(create_app(settings, store=api_store), raise_server_exceptions=False) as c:
        assert_error(c.post("/ingest", params={"filename": "x.txt"}, content=b"text",
                            headers={"X-API-Key": ""}), 403, "writes_disabled")


def test_ingest_with_key_reloads_the_paper(client: TestClient) -> None:
    from eusec import PROJECT_ROOT

    sample = (PROJECT_ROOT / ".." / "shared" / "corpus" / "5618-20.txt").resolve()
    before = client.get("/measures", params={"limit": 1}).json()["total"]
    r = client.post("/ingest", params={"filename": "5618-20.txt"}, content=sample.read_bytes(),
                    headers={"X-API-Key": API_KEY})
    assert r.status_code == 200, r.text
    assert r.json()["document"] == "5618/20"
    assert client.get("/measures", params={"limit": 1}).json()["total"] == before


def test_ingest_rejects_garbage(client: TestClient) -> None:
    r = client.post("/ingest", params={"filename": "x.pdf"}, content=b"\x00\x01 not a pdf",
                    headers={"X-API-Key": API_KEY})
    assert_error(r, 422)
    assert_error(client.post("/ingest", params={"filename": "x.txt"}, content=b"",
                             headers={"X-API-Key": API_KEY}), 422)


def test_503_when_the_store_is_gone(tmp_path: Any, small_graph: Any) -> None:
    from eusec.graph.factory import open_store

    settings = make_settings(tmp_path)
    store = open_store(settings, backend="embedded")
    store.ensure_schema()
    store.load_document(small_graph)
    with TestClient(create_app(settings, store=store), raise_server_exceptions=False) as c:
        assert c.get("/ready").status_code == 200
        store.close()  # break the store under the running app
        for path in ("/ready", "/measures", "/agencies", "/queries/working_party_workload"):
            r = c.get(path)
            assert_error(r, 503, "store_unavailable")
            assert int(r.headers["Retry-After"]) >= 1
        assert c.get("/health").status_code == 200  # the process itself is alive


def test_unexpected_exception_is_a_500_in_the_one_shape(api_settings: Any, api_store: Any) -> None:
    app = create_app(api_settings, store=api_store)

    def boom() -> None:
        raise RuntimeError("secret internal detail")

    app.add_api_route("/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/boom")
        err = assert_error(r, 500, "internal_error")
        assert "secret" not in r.text


def test_cors_from_settings(tmp_path: Any, api_store: Any) -> None:
    settings = make_settings(tmp_path, cors_origins=["http://analyst.example"])
    with TestClient(create_app(settings, store=api_store)) as c:
        r = c.options("/measures", headers={"Origin": "http://analyst.example", "Access-Control-Request-Method": "GET"})
        assert r.headers.get("access-control-allow-origin") == "http://analyst.example"
        r = c.get("/health", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in r.headers


def test_openapi_documents_params_examples_and_errors(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/queries/acts_for_agency"]["get"]
    params = {p["name"]: p for p in op["parameters"]}
    assert params["agency"]["schema"]["type"] == "string"
    assert params["limit"]["schema"]["maximum"] == 500 and params["limit"]["schema"]["minimum"] == 1
    assert params["agency"]["schema"]["examples"] == ["Europol"]
    assert "422" in op["responses"] and "503" in op["responses"]
    for path in ("/measures", "/measures/{key}", "/acts/{celex}", "/agencies", "/agencies/{name}",
                 "/working-parties", "/working-parties/{code}", "/presidencies", "/documents",
                 "/documents/{number}", "/search", "/queries", "/cypher", "/health", "/ready", "/ingest"):
        assert path in spec["paths"], path


def test_store_is_opened_in_lifespan_and_closed(tmp_path: Any) -> None:
    settings = make_settings(tmp_path)
    app = create_app(settings)  # nothing opened at construction
    assert app.state.store_holder.store is None
    with TestClient(app) as c:
        assert c.get("/ready").status_code == 200
        assert app.state.store_holder.store is not None
    assert app.state.store_holder.store is None
