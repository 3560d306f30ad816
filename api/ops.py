"""Operational routes: liveness, readiness and the (API-key protected) upload of a paper."""

from __future__ import annotations

import re
import secrets
import tempfile
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Header, Query, Request
from starlette.concurrency import run_in_threadpool

import eusec
from eusec.api.deps import SettingsDep, StoreDep, translate_error
from eusec.api.errors import PayloadTooLargeError, WritesDisabledError
from eusec.api.models import ErrorBody, Health, IngestResult, Ready
from eusec.errors import AuthError, EusecError, InputError, StoreUnavailableError

router = APIRouter()

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
_write_lock = threading.Lock()  # one write at a time (the embedded store has a single writer)


@router.get("/health", response_model=Health, tags=["ops"], summary="Liveness: the process answers")
def health() -> dict[str, Any]:
    return {"status": "ok", "version": eusec.__version__}


@router.get("/ready", response_model=Ready, tags=["ops"], summary="Readiness: the store answers",
            responses={503: {"model": ErrorBody, "description": "Store unavailable (see Retry-After)"}})
def ready(store: StoreDep) -> dict[str, Any]:
    try:
        store.ping()
    except StoreUnavailableError:
        raise
    except Exception as exc:  # noqa: BLE001 - every failure of ping means "not ready"
        raise StoreUnavailableError(f"the store is not reachable ({type(exc).__name__})") from None
    return {"status": "ready", "backend": store.backend}


def require_api_key(
    settings: SettingsDep,
    x_api_key: str | None = Header(default=None, alias="X-API-Key", description="The server's API key"),
) -> None:
    """Writes need ``X-API-Key`` equal to ``EUSEC_API_KEY``; without a configured key writes are refused."""
    configured = settings.api_key.get_secret_value() if settings.api_key is not None else ""
    if not configured:
        raise WritesDisabledError("writes are disabled: no API key is configured on the server (EUSEC_API_KEY)")
    if not x_api_key or not secrets.compare_digest(x_api_key.encode(), configured.encode()):
        raise AuthError("missing or wrong X-API-Key header")


def _safe_name(filename: str) -> str:
    name = Path(filename.replace("\\", "/")).name
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")
    if not name:
        raise InputError("the file name is empty after removing unsafe characters", details={"parameter": "filename"})
    return name[:120]


def _ingest_bytes(data: bytes, filename: str, store: Any) -> dict[str, Any]:
    from eusec.ingest.pipeline import extract_file  # lazy: the ingest package is heavy (spaCy)

    with tempfile.TemporaryDirectory(prefix="eusec-upload-") as tmp:
        path = Path(tmp) / _safe_name(filename)
        path.write_bytes(data)
        graph = extract_file(path)
        with _write_lock:
            try:
                summary = store.load_document(graph)
                from eusec.graph.corpus import relink

                if not summary.unchanged_document:  # the new paper may be an edition or a cited document
                    relink(store, changed={summary.document})
            except EusecError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise translate_error(exc, store) from None
    return {
        "document": graph.document or "",
        "nodes": len(graph.nodes),
        "relationships": len(graph.relationships),
        "summary": summary.as_dict() if hasattr(summary, "as_dict") else dict(summary),
    }


@router.post(
    "/ingest", response_model=IngestResult, tags=["ops"], dependencies=[Depends(require_api_key)],
    summary="Upload and ingest a paper (needs X-API-Key)",
    description="Send the file as the raw request body (any content type) with its file name in `filename`, "
                "e.g. `curl -H 'X-API-Key: ...' --data-binary @5618-20.txt "
                "'http://127.0.0.1:8000/ingest?filename=5618-20.txt'`. The facts of that paper are replaced "
                "atomically.",
    responses={401: {"model": ErrorBody, "description": "Missing or wrong API key"},
               403: {"model": ErrorBody, "description": "Writes disabled (no key configured)"},
               413: {"model": ErrorBody, "description": "File too large"},
               422: {"model": ErrorBody, "description": "Not a readable Council paper"},
               503: {"model": ErrorBody, "description": "Store unavailable"}},
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        "text/plain": {"schema": {"type": "string"}}}}},
)
async def ingest(
    request: Request,
    store: StoreDep,
    filename: str = Query(min_length=1, max_length=200, description="File name; its extension selects the reader",
                          examples=["5618-20.txt"]),
) -> dict[str, Any]:
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > MAX_UPLOAD_BYTES:
            raise PayloadTooLargeError(f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    if not data:
        raise InputError("the request body is empty: send the file as the body", details={"parameter": "body"})
    return await run_in_threadpool(_ingest_bytes, bytes(data), filename, store)
