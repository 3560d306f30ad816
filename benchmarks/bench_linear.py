"""Extraction time per MB on a generated paper of 2 MB and of 20 MB (issue 9: provenance merging made
extraction quadratic in mentions). Prints both and their ratio (target: the 20 MB text costs at most 2x
per MB what the 2 MB text does). One run each after a small warm-up; nothing asserted.

Run: ``.venv/bin/python benchmarks/bench_linear.py [SMALL_MB BIG_MB]`` (default 2 20).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from big_paper import big_paper  # noqa: E402

from eusec.ingest.pipeline import extract_text  # noqa: E402


def per_mb(n_mb: float) -> tuple[float, int, int]:
    """Seconds per MB, nodes and relationships for a generated paper of ``n_mb`` MB."""
    text = big_paper(int(n_mb * 1_000_000))
    t0 = time.perf_counter()
    graph = extract_text(text, name="generated.txt")
    seconds = time.perf_counter() - t0
    return seconds / (len(text) / 1_000_000), len(graph.nodes), len(graph.relationships)


def main(argv: list[str]) -> int:
    small, big = (float(argv[1]), float(argv[2])) if len(argv) > 2 else (2.0, 20.0)
    extract_text(big_paper(20_000), name="warmup.txt")  # patterns, gazetteers, tokenizer
    s_small, n1, r1 = per_mb(small)
    s_big, n2, r2 = per_mb(big)
    print(f"{small:5.1f} MB: {s_small:6.2f} s/MB  ({n1} nodes, {r1} relationships)")
    print(f"{big:5.1f} MB: {s_big:6.2f} s/MB  ({n2} nodes, {r2} relationships)")
    print(f"ratio per MB: {s_big / s_small:5.2f}x  (target <= 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
