"""Segment a document into its parts: header, footers, footnotes, cover note, report sections and layouts.

The stages live in their own modules (header.py, footers.py, footnotes.py, layouts/); this module runs them
in order on one text and returns a ``types.Segmented``. Names other modules and tests used to import from
here are re-exported.
"""

from __future__ import annotations

import re

from eusec.ingest.footers import find_footers, pages_from_footers
from eusec.ingest.footnotes import _SEPARATOR, find_footnotes
from eusec.ingest.header import parse_header
from eusec.ingest.layouts.iss_table import (
    _between,
    _assign_sections,
    _fields,
    _is_label_only,
    _Item,
    _orphans,
    _strip_tags,
    _TechParser,
    parse_number_prefix,
)
from eusec.ingest.lexical import (
    DATE_RE,
    MONTHS,
    SECTION1_RE,
    SECTION2_RE,
    WP_RE,
    Piece,
    canonical_docnum,
    clean_inline,
    desup,
    parse_date,
)
from eusec.ingest.types import Footnote, Header, MeasureBlock, Section, Segmented

__all__ = [
    "segment", "parse_header", "find_footers", "pages_from_footers", "find_footnotes", "parse_number_prefix",
    "canonical_docnum", "parse_date", "clean_inline", "desup", "DATE_RE", "MONTHS", "Piece", "Footnote",
    "Header", "MeasureBlock", "Section", "Segmented", "_between",
]

# ---------------------------------------------------------------------------------------------------------
# The whole document
# ---------------------------------------------------------------------------------------------------------

_TECH_HEADING = re.compile(r"^\W*(?:technical\s+)?follow[\s-]*up\s+on\s+(?:the\s+)?specific\s+measures\W*$", re.IGNORECASE)
_REPORT_TITLE = re.compile(r"general\s+report", re.IGNORECASE)


