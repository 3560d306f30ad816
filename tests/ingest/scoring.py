"""Scoring shared by the gold-standard tests."""

from __future__ import annotations


def prf(found: set, gold: set) -> tuple[float, float, float]:
    """Precision, recall, F1 of a found set against a gold set (1.0 when both are empty)."""
    if not found and not gold:
        return 1.0, 1.0, 1.0
    tp = len(found & gold)
    p = tp / len(found) if found else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def title_words(text: str) -> set[str]:
    """The words of a title that carry meaning (lower case, hyphens split, words of three letters or more)."""
    return {w.lower() for w in text.replace("-", " ").split() if len(w) > 2}


def title_prf(found: str, gold: str) -> tuple[float, float, float]:
    """Word-level precision, recall and F1 of an extracted title against the gold title: a title that
    swallowed the next lines keeps its recall but loses precision, so it loses on F1."""
    return prf(title_words(found), title_words(gold))


TITLE_F1 = 0.6  # a title counts as right from this word F1 on (gold titles are short forms of the printed ones)
