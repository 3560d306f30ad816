"""Print the README's graph-model section, generated from graph/schema.yaml.

Usage: .venv/bin/python scripts/gen_model_md.py        (prints the block)
       .venv/bin/python scripts/gen_model_md.py --write  (replaces it in README.md between the markers)
tests/docs/test_readme.py checks README.md holds exactly this block.
"""

from __future__ import annotations

import sys
from pathlib import Path

from eusec.graph.schema import load_schema

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- model:start -->", "<!-- model:end -->"


def model_markdown(schema_path: Path | None = None) -> str:
    """The markdown tables of labels and relationship types (graph/schema.yaml through graph/schema.py)."""
    schema = load_schema(schema_path)
    out = ["| label | key | what it is | main properties |", "|---|---|---|---|"]
    for label, spec in schema.nodes.items():
        props = ", ".join(f"`{p}`" for p in spec.properties if p != spec.key)
        out.append(f"| `{label}` | `{spec.key}` | {spec.description} | {props} |")
    out += ["", "| relationship | from | to | meaning | properties | edges |", "|---|---|---|---|---|---|"]
    for rel, rspec in schema.relationships.items():
        props = ", ".join(f"`{p}`" for p in rspec.properties) or "-"
        edges = "one edge, `sources`" if rspec.canonical else "one per paper"
        out.append(
            f"| `{rel}` | {', '.join(rspec.from_labels)} | {', '.join(rspec.to_labels)} | {rspec.description} | {props} | {edges} |"
        )
    return "\n".join(out)


def block() -> str:
    return f"{START}\n{model_markdown()}\n{END}"


def main() -> None:
    if "--write" in sys.argv:
        readme = ROOT / "README.md"
        text = readme.read_text(encoding="utf-8")
        head, rest = text.split(START, 1)
        _, tail = rest.split(END, 1)
        readme.write_text(head + block() + tail, encoding="utf-8")
    else:
        print(block())


if __name__ == "__main__":
    main()
