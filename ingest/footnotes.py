"""Footnote bodies, their marks, and the numbers lost in PDF extraction."""

from __future__ import annotations

import re
from typing import Iterable

from eusec.ingest.lexical import SUP_RUN, SUPERSCRIPTS, WP_RE, desup
from eusec.ingest.types import Footnote

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
