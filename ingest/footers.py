"""Running page footers ("5618/20 JRS/dk 9 ANNEX JAI.1 LIMITE EN") and the page of every line."""

from __future__ import annotations

import re

_INIT = r"(?:[A-Z]{2,5}/)+[a-z]{1,4}"  # "JRS/dk", "EB/FR/dk"
_DEPT = r"(?:JA[IL]|GIP|DG[A-H]?|RELEX|ECOMP|COMPET|TREE|LIFE|SMART|CAB|ORG)\.?\s?\d?(?:\.\d)?"


_INIT_RE = re.compile(_INIT)
_DEPT_RE = re.compile(_DEPT)
_DEPT2_RE = re.compile(r"[A-Z]{2,5}\.\d(?:\.\d)?|\d[A-Z]")  # "JAI.1", "1C" (of "DGD 1C")
_PAGE_RE = re.compile(r"\d{1,3}")
_FOOTER_WORDS = {"ANNEX", "LIMITE", "EN", "PUBLIC", "RESTREINT", "UE", "DG", "B", "C", "D", "REV", "ADD", "COR", "EXT", "WK", "DS", "CM", "PE-CONS"}


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


def number_pattern(printed: str) -> str:
    """A regex for the document's own number as footers print it: with or without the revision's middle
    number, a 2- or 4-digit year, and the WK/DS/CM prefix ("9588/3/20", "9588/20", "WK 5412/2021")."""
    m = re.search(r"(?:(WK|DS|CM|ST|PE-CONS)\s*)?(\d{1,5})\s*/\s*(?:\d{1,2}\s*/\s*)?(\d{2,4})", printed)
    if not m:
        return re.escape(printed)
    prefix = rf"(?:{m.group(1)}\s*)?" if m.group(1) else ""
    yy = m.group(3)[-2:]
    return rf"{prefix}{int(m.group(2))}\s*/\s*(?:\d{{1,2}}\s*/\s*)?(?:20)?{yy}(?!\d)"


def find_footers(lines: list[str], doc_number_printed: str, start: int) -> tuple[set[int], dict[int, str], list[tuple[int, int | None]]]:
    """Find running page footers from line index ``start`` on.

    Returns (indexes of lines that are entirely footer, {index: remaining text} for lines that carry a
    footer plus content, [(index of the footer's last line, page number or None)]).
    """
    base = number_pattern(doc_number_printed)
    docnum_re = re.compile(base)
    # a footer glued to text: number, initials, then footer tokens in any order up to "EN"
    # ("7043/18 MK/ft 1 JAI.1 LIMITE EN", "12880/17 AB/cd DGD 1C LIMITE 2 EN", "5618/20 JRS/dk 52 ANNEX JAI.1 **LIMITE EN**")
    inline_re = re.compile(
        rf"{base}(?:\s+(?:REV|ADD|COR|EXT)\s*\d+)*\s+{_INIT}((?:\s+\**(?:\d{{1,3}}|ANNEX(?:\s+[IVX]{{1,4}})?|"
        rf"{_DEPT}|[A-Z]{{2,5}}\.\d(?:\.\d)?|DG\s?[A-H]|\d[A-Z]|LIMITE|PUBLIC|RESTREINT\s+UE)\**){{0,6}})\s+\**EN\b\s*\**"
    )
    printed_key = re.sub(r"\D", " ", doc_number_printed).split()[0] if re.search(r"\d", doc_number_printed) else doc_number_printed
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
        if printed_key in lines[i]:
            # every footer on the line (a text that lost its line breaks carries all of them on one line)
            found = list(inline_re.finditer(lines[i]))
            if found:
                rest = lines[i]
                for m in reversed(found):
                    rest = rest[: m.start()] + " " + rest[m.end() :]
                    pm = re.search(r"(?<![\w.])(\d{1,3})(?![\w.])", m.group(1) or "")
                    footers.append((i, int(pm.group(1)) if pm else None))
                remainders[i] = rest.strip() if len(found) == 1 and len(lines[i]) < 2000 else rest
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
