"""`eusec neo4j import PATH...`: a corpus into an empty, stopped Neo4j database with ``neo4j-admin database
import full`` (the offline bulk importer, run from the launcher's own Neo4j artifacts).

The papers are extracted in parallel (as `eusec ingest` does) and folded in file order with the planner the
online loads use (graph.backends.common.plan_batch): the rows written are the rows a load of the same papers
into an empty store writes, relationships kept one per paper as the stores keep them. They go to a
neo4j-admin folder (graph.export.write_import_folder) and the importer replaces the database. Then start the
server: the first connection of eusec creates the schema's constraints and indexes, and `eusec link`
computes the corpus links (editions, identities) as after an online ingest.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from eusec.errors import InputError, SchemaError
from eusec.graph import launcher
from eusec.graph.backends.common import canonical_idents, needed_statement_ids, plan_batch
from eusec.graph.export import write_import_folder
from eusec.graph.loading import BATCH_PAPERS, Extracted, _extracted_in_order
from eusec.graph.model import Graph
from eusec.graph.schema import STATEMENT_LABEL, Schema, load_schema


@dataclass
class ImportSummary:
    """What an import did."""

    papers: int = 0
    loaded: int = 0
    failed: list[str] = field(default_factory=list)  # one line per paper skipped
    nodes: int = 0
    relationships: int = 0
    seconds: float = 0.0


class CorpusRows:
    """The store rows of a corpus, built paper batch by paper batch in file order (one document once)."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.nodes: dict[str, dict[str, Any]] = {}  # uid -> row
        self.labels: dict[str, str] = {}
        self.rels: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        self.statements: dict[str, dict[str, Any]] = {}  # Statement id -> row (provenance)
        self.canonical: dict[tuple[str, str, str], dict[str, Any]] = {}  # canonical relationships
        self.documents: set[str] = set()

    def add(self, graphs: list[Graph]) -> None:
        """Fold a batch of papers (valid, each document new to the corpus) into the rows."""
        stored = {uid: self.nodes[uid] for g in graphs for uid in g.nodes if uid in self.nodes}
        texts = {
            sid: self.statements[sid]["statements"]
            for sid in needed_statement_ids(graphs, self.schema)
            if sid in self.statements
        }
        canonical = {i: self.canonical[i] for i in canonical_idents(graphs, self.schema) if i in self.canonical}
        plan, _ = plan_batch(self.schema, graphs, stored, texts, canonical)
        for sid in plan.delete_statements:
            self.statements.pop(sid, None)
        for row in plan.put_statements:
            self.statements[row["id"]] = row
        for rows in (*plan.create_nodes.items(), *plan.update_nodes.items()):
            label, node_rows = rows
            for row in node_rows:
                self.nodes[row["uid"]] = row
                self.labels[row["uid"]] = label
        for (type_, start, end), row in plan.create_rels:
            if self.schema.rel(type_).canonical:
                self.canonical[(type_, start, end)] = row
            else:
                self.rels.setdefault(type_, []).append((start, end, row))
        for ident, row in plan.update_rels:
            self.canonical[ident] = row
        self.documents.update(g.document or "" for g in graphs)

    def relationships(self) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
        """Type -> (start uid, end uid, row): every paper's statements, and the canonical relationships."""
        out = {type_: list(items) for type_, items in self.rels.items()}
        for (type_, start, end), row in sorted(self.canonical.items()):
            out.setdefault(type_, []).append((start, end, row))
        return out

    def by_label(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for uid in sorted(self.nodes):
            out.setdefault(self.labels[uid], []).append(self.nodes[uid])
        if self.statements:
            out[STATEMENT_LABEL] = [self.statements[sid] for sid in sorted(self.statements)]
        return out


def _check_target(home: Path, database: str, overwrite: bool) -> None:
    if launcher.status(home).running:
        raise InputError(f"Neo4j is running for {home.name}: stop it first (`eusec neo4j stop`); the import replaces the database")
    if (home / "data" / "databases" / database).exists() and not overwrite:
        raise InputError(
            f"the database {database!r} of {home.name} exists: the import replaces it, pass --overwrite to confirm"
        )


def _fold(rows: CorpusRows, batch: list[tuple[str, Graph]], summary: ImportSummary) -> None:
    """Add a batch; a paper the schema refuses or whose document came before is skipped and reported."""
    good: list[Graph] = []
    for name, graph in batch:
        try:
            rows.schema.validate_graph(graph)
        except SchemaError as exc:
            summary.failed.append(f"{name}: {exc.message}")
            continue
        if graph.document in rows.documents or graph.document in {g.document for g in good}:
            summary.failed.append(f"{name}: document {graph.document} is already in the corpus (an online ingest replaces it)")
            continue
        good.append(graph)
    if good:
        rows.add(good)
        summary.loaded += len(good)


def import_corpus(
    files: list[Path],
    home: Path,
    *,
    jobs: int,
    database: str = "neo4j",
    overwrite: bool = False,
    on_paper: Callable[[Extracted], None] | None = None,
) -> ImportSummary:
    """Extract ``files`` and import them into the (stopped) Neo4j of the launcher home ``home``."""
    home = home.expanduser().resolve()
    _check_target(home, database, overwrite)
    admin = ["java", "-Xmx1g", "-cp", launcher.classpath(), "org.neo4j.cli.AdminTool"]  # raises if not installed
    started = time.perf_counter()
    summary = ImportSummary(papers=len(files))
    rows = CorpusRows(load_schema())
    batch: list[tuple[str, Graph]] = []
    for extracted in _extracted_in_order(files, jobs, None, ahead=BATCH_PAPERS):
        if extracted.error:
            summary.failed.append(extracted.error)
        elif extracted.graph is not None:
            batch.append((extracted.name, extracted.graph))
        extracted.graph = None
        if on_paper is not None:
            on_paper(extracted)
        if len(batch) >= BATCH_PAPERS:
            _fold(rows, batch, summary)
            batch = []
    _fold(rows, batch, summary)
    if not summary.loaded:
        raise InputError("no paper could be extracted: nothing to import")
    home.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="import-", dir=home))
    try:
        written = write_import_folder(work / "csv", rows.by_label(), rows.relationships(), database=database)
        conf = work / "conf"
        conf.mkdir()
        (conf / "neo4j.conf").write_text(f"server.directories.data={home / 'data'}\n", encoding="utf-8")
        line = (work / "csv" / "import.sh").read_text(encoding="utf-8").splitlines()[-1]
        command = shlex.split(line)[2:]  # drop "exec neo4j-admin"
        env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
        proc = subprocess.run(  # noqa: S603 - fixed argv
            admin + command, cwd=work / "csv", env=env, capture_output=True, text=True, timeout=3600
        )
        if proc.returncode != 0 or "IMPORT DONE" not in proc.stdout + proc.stderr:
            last = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
            raise InputError(f"neo4j-admin import failed (exit {proc.returncode}): {last[0]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary.nodes, summary.relationships = written.nodes, written.relationships
    summary.seconds = time.perf_counter() - started
    return summary
