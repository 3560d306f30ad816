"""Ingest commands: ``eusec extract PATH... --format json|summary`` runs the pipeline and prints the graph;
``eusec ingest PATH...`` extracts papers in parallel and loads them into a store, then runs the corpus stage.

``extract`` extracts all inputs before anything is printed, so a bad input leaves stdout empty (the error is one
line on stderr, printed by ``eusec.cli.main``).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, List, Optional

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from eusec.console import StoreOption, make_console, open_cli_store
from eusec.errors import InputError
from eusec.graph.store import LoadSummary
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


def _summary_table(rows: list[tuple[str, LoadSummary | None, str]]) -> Table:
    table = Table(title="Ingest summary", show_lines=False)
    for col in ("file", "document", "nodes +", "nodes ~", "nodes =", "nodes -", "rels +", "rels =", "rels -", "s"):
        left = col in ("file", "document")
        table.add_column(col, justify="left" if left else "right", no_wrap=True)
    for name, s, note in rows:
        if s is None:
            table.add_row(name, f"[red]{note}[/red]", *[""] * 8)
            continue
        doc = s.document + (" (unchanged)" if s.unchanged_document else "")
        table.add_row(
            name, doc, str(s.nodes_created), str(s.nodes_updated), str(s.nodes_unchanged), str(s.nodes_deleted),
            str(s.relationships_created), str(s.relationships_unchanged), str(s.relationships_deleted), f"{s.seconds:.2f}",
        )
    table.caption = "+ created  ~ updated  = unchanged  - deleted (changed relationships count as - and +)"
    return table


class _RateColumn(ProgressColumn):
    """Papers a second, from rich's speed estimate."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("-- papers/s" if speed is None else f"{speed:.2f} papers/s")


#: Above this many papers the summary lists only the failures and the totals, not every paper.
TABLE_MAX_ROWS = 50


def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.txt, .md, .pdf) to ingest.", exists=True),
    store: Optional[str] = StoreOption,
    force: bool = typer.Option(False, "--force", help="Re-extract and rewrite even when a paper's content hash is unchanged."),
    as_json: bool = typer.Option(False, "--json", help="Print the per-document summaries as JSON lines."),
    jobs: Optional[int] = typer.Option(
        None, "--jobs", "-j", min=1,
        help="Extraction processes, and edition-linking ones for a long series (default: the number of cores).",
    ),
    fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop at the first paper that fails (others are skipped and reported by default)."),
) -> None:
    """Extract the papers (in parallel) and load each into the store, replacing that paper's previous facts."""
    from eusec.graph.loading import PaperResult, default_jobs, ingest_corpus
    from eusec.ingest.pipeline import iter_input_files

    console = make_console(stderr=as_json)
    files = iter_input_files(paths)
    if not files:
        raise InputError("no input files (.txt, .md, .pdf) found in the given paths")
    s = open_cli_store(store, ingest=True)
    corpus: Any = None
    try:
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
            TextColumn("ETA"), TimeRemainingColumn(), TimeElapsedColumn(),
            console=console, transient=True, speed_estimate_period=60,
        ) as progress:
            task = progress.add_task("ingesting", total=len(files))

            def advance(result: PaperResult) -> None:
                if result.error:  # a failing paper is reported at once, not only in the summary
                    progress.console.print(f"[red]skipped[/red] {result.error}")
                progress.update(task, advance=1, description=f"ingested {result.file}")

            run = ingest_corpus(s, files, jobs=jobs, force=force, fail_fast=fail_fast, on_result=advance)
        changed = {r.summary.document for r in run.results if r.summary is not None and not r.summary.unchanged_document}
        if changed:  # nothing loaded, nothing to link: the store's links are those of its papers already
            from eusec.graph.corpus import relink

            # editions, identities and previous documents over the whole store; pairs of unchanged
            # editions keep their links (`eusec corpus link` scores every pair again)
            corpus = relink(s, changed=changed, jobs=jobs or default_jobs())
    finally:
        s.close()
    results = [(r.file, r.summary, r.error) for r in run.results]
    if as_json:
        for name, summary, note in results:
            print(json.dumps({"file": name, **(summary.as_dict() if summary else {"error": note})}, ensure_ascii=False))
        if corpus is not None:
            print(json.dumps({"corpus": corpus.as_dict()}, ensure_ascii=False))
    else:
        shown = results if len(results) <= TABLE_MAX_ROWS else [r for r in results if r[1] is None]
        if shown:
            console.print(_summary_table(shown))
    t = run.totals()
    console.print(
        f"{t['papers']} papers in {t['seconds']:.1f} s ({t['papers_per_s'] or 0:.2f} papers/s): {t['loaded']} loaded, "
        f"{t['unchanged']} unchanged, {t['failed']} failed; nodes +{t['nodes_created']} ~{t['nodes_updated']} "
        f"-{t['nodes_deleted']}, relationships +{t['relationships_created']} -{t['relationships_deleted']}"
    )
    if corpus is not None and not as_json:
        console.print(
            f"corpus: {corpus.links} measure links in {len(corpus.series)} series "
            f"({corpus.created} relationships written, {corpus.deleted} removed, {corpus.unchanged} unchanged)"
        )
    if run.stopped:
        console.print(run.stopped)
    failed = [r.file for r in run.failed]
    if failed:
        listed = ", ".join(failed[:10]) + (f" and {len(failed) - 10} more" if len(failed) > 10 else "")
        raise InputError(f"{len(failed)} of {len(files)} files could not be ingested: {listed}")


def register(app: typer.Typer) -> None:
    """Add the ``extract`` and ``ingest`` commands."""

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

    app.command("ingest")(ingest)
