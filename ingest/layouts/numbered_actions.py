"""Layout: numbered actions or measures without WP rows, as in Counter-Terrorism Coordinator and COSI
implementation reports ("Action 3 ... Responsible: ... Timetable: ... State of play: ...", or
"4. Protection of public spaces" followed by its state of play).

Evidence: at least two numbered headings each followed, within a few lines, by a field label. A table of
contents ("1. Introduction .... 2") or the numbered paragraphs of a plain note have no field labels, so they
are not measures.
"""

from __future__ import annotations

import re

from eusec.ingest.layouts.base import Body, LayoutResult
from eusec.ingest.lexical import clean_inline
from eusec.ingest.types import MeasureBlock

NAME = "numbered_actions"

_ACTION_RE = re.compile(r"^\s*(?:Action|ACTION|Measure|MEASURE)\s+(\d{1,3})([a-z]|[A-H](?![a-z]))?\s*[.:)\-–]?\s*(.*)$")
_NUMBERED_RE = re.compile(r"^\s*(\d{1,3})([a-z])?\s*[.)]\s+([A-Z][^\t]{2,150})$")
_FIELD_RE = re.compile(
    r"^\s*[-•*]?\s*(?P<label>Responsible(?:\s+(?:body|bodies|actors?|for\s+implementation))?|Lead(?:\s+actors?)?|Actors?|"
    r"Timetable|Timeline|Deadline|Timing|State\s+of\s+play|Status|Progress(?:\s+made)?|Next\s+steps|Follow[\s-]*up|"
    r"Implementation)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_TARGET = {"responsible": "wp", "lead": "wp", "actor": "wp", "timetable": "follow", "timeline": "follow", "deadline": "follow",
           "timing": "follow", "next": "follow", "follow": "follow"}
#: How many lines after a heading its first field label may come.
_LOOKAHEAD = 4


def _heading(text: str) -> tuple[str, str] | None:
    """(number, title) when the line opens an action or a numbered item."""
    m = _ACTION_RE.match(text)
    if m:
        return f"{int(m.group(1))}{(m.group(2) or '').upper()}", m.group(3)
    m = _NUMBERED_RE.match(text)
    if m:
        title = m.group(3).strip()
        if title.endswith((".", ";", ",")) or re.search(r"\.{4,}|\s\d{1,3}$", title):
            return None  # a sentence, or a table-of-contents entry with its page
        return f"{int(m.group(1))}{(m.group(2) or '').upper()}", title
    return None


def _blocks(body: Body) -> list[tuple[int, str, str, list[tuple[int, str]]]]:
    """Every heading with a field label soon after it: (index, number, title, [(index, text) of its block])."""
    rows = [(i, t) for i, t in body.indexed() if t.strip()]
    heads = [(k, h) for k, (i, t) in enumerate(rows) if (h := _heading(t)) is not None]
    out = []
    for n, (k, (number, title)) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(rows)
        block = rows[k + 1 : end]
        if not any(_FIELD_RE.match(t) for _, t in block[:_LOOKAHEAD]):
            continue
        out.append((rows[k][0], number, title, block))
    return out


def detect(body: Body) -> bool:
    """At least two numbered headings followed by field labels."""
    return len(_blocks(body)) >= 2


def read(body: Body) -> LayoutResult:
    """One measure per action: title, responsible (read like a WP value), state of play and timetable."""
    measures: list[MeasureBlock] = []
    seen: set[str] = set()
    for idx, number, title, block in _blocks(body):
        if number in seen:
            continue  # a second list restarting its numbers (an annex): the first list keeps the keys
        seen.add(number)
        m = re.match(r"(\d+)([A-Z]?)", number)
        b = MeasureBlock(
            number=number,
            base_number=int(m.group(1)) if m else None,
            letter=(m.group(2) or None) if m else None,
            title_pieces=[(idx + 1, title)] if clean_inline(title) else [],
            line_start=idx + 1,
            number_rule="printed",
            layout=NAME,
        )
        target = "state"
        last = idx + 1
        for i, text in block:
            fm = _FIELD_RE.match(text)
            if fm:
                word = fm.group("label").split()[0].lower().rstrip("s")
                target = _TARGET.get(word, _TARGET.get(word.split("-")[0], "state"))
                value = fm.group("value").strip()
                if target == "wp":
                    b.wp_value, b.wp_line = value, i + 1
                    target = "state"
                elif value:
                    getattr(b, target).append((i + 1, value))
            else:
                getattr(b, target).append((i + 1, text.strip()))
            last = i + 1
        b.line_end = last
        measures.append(b)
    return LayoutResult(measures=measures)
