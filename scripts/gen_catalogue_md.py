"""Print the README block documenting the named query catalogue (from the query file headers).

Usage: python scripts/gen_catalogue_md.py            # print the block
       python scripts/gen_catalogue_md.py --write    # replace the block in README.md between the markers
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eusec import PROJECT_ROOT  # noqa: E402
from eusec.graph.catalogue import MARK_END, MARK_START, catalogue_markdown  # noqa: E402


def main(argv: list[str]) -> int:
    block = catalogue_markdown()
    if "--write" not in argv:
        sys.stdout.write(block)
        return 0
    readme = PROJECT_ROOT / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    if MARK_START in text and MARK_END in text:
        head, rest = text.split(MARK_START, 1)
        _, tail = rest.split(MARK_END, 1)
        text = head + block.rstrip("\n") + tail
    else:
        text = text.rstrip("\n") + "\n\n## Named queries\n\n" + block
    readme.write_text(text, encoding="utf-8")
    print(f"updated {readme.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