def segment(text: str, *, line_pages: list[int | None] | None = None) -> Segmented:
    """Split a document into its parts; ``InputError`` (one line) only when it is not an EU document at all."""
    lines = text.split("\n")
    header = parse_header(lines)
    # the body starts after the cover page; on a line shared with the cover page (a text that lost its line
    # breaks) the cover part is blanked, so that its number and file codes never reach the mention layer
    header_end = header.body_start
    clean = list(lines)
    if header.body_col and header_end < len(clean):
        clean[header_end] = " " * header.body_col + clean[header_end][header.body_col :]
    if header.kind == "council":
        footer_lines, remainders, footers = find_footers(clean, header.printed_number, header_end)
    else:  # acts and Commission documents have no Council footers
        footer_lines, remainders, footers = set(), {}, []
    if line_pages and any(p is not None for p in line_pages):
        pages = list(line_pages) + [None] * max(0, len(lines) - len(line_pages))
    else:
        pages = pages_from_footers(len(lines), footers)
    skip = set(footer_lines)
    for i, rest in remainders.items():
        clean[i] = rest
    footnotes, marks, body_idx = find_footnotes(clean, skip, header_end, [idx for idx, _ in footers])
    numbered_bodies = {fn.line - 1 for fn in footnotes.values()}

    # Where the measure tables begin: the first "Responsible WP:" line, backed up to its headings.
    first_wp = next((i for i in range(header_end, len(clean)) if i not in skip and WP_RE.search(clean[i])), None)
    tech_start = None
    if first_wp is None:
        # No measure table: still a paper if its report has numbered section headings (checked below).
        tech_start = len(clean)
    for i in range(first_wp - 1 if first_wp is not None else -1, max(header_end, (first_wp or 0) - 60) - 1, -1):
        if _TECH_HEADING.match(clean[i].strip()):
            tech_start = i + 1
            break
    if tech_start is None and first_wp is not None:
        tech_start = first_wp
        back = 0
        i = first_wp - 1
        while i > header_end and back < 4:
            s = clean[i].strip()
            if not s or i in skip:
                i -= 1
                continue
            if len(s) > 150:
                break
            tech_start = i
            back += 1
            i -= 1
    # General report: from its title (or the first section heading) to the tables.
    report_start = None
    for i in range(header_end, tech_start):
        s = clean[i].strip()
        if _REPORT_TITLE.search(s) and len(s) < 200:
            report_start = i + 1
            break
    if report_start is None:
        for i in range(header_end, tech_start):
            if SECTION1_RE.match(clean[i].strip()) and clean[i].strip().startswith("1"):
                report_start = i
                break
    if report_start is None:
        # no report title or heading: without tables the whole body is the report, else there is none
        report_start = header_end if first_wp is None else tech_start
    cover: list[Piece] = [
        (i + 1, clean[i]) for i in range(header_end, report_start) if clean[i].strip() and i not in skip and i not in body_idx
    ]
    # Sections of the general report.
    sections: list[Section] = []
    major, minor = 0, 0
    current: Section | None = None
    for i in range(report_start, tech_start):
        if i in skip or i in numbered_bodies:
            continue
        s = clean[i].strip()
        if not s:
            continue
        plain = _strip_tags(s).replace("**", "")
        m2 = SECTION2_RE.match(plain)
        m1 = SECTION1_RE.match(plain)
        if m2 and (
            (int(m2.group(1)) == major and int(m2.group(2)) > minor)
            or (int(m2.group(1)) == major + 1 and int(m2.group(2)) >= 1)
        ):
            major, minor = int(m2.group(1)), int(m2.group(2))
            current = Section(section=f"{major}.{minor}", title=clean_inline(m2.group(3)))
            sections.append(current)
            current.pieces.append((i + 1, s))
            continue
        if m1 and int(m1.group(1)) == major + 1 and len(m1.group(2)) <= 150:
            major, minor = int(m1.group(1)), 0
            current = Section(section=str(major), title=clean_inline(m1.group(2)))
            sections.append(current)
            current.pieces.append((i + 1, s))
            continue
        if current is None:
            current = Section(section="0", title="")
            sections.append(current)
        current.pieces.append((i + 1, clean[i]))

    # The measure tables.
    items: list[_Item] = []
    for i in range(tech_start, len(clean)):
        if i in skip or i in numbered_bodies:
            continue
        if not clean[i].strip():
            continue
        if clean[i].strip() in _SEPARATOR:
            continue
        items.append(_Item(idx=len(items), line=i + 1, text=clean[i]))
    parser = _TechParser(items)
    measures = parser.build()
    _assign_sections(measures, items)
    consumed: set[int] = set()
    for b in measures:
        for x, _nums, letter_line in b.numlines:
            lab = items[x].rest
            if not (lab and _is_label_only(lab)):
                consumed.add(x)
            else:
                # keep the label for the field parser, drop the number
                items[x].text = lab
            if letter_line is not None:
                consumed.add(letter_line)
        consumed.update(b.junk)
    _orphans(measures, items, consumed)
    for b in measures:
        _fields(b, items, consumed)
        body_lines = [items[x].line for x in b.body if x not in consumed and items[x].kind != "heading"]
        b.line_end = max([b.line_start, *(l for l, _ in b.title_pieces), b.wp_line or 0, *body_lines])
    # footnotes whose marks fall inside a measure
    for fn in footnotes.values():
        if fn.mark_line is None:
            continue
        for b in measures:
            if b.line_start <= fn.mark_line <= b.line_end:
                b.footnotes.append(fn)
                break
    return Segmented(
        header=header,
        lines=lines,
        pages=pages,
        cover=cover,
        sections=sections,
        measures=measures,
        footnotes=footnotes,
        marks=marks,
        report_range=(report_start + 1, tech_start),
        tech_range=(tech_start + 1, len(lines)),
        layout="iss_table" if measures else "",
        layouts=["iss_table"] if measures else [],
    )
