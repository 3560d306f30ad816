"""POST /cypher is read-only on BOTH backends: every write attempt is rejected with 400 by the database's read
access mode (or refused before it reaches the engine), and the graph is unchanged afterwards."""

from __future__ import annotations

from typing import Any, Iterator

import pytest
from fastapi.testclient import TestClient

from eusec.api.app import create_app
from tests.api.conftest import make_settings

WRITES = [
    "CREATE (n:Agency {name: 'Evil', uid: 'Agency:Evil'})",
    "CREATE (n:Agency {name: 'Evil2', uid: 'Agency:Evil2'}) RETURN n",
    "MERGE (n:Agency {name: 'Europol'}) SET n.kind = 'hacked'",
    "MERGE (n:WorkingParty {code: 'EVIL'}) RETURN n",
    "MATCH (n:Agency {name: 'Europol'}) SET n.full_name = 'hacked'",
    "MATCH (n:Measure) SET n += {title: 'hacked'}",
    "MATCH (n:Agency) WITH n LIMIT 1 SET n:Extra",
    "MATCH (n:Measure) DELETE n",
    "MATCH ()-[r:REFERENCES]->() DELETE r",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Agency) REMOVE n.full_name",
    "UNWIND range(1, 10) AS i CREATE (:Agency {name: 'a' + i})",
    "MATCH (a:LegalAct), (b:Agency) WITH a, b LIMIT 1 CREATE (a)-[:ESTABLISHES]->(b)",
    "MATCH (a:LegalAct), (b:Agency) WITH a, b LIMIT 1 MERGE (a)-[:ESTABLISHES {rule: 'x'}]->(b)",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "LOAD CSV WITH HEADERS FROM 'https://example.org/x.csv' AS row CREATE (:Agency {name: row.name})",
    "CALL { MATCH (n) DETACH DELETE n } IN TRANSACTIONS",
    "MATCH (n:Agency {name: 'Europol'}) CALL { WITH n SET n.kind = 'x' } RETURN n",
    "MATCH (m:Measure) FOREACH (x IN [1] | SET m.title = 'hacked')",
    "CREATE INDEX evil_idx FOR (n:Agency) ON (n.kind)",
    "CREATE CONSTRAINT evil_c FOR (n:Agency) REQUIRE n.kind IS UNIQUE",
    "DROP INDEX evil_idx",
    "DROP CONSTRAINT evil_c",
    "MATCH (n:Agency) CALL db.create.setNodeVectorProperty(n, 'v', [1.0, 2.0]) RETURN n",
    "CALL apoc.create.node(['Evil'], {name: 'x'}) YIELD node RETURN node",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {batchSize: 100})",
    "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')",
    "CALL dbms.security.createUser('bob', 'secret', false)",
    "CREATE DATABASE evil",
    "DROP DATABASE neo4j",
    "STOP DATABASE neo4j",
    "ALTER USER neo4j SET PASSWORD 'owned'",
    "CREATE USER bob SET PASSWORD 'secret'",
    "GRANT ROLE admin TO bob",
    "DROP TABLE Agency",
    "CREATE NODE TABLE Evil(id INT64, PRIMARY KEY(id))",
    "ALTER TABLE Agency ADD evil STRING",
    "COPY Agency FROM 'agencies.csv'",
    "INSTALL fts",
    "EXPORT DATABASE 'stolen'",
    "RETURN 1; CREATE (n:Agency {name: 'Chained'})",
    "COMMIT; CREATE (n:Agency {name: 'Escaped'})",
]


@pytest.fixture(scope="module")
def write_client(loaded_store: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Any]]:
    settings = make_settings(tmp_path_factory.mktemp("writes"), store=loaded_store.backend)
    with TestClient(create_app(settings, store=loaded_store), raise_server_exceptions=False) as c:
        yield c, loaded_store


def fingerprint(store: Any) -> tuple[Any, ...]:
    counts = store.counts()
    europol = store.read("MATCH (a:Agency {name: 'Europol'}) RETURN a.full_name AS f, a.kind AS k")
    titles = store.read("MATCH (m:Measure) RETURN m.key AS k, m.title AS t ORDER BY k")
    return (sorted(counts.nodes.items()), sorted(counts.relationships.items()), europol, titles)


@pytest.mark.parametrize("statement", WRITES)
def test_write_attempt_rejected_and_graph_unchanged(write_client: tuple[TestClient, Any], statement: str) -> None:
    client, store = write_client
    before = fingerprint(store)
    r = client.post("/cypher", json={"query": statement})
    assert r.status_code == 400, (statement, r.status_code, r.text)
    assert r.json()["error"]["code"] == "query_rejected"
    assert fingerprint(store) == before
    # the store still answers reads afterwards
    assert client.post("/cypher", json={"query": "RETURN 1 AS one"}).json()["rows"] == [{"one": 1}]
