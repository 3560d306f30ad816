"""Which series a paper belongs to: the catalogue of graph/series.yaml and the recogniser.

A series is a family of papers re-issued edition after edition (the ISS implementation papers, the
Counter-Terrorism Coordinator's reports). Recognition reads only a paper's header (Subject, From, type), so a
paper is in the same series whatever order the editions are ingested in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from eusec import RESOURCE_ROOT
from eusec.errors import SchemaError

SERIES_PATH = RESOURCE_ROOT / "graph" / "series.yaml"
_KEYS = {"name", "subject", "from", "doc_types"}


@dataclass(frozen=True)
class SeriesSpec:
    """One series of the catalogue."""

    key: str
    name: str
    subject: tuple[re.Pattern[str], ...]
    from_: tuple[re.Pattern[str], ...] = ()
    doc_types: tuple[str, ...] = ()

    def matches(self, title: str | None, from_: str | None, doc_type: str | None) -> bool:
        """True when the paper's header fits this series."""
        if not title or not any(p.search(title) for p in self.subject):
            return False
        if self.from_ and from_ and not any(p.search(from_) for p in self.from_):
            # a From: line that names someone else (e.g. a delegation commenting on the series) is another paper
            return False
        if self.doc_types and (doc_type or "").upper() not in self.doc_types:
            return False
        return True


def load_series(path: Path = SERIES_PATH) -> list[SeriesSpec]:
    """The series catalogue, in file order; a malformed file raises SchemaError naming the entry."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    out: list[SeriesSpec] = []
    for key, entry in (data.get("series") or {}).items():
        if not isinstance(entry, dict) or set(entry) - _KEYS or not entry.get("subject") or not entry.get("name"):
            raise SchemaError(f"{path.name}: series '{key}' needs name and subject (allowed keys: {sorted(_KEYS)})")
        try:
            out.append(
                SeriesSpec(
                    key=str(key),
                    name=str(entry["name"]),
                    subject=tuple(re.compile(p, re.IGNORECASE) for p in entry["subject"]),
                    from_=tuple(re.compile(p, re.IGNORECASE) for p in entry.get("from") or []),
                    doc_types=tuple(str(t).upper() for t in entry.get("doc_types") or []),
                )
            )
        except re.error as exc:
            raise SchemaError(f"{path.name}: series '{key}': bad pattern ({exc})") from None
    return out


def recognise(title: str | None, from_: str | None, doc_type: str | None, catalogue: list[SeriesSpec]) -> SeriesSpec | None:
    """The first series of the catalogue whose patterns fit the header, or None."""
    return next((s for s in catalogue if s.matches(title, from_, doc_type)), None)
