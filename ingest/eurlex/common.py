"""Small helpers shared by the EUR-Lex readers (dates, booleans, file checks)."""

from __future__ import annotations

import re
from pathlib import Path

from eusec.errors import InputError

#: Larger inputs are refused (the biggest real notices are ~2 MB; the bulk table is 2.3 MB gzipped).
MAX_BYTES = 200 * 1024 * 1024

_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def iso_date(value: object) -> str | None:
    """The ISO date at the start of a value ("2022-12-27T09:04:10.757+01:00" -> "2022-12-27"), else None."""
    m = _DATE.match(str(value or "").strip())
    return m.group(1) if m else None


def to_bool(value: object) -> bool | None:
    """EUR-Lex's ways of saying in force / not in force -> bool; None when not stated or unknown."""
    text = str(value or "").strip().lower()
    if text in ("true", "1", "yes", "inforce", "in force") or text.endswith("inforce-inforce"):
        return True
    if text in ("false", "0", "no", "notinforce", "not in force") or text.endswith("inforce-notinforce"):
        return False
    return None


def read_bytes(path: Path) -> bytes:
    """The bytes of an input file; InputError (one line) when missing, empty or too large."""
    if not path.is_file():
        raise InputError(f"{path.name}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path.name}: empty file")
    if size > MAX_BYTES:
        raise InputError(f"{path.name}: larger than {MAX_BYTES // (1024 * 1024)} MB, refused")
    return path.read_bytes()
