"""Gazetteer names (working parties, agencies and bodies, information systems) via spaCy PhraseMatchers.

A trie regex of each alias's anchor word finds the only places where a name can be; spaCy tokenizes and
matches just those windows. Overlaps: the longest span wins ("SIS/SIRENE" the working party over "SIS"
the system). Named filter ``file_code``: an upper-case agency name followed by a running number in a
line of Council file codes ("EUROJUST 45", "EPPO 12" next to "JAI 230") is the file's subject code, not a
mention of the agency.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date
from itertools import accumulate
from typing import Any

from spacy.tokens import Doc

from eusec.ingest.mentions.matcher import MentionMatcher, entity_properties  # noqa: F401 (re-exported)
from eusec.ingest.mentions.types import Mention

def effective_date(doc_date: date | None, doc_year: int | None) -> date | None:
    if doc_date is not None:
        return doc_date
    if doc_year is not None:
        return date(doc_year, 1, 1)
    return None


def _resolve_entry(label: str, key: str, p: MentionMatcher, when: date | None, surface: str = "") -> tuple[str, dict[str, Any]]:
    """Follow ``resolves_to_successor`` (DAPIX -> IXIM) for papers dated on/after the succession, unless the
    surface form is one of the entry's ``keep_aliases`` ("FOPDAPIX" stays DAPIX)."""
    entry = p.gazetteer.entries[(label, key)]
    if " ".join(surface.split()) in entry.get("keep_aliases", ()):
        return key, entry
    seen = {key}
    while entry.get("resolves_to_successor") and entry.get("succeeded_by"):
        since = entry.get("since")
        if when is not None and since and when.isoformat() < since:
            break
        nxt = entry["succeeded_by"]
        if nxt in seen or (label, nxt) not in p.gazetteer.entries:
            break
        seen.add(nxt)
        key, entry = nxt, p.gazetteer.entries[(label, nxt)]
    return key, entry


_WINDOW_JOIN = " \x00 "  # between windows: "\x00" is in no pattern, so no match can span two windows
_TOKEN_GAP_RE = re.compile(r"(\s*)(\w+|[^\w\s])")
_IS_WORD = re.compile(r"\w")


_CODE_AFTER_RE = re.compile(r"[ \t]+\d{1,4}\b")
_OTHER_CODE_RE = re.compile(r"\b(?:JAI|COSI|ENFOPOL|CRIMORG|COPEN|CATS|CT|CODEC|IXIM|GENVAL|DROIPEN|FRONT|CYBER|JUR|[A-Z]{4,})[ \t]+\d{1,4}\b")


def _is_file_code(text: str, start: int, end: int) -> bool:
    """An all-capitals name followed by a running number on a line that holds other file codes."""
    surface = text[start:end]
    if not surface.isupper() or not _CODE_AFTER_RE.match(text, end):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    codes = [m for m in _OTHER_CODE_RE.finditer(line) if m.start() != start - line_start]
    return bool(codes)


def _candidate_windows(text: str, p: MentionMatcher) -> list[tuple[int, int]]:
    """Merged character windows around anchor hits: only there can an alias match."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    lowered = text.lower()
    if len(lowered) != n:  # a few Unicode letters change length when lower-cased: keep offsets exact
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    for rx, reach, haystack in ((p.anchor_cs, p.reach_cs, text), (p.anchor_ci, p.reach_ci, lowered)):
        for m in rx.finditer(haystack):
            if m.start() and _IS_WORD.match(haystack, m.start() - 1):
                continue  # inside a longer word
            before, after = reach.get(m.group(), (0, 0))
            # Margins: the text may put line breaks or double spaces inside a name.
            start = max(0, m.start() - before - before // 4 - 6)
            end = min(n, m.end() + after + after // 4 + 6)
            spans.append((start, end))
    if not spans:
        return []
    spans.sort()
    merged = [list(spans[0])]
    for s, e in spans[1:]:
        if s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out: list[tuple[int, int]] = []
    for s, e in merged:
        # Never start or end inside a word: a cut "XTWP" must not read as "TWP".
        while s > 0 and _IS_WORD.match(text, s) and _IS_WORD.match(text, s - 1):
            s -= 1
        while e < n and _IS_WORD.match(text, e) and _IS_WORD.match(text, e - 1):
            e += 1
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def gazetteer_mentions(text: str, p: MentionMatcher, *, labels: set[str] | None = None, when: date | None = None) -> list[Mention]:
    """Gazetteer names in ``text`` via the spaCy PhraseMatchers.

    A trie regex of each alias's anchor word (its longest token) finds the only places where a name can
    be; spaCy tokenizes and matches just those windows (one Doc, windows separated by a token no pattern
    contains), which keeps this a small multiple of one regex pass over the text.
    """
    if not text:
        return []
    windows = _candidate_windows(text, p)
    if not windows:
        return []
    # One string of all windows, separated by a token no pattern contains; tokenized in C (findall), and
    # token offsets from prefix sums of gap and word lengths -- no per-token Python loop.
    joined = _WINDOW_JOIN.join(text[ws:we] for ws, we in windows)
    pairs = _TOKEN_GAP_RE.findall(joined)
    if not pairs:
        return []
    gaps, words = zip(*pairs)
    gap_sums = list(accumulate(map(len, gaps)))
    word_sums = list(accumulate(map(len, words), initial=0))
    bases: list[int] = []  # start of each window inside ``joined``
    pos = 0
    for ws, we in windows:
        bases.append(pos)
        pos += we - ws + len(_WINDOW_JOIN)

    def offset(i: int, end: bool = False) -> int:
        j = gap_sums[i] + word_sums[i] + (len(words[i]) if end else 0)  # offset in ``joined``
        w = bisect_right(bases, j if not end else j - 1) - 1
        return windows[w][0] + (j - bases[w])

    doc = Doc(p.nlp.vocab, words=words)
    raw = p.matcher_cs(doc) + p.matcher_ci(doc)
    if not raw:
        return []
    # Longest span wins, then the earliest (spacy.util.filter_spans semantics on token indices).
    raw.sort(key=lambda t: (-(t[2] - t[1]), t[1], p.ids[t[0]]))
    chosen: list[tuple[int, int, int]] = []
    used: set[int] = set()
    for mid, s, e in raw:
        if labels is not None and p.ids[mid][0] not in labels:
            continue
        if any(i in used for i in range(s, e)):
            continue
        chosen.append((mid, s, e))
        used.update(range(s, e))
    chosen.sort(key=lambda t: t[1])
    out: list[Mention] = []
    for mid, s, e in chosen:
        start, end = offset(s), offset(e - 1, end=True)
        label, key = p.ids[mid]
        if label == "Agency" and _is_file_code(text, start, end):
            continue  # file_code: "EUROJUST 45" among "JAI 230 COSI 51" names the file, not the agency
        key, entry = _resolve_entry(label, key, p, when, text[start:end])
        # node properties computed once per entry at build time; a fresh copy each time (callers may change it)
        props = {k: (list(v) if isinstance(v, list) else v) for k, v in p.gazetteer.properties[(label, key)].items()}
        out.append(Mention(label, key, props, start, end, text[start:end], f"gazetteer.{label}"))
    return out

