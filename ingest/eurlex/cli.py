"""``eusec import eurlex PATH...`` and ``eusec eurlex fetch CELEX...``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from eusec.errors import InputError

StoreOption = typer.Option(None, "--store", help="Backend: embedded (default from EUSEC_STORE) or neo4j.")


def _import(paths: list[Path], store: str | None, as_json: bool) -> None:
    from eusec.console import make_console, open_cli_store
    from eusec.ingest.cli import _summary_table
    from eusec.ingest.eurlex.importer import iter_files, read_units
    from eusec.ingest.eurlex.build import build_graph

    files = iter_files(paths)
    if not files:
        raise InputError("no EUR-Lex files found in the given paths")
    console = make_console(stderr=as_json)
    s = open_cli_store(store)
    results = []
    try:
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=True,
        ) as progress:
            task = progress.add_task("importing", total=len(files))
            for path in files:
                progress.update(task, description=f"importing {path.name}")
                try:
                    units = read_units(path)
                    for unit in units:
                        progress.update(task, description=f"importing {unit.document}")
                        results.append((path.name, s.load_document(build_graph(unit)), ""))
                except InputError as exc:  # one bad file must not stop the others
                    results.append((path.name, None, exc.message))
                progress.advance(task)
        if any(summary is not None for _, summary, _ in results):  # acts may now be cited documents too
            from eusec.graph.tallies import refresh_tallies

            refresh_tallies(s)
    finally:
        s.close()
    if as_json:
        for name, summary, note in results:
            print(json.dumps({"file": name, **(summary.as_dict() if summary else {"error": note})}, ensure_ascii=False))
    else:
        table = _summary_table(results)
        table.title = "EUR-Lex import summary"
        console.print(table)
    failed = sorted({name for name, summary, _ in results if summary is None})
    if failed:
        raise InputError(f"{len(failed)} of {len(files)} files could not be imported: {', '.join(failed)}")


def register(app: typer.Typer) -> None:
    """Add ``import eurlex`` and ``eurlex fetch`` to the ``eusec`` app."""
    import_app = typer.Typer(help="Import reference data into the store.", no_args_is_help=True)
    eurlex_app = typer.Typer(help="EUR-Lex / CELLAR: fetch notices.", no_args_is_help=True)

    @import_app.command("eurlex")
    def import_eurlex(
        paths: List[Path] = typer.Argument(..., help="EUR-Lex/CELLAR files or folders (RDF/XML, XML notices, "
                                           "EUR-Lex pages, search exports, SPARQL results, the .Rdata act table)."),
        store: Optional[str] = StoreOption,
        as_json: bool = typer.Option(False, "--json", help="Print the per-unit summaries as JSON lines."),
    ) -> None:
        """Load authoritative legal-act metadata (titles, dates, in force, AMENDS/REPEALS/BASED_ON/CORRECTS)."""
        _import(list(paths), store, as_json)

    @eurlex_app.command("fetch")
    def fetch(
        celex: List[str] = typer.Argument(..., help="CELEX numbers, e.g. 32016R0794."),
        store: Optional[str] = StoreOption,
        cache_dir: Optional[Path] = typer.Option(None, "--cache", help="Cache folder (default <data dir>/eurlex-cache)."),
        base_url: Optional[str] = typer.Option(None, "--base-url", help="CELLAR base URL (default from EUSEC_CELLAR_URL or the Publications Office)."),
        sparql: bool = typer.Option(False, "--sparql", help="Also ask the SPARQL endpoint for the acts' relations."),
        as_json: bool = typer.Option(False, "--json", help="Print the per-unit summaries as JSON lines."),
    ) -> None:
        """Fetch notices from CELLAR (cached, rate-limited, with retries) and import them."""
        from eusec.ingest.eurlex.fetch import Fetcher

        fetcher = Fetcher.from_settings(cache_dir=cache_dir, base_url=base_url)
        files = fetcher.fetch_all(list(celex), sparql=sparql)
        _import(files, store, as_json)

    app.add_typer(import_app, name="import")
    app.add_typer(eurlex_app, name="eurlex")
