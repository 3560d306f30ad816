"""The mention layer: citations and entity mentions in EU internal-security texts.

One call per text returns one typed record::

    matcher = MentionMatcher.build()          # once: pattern files, gazetteers, spaCy matchers
    found = matcher.extract(text, doc_date=date(2020, 2, 3))   # -> Mentions
    found.acts, found.council_documents, found.agencies, found.relations, found.proposals, found.own_act

Modules, one job each: ``types`` (records), ``matcher`` (everything compiled once), ``acts`` (legal act
citations, named acts), ``documents`` (Council/Commission documents), ``names`` (gazetteer names),
``relations`` (supersession, proposals), ``establishes`` (founding statements), ``own_act`` (the act a
published act text is), ``extract`` (the one call). No module keeps results between calls.

``find_mentions``/``find_act_relations``/``find_establishes`` are thin views of ``extract_mentions`` for
callers that want one part; without a ``matcher`` argument they use ``MentionMatcher.shared()``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from eusec.ingest.mentions.extract import extract_mentions
from eusec.ingest.mentions.matcher import MentionMatcher, NamedAct
from eusec.ingest.mentions.names import effective_date, entity_properties, gazetteer_mentions
from eusec.ingest.mentions.types import ActRelation, Establishes, Mention, Mentions, OwnAct, ProposalRelation

__all__ = [
    "ActRelation", "Establishes", "Mention", "Mentions", "MentionMatcher", "NamedAct", "OwnAct", "ProposalRelation",
    "agency_catalogue", "extract_mentions", "find_act_relations", "find_establishes", "find_mentions",
    "founding_acts", "system_catalogue", "working_parties_in", "working_party_catalogue",
]


def find_mentions(
    text: str, *, doc_year: int | None = None, doc_date: date | None = None, matcher: MentionMatcher | None = None
) -> list[Mention]:
    """All entity mentions in ``text`` (acts, Council/Commission documents, agencies, systems, working
    parties), sorted by position: ``extract_mentions(...).mentions``."""
    return list(extract_mentions(text, matcher or MentionMatcher.shared(), doc_year=doc_year, doc_date=doc_date).mentions)


def find_act_relations(
    text: str, *, doc_year: int | None = None, doc_date: date | None = None, matcher: MentionMatcher | None = None
) -> list[ActRelation]:
    """AMENDS / REPEALS / REPLACES / BASED_ON statements in ``text`` (one per (type, from, to), first
    occurrence), sorted by position: ``extract_mentions(...).relations``."""
    return list(extract_mentions(text, matcher or MentionMatcher.shared(), doc_year=doc_year, doc_date=doc_date).relations)


def find_establishes(
    text: str, mentions: list[Mention] | None = None, *, matcher: MentionMatcher | None = None
) -> list[Establishes]:
    """Founding statements for the acts cited in ``text`` (text and reference table):
    ``extract_mentions(...).establishes``. ``mentions`` is accepted for compatibility and ignored."""
    return list(extract_mentions(text, matcher or MentionMatcher.shared()).establishes)


def working_parties_in(
    text: str, *, doc_date: date | None = None, doc_year: int | None = None, matcher: MentionMatcher | None = None
) -> list[Mention]:
    """Working parties named in a "Responsible WP:" value, in order, one per body.

    "COSI / PSC" -> COSI, PSC; "Horizontal Working Party on Drugs (HDG)" -> HDG; "DAPIX (IXIM)" -> IXIM;
    "Frontiers (False documents)" -> FRONT. Text after "N.B." (an editorial note) is ignored.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    cut = re.search(r"\bN\.\s?B\.|\bNB:", text)
    value = text[: cut.start()] if cut else text
    p = matcher or MentionMatcher.shared()
    seen: set[str] = set()
    out: list[Mention] = []
    for m in gazetteer_mentions(value, p, labels={"WorkingParty"}, when=effective_date(doc_date, doc_year)):
        if m.key in seen:
            continue
        seen.add(m.key)
        out.append(m)
    return out


def _catalogue(label: str, matcher: MentionMatcher | None) -> dict[str, dict[str, Any]]:
    p = matcher or MentionMatcher.shared()
    out: dict[str, dict[str, Any]] = {}
    for (lab, key), entry in sorted(p.gazetteer.entries.items()):
        if lab != label:
            continue
        info = entity_properties(label, entry)
        if label == "WorkingParty":
            info = {
                "name": entry["name"],
                "aliases": info["aliases"],
                "active": entry.get("active", True),
                "succeeded_by": entry.get("succeeded_by"),
                "since": entry.get("since"),
            }
        out[key] = info
    return out


def working_party_catalogue(matcher: MentionMatcher | None = None) -> dict[str, dict]:
    """code -> {name, aliases, active, succeeded_by, since} for every known Council body."""
    return _catalogue("WorkingParty", matcher)


def agency_catalogue(matcher: MentionMatcher | None = None) -> dict[str, dict]:
    """name -> {name, full_name, aliases, kind} for every known EU agency/body."""
    return _catalogue("Agency", matcher)


def system_catalogue(matcher: MentionMatcher | None = None) -> dict[str, dict]:
    """name -> {name, full_name, aliases} for every known information system."""
    return _catalogue("InformationSystem", matcher)


def founding_acts(matcher: MentionMatcher | None = None) -> dict[str, list[tuple[str, str]]]:
    """celex -> [(label, key)] of the agencies/systems the act founds (from founding_acts.yaml)."""
    p = matcher or MentionMatcher.shared()
    return {k: [(lab, key) for lab, key, _ in v] for k, v in p.founding.items()}

