"""CLI commands of the API area: ``eusec serve``, ``eusec query``, ``eusec queries`` and ``eusec up``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from eusec import RESOURCE_ROOT
from eusec.errors import InputError, ParameterError
from eusec.settings import Settings, get_settings

def _settings(store: Optional[str]) -> Settings:
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


def default_papers(samples_dir: Path | None = None) -> list[Path]:
    """The sample papers ``eusec up`` ingests when given none: ``samples/*.txt`` (package data of the wheel)."""
    return sorted((samples_dir or RESOURCE_ROOT / "samples").glob("*.txt"))


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


def ingest_papers(store: Any, papers: list[Path], *, echo: bool = True) -> list[dict[str, Any]]:
    """Extract each paper and load it into ``store`` (the same code path as ``POST /ingest``)."""
    from eusec.ingest.pipeline import extract_file  # lazy: spaCy and friends load only when needed

    summaries = []
    for path in papers:
        if not path.exists():
            raise InputError(f"{path}: no such file", details={"path": str(path)})
        graph = extract_file(path)
        summary = store.load_document(graph)
        info = summary.as_dict() if hasattr(summary, "as_dict") else dict(summary)
        summaries.append(info)
        if echo:
            print(
                f"ingested {path.name}: document {graph.document}, {len(graph.nodes)} nodes, "
                f"{len(graph.relationships)} relationships"
                + (" (unchanged)" if info.get("unchanged_document") else ""),
                file=sys.stderr,
            )
    if papers:
        from eusec.graph.corpus import relink

        relink(store)  # link editions, identities and previous documents across the store
    return summaries


def _serve(app: Any, host: str, port: int) -> None:
    import uvicorn

    app.state.bind_host = host  # POST /cypher is open by default only on a loopback address
    # Keep idle keep-alive connections for 30 s (uvicorn's default is 5 s): a client that reuses a connection
    # just as the server drops it gets a reset instead of an answer, which busy clients hit under load.
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_keep_alive=30)


def register(app: typer.Typer) -> None:
    """Add serve, query, queries and up to the ``eusec`` command."""

    @app.command("serve")
    def serve(
        host: Optional[str] = typer.Option(None, help="Interface to listen on (default EUSEC_API_HOST)"),
        port: Optional[int] = typer.Option(None, help="Port (default EUSEC_API_PORT)"),
        store: Optional[str] = typer.Option(None, help="embedded | neo4j (default EUSEC_STORE)"),
    ) -> None:
        """Serve the REST API and its docs (/docs) over the configured store."""
        from eusec.api.app import create_app

        settings = _settings(store)
        _serve(create_app(settings), host or settings.api_host, port or settings.api_port)

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
        settings = _settings(store)
        # read-only: works while `eusec serve` holds the embedded database
        db = open_store(settings, read_only=True)
        try:
            rows = db.read(named.text_for(db.backend), params, timeout_s=settings.query_timeout_s)
        finally:
            db.close()
        print_rows(rows, fmt, name)

    @app.command("up")
    def up(
        paths: list[Path] = typer.Argument(None, help="Papers to ingest (default: the shipped sample)"),
        store: Optional[str] = typer.Option(None, help="embedded | neo4j (default EUSEC_STORE)"),
        host: Optional[str] = typer.Option(None, help="Interface to listen on (default EUSEC_API_HOST)"),
        port: Optional[int] = typer.Option(None, help="Port (default EUSEC_API_PORT)"),
    ) -> None:
        """Ingest papers, then serve the API and docs, in one process (the embedded store has one writer)."""
        from eusec.api.app import create_app
        from eusec.graph.factory import open_store

        settings = _settings(store)
        papers = list(paths or []) or default_papers()
        if not papers:
            raise InputError("no paper given and no sample paper installed (samples/*.txt)")
        db = open_store(settings)
        try:
            db.ensure_schema()
            ingest_papers(db, papers)
            host_, port_ = host or settings.api_host, port or settings.api_port
            print(f"serving http://{host_}:{port_}/docs (store: {db.backend})", file=sys.stderr)
            _serve(create_app(settings, store=db), host_, port_)
        finally:
            db.close()
