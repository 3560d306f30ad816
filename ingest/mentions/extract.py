"""One call per text: ``extract_mentions(text, matcher, ...)`` -> ``Mentions``.

Matching is apart from annotation (as in spaCy's span_ruler): each finder returns candidate spans, named
filters drop some (``inside_citation``, ``own_number``, ``file_code``, ``proposal_cue``, ``not_adopted``,
documented where they are applied), and this module assembles one record. Intermediate results (act hits,
relations) are passed between the stages of this one call, never kept between calls.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from eusec.ingest.mentions.acts import _OWN_TITLE_RE, act_hits, named_act_mentions, title_after
from eusec.ingest.mentions.documents import commission_doc_mentions, council_doc_mentions, with_item_title
from eusec.ingest.mentions.establishes import establishes
from eusec.ingest.mentions.matcher import MentionMatcher
from eusec.ingest.mentions.names import effective_date, gazetteer_mentions
from eusec.ingest.mentions.own_act import own_act
from eusec.ingest.mentions.relations import act_relations
from eusec.ingest.mentions.types import Mention, Mentions


def _sort(mentions: list[Mention]) -> list[Mention]:
    return sorted(mentions, key=lambda m: (m.start, m.end, m.label, m.key))


_APPOSITION_RE = re.compile(r"[ \t]*\([ \t]*(?:i\.e\.[ \t]*|namely[ \t]+)?\Z")


def _numbered_apposition(text: str, named: list[Mention], act_spans: list[tuple[int, int]]) -> list[Mention]:
    """Named filter ``numbered_apposition``: a name followed by the act's number in apposition ("the Firearms
    Directive (Directive (EU) 2017/853)") is resolved by that number, not by the gazetteer, which may name
    another act of the same family (the original 91/477/EEC rather than the amending directive)."""
    if not named:
        return named
    starts = [s for s, _ in act_spans]
    kept = []
    for m in named:
        i = bisect_right(starts, m.end)
        if i < len(starts) and starts[i] - m.end <= 12 and _APPOSITION_RE.match(text[m.end : starts[i]]):
            continue
        kept.append(m)
    return kept


def extract_mentions(
    text: str,
    matcher: MentionMatcher,
    *,
    doc_year: int | None = None,
    doc_date: date | None = None,
    presidencies: bool = False,
    own: bool = True,
) -> Mentions:
    """Everything the mention layer finds in ``text``: entity mentions, act relations, proposal statements,
    founding statements, the act the text is (``own``), and with ``presidencies`` the Presidencies named
    (resolved against ``doc_date``). ``doc_year``/``doc_date`` bound plausible Council document years,
    date-dependent names (DAPIX -> IXIM) and named acts (a paper cannot cite an act adopted after it)."""
    if not isinstance(text, str) or not text.strip():
        return Mentions(text_length=len(text) if isinstance(text, str) else 0)
    p = matcher
    if doc_year is None and doc_date is not None:
        doc_year = doc_date.year
    when = effective_date(doc_date, doc_year)
    hits = act_hits(text, p)
    act_spans = sorted((h.start, h.end) for h in hits)
    named = _numbered_apposition(text, named_act_mentions(text, p, doc_date, act_spans), act_spans)
    coms = commission_doc_mentions(text, p)
    relations, proposals = act_relations(text, p, hits, named, coms)
    # An act cited inside another act's title ("amending Regulation (EU) 2016/399 of the European Parliament
    # and of the Council and repealing ...") is followed by the rest of that title, not by its own: such
    # targets only get a title that starts with its subject ("... No 98/2013 on the marketing of ...").
    target_ends = {r.end for r in relations} | {r.end for r in proposals}
    out: list[Mention] = []
    for h in hits:
        props = h.ref.properties()
        if h.head:
            title = title_after(text, h.end, p)
            if title and h.end in target_ends and not _OWN_TITLE_RE.match(title):
                title = None
            if title:
                props["title"] = title
        out.append(Mention("LegalAct", h.ref.celex, props, h.start, h.end, text[h.start : h.end], h.rule))
    out.extend(named)
    docs = council_doc_mentions(text, p, doc_year, act_spans) + coms
    citation_spans = sorted([(h.start, h.end) for h in hits] + [(m.start, m.end) for m in docs])
    out.extend(with_item_title(text, m, citation_spans) for m in docs)
    starts = [s for s, _ in citation_spans]
    for g in gazetteer_mentions(text, p, when=when):
        i = bisect_right(starts, g.start) - 1
        if i >= 0 and citation_spans[i][1] > g.start:
            continue  # inside_citation: a name inside a citation span
        out.append(g)
    mentions = _sort(out)
    found_est = establishes(text, p, mentions)
    own_record = own_act(text, p, hits, mentions) if own else None
    if own_record is not None:
        seen = {(r.type, r.from_key, r.to_key) for r in relations}
        relations = relations + [r for r in own_record.relations if (r.type, r.from_key, r.to_key) not in seen]
        # the act's own article states what the reference table also says: the text's statement is kept
        stated = {(e.act_key, e.target_label, e.target_key) for e in own_record.establishes}
        found_est = [e for e in found_est if e.reference is None or (e.act_key, e.target_label, e.target_key) not in stated]
        est_seen = {(e.act_key, e.target_label, e.target_key) for e in found_est}
        found_est = found_est + [e for e in own_record.establishes if (e.act_key, e.target_label, e.target_key) not in est_seen]
    pres: tuple = ()
    if presidencies:
        from eusec.ingest.presidencies import find_presidency_mentions

        pres = tuple(find_presidency_mentions(text, doc_date))
    return Mentions(
        text_length=len(text),
        mentions=tuple(mentions),
        relations=tuple(relations),
        proposals=tuple(proposals),
        establishes=tuple(found_est),
        own_act=own_record,
        presidencies=pres,
    )
