"""``eusec export``: write the whole stored graph as neo4j-admin CSV, GraphML, APOC JSON lines, JSON-LD or Turtle."""

from __future__ import annotations

from pathlib import Path

import typer

from eusec.errors import EusecError, NotFoundError, ParameterError

STORES = ("embedded", "neo4j")


def export_command(
    format: str = typer.Option(..., "--format", "-f", help="csv (neo4j-admin import folder), graphml, json (APOC lines), jsonld, ttl."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder (csv) or file (other formats)."),
    store: str | None = typer.Option(None, "--store", help="Which store to read: embedded or neo4j (default: EUSEC_STORE)."),
) -> None:
    """Export the whole graph, with provenance, for use in other tools."""
    from eusec.graph.export import FORMATS

    # validated here (not with an Enum) so that a wrong value is the usual one-line error
    if format not in FORMATS:
        raise ParameterError(f"--format {format!r}: choose one of {', '.join(FORMATS)}")
    if store is not None and store not in STORES:
        raise ParameterError(f"--store {store!r}: choose one of {', '.join(STORES)}")
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from eusec.graph.export import export
    from eusec.graph.factory import open_store

    from eusec.settings import get_settings

    settings = get_settings()
    if (store or settings.store) == "embedded" and not settings.embedded_path.exists():
        raise NotFoundError(
            f"no embedded database in {settings.data_dir}: ingest a paper first (eusec up, or eusec ingest PAPER)"
        )
    console = Console(stderr=True)
    try:
        with console.status(f"reading the graph from the {store or settings.store} store"):
            db = open_store(backend=store, read_only=True)
            try:
                graph = db.dump()
            finally:
                db.close()
    except EusecError as exc:  # keep the promise of one-line errors whatever the driver said
        exc.message = " ".join(exc.message.split())
        raise
    total = len(graph.nodes) + len(graph.relationships)
    with Progress(
        TextColumn(f"exporting {format}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("export", total=total)
        result = export(graph, format, out, progress=lambda n: bar.advance(task, n))
    console.print(
        f"wrote {result.nodes} nodes and {result.relationships} relationships as {format} to {result.path}"
        + (f" ({len(result.files)} files; see {result.path / 'import.sh'})" if format == "csv" else ""),
        soft_wrap=True,
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``eusec export`` to the CLI."""
    app.command("export")(export_command)
