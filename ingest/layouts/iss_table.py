"""Layout: the measure tables of ISS implementation papers ("Responsible WP:" rows).

Detector: ``detect`` (a "Responsible WP:" line after the header). Reader: ``read`` (the measure blocks with
their fields, sections and sub-sections). The rules work on the shape of lines (label words, number tokens,
heading numbering) and repair numbers with the one invariant every edition keeps: measures are numbered in
increasing order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eusec.ingest.lexical import (
    BULLET_RE,
    LABEL_RE,
    LETTER_RE,
    NUM_TOKEN_RE,
    SECTION1_RE,
    SECTION2_RE,
    TAG_RE,
    WP_RE,
    _HOMOGLYPHS,
    Piece,
    clean_inline,
)
from eusec.ingest.types import MeasureBlock

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



# ---------------------------------------------------------------------------------------------------------
# Detector and reader
# ---------------------------------------------------------------------------------------------------------

NAME = "iss_table"
_TECH_HEADING = re.compile(r"^\W*(?:technical\s+)?follow[\s-]*up\s+on\s+(?:the\s+)?specific\s+measures\W*$", re.IGNORECASE)
_SEPARATOR = {"⁻", "-", "_", "—", "–", "‐"}


def detect(lines: list[str], skip: set[int], start: int) -> int | None:
    """Index of the first "Responsible WP:" line after ``start`` (the evidence of ISS tables), else None."""
    return next((i for i in range(start, len(lines)) if i not in skip and WP_RE.search(lines[i])), None)


def start_of_tables(lines: list[str], skip: set[int], header_end: int, first_wp: int) -> int:
    """Where the tables begin: their "Follow-up on specific measures" heading, else the first WP line backed
    up over the short lines of its heading and first row."""
    for i in range(first_wp - 1, max(header_end, first_wp - 60) - 1, -1):
        if _TECH_HEADING.match(lines[i].strip()):
            return i + 1
    tech_start = first_wp
    back = 0
    i = first_wp - 1
    while i > header_end and back < 4:
        s = lines[i].strip()
        if not s or i in skip:
            i -= 1
            continue
        if len(s) > 150:
            break
        tech_start = i
        back += 1
        i -= 1
    return tech_start


def read(lines: list[str], skip: set[int], tech_start: int) -> list[MeasureBlock]:
    """The measure blocks of the tables from ``tech_start`` on (``skip``: footer and footnote lines)."""
    items: list[_Item] = []
    for i in range(tech_start, len(lines)):
        if i in skip or not lines[i].strip() or lines[i].strip() in _SEPARATOR:
            continue
        items.append(_Item(idx=len(items), line=i + 1, text=lines[i]))
    measures = _TechParser(items).build()
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
        b.line_end = max([b.line_start, *(ln for ln, _ in b.title_pieces), b.wp_line or 0, *body_lines])
        b.layout = NAME
    return measures
