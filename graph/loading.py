"""Corpus ingest: papers extracted in parallel (a process pool), loaded in batches into the store.

Extraction is CPU-bound and independent per paper, so ``jobs`` worker processes extract while the main
process loads the papers extracted before (the store has one writer). New papers are loaded in batches
(``GraphStore.load_documents``: one transaction and one write per label and relationship group for the
batch; if it fails, each paper of it is loaded alone, so a bad paper never costs the others). At most a
batch plus the papers queued ahead are in flight and a graph is dropped as soon as it is loaded, so memory
does not grow with the corpus.

A paper whose text has the content hash of a paper already stored is not extracted again (same text, same
deterministic extraction: nothing would change); ``force`` extracts and diffs everything, paper by paper.

A paper that cannot be read, extracted or loaded is reported and skipped (a paper is always all in or not
at all) unless ``fail_fast``; a store that goes away stops the run.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from eusec.errors import EusecError, InputError
from eusec.graph.model import Graph
from eusec.graph.store import GraphStore, LoadSummary
from eusec.graph.workers import process_pool


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
    files: list[Path],
    jobs: int,
    known: dict[str, str] | None,
    ahead: int = 0,
    while_extracting: Callable[[], None] | None = None,
) -> Iterator[Extracted]:
    """Extraction results in file order; ``jobs`` > 1 uses a pool of worker processes (started when the
    first file needs extracting) with at most ``ahead`` (at least ``2 * jobs``) papers submitted ahead:
    bounded memory, and enough work queued that the workers go on while a batch is being loaded.
    ``while_extracting`` is called once the workers have their first papers, if any paper needs extracting
    (the main process would otherwise only wait for them)."""
    ahead = max(ahead, 2 * jobs)
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
            pool = process_pool(jobs)
        pending.append(pool.submit(extract_path, str(path), known))

    try:
        for path in todo:
            submit(path)
            if len(pending) >= ahead:
                break
        if pool is not None and while_extracting is not None:
            while_extracting()
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


#: The main process's collector thresholds during a corpus load (generation 0, 1, 2). It holds a batch of
#: graphs and the papers extracted ahead (some 200,000 objects) while it unpickles the next ones and plans
#: rows, and Python's default (700 allocations) ran a collection over them every few hundred objects:
#: unpickling a graph took 31-43 ms against 8 ms with these. A graph has no reference cycles (it is freed
#: when its batch is loaded); the cyclic garbage the loads do leave goes in one full collection a batch
#: (without it, the Neo4j load of 1,000 papers peaked at 655 MiB against 386 MiB).
LOAD_GC_THRESHOLDS = (50_000, 20, 100)


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the cyclic collector's thresholds for the block, restore them after."""
    before = gc.get_threshold()
    gc.set_threshold(*LOAD_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


#: A batch of new papers is flushed at this many papers or this many nodes + relationships, whichever
#: comes first: large enough that the per-statement cost and the embedded store's checkpoint are shared
#: (a paper alone needs ~40 statements), small enough that the papers in flight (a batch, and as many
#: extracted ahead; ~1.5 MB a graph) stay well under a GiB. Measured on the 1,000-paper generated corpus
#: (embedded, 2 cores): 64 a batch loaded in 171 s at 1,212 MiB peak, 32 in 167 s at 1,055 MiB, 16 in 213 s
#: at 966 MiB.
BATCH_PAPERS = 32
BATCH_ITEMS = 80_000


def ingest_corpus(
    store: GraphStore,
    files: list[Path],
    *,
    jobs: int | None = None,
    force: bool = False,
    fail_fast: bool = False,
    on_result: Callable[[PaperResult], None] | None = None,
    batch_papers: int = BATCH_PAPERS,
) -> CorpusSummary:
    """Extract ``files`` with ``jobs`` processes and load them into ``store``.

    Papers not stored yet are loaded in batches (``store.load_documents``: one transaction for the batch,
    each paper loaded on its own if that transaction fails), the others one by one; either way a paper is
    all in or not at all. ``on_result`` is called after every file in file order (progress display).
    Errors of one paper (bad input, a graph the schema refuses, a constraint) are recorded and the run goes
    on, or stops after the first with ``fail_fast``; papers loaded before stay loaded.
    StoreUnavailableError stops the run (raised).
    """
    started = time.perf_counter()
    jobs = default_jobs() if jobs is None else max(1, jobs)
    known = None if force else stored_hashes(store)
    summary = CorpusSummary()
    pending: list[tuple[PaperResult, Graph | None]] = []  # in file order, graphs not loaded yet
    items = 0
    loaded_since_collect = 0

    def flush() -> bool:
        """Load the pending graphs, report every pending result; False when fail-fast stops the run."""
        nonlocal items, loaded_since_collect
        graphs = [g for _, g in pending if g is not None]
        loaded = time.perf_counter()
        outcomes = iter(store.load_documents(graphs, force=force, stop_on_error=fail_fast) if graphs else [])
        batch = [(result, graph is not None) for result, graph in pending]
        pending.clear()
        if graphs:  # the graphs go first, then what the batch's writes held: neither reaches the next batch
            del graphs[:]
            store.settle()
            loaded_since_collect += len(batch)
            if loaded_since_collect >= batch_papers:  # a batch's worth (--force flushes every paper)
                gc.collect()  # the raised thresholds (fewer_collections) leave the cyclic garbage to this
                loaded_since_collect = 0
        share = (time.perf_counter() - loaded) / max(1, sum(1 for _, had in batch if had))
        go_on = True
        for result, had_graph in batch:
            if not go_on:
                break
            if had_graph:
                outcome = next(outcomes, None)
                if outcome is None:  # fail-fast stopped the batch before this paper
                    break
                result.load_seconds = share
                if isinstance(outcome, EusecError):
                    result.error = f"{result.file}: {outcome.message}"
                else:
                    result.summary = outcome
            summary.results.append(result)
            if on_result is not None:
                on_result(result)
            if result.error and fail_fast:
                summary.stopped = f"stopped after the first failure (--fail-fast): {result.error}"
                go_on = False
        items = 0
        return go_on

    with fewer_collections():  # the loads allocate millions of objects, few of them in cycles
        for extracted in _extracted_in_order(files, jobs, known, ahead=batch_papers, while_extracting=store.prepare_load):
            result = PaperResult(extracted.name, extract_seconds=extracted.seconds)
            graph = extracted.graph
            extracted.graph = None  # the batch holds the graph until it is loaded, nothing after
            if extracted.error:
                result.error = extracted.error
            elif extracted.unchanged_document is not None:
                result.summary = LoadSummary(document=extracted.unchanged_document, unchanged_document=True)
            pending.append((result, graph))
            if graph is not None:
                items += len(graph.nodes) + len(graph.relationships)
            # fail-fast flushes at the first bad file, so nothing after it is loaded
            full = sum(1 for _, g in pending if g is not None) >= max(1, batch_papers) or items >= BATCH_ITEMS
            if (full or (fail_fast and result.error) or force) and not flush():
                break
        else:
            flush()
    summary.seconds = time.perf_counter() - started
    return summary
