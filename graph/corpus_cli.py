"""Corpus commands: ``eusec link`` (run the corpus stage), ``eusec diff A B`` (what changed between two
editions) and ``eusec history KEY`` (a measure across editions)."""

from __future__ import annotations

import json
from typing import Any, Optional

import typer

from eusec.errors import NotFoundError, ParameterError

StoreOption = typer.Option(None, "--store", help="Backend: embedded (default from EUSEC_STORE) or neo4j.")
FormatOption = typer.Option("table", "--format", help="table | json")


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "json"):
        raise ParameterError("--format must be table or json", details={"parameter": "format"})


def _run(name: str, params: dict[str, Any], store: str | None) -> list[dict[str, Any]]:
    """Run a named query read-only (works while `eusec serve` holds the embedded database)."""
    from eusec.console import settings_for
    from eusec.graph.catalogue import load_catalogue
    from eusec.graph.factory import open_store

    named = load_catalogue().get(name)
    bound = named.bind(params)
    settings = settings_for(store)
    db = open_store(settings, read_only=True)
    try:
        return db.read(named.text_for(db.backend), bound, timeout_s=settings.query_timeout_s)
    finally:
        db.close()


#: A series with more editions than this is printed as its first and last ones (the whole series:
#: `eusec query series_editions -p series=KEY`, or GET /series).
SHOWN_EDITIONS = 6


def series_line(key: str, docs: list[str]) -> str:
    """One line per series: its editions in order, the middle left out of a long one."""
    if len(docs) <= SHOWN_EDITIONS:
        return f"{key}: {' -> '.join(docs)}"
    half = SHOWN_EDITIONS // 2
    return (f"{key}: {len(docs)} editions, {' -> '.join(docs[:half])} -> ... -> {' -> '.join(docs[-half:])} "
            f"(all: eusec query series_editions -p series={key})")


def link(store: Optional[str] = StoreOption, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Link the stored papers into a corpus: series and editions, measures across editions, previous
    documents, cited documents that are ingested. `eusec ingest` runs it after loading; run it by hand after
    editing graph/series.yaml."""
    from eusec.console import open_cli_store
    from eusec.graph.corpus import relink
    from eusec.graph.loading import default_jobs

    s = open_cli_store(store)
    try:
        summary = relink(s, jobs=default_jobs())
    finally:
        s.close()
    if as_json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
        return
    for key, docs in summary.series.items():
        print(series_line(key, docs))
    print(
        f"{summary.links} measure links; {summary.created} relationships written, {summary.deleted} removed, "
        f"{summary.unchanged} unchanged"
    )


def diff(
    a: str = typer.Argument(..., help="The older paper, e.g. 9901/24"),
    b: str = typer.Argument(..., help="The newer paper, e.g. 9902/25"),
    store: Optional[str] = StoreOption,
    fmt: str = FormatOption,
) -> None:
    """What changed between two papers of a series: continued (renumbered, retitled, working parties,
    state of play, newly cited), added and dropped measures."""
    from eusec.console import print_rows

    _check_format(fmt)
    for number in (a, b):
        if not _run("documents", {"number": number}, store):
            raise NotFoundError(f"no paper '{number}' in the store", details={"number": number})
    rows = _run("edition_diff", {"a": a, "b": b}, store)
    if fmt == "table":
        rows = [
            {
                "status": r["status"],
                "measure": f"{r['number_before'] or '-'} -> {r['number_after'] or '-'}",
                "title": r["title_after"] or r["title_before"],
                "changed": ", ".join(
                    name for name, flag in (
                        ("renumbered", r["renumbered"]), ("retitled", r["retitled"]),
                        ("WP " + "/".join(r["wp_before"]) + " -> " + "/".join(r["wp_after"]), r["wp_changed"]),
                        ("state of play", r["state_of_play_changed"]),
                    ) if flag
                ),
                "newly cited": r["newly_cited"] if r["status"] != "added" else [],
            }
            for r in rows
        ]
    print_rows(rows, fmt, f"{a} -> {b}")


def history(
    key: str = typer.Argument(..., help="Measure key, e.g. 9902/25#5"),
    store: Optional[str] = StoreOption,
    fmt: str = FormatOption,
) -> None:
    """A measure across the editions of its series, with what changed at each step."""
    from eusec.console import print_rows

    _check_format(fmt)
    rows = _run("measure_history", {"key": key}, store)
    if not rows:
        raise NotFoundError(f"no measure '{key}'", details={"key": key})
    if fmt == "table":
        keep = ("date", "document", "number", "title", "working_parties", "link", "score", "changes", "state_of_play_change")
        rows = [{k: r.get(k) for k in keep} for r in rows]
    print_rows(rows, fmt, f"history of {key}")


def register(app: typer.Typer) -> None:
    """Add link, diff and history to the ``eusec`` command."""
    app.command("link")(link)
    app.command("diff")(diff)
    app.command("history")(history)
