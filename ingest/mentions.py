"""Citation and entity mentions in Council papers: legal acts, Council/Commission documents, agencies,
information systems and working parties; supersession between acts (AMENDS/REPEALS/REPLACES/BASED_ON)
and founding acts (ESTABLISHES).

How it works (one cached pipeline, built once per process):
* Citations are found with the compiled regexes of ``ingest/patterns/citations.yaml`` (the citation
  grammar needs regexes) and interpreted by the pure normalisers of ``ingest.normalise``. Council
  numbers damaged in print are repaired only where unambiguous (rules ``council_doc.column_split``,
  ``council_doc.comma_year``, ``council_doc.fused_year``; see ``_repaired_council_docs``).
* Names (gazetteers ``ingest/patterns/{working_parties,agencies,systems}.yaml``) are found with spaCy
  PhraseMatchers (case-sensitive ORTH for acronyms, LOWER for long names) on a ``spacy.blank("en")``
  pipeline whose tokenizer is a compiled regex (``\\w+|[^\\w\\s]``), used for the patterns and the text
  alike so matches are identical. spaCy's rule tokenizer over a whole paper costs ~70x one regex pass, so
  spaCy only sees candidate windows: a trie regex of every alias's anchor word (its rarest-looking token)
  finds where a name can be, and the windows around those hits form one small Doc. Overlaps: the longest
  span wins ("SIS/SIRENE" the working party over "SIS" the system; "DAPIX (IXIM)" over "DAPIX").
* Output is sorted by (start, end, label, key): deterministic.

Supersession is read from the act titles as printed: after an act citation, "amending"/"repealing"/
"replacing" make the following citations (and their list continuations) targets; BASED_ON when the cited
act directly follows "under"/"implementing"/"supplementing"/"pursuant to"/"on the basis of" inside the
title ("Commission Implementing Directive (EU) 2019/68 ... under Council Directive 91/477/EEC"). A title
ends at its OJ reference, a sentence end, a blank line or a new bullet. Proposals are not acts: their
clauses are dropped unless the same passage says the proposal was adopted and names the new act ("The new
Regulation (EU) No 2019/1148 ..."), in which case they are attributed to that act. A title whose citation
was lost to a table-column break ("... of the Council of 30 November 2017 establishing an Entry/Exit System
(EES) ... amending ... No 767/2008") is attributed to the founding act (founding_acts.yaml) of the system or
agency named on that line whose year is the title's year, when exactly one fits.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from eusec.ingest.normalise import (
    ActRef,
    act_ref,
    act_type_name,
    ACT_TYPES,
    normalise_commission_doc,
    normalise_council_doc,
    resolve_act_number,
)
from eusec.ingest.patterns import PatternSet, load_patterns

# -- public records ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """One mention of a graph entity in the text."""

    label: str  # "LegalAct" | "CouncilDocument" | "CommissionDocument" | "Agency" | "InformationSystem" | "WorkingParty"
    key: str  # normalised key (CELEX, "9727/19", "WK 12876/2018", "COM(2017) 610", "Europol", "SIS", "IXIM")
    properties: dict  # node properties per graph/schema.yaml
    start: int  # char offsets into the text passed in
    end: int
    text: str  # surface text
    rule: str  # pattern id


@dataclass(frozen=True)
class ActRelation:
    """Supersession / basis between legal acts, read from an act's printed title."""

    type: str  # "AMENDS" | "REPEALS" | "REPLACES" | "BASED_ON"
    from_key: str
    to_key: str
    start: int  # from the source citation (or the clause) to the end of the target citation
    end: int
    rule: str


@dataclass(frozen=True)
class Establishes:
    """LegalAct -> Agency/InformationSystem it founds."""

    act_key: str
    target_label: str
    target_key: str
    start: int
    end: int
    rule: str


# -- the cached pipeline -----------------------------------------------------------------------------------

_WORD_RE = re.compile(r"\w+|[^\w\s]")


class _RegexTokenizer:
    """A spaCy tokenizer from one compiled regex (words, or single punctuation marks).

    The Doc's text is the tokens joined by single spaces; char offsets into the original text are kept
    in ``doc.user_data["starts"]``/``["ends"]`` (computed only when asked: gazetteer matching needs them).
    """

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = _WORD_RE.findall(text)
        return Doc(self.vocab, words=words)


@dataclass
class _Gazetteer:
    entries: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (label, key) -> entry


