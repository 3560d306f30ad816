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
