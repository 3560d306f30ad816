"""Supersession between acts (AMENDS / REPEALS / REPLACES / BASED_ON) and what proposals would do.

* Titles as printed: after an act citation, "amending"/"repealing"/"replacing" make the following
  citations (and their list continuations) targets; BASED_ON when the cited act directly follows
  "under"/"implementing"/"supplementing"/"pursuant to"/"on the basis of" inside the title. A title ends at
  its OJ reference, a sentence end, a blank line or a new bullet (rule ``relation.title``).
* Passive statements: "<act>, as amended by <act>", "<act>, repealed by / replaced by <act>", "which was
  repealed by" (rule ``relation.passive``); prose "<act> replaced <act>" (rule ``relation.prose``).
* Proposals are not acts: "Proposal for a Regulation ... amending Regulation (EU) 2016/794" gives a
  ``ProposalRelation`` (PROPOSES_AMENDMENT / PROPOSES_REPEAL / PROPOSES_REPLACEMENT) from the Commission
  document that is the proposal, never an act-to-act edge -- unless the same passage says the proposal
  was adopted and names the new act ("The new Regulation (EU) No 2019/1148 ..."), in which case its
  clauses are the new act's (rule ``relation.proposal_adopted``).
* A title whose citation was lost to a column break is attributed to the founding act (reference table)
  of the system or agency named on that line whose year is the title's year, when exactly one fits
  (rule ``relation.orphan_title``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from eusec.ingest.mentions.acts import _ActHit, stop_in
from eusec.ingest.mentions.matcher import MentionMatcher
from eusec.ingest.mentions.names import gazetteer_mentions
from eusec.ingest.mentions.types import ActRelation, Mention, ProposalRelation

_VERB_TYPES = {"amending": "AMENDS", "repealing": "REPEALS", "replacing": "REPLACES"}
# Both start with a literal so the regex engine can skip ahead; what must precede them is checked in code.
_PROPOSAL_RE = re.compile(
    r"roposals?(?:\s+for\s+an?\s+(?:(?:Council|Commission|COUNCIL|COMMISSION)\s+)?(?:(?i:implementing|delegated)\s+)?"
    r"(?:(?i:regulation|directive|decision))\b|(?=\s+(?:\w+\s+){0,2}?(?:amending|repealing|replacing)\b))"
)
_ADOPTED_RE = re.compile(r"\b(?:was|were|has\s+been|have\s+been)\s+adopted\b")
_NEW_ACT_RE = re.compile(r"\s*The\s+new\s+")  # used with match(text, pos)
_ORPHAN_TITLE_RE = re.compile(r"Council\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+(?P<year>\d{4})\s+establishing\b")
_ORPHAN_BEFORE_RE = re.compile(r"\bof\s+the\s+(?:European\s+Parliament\s+and\s+of\s+the\s+)?\Z")
_MAX_VERB_DISTANCE = 90  # chars allowed between a verb and its first target ("amending Annex XVII to ...")


def _relation_window_end(text: str, pos: int, p: MentionMatcher) -> int:
    return stop_in(text, pos, 900, p)


def _gap_types(gap: str, p: MentionMatcher) -> tuple[str, ...]:
    if p.rx["relation.based_on"].search(gap, max(0, len(gap) - 60)):
        return ("BASED_ON",)
    last = None
    for m in p.rx["relation.verbs"].finditer(gap):
        last = m
    if last is None or len(gap) - last.end() > _MAX_VERB_DISTANCE:
        return ()
    words = re.findall(r"[a-z]+", last["verbs"].lower())
    return tuple(dict.fromkeys(_VERB_TYPES[w] for w in words if w in _VERB_TYPES))


def _chain(text: str, src_end: int, hits: list[_ActHit], first: int, p: MentionMatcher) -> list[tuple[tuple[str, ...], int]]:
    """Targets of the title that starts at ``src_end``: [(relation types, hit index)]."""
    window_end = _relation_window_end(text, src_end, p)
    out: list[tuple[tuple[str, ...], int]] = []
    pos = src_end
    current: tuple[str, ...] = ()
    for k in range(first, len(hits)):
        h = hits[k]
        if h.start >= window_end:
            break
        gap = text[pos : h.start]
        types = _gap_types(gap, p)
        if types:
            current = types
        elif not (current and p.rx["relation.connector"].match(gap)):
            break
        elif "\n" in gap and not re.search(r",|\band\b", gap):
            break  # a citation starting a new line without "and"/"," is a new item, not a continuation
        out.append((current, k))
        pos = h.end
    return out


def _sentence_end(text: str, pos: int) -> int:
    m = re.compile(r"\.(?=\s+[A-Z])|\n\s*\n").search(text, pos)
    return m.end() if m else len(text)


def act_relations(
    text: str,
    p: MentionMatcher,
    hits: list[_ActHit],
    named: list[Mention],
    commission_docs: list[Mention],
) -> tuple[list[ActRelation], list[ProposalRelation]]:
    """Act-to-act statements and proposal statements in ``text`` (see the module docstring), deduplicated
    by (type, from, to) keeping the first occurrence, sorted by position."""
    rels: list[ActRelation] = []
    proposals: list[ProposalRelation] = []
    consumed: set[int] = set()
    hit_starts = [h.start for h in hits]
    cion: str | None | bool = False  # the paper's "No. Cion doc.", looked up once when a proposal needs it
    # 1. Proposals: their clauses are consumed. What they would do is a ProposalRelation of the proposal
    #    (the Commission document named with it); attributed to an act only when the passage says the
    #    proposal was adopted and names the new act.
    for pm in _PROPOSAL_RE.finditer(text):
        if pm.start() == 0 or text[pm.start() - 1] not in "Pp" or (pm.start() > 1 and text[pm.start() - 2].isalnum()):
            continue
        src = pm.end()
        ep = _EP_TITLE_RE.match(text, src)
        if ep is not None:
            src = ep.end()  # "Proposal for a\n\nREGULATION OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL\n\namending"
        first = bisect_left(hit_starts, src)
        chain = _chain(text, src, hits, first, p)
        if not chain:
            continue
        consumed.update(k for _, k in chain)
        sent_end = _sentence_end(text, hits[chain[-1][1]].end)
        adopted = _ADOPTED_RE.search(text, pm.end(), sent_end)
        if not adopted:
            if cion is False:
                cion = _cion_doc(text, commission_docs)
            key = _proposal_key(text, pm.start() - 1, hits[chain[-1][1]].end, sent_end, commission_docs, cion)
            for types, k in chain:
                for t in types:
                    proposals.append(ProposalRelation(_PROPOSES[t], key, hits[k].ref.celex, pm.start() - 1, hits[k].end,
                                                      "proposal.title"))
            continue
        nm = _NEW_ACT_RE.match(text, sent_end)
        if not nm:
            continue
        new = next((h for h in hits if h.head and nm.end() - 1 <= h.start <= nm.end() + 1), None)
        if new is None:
            continue
        for types, k in chain:
            for t in types:
                rels.append(ActRelation(t, new.ref.celex, hits[k].ref.celex, pm.start(), hits[k].end, "relation.proposal_adopted"))
    # 2. Titles of cited acts.
    for i, h in enumerate(hits):
        if i in consumed or not h.head:
            continue
        chain = _chain(text, h.end, hits, i + 1, p)
        for types, k in chain:
            consumed.add(k)
            for t in types:
                rels.append(ActRelation(t, h.ref.celex, hits[k].ref.celex, h.start, hits[k].end, "relation.title"))
    # 3. Titles whose citation was lost (a column break): "... of the Council of 30 November 2017
    #    establishing an Entry/Exit System ... amending ...". The act is the founding act of the system or
    #    agency named on the same line, adopted in the title's year (unique, else nothing).
    for council in _ORPHAN_TITLE_RE.finditer(text):
        before = _ORPHAN_BEFORE_RE.search(text, max(0, council.start() - 60), council.start())
        if before is None:
            continue
        o_start, o_end = before.start(), council.end()
        if any(0 <= o_start - h.end <= 3 for h in hits):
            continue  # the citation is printed: handled as a title in step 2
        first = bisect_left(hit_starts, o_end)
        chain = [(t, k) for t, k in _chain(text, o_end, hits, first, p) if k not in consumed]
        if not chain:
            continue
        line_start = text.rfind("\n", 0, o_start) + 1
        line_end = text.find("\n", o_end)
        line_end = len(text) if line_end < 0 else line_end
        names = {(m.label, m.key) for m in gazetteer_mentions(text[line_start:line_end], p, labels={"Agency", "InformationSystem"})}
        year = int(council["year"])
        candidates = sorted({celex for celex, targets in p.founding.items()
                             if int(celex[1:5]) == year and {(lab, key) for lab, key, _ in targets} & names})
        if len(candidates) != 1:
            continue
        for types, k in chain:
            consumed.add(k)
            for t in types:
                rels.append(ActRelation(t, candidates[0], hits[k].ref.celex, o_start, hits[k].end, "relation.orphan_title"))
    # 4. Passive and prose statements: "Regulation (EU) 2016/399, as amended by Regulation (EU) 2017/458",
    #    "Framework Decision 2008/977/JHA, repealed by Directive (EU) 2016/680", "Directive (EU) 2017/541
    #    replaced Framework Decision 2002/475/JHA". Acts named without a number take part too.
    rels.extend(_passive_and_prose(text, p, hits, named, consumed))
    seen: set[tuple[str, str, str]] = set()
    out: list[ActRelation] = []
    for r in sorted(rels, key=lambda r: (r.start, r.end, r.type, r.from_key, r.to_key)):
        ident = (r.type, r.from_key, r.to_key)
        if r.from_key == r.to_key or ident in seen:
            continue
        seen.add(ident)
        out.append(r)
    pseen: set[tuple[str, str | None, str]] = set()
    pout: list[ProposalRelation] = []
    for pr in sorted(proposals, key=lambda r: (r.start, r.end, r.type, r.proposal_key or "", r.to_key)):
        ident2 = (pr.type, pr.proposal_key, pr.to_key)
        if ident2 in pseen:
            continue
        pseen.add(ident2)
        pout.append(pr)
    return out, pout


_PROPOSES = {"AMENDS": "PROPOSES_AMENDMENT", "REPEALS": "PROPOSES_REPEAL", "REPLACES": "PROPOSES_REPLACEMENT",
             "BASED_ON": "PROPOSES_AMENDMENT"}
_EP_TITLE_RE = re.compile(r"\s+(?i:of\s+the\s+European\s+Parliament\s+and\s+of\s+the\s+Council)\s*")
# Literal first letters (no \b, no IGNORECASE) so the regex engine skips ahead fast.
_CION_DOC_RE = re.compile(r"(?:Cion|CION|cion)\.?\s*(?:doc|DOC|Doc)\b\.?\s*:?")
_BEFORE_PROPOSAL_RE = re.compile(r"\A[\s\-–:,()]*(?:final)?[\s\-–:,()]*(?:(?:the|a|Commission)\s+)*\Z", re.IGNORECASE)


def _proposal_key(
    text: str, start: int, last_end: int, sent_end: int, commission_docs: list[Mention], cion_doc: str | None
) -> str | None:
    """The Commission document that is the proposal: a COM reference printed right before the title
    ("COM(2020) 796 final - Proposal for ..."), else the first one after the title in the same sentence
    ("... amending Regulation (EU) 2018/1862 (COM(2020) 791 final)"), else the paper's "No. Cion doc.".
    Only COM documents (the Commission's proposals) qualify."""
    coms = [m for m in commission_docs if m.key.startswith("COM(")]
    for m in coms:
        if m.end <= start and start - m.end <= 40 and _BEFORE_PROPOSAL_RE.match(text[m.end : start]):
            return m.key
    for m in coms:
        if last_end <= m.start < max(sent_end, last_end + 3) + 40 and m.start - last_end <= 120:
            return m.key
    return cion_doc


def _cion_doc(text: str, commission_docs: list[Mention]) -> str | None:
    """The COM document on the paper's "No. Cion doc.:" line, if any."""
    for cm in _CION_DOC_RE.finditer(text):
        line_end = text.find("\n", cm.end())
        line_end = len(text) if line_end < 0 else line_end
        for m in commission_docs:
            if m.key.startswith("COM(") and cm.end() <= m.start < line_end:
                return m.key
    return None


_PASSIVE_RE = re.compile(
    r"(?:\bas\s+(?:last\s+|most\s+recently\s+)?(?P<a>amended)|(?:\b(?:was|were|has\s+been|have\s+been|as)\s+)?\b(?P<r>repealed|replaced))"
    r"\s+by\s+(?:the\s+)?\Z",
    re.IGNORECASE,
)
_PROSE_RE = re.compile(
    r"\A[\s,]*(?:(?:which|that)\s+)?(?:(?:has|have|had)\s+)?(?:(?:effectively|formally)\s+)?(?P<v>replaced|repealed|amended|replaces|repeals|amends)\s+(?:the\s+)?\Z"
)
_SENTENCE_BREAK_RE = re.compile(r"\.\s+[A-Z(]|\n[ \t]*\n|;")
_PASSIVE_TYPES = {"amended": "AMENDS", "repealed": "REPEALS", "replaced": "REPLACES", "amends": "AMENDS",
                  "repeals": "REPEALS", "replaces": "REPLACES"}


@dataclass(frozen=True)
class _Cited:
    celex: str
    start: int
    end: int
    head: bool


def _passive_and_prose(
    text: str, p: MentionMatcher, hits: list[_ActHit], named: list[Mention], consumed: set[int]
) -> list[ActRelation]:
    cited = sorted(
        [_Cited(h.ref.celex, h.start, h.end, h.head) for h in hits]
        + [_Cited(m.key, m.start, m.end, True) for m in named],
        key=lambda c: (c.start, c.end, c.celex),
    )
    out: list[ActRelation] = []
    for j, newer in enumerate(cited):
        # cheap first test: a passive clause ends with "by" or "by the" right before the citation
        near = text[max(0, newer.start - 8) : newer.start]
        pm = None
        if "by" in near or "By" in near or "BY" in near:
            before = text[max(0, newer.start - 60) : newer.start]
            pm = _PASSIVE_RE.search(before)
        if pm is not None:
            verb = (pm["a"] or pm["r"]).lower()
            clause_start = newer.start - len(before) + pm.start()
            # the act it applies to: the nearest citation before the clause, in the same sentence
            older = [c for c in cited[:j] if c.end <= clause_start and clause_start - c.end <= 250]
            older = [c for c in older if not _SENTENCE_BREAK_RE.search(text, c.end, clause_start)]
            if older:
                target = older[-1]
                # its list companions printed with the same citation ("Regulations (EU) 2019/817 and 2019/818,
                # as amended by ...") are not taken: which of them the clause means is not said.
                for t in _with_list(cited, j, text):
                    out.append(ActRelation(_PASSIVE_TYPES[verb], t.celex, target.celex, target.start, t.end, "relation.passive"))
            continue
        # prose: "<act> replaced <act>"
        if j == 0 or not newer.head:
            continue
        prev = cited[j - 1]
        if newer.start - prev.end > 40 or newer.start <= prev.end:
            continue
        pr = _PROSE_RE.match(text[prev.end : newer.start])
        if pr is not None:
            for t in _with_list(cited, j, text):
                out.append(ActRelation(_PASSIVE_TYPES[pr["v"].lower()], prev.celex, t.celex, prev.start, t.end, "relation.prose"))
    return out


_LIST_JOIN_RE = re.compile(r"\A(?:\s|,|\band\b)*\Z")


def _with_list(cited: list[_Cited], j: int, text: str) -> list[_Cited]:
    """A citation and the list items printed right after it ("Regulations (EU) 2019/817 and 2019/818")."""
    out = [cited[j]]
    k = j + 1
    while k < len(cited) and not cited[k].head and _LIST_JOIN_RE.match(text[cited[k - 1].end : cited[k].start]):
        out.append(cited[k])
        k += 1
    return out