@dataclass
class _Pipeline:
    patterns: PatternSet
    nlp: Any
    matcher_cs: PhraseMatcher
    matcher_ci: PhraseMatcher
    gazetteer: _Gazetteer
    ids: dict[int, tuple[str, str]]  # spaCy match id -> (label, key)
    anchor_cs: re.Pattern[str]  # prefilter: the anchor token of every case-sensitive alias
    anchor_ci: re.Pattern[str]  # prefilter: anchor of every case-insensitive alias (run on lower-cased text)
    reach_cs: dict[str, tuple[int, int]]  # anchor -> max chars of alias before / after it
    reach_ci: dict[str, tuple[int, int]]
    founding: dict[str, list[tuple[str, str]]]  # celex -> [(label, key)]
    rx: dict[str, re.Pattern[str]]


@lru_cache(maxsize=1)
def _pipeline() -> _Pipeline:
    ps = load_patterns()
    nlp = spacy.blank("en")
    nlp.tokenizer = _RegexTokenizer(nlp.vocab)
    cs = PhraseMatcher(nlp.vocab, attr="ORTH")
    ci = PhraseMatcher(nlp.vocab, attr="LOWER")
    gaz = _Gazetteer()
    ids: dict[int, tuple[str, str]] = {}
    reach_cs: dict[str, tuple[int, int]] = {}
    reach_ci: dict[str, tuple[int, int]] = {}
    pending: list[tuple[list[str], list[str]]] = []
    for label in sorted(ps.gazetteers):
        for entry in ps.gazetteers[label]:
            key = entry["key"]
            gaz.entries[(label, key)] = entry
            match_key = f"{label}|{key}"
            ids[nlp.vocab.strings.add(match_key)] = (label, key)
            cs_names = [entry["name"]] if label != "WorkingParty" or entry["name"] == key else []
            cs_names += list(entry.get("aliases", [])) + list(entry.get("keep_aliases", []))
            if label == "WorkingParty":
                cs_names.append(key)
            cs_docs = [nlp.make_doc(a) for a in sorted(set(cs_names)) if _WORD_RE.search(a)]
            ci_names = list(entry.get("aliases_ci", []))
            if entry.get("full_name"):
                ci_names.append(entry["full_name"])
            if label == "WorkingParty" and entry["name"] != key:
                ci_names.append(entry["name"])
            ci_docs = [nlp.make_doc(a.lower()) for a in sorted(set(ci_names)) if _WORD_RE.search(a)]
            if cs_docs:
                cs.add(match_key, cs_docs)
            if ci_docs:
                ci.add(match_key, ci_docs)
            pending.append((cs_names, ci_names))
    founding: dict[str, list[tuple[str, str]]] = {}
    for row in ps.founding_acts:
        founding.setdefault(row["celex"], []).append((row["label"], row["key"]))
    rx = {pid: p.regex for pid, p in ps.regexes.items()}
    # Warm the vocabulary so the first real document does not pay for string interning.
    nlp.make_doc("Europol Eurojust Frontex COSI TWP LEWP Regulation Directive Council Presidency")
    weight: dict[str, int] = {}  # in how many aliases a word occurs (a proxy for how common it is)
    for cs_names, ci_names in pending:
        for alias in cs_names + ci_names:
            for w in set(re.findall(r"\w+", alias.lower())):
                weight[w] = weight.get(w, 0) + 1
    for cs_names, ci_names in pending:
        for alias in cs_names:
            _add_anchor(reach_cs, alias, weight)
        for alias in ci_names:
            _add_anchor(reach_ci, alias.lower(), weight)
    # The trie comes first so the regex engine can skip positions by their first character; the word
    # boundary before a hit is checked in code. Case-insensitive names are searched in the lower-cased
    # text with a case-sensitive regex (faster than IGNORECASE).
    anchor_cs = re.compile(_trie_regex(sorted(reach_cs)) + r"(?!\w)")
    anchor_ci = re.compile(_trie_regex(sorted(reach_ci)) + r"(?!\w)")
    return _Pipeline(ps, nlp, cs, ci, gaz, ids, anchor_cs, anchor_ci, reach_cs, reach_ci, founding, rx)


#: Words too common in JHA papers to anchor a name on (a name is indexed under its rarest-looking word).
_GENERIC_WORDS = frozenset(
    "european union eu agency working party parties group council committee system systems information "
    "cooperation security law enforcement data international operational management framework centre office "
    "horizontal justice criminal matters terrorism exchange evaluation general police public network service "
    "documents action support level including issues training jha counter border customs communication "
    "the of and for on in to at".split()
)


