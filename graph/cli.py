"""Store commands: ``eusec ingest``, ``eusec stats``, ``eusec clear``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
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


def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.txt, .md, .pdf) to ingest.", exists=True),
    store: Optional[str] = StoreOption,
    force: bool = typer.Option(False, "--force", help="Rewrite even when a document's content hash is unchanged."),
    as_json: bool = typer.Option(False, "--json", help="Print the per-document summaries as JSON lines."),
) -> None:
    """Extract each paper and load it into the store, replacing that document's previous facts."""
    from eusec.ingest.pipeline import extract_file, iter_input_files  # lazy: spaCy loads only when ingesting

    console = _console(stderr=as_json)
    files = iter_input_files(paths)
    if not files:
        raise InputError("no input files (.txt, .md, .pdf) found in the given paths")
    s = _open(store)
    results: list[tuple[str, LoadSummary | None, str]] = []
    corpus: Any = None
    try:
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=True,
        ) as progress:
            task = progress.add_task("ingesting", total=len(files))
            for path in files:
                progress.update(task, description=f"ingesting {path.name}")
                try:
                    graph = extract_file(path)
                    results.append((path.name, s.load_document(graph, force=force), ""))  # type: ignore[call-arg]
                except InputError as exc:  # one bad file must not stop the others
                    results.append((path.name, None, exc.message))
                progress.advance(task)
        if any(summary is not None for _, summary, _ in results):
            from eusec.graph.corpus import relink

            corpus = relink(s)  # editions, identities and previous documents over the whole store
    finally:
        s.close()
    if as_json:
        for name, summary, note in results:
            print(json.dumps({"file": name, **(summary.as_dict() if summary else {"error": note})}, ensure_ascii=False))
        if corpus is not None:
            print(json.dumps({"corpus": corpus.as_dict()}, ensure_ascii=False))
    else:
        console.print(_summary_table(results))
        if corpus is not None:
            console.print(
                f"corpus: {corpus.links} measure links in {len(corpus.series)} series "
                f"({corpus.created} relationships written, {corpus.deleted} removed, {corpus.unchanged} unchanged)"
            )
    failed = [name for name, summary, _ in results if summary is None]
    if failed:
        raise InputError(f"{len(failed)} of {len(results)} files could not be ingested: {', '.join(failed)}")


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
