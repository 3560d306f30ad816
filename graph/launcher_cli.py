"""``eusec neo4j install|start|stop|status``: the project's own Neo4j server (see graph/launcher.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from eusec.graph import launcher

console = Console()

neo4j_app = typer.Typer(
    name="neo4j",
    help="Run a local Neo4j 5 Community server (from Maven artifacts; no Docker needed).",
    no_args_is_help=True,
)

HomeOpt = typer.Option(None, "--home", help="Data folder of this server (default: EUSEC_NEO4J_HOME).")


def _mib(n: int | None) -> str:
    return f"{n / 2**20:.0f} MiB" if n else "?"


@neo4j_app.command("install")
def install_cmd(
    force: bool = typer.Option(False, "--force", help="Rebuild even if already installed."),
    offline: bool = typer.Option(False, "--offline", help="Maven offline mode (artifacts already in ~/.m2)."),
) -> None:
    """Fetch Neo4j from Maven Central and build the launcher (once; later starts need no network)."""
    with console.status("Resolving Neo4j 5.26 with Maven (first time: a few minutes)...", spinner="dots"):
        info = launcher.install(force=force, offline=offline)
    verb = f"built in {info['seconds']} s" if info["built"] else "already installed"
    console.print(f"Neo4j launcher {verb}: {info['jars']} jars, {_mib(info['bytes'])}.")


@neo4j_app.command("start")
def start_cmd(
    home: Optional[Path] = HomeOpt,
    bolt_port: Optional[int] = typer.Option(None, "--bolt-port", help="Bolt port (default 7687)."),
    http_port: Optional[int] = typer.Option(None, "--http-port", help="HTTP/Browser port (default 7474)."),
    wait: bool = typer.Option(True, "--wait/--no-wait", help="Wait until bolt accepts connections."),
    timeout: float = typer.Option(180.0, "--timeout", help="Seconds to wait for start-up."),
    heap: str = typer.Option(launcher.DEFAULT_HEAP, "--heap", help="JVM heap, e.g. 512m or 1g."),
    guide_url: Optional[str] = typer.Option(
        None, "--guide-url", help="Browser guide to open after connecting, e.g. http://127.0.0.1:8000/browser-guide"
    ),
) -> None:
    """Start Neo4j in the background (installs the launcher first if needed)."""
    if not launcher.is_installed():
        install_cmd(force=False, offline=False)
    t0 = time.monotonic()
    with console.status("Starting Neo4j (about 15-30 s)...", spinner="dots"):
        st = launcher.start(
            home, bolt_port, http_port, wait=wait, timeout=timeout, heap=heap, guide_url=guide_url
        )
    if st.already_running:
        console.print(f"Neo4j is already running for {st.home} (pid {st.pid}).")
    elif wait:
        console.print(f"Neo4j started in {time.monotonic() - t0:.0f} s (pid {st.pid}).")
    else:
        console.print(f"Neo4j is starting (pid {st.pid}); `eusec neo4j status` tells when bolt is up.")
    _print_status(st)


@neo4j_app.command("stop")
def stop_cmd(
    home: Optional[Path] = HomeOpt,
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds before SIGKILL."),
) -> None:
    """Stop the server cleanly (SIGTERM; SIGKILL after the timeout)."""
    with console.status("Stopping Neo4j...", spinner="dots"):
        was_running = launcher.stop(home, timeout=timeout)
    console.print("Neo4j stopped." if was_running else "Neo4j was not running.")


@neo4j_app.command("status")
def status_cmd(
    home: Optional[Path] = HomeOpt,
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Is the server running? (pid, bolt URI, Browser URL). Exit code 1 when it is not."""
    st = launcher.status(home)
    if as_json:
        d = st.to_dict()
        d["rss_bytes"] = launcher.rss_bytes(st.pid) if st.pid else None
        typer.echo(json.dumps(d, indent=2))
    else:
        _print_status(st)
    if not st.running:
        raise typer.Exit(1)


@neo4j_app.command("import")
def import_cmd(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.txt, .md, .pdf) of the corpus.", exists=True),
    home: Optional[Path] = HomeOpt,
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Extraction processes (default: the number of cores)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace the database if it exists."),
) -> None:
    """Bulk-load a corpus into a stopped Neo4j with neo4j-admin (offline; much faster than ingest for a new store)."""
    from eusec.errors import InputError
    from eusec.graph.bulk_import import import_corpus
    from eusec.graph.loading import default_jobs
    from eusec.ingest.pipeline import iter_input_files
    from eusec.settings import get_settings

    files = iter_input_files(paths)
    if not files:
        raise InputError("no input files (.txt, .md, .pdf) found in the given paths")
    target = Path(home or get_settings().neo4j_home)
    with console.status(f"Extracting {len(files)} papers and importing them with neo4j-admin...", spinner="dots"):
        summary = import_corpus(files, target, jobs=jobs or default_jobs(), overwrite=overwrite)
    for line in summary.failed:
        console.print(f"[red]skipped[/red] {line}")
    console.print(
        f"imported {summary.loaded} of {summary.papers} papers: {summary.nodes} nodes, {summary.relationships} "
        f"relationships in {summary.seconds:.1f} s. Next: `eusec neo4j start`, then `eusec link --store neo4j` "
        "(creates the constraints and indexes, and links editions and documents as an online ingest does)."
    )


def _print_status(st: launcher.LauncherStatus) -> None:
    if not st.running:
        console.print(f"[bold]stopped[/] (home {st.home})")
        return
    state = "running" if st.bolt_accepting else "starting"
    console.print(f"[bold green]{state}[/]  pid {st.pid}  memory {_mib(launcher.rss_bytes(st.pid or 0))}")
    console.print(f"  bolt:    {st.bolt_uri}  (user neo4j; password: EUSEC_NEO4J_PASSWORD)", soft_wrap=True)
    console.print(f"  browser: {st.browser_url}")
    console.print(f"  home:    {st.home}  (log: {st.log_path})", soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add the ``neo4j`` command group to the ``eusec`` app."""
    app.add_typer(neo4j_app, name="neo4j")