def _add_anchor(reach: dict[str, tuple[int, int]], alias: str, weight: dict[str, int]) -> None:
    """Index an alias under one anchor word: not a generic word if possible, shared by the fewest aliases,
    then the longest; record how far the alias extends before and after it."""
    tokens = list(re.finditer(r"\w+", alias))
    if not tokens:
        return
    def generic(word: str) -> bool:
        return word.lower() in _GENERIC_WORDS or len(word) <= 2 or word.isdigit()

    anchor = min(tokens, key=lambda m: (generic(m.group()), -len(m.group()), weight.get(m.group().lower(), 0), m.start()))
    before, after = anchor.start(), len(alias) - anchor.end()
    old = reach.get(anchor.group(), (0, 0))
    reach[anchor.group()] = (max(old[0], before), max(old[1], after))


def _trie_regex(words: list[str]) -> str:
    """One alternation for many literal words, factored as a trie so the regex engine stays fast."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + build(trie) + ")"


# -- legal acts --------------------------------------------------------------------------------------------


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


_LAST_HITS: list[tuple[str, list[_ActHit]]] = []  # one-entry cache: mentions, relations, establishes share it


def _act_hits(text: str, p: _Pipeline) -> list[_ActHit]:
    """Every legal act citation in ``text`` (heads, list items, bare "No N/YYYY"), sorted by position."""
    if _LAST_HITS and _LAST_HITS[0][0] == text:
        return _LAST_HITS[0][1]
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
        if fw is not None:
            s = fw.start()
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
            iss = issuer
            if len(items) == 1 and iss is None and _EP_COUNCIL_RE.match(text, m.end()):
                iss = "European Parliament and Council"
            ns = " ".join(ns.split()) if ns else None  # "EU,\nEuratom" -> "EU, Euratom"
            ref = act_ref(type_, year, number, issuer=iss, namespace=ns, suffix=sfx)
            start = start0 if idx == 0 else it.start()
            hits.append(_ActHit(ref, start, it.end(), "legal_act.citation" if idx == 0 else "legal_act.list_item", idx == 0))
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
    _LAST_HITS[:] = [(text, hits)]
    return hits


def _stop_in(text: str, pos: int, limit: int, p: _Pipeline) -> int:
    """Offset of the first title stop after ``pos`` (within ``limit`` chars), else pos + limit."""
    end = min(len(text), pos + limit)
    best = end
    for rid in ("title.stop", "title.stop_words"):
        m = p.rx[rid].search(text, pos, best)
        if m is not None and m.start() < best:
            best = m.start()
    return best


def _title_after(text: str, pos: int, p: _Pipeline) -> str | None:
    """The printed title right after an act number, up to its OJ reference / sentence end; None if absent."""
    if not p.rx["title.start"].match(text, pos):
        return None
    cut = _stop_in(text, pos, 600, p)
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


# -- Council / Commission documents ------------------------------------------------------------------------


def _council_doc_mentions(text: str, p: _Pipeline, doc_year: int | None, act_spans: list[tuple[int, int]]) -> list[Mention]:
    header = p.rx["council_doc.page_header"]
    before = p.rx["council_doc.before"]
    reject = p.rx["council_doc.reject_before"]
    found: list[tuple[int, int, Any, str]] = []
    own: set[str] = set()
    for m in p.rx["council_doc.number"].finditer(text):
        s = m.start()
        pre = before.search(text, max(0, s - 8), s)
        start = pre.start() if pre is not None else s
        if reject.search(text, max(0, start - 4), start):
            continue
        serial, year = m["serial"], m["year"]
        # "2016/2017", "2018/19": a period of years, not a document; "2019/12/10": a date.
        if len(serial) == 4 and 1990 <= int(serial) <= 2099:
            if int(year) % 100 == (int(serial) + 1) % 100 or (m["rev"] and 1 <= int(m["rev"]) <= 12):
                continue
        cited = ("WK " if pre is not None and pre["wk"] else "") + m.group()
        ref = normalise_council_doc(cited, doc_year=doc_year)
        if ref is None:
            continue
        hm = header.match(text, m.end())
        if hm and (hm["typist"] or not text[text.rfind("\n", 0, start) + 1 : start].strip()):
            own.add(ref.number)
            continue
        found.append((start, m.start() + len(m.group().rstrip()), ref, "council_doc.number"))
    for m in p.rx["council_doc.register"].finditer(text):
        version = "" if m["version"] == "INIT" else " " + m["version"]
        cited = ("WK " if m["kind"] == "WK" else "") + f"{m['serial']}/{m['year'] if m['kind'] == 'WK' else m['year'][2:]}{version}"
        ref = normalise_council_doc(cited, doc_year=doc_year)
        if ref is not None:
            found.append((m.start(), m.end(), ref, "council_doc.number"))
    found.extend(_repaired_council_docs(text, p, doc_year, [(a, b) for a, b, _, _ in found]))
    found.sort(key=lambda f: (f[0], f[1]))
    out: list[Mention] = []
    starts = [a for a, _ in act_spans]
    for start, end, ref, rule in found:
        if ref.number in own:
            continue  # the paper's own number (its running page headers) is not a citation
        i = bisect_right(starts, start) - 1
        if i >= 0 and act_spans[i][1] > start:
            continue  # inside a legal act citation ("767/2008")
        out.append(Mention("CouncilDocument", ref.number, ref.properties(), start, end, text[start:end], rule))
    return out


def _repaired_council_docs(
    text: str, p: _Pipeline, doc_year: int | None, proper: list[tuple[int, int]]
) -> list[tuple[int, int, Any, str]]:
    """Council document numbers damaged in print or conversion, each accepted only where the damage is
    unambiguous: cut by a column break ("(11539/1)" + "... 7)"), a comma for the slash inside a list of
    proper numbers ("12094/18, 12186,18, 13433/18"), the slash lost inside parentheses ("(1474419)")."""
    out: list[tuple[int, int, Any, str]] = []
    for m in p.rx["council_doc.column_split"].finditer(text):
        ref = normalise_council_doc(f"{m['serial']}/{m['y1']}{m['y2']}", doc_year=doc_year)
        if ref is not None:
            out.append((m.start("serial"), m.end("y1"), ref, "council_doc.column_split"))
    if doc_year is None:
        return out  # the year checks below need the paper's own year
    joint = p.rx["council_doc.list_joint"]

    def listed(start: int, end: int) -> bool:
        # a proper number right before or right after, joined only by list punctuation
        return any(
            (b <= start and start - b <= 12 and joint.match(text[b:start]))
            or (a >= end and a - end <= 12 and joint.match(text[end:a]))
            for a, b in proper
        )

    def year_like(serial: str) -> bool:
        return len(serial) == 4 and 1990 <= int(serial) <= 2099  # "2018,19": a period of years

    for m in p.rx["council_doc.comma_year"].finditer(text):
        year = 2000 + int(m["year"])
        if year <= doc_year and not year_like(m["serial"]) and listed(m.start(), m.end()):
            ref = normalise_council_doc(f"{m['serial']}/{m['year']}", doc_year=doc_year)
            if ref is not None:
                out.append((m.start(), m.end(), ref, "council_doc.comma_year"))
    for m in p.rx["council_doc.fused_year"].finditer(text):
        year = 2000 + int(m["year"])
        if doc_year - 3 <= year <= doc_year and not year_like(m["serial"]):
            ref = normalise_council_doc(f"{m['serial']}/{m['year']}", doc_year=doc_year)
            if ref is not None:
                out.append((m.start("serial"), m.end("year"), ref, "council_doc.fused_year"))
    return out


def _commission_doc_mentions(text: str, p: _Pipeline) -> list[Mention]:
    out: list[Mention] = []
    for m in p.rx["commission_doc.reference"].finditer(text):
        if m.start() > 0 and text[m.start() - 1].isalpha():
            continue  # "ABC(2019) 1", "EC(2019)"
        ref = normalise_commission_doc(m.group())
        if ref is None:
            continue
        out.append(Mention("CommissionDocument", ref.reference, ref.properties(), m.start(), m.end(), m.group(),
                           "commission_doc.reference"))
    return out


_ITEM_END_RE = re.compile(r"[ \t]*\)?[ \t.;]*(?:\r?\n|\t|\Z|[•])")
_ITEM_BOUNDARY_RE = re.compile(r"\n|\t|[•]|(?<=[.;:])\s")
_BULLET_PREFIX_RE = re.compile(r"^(?:[\s\-–•*·),;]|o\s)+")


def _with_item_title(text: str, m: Mention, citation_spans: list[tuple[int, int]]) -> Mention:
    """Add the printed title of a document cited at the end of a list item ("Council conclusions on X
    (9727/19)", "Action Plan ... COM(2017) 610 final"): the text from the item's start (line, cell, bullet
    or the previous citation) to the citation. Citations inside running prose get no title."""
    if not _ITEM_END_RE.match(text, m.end):
        return m
    head = m.start
    k = head - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    if k >= 0 and text[k] == "(":
        head = k
    elif m.label == "CouncilDocument" and not (k >= 0 and text[k] in "-–,:"):
        return m  # "... report 13250/18 was" in prose: a bare number needs a bracket or a separator
    lo = max(0, head - 400)
    starts = [s for s, _ in citation_spans]
    i = bisect_left(starts, m.start) - 1
    if i >= 0:
        lo = max(lo, citation_spans[i][1])
    segment = text[lo:head]
    cut = 0
    for b in _ITEM_BOUNDARY_RE.finditer(segment):
        cut = b.end()
    title = " ".join(_BULLET_PREFIX_RE.sub("", segment[cut:]).split()).strip(" ,;:-–(")
    words = title.split()
    if not (3 <= len(words) <= 80) or not (title[0].isupper() or title[0].isdigit()) or title.count("(") != title.count(")"):
        return m
    props = dict(m.properties)
    props["title"] = title
    return Mention(m.label, m.key, props, m.start, m.end, m.text, m.rule)


# -- gazetteer names ---------------------------------------------------------------------------------------


def _effective_date(doc_date: date | None, doc_year: int | None) -> date | None:
    if doc_date is not None:
        return doc_date
    if doc_year is not None:
        return date(doc_year, 1, 1)
    return None


def _resolve_entry(label: str, key: str, p: _Pipeline, when: date | None, surface: str = "") -> tuple[str, dict[str, Any]]:
    """Follow ``resolves_to_successor`` (DAPIX -> IXIM) for papers dated on/after the succession, unless the
    surface form is one of the entry's ``keep_aliases`` ("FOPDAPIX" stays DAPIX)."""
    entry = p.gazetteer.entries[(label, key)]
    if " ".join(surface.split()) in entry.get("keep_aliases", ()):
        return key, entry
    seen = {key}
    while entry.get("resolves_to_successor") and entry.get("succeeded_by"):
        since = entry.get("since")
        if when is not None and since and when.isoformat() < since:
            break
        nxt = entry["succeeded_by"]
        if nxt in seen or (label, nxt) not in p.gazetteer.entries:
            break
        seen.add(nxt)
        key, entry = nxt, p.gazetteer.entries[(label, nxt)]
    return key, entry


