"""Store commands: ``eusec ingest``, ``eusec stats``, ``eusec clear``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
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
from rich.text import Text
from rich.table import Table

from eusec.errors import InputError, ParameterError
from eusec.graph.store import GraphStore, LoadSummary

StoreOption = typer.Option(None, "--store", help="Backend: embedded (default from EUSEC_STORE) or neo4j.")


def _open(store: str | None) -> GraphStore:
    from eusec.graph.factory import BACKENDS, open_store

    if store is not None and store not in BACKENDS:
        raise typer.BadParameter(f"--store must be one of {', '.join(BACKENDS)}")
    s = open_store(backend=store)
    s.ensure_schema()
    return s


def _console(stderr: bool = False) -> Console:
    """A console; when not writing to a terminal, wide enough that the tables do not wrap."""
    console = Console(stderr=stderr)
    if not console.is_terminal:
        console = Console(stderr=stderr, width=140)
    return console


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
        None, "--jobs", "-j", min=1, help="Extraction processes (default: the number of cores)."
    ),
    fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop at the first paper that fails (others are skipped and reported by default)."),
) -> None:
    """Extract the papers (in parallel) and load each into the store, replacing that paper's previous facts."""
    from eusec.graph.loading import PaperResult, ingest_corpus
    from eusec.ingest.pipeline import iter_input_files

    console = _console(stderr=as_json)
    files = iter_input_files(paths)
    if not files:
        raise InputError("no input files (.txt, .md, .pdf) found in the given paths")
    s = _open(store)
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
        if any(r.summary is not None for r in run.results):
            from eusec.graph.corpus import relink

            corpus = relink(s)  # editions, identities and previous documents over the whole store
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


def stats(
    store: Optional[str] = StoreOption,
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Node counts per label and relationship counts per type."""
    s = _open(store)
    try:
        counts = s.counts()
    finally:
        s.close()
    if as_json:
        print(json.dumps({"nodes": counts.nodes, "relationships": counts.relationships}))
        return
    console = _console()
    for title, data in (("Nodes", counts.nodes), ("Relationships", counts.relationships)):
        table = Table(title=f"{title} ({s.backend})")
        table.add_column("label" if title == "Nodes" else "type")
        table.add_column("count", justify="right")
        for name, n in data.items():
            table.add_row(name, str(n))
        table.add_row("[bold]total[/bold]", f"[bold]{sum(data.values())}[/bold]")
        console.print(table)


def clear(
    yes: bool = typer.Option(False, "--yes", help="Confirm: delete every node and relationship."),
    store: Optional[str] = StoreOption,
) -> None:
    """Delete every node and relationship (constraints, indexes and tables stay)."""
    if not yes:
        raise ParameterError("refusing to clear the store without --yes")
    s = _open(store)
    try:
        s.clear()
        counts = s.counts()
    finally:
        s.close()
    left: Any = sum(counts.nodes.values()) + sum(counts.relationships.values())
    Console().print(f"cleared the {s.backend} store ({left} nodes/relationships left)")


def register(app: typer.Typer) -> None:
    """Add the store commands to the ``eusec`` app."""
    app.command("ingest")(ingest)
    app.command("stats")(stats)
    app.command("clear")(clear)
