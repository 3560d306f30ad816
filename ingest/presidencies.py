"""The rotating Council Presidency: rotation table, resolution of "FI"/"Finnish" to a semester, mentions.

The table comes from ``ingest/patterns/presidency_rotation.yaml`` and ``presidency_countries.yaml``.
A semester is ``"2019-H2"``; ``seq = year * 2 + half - 1`` orders them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from eusec.ingest.patterns import load_patterns


def _semester_dates(year: int, half: int) -> tuple[str, str]:
    return (f"{year}-01-01", f"{year}-06-30") if half == 1 else (f"{year}-07-01", f"{year}-12-31")


@lru_cache(maxsize=1)
def _build() -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    ps = load_patterns()
    countries = {c["code"]: c for c in ps.presidency_countries}
    rows: list[dict[str, Any]] = []
    for entry in sorted(ps.presidency_rotation, key=lambda e: e["year"]):
        for half, code in ((1, entry["h1"]), (2, entry["h2"])):
            c = countries[code]
            start, end = _semester_dates(entry["year"], half)
            rows.append(
                {
                    "semester": f"{entry['year']}-H{half}",
                    "code": code,
                    "country": c["country"],
                    "adjectives": list(c.get("adjectives", [])),
                    "start_date": start,
                    "end_date": end,
                    "seq": entry["year"] * 2 + half - 1,
                }
            )
    return rows, countries


def _rows() -> list[dict[str, Any]]:
    return _build()[0]


#: The rotation table, 2007-H1 .. 2030-H2 (a list of dicts; do not mutate).
PRESIDENCIES: list[dict[str, Any]] = _rows()


def presidency_by_semester(semester: str) -> dict[str, Any]:
    """The presidency of a semester "2019-H2"; KeyError if outside the table."""
    for row in _rows():
        if row["semester"] == semester:
            return dict(row)
    raise KeyError(semester)


def _country_code(code_or_adjective: str) -> str | None:
    token = " ".join(str(code_or_adjective).split())
    countries = _build()[1]
    if token.upper() in countries:
        return token.upper()
    if token.upper() == "GR":  # ISO code for Greece; the Council uses EL
        return "EL"
    low = token.lower()
    for code, c in countries.items():
        if low == c["country"].lower() or low in (a.lower() for a in c.get("adjectives", [])):
            return code
    return None


def semesters_for_code(code: str) -> list[str]:
    """All semesters in which this country (code, name or adjective) holds the Presidency, in order."""
    cc = _country_code(code)
    return [r["semester"] for r in _rows() if r["code"] == cc]


def semester_seq(d: date) -> int:
    """The seq of the semester containing a date."""
    return d.year * 2 + (0 if d.month <= 6 else 1)


def resolve_presidency(code_or_adjective: str, around: date | None) -> dict[str, Any] | None:
    """The presidency of that country closest to ``around``: the current one if the date falls in it, else
    the nearest in semesters, ties going to the most recent past one ("FI" near 2020-02 -> 2019-H2)."""
    cc = _country_code(code_or_adjective)
    if cc is None or around is None:
        return None
    target = semester_seq(around)
    candidates = [r for r in _rows() if r["code"] == cc]
    if not candidates:
        return None
    best = min(candidates, key=lambda r: (abs(r["seq"] - target), 0 if r["seq"] <= target else 1))
    return dict(best)


@dataclass(frozen=True)
class PresidencyMention:
    """A Presidency named in the text ("FI Presidency", "the Croatian Presidency", "RO and FI Presidencies")."""

    semester: str | None  # None when no document date was given to resolve it
    code: str
    start: int
    end: int
    text: str
    rule: str


_AFTER_KEYWORD_RE = re.compile(r"(?:[ \t]*\([ \t]*|\s+of\s+)(?P<c>[A-Z][A-Za-z]+)(?:[ \t]*\)|\b)")
_KEYWORD_RE = re.compile(r"Presidenc(?:y|ies)|presidenc(?:y|ies)|PRESIDENCY|PRES\b|Pres\.")
_WORD_BACK_RE = re.compile(r"[A-Za-z]+|[,&/]")
_SKIP_BEFORE_KEYWORD = {"outgoing", "incoming"}
_SEPARATORS = {",", "&", "/", "and", "the"}


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """surface form -> country code (codes, country names, adjectives)."""
    out: dict[str, str] = {}
    for code, c in _build()[1].items():
        out[code] = code
        out[c["country"]] = code
        for a in c.get("adjectives", []):
            out[a] = code
    return out


def _name_code(word: str) -> tuple[str, int] | None:
    """(code, offset of the name inside the word) or None. "TheHR" (missing space) -> ("HR", 3)."""
    names = _names()
    if word in names:
        return names[word], 0
    if word[:3] in ("The", "the") and word[3:] in names and word[3:].isupper():
        return names[word[3:]], 3
    return None


def find_presidency_mentions(text: str, doc_date: date | None) -> list[PresidencyMention]:
    """Presidencies named in ``text``, each resolved to the semester nearest ``doc_date``; in text order."""
    if not isinstance(text, str) or not text:
        return []
    out: list[PresidencyMention] = []
    # Cheap pass for the keyword, then walk back over the words before it: one or more country names
    # (codes, names, adjectives) separated by ",", "and", "&", "/", "the" ("the RO and the FI Presidencies").
    for kw in _KEYWORD_RE.finditer(text):
        words = list(_WORD_BACK_RE.finditer(text, max(0, kw.start() - 80), kw.start()))
        found: list[tuple[str, int, int, str]] = []
        i = len(words) - 1
        while i >= 0 and words[i].group().lower() in _SKIP_BEFORE_KEYWORD:
            i -= 1
        expect_name = True
        while i >= 0:
            w = words[i].group()
            hit = _name_code(w)
            if expect_name and hit is not None:
                code, off = hit
                # Two-letter codes must be upper-case ("It presidency" is not Italy).
                if len(w) - off == 2 and not w[off:].isupper():
                    break
                found.append((code, words[i].start() + off, words[i].end(), w[off:]))
                expect_name = False
            elif not expect_name and w.lower() in _SEPARATORS:
                # a separator must be followed (to the left) by another name; "the" may precede a name
                j = i - 1
                while j >= 0 and words[j].group().lower() in _SEPARATORS:
                    j -= 1
                if j < 0 or _name_code(words[j].group()) is None:
                    break
                i = j
                expect_name = True
                continue
            else:
                break
            i -= 1
        rule = "presidency.list" if len(found) > 1 else "presidency.single"
        if not found:
            # The country after the keyword: "Presidency (FI)", "the Presidency (Finland)", "the Presidency of
            # Finland" (never "the Presidency of the Council": a country name must follow).
            after = _AFTER_KEYWORD_RE.match(text, kw.end())
            hit = _name_code(after["c"]) if after else None
            if after is None or hit is None or hit[1] or (len(after["c"]) == 2 and not after["c"].isupper()):
                continue
            found = [(hit[0], after.start("c"), after.end("c"), after["c"])]
            rule = "presidency.after"
        for code, start, end, surface in reversed(found):
            resolved = resolve_presidency(code, doc_date) if doc_date else None
            out.append(
                PresidencyMention(
                    semester=resolved["semester"] if resolved else None,
                    code=code,
                    start=start,
                    end=end,
                    text=surface,
                    rule=rule,
                )
            )
    return out
