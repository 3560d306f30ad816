"""`eusec neo4j import` (issue #10): a corpus bulk-loaded with the real neo4j-admin into a stopped Neo4j 5.26
gives, once started and linked, the same graph as the online ingest of the same corpus (compared with the
embedded store; the contract tests show both stores give equal snapshots). A running server or an existing
database is refused with one line.

The server runs on its own ports in a temporary home (not the one ``scripts/test`` starts); needs
EUSEC_TEST_NEO4J=1 and the launcher installed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from eusec import PROJECT_ROOT
from eusec.errors import InputError
from eusec.graph import launcher
from eusec.graph.backends.neo4j import Neo4jStore
from eusec.graph.bulk_import import import_corpus
from eusec.graph.corpus import relink
from eusec.graph.loading import ingest_corpus
from eusec.ingest.pipeline import iter_input_files
from tests.conftest import open_test_store
from tests.store.test_contract import snapshot

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from corpus_gen import generate  # noqa: E402

BOLT_PORT, HTTP_PORT = 7698, 7485
PASSWORD = "bulk-import-test-pw"

pytestmark = pytest.mark.skipif(
    os.environ.get("EUSEC_TEST_NEO4J", "") != "1",
    reason="the bulk import test runs neo4j-admin and a Neo4j server: EUSEC_TEST_NEO4J=1 (and the launcher installed)",
)


@pytest.mark.timeout(900)
def test_import_gives_the_graph_of_the_online_ingest(tmp_path: Path) -> None:
    if not launcher.is_installed():
        pytest.skip("the Neo4j launcher is not installed: run `eusec neo4j install` once")
    corpus = tmp_path / "corpus"
    generate(corpus, 6, use_shared=False)
    (corpus / "paper-00002b.txt").write_text("Minutes of a meeting, with no Council number.\n", encoding="utf-8")
    files = iter_input_files([corpus])

    online = open_test_store("embedded", tmp_path / "online")
    try:
        ingest_corpus(online, files, jobs=2)
        relink(online)
        expected = snapshot(online)
    finally:
        online.close()

    home = tmp_path / "neo4j-home"
    summary = import_corpus(files, home, jobs=2)
    assert (summary.papers, summary.loaded) == (7, 6)
    assert len(summary.failed) == 1 and "paper-00002b.txt" in summary.failed[0]
    with pytest.raises(InputError, match="--overwrite"):
        import_corpus(files, home, jobs=1)  # the database exists now

    launcher.start(home, BOLT_PORT, HTTP_PORT, PASSWORD, heap="512m")
    try:
        with pytest.raises(InputError, match="stop it first"):
            import_corpus(files, home, jobs=1, overwrite=True)
        store = Neo4jStore(f"bolt://127.0.0.1:{BOLT_PORT}", "neo4j", PASSWORD)
        try:
            store.ensure_schema()
            relink(store)
            assert snapshot(store) == expected
        finally:
            store.close()
    finally:
        launcher.stop(home)