_PROPS_CACHE: dict[tuple[str, str], dict[str, Any]] = {}


def _entity_properties(label: str, entry: dict[str, Any]) -> dict[str, Any]:
    """Node properties of a gazetteer entry (a fresh copy each time: callers may keep or change it)."""
    cached = _PROPS_CACHE.get((label, entry["key"]))
    if cached is None:
        cached = _PROPS_CACHE[(label, entry["key"])] = _entity_properties_uncached(label, entry)
    return {k: (list(v) if isinstance(v, list) else v) for k, v in cached.items()}


def _entity_properties_uncached(label: str, entry: dict[str, Any]) -> dict[str, Any]:
    aliases = sorted(set(entry.get("aliases", [])) | set(entry.get("aliases_ci", [])) | set(entry.get("keep_aliases", [])))
    if label == "WorkingParty":
        return {"code": entry["key"], "name": entry["name"], "aliases": aliases, "active": entry.get("active", True)}
    props: dict[str, Any] = {"name": entry["key"], "full_name": entry.get("full_name") or entry["name"], "aliases": aliases}
    if label == "Agency":
        props["kind"] = entry.get("kind") or "agency"
    return props


_WINDOW_JOIN = " \x00 "  # between windows: "\x00" is in no pattern, so no match can span two windows
_TOKEN_GAP_RE = re.compile(r"(\s*)(\w+|[^\w\s])")
_IS_WORD = re.compile(r"\w")


