"""Worker processes for CPU-bound stages (extraction, edition linking)."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

#: Thread pools of the numeric libraries a worker may load (numpy's BLAS for the edition linker's matrices).
_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _one_thread_each() -> None:
    """Runs first in each worker, before any task imports numpy: one BLAS thread. There are as many workers
    as cores already, and BLAS threads of each spinning on the others' cores made the parallel edition
    linking slower than one process (1,000 papers: 35 s against 19 s; 13 s with one thread each). A worker
    imports the parent's main module first: eusec's entry points do not import numpy at their top."""
    for name in _THREAD_VARS:
        os.environ[name] = "1"


def process_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes, one BLAS thread each. forkserver (else spawn): workers never
    inherit the parent's open database handles or driver threads."""
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method), initializer=_one_thread_each)
