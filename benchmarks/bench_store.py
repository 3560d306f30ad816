"""Store benchmark: load_document against a raw ``UNWIND $rows CREATE`` of the same rows, growth 1x -> 10x,
and the re-ingest of an unchanged document.

    .venv/bin/python benchmarks/bench_store.py                      # embedded, 10^5 nodes + 3x10^5 rels
    .venv/bin/python benchmarks/bench_store.py --backend neo4j      # CLEARS the Neo4j database of EUSEC_NEO4J_URI
    .venv/bin/python benchmarks/bench_store.py --nodes 20000 --growth   # also 10x (slow)

Targets: load_document rate >= 0.5x the raw rate; 10x the data in <= 11x the time; unchanged re-ingest
<= 10% of the first ingest. Without --growth, the growth figure is measured from 0.1x to 1x.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import synthetic_graph  # noqa: E402

from eusec.settings import Settings  # noqa: E402
from eusec.graph.backends.common import clean, group_rels  # noqa: E402
from eusec.graph.factory import open_store  # noqa: E402
from eusec.graph.model import Graph, node_row, relationship_row  # noqa: E402
from eusec.graph.schema import q  # noqa: E402

BATCH = 1000


def open_fresh(backend: str, workdir: Path) -> Any:
    settings = Settings(data_dir=workdir) if backend == "embedded" else Settings()
    store = open_store(settings, backend=backend)
    store.ensure_schema()
    store.clear()
    return store


def raw_create(store: Any, graph: Graph) -> float:
    """The same rows written with plain ``UNWIND $rows CREATE`` batches in one transaction: no reads,
    no diff, no provenance merge. Returns seconds."""
    schema = store.schema
    by_label: dict[str, list[dict[str, Any]]] = {}
    for node in graph.nodes.values():
        row = node_row(node)
        row[schema.key_of(node.label)] = node.key
        by_label.setdefault(node.label, []).append(row)
    rel_rows = [((r.type, r.start, r.end), clean(relationship_row(r))) for r in graph.relationships.values()]
    started = time.perf_counter()
    if store.backend == "embedded":
        conn = store._conn  # the raw engine connection: this is the baseline, not the contract
        conn.execute("BEGIN TRANSACTION")
        for label, rows in by_label.items():
            cols = list(schema.node(label).columns)
            full = [{c: r.get(c) for c in cols} for r in rows]
            assign = ", ".join(f"{q(c)}: row.{q(c)}" for c in cols)
            for i in range(0, len(full), BATCH):
                conn.execute(f"UNWIND $rows AS row CREATE (n:{q(label)} {{{assign}}})", {"rows": full[i : i + BATCH]})
        for (type_, sl, el), items in group_rels(rel_rows).items():
            cols = list(schema.rel(type_).columns)
            rows = [{"s": s.split(":", 1)[1], "e": e.split(":", 1)[1], **{c: row.get(c) for c in cols}}
                    for (_, s, e), row in items]
            assign = ", ".join(f"{q(c)}: row.{q(c)}" for c in cols)
            for i in range(0, len(rows), BATCH):
                conn.execute(
                    f"UNWIND $rows AS row MATCH (a:{q(sl)} {{{q(schema.key_of(sl))}: row.s}}) "
                    f"MATCH (b:{q(el)} {{{q(schema.key_of(el))}: row.e}}) CREATE (a)-[r:{q(type_)} {{{assign}}}]->(b)",
                    {"rows": rows[i : i + BATCH]},
                )
        conn.execute("COMMIT")
    else:
        def work(tx: Any) -> None:
            for label, rows in by_label.items():
                for i in range(0, len(rows), BATCH):
                    tx.run(f"UNWIND $rows AS row CREATE (n:{q(label)}) SET n = row", rows=rows[i : i + BATCH]).consume()
            for (type_, sl, el), items in group_rels(rel_rows).items():
                rows = [{"s": s.split(":", 1)[1], "e": e.split(":", 1)[1], "p": row} for (_, s, e), row in items]
                for i in range(0, len(rows), BATCH):
                    tx.run(
                        f"UNWIND $rows AS row MATCH (a:{q(sl)} {{{q(schema.key_of(sl))}: row.s}}) "
                        f"MATCH (b:{q(el)} {{{q(schema.key_of(el))}: row.e}}) CREATE (a)-[r:{q(type_)}]->(b) SET r = row.p",
                        rows=rows[i : i + BATCH],
                    ).consume()

        with store._driver.session(database=store.database) as session:
            session.execute_write(work)
    return time.perf_counter() - started


def timed_load(store: Any, graph: Graph, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    summary = store.load_document(graph, **kwargs)
    return time.perf_counter() - started, summary


def run(backend: str, n_nodes: int, growth: bool) -> None:
    print(f"\n== {backend}: {n_nodes:,} nodes + {3 * n_nodes:,} relationships ==", flush=True)
    t = time.perf_counter()
    graph = synthetic_graph(n_nodes, document="9999/99")
    print(f"synthetic graph built in {time.perf_counter() - t:.1f} s "
          f"({len(graph.nodes):,} nodes, {len(graph.relationships):,} relationships)", flush=True)
    with tempfile.TemporaryDirectory(prefix="eusec-bench-") as tmp:
        store = open_fresh(backend, Path(tmp))
        try:
            raw = raw_create(store, graph)
            counts = store.counts()
            assert sum(counts.nodes.values()) == len(graph.nodes), counts
            print(f"raw UNWIND CREATE:          {raw:8.2f} s", flush=True)
            store.clear()
            first, summary = timed_load(store, graph)
            assert summary.nodes_created == len(graph.nodes)
            assert summary.relationships_created == len(graph.relationships)
            print(f"load_document (first):      {first:8.2f} s   rate vs raw: {raw / first:.2f}x (target >= 0.5x)", flush=True)
            again, summary = timed_load(store, synthetic_graph(n_nodes, document="9999/99"))
            assert summary.unchanged_document
            print(f"re-ingest, unchanged hash:  {again:8.3f} s   = {100 * again / first:.2f}% of first (target <= 10%)", flush=True)
            forced, summary = timed_load(store, graph, force=True)
            assert summary.nodes_updated == 0 and summary.relationships_created == 0
            print(f"re-ingest, forced full diff:{forced:8.2f} s   = {100 * forced / first:.1f}% of first (no writes)", flush=True)
            if growth:
                big = synthetic_graph(10 * n_nodes, document="9999/98")
                store.clear()
                t10, _ = timed_load(store, big)
                print(f"load_document 10x:          {t10:8.2f} s   growth 1x -> 10x: {t10 / first:.1f}x (target <= 11x)", flush=True)
            else:
                small = synthetic_graph(max(1, n_nodes // 10), document="9999/97")
                store.clear()
                t01, _ = timed_load(store, small)
                print(f"load_document 0.1x:         {t01:8.2f} s   growth 0.1x -> 1x: {first / t01:.1f}x (target <= 11x)", flush=True)
            store.clear()
        finally:
            store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["embedded", "neo4j", "both"], default="embedded")
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--growth", action="store_true", help="also load 10x the nodes (slow)")
    args = parser.parse_args()
    for backend in (["embedded", "neo4j"] if args.backend == "both" else [args.backend]):
        run(backend, args.nodes, args.growth)


if __name__ == "__main__":
    main()
