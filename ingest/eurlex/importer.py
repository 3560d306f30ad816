"""Detect the format of a EUR-Lex/CELLAR file, read it, build its graph, and load it through the public store
contract (graph/store.py): one ``load_document`` per source unit, so a bad file loses nothing stored."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from eusec.errors import InputError
from eusec.graph.store import GraphStore, LoadSummary
from eusec.ingest.eurlex.build import build_graph
from eusec.ingest.eurlex.records import NoticeRecords

#: Extensions the importer reads when given a folder.
EXTENSIONS = (".rdf", ".xml", ".html", ".htm", ".csv", ".tsv", ".json", ".srj", ".rdata", ".rda")


def detect_format(path: Path) -> str:
    """"cellar-rdf", "notice-xml", "eli-rdfa", "search-export", "sparql" or "rdata" (by suffix, then by the
    first bytes); InputError for anything else."""
    suffix = path.suffix.lower()
    if suffix in (".rdata", ".rda"):
        return "rdata"
    if suffix in (".html", ".htm"):
        return "eli-rdfa"
    if suffix in (".json", ".srj"):
        return "sparql"
    if not path.is_file():
        raise InputError(f"{path.name}: no such file")
    with path.open("rb") as fh:
        head = fh.read(4096).decode("utf-8", errors="replace").lstrip("\ufeff")
    if suffix in (".csv", ".tsv"):
        return "search-export" if "CELEX number" in head.split("\n", 1)[0] else "sparql"
    if suffix in (".rdf", ".xml"):
        if "<rdf:RDF" in head or "w3.org/1999/02/22-rdf-syntax-ns" in head and "<NOTICE" not in head:
            return "cellar-rdf"
        return "notice-xml"
    raise InputError(f"{path.name}: unknown EUR-Lex format (expected one of {', '.join(EXTENSIONS)})")


def read_units(path: Path) -> Iterator[NoticeRecords]:
    """The source units of one file (one for a notice, one per year for the bulk table)."""
    fmt = detect_format(path)
    if fmt == "rdata":
        from eusec.ingest.eurlex.bulk import iter_parts

        yield from iter_parts(path)
    elif fmt == "cellar-rdf":
        from eusec.ingest.eurlex.rdf import read_rdf

        yield read_rdf(path)
    elif fmt == "notice-xml":
        from eusec.ingest.eurlex.notice_xml import read_notice_xml

        yield read_notice_xml(path)
    elif fmt == "eli-rdfa":
        from eusec.ingest.eurlex.rdfa import read_rdfa

        yield read_rdfa(path)
    elif fmt == "search-export":
        from eusec.ingest.eurlex.search_export import read_search_export

        yield read_search_export(path)
    else:
        from eusec.ingest.eurlex.sparql import read_sparql

        yield read_sparql(path)


def iter_files(paths: list[Path]) -> list[Path]:
    """Files as given, and the EUR-Lex files of given folders (sorted)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in EXTENSIONS))
        else:
            out.append(p)
    return out


def load_units(
    store: GraphStore, units: Iterator[NoticeRecords], on_unit: Callable[[NoticeRecords, LoadSummary], None] | None = None
) -> list[LoadSummary]:
    """Load each unit as its own document (``EUR-Lex/CELLAR:<file>[#part]``); the summaries in order."""
    out: list[LoadSummary] = []
    for unit in units:
        summary = store.load_document(build_graph(unit))
        out.append(summary)
        if on_unit:
            on_unit(unit, summary)
    return out


def import_file(store: GraphStore, path: Path) -> list[LoadSummary]:
    """Read and load one file (used by the CLI, the fetcher and the tests)."""
    return load_units(store, read_units(path))
