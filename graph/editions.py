"""The edition linker: which measure of one edition of a series is which measure of the next edition.

Pure functions over typed records (no store access): graph/corpus.py reads the records from the store, calls
:func:`link_editions` for each pair of consecutive editions and writes the links. Measures are renumbered,
retitled, split and dropped between editions, so no single clue is trusted: a pair of measures is scored on

* ``title`` — similarity of the titles (Dice of content words, or of character trigrams),
* ``cited`` — overlap of the acts and documents the measures cite (the most stable clue in practice),
* ``text`` — similarity of main documents, state of play and follow-up (cosine of word counts),
* ``wp`` — overlap of the responsible working parties,
* ``number`` — same number (1), same base number (0.5, "11" and "11A"), or different (0),
* ``section`` — same priority section.

The score is the weighted mean of the clues both measures have (a clue neither measure has, e.g. no
citations on either side, is left out rather than counted as a mismatch). Pairs are then matched one to one,
best score first, above :data:`LINK_THRESHOLD` and with a clue about the content (:func:`has_content`); a
measure left over is linked as a ``split`` (one old
measure continued by several new ones) or a ``merged`` one (several old into one new) only when the score
passes the higher :data:`SPLIT_THRESHOLD` AND it shares a title or a citation with its partner, so that two measures are
never joined on working party and number alone. Everything else is ``added`` or ``dropped``.
Deterministic: ties are broken by keys, never by input order.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from eusec.graph.edition_candidates import TRIGRAM_MIN, candidate_pairs, hashed

#: Linker name and version, stored as the ``rule`` of every link.
RULE = "corpus.editions.v1"

WEIGHTS: dict[str, float] = {"title": 0.30, "cited": 0.25, "text": 0.15, "wp": 0.15, "number": 0.10, "section": 0.05}
#: Minimum score of a link (one-to-one, split or merged).
LINK_THRESHOLD = 0.45
#: A split/merged partner needs a higher score (sibling sub-measures such as 8A/8B share working parties and
#: citations and score near LINK_THRESHOLD with each other) and a similar title or a shared citation.
SPLIT_THRESHOLD = 0.55
SPLIT_MIN_TITLE = 0.25
#: Any link needs one content clue: this title similarity, a shared citation or this text similarity.
MIN_TITLE = 0.3
MIN_TEXT = 0.5

_STOP = frozenset(
    "the of and for in on to a an by with from at as or its their is are was were be been this that which "
    "eu european union council regarding concerning between into under other".split()
)
_WORD_RE = re.compile(r"[a-z0-9]+(?:[/'-][a-z0-9]+)*")


@dataclass(frozen=True)
class MeasureRecord:
    """What the linker knows of one measure (read from the store)."""

    key: str
    document: str
    number: str
    title: str = ""
    base_number: int | None = None
    section: str = ""
    state_of_play: str = ""
    follow_up: str = ""
    main_documents: str = ""
    working_parties: frozenset[str] = frozenset()
    cited: frozenset[str] = frozenset()  # uids of the acts / documents it REFERENCES
    line_start: int = 0
    line_end: int = 0
    page: int | None = None


@dataclass(frozen=True)
class Link:
    """One measure continued in the next edition, with its score, the evidence and what changed."""

    old: str  # measure key in the older edition
    new: str  # measure key in the newer edition
    kind: str  # "continued" | "split" | "merged"
    score: float
    number_match: str  # "same" | "base" | "different"
    title_similarity: float
    text_similarity: float
    wp_overlap: float  # -1 when neither measure names a working party
    cited_overlap: float  # -1 when neither measure cites anything
    changes: tuple[str, ...] = ()
    wp_added: tuple[str, ...] = ()
    wp_removed: tuple[str, ...] = ()
    cited_added: tuple[str, ...] = ()
    cited_removed: tuple[str, ...] = ()
    text_change: str = ""
    evidence: str = ""


@dataclass
class EditionLinks:
    """The result for one pair of editions."""

    old_document: str
    new_document: str
    links: list[Link] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # new measures with no predecessor
    dropped: list[str] = field(default_factory=list)  # old measures with no successor


# -- clues ----------------------------------------------------------------------------------------------


def _stem(word: str) -> str:
    """A light plural/adjective folding so "terrorist"/"terrorism", "systems"/"system" meet."""
    if word[-1:] not in ("s", "m", "t"):  # no suffix below can match (most words): skip the loop
        return word
    for suffix, repl in (("ies", "y"), ("ism", ""), ("ist", ""), ("ists", ""), ("s", "")):
        if len(word) > len(suffix) + 3 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)] + repl
    return word


def tokens(text: str, stems: dict[str, str] | None = None) -> list[str]:
    """Content words of a text, lower-cased and lightly stemmed (stop words and 1-2 letter words dropped,
    numbers kept). ``stems``: word -> stem, a dict the caller keeps over many texts (one relink stems the
    same few thousand words millions of times)."""
    words = [w for w in _WORD_RE.findall((text or "").lower()) if w not in _STOP and (len(w) > 2 or w.isdigit())]
    if stems is None:
        return [_stem(w) for w in words]
    out = []
    for w in words:
        stem = stems.get(w)
        if stem is None:
            stem = stems[w] = _stem(w)
        out.append(stem)
    return out


def _norm(text: str) -> str:
    return " ".join(_WORD_RE.findall((text or "").lower()))


@dataclass(frozen=True)
class _Features:
    """What the clues need of one measure, computed once per measure (not once per pair)."""

    title_tokens: frozenset[str]
    title_grams: frozenset[str]  # character trigrams of the normalised title
    text: Counter
    text_norm: float
    # the same as hashes, for the candidate matrices (graph/edition_candidates.py)
    title_hashes: np.ndarray
    gram_hashes: np.ndarray
    text_hashes: np.ndarray
    text_counts: np.ndarray


def _features(m: MeasureRecord, stems: dict[str, str] | None = None) -> _Features:
    text = Counter(tokens(" ".join((m.main_documents, m.state_of_play, m.follow_up)), stems))
    norm = f" {_norm(m.title)} "
    grams = frozenset(norm[i : i + 3] for i in range(len(norm) - 2)) if norm.strip() else frozenset()
    title = frozenset(tokens(m.title, stems))
    return _Features(
        title, grams, text, math.sqrt(sum(v * v for v in text.values())),
        hashed(title), hashed(grams), hashed(text), np.fromiter(text.values(), dtype=np.float64, count=len(text)),
    )


def _title_sim(fa: _Features, fb: _Features) -> float:
    ta, tb = fa.title_tokens, fb.title_tokens
    dice = 2 * len(ta & tb) / (len(ta) + len(tb)) if ta and tb else 0.0
    ga, gb = fa.title_grams, fb.title_grams
    # character trigrams catch spelling variants the words miss ("Prüm"/"Prum", "SIS II"/"SIS-II")
    chars = 2 * len(ga & gb) / (len(ga) + len(gb)) if ga and gb else 0.0
    return round(max(dice, chars if chars >= TRIGRAM_MIN else 0.0), 4)  # a low character overlap is noise


def _text_sim(fa: _Features, fb: _Features) -> float:
    if not fa.text or not fb.text:
        return 0.0
    small, large = (fa.text, fb.text) if len(fa.text) <= len(fb.text) else (fb.text, fa.text)
    dot = sum(v * large[w] for w, v in small.items() if w in large)
    return round(dot / (fa.text_norm * fb.text_norm), 4)


def title_similarity(a: str, b: str) -> float:
    """Titles: the better of the Dice coefficients of their content words and of their character trigrams."""
    empty = MeasureRecord(key="", document="", number="")
    return _title_sim(_features(MeasureRecord(**{**empty.__dict__, "title": a})),
                      _features(MeasureRecord(**{**empty.__dict__, "title": b})))


def text_similarity(a: MeasureRecord, b: MeasureRecord) -> float:
    """Cosine of the word counts of main documents, state of play and follow-up."""
    return _text_sim(_features(a), _features(b))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap of two sets; -1 when both are empty (no evidence either way)."""
    if not a and not b:
        return -1.0
    return round(len(a & b) / len(a | b), 4)


