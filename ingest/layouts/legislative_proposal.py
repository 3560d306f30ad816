"""Layout: a legislative proposal's text ("Proposal for a REGULATION OF THE EUROPEAN PARLIAMENT AND OF THE
COUNCIL amending Regulation (EU) 2016/794 ..."), alone or after a Council cover page. Detector only: it
classifies the document; what the proposal would amend or repeal is the mention layer's (a proposal never
makes an adopted act amend another)."""

from __future__ import annotations

import re

from eusec.ingest.layouts.base import Body, LayoutResult

NAME = "legislative_proposal"
_PROPOSAL = re.compile(
    r"Proposal\s+for\s+an?\s+(?:COUNCIL\s+)?(?:REGULATION|DIRECTIVE|DECISION|FRAMEWORK\s+DECISION)", re.IGNORECASE
)


def detect(body: Body) -> bool:
    """A proposal's title in the subject or in the first lines of the body."""
    if _PROPOSAL.search(body.header.subject or ""):
        return True
    head = " ".join(t for k, (_, t) in enumerate(body.indexed()) if k < 40)  # the title may run over lines
    return _PROPOSAL.search(head) is not None


def read(body: Body) -> LayoutResult:
    """Nothing to read beyond the document type."""
    return LayoutResult(doc_type="PROPOSAL")
