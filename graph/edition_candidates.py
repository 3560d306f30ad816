"""Which (old, new) measure pairs of two editions can reach a link score: every clue of graph/editions.py
computed for all pairs at once with matrix products of counts, so that the exact (and slower) per-pair
scoring runs only on the pairs that may pass a threshold.

The clues are counts (shared words, trigrams, working parties, citations; word-count dot products), so the
matrix products give the same integers as the per-pair code and the divisions the same floats (words and
trigrams are matched by their 64-bit hashes: a collision could only add to a count); the result is a
superset of the pairs whose exact score reaches ``floor`` (``MARGIN`` absorbs the exact code's rounding of
each clue to four decimals). Over a corpus this is what keeps linking 60 measures against 60 from
costing 3,600 Python scorings per pair of editions.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np

#: Slack below the floor: the exact scorer rounds each clue (and the score) to four decimals.
MARGIN = 0.002
#: A character-trigram overlap of titles below this is noise (graph/editions.py counts it as 0).
TRIGRAM_MIN = 0.6


def _incidence(rows: Sequence[Iterable[Any]], vocab: dict[Any, int]) -> np.ndarray:
    """One row per item, one column per vocabulary entry: 1 where the item has it."""
    # float64, not int64: BLAS multiplies it (numpy's integer matmul is not), and counts this small stay
    # exact integers in a double
    out = np.zeros((len(rows), max(1, len(vocab))), dtype=np.float64)
    for i, items in enumerate(rows):
        for item in items:
            out[i, vocab[item]] = 1
    return out


def _shared(a: Sequence[Iterable[Any]], b: Sequence[Iterable[Any]]) -> np.ndarray:
    """Shared entries of every (a, b) pair (the few working parties and citations of a measure)."""
    vocab: dict[Any, int] = {}
    for items in (*a, *b):
        for item in items:
            vocab.setdefault(item, len(vocab))
    return _incidence(a, vocab) @ _incidence(b, vocab).T


def hashed(items: Iterable[Any]) -> np.ndarray:
    """A measure's words or trigrams as 64-bit hashes (computed once per measure, with its features): the
    per-pair matrices below are then built by numpy alone. Two different words with one hash could only add
    to a shared count, so the candidates stay a superset of the pairs that reach the floor."""
    return np.fromiter(map(hash, items), dtype=np.int64)


def _hashed_matrix(rows: Sequence[np.ndarray], values: Sequence[np.ndarray] | None, cols: np.ndarray) -> np.ndarray:
    """One row per item, one column per hash in ``cols``: 1 (or the count) where the item has it."""
    out = np.zeros((len(rows), max(1, len(cols))), dtype=np.float64)
    lens = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    if lens.sum():
        at = (np.repeat(np.arange(len(rows)), lens), np.searchsorted(cols, np.concatenate(rows)))
        np.add.at(out, at, np.concatenate(values) if values is not None else 1.0)
    return out


def _shared_hashed(
    a: Sequence[np.ndarray], b: Sequence[np.ndarray], va: Sequence[np.ndarray] | None = None,
    vb: Sequence[np.ndarray] | None = None,
) -> np.ndarray:
    """Shared entries of every (a, b) pair of hashed items, or with ``va``/``vb`` (their counts) the dot
    product of the counts."""
    cols = np.unique(np.concatenate([*a, *b, np.empty(0, dtype=np.int64)]))
    return _hashed_matrix(a, va, cols) @ _hashed_matrix(b, vb, cols).T


def _sizes(a: Sequence[Any], b: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """|A| as a column and |B| as a row, to broadcast over every (a, b) pair."""
    return np.array([len(x) for x in a])[:, None], np.array([len(x) for x in b])[None, :]


def _dice(a: Sequence[np.ndarray], b: Sequence[np.ndarray]) -> np.ndarray:
    """2 |A & B| / (|A| + |B|) of hashed sets, 0 where either side is empty (as the per-pair code)."""
    la, lb = _sizes(a, b)
    return np.where((la > 0) & (lb > 0), 2 * _shared_hashed(a, b) / np.maximum(la + lb, 1), 0.0)


def _jaccard(a: Sequence[frozenset[Any]], b: Sequence[frozenset[Any]]) -> tuple[np.ndarray, np.ndarray]:
    """|A & B| / |A | B| and whether the clue exists (not both sides empty)."""
    la, lb = _sizes(a, b)
    inter = _shared(a, b)
    union = la + lb - inter
    present = union > 0
    return np.where(present, inter / np.maximum(union, 1), 0.0), present


def candidate_pairs(
    old: Sequence[Any], new: Sequence[Any], feats: dict[str, Any], weights: dict[str, float], floor: float
) -> list[tuple[int, int]]:
    """Index pairs (i into ``old``, j into ``new``) whose score may reach ``floor``, in (i, j) order.

    ``old``/``new``: MeasureRecords; ``feats``: key -> features (title_tokens, title_grams, text, text_norm);
    ``weights``: the clue weights of the scorer.
    """
    if not old or not new:
        return []
    fa = [feats[m.key] for m in old]
    fb = [feats[m.key] for m in new]
    words = _dice([f.title_hashes for f in fa], [f.title_hashes for f in fb])
    grams = _dice([f.gram_hashes for f in fa], [f.gram_hashes for f in fb])
    title = np.maximum(words, np.where(grams >= TRIGRAM_MIN - 1e-9, grams, 0.0))
    norms = np.array([f.text_norm for f in fa])[:, None] * np.array([f.text_norm for f in fb])[None, :]
    dots = _shared_hashed([f.text_hashes for f in fa], [f.text_hashes for f in fb],
                          [f.text_counts for f in fa], [f.text_counts for f in fb])
    text = np.where(norms > 0, dots / np.where(norms > 0, norms, 1), 0.0)
    wp, wp_on = _jaccard([m.working_parties for m in old], [m.working_parties for m in new])
    cited, cited_on = _jaccard([m.cited for m in old], [m.cited for m in new])
    num_a = np.array([m.number for m in old], dtype=object)[:, None]
    num_b = np.array([m.number for m in new], dtype=object)[None, :]
    base_a = np.array([m.base_number if m.base_number is not None else -1 for m in old])[:, None]
    base_b = np.array([m.base_number if m.base_number is not None else -2 for m in new])[None, :]
    number = np.where(num_a == num_b, 1.0, np.where(base_a == base_b, 0.5, 0.0))
    has_title = np.array([bool(m.title) for m in old])[:, None] & np.array([bool(m.title) for m in new])[None, :]
    has_text = (np.array([bool(m.main_documents or m.state_of_play) for m in old])[:, None]
                | np.array([bool(m.main_documents or m.state_of_play) for m in new])[None, :])
    sec_a = np.array([m.section for m in old], dtype=object)[:, None]
    sec_b = np.array([m.section for m in new], dtype=object)[None, :]
    has_section = (sec_a != "") & (sec_b != "")
    parts = [(weights["number"], number, np.ones_like(number, dtype=bool)), (weights["title"], title, has_title),
             (weights["text"], text, np.broadcast_to(has_text, number.shape)), (weights["wp"], wp, wp_on),
             (weights["cited"], cited, cited_on), (weights["section"], (sec_a == sec_b).astype(float), has_section)]
    total = sum(np.where(on, w, 0.0) for w, _, on in parts)
    score = sum(np.where(on, w * v, 0.0) for w, v, on in parts) / np.where(total > 0, total, 1.0)
    hits = np.argwhere(score >= floor - MARGIN)
    return [(int(i), int(j)) for i, j in hits]