def _candidate_windows(text: str, p: _Pipeline) -> list[tuple[int, int]]:
    """Merged character windows around anchor hits: only there can an alias match."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    lowered = text.lower()
    if len(lowered) != n:  # a few Unicode letters change length when lower-cased: keep offsets exact
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    for rx, reach, haystack in ((p.anchor_cs, p.reach_cs, text), (p.anchor_ci, p.reach_ci, lowered)):
        for m in rx.finditer(haystack):
            if m.start() and _IS_WORD.match(haystack, m.start() - 1):
                continue  # inside a longer word
            before, after = reach.get(m.group(), (0, 0))
            # Margins: the text may put line breaks or double spaces inside a name.
            start = max(0, m.start() - before - before // 4 - 6)
            end = min(n, m.end() + after + after // 4 + 6)
            spans.append((start, end))
    if not spans:
        return []
    spans.sort()
    merged = [list(spans[0])]
    for s, e in spans[1:]:
        if s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out: list[tuple[int, int]] = []
    for s, e in merged:
        # Never start or end inside a word: a cut "XTWP" must not read as "TWP".
        while s > 0 and _IS_WORD.match(text, s) and _IS_WORD.match(text, s - 1):
            s -= 1
        while e < n and _IS_WORD.match(text, e) and _IS_WORD.match(text, e - 1):
            e += 1
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _gazetteer_mentions(text: str, p: _Pipeline, *, labels: set[str] | None = None, when: date | None = None) -> list[Mention]:
    """Gazetteer names in ``text`` via the spaCy PhraseMatchers.

    A trie regex of each alias's anchor word (its longest token) finds the only places where a name can
    be; spaCy tokenizes and matches just those windows (one Doc, windows separated by a token no pattern
    contains), which keeps this a small multiple of one regex pass over the text.
    """
    if not text:
        return []
    windows = _candidate_windows(text, p)
    if not windows:
        return []
    # One string of all windows, separated by a token no pattern contains; tokenized in C (findall), and
    # token offsets from prefix sums of gap and word lengths -- no per-token Python loop.
    joined = _WINDOW_JOIN.join(text[ws:we] for ws, we in windows)
    pairs = _TOKEN_GAP_RE.findall(joined)
    if not pairs:
        return []
    gaps, words = zip(*pairs)
    gap_sums = list(accumulate(map(len, gaps)))
    word_sums = list(accumulate(map(len, words), initial=0))
    bases: list[int] = []  # start of each window inside ``joined``
    pos = 0
    for ws, we in windows:
        bases.append(pos)
        pos += we - ws + len(_WINDOW_JOIN)

    def offset(i: int, end: bool = False) -> int:
        j = gap_sums[i] + word_sums[i] + (len(words[i]) if end else 0)  # offset in ``joined``
        w = bisect_right(bases, j if not end else j - 1) - 1
        return windows[w][0] + (j - bases[w])

    doc = Doc(p.nlp.vocab, words=words)
    raw = p.matcher_cs(doc) + p.matcher_ci(doc)
    if not raw:
        return []
    # Longest span wins, then the earliest (spacy.util.filter_spans semantics on token indices).
    raw.sort(key=lambda t: (-(t[2] - t[1]), t[1], p.ids[t[0]]))
    chosen: list[tuple[int, int, int]] = []
    used: set[int] = set()
    for mid, s, e in raw:
        if labels is not None and p.ids[mid][0] not in labels:
            continue
        if any(i in used for i in range(s, e)):
            continue
        chosen.append((mid, s, e))
        used.update(range(s, e))
    chosen.sort(key=lambda t: t[1])
    out: list[Mention] = []
    for mid, s, e in chosen:
        start, end = offset(s), offset(e - 1, end=True)
        label, key = p.ids[mid]
        key, entry = _resolve_entry(label, key, p, when, text[start:end])
        out.append(Mention(label, key, _entity_properties(label, entry), start, end, text[start:end], f"gazetteer.{label}"))
    return out


# -- public API --------------------------------------------------------------------------------------------


def _sort(mentions: list[Mention]) -> list[Mention]:
    return sorted(mentions, key=lambda m: (m.start, m.end, m.label, m.key))


def find_mentions(text: str, *, doc_year: int | None = None, doc_date: date | None = None) -> list[Mention]:
    """All entity mentions in ``text`` (acts, Council/Commission documents, agencies, systems, working
    parties), sorted by position. ``doc_year``/``doc_date`` bound plausible Council document years and
    date-dependent names (DAPIX -> IXIM)."""
    if not isinstance(text, str) or not text.strip():
        return []
    p = _pipeline()
    if doc_year is None and doc_date is not None:
        doc_year = doc_date.year
    out: list[Mention] = []
    hits = _act_hits(text, p)
    # An act cited inside another act's title ("amending Regulation (EU) 2016/399 of the European Parliament
    # and of the Council and repealing ...") is followed by the rest of that title, not by its own: such
    # targets only get a title that starts with its subject ("... No 98/2013 on the marketing of ...").
    target_ends = {r.end for r in _relations(text, p)} if hits else set()
    for h in hits:
        props = h.ref.properties()
        if h.head:
            title = _title_after(text, h.end, p)
            if title and h.end in target_ends and not _OWN_TITLE_RE.match(title):
                title = None
            if title:
                props["title"] = title
        out.append(Mention("LegalAct", h.ref.celex, props, h.start, h.end, text[h.start : h.end], h.rule))
    act_spans = sorted((h.start, h.end) for h in hits)
    docs = _council_doc_mentions(text, p, doc_year, act_spans) + _commission_doc_mentions(text, p)
    citation_spans = sorted([(m.start, m.end) for m in out] + [(m.start, m.end) for m in docs])
    out.extend(_with_item_title(text, m, citation_spans) for m in docs)
    starts = [s for s, _ in citation_spans]
    for g in _gazetteer_mentions(text, p, when=_effective_date(doc_date, doc_year)):
        i = bisect_right(starts, g.start) - 1
        if i >= 0 and citation_spans[i][1] > g.start:
            continue  # a name inside a citation span
        out.append(g)
    return _sort(out)


def working_parties_in(text: str, *, doc_date: date | None = None, doc_year: int | None = None) -> list[Mention]:
    """Working parties named in a "Responsible WP:" value, in order, one per body.

    "COSI / PSC" -> COSI, PSC; "Horizontal Working Party on Drugs (HDG)" -> HDG; "DAPIX (IXIM)" -> IXIM;
    "Frontiers (False documents)" -> FRONT. Text after "N.B." (an editorial note) is ignored.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    cut = re.search(r"\bN\.\s?B\.|\bNB:", text)
    value = text[: cut.start()] if cut else text
    p = _pipeline()
    seen: set[str] = set()
    out: list[Mention] = []
    for m in _gazetteer_mentions(value, p, labels={"WorkingParty"}, when=_effective_date(doc_date, doc_year)):
        if m.key in seen:
            continue
        seen.add(m.key)
        out.append(m)
    return out


