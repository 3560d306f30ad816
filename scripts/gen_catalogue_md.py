"""Print the README block documenting the named query catalogue (from the query file headers).

Usage: python scripts/gen_catalogue_md.py            # print the block
       python scripts/gen_catalogue_md.py --write    # replace the block in README.md between the markers
tests/queries/test_catalogue.py checks README.md holds exactly this block.
"""

from __future__ import annotations

import sys
from pathlib import Path

from eusec.graph.catalogue import Catalogue, load_catalogue

ROOT = Path(__file__).resolve().parent.parent
MARK_START = "<!-- catalogue:start -->"
MARK_END = "<!-- catalogue:end -->"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def catalogue_markdown(catalogue: Catalogue | None = None) -> str:
    """The README block: a markdown table of the catalogue, between the catalogue markers."""
    catalogue = catalogue if catalogue is not None else load_catalogue()
    lines = [
        MARK_START,
        "| Query | Question it answers | Parameters | Rewritten for |",
        "|---|---|---|---|",
    ]
    for q in catalogue:
        params = []
        for p in q.params:
            spec = f"`{p.name}`: {p.type}"
            if not p.required:
                spec += f" = `{p.default}`" if p.default not in (None, "", []) else " (optional)"
            if p.example not in (None, "", []) and p.example != p.default:
                spec += f", e.g. `{p.example}`"
            params.append(spec)
        lines.append(
            f"| `{q.name}` | {_md(q.description)} | {_md('; '.join(params)) or '-'} | "
            f"{', '.join(sorted(q.overrides)) or '-'} |"
        )
    lines.append(MARK_END)
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    block = catalogue_markdown()
    if "--write" not in argv:
        sys.stdout.write(block)
        return 0
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if MARK_START not in text or MARK_END not in text:
        print(f"{readme.name} has no {MARK_START} ... {MARK_END} block", file=sys.stderr)
        return 1
    head, rest = text.split(MARK_START, 1)
    _, tail = rest.split(MARK_END, 1)
    readme.write_text(head + block.rstrip("\n") + tail, encoding="utf-8")
    print(f"updated {readme.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
