"""What the CLI commands share: the --store option, opening a store, consoles, settings for a --store, and
printing rows as a table or JSON."""

from __future__ import annotations

import json
from typing import Any, Optional

import typer
from rich.console import Console

from eusec.errors import ParameterError
from eusec.graph.store import GraphStore
from eusec.settings import Settings, get_settings

StoreOption = typer.Option(None, "--store", help="Backend: embedded (default from EUSEC_STORE) or neo4j.")


def open_cli_store(store: str | None, *, ingest: bool = False) -> GraphStore:
    """The store named by --store (default EUSEC_STORE), opened read-write with its schema ensured
    (``ingest``: for a corpus load, see graph.factory.open_store)."""
    from eusec.graph.factory import BACKENDS, open_store

    if store is not None and store not in BACKENDS:
        raise typer.BadParameter(f"--store must be one of {', '.join(BACKENDS)}")
    s = open_store(backend=store, ingest=ingest)
    s.ensure_schema()
    return s


def make_console(stderr: bool = False) -> Console:
    """A console; when not writing to a terminal, wide enough that the tables do not wrap."""
    console = Console(stderr=stderr)
    if not console.is_terminal:
        console = Console(stderr=stderr, width=140)
    return console


def settings_for(store: Optional[str]) -> Settings:
    """The settings, with the backend of --store when given."""
    settings = get_settings()
    if store:
        if store not in ("embedded", "neo4j"):
            raise ParameterError(f"--store must be 'embedded' or 'neo4j', not '{store}'", details={"parameter": "store"})
        settings = settings.model_copy(update={"store": store})
    return settings



def parse_params(pairs: list[str]) -> dict[str, Any]:
    """``["k=v", "k2=v2"]`` -> dict; a key given twice becomes a list."""
    raw: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise ParameterError(f"--param '{pair}' is not of the form name=value", details={"parameter": pair})
        key, value = pair.split("=", 1)
        key = key.strip()
        if key in raw:
            raw[key] = (raw[key] if isinstance(raw[key], list) else [raw[key]]) + [value]
        else:
            raw[key] = value
    return raw


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        # A terminal table shows the first items of a list; --format json prints all of them.
        shown = [_cell(v) for v in value[:_LIST_ITEMS_SHOWN]]
        if len(value) > _LIST_ITEMS_SHOWN:
            shown.append(f"... (+{len(value) - _LIST_ITEMS_SHOWN} more)")
        return "\n".join(shown)
    if isinstance(value, str) and len(value) > _CELL_CHARS:
        return value[: _CELL_CHARS - 3] + "..."
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


_LIST_ITEMS_SHOWN = 3
_CELL_CHARS = 160


def print_rows(rows: list[dict[str, Any]], fmt: str, title: str = "") -> None:
    """Print rows as a rich table or JSON."""
    if fmt == "json":
        from eusec.api.deps import jsonable

        print(json.dumps(jsonable(rows), ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title or None, show_lines=any(isinstance(v, list) and len(v) > 1 for r in rows for v in r.values()))
    columns = list(rows[0]) if rows else []
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    console = Console()
    console.print(table)
    console.print(f"{len(rows)} row(s); --format json for every value in full", style="dim")
