"""The act a text is: an EU legal act as published in the Official Journal / on EUR-Lex.

``own_act`` recognises the act's own title block near the top of the text::

    DIRECTIVE (EU) 2017/541 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL
    of 15 March 2017
    on combating terrorism and replacing Council Framework Decision 2002/475/JHA and amending ...

and returns the act's identity (CELEX), title and date, with what its own title and its enacting terms
state with that act as the subject: AMENDS / REPEALS / REPLACES from the title's verbs (rule
``own_act.title``), from article headings ("Article 27 / Replacement of Framework Decision 2002/475/JHA",
rule ``own_act.article_heading``) and from enacting sentences ("Decision 2009/371/JHA is replaced",
"Regulation (EC) No 1987/2006 is repealed", rule ``own_act.article``); ESTABLISHES from "... (Eurojust) is
hereby established" (rule ``establishes.article``). Acts merely cited in the recitals, footnotes or
citations ("Having regard to ...") are not the subject: article statements are read only after the
enacting formula ("HAVE ADOPTED THIS REGULATION:"). A proposal's title block ("Proposal for a REGULATION
...") carries no number and is never an own act.
"""

from __future__ import annotations

import re
from datetime import date

from eusec.ingest.mentions.acts import _ActHit
from eusec.ingest.mentions.matcher import MentionMatcher
from eusec.ingest.mentions.relations import _chain
from eusec.ingest.mentions.types import ActRelation, Establishes, Mention, OwnAct
from eusec.ingest.normalise import ACT_TYPES, act_ref, act_type_name, resolve_act_number

_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}

#: The title block: type line (upper case as printed in the OJ), optional issuer, then "of <date>".
_TITLE_BLOCK_RE = re.compile(
    r"^[ \t]*(?:►B[ \t]*)?(?P<issuer>(?i:council|commission)\s+)?(?:(?P<mod>(?i:implementing|delegated))\s+)?"
    r"(?P<type>(?i:framework\s+decision|regulation|directive|decision))"
    r"\s+(?:\((?P<ns>EU|EC|EEC|EU,\s*Euratom|CFSP)\)\s+)?(?:(?i:No)\.?\s+)?(?P<a>\d{1,4})/(?P<b>\d{1,4})(?:/(?P<sfx>[A-Z]{2,4}))?"
    r"(?P<ep>\s+(?i:of\s+the\s+european\s+parliament\s+and\s+of\s+the\s+council))?"
    r"\s*\n?\s*of\s+(?P<day>\d{1,2})\s+(?P<month>[A-Z][a-z]+)\s+(?P<year>\d{4})\s*",
    re.MULTILINE,
)
_OF_DATE_RE = re.compile(r"of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}")
#: A title block printed in mixed case ("Directive (EU) 2017/541 of the European Parliament ...") counts only
#: in a text that has an act's structure: a preamble or the enacting formula.
_ACT_STRUCTURE_RE = re.compile(r"HA(?:VE|S)\s+ADOPTED\s+TH|Having\s+regard\s+to\s+the\s+Treaty|\bWhereas\b")
#: Consolidated versions (EUR-Lex) list the amending acts after "Amended by:" as "►M1 Regulation (EU) ...".
_CONSOLIDATED_MARK_RE = re.compile(r"►\s*M\d+\s*\Z")
#: Where the title ends: the preamble, "(Text with EEA relevance)", a recital or a blank line before them.
_TITLE_END_RE = re.compile(
    r"\n\s*\n\s*(?=THE\s+(?:EUROPEAN\s+PARLIAMENT|COUNCIL|EUROPEAN\s+COMMISSION)|\(Text\s+with|Having\s+regard|Whereas)"
    r"|\(Text\s+with\s+EEA|\n\s*\n\s*\n|\(OJ\s+[LC]\b|\bAmended\s+by\s*:|\bCorrected\s+by\s*:"
)
_ENACTING_RE = re.compile(r"HA(?:VE|S)\s+ADOPTED\s+TH(?:IS|E\s+PRESENT)\s+[A-Z ]+?:")
_HEADING_RE = re.compile(
    r"^[ \t]*Article\s+\d+[a-z]?[ \t]*\n[ \t]*(?P<kind>Amendments?|Repeal(?:\s+and\s+replacement)?|Replacement(?:\s+and\s+repeal)?)"
    r"\s+(?:of|to)\s+",
    re.MULTILINE,
)
_ENACTED_VERB_RE = re.compile(r"\A[\s,]*(?:is|are)\s+(?:hereby\s+)?(?P<v>repealed|replaced|amended)\b")
_ESTABLISHED_RE = re.compile(r"\b(?:is|are)\s+(?:hereby\s+)?(?:established|set\s+up)\b")
_KINDS = {"amendment": ("AMENDS",), "amendments": ("AMENDS",), "repeal": ("REPEALS",), "replacement": ("REPLACES",),
          "repeal and replacement": ("REPEALS", "REPLACES"), "replacement and repeal": ("REPLACES", "REPEALS")}
_VERBS = {"repealed": "REPEALS", "replaced": "REPLACES", "amended": "AMENDS"}
#: The title block must start this early in the text (after the OJ page header, a site's banner).
_HEAD_LIMIT = 4000


