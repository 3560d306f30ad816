"""Fixtures for the EUR-Lex import tests: where the real samples are (../shared, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eusec import PROJECT_ROOT

EURLEX = PROJECT_ROOT / ".." / "shared" / "reference" / "eurlex"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def sample(relative: str) -> Path:
    """A real sample file of ../shared/reference/eurlex (the test is skipped when the folder is absent)."""
    path = EURLEX / relative
    if not path.is_file():
        pytest.skip(f"../shared/reference/eurlex/{relative} is not available")
    return path