def number_match(a: MeasureRecord, b: MeasureRecord) -> str:
    if a.number == b.number:
        return "same"
    if a.base_number is not None and a.base_number == b.base_number:
        return "base"
    return "different"


@dataclass(frozen=True)
class _Pair:
    score: float
    title: float
    text: float
    wp: float
    cited: float
    number: str


def score_pair(a: MeasureRecord, b: MeasureRecord, fa: _Features | None = None, fb: _Features | None = None) -> _Pair:
    """The weighted clues of one (old, new) pair (``fa``/``fb``: the measures' precomputed features)."""
    fa, fb = fa or _features(a), fb or _features(b)
    title = _title_sim(fa, fb)
    text = _text_sim(fa, fb)
    wp = jaccard(a.working_parties, b.working_parties)
    cited = jaccard(a.cited, b.cited)
    num = number_match(a, b)
    parts: dict[str, float] = {"number": {"same": 1.0, "base": 0.5}.get(num, 0.0)}
    if a.title and b.title:
        parts["title"] = title
    if a.main_documents or a.state_of_play or b.main_documents or b.state_of_play:
        parts["text"] = text
    if wp >= 0:
        parts["wp"] = wp
    if cited >= 0:
        parts["cited"] = cited
    if a.section and b.section:
        parts["section"] = 1.0 if a.section == b.section else 0.0
    total = sum(WEIGHTS[k] for k in parts)
    score = sum(WEIGHTS[k] * v for k, v in parts.items()) / total if total else 0.0
    return _Pair(round(score, 4), title, text, wp, cited, num)


