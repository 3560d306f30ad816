"""One error hierarchy for the CLI and the API: every error carries its HTTP status and a stable code.

The API turns any ``EusecError`` into ``{"error": {"code", "message", "status", "details"}}`` with that
status; the CLI prints ``error: <message>`` on one line and exits with ``exit_code``.
"""

from __future__ import annotations

from typing import Any


class EusecError(Exception):
    """Base class. Subclasses set ``status``, ``code`` and ``exit_code``."""

    status: int = 500
    code: str = "internal_error"
    exit_code: int = 1

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}

    def to_dict(self) -> dict[str, Any]:
        """The one error shape."""
        return {"error": {"code": self.code, "message": self.message, "status": self.status, "details": self.details}}


class InputError(EusecError):
    """The input file cannot be read as a Council paper (empty, binary, not UTF-8, no text layer...)."""

    status = 422
    code = "bad_input"
    exit_code = 2


class NotFoundError(EusecError):
    status = 404
    code = "not_found"
    exit_code = 3


class ParameterError(EusecError):
    """A query parameter is missing or of the wrong type."""

    status = 422
    code = "bad_parameter"
    exit_code = 2


class QueryRejectedError(EusecError):
    """A Cypher statement was refused (write in read-only mode, syntax error, time limit)."""

    status = 400
    code = "query_rejected"
    exit_code = 2


class QueryFileError(EusecError):
    """A named query file is malformed; the message names file:line."""

    status = 500
    code = "bad_query_file"
    exit_code = 2


class SchemaError(EusecError):
    """The schema file or a graph does not fit the schema."""

    status = 500
    code = "schema_error"
    exit_code = 2


class ConstraintError(EusecError):
    """A write would break a uniqueness/key constraint."""

    status = 409
    code = "constraint_violation"
    exit_code = 2


class StoreUnavailableError(EusecError):
    """The store cannot be reached (Neo4j down, embedded file locked)."""

    status = 503
    code = "store_unavailable"
    exit_code = 4

    def __init__(self, message: str, *, retry_after: int = 5, details: dict[str, Any] | None = None) -> None:
        super().__init__(message, details=details)
        self.retry_after = retry_after


class AuthError(EusecError):
    status = 401
    code = "unauthorized"
    exit_code = 2


class RemoteUnavailableError(EusecError):
    """A remote reference service (EUR-Lex/CELLAR) cannot be reached or keeps failing (offline, 5xx, 429)."""

    status = 502
    code = "remote_unavailable"
    exit_code = 5
