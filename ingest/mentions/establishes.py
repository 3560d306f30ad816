"""Founding statements: a legal act ESTABLISHES an agency/body or an information system.

Two sources, kept apart: the text ("Regulation (EU) 2018/1240 establishing a European Travel Information
and Authorisation System (ETIAS)", rule ``establishes.title``) and the reference table
``ingest/patterns/founding_acts.yaml`` (rule ``reference.founding_acts``), which the graph builder cites by
file and line, never by a line of the paper.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from eusec.ingest.mentions.acts import stop_in
from eusec.ingest.mentions.matcher import MentionMatcher
from eusec.ingest.mentions.types import Establishes, Mention


_ESTABLISHING_RE = re.compile(r"\bestablishing\b")
_NOT_FOUNDED_RE = re.compile(r"\bbetween\b|interoperab|\bframework\b|\baccess\b|\bconditions\b", re.IGNORECASE)


def establishes(text: str, p: MentionMatcher, mentions: list[Mention]) -> list[Establishes]:
    """LegalAct -> Agency/InformationSystem: from printed titles "establishing (a/the) ... X" where X is the
    first agency/system named in that title (rule ``establishes.title``), and from the founding-acts
    reference table for every cited act (rule ``reference.founding_acts``, ``reference`` = file:line: the
    text does not say it, the table does)."""
    if not isinstance(text, str):
        return []
    out: list[Establishes] = []
    named = sorted((m for m in mentions if m.label in ("Agency", "InformationSystem")), key=lambda m: m.start)
    named_starts = [m.start for m in named]
    for m in mentions:
        if m.label != "LegalAct":
            continue
        for label, key, source in p.founding.get(m.key, []):
            out.append(Establishes(m.key, label, key, m.start, m.end, "reference.founding_acts", reference=source))
        if m.rule != "legal_act.citation" or m.end > len(text):
            continue
        stop = stop_in(text, m.end, 900, p)
        title = text[m.end : stop]
        em = _ESTABLISHING_RE.search(title)
        if em is None:
            continue
        lo = m.end + em.end()
        verb = p.rx["relation.verbs"].search(text, lo, stop)
        hi = min(stop, lo + 250, verb.start() if verb else stop)
        i = bisect_left(named_starts, lo)
        if i < len(named) and named[i].start < hi:
            t = named[i]
            between = text[lo : t.start]
            # "establishing ETIAS", "establishing the European Border Surveillance System" (a few words), or
            # "establishing a centralised system for ... (ECRIS-TCN)" (the name in brackets closing the phrase);
            # not "establishing a framework for interoperability between EU information systems (SIS ...)".
            close = len(between.split()) <= 4
            bracketed = between.rstrip().endswith("(") and not _NOT_FOUNDED_RE.search(between)
            if close or bracketed:
                out.append(Establishes(m.key, t.label, t.key, m.start, t.end, "establishes.title"))
    seen: set[tuple[str, str, str]] = set()
    result: list[Establishes] = []
    # A statement of the text wins over the table's for the same (act, target).
    for e in sorted(out, key=lambda e: (e.reference is not None, e.start, e.end, e.act_key, e.target_label, e.target_key)):
        ident = (e.act_key, e.target_label, e.target_key)
        if ident in seen:
            continue
        seen.add(ident)
        result.append(e)
    return sorted(result, key=lambda e: (e.start, e.end, e.act_key, e.target_label, e.target_key))
