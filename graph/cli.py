"""Store and catalogue commands: ``eusec stats``, ``eusec clear``, ``eusec queries``, ``eusec query``."""

from __future__ import annotations

import json
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from eusec.console import StoreOption, make_console, open_cli_store, parse_params, print_rows, settings_for
from eusec.errors import ParameterError


def stats(
    store: Optional[str] = StoreOption,
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Node counts per label and relationship counts per type."""
    s = open_cli_store(store)
    try:
        counts = s.counts()
    finally:
        s.close()
    if as_json:
        print(json.dumps({"nodes": counts.nodes, "relationships": counts.relationships}))
        return
    console = make_console()
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
    s = open_cli_store(store)
    try:
        s.clear()
        counts = s.counts()
    finally:
        s.close()
    left: Any = sum(counts.nodes.values()) + sum(counts.relationships.values())
    Console().print(f"cleared the {s.backend} store ({left} nodes/relationships left)")


def register(app: typer.Typer) -> None:
    """Add the store and catalogue commands to the ``eusec`` app."""
    app.command("stats")(stats)
    app.command("clear")(clear)

    @app.command("queries")
    def queries(fmt: str = typer.Option("table", "--format", help="table | json")) -> None:
        """List the named query catalogue (queries/*.cypher)."""
        from eusec.graph.catalogue import load_catalogue

        rows = []
        for q in load_catalogue():
            params = ", ".join(
                f"{p.name}:{p.type}" + ("" if p.required else f"={p.default!r}" if p.default not in (None, "") else "?")
                for p in q.params
            )
            rows.append({"name": q.name, "params": params, "description": q.description})
        print_rows(rows, fmt, "named queries")

    @app.command("query")
    def query(
        name: str = typer.Argument(..., help="Query name (see `eusec queries`)"),
        param: list[str] = typer.Option([], "--param", "-p", help="name=value (repeatable)"),
        store: Optional[str] = typer.Option(None, help="embedded | neo4j (default EUSEC_STORE)"),
        fmt: str = typer.Option("table", "--format", help="table | json"),
    ) -> None:
        """Run a named query and print its rows."""
        from eusec.graph.catalogue import load_catalogue
        from eusec.graph.factory import open_store

        if fmt not in ("table", "json"):
            raise ParameterError("--format must be table or json", details={"parameter": "format"})
        named = load_catalogue().get(name)
        params = named.bind(parse_params(param))
        settings = settings_for(store)
        # read-only: works while `eusec serve` holds the embedded database
        db = open_store(settings, read_only=True)
        try:
            rows = db.read(named.text_for(db.backend), params, timeout_s=settings.query_timeout_s)
        finally:
            db.close()
        print_rows(rows, fmt, name)