def _catalogue(label: str) -> dict[str, dict[str, Any]]:
    p = _pipeline()
    out: dict[str, dict[str, Any]] = {}
    for (lab, key), entry in sorted(p.gazetteer.entries.items()):
        if lab != label:
            continue
        info = _entity_properties(label, entry)
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


def working_party_catalogue() -> dict[str, dict]:
    """code -> {name, aliases, active, succeeded_by, since} for every known Council body."""
    return _catalogue("WorkingParty")


def agency_catalogue() -> dict[str, dict]:
    """name -> {name, full_name, aliases, kind} for every known EU agency/body."""
    return _catalogue("Agency")


def system_catalogue() -> dict[str, dict]:
    """name -> {name, full_name, aliases} for every known information system."""
    return _catalogue("InformationSystem")


def founding_acts() -> dict[str, list[tuple[str, str]]]:
    """celex -> [(label, key)] of the agencies/systems the act founds (from founding_acts.yaml)."""
    return {k: list(v) for k, v in _pipeline().founding.items()}


# -- supersession ------------------------------------------------------------------------------------------

_VERB_TYPES = {"amending": "AMENDS", "repealing": "REPEALS", "replacing": "REPLACES"}
# Both start with a literal so the regex engine can skip ahead; what must precede them is checked in code.
_PROPOSAL_RE = re.compile(r"roposals?\s+for\s+an?\s+(?:(?i:regulation|directive|decision))\b")
_ADOPTED_RE = re.compile(r"\b(?:was|were|has\s+been|have\s+been)\s+adopted\b")
_NEW_ACT_RE = re.compile(r"\s*The\s+new\s+")  # used with match(text, pos)
_ORPHAN_TITLE_RE = re.compile(r"Council\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+(?P<year>\d{4})\s+establishing\b")
_ORPHAN_BEFORE_RE = re.compile(r"\bof\s+the\s+(?:European\s+Parliament\s+and\s+of\s+the\s+)?\Z")
_MAX_VERB_DISTANCE = 90  # chars allowed between a verb and its first target ("amending Annex XVII to ...")


