"""Layout: an EU legal act as published in the Official Journal / on EUR-Lex (title block, "Having regard",
recitals, "HAVE ADOPTED THIS ...", articles). Detector only: it classifies the document; the act's
relations (AMENDS / REPEALS / REPLACES) come from the mention layer reading its title and articles."""

from __future__ import annotations

import re

from eusec.ingest.layouts.base import Body, LayoutResult

NAME = "legal_act"
_ADOPTED = re.compile(r"^\s*HA(?:VE|S)\s+ADOPTED\s+TH(?:IS|E\s+PRESENT)\s+(?:REGULATION|DIRECTIVE|DECISION|FRAMEWORK\s+DECISION)")
_ARTICLE = re.compile(r"^\s*Article\s+1\s*$")


def detect(body: Body) -> bool:
    """An act's own title block was the document's identity, or its enacting formula and Article 1 are here."""
    if body.header.kind == "legal_act":
        return True
    lines = [t for _, t in body.indexed()]
    return any(_ADOPTED.match(t) for t in lines) and any(_ARTICLE.match(t) for t in lines)


def read(body: Body) -> LayoutResult:
    """Nothing to read beyond the document type."""
    return LayoutResult(doc_type="LEGAL ACT")
