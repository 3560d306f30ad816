"""Cost of the corpus stage: the edition linker on its own, and a relink of the store against loading the papers.

Run: ``.venv/bin/python benchmarks/bench_relink.py [--backend embedded|neo4j] [--measures 65]``.
1. ``link_editions`` on two synthetic editions of N measures (the second renumbered: one measure inserted at the
   top), so every pair is scored; prints the time and the pairs scored per second.
2. The three sample editions (samples/editions/) loaded into a fresh store, then ``relink`` twice: prints the
   load time, the first relink (writes everything) and the second (writes nothing), and their ratios to the load.
One run each, in one process; nothing is asserted: timing depends on the machine and its load.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eusec.graph.editions import MeasureRecord, link_editions  # noqa: E402

WORDS = ("terrorism europol eurojust firearms drugs cyber interoperability schengen radicalisation prisons border "
         "customs data exchange evaluation directive regulation council action plan victims smuggling").split()


def synthetic(n: int, seed: int = 1) -> tuple[list[MeasureRecord], list[MeasureRecord]]:
    """Two editions of ``n`` measures; the second has one more measure at the top, renumbering the rest."""
    rng = random.Random(seed)
    old = []
    for i in range(1, n + 1):
        old.append(MeasureRecord(
            key=f"1/30#{i}", document="1/30", number=str(i), base_number=i, title=" ".join(rng.sample(WORDS, 5)),
            section=str(i % 5), state_of_play=" ".join(rng.choices(WORDS, k=40)),
            main_documents=" ".join(rng.choices(WORDS, k=25)),
            working_parties=frozenset(rng.sample(["TWP", "LEWP", "COSI", "IXIM", "HDG", "COPEN"], 2)),
            cited=frozenset(f"LegalAct:3{rng.randint(2000, 2024)}R{rng.randint(1, 999):04d}" for _ in range(3))))
    new = [MeasureRecord(key="2/30#1", document="2/30", number="1", base_number=1, title="a new measure")]
    new += [MeasureRecord(**{**m.__dict__, "key": f"2/30#{int(m.number) + 1}", "document": "2/30",
                             "number": str(int(m.number) + 1), "base_number": int(m.number) + 1}) for m in old]
    return old, new


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", default="embedded", choices=["embedded", "neo4j"])
    ap.add_argument("--measures", type=int, default=65, help="measures per synthetic edition (5618/20 has 65)")
    args = ap.parse_args()

    old, new = synthetic(args.measures)
    t0 = time.perf_counter()
    result = link_editions(old, new)
    dt = time.perf_counter() - t0
    pairs = len(old) * len(new)
    print(f"linker: {len(old)} x {len(new)} measures, {pairs} pairs in {dt:.2f} s ({pairs / dt:,.0f} pairs/s), "
          f"{len(result.links)} links, {len(result.added)} added")

    from eusec.graph.corpus import relink
    from eusec.graph.factory import open_store
    from eusec.ingest.pipeline import extract_file
    from eusec.settings import Settings

    graphs = [extract_file(p) for p in sorted((ROOT / "samples" / "editions").glob("*.txt"))]
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="eusec-bench-corpus-"))) if args.backend == "embedded" else Settings()
    store = open_store(settings, backend=args.backend)
    try:
        store.ensure_schema()
        store.clear()
        t0 = time.perf_counter()
        for g in graphs:
            store.load_document(g)
        load = time.perf_counter() - t0
        t0 = time.perf_counter()
        first = relink(store)
        t1 = time.perf_counter()
        second = relink(store)
        t2 = time.perf_counter()
        print(f"{args.backend}: load of {len(graphs)} editions {load:.2f} s; relink {t1 - t0:.2f} s "
              f"({first.created} relationships written, {(t1 - t0) / load:.2f}x the load); "
              f"unchanged relink {t2 - t1:.2f} s ({second.unchanged} unchanged, {(t2 - t1) / load:.2f}x the load)")
        if args.backend == "neo4j":
            store.clear()
    finally:
        store.close()


if __name__ == "__main__":
    main()