def _relation_window_end(text: str, pos: int, p: _Pipeline) -> int:
    return _stop_in(text, pos, 900, p)


def _gap_types(gap: str, p: _Pipeline) -> tuple[str, ...]:
    if p.rx["relation.based_on"].search(gap, max(0, len(gap) - 60)):
        return ("BASED_ON",)
    last = None
    for m in p.rx["relation.verbs"].finditer(gap):
        last = m
    if last is None or len(gap) - last.end() > _MAX_VERB_DISTANCE:
        return ()
    words = re.findall(r"[a-z]+", last["verbs"].lower())
    return tuple(dict.fromkeys(_VERB_TYPES[w] for w in words if w in _VERB_TYPES))


def _chain(text: str, src_end: int, hits: list[_ActHit], first: int, p: _Pipeline) -> list[tuple[tuple[str, ...], int]]:
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


_LAST_RELATIONS: list[tuple[str, list[ActRelation]]] = []  # one-entry cache (find_mentions uses them too)


def _relations(text: str, p: _Pipeline) -> list[ActRelation]:
    if _LAST_RELATIONS and _LAST_RELATIONS[0][0] == text:
        return _LAST_RELATIONS[0][1]
    result = _relations_uncached(text, p)
    _LAST_RELATIONS[:] = [(text, result)]
    return result


