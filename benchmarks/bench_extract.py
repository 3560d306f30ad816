"""Extraction time of the sample paper against a bare regex pass over the same text.

Run: ``.venv/bin/python benchmarks/bench_extract.py [PATH]`` (default ../shared/corpus/5618-20.txt).
One warm-up, then one timed run of each; prints both figures and their ratio (target: <= 20x). Nothing is
asserted: timing depends on the machine and its load.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eusec.ingest.pipeline import extract_text  # noqa: E402

#: What a naive extractor would do: a handful of compiled patterns run over the text once.
BARE_PATTERNS = [
    re.compile(r"\b\d{1,5}/(?:\d{1,2}/)?\d{2}\b(?:\s+(?:REV|ADD|COR)\s*\d+)?"),  # Council documents
    re.compile(r"\b(?:Regulation|Directive|Decision)\s+(?:\((?:EU|EC|EEC)\)\s+)?(?:No\s+)?\d{2,4}/\d{1,4}"),  # acts
    re.compile(r"\b(?:COM|SWD|JOIN)\s*\(\d{4}\)\s*\d+"),  # Commission documents
    re.compile(r"Respons[ai]ble\s+WP\s*:?(.*)"),  # working parties
    re.compile(r"\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}"),
    re.compile(r"\b[A-Z]{2}\s+Presidency"),
]


def bare_pass(text: str) -> int:
    """Run every pattern over the text; return the number of matches."""
    return sum(1 for pattern in BARE_PATTERNS for _ in pattern.finditer(text))


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - t0, result


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "corpus" / "5618-20.txt"
    text = path.read_text(encoding="utf-8")
    extract_text(text, name=path.name)  # warm-up: loads patterns, gazetteers, the tokenizer
    bare_pass(text)
    t_extract, graph = timed(extract_text, text, name=path.name)
    t_bare, matches = timed(bare_pass, text)
    ratio = t_extract / t_bare if t_bare else float("inf")
    print(f"input:        {path.name} ({len(text)} chars, {text.count(chr(10)) + 1} lines)")
    print(f"extraction:   {t_extract * 1000:8.1f} ms  ({len(graph.nodes)} nodes, {len(graph.relationships)} relationships)")
    print(f"bare regex:   {t_bare * 1000:8.1f} ms  ({matches} matches)")
    print(f"ratio:        {ratio:8.1f}x  (target <= 20x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
