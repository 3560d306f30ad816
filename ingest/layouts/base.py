"""What every layout reader gets and returns.

A layout is a module with ``NAME``, ``detect(body) -> bool`` (is there evidence of this layout?) and
``read(body) -> LayoutResult``. Several layouts can be found in one document (a note with draft conclusions
in its annex, a proposal's text after a cover page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from eusec.ingest.types import Header, MeasureBlock, Paragraph


@dataclass
class Body:
    """The body of a document after its cover page: cleaned lines (footers removed), lines to skip
    (footers, footnote bodies), and the 0-based range [start, end) the body layouts read."""

    lines: list[str]
    skip: set[int]
    start: int
    end: int
    header: Header

    def indexed(self) -> Iterator[tuple[int, str]]:
        """(0-based index, text) of every body line that is not skipped."""
        for i in range(self.start, min(self.end, len(self.lines))):
            if i not in self.skip:
                yield i, self.lines[i]


@dataclass
class LayoutResult:
    """What a reader found: measures, operative paragraphs, and the document type the layout implies."""

    measures: list[MeasureBlock] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    doc_type: str | None = None
