"""CLI commands of the API area: ``eusec serve`` and ``eusec up`` (ingest, then serve, in one process)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import typer

from eusec import RESOURCE_ROOT
from eusec.console import settings_for
from eusec.errors import InputError


def default_papers(samples_dir: Path | None = None) -> list[Path]:
    """The sample papers ``eusec up`` ingests when given none: ``samples/*.txt`` (package data of the wheel)."""
    return sorted((samples_dir or RESOURCE_ROOT / "samples").glob("*.txt"))


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
    changed = {str(i.get("document")) for i in summaries if not i.get("unchanged_document")}
    if changed:  # link editions, identities and previous documents across the store
        from eusec.graph.corpus import relink

        relink(store, changed=changed)  # pairs of unchanged editions keep their links
    return summaries


def _serve(app: Any, host: str, port: int) -> None:
    import uvicorn

    app.state.bind_host = host  # POST /cypher is open by default only on a loopback address
    # Keep idle keep-alive connections for 30 s (uvicorn's default is 5 s): a client that reuses a connection
    # just as the server drops it gets a reset instead of an answer, which busy clients hit under load.
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_keep_alive=30)


def register(app: typer.Typer) -> None:
    """Add serve and up to the ``eusec`` command."""

    @app.command("serve")
    def serve(
        host: Optional[str] = typer.Option(None, help="Interface to listen on (default EUSEC_API_HOST)"),
        port: Optional[int] = typer.Option(None, help="Port (default EUSEC_API_PORT)"),
        store: Optional[str] = typer.Option(None, help="embedded | neo4j (default EUSEC_STORE)"),
    ) -> None:
        """Serve the REST API and its docs (/docs) over the configured store."""
        from eusec.api.app import create_app

        settings = settings_for(store)
        _serve(create_app(settings), host or settings.api_host, port or settings.api_port)

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

        settings = settings_for(store)
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
