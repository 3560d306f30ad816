"""One error shape for every error the API returns: ``EusecError.to_dict()`` with its HTTP status.

FastAPI's own errors (validation, unknown route, wrong method) and unexpected exceptions are converted to
the same shape, so a client has exactly one thing to parse. Unexpected exceptions become a 500 with a
generic message: the traceback goes to the server log, never to the client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from eusec.api.deps import BreakerOpenError, json_response, jsonable
from eusec.errors import EusecError, NotFoundError, ParameterError, StoreUnavailableError

log = logging.getLogger("eusec.api")


class WritesDisabledError(EusecError):
    """Writes are refused because no API key is configured on the server."""

    status = 403
    code = "writes_disabled"
    exit_code = 2


class MethodNotAllowedError(EusecError):
    status = 405
    code = "method_not_allowed"
    exit_code = 2


class PayloadTooLargeError(EusecError):
    status = 413
    code = "payload_too_large"
    exit_code = 2


class HTTPError(EusecError):
    """Any other HTTP-level refusal (kept in the one shape)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = "http_error"


def error_response(exc: EusecError) -> Response:
    """The JSON response of an error, with Retry-After for 503."""
    headers = {}
    if isinstance(exc, StoreUnavailableError):
        headers["Retry-After"] = str(max(1, int(getattr(exc, "retry_after", 5))))
    return json_response(jsonable(exc.to_dict()), status_code=exc.status, headers=headers)


def _validation_error(exc: RequestValidationError) -> ParameterError:
    errors = exc.errors()
    first: dict[str, Any] = errors[0] if errors else {}
    loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body", "header")]
    name = ".".join(loc) or "request"
    message = f"parameter '{name}': {first.get('msg', 'invalid value')}"
    details = {
        "parameter": name,
        "errors": [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in errors[:20]
        ],
    }
    return ParameterError(message, details=details)


def install_error_handlers(app: FastAPI) -> None:
    """Register the single error shape for every kind of error."""

    @app.exception_handler(EusecError)
    async def _eusec(request: Request, exc: EusecError) -> Response:
        holder = getattr(request.app.state, "store_holder", None)
        if isinstance(exc, StoreUnavailableError) and not isinstance(exc, BreakerOpenError) and holder is not None:
            holder.mark_down(exc.message)
        if exc.status >= 500 and not isinstance(exc, StoreUnavailableError):
            log.error("error on %s %s: %s", request.method, request.url.path, exc.message)
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return error_response(_validation_error(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            err: EusecError = NotFoundError(
                f"no route {request.method} {request.url.path}" if exc.detail in (None, "Not Found") else str(exc.detail)
            )
        elif exc.status_code == 400 and exc.detail == "There was an error parsing the body":
            # FastAPI's answer when the JSON parser itself fails (a body nested thousands of levels deep)
            err = ParameterError("the request body could not be parsed (nested too deeply?)",
                                 details={"parameter": "body"})
        elif exc.status_code == 405:
            err = MethodNotAllowedError(f"method {request.method} is not allowed on {request.url.path}")
        else:
            err = HTTPError(exc.status_code, str(exc.detail))
        response = error_response(err)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        if isinstance(exc, RecursionError):  # a request body nested deeper than the JSON parser goes
            return error_response(ParameterError("the request body is nested too deeply",
                                                 details={"parameter": "body"}))
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(EusecError("internal server error"))
