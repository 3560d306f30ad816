"""Generate an N-paper corpus from the sample papers, for the corpus benchmark and the corpus tests.

Each generated paper is one of the templates (``samples/*.txt`` and, when present, ``../shared/corpus/*.txt``)
with its document number replaced everywhere by a new one, the date line changed, and some measure text
varied (a few prose lines get a clause appended, chosen by a seeded RNG), so that every paper has its own
content hash, its own measures and partly its own wording, while the acts, Council documents and
agencies they cite overlap as they do in a real series. Deterministic for a given seed.

    .venv/bin/python benchmarks/corpus_gen.py OUT_DIR --n 100
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
CLAUSES = [
    "Further discussions are envisaged at expert level.",
    "Member States were invited to share their experience.",
    "The state of play will be presented at the next meeting.",
    "Work is progressing according to the agreed timetable.",
    "Delegations broadly supported the approach.",
]
_NUMBER = re.compile(r"^(\d{3,5})/(\d{2})$", re.M)
_DATE = re.compile(r"^Brussels, \d{1,2} \w+ (\d{4})", re.M)


def templates(shared: Path | None = None, *, use_shared: bool = True) -> list[tuple[str, str]]:
    """(document number, text) of every template paper: the bundled samples and ../shared/corpus."""
    paths = sorted((ROOT / "samples").glob("*.txt"))
    shared = shared if shared is not None else ROOT / ".." / "shared" / "corpus"
    if use_shared and shared.is_dir():
        paths += sorted(shared.glob("*.txt"))
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        m = _NUMBER.search(text)
        if m:
            out.append((m.group(0), text))
    if not out:
        raise SystemExit("corpus_gen: no template papers found (samples/*.txt)")
    return out


def vary(number: str, text: str, index: int, rng: random.Random) -> tuple[str, str]:
    """One paper: a new number (same year), a new date, a few prose lines extended."""
    serial, yy = number.split("/")
    new_number = f"{20000 + index}/{yy}"
    # the number as printed in the header, footers and running heads (never inside other numbers)
    text = re.sub(rf"(?<![\d/]){re.escape(serial)}/{yy}(?![\d/])", new_number, text)
    year = _DATE.search(text).group(1) if _DATE.search(text) else "2020"
    text = _DATE.sub(f"Brussels, {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}", text, count=1)
    lines = text.split("\n")
    prose = [i for i, line in enumerate(lines) if len(line) > 120 and line.rstrip().endswith(".") and "\t" not in line]
    for i in rng.sample(prose, min(len(prose), 3)):
        lines[i] = f"{lines[i]} {rng.choice(CLAUSES)}"
    return new_number, "\n".join(lines)


def generate(
    out: Path, n: int, *, seed: int = 10, shared: Path | None = None, use_shared: bool = True
) -> list[Path]:
    """Write ``n`` papers into ``out`` (paper-00000.txt ...); return their paths. The large template (when
    present) is used for most papers, the short sample for every fifth. ``use_shared=False``: only the
    bundled sample (fast; for tests)."""
    out.mkdir(parents=True, exist_ok=True)
    temps = templates(shared, use_shared=use_shared)
    big = max(temps, key=lambda t: len(t[1]))
    small = min(temps, key=lambda t: len(t[1]))
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        number, text = small if i % 5 == 4 else big
        _, paper = vary(number, text, i, rng)
        path = out / f"paper-{i:05d}.txt"
        path.write_text(paper, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    paths = generate(args.out, args.n, seed=args.seed)
    print(f"wrote {len(paths)} papers to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
