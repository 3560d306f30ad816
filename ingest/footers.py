"""Running page footers ("5618/20 JRS/dk 9 ANNEX JAI.1 LIMITE EN") and the page of every line."""

from __future__ import annotations

import re

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
