"""Run untrusted Cypher where a crash or a runaway costs only that request: a small pool of worker
processes.

Each worker opens its own store handle (the embedded database READ-ONLY — LadybugDB lets read-only opens
sit beside the API's read-write handle — or its own Neo4j driver), then serves one request at a time:
guard (api.cypher_guard: parse + allowlist), run in the database's read-only mode with the time limit,
cap the answer in rows and in bytes, send it back. The API process watches every request:

* a worker that dies (an engine SIGSEGV, an abort on a failed allocation) -> 400 for that request, the
  worker is replaced;
* a worker past the hard wall-clock limit (engine time limit + grace) -> SIGKILL, 400, replaced;
* a worker over its memory limit: the address-space limit (RLIMIT_AS, set after the engine's own
  reservations) makes allocations fail inside it; its resident size is also watched, and past the limit
  it is killed -> 400, replaced;
* no free worker within ``wait_s`` -> 503 with Retry-After, so requests never queue without bound.

The API keeps serving throughout: its own store handle never runs untrusted text.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eusec.errors import EusecError, QueryRejectedError, StoreUnavailableError

log = logging.getLogger("eusec.api")
_POOL_LOCK = threading.Lock()  # two first requests must not start two pools


@dataclass(frozen=True)
class WorkerConfig:
    """How a worker opens its store and what bounds it."""

    backend: str  # "embedded" | "neo4j"
    embedded_path: str = ""
    neo4j_uri: str = ""
    neo4j_user: str = ""
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    memory_mb: int = 1024  # address space allowed on top of what the opened store already reserved
    timeout_s: float = 10.0  # the engine's own time limit per statement
    row_cap: int = 1000
    byte_cap: int = 4_000_000  # bytes of JSON rows in one answer


# -- the child side -------------------------------------------------------------------------------------


def _vm_kb(field: str, pid: int | str = "self") -> int:
    """VmSize / VmRSS of a process in kB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _open(config: WorkerConfig) -> Any:
    if config.backend == "embedded":
        from eusec.graph.backends.embedded import EmbeddedStore

        return EmbeddedStore(config.embedded_path, read_only=True)
    from eusec.graph.backends.neo4j import Neo4jStore

    return Neo4jStore(config.neo4j_uri, config.neo4j_user, config.neo4j_password, database=config.neo4j_database)


def _db_stamp(config: WorkerConfig) -> tuple[Any, ...]:
    """Changes whenever the writer commits (the embedded file or its WAL): the read-only handle is then
    reopened, since it reads the database as it was when it was opened."""
    if config.backend != "embedded":
        return ()
    out = []
    for p in (Path(config.embedded_path), Path(config.embedded_path + ".wal")):
        try:
            st = p.stat()
            out.append((st.st_mtime_ns, st.st_size))
        except OSError:
            out.append(None)
    return tuple(out)


def _answer(store: Any, request: dict[str, Any], config: WorkerConfig) -> dict[str, Any]:
    from eusec.api.cypher_guard import guard
    from eusec.api.deps import jsonable

    guarded = guard(request["query"], request.get("params") or {}, store.backend)
    rows = store.read(guarded.text, guarded.params, timeout_s=config.timeout_s, row_cap=config.row_cap + 1)
    truncated = len(rows) > config.row_cap
    out: list[dict[str, Any]] = []
    size = 0
    for row in rows[: config.row_cap]:
        plain = {k: jsonable(v) for k, v in row.items()}
        size += len(json.dumps(plain, ensure_ascii=False, default=str)) + 1
        if size > config.byte_cap:
            if not out:
                raise QueryRejectedError(
                    f"query refused: one result row is larger than {config.byte_cap} bytes; return less per row"
                )
            truncated = True
            break
        out.append(plain)
    return {"ok": True, "rows": out, "truncated": truncated}


def error_reply(exc: BaseException, config: WorkerConfig) -> dict[str, Any]:
    """The reply for a failed request: a 400 unless the store is unavailable (the statement's fault, never a
    500); running out of this worker's memory says so, whichever layer noticed."""
    memory = f"query rejected: it needs more than the {config.memory_mb} MB of memory a query may use"
    if isinstance(exc, MemoryError):
        return {"ok": False, "status": 400, "code": "query_rejected", "message": memory}
    if isinstance(exc, EusecError):
        # the engine (bad_alloc) or the driver (MemoryError) hit this worker's address-space limit
        if "bad_alloc" in exc.message or isinstance(exc.__cause__, MemoryError):
            exc = QueryRejectedError(memory)
        status = exc.status if exc.status < 500 or isinstance(exc, StoreUnavailableError) else 400
        return {"ok": False, "status": status, "code": exc.code if status == exc.status else "query_rejected",
                "message": exc.message if status == exc.status else f"query rejected: {exc.message}",
                "details": exc.details}
    return {"ok": False, "status": 400, "code": "query_rejected",
            "message": f"query rejected: {type(exc).__name__}: {str(exc)[:300]}"}


