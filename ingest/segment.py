"""Segment the text of an ISS implementation paper into header, cover note, general report and measures.

The text comes from PDF extraction, so the layout is damaged in systematic ways: table cells are joined with
tabs or interleaved, measure numbers are printed twice, split ("<i>5</i> 1") or garbled ("40." for 48),
sub-measure letters sit on the next line (sometimes in Cyrillic), titles run across lines, the number can
follow the title block, page footers ("5618/20 JRS/dk 9 ANNEX JAI.1 LIMITE EN") cut paragraphs and
footnote bodies drift away from their marks. Nothing here is tuned to one edition: the rules work on the
*shape* of lines (label words, number tokens, heading numbering) and repair numbers with the one invariant
every edition keeps, namely that measures are numbered in increasing order.

Every piece of text keeps its original 1-based line number, so that every fact built from it can cite its
lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from eusec.errors import InputError

Piece = tuple[int, str]  # (1-based original line number, text)

# ---------------------------------------------------------------------------------------------------------
# Small lexical helpers
# ---------------------------------------------------------------------------------------------------------

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = {c: str(i) for i, c in enumerate(SUPERSCRIPTS)}
SUP_RUN = f"[{SUPERSCRIPTS}]+"

#: Cyrillic letters that look like Latin capitals (PDF fonts sometimes map sub-measure letters to them).
_HOMOGLYPHS = str.maketrans("АВСЕНКМОРТХ", "ABCEHKMOPTX")

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}

WP_RE = re.compile(
    r"Respons[ai]ble\s+(?:WPs?|WG|Working\s+Part(?:y|ies))(?:\s*\(s\))?\s*"
    rf"(?:{SUP_RUN}|\^\{{\d{{1,3}}\}}|\d{{1,3}}|[^\sA-Za-z:]{{1,4}})?\s*:",
    re.IGNORECASE,
)
# Column labels are capitalised; "state of play" inside a sentence or a document title is not a label, so a
# bare "State of play" only counts when it ends the cell or has a colon.
LABEL_MAIN = r"(?:Main|MAIN)\s+(?:documents?|DOCUMENTS?)\b\s*:?"
LABEL_STATE = r"(?:State|STATE)\s+(?:of|OF)\s+(?:play|PLAY)(?:\s*/\s*(?:progress|PROGRESS)\s+(?:made|MADE)\s*:?|\s*:|\s*$)"
LABEL_FOLLOW = r"(?:Envisaged|ENVISAGED)\s+(?:follow|FOLLOW)[\s-]*(?:up|UP)\b\s*:?"
LABEL_RE = re.compile(rf"(?P<main>{LABEL_MAIN})|(?P<state>{LABEL_STATE})|(?P<follow>{LABEL_FOLLOW})")
TAG_RE = re.compile(r"</?[a-zA-Z]{1,4}>")
# A measure number at the start of a line: "12.", "12 ", "5 1" (split), optionally followed by a letter.
NUM_TOKEN_RE = re.compile(r"(\d{1,2})(?: (\d)(?=[\s.]|$))?([A-Ha-h])?\s*\.?(?=\s|$)")
LETTER_RE = re.compile(r"([A-HАВСЕН])\s*\.?(?=\s|$)")
SECTION2_RE = re.compile(r"^\s*(\d)\s*\.\s*(\d)\s*\.?\s+([A-Za-z].*?)\s*$")
SECTION1_RE = re.compile(r"^\s*(\d)\s*\.\s+([A-Z][^\t]*?)\s*$")
BULLET_RE = re.compile(r"^[\s\-–—•·\uf0b7\uf0a7\uf02d\u2022\u25aa\u25cf*]+")
DATE_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+(\d{4})\b",
    re.IGNORECASE,
)
DOCNUM_RE = re.compile(r"(\d{1,5})\s*/\s*(?:(\d{1,2})\s*/\s*)?(\d{2})((?:\s+(?:REV|ADD|COR|EXT)\s*\d+)*)")


def desup(text: str) -> str:
    """Superscript digits to ASCII digits."""
    return "".join(_SUP_TO_DIGIT.get(c, c) for c in text)


_INLINE_JUNK_RE = re.compile(rf"</?[a-zA-Z]{{1,4}}>|\*\*|{SUP_RUN}|\^\{{\d{{1,3}}[.:]?\}}")


def clean_inline(text: str) -> str:
    """Collapse tabs/spaces, drop HTML-ish tags, ``**`` emphasis and footnote marks, for titles and values."""
    text = _INLINE_JUNK_RE.sub("", text)
    return " ".join(text.split()).strip(" \t,;")


def canonical_docnum(raw: str) -> tuple[str, str] | None:
    """``"10991/1/19 REV 1"`` -> (``"10991/19"``, ``"REV 1"``)."""
    m = DOCNUM_RE.search(raw)
    if not m:
        return None
    suffix = re.sub(r"\s+", " ", m.group(4) or "").strip()
    rev = m.group(2)
    if rev and not suffix:
        suffix = f"REV {rev}"
    return f"{int(m.group(1))}/{m.group(3)}", suffix


def parse_date(text: str) -> str | None:
    """First ``3 February 2020`` in the text as ISO, or None."""
    m = DATE_RE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------------------------------------

_CLASSIFICATIONS = ("LIMITE", "PUBLIC", "RESTREINT UE", "RESTREINT UE/EU RESTRICTED", "CONFIDENTIEL UE")
_DOC_TYPES = re.compile(
    r"^(NOTE|I/A ITEM NOTE|I ITEM NOTE|A ITEM NOTE|COVER NOTE|OUTCOME OF PROCEEDINGS|REPORT|INFORMATION NOTE)$"
)
_CODE_PAIR = re.compile(r"\b([A-Z][A-Z-]{1,14})\s?(\d{1,4})\b")


def parse_header(lines: list[str]) -> Header:
    """Read the cover page: number, date, classification, codes, From/To/prev. doc/Subject."""
    limit = min(len(lines), 80)
    number: tuple[str, str] | None = None
    number_line = 1
    for i in range(limit):
        s = lines[i].strip().replace("**", "")
        if re.fullmatch(r"(?:ST\s+)?\d{1,5}/(?:\d{1,2}/)?\d{2}(?:\s+(?:REV|ADD|COR)\s*\d+)*", s):
            number = canonical_docnum(s)
            number_line = i + 1
            break
    if number is None:
        raise InputError("not an implementation paper: no Council document number (e.g. '5618/20') in the header")
    h = Header(number=number[0], number_suffix=number[1], number_line=number_line)
    subject_idx: int | None = None
    for i in range(limit):
        raw = lines[i]
        s = raw.strip()
        if not s:
            continue
        plain = s.replace("**", "").strip()
        if h.date is None and re.match(r"^[A-Z][a-z]+,\s*\d{1,2}\s+[A-Z][a-z]+\s+\d{4}", plain):
            h.date = parse_date(plain)
            h.date_line = i + 1
        elif h.classification is None and plain.upper() in _CLASSIFICATIONS:
            h.classification = plain.upper()
            h.fields_lines["classification"] = i + 1
        elif h.doc_type is None and _DOC_TYPES.match(plain):
            h.doc_type = plain
            h.fields_lines["doc_type"] = i + 1
        elif not h.subject_codes and len(_CODE_PAIR.findall(plain)) >= 2 and not re.search(r"[a-z]", plain):
            h.subject_codes = [f"{a} {int(b)}" for a, b in _CODE_PAIR.findall(plain)]
            h.fields_lines["subject_codes"] = i + 1
        m = re.match(r"^(From|To|No\.?\s*prev\.?\s*doc\.?|Subject)\s*:\s*(.*)$", plain, re.IGNORECASE)
        if m:
            key = m.group(1).lower()
            value = re.sub(r"\s+", " ", m.group(2)).strip()
            if key == "from":
                h.from_ = value
                h.fields_lines["from_"] = i + 1
            elif key == "to":
                h.to = value
                h.fields_lines["to"] = i + 1
            elif key.startswith("no"):
                h.previous_document_raw = value
                prev = canonical_docnum(value)
                h.previous_document = prev[0] if prev else None
                h.fields_lines["previous_document"] = i + 1
            else:
                subject_idx = i
                parts = [value]
                # The subject may run over the next lines until a blank line.
                j = i + 1
                while j < len(lines) and lines[j].strip() and len(parts) < 4:
                    parts.append(lines[j].strip())
                    j += 1
                h.subject = re.sub(r"\s+", " ", " ".join(parts)).strip()
                h.fields_lines["title"] = i + 1
                break
    h.line_end = (subject_idx + 1) if subject_idx is not None else number_line
    return h


# ---------------------------------------------------------------------------------------------------------
# Page footers
# ---------------------------------------------------------------------------------------------------------

_INIT = r"(?:[A-Z]{2,5}/)+[a-z]{1,4}"  # "JRS/dk", "EB/FR/dk"
_DEPT = r"(?:JA[IL]|GIP|DG[A-H]?|RELEX|ECOMP|COMPET|TREE|LIFE|SMART|CAB|ORG)\.?\s?\d?(?:\.\d)?"


_INIT_RE = re.compile(_INIT)
_DEPT_RE = re.compile(_DEPT)
_DEPT2_RE = re.compile(r"[A-Z]{2,5}\.\d(?:\.\d)?|\d[A-Z]")  # "JAI.1", "1C" (of "DGD 1C")
_PAGE_RE = re.compile(r"\d{1,3}")
_FOOTER_WORDS = {"ANNEX", "LIMITE", "EN", "PUBLIC", "RESTREINT", "UE", "DG", "B", "C", "D", "REV", "ADD", "COR"}


def _footer_token_kind(tok: str, docnum_re: re.Pattern[str]) -> str | None:
    if docnum_re.fullmatch(tok):
        return "doc"
    if _INIT_RE.fullmatch(tok):
        return "init"
    if tok.upper() in _FOOTER_WORDS:
        return "word"
    if _DEPT_RE.fullmatch(tok) or _DEPT2_RE.fullmatch(tok):
        return "dept"
    if _PAGE_RE.fullmatch(tok):
        return "page"
    return None


def _footer_kinds(line: str, docnum_re: re.Pattern[str]) -> list[str] | None:
    """Token kinds of a line made only of footer tokens, else None (cheap rejection of long lines)."""
    s = line.replace("**", " ").strip()
    if not s or len(s) > 90:
        return None
    kinds: list[str] = []
    for tok in s.split():
        kind = _footer_token_kind(tok, docnum_re)
        if kind is None:
            return None
        kinds.append(kind)
    return kinds


def find_footers(lines: list[str], doc_number_printed: str, start: int) -> tuple[set[int], dict[int, str], list[tuple[int, int | None]]]:
    """Find running page footers from line index ``start`` on.

    Returns (indexes of lines that are entirely footer, {index: remaining text} for lines that carry a
    footer plus content, [(index of the footer's last line, page number or None)]).
    """
    base = re.escape(doc_number_printed).replace("/", r"\s*/\s*")
    docnum_re = re.compile(base)
    inline_re = re.compile(
        rf"{base}(?:\s+(?:REV|ADD|COR)\s*\d+)*\s+{_INIT}\s+(?:(\d{{1,3}})\s+)?(?:ANNEX\s+)?(?:{_DEPT}\s+)?\**\s*(?:LIMITE\s+)?EN\b\s*\**"
    )
    printed_key = doc_number_printed.split("/")[0]
    footer_lines: set[int] = set()
    remainders: dict[int, str] = {}
    footers: list[tuple[int, int | None]] = []
    n = len(lines)
    i = start
    while i < n:
        kinds = _footer_kinds(lines[i], docnum_re) or []
        if kinds and any(k in ("doc", "init") for k in kinds):
            # Grow the group over following footer-token lines, allowing single blank lines between them.
            group = [i]
            all_kinds = list(kinds)
            j = i + 1
            while j < n:
                t = lines[j].replace("**", " ").strip()
                if not t:
                    if j + 1 < n and lines[j + 1].strip():
                        j += 1
                        continue
                    break
                kk = _footer_kinds(t, docnum_re)
                if not kk:
                    break
                if all(k == "page" for k in kk) and "page" in all_kinds:
                    break
                group.append(j)
                all_kinds.extend(kk)
                j += 1
            strong = sum(1 for k in all_kinds if k in ("doc", "init", "word", "dept"))
            if strong >= 2:
                page = None
                prev_tok = ""
                for g in group:
                    for tok in lines[g].replace("**", " ").split():
                        # "DG D 1": a digit after a directorate letter is part of the department
                        if _footer_token_kind(tok, docnum_re) == "page" and prev_tok not in ("D", "B", "C", "DG", "DGD", "REV", "ADD", "COR"):
                            page = int(tok)
                        prev_tok = tok
                footer_lines.update(group)
                footers.append((group[-1], page))
                i = group[-1] + 1
                continue
        m = inline_re.search(lines[i]) if printed_key in lines[i] else None
        if m:
            rest = (lines[i][: m.start()] + " " + lines[i][m.end() :]).strip()
            remainders[i] = rest
            footers.append((i, int(m.group(1)) if m.group(1) else None))
        i += 1
    return footer_lines, remainders, footers


def pages_from_footers(n_lines: int, footers: list[tuple[int, int | None]]) -> list[int | None]:
    """The page of every line: the number printed on the running footer that closes it.

    A footer ends its page, so a line belongs to the page of the next footer. Where the text lost footers
    (page 24 followed by page 36) that is the best reading available; the footnote bodies printed after a
    footer keep the page of the footer before them only when footers are consecutive. An unnumbered footer
    takes the number after the previous one when the next numbered footer leaves room.
    """
    footers = sorted(footers)
    nums: list[int | None] = [p for _, p in footers]
    for k, p in enumerate(nums):
        if p is None:
            prev = next((nums[j] for j in range(k - 1, -1, -1) if nums[j] is not None), None)
            nxt = next((nums[j] for j in range(k + 1, len(nums)) if nums[j] is not None), None)
            if prev is not None and (nxt is None or prev + 1 < nxt):
                nums[k] = prev + 1
    pages: list[int | None] = [None] * n_lines
    start = 0
    for (idx, _), p in zip(footers, nums):
        for li in range(start, min(idx + 1, n_lines)):
            pages[li] = p
        start = idx + 1
    last = next((p for p in reversed(nums) if p is not None), None)
    for li in range(start, n_lines):
        pages[li] = (last + 1) if last is not None else None
    return pages


# ---------------------------------------------------------------------------------------------------------
# Footnotes
# ---------------------------------------------------------------------------------------------------------

_BODY_SUP = re.compile(rf"^\s*({SUP_RUN})\s*(.*)$")
_BODY_BRACE_NUM = re.compile(r"^\s*\^\{(\d{1,3})[\s.:]+([^}]*)\}(.*)$")
_BODY_BRACE = re.compile(r"^\s*\^\{([^}]*)\}(.*)$")
_SEPARATOR = {"⁻", "-", "_", "—", "–", "‐"}
_MARK_SUP = re.compile(rf"(?<=[^\s{SUPERSCRIPTS}])\s?({SUP_RUN})")
_MARK_BRACE = re.compile(r"\^\{(\d{1,3})[.:]?\s*\}")


def find_footnotes(
    lines: list[str], skip: set[int], start: int, footer_ends: Iterable[int] = ()
) -> tuple[dict[int, Footnote], dict[int, int], set[int]]:
    """Footnote bodies (number -> Footnote), marks (number -> line) and the line indexes of the bodies.

    Bodies are lines starting with a superscript number, ``^{N text}``, ``^{text}`` (number lost) or the
    line after a separator (``⁻``, ``-``, ``_``). Lost numbers are inferred: inside a run of bodies from
    their numbered neighbours, otherwise from the nearest preceding mark that has no body yet.
    """
    footer_ends = sorted(footer_ends)
    bodies: list[tuple[int, int | None, str]] = []  # (line index, number or None, text)
    body_idx: set[int] = set()
    after_separator = False
    for i in range(start, len(lines)):
        if i in skip:
            continue
        s = lines[i].strip()
        if not s:
            continue
        if s in _SEPARATOR:
            after_separator = True
            body_idx.add(i)
            continue
        m = _BODY_SUP.match(s)
        m2 = _BODY_BRACE_NUM.match(s) if not m else None
        m3 = _BODY_BRACE.match(s) if not (m or m2) else None
        if m and m.group(2) and not m.group(2)[0].islower():
            bodies.append((i, int(desup(m.group(1))), m.group(2).strip()))
            body_idx.add(i)
        elif m2:
            bodies.append((i, int(m2.group(1)), (m2.group(2) + m2.group(3)).strip()))
            body_idx.add(i)
        elif m3:
            bodies.append((i, None, (m3.group(1) + m3.group(2)).strip(" :")))
            body_idx.add(i)
        elif after_separator and len(s) < 400 and not WP_RE.search(s):
            bodies.append((i, None, s))
            body_idx.add(i)
        after_separator = False
    # Marks: superscripts inside text lines, ^{N} inside lines.
    marks: dict[int, int] = {}
    for i in range(start, len(lines)):
        if i in skip or i in body_idx:
            continue
        line = lines[i]
        for m in _MARK_SUP.finditer(line):
            marks.setdefault(int(desup(m.group(1))), i + 1)
        for m in _MARK_BRACE.finditer(line):
            if m.start() > 0 and line[: m.start()].strip():
                marks.setdefault(int(m.group(1)), i + 1)
    # Bare digit marks glued to a word ("terrorism31") for numbered bodies that have no mark yet; the mark
    # comes before its body, within a few pages.
    for body_i, num, _ in bodies:
        if num is not None and num not in marks:
            pat = re.compile(rf"(?<=[A-Za-z)]){num}(?!\d)(?![/.,]\d)")
            for i in range(max(start, body_i - 300), body_i):
                if i in skip or i in body_idx:
                    continue
                if pat.search(lines[i]):
                    marks[num] = i + 1
                    break
    numbered = {num for _, num, _ in bodies if num is not None}
    # Infer lost numbers: first inside runs of bodies with numbered neighbours.
    nums: list[int | None] = [num for _, num, _ in bodies]
    for k, num in enumerate(nums):
        if num is not None:
            continue
        # neighbour within the same run (lines close together)
        prev_k = k - 1
        next_k = k + 1
        if prev_k >= 0 and nums[prev_k] is not None and bodies[k][0] - bodies[prev_k][0] <= 3:
            cand = nums[prev_k] + 1
            if cand not in numbered:
                nums[k] = cand
                continue
        if next_k < len(nums) and nums[next_k] is not None and bodies[next_k][0] - bodies[k][0] <= 3:
            cand = nums[next_k] - 1
            if cand > 0 and cand not in numbered:
                nums[k] = cand
                continue
    # Then the nearest preceding mark without a body, above the last assigned number.
    assigned = {n for n in nums if n is not None}
    last = 0
    for k, num in enumerate(nums):
        if num is not None:
            last = max(last, num)
            continue
        line_no = bodies[k][0] + 1
        options = [
            (ml, mn)
            for mn, ml in marks.items()
            if ml <= line_no and mn > last and mn not in assigned and mn not in numbered
        ]
        if not options:
            continue
        # Footnotes sit on the page of their mark: prefer the lowest free mark printed since the last page
        # footer before the body; else the nearest mark above it.
        page_start = max((f for f in footer_ends if f < bodies[k][0]), default=-1) + 1
        on_page = [(mn, ml) for ml, mn in options if ml > page_start]
        mn = min(on_page)[0] if on_page else max(options)[1]
        nums[k] = mn
        assigned.add(mn)
        last = mn
    result: dict[int, Footnote] = {}
    for (idx, orig, text), num in zip(bodies, nums):
        if num is None or num in result:
            continue
        result[num] = Footnote(number=num, text=text, line=idx + 1, mark_line=marks.get(num), inferred=orig is None)
    return result, marks, body_idx


# ---------------------------------------------------------------------------------------------------------
# Measure tables
# ---------------------------------------------------------------------------------------------------------


@dataclass
class _Item:
    idx: int  # position in the item list
    line: int  # 1-based original line
    text: str  # raw text (footer parts removed), tabs kept
    kind: str = "text"  # text | heading | wp
    heading: tuple[str, str] | None = None  # (section id, title)
    nums: list[tuple[int, str | None]] = field(default_factory=list)  # number tokens at the line start
    rest: str = ""  # text after the number tokens


def _strip_tags(s: str) -> str:
    return TAG_RE.sub("", s)


def parse_number_prefix(text: str) -> tuple[list[tuple[int, str | None]], str]:
    """Number tokens (with letter) at the start of a line and the remaining text.

    ``"12 F\\tDrugs"`` -> ([(12, "F")], "Drugs"); ``"<i>5</i> 1\\tEPPO"`` -> ([(51, None)], "EPPO");
    ``"10\\t10. Battlefield"`` -> ([(10, None), (10, None)], "Battlefield").
    """
    s = _strip_tags(text).lstrip()
    s = re.sub(r"^[,;:]\s*", "", s)
    nums: list[tuple[int, str | None]] = []
    while True:
        m = NUM_TOKEN_RE.match(s)
        if not m:
            break
        value = int(m.group(1) + (m.group(2) or ""))
        s = s[m.end() :].lstrip()
        letter = m.group(3).upper() if m.group(3) else None  # "11A.", "12b"
        lm = LETTER_RE.match(s) if letter is None else None
        if lm and not re.match(r"[A-HАВСЕН]\.?\s+[a-z]", s):
            letter = lm.group(1).translate(_HOMOGLYPHS)
            s = s[lm.end() :].lstrip()
        nums.append((value, letter))
        if len(nums) >= 3:
            break
    return nums, s.strip()


def _is_label_only(text: str) -> bool:
    s = LABEL_RE.sub("", text)
    return not re.sub(r"[\s:\-–]", "", s)


def _has_label(text: str) -> bool:
    return bool(LABEL_RE.search(text))


def _ends_with_label(text: str) -> bool:
    """The line ends with a column label (its content follows on the next line)."""
    labels = list(LABEL_RE.finditer(text))
    return bool(labels) and not text[labels[-1].end() :].strip()


def _title_like(text: str) -> bool:
    """Could this line be (part of) a measure title?"""
    s = clean_inline(text)
    if not s or len(s) > 230:
        return False
    if _has_label(text) or WP_RE.search(text):
        return False
    if BULLET_RE.match(text.strip()) and not s[:1].isalnum() and not s.startswith("("):
        return False
    if text.strip()[:1] in "-•\uf0b7":
        return False
    # A title is one phrase: no second sentence.
    if len(re.findall(r"[a-z0-9)][.;]\s+[A-Z]", s)) >= 1:
        return False
    return bool(re.search(r"[A-Za-z]{3}", s))


def _title_start(text: str) -> bool:
    """A numbered line's text that can be the first line of a title running on (no final stop)."""
    s = clean_inline(text)
    return _title_like(text) and not s.endswith((".", ";", ":")) and s[:1].isupper() and len(s) < 160


def _cells(text: str) -> list[tuple[int, str]]:
    """Non-empty tab-separated cells with their column index."""
    return [(k, c.strip()) for k, c in enumerate(text.split("\t")) if c.strip()]


def _orphan_like(text: str) -> bool:
    """A short heading-like line between two measures (a sub-section or a displaced title)."""
    cells = _cells(text)
    if len(cells) != 1:
        return False
    s = clean_inline(cells[0][1])
    if not s or len(s) > 100 or s.endswith((".", ":", ";", ",")):
        return False
    if re.search(r"\d", s) or _has_label(s) or WP_RE.search(s):
        return False
    if not s[0].isupper() or BULLET_RE.match(cells[0][1]):
        return False
    return True


def _key(num: tuple[int, str | None]) -> int:
    base, letter = num
    return base * 100 + (0 if letter is None else (ord(letter) - ord("A") + 1))


def _label(num: tuple[int, str | None]) -> str:
    return f"{num[0]}{num[1] or ''}"


def _between(p: tuple[int, str | None] | None, q: tuple[int, str | None] | None) -> tuple[int, str | None]:
    """The most natural measure number strictly after ``p`` (and before ``q`` when known)."""
    if p is None:
        if q is None:
            return (1, None)
        if q[1] is not None and q[1] > "A":
            return (q[0], chr(ord(q[1]) - 1))
        return (q[0] - 1, None)  # "0" only when the first printed number is 1: keeps keys distinct
    base, letter = p
    if q is not None:
        if letter is not None and q[0] == base:
            return (base, chr(ord(letter) + 1))
        if _key((base + 1, None)) < _key(q):
            return (base + 1, None)
        if letter is None:
            return (base, "A")
        return (base, chr(ord(letter) + 1))
    return (base + 1, None)


def _gap_penalty(prev: tuple[int, str | None] | None, cur: tuple[int, str | None], skipped: int) -> float:
    """How badly a jump from ``prev`` to ``cur`` fits the number of unnumbered measures between them."""
    if prev is None:
        return 0.02 * max(0, cur[0] - 1 - skipped)
    base_gap = cur[0] - prev[0]
    if base_gap == 0:
        letter_gap = (ord(cur[1]) if cur[1] else 64) - (ord(prev[1]) if prev[1] else 64)
        return 0.15 * abs(letter_gap - (skipped + 1))
    slack = 1 if (prev[1] or cur[1]) else 0
    return 0.15 * max(0, abs(base_gap - (skipped + 1)) - slack)


def _best_chain(units: list[MeasureBlock], cands_of: list[list[tuple[int, str | None]]]) -> dict[int, tuple[int, str | None]]:
    """Pick at most one candidate number per unit so that the picked numbers increase strictly, using as many
    printed numbers as possible with the least unexplained gaps (a longest increasing subsequence with
    penalties). A garbled high number ("77." under 44) cannot win: it would exclude all the numbers after it.
    """
    headless = [u.headless for u in units]
    weight = [0.8 if h else 1.0 for h in headless]
    n_units = len(units)
    # number of WP-anchored units strictly before each index (headless ones are dropped when not picked)
    solid_before = [0] * (n_units + 1)
    for n in range(n_units):
        solid_before[n + 1] = solid_before[n] + (0 if headless[n] else 1)
    # per printed base number: how many WP-anchored units before each index printed it
    bases = {c[0] for cands in cands_of for c in cands}
    printed_before: dict[int, list[int]] = {}
    for base in bases:
        arr = [0] * (n_units + 1)
        for n in range(n_units):
            arr[n + 1] = arr[n] + (1 if not headless[n] and any(c[0] == base for c in cands_of[n]) else 0)
        printed_before[base] = arr

    def between(base: int, j: int, i: int) -> int:
        arr = printed_before.get(base)
        return arr[i] - arr[j] if arr else 0

    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {}
    window = 30  # a run of 30 unnumbered measures does not happen; keeps this linear
    for i, cands in enumerate(cands_of):
        for ci, c in enumerate(cands):
            # units before that printed this very number would be pushed below it: penalise
            score = weight[i] - _gap_penalty(None, c, solid_before[i]) - 0.3 * between(c[0], 0, i)
            back: tuple[int, int] | None = None
            for j in range(max(0, i - window), i):
                for cj, c2 in enumerate(cands_of[j]):
                    prev = best.get((j, cj))
                    if prev is None or _key(c2) >= _key(c):
                        continue
                    skipped = solid_before[i] - solid_before[j + 1]
                    # skipped units printing the previous number are its sub-measures (letters lost)
                    sub = between(c2[0], j + 1, i)
                    steal = between(c[0], j + 1, i) if c[0] != c2[0] else 0
                    pen = _gap_penalty(c2, c, max(0, skipped - sub)) + 0.3 * steal
                    cand_score = prev[0] + weight[i] - pen
                    if cand_score > score + 1e-9:
                        score, back = cand_score, (j, cj)
            best[(i, ci)] = (score, back)
    if not best:
        return {}
    end = max(best, key=lambda k: (best[k][0], -k[0]))
    # a tail of unpicked units after the end must fit too; the penalty-free end is acceptable
    chain: dict[int, tuple[int, str | None]] = {}
    node: tuple[int, int] | None = end
    while node is not None:
        i, ci = node
        chain[i] = cands_of[i][ci]
        node = best[node][1]
    return chain


class _TechParser:
    """Turns the lines of the technical part into measure blocks."""

    def __init__(self, items: list[_Item]) -> None:
        self.items = items

    # -- classification --------------------------------------------------------------------------
    def classify(self) -> None:
        major = 0
        minor = 0
        items = self.items
        for k, it in enumerate(items):
            it.nums, it.rest = parse_number_prefix(it.text)
            if WP_RE.search(it.text):
                it.kind = "wp"
                continue
            m2 = SECTION2_RE.match(_strip_tags(it.text).replace("\t", " "))
            if m2 and int(m2.group(1)) >= max(1, major) and not _has_label(it.text):
                a, b = int(m2.group(1)), int(m2.group(2))
                if (a == major and b > minor) or a == major + 1 or major == 0:
                    it.kind = "heading"
                    it.heading = (f"{a}.{b}", clean_inline(m2.group(3)))
                    major, minor = a, b
                    continue
            m1 = SECTION1_RE.match(_strip_tags(it.text).replace("\t", " ").rstrip())
            if m1 and int(m1.group(1)) == major + 1 and len(m1.group(2)) <= 120:
                nxt = items[k + 1] if k + 1 < len(items) else None
                looks_measure = nxt is not None and (
                    WP_RE.search(nxt.text) is not None or _has_label(nxt.text) and _is_label_only(nxt.text)
                )
                if not looks_measure:
                    it.kind = "heading"
                    it.heading = (str(int(m1.group(1))), clean_inline(m1.group(2)))
                    major, minor = int(m1.group(1)), 0

    # -- heads -----------------------------------------------------------------------------------
    def _wp_split(self, text: str) -> tuple[str, str, str]:
        """(text before the WP label, WP value, text after the value)."""
        m = WP_RE.search(text)
        assert m
        before = text[: m.start()]
        after = text[m.end() :]
        # the value ends at a tab, a column label or an "N.B." note
        stop = len(after)
        lm = LABEL_RE.search(after)
        if lm:
            stop = min(stop, lm.start())
        nb = re.search(r"\bN\.\s?B\.", after)
        if nb:
            stop = min(stop, nb.start())
        value_part = after[:stop]
        tab = value_part.strip(" ").find("\t")
        if tab > 0:
            lead = len(value_part) - len(value_part.lstrip(" "))
            stop = lead + tab
        value = after[:stop]
        rest = after[stop:]
        if nb and stop == nb.start():
            # the note is not a responsibility; drop it up to the end of the line/cell
            rest = ""
        cleaned = clean_inline(value)
        if re.search(r"(?:,|/|\band)\s*$", value.strip()):
            cleaned += ","  # the value runs on to the next line
        return before, cleaned, rest

    def find_heads(self) -> list[MeasureBlock]:
        items = self.items
        blocks: list[MeasureBlock] = []
        used: set[int] = set()
        for k, it in enumerate(items):
            if it.kind != "wp":
                continue
            before, value, rest = self._wp_split(it.text)
            # a value cut by the line end ("COSI, LEWP," / "CCWP") continues on the next line
            if value.endswith(",") and not rest.strip() and k + 1 < len(items):
                nxt = items[k + 1]
                if nxt.kind == "text" and not nxt.nums and len(nxt.text.strip()) < 80 and not _has_label(nxt.text):
                    value = clean_inline(value + " " + nxt.text)
                    nxt.kind = "wpcont"
            value = value.rstrip(",")
            b = MeasureBlock(wp_value=value, wp_line=it.line)
            nums, title = parse_number_prefix(before)
            b.candidates.extend(nums)
            title_pieces: list[Piece] = []
            # trailing sub-measure letter before the label: "... (NPS) D Responsible WP"
            tm = re.search(r"\s([A-HАВСЕН])\s*$", title)
            if tm and (nums or not title[: tm.start()].strip() == ""):
                if len(title[: tm.start()].strip()) > 3:
                    letter = tm.group(1).translate(_HOMOGLYPHS)
                    title = title[: tm.start()]
                    if nums:
                        b.candidates = [(n, letter) for n, _ in nums]
                    else:
                        b.candidates = [(-1, letter)]  # letter only; base from the neighbours
            head_start = k
            if re.search(r"[A-Za-z]{3}", clean_inline(title)):
                title_pieces.append((it.line, title))
                # a bare number, or a numbered first title line, just before the head belongs to it
                if k - 1 >= 0 and k - 1 not in used and items[k - 1].kind == "text":
                    pn, pr = items[k - 1].nums, items[k - 1].rest
                    if pn and not re.search(r"[A-Za-z]{2}", pr):
                        b.candidates.extend(pn)
                        head_start = k - 1
                    elif pn and _title_start(pr):
                        b.candidates.extend(pn)
                        title_pieces.insert(0, (items[k - 1].line, pr))
                        head_start = k - 1
                    elif not pn and re.match(r"[a-z]+ ", clean_inline(title)) and _title_start(items[k - 1].text):
                        title_pieces.insert(0, (items[k - 1].line, items[k - 1].text))
                        head_start = k - 1
            else:
                # walk back for the title lines
                j = k - 1
                taken = 0
                walk_letter: str | None = None
                while j >= 0 and taken < 6 and j not in used:
                    prev = items[j]
                    if prev.kind != "text":
                        break
                    bare_text = clean_inline(_strip_tags(prev.text))
                    if not re.search(r"\w", bare_text):
                        j -= 1  # layout debris ("<u> </u>", ",")
                        continue
                    if re.fullmatch(r"[A-HАВСЕН]", bare_text):
                        walk_letter = bare_text.translate(_HOMOGLYPHS)  # sub-measure letter on its own line
                        head_start = j
                        j -= 1
                        continue
                    pn, pr = prev.nums, prev.rest
                    if pn and not pr:
                        # a bare number: above the title it closes the head, below it (repeated on the WP
                        # row) the title is still to come
                        b.candidates.extend(pn)
                        head_start = j
                        taken += 1
                        j -= 1
                        if title_pieces:
                            break
                        continue
                    if pn and re.search(r"[A-Za-z]{3}", pr):
                        if not _title_like(pr):
                            break
                        b.candidates.extend(pn)
                        title_pieces.insert(0, (prev.line, pr))
                        head_start = j
                        taken += 1
                        j -= 1
                        # enumerated title parts "(2) ..." continue upwards
                        if pr.startswith("(") and j >= 0:
                            continue
                        break
                    if title_pieces and not clean_inline(title_pieces[0][1])[:1].islower() and not clean_inline(
                        title_pieces[0][1]
                    ).startswith("("):
                        break
                    if not _title_like(prev.text):
                        break
                    title_pieces.insert(0, (prev.line, prev.text))
                    head_start = j
                    taken += 1
                    j -= 1
                    first = clean_inline(prev.text)
                    if first.startswith("(") or first[:1].islower():
                        continue
                    # a bare number line, or a numbered first title line, just above the title
                    if j >= 0 and j not in used and items[j].kind == "text" and items[j].nums:
                        if not items[j].rest:
                            b.candidates.extend(items[j].nums)
                            head_start = j
                        elif _title_start(items[j].rest):
                            b.candidates.extend(items[j].nums)
                            title_pieces.insert(0, (items[j].line, items[j].rest))
                            head_start = j
                    break
                if walk_letter and not any(lt for _, lt in b.candidates):
                    b.candidates = [(n, walk_letter) for n, _ in b.candidates] or [(-1, walk_letter)]
            # letter given on the WP line only ("A\tResponsible WP"), base from the number above
            if nums == [] and before.strip():
                lm = re.fullmatch(r"\s*([A-HАВСЕН])\s*", _strip_tags(before))
                if lm:
                    letter = lm.group(1).translate(_HOMOGLYPHS)
                    b.candidates = [(n, letter) for n, _ in b.candidates] or [(-1, letter)]
            elif nums and all(letter is None for _, letter in nums):
                letters = [lt for _, lt in b.candidates if lt]
                if letters:
                    b.candidates = [(n, letters[0]) for n, _ in b.candidates]
            b.title_pieces = title_pieces
            b.head_index = head_start
            b.line_start = items[head_start].line
            b.body = []
            # text after the WP value on the same line goes to the fields
            b.rest = (it.line, rest)
            b.wp_index = k
            for x in range(head_start, k + 1):
                used.add(x)
            blocks.append(b)
        return blocks

    # -- bodies, headless measures, numbering -----------------------------------------------------
    def build(self) -> list[MeasureBlock]:
        self.classify()
        heads = self.find_heads()
        items = self.items
        if not heads:
            return []
        # Body ranges between heads.
        units: list[MeasureBlock] = []
        for n, b in enumerate(heads):
            end = heads[n + 1].head_index if n + 1 < len(heads) else len(items)
            wp_k = b.wp_index
            body = list(range(wp_k + 1, end))
            units.append(b)
            # scan the body for numbers printed after the title, and for measures without a WP line
            current = b
            current.body = []
            x_iter = iter(range(len(body)))
            for pos in x_iter:
                x = body[pos]
                it = items[x]
                if it.kind == "heading":
                    current.body.append(x)
                    continue
                if it.nums and it.kind == "text":
                    rest = it.rest
                    bare = not rest or _is_label_only(rest)
                    letter_line = None
                    if bare and pos + 1 < len(body):
                        nxt = items[body[pos + 1]]
                        if re.fullmatch(r"\s*[A-HАВСЕН]\s*", _strip_tags(nxt.text)):
                            letter_line = body[pos + 1]
                    nums = list(it.nums)
                    if letter_line is not None:
                        lt = items[letter_line].text.strip().translate(_HOMOGLYPHS)
                        nums = [(v, lt) for v, _ in nums]
                    head_cands = [c for c in current.candidates if c[0] >= 0]
                    numlines = current.numlines
                    if bare:
                        if letter_line is not None:
                            next(x_iter, None)
                        # a number followed by a title and then a column label opens a new measure, even when
                        # the current one still lacks its number ("12 F" / "Drugs - ..." / "Main documents")
                        after = pos + (2 if letter_line is not None else 1)
                        nxt_title = after < len(body) and items[body[after]].kind == "text" and not items[body[after]].nums
                        nxt_title = nxt_title and _title_like(items[body[after]].text)
                        label_soon = any(
                            _has_label(items[body[q]].text) for q in range(after + 1, min(len(body), after + 4))
                        )
                        opens = nxt_title and (any(lt for _, lt in nums) or label_soon)
                        if any(c in head_cands for c in nums) or (not head_cands and not numlines and not opens):
                            current.body.append(x)
                            current.numlines = numlines + [(x, nums, letter_line)]
                            continue
                        # another number: a measure without WP line (validated later); its title may follow
                        title: list[Piece] = []
                        nxt_pos = pos + (2 if letter_line is not None else 1)
                        if nxt_pos < len(body):
                            cand = items[body[nxt_pos]]
                            if cand.kind == "text" and not cand.nums and _title_like(cand.text):
                                title = [(cand.line, cand.text)]
                        current = self._headless(units, current, x, nums, title, letter_line)
                        if title:
                            next(x_iter, None)
                            current.numlines = [(x, nums, letter_line)]
                        continue
                    next_item = items[body[pos + 1]] if pos + 1 < len(body) else None
                    has_letter = any(letter for _, letter in nums)
                    followed_by_label = next_item is not None and _has_label(next_item.text)
                    month = re.match(r"(January|February|March|April|May|June|July|August|September|October|"
                                     r"November|December)\b", rest, re.IGNORECASE)
                    if (
                        _title_like(rest)
                        and rest[:1].isupper()
                        and not month
                        and (has_letter or followed_by_label)
                    ):
                        current = self._headless(units, current, x, nums, [(it.line, rest)], None)
                        continue
                current.body.append(x)
        self._number(units)
        return [u for u in units if not u.rejected]

    def _headless(
        self,
        units: list[MeasureBlock],
        parent: MeasureBlock,
        x: int,
        nums: list[tuple[int, str | None]],
        title: list[Piece],
        letter_line: int | None,
    ) -> MeasureBlock:
        """Open a candidate measure that has no "Responsible WP" line."""
        nb = MeasureBlock(candidates=nums, title_pieces=title, wp_value=None)
        nb.head_index = x
        nb.line_start = self.items[x].line
        nb.body = []
        nb.rest = (self.items[x].line, "")
        nb.wp_index = x
        nb.headless = True
        nb.parent = parent
        if not title:
            nb.numlines = [(x, nums, letter_line)]
        units.append(nb)
        return nb

    def _number(self, units: list[MeasureBlock]) -> None:
        """Choose each unit's number from its candidates so that numbers increase; infer the missing."""
        # Candidate numbers per unit; numbers printed bare in the body count for units without one in their head.
        cands_of: list[list[tuple[int, str | None]]] = []
        from_body: list[bool] = []
        for n, u in enumerate(units):
            cands = [c for c in u.candidates if c[0] >= 0]
            fb = False
            if not cands and u.numlines:
                cands = [c for _, nums, _ in u.numlines for c in nums]
                fb = True
            if u.headless:
                nxt = next((w for w in units[n + 1 :] if not w.headless), None)
                nxt_c = {c for c in (nxt.candidates if nxt else []) if c[0] >= 0}
                cands = [c for c in cands if c not in nxt_c]
            cands_of.append(sorted(set(cands), key=_key))
            from_body.append(fb)
        # (a headless unit repeating the next head's number is a displaced copy: dropped above)
        chain = _best_chain(units, cands_of)
        chosen: list[tuple[int, str | None] | None] = []
        for n, u in enumerate(units):
            c = chain.get(n)
            if c is None and u.headless:
                u.rejected = True
                parent = u.parent
                while parent is not None and parent.rejected and parent.parent is not None:
                    parent = parent.parent
                # give its lines back to the unit it interrupted
                parent.body.extend([u.head_index] + u.body)
                parent.body.sort()
                if u.numlines:
                    # a garbage number line: keep it out of the fields
                    parent.junk.append(u.head_index)
                chosen.append(None)
                continue
            chosen.append(c)
            if c is not None:
                u.number_rule = "printed_body" if from_body[n] else ("printed" if len(cands_of[n]) == 1 else "repaired")
        kept = [(u, c) for u, c in zip(units, chosen) if not u.rejected]
        # infer missing numbers from neighbours
        for n, (u, c) in enumerate(kept):
            if c is not None:
                continue
            p = next((kept[j][1] for j in range(n - 1, -1, -1) if kept[j][1] is not None), None)
            q = next((kept[j][1] for j in range(n + 1, len(kept)) if kept[j][1] is not None), None)
            letter_only = [cand[1] for cand in u.candidates if cand[0] < 0 and cand[1]]
            guess = _between(p, q)
            # its printed number is the previous one's: a sub-measure of it whose letter was lost
            if p is not None and p[0] in {cand[0] for cand in u.candidates}:
                sub = (p[0], chr(ord(p[1]) + 1) if p[1] else "A")
                if q is None or _key(sub) < _key(q):
                    guess = sub
            if letter_only and p is not None:
                lg = (p[0] if p[1] is not None or q is None or q[0] == p[0] else p[0] + 1, letter_only[0])
                if _key(lg) > _key(p) and (q is None or _key(lg) < _key(q)):
                    guess = lg
            kept[n] = (u, guess)
            u.number_rule = "inferred"
        # "N" followed by "NB" is "NA"
        for n, (u, c) in enumerate(kept):
            if c is not None and c[1] is None and n + 1 < len(kept):
                q = kept[n + 1][1]
                if q is not None and q[0] == c[0] and q[1] == "B":
                    kept[n] = (u, (c[0], "A"))
        for u, c in kept:
            assert c is not None
            u.base_number, u.letter = c
            u.number = _label(c)


def _fields(block: MeasureBlock, items: list[_Item], skip: set[int]) -> None:
    """Distribute the block's lines over main documents / state of play / envisaged follow-up."""
    current = "main"
    col: dict[str, int] = {}
    pieces: list[tuple[int, str]] = []
    rest_line, rest = block.rest
    if rest and rest.strip():
        pieces.append((rest_line, rest))
    for x in block.body:
        if x in skip:
            continue
        it = items[x]
        if it.kind in ("heading", "wpcont"):
            continue
        pieces.append((it.line, it.text))
    out = {"main": block.main, "state": block.state, "follow": block.follow, "mixed": []}
    for line, text in pieces:
        cells = [(k, c) for k, c in enumerate(text.split("\t"))]
        content_cells = [(k, c) for k, c in cells if c.strip()]
        two_col = "state" in col and "follow" in col and col["state"] != col["follow"]
        for pos, (k, cell) in enumerate(content_cells):
            target = current
            if two_col and not LABEL_RE.search(cell):
                target = "follow" if k >= col["follow"] else "state"
                if len(content_cells) >= 2:
                    target = "state" if pos == 0 else "follow"
            # split the cell at labels
            last = 0
            seg_target = target
            labels = list(LABEL_RE.finditer(cell))
            for lm in labels:
                seg = cell[last : lm.start()]
                if seg.strip():
                    out[seg_target].append((line, seg.strip()))
                kind = lm.lastgroup or "main"
                col[kind] = k
                seg_target = kind
                current = kind
                last = lm.end()
            seg = cell[last:]
            if labels:
                # two labels with nothing between them: the text after is both columns mixed
                if len(labels) >= 2 and not cell[labels[-2].end() : labels[-1].start()].strip():
                    if {labels[-2].lastgroup, labels[-1].lastgroup} == {"state", "follow"}:
                        seg_target = "mixed"
            if seg.strip():
                out[seg_target].append((line, seg.strip()))
            two_col = "state" in col and "follow" in col and col["state"] != col["follow"]
    if out["mixed"]:
        block.state.extend(out["mixed"])
        block.follow.extend(out["mixed"])


# ---------------------------------------------------------------------------------------------------------
# The whole document
# ---------------------------------------------------------------------------------------------------------

_TECH_HEADING = re.compile(r"^\W*(?:technical\s+)?follow[\s-]*up\s+on\s+(?:the\s+)?specific\s+measures\W*$", re.IGNORECASE)
_REPORT_TITLE = re.compile(r"general\s+report", re.IGNORECASE)


def segment(text: str, *, line_pages: list[int | None] | None = None) -> Segmented:
    """Split a paper into its parts; raise ``InputError`` when it is not an implementation paper."""
    lines = text.split("\n")
    header = parse_header(lines)
    header_end = header.line_end  # 1-based line of "Subject:"
    # the number as printed in footers (header form, e.g. "5618/20")
    printed = lines[header.number_line - 1].strip().replace("**", "")
    printed = re.sub(r"^ST\s+", "", printed)
    printed = re.sub(r"\s+(?:REV|ADD|COR)\s*\d+", "", printed)
    footer_lines, remainders, footers = find_footers(lines, printed, header_end)
    if line_pages and any(p is not None for p in line_pages):
        pages = list(line_pages) + [None] * max(0, len(lines) - len(line_pages))
    else:
        pages = pages_from_footers(len(lines), footers)
    skip = set(footer_lines)
    clean = list(lines)
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
    series = bool(header.subject and re.search(r"internal\s+security\s+strategy", header.subject, re.IGNORECASE))
    if not measures and not series and not any(sec.section != "0" for sec in sections):
        # A Council number alone does not make an implementation paper: it needs the measure tables, a
        # numbered report, or a subject in the Internal Security Strategy series (older reports by working party).
        raise InputError(f"{header.number}: no measure table ('Responsible WP:' rows) and no numbered report sections")
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
    )


def _assign_sections(measures: list[MeasureBlock], items: list[_Item]) -> None:
    """Section of each measure = last heading before its head; lettered groups share the later section."""
    heads_at = {b.head_index: b for b in measures}
    section: tuple[str, str] | None = None
    majors: dict[str, str] = {}
    for it in items:
        if it.kind == "heading" and it.heading:
            sid, title = it.heading
            if "." not in sid:
                majors[sid] = title
                section = (sid, title)
            else:
                section = (sid, title)
        b = heads_at.get(it.idx)
        if b is not None and section is not None:
            b.section, b.section_title = section
    # a heading printed inside a lettered group (11A ... 11B) moves the whole group
    groups: dict[int, list[MeasureBlock]] = {}
    for b in measures:
        if b.letter and b.base_number is not None:
            groups.setdefault(b.base_number, []).append(b)
    for group in groups.values():
        if len({b.section for b in group}) > 1:
            last = group[-1]
            for b in group:
                b.section, b.section_title = last.section, last.section_title


def _orphans(measures: list[MeasureBlock], items: list[_Item], consumed: set[int]) -> None:
    """Short heading-like lines just before a measure: a displaced title of the previous measure (when it has
    none) or a sub-section heading for the following measures."""
    by_head = {b.head_index: n for n, b in enumerate(measures)}
    subsection: str | None = None
    section: str | None = None
    for n, b in enumerate(measures):
        if b.section != section:
            section = b.section
            subsection = None
        # the line just before this head (skipping nothing)
        j = b.head_index - 1
        # a short line right after a column label is that column's content ("Continuous"), not a heading
        after_label = j >= 1 and items[j - 1].kind == "text" and _ends_with_label(items[j - 1].text)
        if j >= 0 and j not in by_head and items[j].kind == "text" and j not in consumed:
            if _orphan_like(items[j].text) and not after_label:
                prev = measures[n - 1] if n > 0 else None
                owner = prev if prev is not None and j in prev.body else None
                if owner is not None and not owner.title:
                    owner.title_pieces = [(items[j].line, items[j].text)]
                elif "(" in items[j].text and b.title:
                    # "Roadmap on Information exchange (Chapter III)": a qualifier of this measure's title,
                    # not a topic heading (those are plain names)
                    b.title_pieces = [(items[j].line, items[j].text), *b.title_pieces]
                    b.line_start = min(b.line_start, items[j].line)
                else:
                    subsection = clean_inline(items[j].text)
                if owner is not None:
                    owner.body.remove(j)
                consumed.add(j)
            elif j >= 1 and items[j].kind == "heading":
                subsection = None
        elif j >= 0 and items[j].kind == "heading":
            subsection = None
        b.subsection = subsection
