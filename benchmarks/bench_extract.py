"""Extraction time over all samples, per character, against a bare regex pass over the same texts.

Run: ``.venv/bin/python benchmarks/bench_extract.py [PATH...]`` (files or folders; default: the bundled
sample, the test fixtures and ../shared/corpus). One warm-up, then the best of ``--repeat`` runs (default 3)
of each file; prints per file its size, time and microseconds per character (or why it was refused), then
the totals over the accepted files and the ratio to the bare regex pass (target <= 20x on the sample paper).
Nothing is asserted: timing depends on the machine and its load; compare two runs made on the same machine.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from eusec.errors import InputError
from eusec.ingest.pipeline import extract_text

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = [ROOT / "samples", ROOT / "tests" / "ingest" / "fixtures", ROOT.parent / "shared" / "corpus"]
SUFFIXES = {".txt", ".md", ".csv", ".html"}

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


def best_of(repeat: int, fn, *args, **kwargs) -> tuple[float, object]:
    """The fastest of ``repeat`` runs (seconds) and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(*args, **kwargs)
        best = min(best, time.perf_counter() - t0)
    return best, result


def files_of(paths: list[Path]) -> list[Path]:
    """The sample files under ``paths`` (folders recursively), sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES and f.name != "README.md"))
        elif p.is_file():
            out.append(p)
    return out


def main(argv: list[str]) -> int:
    repeat = 3
    args = list(argv[1:])
    if "--repeat" in args:
        k = args.index("--repeat")
        repeat = int(args[k + 1])
        del args[k : k + 2]
    files = files_of([Path(a) for a in args] or DEFAULT_PATHS)
    if not files:
        print("no sample files found")
        return 1
    try:  # warm-up: loads patterns, gazetteers, the tokenizer
        extract_text(files[0].read_text(encoding="utf-8"), name=files[0].name)
    except InputError:
        pass
    total_chars = total_s = total_bare = 0.0
    for f in files:
        text = f.read_text(encoding="utf-8")
        try:
            t, graph = best_of(repeat, extract_text, text, name=f.name)
        except InputError as exc:
            print(f"{f.name:<40} {len(text):>8} chars  refused: {exc.message[:60]}")
            continue
        t_bare, _ = best_of(repeat, bare_pass, text)
        total_chars += len(text)
        total_s += t
        total_bare += t_bare
        us = t * 1e6 / max(1, len(text))
        print(f"{f.name:<40} {len(text):>8} chars  {t * 1000:8.1f} ms  {us:6.2f} us/char  {len(graph.nodes):4d} nodes")  # type: ignore[attr-defined]
    if total_chars:
        print(f"accepted total: {int(total_chars)} chars, {total_s * 1000:.1f} ms, {total_s * 1e6 / total_chars:.2f} us/char")
        print(f"bare regex:     {total_bare * 1000:.1f} ms, ratio {total_s / total_bare if total_bare else float('inf'):.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
