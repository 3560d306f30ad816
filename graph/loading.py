"""Corpus ingest: papers extracted in parallel (a process pool), loaded one by one into the store.

Extraction is CPU-bound and independent per paper, so ``jobs`` worker processes extract while the main
process loads the papers extracted before (the store has one writer). At most ``2 * jobs`` extracted graphs
are in flight and a graph is dropped as soon as it is loaded, so memory does not grow with the corpus.

A paper whose text has the content hash of a paper already stored is not extracted again (same text, same
deterministic extraction: nothing would change); ``force`` extracts and diffs everything.

A paper that cannot be read, extracted or loaded is reported and skipped (its own load is one transaction,
so nothing of it is half-written) unless ``fail_fast``; a store that goes away stops the run.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from eusec.errors import EusecError, InputError, StoreUnavailableError
from eusec.graph.model import Graph
from eusec.graph.store import GraphStore, LoadSummary


@dataclass
class Extracted:
    """What a worker sends back for one file: a graph, or the stored document it is identical to, or an
    error (one line)."""

    name: str
    graph: Graph | None = None
    unchanged_document: str | None = None
    error: str = ""
    seconds: float = 0.0


@dataclass
class PaperResult:
    """The outcome of one file: its load summary, or the error that made it skipped."""

    file: str
    summary: LoadSummary | None = None
    error: str = ""
    extract_seconds: float = 0.0
    load_seconds: float = 0.0


@dataclass
class CorpusSummary:
    """The outcome of a run."""

    results: list[PaperResult] = field(default_factory=list)
    seconds: float = 0.0
    stopped: str = ""  # why the run stopped early (fail-fast), empty when it went through

    @property
    def failed(self) -> list[PaperResult]:
        return [r for r in self.results if r.summary is None]

    @property
    def loaded(self) -> list[PaperResult]:
        return [r for r in self.results if r.summary is not None]

    def totals(self) -> dict[str, Any]:
        """Sums over the loaded papers, plus counts of papers."""
        out: dict[str, Any] = {
            "papers": len(self.results),
            "loaded": sum(1 for r in self.loaded if not r.summary.unchanged_document),  # type: ignore[union-attr]
            "unchanged": sum(1 for r in self.loaded if r.summary.unchanged_document),  # type: ignore[union-attr]
            "failed": len(self.failed),
            "seconds": round(self.seconds, 3),
            "papers_per_s": round(len(self.results) / self.seconds, 2) if self.seconds > 0 else None,
        }
        for key in ("nodes_created", "nodes_updated", "nodes_deleted", "relationships_created", "relationships_deleted"):
            out[key] = sum(getattr(r.summary, key) for r in self.loaded)
        return out


def stored_hashes(store: GraphStore) -> dict[str, str]:
    """content hash -> document number of every paper stored (its Document lists itself in sources)."""
    rows = store.query("MATCH (d:Document) RETURN d.number AS n, d.content_hash AS h, d.sources AS s")
    return {r["h"]: r["n"] for r in rows if r["h"] and r["n"] in (r["s"] or [])}


def extract_path(path: str, known: dict[str, str] | None = None) -> Extracted:
    """Read and extract one file (runs in a worker process). A text whose hash is in ``known`` is not
    extracted: the stored paper it belongs to is named instead."""
    from eusec.ingest.pipeline import extract_source, read_document

    name = Path(path).name
    started = time.perf_counter()
    try:
        source = read_document(Path(path))
        if known and source.content_hash in known:
            return Extracted(name, unchanged_document=known[source.content_hash], seconds=time.perf_counter() - started)
        graph = extract_source(source)
        del source  # the text is not needed once the graph is built
        return Extracted(name, graph=graph, seconds=time.perf_counter() - started)
    except InputError as exc:
        return Extracted(name, error=exc.message, seconds=time.perf_counter() - started)
    except (RecursionError, MemoryError) as exc:  # one pathological paper must not stop the corpus
        return Extracted(name, error=f"{name}: {type(exc).__name__} while extracting", seconds=time.perf_counter() - started)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _known_text(path: Path, known: dict[str, str] | None) -> Extracted | None:
    """In the main process, for a text file: if its hash is stored, the result without any extraction (a
    text file is read and hashed in milliseconds; PDFs are left to the workers, reading them is the cost)."""
    from eusec.ingest.pipeline import read_document
    from eusec.ingest.readers import TEXT_SUFFIXES

    if not known or path.suffix.lower() not in TEXT_SUFFIXES:
        return None
    started = time.perf_counter()
    try:
        source = read_document(path)
    except InputError:
        return None  # the worker reports it
    document = known.get(source.content_hash)
    if document is None:
        return None
    return Extracted(path.name, unchanged_document=document, seconds=time.perf_counter() - started)


def _extracted_in_order(
    files: list[Path], jobs: int, known: dict[str, str] | None
) -> Iterator[Extracted]:
    """Extraction results in file order; ``jobs`` > 1 uses a pool of worker processes (started when the
    first file needs extracting) with at most ``2 * jobs`` papers submitted ahead (bounded memory)."""
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield _known_text(path, known) or extract_path(str(path), known)
        return
    pool: ProcessPoolExecutor | None = None
    pending: deque[Future[Extracted] | Extracted] = deque()
    todo = iter(files)

    def submit(path: Path) -> None:
        nonlocal pool
        done = _known_text(path, known)
        if done is not None:
            pending.append(done)
            return
        if pool is None:
            # forkserver: workers never inherit the parent's open database handles or driver threads
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method))
        pending.append(pool.submit(extract_path, str(path), known))

    try:
        for path in todo:
            submit(path)
            if len(pending) >= 2 * jobs:
                break
        while pending:
            head = pending.popleft()
            result = head if isinstance(head, Extracted) else head.result()
            nxt = next(todo, None)
            if nxt is not None:
                submit(nxt)
            yield result
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def ingest_corpus(
    store: GraphStore,
    files: list[Path],
    *,
    jobs: int | None = None,
    force: bool = False,
    fail_fast: bool = False,
    on_result: Callable[[PaperResult], None] | None = None,
) -> CorpusSummary:
    """Extract ``files`` with ``jobs`` processes and load each into ``store`` (one transaction each).

    ``on_result`` is called after every file (progress display). Errors of one paper (bad input, a
    graph the schema refuses, a constraint) are recorded and the run goes on, or stops after the first
    with ``fail_fast``; papers loaded before stay loaded. StoreUnavailableError stops the run (raised).
    """
    started = time.perf_counter()
    jobs = default_jobs() if jobs is None else max(1, jobs)
    known = None if force else stored_hashes(store)
    summary = CorpusSummary()
    for extracted in _extracted_in_order(files, jobs, known):
        result = PaperResult(extracted.name, extract_seconds=extracted.seconds)
        if extracted.error:
            result.error = extracted.error
        elif extracted.unchanged_document is not None:
            result.summary = LoadSummary(document=extracted.unchanged_document, unchanged_document=True)
        else:
            loaded = time.perf_counter()
            try:
                result.summary = store.load_document(extracted.graph, force=force)  # type: ignore[arg-type,call-arg]
            except StoreUnavailableError:
                raise
            except EusecError as exc:
                result.error = f"{extracted.name}: {exc.message}"
            result.load_seconds = time.perf_counter() - loaded
        extracted.graph = None  # nothing of a paper is kept once it is loaded
        summary.results.append(result)
        if on_result is not None:
            on_result(result)
        if result.error and fail_fast:
            summary.stopped = f"stopped after the first failure (--fail-fast): {result.error}"
            break
    summary.seconds = time.perf_counter() - started
    return summary
