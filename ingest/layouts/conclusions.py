"""Layout: Council conclusions and roadmaps - numbered paragraphs whose operative verb addresses someone
("2. INVITES Europol and Eurojust to ...", "CALLS ON the Commission to ...").

Evidence: at least two paragraphs opening with an operative verb in capitals. Each paragraph with an
addressing verb becomes a ``Paragraph`` with the words naming its addressees (the builder links the agencies
and bodies named there to it); the others stay in the general text.
"""

from __future__ import annotations

import re

from eusec.ingest.layouts.base import Body, LayoutResult
from eusec.ingest.types import Paragraph

NAME = "conclusions"

_OPERATIVE = (
    r"INVITES|CALLS\s+(?:ON|UPON)|ENCOURAGES|URGES|REQUESTS|TASKS|ASKS|INSTRUCTS|WELCOMES|STRESSES|UNDERLINES|"
    r"RECALLS|NOTES|AGREES|EMPHASISES|EMPHASIZES|ACKNOWLEDGES|RECOGNISES|RECOGNIZES|CONSIDERS|HIGHLIGHTS|REAFFIRMS|"
    r"SUPPORTS|ENDORSES|APPROVES|RECOMMENDS|DECIDES|COMMITS|EXPRESSES|TAKES\s+NOTE|REITERATES|CONFIRMS|NOTING|"
    r"RECALLING|WELCOMING|ACKNOWLEDGING|RECOGNISING|STRESSING|UNDERLINING|CONSIDERING|EMPHASISING|HIGHLIGHTING"
)
#: Verbs that name an addressee: the words between the verb and "to" say who is asked to act.
ADDRESSING = re.compile(r"(?<![A-Za-z])(INVITES|CALLS\s+(?:ON|UPON)|ENCOURAGES|URGES|REQUESTS|TASKS|ASKS|INSTRUCTS)\s+(?=\S)")
_NUMBERED = re.compile(r"^\s*(\d{1,3})\s*[.)]\s+(.*)$")
_OPENS = re.compile(rf"^\s*(?:[-•*]\s*)?(?:(?:The\s+Council|THE\s+COUNCIL)\s*,?\s*)?(?:{_OPERATIVE})\b")
_HEADING = re.compile(r"^\s*(?:[IVX]+\.|[A-Z]\.)\s+\S|^\s*[A-Z][A-Z ,'-]{6,}$")


def _paragraphs(body: Body) -> list[tuple[str | None, list[tuple[int, str]]]]:
    """Numbered paragraphs (and unnumbered ones opening with an operative verb) with their lines."""
    out: list[tuple[str | None, list[tuple[int, str]]]] = []
    for i, text in body.indexed():
        if not text.strip():
            continue
        m = _NUMBERED.match(text)
        if m:
            out.append((m.group(1), [(i, m.group(2))]))
        elif _OPENS.match(text):
            out.append((None, [(i, text)]))
        elif _HEADING.match(text):
            out.append(("", []))  # a heading closes the paragraph before it
        elif out and out[-1][1]:
            out[-1][1].append((i, text))
    return [(n, lines) for n, lines in out if lines]


def detect(body: Body) -> bool:
    """Two or more paragraphs opening with an operative verb in capitals."""
    return sum(1 for _, lines in _paragraphs(body) if _OPENS.match(lines[0][1])) >= 2


def _addressees(text: str, start: int) -> str:
    """The words naming the addressees: up to "to <verb>" (or the end of the clause)."""
    rest = text[start : start + 300]
    m = re.search(r"\s(?:to|in\s+order\s+to)\s+[a-z]", rest)
    stop = m.start() if m else len(rest)
    cm = re.search(r"[;:]|,\s+(?:and\s+)?[A-Z]{4,}", rest[:stop])
    if cm:
        stop = cm.start()
    return " ".join(rest[:stop].split())


def read(body: Body) -> LayoutResult:
    """The paragraphs with an addressing verb."""
    out: list[Paragraph] = []
    unnumbered = 0
    for number, lines in _paragraphs(body):
        text = " ".join(t.strip() for _, t in lines)
        m = ADDRESSING.search(text)
        if number is None:
            unnumbered += 1
        if not m:
            continue
        verb = " ".join(m.group(1).split())
        out.append(
            Paragraph(
                number=number if number else f"p{unnumbered}",
                verb=verb,
                text=text,
                addressees=_addressees(text, m.end()),
                line_start=lines[0][0] + 1,
                line_end=lines[-1][0] + 1,
                pieces=[(i + 1, t) for i, t in lines],
            )
        )
    return LayoutResult(paragraphs=out, doc_type=None)