def own_act(text: str, p: MentionMatcher, hits: list[_ActHit], mentions: list[Mention]) -> OwnAct | None:
    """The act the text is, or None (see the module docstring)."""
    head_end = min(len(text), _HEAD_LIMIT + 400)
    if _OF_DATE_RE.search(text, 0, head_end) is None:
        return None  # cheap first test (a literal start): no "of <day> <Month> <year>" line, no title block
    m = _TITLE_BLOCK_RE.search(text, 0, head_end)
    if m is None or m.start() > _HEAD_LIMIT:
        return None
    if not m["type"].isupper() and not _ACT_STRUCTURE_RE.search(text, m.end()):
        return None  # an act cited at the start of a line in a paper, not the paper being the act
    if re.search(r"(?i:proposal\s+for\s+an?)\s*\Z", text[max(0, m.start() - 40) : m.start()]):
        return None
    type_ = act_type_name(" ".join(m["type"].split()).title(), m["mod"].title() if m["mod"] else None)
    if type_ not in ACT_TYPES:
        return None
    resolved = resolve_act_number(ACT_TYPES[type_][0], m["a"], m["b"])
    month = _MONTHS.get(m["month"].lower())
    if resolved is None or month is None:
        return None
    try:
        adopted = date(int(m["year"]), month, int(m["day"]))
    except ValueError:
        return None
    issuer = "European Parliament and Council" if m["ep"] else (m["issuer"].strip().title() if m["issuer"] else None)
    ref = act_ref(type_, resolved[0], resolved[1], issuer=issuer, namespace=m["ns"], suffix=m["sfx"])
    end = _TITLE_END_RE.search(text, m.end())
    title_end = end.start() if end is not None and end.start() - m.end() <= 1200 else min(len(text), m.end() + 600)
    title = " ".join(text[m.end() : title_end].split()).strip(" ,.")
    props = ref.properties()
    if title:
        props["title"] = title
    props["date"] = adopted.isoformat()
    rels: list[ActRelation] = []
    # 1. the title's verbs: the chain of the title (from its start) over the citations inside it
    first = next((k for k, h in enumerate(hits) if h.start >= m.end()), len(hits))
    for types, k in _chain(text, m.end(), hits, first, p):
        if hits[k].start >= title_end:
            break
        for t in types:
            rels.append(ActRelation(t, ref.celex, hits[k].ref.celex, m.start(), hits[k].end, "own_act.title"))
    # 1b. a consolidated version's "Amended by: ►M1 <act>" list: those acts amend this one
    for h in hits:
        if h.head and h.start > m.end() and h.start < title_end + 3000 and _CONSOLIDATED_MARK_RE.search(text, max(0, h.start - 8), h.start):
            rels.append(ActRelation("AMENDS", h.ref.celex, ref.celex, h.start, h.end, "own_act.consolidated_amended_by"))
    # 2. the enacting terms only: article headings and "X is repealed/replaced/amended"
    enact = _ENACTING_RE.search(text, title_end)
    est: list[Establishes] = []
    if enact is not None:
        body_start = enact.end()
        for h in _HEADING_RE.finditer(text, body_start):
            target = next((x for x in hits if 0 <= x.start - h.end() <= 20), None)
            if target is None:
                continue
            for t in _KINDS.get(" ".join(h["kind"].lower().split()), ()):
                rels.append(ActRelation(t, ref.celex, target.ref.celex, h.start(), target.end, "own_act.article_heading"))
        for x in hits:
            if x.start < body_start:
                continue
            v = _ENACTED_VERB_RE.match(text, x.end)
            if v is None:
                continue
            # "Decisions 2009/934/JHA and 2009/936/JHA are repealed": every item of that citation
            group = [y for y in hits if y.start >= x.start - 200 and y.end <= x.end and _same_citation(text, y, x)]
            for y in group or [x]:
                rels.append(ActRelation(_VERBS[v["v"].lower()], ref.celex, y.ref.celex, y.start, v.end(),
                                        "own_act.article"))
        named = [n for n in mentions if n.label in ("Agency", "InformationSystem") and n.start >= body_start]
        for em in _ESTABLISHED_RE.finditer(text, body_start):
            sent_start = max(text.rfind(".", 0, em.start()), text.rfind("\n\n", 0, em.start()), body_start)
            inside = [n for n in named if sent_start <= n.start < em.start()]
            if inside:
                t = inside[-1]
                est.append(Establishes(ref.celex, t.label, t.key, t.start, em.end(), "establishes.article"))
    seen: set[tuple[str, str, str]] = set()
    out: list[ActRelation] = []
    for r in rels:
        ident = (r.type, r.from_key, r.to_key)
        if ident in seen or r.from_key == r.to_key:
            continue
        seen.add(ident)
        out.append(r)
    eseen: set[tuple[str, str]] = set()
    eout: list[Establishes] = []
    for e in est:
        if (e.target_label, e.target_key) not in eseen:
            eseen.add((e.target_label, e.target_key))
            eout.append(e)
    return OwnAct(ref.celex, props, m.start(), title_end, "own_act.title_block", tuple(out), tuple(eout))


def _same_citation(text: str, y: _ActHit, x: _ActHit) -> bool:
    """y is x or an earlier item of the same printed list (only list punctuation and citations between)."""
    if y is x:
        return True
    between = text[y.end : x.start]
    return bool(re.fullmatch(r"(?:\s|,|\band\b|(?:\(\s*(?:EU|EC)\s*\)\s*)?(?:No\s+)?\d{1,4}/\d{1,4}(?:/[A-Z]{2,4})?)*", between))