def worker_main(conn: Any, config: WorkerConfig) -> None:
    """The worker loop (runs in the child process)."""
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crashing engine leaves no core files behind
    store = None
    stamp: tuple[Any, ...] = ()
    try:
        store, stamp = _open(config), _db_stamp(config)
        # the engines reserve address space up front (LadybugDB maps terabytes it never touches): the
        # limit is what is reserved now plus the memory one query may use
        limit = (_vm_kb("VmSize") + config.memory_mb * 1024) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        conn.send({"ready": True})
    except Exception as exc:  # noqa: BLE001 - reported to the parent in the one error shape
        message = exc.message if isinstance(exc, EusecError) else f"{type(exc).__name__}: {exc}"
        conn.send({"ready": False, "status": 503, "message": message})
        return
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            break
        if request is None:
            break
        try:
            if _db_stamp(config) != stamp:  # the writer committed since we opened: see its data
                store.close()
                store, stamp = _open(config), _db_stamp(config)
            reply = _answer(store, request, config)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a reply in the one error shape
            reply = error_reply(exc, config)
        try:
            conn.send(reply)
        except MemoryError:
            conn.send({"ok": False, "status": 400, "code": "query_rejected",
                       "message": "the result is too large to send"})


# -- the parent side ------------------------------------------------------------------------------------


class _Worker:
    def __init__(self, ctx: Any, config: WorkerConfig) -> None:
        self.parent, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker_main, args=(child, config), daemon=True, name="eusec-cypher-worker")
        self.proc.start()
        child.close()

    def kill(self) -> None:
        try:
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join(5)
        except Exception:  # noqa: BLE001 - best effort
            pass
        try:
            self.parent.close()
        except Exception:  # noqa: BLE001
            pass


