"""The typed records passed between the ingest stages.

header.py -> ``Header``; footers.py -> ``Footers``; footnotes.py -> ``Footnote``; layouts/* -> ``MeasureBlock``
and ``Paragraph``; segment.py -> ``Segmented`` (what builder.py reads). Every record keeps original 1-based
line numbers so that every fact built from it can cite its lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eusec.ingest.lexical import Piece, clean_inline

@dataclass
class Header:
    """The document header (Council cover page)."""

    number: str
    number_suffix: str = ""
    number_line: int = 1
    date: str | None = None
    date_line: int | None = None
    classification: str | None = None
    doc_type: str | None = None
    subject_codes: list[str] = field(default_factory=list)
    from_: str | None = None
    to: str | None = None
    previous_document: str | None = None
    previous_document_raw: str | None = None
    subject: str | None = None
    line_start: int = 1
    line_end: int = 1
    fields_lines: dict[str, int] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        if self.date:
            return int(self.date[:4])
        m = re.search(r"/(\d{2})$", self.number)
        return 2000 + int(m.group(1)) if m else None


@dataclass
class Footnote:
    """A footnote body (its number may have been inferred) and the line of its mark."""

    number: int
    text: str
    line: int
    mark_line: int | None = None
    inferred: bool = False


@dataclass
class Section:
    """A part of the general report under one heading."""

    section: str  # "1.1", "2" ...
    title: str
    pieces: list[Piece] = field(default_factory=list)

    @property
    def line_start(self) -> int:
        return self.pieces[0][0] if self.pieces else 0

    @property
    def line_end(self) -> int:
        return self.pieces[-1][0] if self.pieces else 0


@dataclass
class MeasureBlock:
    """One row of the measure tables, with its fields as line pieces."""

    number: str | None = None
    base_number: int | None = None
    letter: str | None = None
    candidates: list[tuple[int, str | None]] = field(default_factory=list)
    title_pieces: list[Piece] = field(default_factory=list)
    wp_value: str | None = None
    wp_line: int | None = None
    main: list[Piece] = field(default_factory=list)
    state: list[Piece] = field(default_factory=list)
    follow: list[Piece] = field(default_factory=list)
    line_start: int = 0
    line_end: int = 0
    section: str | None = None
    section_title: str | None = None
    subsection: str | None = None
    footnotes: list[Footnote] = field(default_factory=list)
    number_rule: str = "printed"
    # -- internal bookkeeping of the table parser (item indexes are positions in its item list) --
    head_index: int = field(default=0, repr=False)  # first item of the head
    wp_index: int = field(default=0, repr=False)  # the "Responsible WP" item (or the head item when none)
    body: list[int] = field(default_factory=list, repr=False)
    rest: Piece = field(default=(0, ""), repr=False)  # text after the WP value on its line
    headless: bool = field(default=False, repr=False)  # opened by a number line, no WP line
    parent: "MeasureBlock | None" = field(default=None, repr=False)  # the block a headless one interrupted
    rejected: bool = field(default=False, repr=False)
    numlines: list[tuple[int, list[tuple[int, str | None]], int | None]] = field(default_factory=list, repr=False)
    junk: list[int] = field(default_factory=list, repr=False)  # garbage number lines to keep out of fields

    @property
    def title(self) -> str:
        return clean_inline(" ".join(t for _, t in self.title_pieces))


@dataclass
class Segmented:
    """Everything the builder needs."""

    header: Header
    lines: list[str]
    pages: list[int | None]  # page of each line (index = line number - 1)
    cover: list[Piece]
    sections: list[Section]
    measures: list[MeasureBlock]
    footnotes: dict[int, Footnote]
    marks: dict[int, int]  # footnote number -> line of its mark
    report_range: tuple[int, int]
    tech_range: tuple[int, int]

    def page_of(self, line: int) -> int | None:
        if 1 <= line <= len(self.pages):
            return self.pages[line - 1]
        return None
