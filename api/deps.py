"""Dependencies shared by the routers: the store (opened once, kept on ``app.state``), the catalogue and a
runner that executes a named query in the store's read-only access mode."""

from __future__ import annotations

import datetime as _dt
import decimal
import json
import logging
import threading
import time
from typing import Annotated, Any, Callable, Mapping

from fastapi import Depends, Request, Response

from eusec.errors import EusecError, StoreUnavailableError
from eusec.settings import Settings
from eusec.graph.catalogue import Catalogue, NamedQuery
from eusec.graph.store import GraphStore

log = logging.getLogger("eusec.api")

#: Exceptions of the Neo4j driver that mean "the server is not reachable" (imported lazily, optional).
try:  # the driver is a dependency, but keep the API importable without it
    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    _UNAVAILABLE: tuple[type[BaseException], ...] = (ServiceUnavailable, SessionExpired, ConnectionError)
except Exception:  # pragma: no cover
    _UNAVAILABLE = (ConnectionError,)


class BreakerOpenError(StoreUnavailableError):
    """503 answered by the circuit breaker itself (it does not extend the breaker's window)."""


class StoreHolder:
    """Owns the store of one app: opened at startup (or injected), re-opened lazily if opening failed.

    Neo4j may be down when the API starts; the holder then retries at most every ``retry_s`` seconds and
    answers 503 meanwhile, so the API recovers by itself once the database is back.
    """

    def __init__(self, settings: Settings, store: Any | None = None, *, opener: Callable[[], Any] | None = None,
                 retry_s: float = 1.0) -> None:
        self.settings = settings
        self.store = store
        self.injected = store is not None
        self._opener = opener
        self._lock = threading.Lock()
        self._last_try = 0.0
        self._retry_s = retry_s
        self.last_error: str | None = None
        self.down_until = 0.0  # circuit breaker: answer 503 at once until then
        self.down_window_s = 1.0

    def _open(self) -> Any:
        if self._opener is not None:
            return self._opener()
        from eusec.graph.factory import open_store  # lazy: never at import

        return open_store(self.settings)

    def open(self) -> None:
        """Open the store now; StoreUnavailableError if it cannot be."""
        with self._lock:
            if self.store is None:
                self._last_try = time.monotonic()
                try:
                    store = self._open()
                    try:  # a fresh database gets its tables / constraints (idempotent)
                        store.ensure_schema()
                    except StoreUnavailableError:
                        store.close()
                        raise
                    except EusecError as exc:
                        log.warning("could not ensure the schema: %s", exc.message)
                    self.store = store
                    self.last_error = None
                except StoreUnavailableError as exc:
                    self.last_error = exc.message
                    raise

    def mark_down(self, reason: str) -> None:
        """A store call just failed as unavailable: fail fast for ``down_window_s`` instead of letting
        every request wait for the driver's connection timeouts and retries (the breaker half-opens
        after the window, so the API recovers by itself)."""
        self.last_error = reason
        self.down_until = time.monotonic() + self.down_window_s

    def get(self) -> Any:
        """The open store, or StoreUnavailableError (503)."""
        if time.monotonic() < self.down_until:
            raise BreakerOpenError(self.last_error or "the store is not available", retry_after=2)
        if self.store is not None:
            return self.store
        if time.monotonic() - self._last_try < self._retry_s:
            raise StoreUnavailableError(f"the store is not available: {self.last_error or 'not open'}")
        try:
            self.open()
        except StoreUnavailableError as exc:
            raise StoreUnavailableError(f"the store is not available: {exc.message}") from None
        return self.store

    def close(self) -> None:
        """Close the store unless it was injected (the injector owns it)."""
        with self._lock:
            if self.store is not None and not self.injected:
                try:
                    self.store.close()
                finally:
                    self.store = None


def get_store(request: Request) -> GraphStore:
    """FastAPI dependency: the app's store."""
    return request.app.state.store_holder.get()


def get_catalogue(request: Request) -> Catalogue:
    """FastAPI dependency: the app's catalogue (loaded once at startup)."""
    return request.app.state.catalogue


def get_settings_dep(request: Request) -> Settings:
    """FastAPI dependency: the app's settings."""
    return request.app.state.settings


#: Route parameter types: ``store: StoreDep`` is the app's open store (503 while it is unavailable).
StoreDep = Annotated[GraphStore, Depends(get_store)]
CatalogueDep = Annotated[Catalogue, Depends(get_catalogue)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def jsonable(value: Any) -> Any:
    """Make a value from either backend JSON-friendly (Decimal sums, dates, nested containers)."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return value.total_seconds()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    iso = getattr(value, "iso_format", None)  # neo4j.time types
    if callable(iso):
        return iso()
    return str(value)


def json_response(body: Any, status_code: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """The one JSON renderer of the API, for bodies already made of plain JSON values (``jsonable``).

    Routes return it directly: their ``response_model`` documents the shape in OpenAPI, and re-validating
    every row against it would double the cost of a request (see benchmarks/bench_api.py)."""
    return Response(json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")),
                    status_code=status_code, media_type="application/json", headers=dict(headers or {}))


def translate_error(exc: BaseException, store: Any) -> EusecError:
    """An EusecError for an exception raised by the store: 503 when the store is unreachable."""
    if isinstance(exc, StoreUnavailableError) or (isinstance(exc, EusecError) and exc.status in (401, 403, 404, 422)):
        return exc
    if isinstance(exc, _UNAVAILABLE):
        return StoreUnavailableError(f"the store is not reachable: {type(exc).__name__}")
    try:  # a failure while the store is down (or shutting down, starting) is the outage, not the query: 503
        store.ping()
    except Exception:
        return StoreUnavailableError(f"the store is not reachable ({type(exc).__name__})")
    if isinstance(exc, EusecError):
        return exc
    log.error("store error: %s: %s", type(exc).__name__, exc)
    return EusecError("internal error while querying the store")


def run_query(store: Any, query: NamedQuery, raw: Mapping[str, Any] | None, settings: Settings) -> list[dict[str, Any]]:
    """Bind ``raw`` to the query's parameters and run it read-only with the configured time limit."""
    params = query.bind(raw or {})
    return run_text(store, query.text_for(store.backend), params, settings)


def run_text(store: Any, text: str, params: Mapping[str, Any], settings: Settings, *,
             row_cap: int | None = None) -> list[dict[str, Any]]:
    """Run a statement through ``store.read`` (read-only access mode), errors translated."""
    try:
        rows = store.read(text, dict(params), timeout_s=settings.query_timeout_s, row_cap=row_cap)
    except BaseException as exc:  # noqa: BLE001 - translated into the one error shape
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise translate_error(exc, store) from None
    return [{k: jsonable(v) for k, v in row.items()} for row in rows]
