"""Two processes loading the same changed paper at the same time never duplicate its facts (issue #9, item 4).

Edition A of a synthetic paper is stored; two real processes then load edition B at once (they wait on a
start file so that their transactions overlap). Neo4j: the Document node is locked first, so the second
load waits for the first and then finds B stored (unchanged). Embedded: the database has one writer process,
so the second either loads after the first or is refused with the one-line "in use" error. Either way the
store must hold exactly what loading B alone gives, with no duplicated relationship statement.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from eusec import PROJECT_ROOT
from tests.conftest import open_test_store
from tests.store.test_contract import snapshot
from tests.store.test_sigkill import open_test_store_keep

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from synthetic import synthetic_graph  # noqa: E402

N_NODES = 1500
DOC = "6666/20"

CHILD = textwrap.dedent(
    """
    import json, os, sys, time
    sys.path.insert(0, "benchmarks")
    from synthetic import synthetic_graph
    from eusec.errors import StoreUnavailableError
    from eusec.settings import Settings
    from eusec.graph.factory import open_store
    backend, data_dir, n, doc, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    graph = synthetic_graph(n, document=doc, variant=1)
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.01)
    try:
        settings = Settings(data_dir=data_dir) if backend == "embedded" else Settings()
        store = open_store(settings, backend=backend)
        s = store.load_document(graph)
        store.close()
        print(json.dumps({"created": s.relationships_created, "deleted": s.relationships_deleted,
                          "unchanged": s.unchanged_document}), flush=True)
    except StoreUnavailableError as exc:
        print(json.dumps({"refused": exc.message}), flush=True)
    """
)


def test_two_concurrent_loads_of_a_changed_paper_do_not_duplicate(backend: str, tmp_path: Path) -> None:
    import json

    reference_store = open_test_store("embedded", tmp_path / "reference")
    try:
        reference_store.load_document(synthetic_graph(N_NODES, document=DOC, variant=1))
        expected = snapshot(reference_store)
    finally:
        reference_store.close()
    data = tmp_path / "data"
    store = open_test_store(backend, data)
    store.load_document(synthetic_graph(N_NODES, document=DOC, variant=0))
    store.close()

    go = tmp_path / "go"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, backend, str(data), str(N_NODES), DOC, str(go)],
            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(2)
    ]
    try:
        for child in children:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        go.touch()
        outcomes = []
        for child in children:
            out, err = child.communicate(timeout=600)
            assert child.returncode == 0, err
            outcomes.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
    loaded = sorted((o for o in outcomes if "created" in o), key=lambda o: -o["created"])
    assert loaded, outcomes
    assert loaded[0]["created"] > 0 and loaded[0]["deleted"] > 0  # the first one replaced edition A
    if len(loaded) == 2:  # the second waited for the first, then found B stored
        assert loaded[1]["unchanged"] or (loaded[1]["created"], loaded[1]["deleted"]) == (0, 0), outcomes
    else:
        assert any("in use" in o.get("refused", "") for o in outcomes), outcomes
    store = open_test_store_keep(backend, data)
    try:
        assert snapshot(store) == expected  # snapshot() also fails on a duplicated relationship statement
    finally:
        if backend == "neo4j":
            store.clear()
        store.close()
