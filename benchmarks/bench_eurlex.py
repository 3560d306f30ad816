"""EUR-Lex bulk benchmark: load time and peak memory of the 33,282-act metadata table
(``../shared/reference/eurlex/bulk-act-metadata/all_acts_2003-2019_f.Rdata``) through ``eusec import eurlex``'s
code path (read -> build -> store.load_document per year), and of the unchanged re-import.

    .venv/bin/python benchmarks/bench_eurlex.py                     # embedded store in a temporary folder
    .venv/bin/python benchmarks/bench_eurlex.py --backend neo4j     # CLEARS the Neo4j database of EUSEC_NEO4J_URI
    .venv/bin/python benchmarks/bench_eurlex.py --years 3           # only the first N yearly parts (quick)

Printed, all measured in this run: read time (R file -> records, the baseline), build time, load time, the
ratio load / read, the re-import time and its ratio to the first load, and the peak resident memory of this
process (client side; for Neo4j the server's memory is its own JVM heap, 2 GB by default).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eusec.graph.factory import open_store  # noqa: E402
from eusec.ingest.eurlex.build import build_graph  # noqa: E402
from eusec.ingest.eurlex.bulk import iter_parts  # noqa: E402
from eusec.settings import Settings  # noqa: E402

BULK = ROOT / ".." / "shared" / "reference" / "eurlex" / "bulk-act-metadata" / "all_acts_2003-2019_f.Rdata"


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(backend: str, years: int | None) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-eurlex-"))
    settings = Settings(data_dir=workdir) if backend == "embedded" else Settings()
    store: Any = open_store(settings, backend=backend)
    store.ensure_schema()
    store.clear()
    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    parts = list(iter_parts(BULK))[: years or None]
    t_read = time.perf_counter() - t0
    acts = sum(len(p.acts) for p in parts)
    t0 = time.perf_counter()
    graphs = [build_graph(p) for p in parts]
    t_build = time.perf_counter() - t0
    rels = sum(len(g.relationships) for g in graphs)
    t0 = time.perf_counter()
    first = [store.load_document(g) for g in graphs]
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = [store.load_document(g) for g in graphs]
    t_again = time.perf_counter() - t0
    counts = store.counts()
    store.close()
    changed = sum(s.nodes_created + s.nodes_updated + s.relationships_created for s in again)
    print(f"backend={backend} parts={len(parts)} acts={acts} relationships={rels} "
          f"stored LegalAct={counts.nodes.get('LegalAct')} BASED_ON={counts.relationships.get('BASED_ON')}")
    print(f"  read (R file -> records)   {t_read:8.1f} s")
    print(f"  build (records -> graphs)  {t_build:8.1f} s")
    print(f"  load (store.load_document) {t_load:8.1f} s   = {t_load / t_read:.1f}x the read   "
          f"({acts / t_load:,.0f} acts/s; created {sum(s.nodes_created for s in first)} nodes)")
    print(f"  unchanged re-import        {t_again:8.1f} s   = {t_again / t_load:.2f}x the first load (changed: {changed})")
    print(f"  total                      {t_read + t_build + t_load:8.1f} s")
    print(f"  peak RSS of this process   {peak_rss_mb():8.0f} MB (before: {rss_before:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["embedded", "neo4j"], default="embedded")
    parser.add_argument("--years", type=int, default=None, help="only the first N yearly parts")
    args = parser.parse_args()
    if not BULK.is_file():
        sys.exit("error: ../shared/reference/eurlex/bulk-act-metadata/all_acts_2003-2019_f.Rdata not found")
    run(args.backend, args.years)


if __name__ == "__main__":
    main()