# -- what changed ---------------------------------------------------------------------------------------


def word_diff(before: str, after: str, limit: int = 600) -> str:
    """A word-level diff in wdiff style: ``[-removed-]`` and ``{+added+}`` inside the new text."""
    a, b = (before or "").split(), (after or "").split()
    if a == b:
        return ""
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(b[j1:j2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    text = " ".join(out)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _changes(a: MeasureRecord, b: MeasureRecord) -> tuple[str, ...]:
    out = []
    if a.number != b.number:
        out.append("number")
    if _norm(a.title) != _norm(b.title):
        out.append("title")
    if a.section != b.section:
        out.append("section")
    if a.working_parties != b.working_parties:
        out.append("working_party")
    if a.cited != b.cited:
        out.append("cited")
    if _norm(a.state_of_play) != _norm(b.state_of_play):
        out.append("state_of_play")
    if _norm(a.follow_up) != _norm(b.follow_up):
        out.append("follow_up")
    return tuple(out)


def _make_link(a: MeasureRecord, b: MeasureRecord, p: _Pair, kind: str) -> Link:
    shared_wp = sorted(a.working_parties & b.working_parties)
    evidence = (
        f"number {a.number}->{b.number} ({p.number}); title {p.title:.2f}; text {p.text:.2f}; "
        f"working parties {'n/a' if p.wp < 0 else f'{p.wp:.2f}'}"
        + (f" ({', '.join(shared_wp)})" if shared_wp else "")
        + f"; cited {'n/a' if p.cited < 0 else f'{p.cited:.2f}'} ({len(a.cited & b.cited)} shared)"
        + f"; score {p.score:.2f}"
    )
    return Link(
        old=a.key,
        new=b.key,
        kind=kind,
        score=p.score,
        number_match=p.number,
        title_similarity=p.title,
        text_similarity=p.text,
        wp_overlap=p.wp,
        cited_overlap=p.cited,
        changes=_changes(a, b),
        wp_added=tuple(sorted(b.working_parties - a.working_parties)),
        wp_removed=tuple(sorted(a.working_parties - b.working_parties)),
        cited_added=tuple(sorted(b.cited - a.cited)),
        cited_removed=tuple(sorted(a.cited - b.cited)),
        text_change=word_diff(a.state_of_play, b.state_of_play),
        evidence=evidence,
    )


# -- matching -------------------------------------------------------------------------------------------


def has_content(p: _Pair) -> bool:
    """A link needs a clue about the measure's content (a similar title, a shared citation or much shared
    text), never working party, number and section alone: those are shared by neighbouring measures."""
    return p.title >= MIN_TITLE or p.cited > 0 or p.text >= MIN_TEXT


def order_key(m: MeasureRecord) -> tuple[int, str, str]:
    return (m.base_number if m.base_number is not None else 10**6, m.number, m.key)


def link_editions(
    old: list[MeasureRecord],
    new: list[MeasureRecord],
    *,
    features: dict[str, _Features] | None = None,
    stems: dict[str, str] | None = None,
    exhaustive: bool = False,
) -> EditionLinks:
    """Link the measures of an older edition to those of the next one (see the module docstring).

    ``features``: a dict the caller keeps across calls (a measure of an edition is linked to the previous and
    to the next one: its features are computed once); ``stems``: a dict the caller keeps across calls (see
    :func:`tokens`). Only the pairs whose score may reach a threshold are
    scored exactly (graph/edition_candidates.py); ``exhaustive`` scores every pair (the reference the
    candidates are tested against: both give the same links).
    """
    old = sorted(old, key=order_key)
    new = sorted(new, key=order_key)
    result = EditionLinks(
        old_document=old[0].document if old else "", new_document=new[0].document if new else ""
    )
    feats = features if features is not None else {}
    for m in old + new:
        if m.key not in feats:
            feats[m.key] = _features(m, stems)
    pairs = ([(i, j) for i in range(len(old)) for j in range(len(new))] if exhaustive
             else candidate_pairs(old, new, feats, WEIGHTS, min(LINK_THRESHOLD, SPLIT_THRESHOLD)))
    # a pair left out cannot reach a threshold, so it could never be chosen below
    scores: dict[tuple[str, str], _Pair] = {}
    for i, j in pairs:
        a, b = old[i], new[j]
        scores[(a.key, b.key)] = score_pair(a, b, feats[a.key], feats[b.key])
    by_key = {m.key: m for m in old + new}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1].score, kv[0]))
    matched_old: dict[str, str] = {}
    matched_new: dict[str, str] = {}
    chosen: list[tuple[str, str, str]] = []
    for (ka, kb), p in ranked:
        if p.score < LINK_THRESHOLD:
            break
        if ka in matched_old or kb in matched_new or not has_content(p):
            continue
        matched_old[ka], matched_new[kb] = kb, ka
        chosen.append((ka, kb, "continued"))

    def substantive(p: _Pair) -> bool:
        return p.score >= SPLIT_THRESHOLD and (p.title >= SPLIT_MIN_TITLE or p.cited > 0)

    # a new measure left over may continue part of an old one (a split) ...
    for b in new:
        if b.key in matched_new:
            continue
        best = max(((scores[(a.key, b.key)], a.key) for a in old if (a.key, b.key) in scores),
                   key=lambda t: (t[0].score, t[1]), default=None)
        if best and substantive(best[0]):
            chosen.append((best[1], b.key, "split"))
            matched_new[b.key] = best[1]
    # ... and an old measure left over may live on inside a new one (a merge)
    for a in old:
        if a.key in matched_old:
            continue
        best = max(((scores[(a.key, b.key)], b.key) for b in new if (a.key, b.key) in scores),
                   key=lambda t: (t[0].score, t[1]), default=None)
        if best and substantive(best[0]):
            chosen.append((a.key, best[1], "merged"))
            matched_old[a.key] = best[1]
    outgoing = Counter(ka for ka, _, _ in chosen)
    incoming = Counter(kb for _, kb, _ in chosen)
    for ka, kb, kind in chosen:
        if outgoing[ka] > 1:
            kind = "split"
        elif incoming[kb] > 1:
            kind = "merged"
        result.links.append(_make_link(by_key[ka], by_key[kb], scores[(ka, kb)], kind))
    result.links.sort(key=lambda link: (order_key(by_key[link.old]), order_key(by_key[link.new])))
    linked_old = {link.old for link in result.links}
    linked_new = {link.new for link in result.links}
    result.dropped = [a.key for a in old if a.key not in linked_old]
    result.added = [b.key for b in new if b.key not in linked_new]
    return result
