"""Legal act citations: numbered citations and their lists, third-pillar instruments (Joint Actions,
Common Positions), bare pre-2015 regulation numbers, and acts named without a number (the reviewed
named-acts gazetteer); the printed title after a citation.

Footnote marks glued to a number in extracted text ("Regulations (EU) 2019/8172 and 2019/818") are cut off
where the number cannot be an act's: an act number above ``MAX_ACT_NUMBER`` loses its trailing digit(s)
(rule ``legal_act.glued_footnote``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from eusec.ingest.mentions.matcher import MentionMatcher, NamedAct, _norm_name
from eusec.ingest.mentions.types import Mention
from eusec.ingest.normalise import ACT_TYPES, ActRef, act_ref, act_type_name, resolve_act_number

#: No EU act series has reached this number in a year (the Data Act is 2023/2854): a larger printed
#: number carries a glued footnote mark.
MAX_ACT_NUMBER = 3200

@dataclass(frozen=True)
class _ActHit:
    ref: ActRef
    start: int
    end: int
    rule: str
    head: bool  # the first item of a citation (carries the type word and may be followed by a title)


_FRAMEWORK_BEFORE_RE = re.compile(r"(?i:framework)\s+\Z")
_OWN_TITLE_RE = re.compile(r"(?:on|establishing|laying down|concerning)\b")
_EP_COUNCIL_RE = re.compile(r"[\s_]*of\s+the\s+European\s+Parliament\s+and\s+(?:of\s+)?the\s+Council\b")


_JOINT_BEFORE_RE = re.compile(r"(?i:(?P<w>joint|common))\s+\Z")


def act_hits(text: str, p: MentionMatcher) -> list[_ActHit]:
    """Every legal act citation in ``text`` (heads, list items, bare "No N/YYYY"), sorted by position."""
    hits: list[_ActHit] = []
    item_rx = p.rx["legal_act.item"]
    prefix_rx = p.rx["legal_act.prefix"]
    citation_rx = p.rx["legal_act.citation"]
    resume = 0
    for trig in p.rx["legal_act.trigger"].finditer(text):
        s = trig.start() - 1  # the type word's first letter
        if s < resume or s < 0:
            continue
        fw = _FRAMEWORK_BEFORE_RE.search(text, max(0, s - 16), s)
        joint = None
        if fw is not None:
            s = fw.start()
        elif text[s : s + 1] in "AaPp":  # "Action"/"Position": only as "Joint Action"/"Common Position"
            joint = _JOINT_BEFORE_RE.search(text, max(0, s - 12), s)
            if joint is None:
                continue
        m = citation_rx.match(text, s)
        if m is None:
            continue
        resume = m.end()
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "/_"):
            continue  # "Subregulation 2", "x/Regulation": not a citation start
        pre = prefix_rx.search(text, max(0, s - 40), s)
        if pre is not None and pre.start() < s:
            start0 = pre.start()
            issuer_word, mod_word = pre["issuer"], pre["mod"]
        else:
            start0, issuer_word, mod_word = s, None, None
        if joint is not None:
            s = joint.start()
            pre = prefix_rx.search(text, max(0, s - 40), s)
            if pre is not None and pre.start() < s:
                start0, issuer_word, mod_word = pre.start(), pre["issuer"], None
            else:
                start0, issuer_word, mod_word = s, None, None
            type_ = "Joint Action" if joint["w"].lower() == "joint" else "Common Position"
        else:
            type_ = act_type_name(m["type"].title(), mod_word.title() if mod_word else None)
        if type_ not in ACT_TYPES:
            continue
        letter = ACT_TYPES[type_][0]
        issuer = issuer_word.title() if issuer_word else None
        if type_ == "Framework Decision":
            issuer = issuer or "Council"
        items = list(item_rx.finditer(text, m.start("items"), m.end("items")))
        for idx, it in enumerate(items):
            if it["a1"] is not None:
                a, b, no, sfx, ns = it["a1"], it["b1"], bool(it["no1"]), it["sfx1"], it["ns"]
            elif it["a2"] is not None:
                a, b, no, sfx, ns = it["a2"], it["b2"], False, None, None
            else:
                a, b, no, sfx, ns = it["a3"], it["b3"], bool(it["no3"]), it["sfx3"], None
            resolved = resolve_act_number(letter, a, b, has_no=no)
            if resolved is None or resolved[1] == 0:
                continue
            year, number = resolved
            rule = "legal_act.citation" if idx == 0 else "legal_act.list_item"
            if number > MAX_ACT_NUMBER and year >= 2015 and str(number) == b:
                while number > MAX_ACT_NUMBER:
                    number //= 10  # "2019/8172": 2019/817 with footnote mark 2
                if idx:
                    rule = "legal_act.glued_footnote"
            iss = issuer
            if len(items) == 1 and iss is None and _EP_COUNCIL_RE.match(text, m.end()):
                iss = "European Parliament and Council"
            ns = " ".join(ns.split()) if ns else None  # "EU,\nEuratom" -> "EU, Euratom"
            ref = act_ref(type_, year, number, issuer=iss, namespace=ns, suffix=sfx)
            start = start0 if idx == 0 else it.start()
            hits.append(_ActHit(ref, start, it.end(), rule, idx == 0))
    taken = sorted((h.start, h.end) for h in hits)
    taken_starts = [t[0] for t in taken]
    ns_rx = p.rx["legal_act.namespace_before"]
    for m in p.rx["legal_act.bare_regulation_no"].finditer(text):
        s = m.start()
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "/_"):
            continue
        i = bisect_right(taken_starts, s) - 1
        if i >= 0 and taken[i][1] > s:
            continue  # part of a citation with its type word
        resolved = resolve_act_number("R", m["a"], m["b"], has_no=True)
        if resolved is None or resolved[1] == 0:
            continue
        nsm = ns_rx.search(text, max(0, s - 12), s)
        start = nsm.start() if nsm else s
        ref = act_ref("Regulation", resolved[0], resolved[1], namespace=nsm["ns"] if nsm else None)
        hits.append(_ActHit(ref, start, m.end(), "legal_act.bare_regulation_no", False))
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


def stop_in(text: str, pos: int, limit: int, p: MentionMatcher) -> int:
    """Offset of the first title stop after ``pos`` (within ``limit`` chars), else pos + limit."""
    end = min(len(text), pos + limit)
    best = end
    for rid in ("title.stop", "title.stop_words"):
        m = p.rx[rid].search(text, pos, best)
        if m is not None and m.start() < best:
            best = m.start()
    return best


def title_after(text: str, pos: int, p: MentionMatcher) -> str | None:
    """The printed title right after an act number, up to its OJ reference / sentence end; None if absent."""
    if not p.rx["title.start"].match(text, pos):
        return None
    cut = stop_in(text, pos, 600, p)
    tab = text.find("\t", pos, cut)
    if tab >= 0:
        cut = tab  # a tab is a table-column boundary: text after it belongs to another cell
    paren = _DOC_REF_PAREN_RE.search(text, pos, cut)
    if paren is not None:
        cut = paren.start()  # "(COM(2016) 267 final)", "(15677/18 + ADD 1)" cite documents, not the title
    nxt = _NEXT_ITEM_ACT_RE.search(text, pos, cut)
    if nxt is not None:
        cut = nxt.start()  # a new list item citing another act with its own title: this title ended
    title = " ".join(text[pos:cut].replace("_", " ").split()).strip(" ,.-–:(")
    return title or None


# A line that opens with an act citation followed by that act's own title ("of the European Parliament...",
# "of 16 January 2019", "on ..."): a new item of a list, not a wrapped line of the current title (wrapped
# lists such as "amending\nCouncil Decisions 2004/512/EC and ..." are not followed by "of the"/"on").
_NEXT_ITEM_ACT_RE = re.compile(
    r"\n[ \t\u2022\uf0b7\u25aa\u2013\-•]*"
    r"(?:(?:Council|Commission)\s+)?(?:(?:Implementing|Delegated)\s+)?"
    r"(?:Regulation|Directive|Decision|Framework\s+Decision)\s+\((?:EU|EC|EEC|EU,\s*Euratom)\)\s+(?:No\s+)?\d{1,4}/\d{1,4}"
    r"(?=\s+(?:of\s+the\s+European|of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|on\s+))"
)

_DOC_REF_PAREN_RE = re.compile(r"\((?=\s*(?:COM|SWD|JOIN|C)\s*[(/]|\s*(?:doc\.\s*|ST\s*|WK\s*)?\d{3,5}/)")



# -- acts named without a number ---------------------------------------------------------------------------

#: What makes a named act the proposal rather than the adopted act ("the proposed e-Evidence Regulation",
#: "the draft ETIAS Regulation", "a proposal for a Terrorism Directive"). Searched before the name.
_PROPOSAL_CUE_RE = re.compile(
    r"(?i:\b(?:proposed|draft|future|upcoming|forthcoming|envisaged)\s+|\bproposals?\s+for\s+(?:an?|the)\s+(?:new\s+)?)\Z"
)


#: The longest name (in characters) before its last word, with some slack for line breaks.
_NAME_REACH = 90


def choose_named_act(entries: list[NamedAct], when: date | None) -> NamedAct | None:
    """The entry a name means in a paper dated ``when``: adopted by then and not yet superseded by another
    entry of the same name (``until``); without a date, the current entry (no ``until``)."""
    if when is None:
        current = [e for e in entries if e.until is None]
        return current[0] if current else None
    iso = when.isoformat()
    fits = [e for e in entries if e.adopted <= iso and (e.until is None or iso < e.until)]
    return fits[0] if fits else None


def named_act_mentions(text: str, p: MentionMatcher, when: date | None, taken: list[tuple[int, int]]) -> list[Mention]:
    """Acts named without a number ("the Europol Regulation", "the Prüm Decisions", "the GDPR"), resolved to
    CELEX through the reviewed gazetteer ``ingest/patterns/named_acts.yaml``; rule ``legal_act.named:<id>``.

    Named filters: ``inside_citation`` (the name overlaps a numbered citation, which wins),
    ``proposal_cue`` ("the proposed/draft ... Regulation"), ``not_adopted`` (the paper predates the act:
    it means the proposal).
    """
    out: list[Mention] = []
    starts = [a for a, _ in taken]
    lowered = text.lower()
    if len(lowered) != len(text):  # a few Unicode letters change length when lower-cased: keep offsets exact
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    candidates: list[tuple[int, int, str]] = []  # (start, end, surface)
    if p.named_rx_ci is not None and p.named_head is not None:
        for hm in p.named_head.finditer(lowered):
            if hm.start() and (lowered[hm.start() - 1].isalnum() or lowered[hm.start() - 1] in "_-"):
                continue
            end = hm.end()
            window = lowered[max(0, end - _NAME_REACH) : end][::-1]
            nm = p.named_rx_ci.match(window)  # the longest name ending with this head word
            if nm is not None:
                start = end - nm.end()
                candidates.append((start, end, text[start:end]))
    if p.named_rx_cs is not None and any(w in text for w in p.named_cs_probe):
        candidates.extend((m.start(), m.end(), m.group()) for m in p.named_rx_cs.finditer(text))
    for start, end, surface in sorted(candidates):
        if start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
            continue  # inside a longer word ("xEuropol Regulation")
        i = bisect_right(starts, end - 1) - 1
        if i >= 0 and taken[i][1] > start:
            continue  # inside_citation
        if _PROPOSAL_CUE_RE.search(text, max(0, start - 50), start):
            continue  # proposal_cue
        entries = p.named_acts.get(_norm_name(surface))  # keys are lower-cased names
        if not entries:
            continue
        entry = choose_named_act(entries, when)
        if entry is None:
            continue  # not_adopted (or outside every entry's dates)
        for celex in entry.celex:
            props = p.named_props.get(celex)
            if props is not None:
                out.append(Mention("LegalAct", celex, dict(props), start, end, surface, f"legal_act.named:{entry.id}"))
    return out
