"""The cover page of a Council document (number, date, classification, file codes, type, From/To ...)."""

from __future__ import annotations

import re

from eusec.errors import InputError
from eusec.ingest.lexical import canonical_docnum, parse_date
from eusec.ingest.types import Header

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
