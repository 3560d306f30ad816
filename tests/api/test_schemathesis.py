"""Property-based checks of the whole OpenAPI surface with schemathesis over the ASGI app: no server errors
(a 503 must carry Retry-After) and every error response in the one error shape.

schemathesis' lazy ``from_fixture`` loader does not work with pytest 9 (it sets ``node._nodeid``), so the
operations are enumerated from the schema here and each is driven by hypothesis with its strategy.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from eusec.api.app import create_app

MAX_EXAMPLES = 30


@pytest.fixture(scope="module")
def api_schema(api_settings: Any, api_store: Any) -> Any:
    app = create_app(api_settings, store=api_store)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _header(response: Any, name: str) -> str:
    """A header of a schemathesis response (its headers map lower-cased names to lists)."""
    for key, value in response.headers.items():
        if key.lower() == name:
            return ", ".join(value) if isinstance(value, (list, tuple)) else str(value)
    return ""


def check_response(case: Any) -> None:
    response = case.call()
    status = response.status_code
    assert status < 500 or (status == 503 and _header(response, "retry-after")), (
        f"{case.method} {case.formatted_path} -> {status}: {response.text[:300]}")
    if status >= 400 and "text/html" not in _header(response, "content-type"):
        # HTML pages (api/view.py) answer browsers with an HTML error page; every JSON route uses the shape
        body = response.json()
        assert set(body) == {"error"} and body["error"]["status"] == status, response.text[:300]


def test_schema_is_valid_and_complete(api_schema: Any) -> None:
    operations = [r.ok() for r in api_schema.get_all_operations()]
    assert len(operations) >= 40  # resources + one route per named query + ops


def test_no_server_errors(api_schema: Any) -> None:
    failures: list[str] = []
    count = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        count += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        def run(case: Any) -> None:
            check_response(case)

        try:
            run()
        except AssertionError as exc:
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert count >= 40
    assert not failures, "\n".join(failures)
