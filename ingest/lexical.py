"""Small lexical helpers shared by the ingest stages: superscripts, inline clean-up, dates, Council numbers,
and the column labels of measure tables (used by the footnote reader and the ISS table layout)."""

from __future__ import annotations

import re
from datetime import date

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
