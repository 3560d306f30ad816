"""Scoring the consecutive edition pairs of a series, in order: in this process, or in worker processes.

A long series is most of the corpus stage's time (1,000 editions: 999 pairs of ~60 x 60 measures, ~15 s of
pure Python on one core). The pairs are independent given their measures, so runs of consecutive pairs are
scored in ``jobs`` worker processes while this process reads the next measures from the store and writes the
links already scored. Results come back in pair order, so the links written, and the store, are the same as
with one process. Each run computes its measures' features once (an edition is in two pairs of a run).
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future
from typing import Any, Iterator, Protocol, Sequence

from eusec.graph.editions import EditionLinks, MeasureRecord, link_editions
from eusec.graph.workers import process_pool

#: Pairs in one worker task (the window of graph/corpus.py reads 16 editions at a time).
RUN_PAIRS = 15
#: Below this many pairs to score the worker processes are not started (one paper added to a series).
PARALLEL_PAIRS = 60

Measures = list[MeasureRecord]


class Window(Protocol):
    """The measures of the editions to score (graph.corpus._Window)."""

    def get(self, number: str) -> Measures: ...

    def drop(self, number: str) -> Measures: ...


def link_run(pairs: Sequence[tuple[Measures, Measures]]) -> list[EditionLinks]:
    """Link each (older, newer) pair of a run of consecutive editions (runs in a worker process)."""
    features: dict[str, Any] = {}
    stems: dict[str, str] = {}
    return [link_editions(old, new, features=features, stems=stems) for old, new in pairs]


Linked = tuple[tuple[str, str], Measures, Measures, EditionLinks]  # (pair, older measures, newer measures, links)
_Run = tuple[Sequence[tuple[str, str]], list[tuple[Measures, Measures]], Future[list[EditionLinks]]]  # submitted


def linked_pairs(pairs: Sequence[tuple[str, str]], window: Window, jobs: int = 1) -> Iterator[Linked]:
    """((older, newer), older measures, newer measures, links) of each pair of edition numbers, in order."""
    if jobs <= 1 or len(pairs) < PARALLEL_PAIRS:
        features: dict[str, Any] = {}  # each edition is linked to the previous and the next: featured once
        stems: dict[str, str] = {}  # word -> stem over the series' texts (the same words again and again)
        for older, newer in pairs:
            old_ms, new_ms = window.get(older), window.get(newer)
            yield (older, newer), old_ms, new_ms, link_editions(old_ms, new_ms, features=features, stems=stems)
            for m in window.drop(older):  # linked to both of its neighbours now
                features.pop(m.key, None)
        return
    pool = process_pool(jobs)
    running: deque[_Run] = deque()
    try:
        for start in range(0, len(pairs), RUN_PAIRS):
            numbers = pairs[start : start + RUN_PAIRS]
            run = [(window.get(older), window.get(newer)) for older, newer in numbers]
            for older, _ in numbers:
                window.drop(older)
            running.append((numbers, run, pool.submit(link_run, run)))
            # a few runs ahead keep every worker busy while the links of the first are written; no more,
            # so that the measures in flight stay a few runs' worth
            while len(running) > 2 * jobs:
                yield from _results(running.popleft())
        while running:
            yield from _results(running.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _results(item: _Run) -> Iterator[Linked]:
    """The links of a submitted run, pair by pair (waits for its worker)."""
    numbers, run, future = item
    for pair, (old_ms, new_ms), links in zip(numbers, run, future.result()):
        yield pair, old_ms, new_ms, links
