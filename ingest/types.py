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
    #: "council" (a cover page), "legal_act" (an act as published, keyed by CELEX) or "commission" (COM ...)
    kind: str = "council"
    printed_number: str = ""  # the number as printed on the cover page ("9588/3/20", "WK 5412/2021")
    revision: str | None = None  # "REV 3", "ADD 1", "REV 1 ADD 1"
    interinstitutional_file: list[str] = field(default_factory=list)  # ["2018/0152(COD)"]
    commission_document_raw: str | None = None  # the "No. Cion doc.:" value
    doc_kind: str | None = None  # "Council conclusions", "Draft Council conclusions" (from the subject)
    body_start: int = 0  # 0-based index of the first line after the cover page
    body_col: int = 0  # column on that line where the body starts (a cover page that lost its line breaks)

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
    layout: str = "iss_table"  # the layout reader that read it
    operative_verb: str | None = None  # conclusions: the verb addressing the measure ("INVITES")
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
class Paragraph:
    """A numbered paragraph of Council conclusions or a roadmap whose operative verb names addressees
    ("INVITES Europol and Eurojust to ...")."""

    number: str
    verb: str
    text: str
    addressees: str  # the words naming the addressees, between the verb and "to"
    line_start: int
    line_end: int
    pieces: list[Piece] = field(default_factory=list)


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
    layout: str = ""  # the layout whose reader produced ``measures`` ("iss_table", "numbered_actions" ...)
    layouts: list[str] = field(default_factory=list)  # every layout detected in the document
    paragraphs: list["Paragraph"] = field(default_factory=list)  # operative paragraphs (conclusions layout)

    def page_of(self, line: int) -> int | None:
        if 1 <= line <= len(self.pages):
            return self.pages[line - 1]
        return None