class WorkerPool:
    """A fixed number of query workers; ``run`` answers one request or raises an EusecError."""

    def __init__(self, config: WorkerConfig, *, size: int = 2, wait_s: float = 5.0, start_timeout_s: float = 60.0) -> None:
        import multiprocessing

        self.config = config
        self.size = size
        self.wait_s = wait_s
        self.start_timeout_s = start_timeout_s
        self._ctx = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited handles or locks
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._starting = 0
        self.last_error: str | None = None
        self.replaced = 0  # workers killed or dead and replaced (for /health and tests)
        self.busy_pids: set[int] = set()  # workers running a request now
        for _ in range(size):
            self._spawn_async()

    # starting workers in a thread: a request never waits for an interpreter to boot unless none is ready
    def _spawn_async(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._starting += 1
        threading.Thread(target=self._spawn, daemon=True, name="eusec-worker-spawn").start()

    def _spawn(self) -> None:
        worker = None
        try:
            worker = _Worker(self._ctx, self.config)
            if not worker.parent.poll(self.start_timeout_s):
                raise RuntimeError("the query worker did not start in time")
            hello = worker.parent.recv()
            if not hello.get("ready"):
                raise RuntimeError(hello.get("message") or "the query worker could not open the store")
            with self._lock:
                if self._closed:
                    worker.kill()
                    return
            self._idle.put(worker)
            self.last_error = None
        except Exception as exc:  # noqa: BLE001 - retried by the next request
            self.last_error = str(exc) or type(exc).__name__
            if not self._closed:
                log.warning("query worker failed to start: %s", self.last_error)
            if worker is not None:
                worker.kill()
        finally:
            with self._lock:
                self._starting -= 1

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self.replaced += 1
        self._spawn_async()

    def run(self, query: str, params: dict[str, Any]) -> dict[str, Any]:
        """Guard and run one statement in a worker: ``{"rows": [...], "truncated": bool}``."""
        try:
            worker = self._idle.get(timeout=self.wait_s)
        except queue.Empty:
            worker = None
        deadline = time.monotonic() + self.start_timeout_s
        while worker is None and self._starting > 0 and time.monotonic() < deadline:
            try:  # workers are booting (first request, or after a kill): wait for one rather than refuse
                worker = self._idle.get(timeout=0.2)
            except queue.Empty:
                pass
        if worker is None:
            with self._lock:
                missing = self.size - self._idle.qsize() - self._starting
            for _ in range(max(0, missing)):  # workers that failed to start: try again
                self._spawn_async()
            detail = f" ({self.last_error})" if self.last_error else ""
            raise StoreUnavailableError(f"all query workers are busy or starting{detail}; retry shortly",
                                        retry_after=2)
        self.busy_pids.add(worker.proc.pid)
        try:
            return self._run_on(worker, query, params)
        finally:
            self.busy_pids.discard(worker.proc.pid)

    def _run_on(self, worker: _Worker, query: str, params: dict[str, Any]) -> dict[str, Any]:
        config = self.config
        hard_s = config.timeout_s * 1.5 + 5.0  # the engine's own limit plus parsing and a margin
        rss_limit_kb = config.memory_mb * 1024 + 512 * 1024  # interpreter + engine baseline
        try:
            worker.parent.send({"query": query, "params": params})
        except Exception:  # noqa: BLE001 - the worker died while idle
            self._replace(worker)
            raise QueryRejectedError("the query worker was not available; retry") from None
        deadline = time.monotonic() + hard_s
        while True:
            if worker.parent.poll(0.05):
                try:
                    reply = worker.parent.recv()
                except (EOFError, OSError):
                    self._replace(worker)
                    raise QueryRejectedError(
                        "query rejected: it crashed the query engine (the worker was restarted)") from None
                break
            if not worker.proc.is_alive():
                self._replace(worker)
                raise QueryRejectedError("query rejected: it crashed the query engine (the worker was restarted)")
            if time.monotonic() > deadline:
                self._replace(worker)
                raise QueryRejectedError(f"query rejected: it exceeded the hard time limit of {hard_s:.0f} s and was killed")
            if _vm_kb("VmRSS", worker.proc.pid) > rss_limit_kb:
                self._replace(worker)
                raise QueryRejectedError(
                    f"query rejected: it needed more than the {config.memory_mb} MB a query may use and was killed")
        message = str(reply.get("message", ""))
        if "bad_alloc" in message or "memory" in message.lower():
            # an engine that ran out of memory inside a query may be left in a bad state (seen: the next
            # query on that worker hung): retire it, a fresh one takes its place
            self._replace(worker)
        else:
            self._idle.put(worker)
        if reply.get("ok"):
            return reply
        err = EusecError(reply.get("message", "query rejected"), details=reply.get("details") or {})
        err.status = int(reply.get("status", 400))
        err.code = str(reply.get("code", "query_rejected"))
        if err.status == 503:
            raise StoreUnavailableError(err.message, retry_after=2)
        raise err

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            try:
                worker.parent.send(None)
            except Exception:  # noqa: BLE001
                pass
            worker.kill()


def config_for(store: Any, settings: Any) -> WorkerConfig:
    """The worker configuration for the API's store and settings."""
    common = dict(memory_mb=settings.cypher_memory_mb, timeout_s=settings.query_timeout_s,
                  row_cap=settings.row_cap, byte_cap=settings.cypher_byte_cap)
    if store.backend == "embedded":
        return WorkerConfig(backend="embedded", embedded_path=str(store.path), **common)
    return WorkerConfig(backend="neo4j", neo4j_uri=getattr(store, "uri", settings.neo4j_uri),
                        neo4j_user=settings.neo4j_user, neo4j_password=settings.neo4j_password.get_secret_value(),
                        neo4j_database=getattr(store, "database", settings.neo4j_database), **common)


def pool_for(app_state: Any, store: Any, settings: Any) -> WorkerPool:
    """The app's worker pool, started on first use (one per app; closed with ``close_pool``)."""
    with _POOL_LOCK:
        pool = getattr(app_state, "cypher_pool", None)
        if pool is None:
            pool = WorkerPool(config_for(store, settings), size=settings.cypher_workers)
            app_state.cypher_pool = pool
        return pool


def close_pool(app_state: Any) -> None:
    """Stop the app's workers, if any were started."""
    pool = getattr(app_state, "cypher_pool", None)
    if pool is not None:
        pool.close()
        app_state.cypher_pool = None
