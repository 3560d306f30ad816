"""``eusec extract PATH... --format json|summary``: run the ingest pipeline and print the graph.

All inputs are extracted before anything is printed, so a bad input leaves stdout empty (the error is one line
on stderr, printed by ``eusec.cli.main``).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import List

import typer

from eusec.errors import InputError
from eusec.graph.model import Graph, iter_apoc_json


def _summary(graph: Graph, documents: list[str]) -> list[str]:
    out = [f"documents: {', '.join(documents)}"]
    labels = Counter(n.label for n in graph.nodes.values())
    types = Counter(r.type for r in graph.relationships.values())
    out.append("nodes:")
    out.extend(f"  {label:<20} {count}" for label, count in sorted(labels.items()))
    out.append("relationships:")
    out.extend(f"  {type_:<20} {count}" for type_, count in sorted(types.items()))
    return out


def register(app: typer.Typer) -> None:
    """Add the ``extract`` command."""

    @app.command("extract")
    def extract(
        paths: List[Path] = typer.Argument(..., help="Files or folders (.txt, .md, .pdf)."),
        format: str = typer.Option("json", "--format", "-f", help="json (APOC JSON lines) or summary."),
    ) -> None:
        """Extract the knowledge graph of EU documents (Council papers, acts, Commission documents) and print it (nothing on bad input)."""
        from eusec.ingest.pipeline import extract_file, iter_input_files

        if format not in ("json", "summary"):
            raise InputError(f"unknown format {format!r}: use json or summary")
        files = iter_input_files(paths)
        if not files:
            raise InputError("no input files (.txt, .md, .pdf) found")
        merged = Graph()
        documents: list[str] = []
        for f in files:
            g = extract_file(f)
            documents.append(g.document or f.name)
            merged.merge(g)
        lines = list(iter_apoc_json(merged)) if format == "json" else _summary(merged, documents)
        sys.stdout.write("\n".join(lines) + "\n")
