"""Corpus ingest (graph/corpus.py, `eusec ingest --jobs`): parallel extraction gives the same graph as loading
the papers one by one, a bad paper is reported and skipped (or stops the run with --fail-fast) without losing
the others, an unchanged corpus is not extracted again, and the CLI prints progress totals.

The corpus is generated from the bundled sample paper by benchmarks/corpus_gen.py (numbers, dates and some
text varied); the reference is every paper loaded with load_document in a separate store.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from eusec import PROJECT_ROOT
from eusec.graph.loading import ingest_corpus
from eusec.ingest.pipeline import extract_file, iter_input_files
from tests.conftest import open_test_store
from tests.store.test_contract import snapshot

sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))
from corpus_gen import generate  # noqa: E402

N_PAPERS = 5


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five papers varied from the bundled sample, plus one file that is not a paper (third in order)."""
    folder = tmp_path_factory.mktemp("corpus")
    generate(folder, N_PAPERS, use_shared=False)
    (folder / "paper-00001b.txt").write_text("Minutes of a meeting, with no Council number.\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Snapshot of a store holding the good papers, each loaded with load_document."""
    store = open_test_store("embedded", tmp_path_factory.mktemp("ref"))
    try:
        for path in sorted(corpus.glob("paper-0000?.txt")):
            store.load_document(extract_file(path))
        return snapshot(store)
    finally:
        store.close()


def test_parallel_ingest_matches_one_by_one_and_skips_the_bad_paper(
    backend: str, tmp_path: Path, corpus: Path, reference: Any
) -> None:
    store = open_test_store(backend, tmp_path)
    thresholds = gc.get_threshold()
    try:
        seen: list[str] = []
        prepared: list[int] = []
        prepare = store.prepare_load  # the store's own, counted
        store.prepare_load = lambda: prepared.append(1) or prepare()
        run = ingest_corpus(store, iter_input_files([corpus]), jobs=2, on_result=lambda r: seen.append(r.file))
        assert prepared == [1]  # once, while the workers extracted the first papers
        assert gc.get_threshold() == thresholds  # the load's collector thresholds do not outlive it
        assert len(seen) == N_PAPERS + 1  # progress reported for every file, the bad one included
        assert [r.file for r in run.failed] == ["paper-00001b.txt"]
        assert "no Council document number" in run.failed[0].error
        assert len(run.loaded) == N_PAPERS and not run.stopped
        assert snapshot(store) == reference
        totals = run.totals()
        assert (totals["loaded"], totals["unchanged"], totals["failed"]) == (N_PAPERS, 0, 1)

        again = ingest_corpus(store, iter_input_files([corpus]), jobs=2)
        assert prepared == [1, 1]  # the bad paper is not stored, so it is extracted again
        assert all(r.summary.unchanged_document for r in again.loaded)  # type: ignore[union-attr]
        assert all(r.extract_seconds < 0.5 for r in again.loaded)  # hashed, not extracted again
        assert snapshot(store) == reference
        forced = ingest_corpus(store, iter_input_files([corpus]), jobs=1, force=True)
        assert all(
            r.summary.relationships_created == 0 and r.summary.nodes_created == 0  # type: ignore[union-attr]
            for r in forced.loaded
        )
        assert snapshot(store) == reference
    finally:
        if backend == "neo4j":
            store.clear()
        store.close()


def test_fail_fast_stops_after_the_bad_paper_and_keeps_the_ones_before(tmp_path: Path, corpus: Path) -> None:
    store = open_test_store("embedded", tmp_path)
    try:
        run = ingest_corpus(store, iter_input_files([corpus]), jobs=2, fail_fast=True)
        assert [r.file for r in run.results] == ["paper-00000.txt", "paper-00001.txt", "paper-00001b.txt"]
        assert "fail-fast" in run.stopped
        assert store.counts().nodes["Document"] == 2
    finally:
        store.close()


def test_cli_ingest_reports_totals_and_failures(tmp_path: Path, corpus: Path) -> None:
    env = {**os.environ, "EUSEC_DATA_DIR": str(tmp_path), "EUSEC_STORE": "embedded"}
    out = subprocess.run(
        [sys.executable, "-m", "eusec.cli", "ingest", "--jobs", "2", str(corpus)],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 2, out.stdout + out.stderr
    assert f"{N_PAPERS + 1} papers in" in out.stdout and "papers/s" in out.stdout
    assert f"{N_PAPERS} loaded, 0 unchanged, 1 failed" in out.stdout
    assert out.stderr.strip().splitlines()[-1] == "error: 1 of 6 files could not be ingested: paper-00001b.txt"


def test_reopening_between_batches_keeps_every_paper_and_the_readers(tmp_path: Path, corpus: Path, reference: Any) -> None:
    """The embedded store reopens its database after each batch whose commit checkpointed (settle: the memory
    the engine kept for the batch is given back). With every commit checkpointing, each batch of two papers
    reopens it: the store ends as the one-by-one reference, and a reader thread that read before goes on."""
    from concurrent.futures import ThreadPoolExecutor

    store = open_test_store("embedded", tmp_path)
    store.checkpoint_wal_mb = 0  # every commit checkpoints
    first_db = store._db
    reader = ThreadPoolExecutor(max_workers=1)  # one thread: its read connection is made before the reopen
    try:
        count = "MATCH (d:Document) RETURN count(d) AS n"
        assert reader.submit(store.read, count).result() == [{"n": 0}]
        run = ingest_corpus(store, iter_input_files([corpus]), jobs=1, batch_papers=2)
        assert len(run.loaded) == N_PAPERS
        assert store._db is not first_db  # reopened
        assert reader.submit(store.read, count).result() == [{"n": N_PAPERS}]
        assert snapshot(store) == reference
    finally:
        reader.shutdown()
        store.close()



def test_a_buffer_pool_too_small_for_the_store_fails_papers_and_says_so_but_never_misreports(
    tmp_path: Path, corpus: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A bounded embedded pool the store outgrows (EUSEC_EMBEDDED_BUFFER_POOL_MB): the engine refuses loads and
    checkpoints ("the buffer pool is full"). Every paper is reported as what the store holds: loaded and
    stored, or failed with a one-line error naming the setting. A checkpoint that failed after its batch's
    COMMIT once made the committed batch look failed: its papers were loaded again one by one and reported
    "unchanged", and a fresh store holds no paper that could be unchanged."""
    from eusec.graph.factory import open_store
    from eusec.settings import Settings

    store = open_store(Settings(data_dir=tmp_path, embedded_buffer_pool_mb=32), backend="embedded")
    try:
        store.ensure_schema()
        store.checkpoint_wal_mb = 0  # every commit checkpoints
        run = ingest_corpus(store, sorted(corpus.glob("paper-0000?.txt")), jobs=1, batch_papers=2)
        totals = run.totals()
        assert totals["unchanged"] == 0 and totals["loaded"] + totals["failed"] == N_PAPERS
        assert totals["loaded"] >= 1 and totals["failed"] >= 1  # the pool runs full within these five papers
        for result in run.failed:
            assert "buffer pool is full (EUSEC_EMBEDDED_BUFFER_POOL_MB is too small" in (result.error or "")
        stored = {r["n"] for r in store.read("MATCH (d:Document) WHERE d.content_hash IS NOT NULL RETURN d.number AS n")}
        assert stored == {r.summary.document for r in run.loaded}
        assert "the embedded database's checkpoint failed" in capfd.readouterr().err
    finally:
        store.close()
