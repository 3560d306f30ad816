"""Segment a document into its parts: header, footers, footnotes, cover note, report sections and layouts.

The stages live in their own modules (header.py, footers.py, footnotes.py, layouts/); this module runs them
in order on one text and returns a ``types.Segmented``. Names other modules and tests used to import from
here are re-exported.
"""

from __future__ import annotations

import re

from eusec.ingest.footers import find_footers, pages_from_footers
from eusec.ingest.footnotes import find_footnotes
from eusec.ingest.header import parse_header
from eusec.ingest.layouts import BODY_LAYOUTS, iss_table
from eusec.ingest.layouts.base import Body
from eusec.ingest.layouts.iss_table import _between, _strip_tags, parse_number_prefix
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
    "Header", "MeasureBlock", "Section", "Segmented", "_between", "WP_RE",
]

# ---------------------------------------------------------------------------------------------------------
# The whole document
# ---------------------------------------------------------------------------------------------------------

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

    # Where the measure tables begin (ISS implementation papers): the first "Responsible WP:" line, backed up
    # to its headings; without tables the body runs to the end.
    first_wp = iss_table.detect(clean, skip, header_end)
    tech_start = iss_table.start_of_tables(clean, skip, header_end, first_wp) if first_wp is not None else len(clean)
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

    # The layouts: the ISS tables after tech_start; the other readers on the body before it.
    measures = iss_table.read(clean, skip | numbered_bodies, tech_start) if first_wp is not None else []
    layouts = ["iss_table"] if measures else []
    layout = "iss_table" if measures else ""
    body = Body(lines=clean, skip=skip | numbered_bodies | body_idx, start=header_end, end=tech_start, header=header)
    paragraphs = []
    for reader in BODY_LAYOUTS:
        if not reader.detect(body):
            continue
        layouts.append(reader.NAME)
        found = reader.read(body)
        if found.measures and not measures:
            measures, layout = found.measures, reader.NAME
        paragraphs.extend(found.paragraphs)
        if found.doc_type and not header.doc_type:
            header.doc_type = found.doc_type
    if layout and layout != "iss_table" or paragraphs:
        # lines a layout reader owns are analysed with their measure or paragraph, not again in the sections
        owned = {ln for b in measures for ln in range(b.line_start, b.line_end + 1)}
        owned |= {ln for p in paragraphs for ln in range(p.line_start, p.line_end + 1)}
        for sec in sections:
            sec.pieces = [(ln, t) for ln, t in sec.pieces if ln not in owned]
        sections = [sec for sec in sections if sec.pieces]
        cover = [(ln, t) for ln, t in cover if ln not in owned]
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
        layout=layout,
        layouts=layouts,
        paragraphs=paragraphs,
    )