def _relations_uncached(text: str, p: _Pipeline) -> list[ActRelation]:
    hits = _act_hits(text, p)
    rels: list[ActRelation] = []
    consumed: set[int] = set()
    # 1. Proposals: their clauses are consumed; attributed only when the adopted act is named next.
    for pm in _PROPOSAL_RE.finditer(text):
        if pm.start() == 0 or text[pm.start() - 1] not in "Pp" or (pm.start() > 1 and text[pm.start() - 2].isalnum()):
            continue
        first = bisect_left([h.start for h in hits], pm.end())
        chain = _chain(text, pm.end(), hits, first, p)
        if not chain:
            continue
        consumed.update(k for _, k in chain)
        sent_end = _sentence_end(text, hits[chain[-1][1]].end)
        if not _ADOPTED_RE.search(text, pm.end(), sent_end):
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
        first = bisect_left([h.start for h in hits], o_end)
        chain = [(t, k) for t, k in _chain(text, o_end, hits, first, p) if k not in consumed]
        if not chain:
            continue
        line_start = text.rfind("\n", 0, o_start) + 1
        line_end = text.find("\n", o_end)
        line_end = len(text) if line_end < 0 else line_end
        named = {(m.label, m.key) for m in _gazetteer_mentions(text[line_start:line_end], p, labels={"Agency", "InformationSystem"})}
        year = int(council["year"])
        candidates = sorted({celex for celex, targets in p.founding.items() if int(celex[1:5]) == year and set(targets) & named})
        if len(candidates) != 1:
            continue
        for types, k in chain:
            consumed.add(k)
            for t in types:
                rels.append(ActRelation(t, candidates[0], hits[k].ref.celex, o_start, hits[k].end, "relation.orphan_title"))
    seen: set[tuple[str, str, str]] = set()
    out: list[ActRelation] = []
    for r in sorted(rels, key=lambda r: (r.start, r.end, r.type, r.from_key, r.to_key)):
        ident = (r.type, r.from_key, r.to_key)
        if r.from_key == r.to_key or ident in seen:
            continue
        seen.add(ident)
        out.append(r)
    return out


def find_act_relations(text: str) -> list[ActRelation]:
    """AMENDS / REPEALS / REPLACES / BASED_ON edges read from the act titles printed in ``text``
    (one per (type, from, to), first occurrence), sorted by position."""
    if not isinstance(text, str) or not text.strip():
        return []
    return list(_relations(text, _pipeline()))


_ESTABLISHING_RE = re.compile(r"\bestablishing\b")
_NOT_FOUNDED_RE = re.compile(r"\bbetween\b|interoperab|\bframework\b|\baccess\b|\bconditions\b", re.IGNORECASE)


def find_establishes(text: str, mentions: list[Mention]) -> list[Establishes]:
    """LegalAct -> Agency/InformationSystem: from the founding-acts table for every cited act, and from
    printed titles "establishing (a/the) ... X" where X is the first agency/system named in that title."""
    if not isinstance(text, str):
        return []
    p = _pipeline()
    out: list[Establishes] = []
    named = sorted((m for m in mentions if m.label in ("Agency", "InformationSystem")), key=lambda m: m.start)
    named_starts = [m.start for m in named]
    for m in mentions:
        if m.label != "LegalAct":
            continue
        for label, key in p.founding.get(m.key, []):
            out.append(Establishes(m.key, label, key, m.start, m.end, "establishes.founding_act"))
        if m.rule != "legal_act.citation" or m.end > len(text):
            continue
        stop = _relation_window_end(text, m.end, p)
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
    for e in sorted(out, key=lambda e: (e.start, e.end, e.act_key, e.target_label, e.target_key)):
        ident = (e.act_key, e.target_label, e.target_key)
        if ident in seen:
            continue
        seen.add(ident)
        result.append(e)
    return result
