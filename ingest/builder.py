"""Turn a segmented paper into a ``graph.model.Graph`` with provenance on every node and relationship.

The citation/entity matchers (``ingest.mentions``) and the Presidency matcher (``ingest.presidencies``) work on
plain strings; here every string handed to them is built from line pieces with an offset -> line map, so each
mention is cited by the lines (and page) of the original input it came from.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from eusec.graph.model import Graph, Provenance, uid_of
from eusec.ingest import mentions
from eusec.ingest.normalise import normalise_commission_doc, parse_celex
from eusec.ingest.readers import SourceText
from eusec.ingest.lexical import DATE_RE, MONTHS, Piece, clean_inline
from eusec.ingest.types import MeasureBlock, Segmented

CITATION_LABELS = ("LegalAct", "CouncilDocument", "CommissionDocument")
ENTITY_LABELS = ("Agency", "InformationSystem")
SNIPPET_MAX = 300
#: The last line where a published act's own title block may start (after an OJ header, a site's banner).
OWN_ACT_MAX_LINE = 80

#: Words that put a sentence in the future: work planned under a Presidency rather than reported.
FUTURE_RE = re.compile(
    r"\b(will|shall|should|aims?\s+to|aiming\s+to|(?<!the\s)planned|plans?\s+to|incoming|intends?\s+to|"
    r"(?:is|are)\s+going\s+to|(?:is|are)\s+expected|upcoming|"
    r"to\s+be\s+(?:held|organised|adopted|presented|discussed|launched|completed|reviewed))\b",
    re.IGNORECASE,
)
#: Plain past: in the follow-up column such a sentence reports what was done rather than plans.
PAST_RE = re.compile(
    r"\b(?:(?:has|have|had)\s+(?:been\s+)?\w+(?:ed|en|ne|ld|id)|was|were|took\s+place|continued)\b", re.IGNORECASE
)
_MONTH_YEAR_RE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\b",
    re.IGNORECASE,
)
_NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b")
_SUPERSCRIPT_RE = re.compile("[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+")


@dataclass
class LinedText:
    """Text joined from line pieces, with a map from character offsets back to original lines."""

    text: str
    starts: list[int]  # offset where each piece starts
    lines: list[int]  # original line of each piece

    @classmethod
    def of(cls, pieces: Iterable[Piece]) -> "LinedText":
        parts: list[str] = []
        starts: list[int] = []
        lines: list[int] = []
        pos = 0
        for line, text in pieces:
            text = text.replace("\t", " ")
            starts.append(pos)
            lines.append(line)
            parts.append(text)
            pos += len(text) + 1
        return cls(text="\n".join(parts), starts=starts, lines=lines)

    @classmethod
    def of_fields(cls, fields: list[tuple[str, list[Piece]]]) -> tuple["LinedText", list[tuple[int, int, str]]]:
        """Several fields joined (blank line between them) and the (start, end, field name) of each."""
        pieces: list[Piece] = []
        ranges: list[tuple[int, int, str]] = []
        pos = 0
        for name, fp in fields:
            if not fp:
                continue
            if pieces:
                pieces.append((fp[0][0], ""))  # a blank line keeps sentences of two fields apart
                pos += 1
            start = pos
            for line, text in fp:
                pieces.append((line, text))
                pos += len(text) + 1
            ranges.append((start, pos, name))
        return cls.of(pieces), ranges

    def line_at(self, offset: int) -> int:
        if not self.lines:
            return 0
        k = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[max(0, k)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        a = self.line_at(start)
        b = self.line_at(max(start, end - 1))
        return min(a, b), max(a, b)


def _dates_in(sentence: str) -> list[tuple[int, int, str]]:
    """Every date in a sentence as (start, end, ISO): day precision, else month precision."""
    out: list[tuple[int, int, str]] = []
    for m in DATE_RE.finditer(sentence):
        try:
            out.append((m.start(), m.end(), date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))).isoformat()))
        except ValueError:
            pass
    for m in _NUMERIC_DATE_RE.finditer(sentence):
        year = int(m.group(3))
        year = year + 2000 if year < 100 else year
        try:
            out.append((m.start(), m.end(), date(year, int(m.group(2)), int(m.group(1))).isoformat()))
        except ValueError:
            pass
    for m in _MONTH_YEAR_RE.finditer(sentence):
        if any(a <= m.start() < b for a, b, _ in out):
            continue  # the month of a full date
        out.append((m.start(), m.end(), f"{int(m.group(2)):04d}-{MONTHS[m.group(1).lower()]:02d}"))
    return out


def _iso_in(sentence: str, near: int | None = None) -> str | None:
    """The date of a sentence (ISO): the one nearest to position ``near`` when given, else the first."""
    dates = _dates_in(_SUPERSCRIPT_RE.sub(" ", sentence))
    if not dates:
        return None
    if near is None:
        return min(dates)[2]
    return min(dates, key=lambda d: (min(abs(d[0] - near), abs(d[1] - near)), d[0]))[2]


def _line_break_ends_sentence(text: str, nl: int) -> bool:
    """A line break ends a sentence after a blank line, or when the line ends like a sentence
    (stop, colon, digit, bracket) and the next starts with a capital."""
    before = text[:nl].rstrip(" \t")
    after = text[nl + 1 :].lstrip(" \t")
    if not before or not after or after.startswith("\n") or before.endswith("\n"):
        return True
    return before[-1] in ".!?:;)0123456789" and after[:1].isupper()


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding ``text[start:end]``, whitespace collapsed, at most ~400 characters."""
    lo = start
    while lo > 0 and start - lo < 300:
        if text[lo - 1] in ".!?;" and (lo >= len(text) or text[lo].isspace()):
            # "e.g." / "No." / "p." abbreviations are not sentence ends
            if not re.search(r"(?:\b[a-z]{1,2}|No|Art|p|pp|cf|etc|incl|i\.e|e\.g)\.$", text[max(0, lo - 5) : lo]):
                break
        if text[lo - 1] == "\n" and _line_break_ends_sentence(text, lo - 1):
            break
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < 300:
        if text[hi] == "\n" and _line_break_ends_sentence(text, hi):
            break
        if text[hi] in ".!?;" and (hi + 1 >= len(text) or text[hi + 1].isspace()):
            if not re.search(r"(?:\b[a-z]{1,2}|No|Art|p|pp|cf|etc|incl)$", text[max(0, hi - 5) : hi]):
                hi += 1
                break
        hi += 1
    return re.sub(r"\s+", " ", text[lo:hi]).strip(" -•\u2022")


class Builder:
    """Collects the nodes and relationships of one document."""

    def __init__(self, seg: Segmented, source: SourceText) -> None:
        self.seg = seg
        self.source = source
        self.doc = seg.header.number
        self.graph = Graph(document=self.doc)
        self.api = mentions
        # One matcher per builder: compiled patterns only, no per-text state (MentionMatcher.shared()).
        self.matcher = self.api.MentionMatcher.shared()
        self.doc_date = date.fromisoformat(seg.header.date) if seg.header.date else None
        self.doc_year = self.doc_date.year if self.doc_date else seg.header.year
        self._agencies = self.api.agency_catalogue(self.matcher)
        self._systems = self.api.system_catalogue(self.matcher)
        self._wps = self.api.working_party_catalogue(self.matcher)
        self._snippets: dict[tuple[int, int], str] = {}
        self.own_keys = own_keys(seg.header)

    # -- provenance --------------------------------------------------------------------------------
    def prov(self, line_start: int, line_end: int, rule: str, focus: str | None = None) -> Provenance:
        lines = self.seg.lines
        line_start = max(1, min(line_start, len(lines)))
        line_end = max(line_start, min(line_end, len(lines)))
        key = (line_start, line_end)
        snippet = self._snippets.get(key)
        if snippet is None:
            raw = " ".join(lines[i - 1] for i in range(line_start, min(line_end, line_start + 40) + 1))
            snippet = " ".join(raw.replace("**", "").split())
            self._snippets[key] = snippet
        if len(snippet) > SNIPPET_MAX:
            at = snippet.find(focus) if focus else -1
            if at > SNIPPET_MAX // 2:
                lo = max(0, min(at - SNIPPET_MAX // 3, len(snippet) - SNIPPET_MAX))
                snippet = snippet[lo : lo + SNIPPET_MAX]
            else:
                snippet = snippet[:SNIPPET_MAX]
        return Provenance(
            document=self.doc,
            line_start=line_start,
            line_end=line_end,
            snippet=snippet,
            rule=rule,
            page=self.seg.page_of(line_start),
        )

    # -- nodes ---------------------------------------------------------------------------------------
    def document(self) -> str:
        h = self.seg.header
        prev = self._header_citations(h.previous_document_raw, "previous_document")
        cion = self._header_citations(h.commission_document_raw, "commission_document")
        props = {
            "number": h.number,
            "date": h.date,
            "title": h.subject,
            "from_": h.from_,
            "to": h.to,
            "previous_document": h.previous_document,
            "previous_documents": [k for label, k, _ in prev if label == "CouncilDocument"],
            "commission_documents": [k for _, k, _ in cion],
            "subject_codes": h.subject_codes,
            "classification": h.classification,
            "doc_type": h.doc_kind or h.doc_type,
            "kind": h.kind,
            "revision": h.revision,
            "interinstitutional_file": h.interinstitutional_file,
            "path": self.source.name,
            "content_hash": self.source.content_hash,
            "line_count": len(self.seg.lines),
        }
        node = self.graph.add_node("Document", h.number, props, self.prov(1, h.line_end, "document.header", h.number))
        # the header's "No. prev. doc." and "No. Cion doc." are citations of the paper itself
        for field_name, found in (("previous_document", prev), ("commission_document", cion)):
            line = h.fields_lines.get(field_name, h.line_end)
            for label, key, m in found:
                p = self.prov(line, line, f"header.{field_name}", m.text)
                uid = self._node_for(label, key, m.properties, p)
                self.graph.add_relationship("REFERENCES", node.uid, uid, p, {"context": f"header.{field_name}", "via_footnote": False})
        return node.uid

    def _header_citations(self, raw: str | None, field_name: str) -> list[tuple[str, str, Any]]:
        """Council and Commission documents named in a header field (never the paper itself)."""
        if not raw:
            return []
        out = []
        for m in self.api.find_mentions(raw, doc_year=self.doc_year, doc_date=self.doc_date):
            if m.label in ("CouncilDocument", "CommissionDocument") and m.key not in self.own_keys:
                out.append((m.label, m.key, m))
        return out

    def measure(self, b: MeasureBlock, doc_uid: str) -> str:
        key = f"{self.doc}#{b.number}"
        main = _join(b.main)
        state = _join(b.state)
        follow = _join(b.follow)
        props = {
            "key": key,
            "number": b.number,
            "base_number": b.base_number,
            "document": self.doc,
            "title": b.title,
            "section": b.section,
            "section_title": b.section_title,
            "subsection": b.subsection,
            "state_of_play": state,
            "follow_up": follow,
            "main_documents": main,
            "has_follow_up": bool(follow.strip()),
            "layout": b.layout,
            "operative_verb": b.operative_verb,
        }
        rule = f"measure.table.{b.number_rule}" if b.layout == "iss_table" else f"measure.{b.layout}"
        p = self.prov(b.line_start, b.line_end, rule, b.title[:40] or None)
        node = self.graph.add_node("Measure", key, props, p)
        self.graph.add_relationship("CONTAINS", doc_uid, node.uid, p)
        return node.uid

    def _entity_props(self, label: str, key: str, given: dict[str, Any]) -> dict[str, Any]:
        props = dict(given or {})
        cat = self._agencies if label == "Agency" else self._systems if label == "InformationSystem" else {}
        if key in cat:
            entry = cat[key]
            props.setdefault("full_name", entry.get("full_name") or entry.get("name"))
            if entry.get("aliases"):
                props.setdefault("aliases", list(entry["aliases"]))
            if label == "Agency" and entry.get("kind"):
                props.setdefault("kind", entry["kind"])
        return props

    def _node_for(self, label: str, key: str, props: dict[str, Any], p: Provenance) -> str:
        props = dict(props or {})
        if label in ENTITY_LABELS:
            props = self._entity_props(label, key, props)
        return self.graph.add_node(label, key, props, p).uid

    def working_party(self, code: str, p: Provenance) -> str:
        entry = self._wps.get(code, {})
        props = {
            "code": code,
            "name": entry.get("name"),
            "aliases": list(entry.get("aliases") or []),
            "active": entry.get("active"),
        }
        return self.graph.add_node("WorkingParty", code, props, p).uid

    # -- text analysis -------------------------------------------------------------------------------
    def analyse(
        self,
        owner_uid: str,
        lt: LinedText,
        *,
        context: str,
        section: str | None = None,
        via_footnote: bool = False,
        planned_field: bool = False,
        ranges: list[tuple[int, int, str]] | None = None,
        planned_fields: tuple[str, ...] = ("follow_up",),
        presidency_section: str | None = None,
    ) -> None:
        """Citations, entities, act relations, founding acts and Presidencies in one text.

        With ``ranges`` the text holds several fields; each mention's context is the field it falls in.
        """
        text = lt.text
        if not text.strip():
            return

        def field_at(offset: int) -> str:
            if ranges:
                for a, b, name in ranges:
                    if a <= offset < b:
                        return name
            return context

        # An act's own title block opens the document: only a text starting near the top can hold it.
        own = bool(lt.lines) and lt.lines[0] <= OWN_ACT_MAX_LINE
        found = self.matcher.extract(text, doc_year=self.doc_year, doc_date=self.doc_date, own=own)
        mentions = found.mentions
        by_key: dict[tuple[str, str], str] = {}
        # A numbered citation is better evidence than a name resolved through the named-acts gazetteer: when
        # a text has both for one act, its REFERENCES statement cites the numbered one (first provenance wins).
        for m in sorted(mentions, key=lambda m: m.rule.startswith("legal_act.named:")):
            if m.label not in CITATION_LABELS and m.label not in ENTITY_LABELS:
                continue
            if m.label in ("CouncilDocument", "CommissionDocument") and m.key in self.own_keys:
                continue  # the paper citing itself (footers, cover)
            a, b = lt.span(m.start, m.end)
            p = self.prov(a, b, m.rule, m.text)
            uid = self._node_for(m.label, m.key, m.properties, p)
            by_key[(m.label, m.key)] = uid
            if m.label in CITATION_LABELS:
                props: dict[str, Any] = {"context": field_at(m.start), "via_footnote": via_footnote}
                if section:
                    props["section"] = section
                self.graph.add_relationship("REFERENCES", owner_uid, uid, p, props)
            else:
                props = {"section": section} if section else {}
                self.graph.add_relationship("INVOLVES", owner_uid, uid, p, props)
        self.own_act(found, lt, by_key)
        self.establishes(found, lt, by_key)
        for r in found.relations:
            a, b = lt.span(r.start, r.end)
            p = self.prov(a, b, r.rule)
            src = by_key.get(("LegalAct", r.from_key)) or self._node_for("LegalAct", r.from_key, {}, p)
            dst = by_key.get(("LegalAct", r.to_key)) or self._node_for("LegalAct", r.to_key, {}, p)
            if src != dst:
                self.graph.add_relationship(r.type, src, dst, p)
            if r.rule == "relation.orphan_title" and ("LegalAct", r.from_key) not in by_key:
                # The act's title is printed here but its number was lost to a column break: the row
                # still cites the act (read from the title), so it is a reference like a printed one.
                by_key[("LegalAct", r.from_key)] = src
                props = {"context": field_at(r.start), "via_footnote": via_footnote}
                if section:
                    props["section"] = section
                self.graph.add_relationship("REFERENCES", owner_uid, src, p, props)
        self.proposals(found, lt)
        self.presidencies(
            owner_uid,
            lt,
            section=section or presidency_section,
            planned_at=(lambda off: planned_field or field_at(off) in planned_fields),
        )

    def establishes(self, found: Any, lt: LinedText, by_key: dict[tuple[str, str], str]) -> None:
        """ESTABLISHES edges: stated in the text (provenance: its lines), or from the founding-acts reference
        table (provenance: the table's file and line, rule ``reference.founding_acts``, no line of the paper,
        ``basis`` "reference"), for acts the text cites. A statement of the text wins over the table's."""
        ordered = sorted(found.establishes, key=lambda e: e.reference is not None)
        for e in ordered:
            act = by_key.get(("LegalAct", e.act_key))
            if act is None:
                continue
            if e.reference is None:
                a, b = lt.span(e.start, e.end)
                p = self.prov(a, b, e.rule)
                props = {"basis": "text"}
            else:
                p = self.reference_prov(e.reference, e.rule,
                                        f"{e.act_key} ESTABLISHES {e.target_label}:{e.target_key}")
                props = {"basis": "reference", "reference": e.reference}
            target = self._node_for(e.target_label, e.target_key, {}, p)
            self.graph.add_relationship("ESTABLISHES", act, target, p, props)

    def reference_prov(self, reference: str, rule: str, statement: str) -> Provenance:
        """Provenance of a fact taken from reference data shipped with eusec ("ingest/patterns/x.yaml:12"):
        the snippet names the file and says the paper does not state it; no line or page of the paper. The
        statement is still filed under the paper (``document``) that brought the act in, so re-ingesting or
        replacing that paper manages it like the paper's other statements."""
        snippet = f"{reference}: {statement} (reference data, not stated in {self.doc})"
        return Provenance(document=self.doc, line_start=0, line_end=0, snippet=snippet[:SNIPPET_MAX], rule=rule, page=None)

    def own_act(self, found: Any, lt: LinedText, by_key: dict[tuple[str, str], str]) -> None:
        """The act the text is (an OJ / EUR-Lex act text): its LegalAct node with title and date, and what its
        own title and articles state (AMENDS / REPEALS / REPLACES come through ``found.relations``)."""
        own = found.own_act
        if own is None:
            return
        a, b = lt.span(own.start, own.end)
        p = self.prov(a, b, own.rule)
        by_key[("LegalAct", own.celex)] = self._node_for("LegalAct", own.celex, own.properties, p)

    def proposals(self, found: Any, lt: LinedText) -> None:
        """PROPOSES_AMENDMENT / PROPOSES_REPEAL / PROPOSES_REPLACEMENT from the Commission document that is the
        proposal to the act it would change. A proposal the text does not identify by its COM number makes no
        edge (a proposal is never an act: it cannot AMENDS anything)."""
        for r in found.proposals:
            if r.proposal_key is None:
                continue
            a, b = lt.span(r.start, r.end)
            p = self.prov(a, b, r.rule)
            src = self.graph.nodes.get(f"CommissionDocument:{r.proposal_key}")
            com = normalise_commission_doc(r.proposal_key)
            src_uid = src.uid if src is not None else self._node_for(
                "CommissionDocument", r.proposal_key, com.properties() if com else {}, p)
            dst = self.graph.nodes.get(f"LegalAct:{r.to_key}")
            act = parse_celex(r.to_key)
            dst_uid = dst.uid if dst is not None else self._node_for("LegalAct", r.to_key, act.properties() if act else {}, p)
            self.graph.add_relationship(r.type, src_uid, dst_uid, p)

    def presidencies(self, owner_uid: str, lt: LinedText, *, section: str | None, planned_at: Any) -> None:
        from eusec.ingest.presidencies import find_presidency_mentions, presidency_by_semester

        for m in find_presidency_mentions(lt.text, self.doc_date):
            if not m.semester:
                continue
            sentence = _SUPERSCRIPT_RE.sub("", sentence_around(lt.text, m.start, m.end)).replace("**", "")
            future = bool(FUTURE_RE.search(sentence))
            # the follow-up column plans, unless the sentence plainly reports the past
            planned = future or (planned_at(m.start) and not PAST_RE.search(sentence))
            a, b = lt.span(m.start, m.end)
            p = self.prov(a, b, m.rule, m.text)
            uid = self.presidency_node(m.semester, p, presidency_by_semester)
            type_ = "PLANNED_UNDER" if planned else "REPORTED_UNDER"
            if (type_, owner_uid, uid) in self.graph.relationships:
                continue  # the first statement wins, with its own sentence and date
            at = sentence.find(m.text)
            props: dict[str, Any] = {"sentence": sentence[:400], "date": _iso_in(sentence, at if at >= 0 else None)}
            if section:
                props["section"] = section
            self.graph.add_relationship(type_, owner_uid, uid, p, props)

    def presidency_node(self, semester: str, p: Provenance, lookup: Any) -> str:
        try:
            row = lookup(semester)
        except KeyError:
            row = {"semester": semester}
        props = {k: row.get(k) for k in ("semester", "code", "country", "seq", "start_date", "end_date")}
        return self.graph.add_node("Presidency", semester, props, p).uid

    # -- the document -----------------------------------------------------------------------------
    def build(self) -> Graph:
        seg = self.seg
        doc_uid = self.document()
        # cover note: the Presidencies that issued the paper, and what it cites
        h = seg.header
        if h.kind == "council" and h.subject and seg.layout != "iss_table":
            # the subject names acts and documents too ("Proposal for a Regulation amending Regulation ...")
            line = h.fields_lines.get("title", h.line_end)
            self.analyse(doc_uid, LinedText.of([(line, h.subject)]), context="subject")
        cover = LinedText.of(seg.cover)
        self.issued_by(doc_uid, cover)
        if seg.measures and seg.layout == "iss_table":
            self.analyse_citations_only(doc_uid, cover, context="cover")
        else:  # any other document: its opening text states acts, supersession and Presidencies like the rest
            self.analyse(doc_uid, cover, context="cover")
        # general report
        for sec in seg.sections:
            lt = LinedText.of(sec.pieces)
            self.analyse(doc_uid, lt, context="general_report", section=sec.section if sec.section != "0" else None)
        # measures
        measure_uids: dict[int, str] = {}
        for b in seg.measures:
            uid = self.measure(b, doc_uid)
            measure_uids[id(b)] = uid
            if b.wp_value and b.wp_line:
                for wm in self.api.working_parties_in(b.wp_value, doc_date=self.doc_date, doc_year=self.doc_year):
                    p = self.prov(b.wp_line, b.wp_line, wm.rule, wm.text)
                    wp_uid = self.working_party(wm.key, p)
                    self.graph.add_relationship("RESPONSIBLE_FOR", wp_uid, uid, p)
            lt, ranges = LinedText.of_fields(
                [("title", b.title_pieces), ("main_documents", b.main), ("state_of_play", b.state), ("follow_up", b.follow)]
            )
            self.analyse(uid, lt, context="measure", ranges=ranges, presidency_section=b.section)
        # operative paragraphs of conclusions: a measure each, linked to the agencies and bodies it addresses
        for para in seg.paragraphs:
            self.paragraph(para, doc_uid)
        # footnotes: to the measure holding the mark, else to the report section / cover holding it
        owned = {id(fn) for b in seg.measures for fn in b.footnotes}
        for b in seg.measures:
            for fn in b.footnotes:
                self.analyse(
                    measure_uids[id(b)],
                    LinedText.of([(fn.line, fn.text)]),
                    context=f"footnote {fn.number}",
                    via_footnote=True,
                )
        for fn in sorted(seg.footnotes.values(), key=lambda f: f.number):
            if id(fn) in owned:
                continue
            where = fn.mark_line or fn.line
            sec = next((s for s in seg.sections if s.line_start <= where <= s.line_end), None)
            in_tech = where >= seg.tech_range[0]
            if in_tech:
                owner = next((b for b in seg.measures if b.line_start <= fn.line <= b.line_end), None)
                if owner is not None:
                    self.analyse(
                        measure_uids[id(owner)],
                        LinedText.of([(fn.line, fn.text)]),
                        context=f"footnote {fn.number}",
                        via_footnote=True,
                    )
                    continue
            self.analyse(
                doc_uid,
                LinedText.of([(fn.line, fn.text)]),
                context=f"footnote {fn.number}",
                section=sec.section if sec and sec.section != "0" else None,
                via_footnote=True,
            )
        self.successions()
        return self.graph

    def paragraph(self, para: Any, doc_uid: str) -> str:
        """A paragraph of conclusions as a measure: its addressees first (rule ``conclusions.addressee``),
        then everything else it cites or involves."""
        b = MeasureBlock(
            number=para.number,
            base_number=int(para.number) if para.number.isdigit() else None,
            title_pieces=[(para.line_start, para.text[:200])],
            state=list(para.pieces),
            line_start=para.line_start,
            line_end=para.line_end,
            layout="conclusions",
            operative_verb=para.verb,
        )
        uid = self.measure(b, doc_uid)
        at = para.text.find(para.addressees) if para.addressees else -1
        if at >= 0:
            for m in self.api.find_mentions(para.addressees, doc_year=self.doc_year, doc_date=self.doc_date):
                if m.label != "Agency":
                    continue
                p = self.prov(para.line_start, para.line_end, "conclusions.addressee", m.text)
                agency = self._node_for(m.label, m.key, m.properties, p)
                self.graph.add_relationship("INVOLVES", uid, agency, p, {"operative_verb": para.verb})
        self.analyse(uid, LinedText.of(para.pieces), context="measure")
        return uid

    def analyse_citations_only(self, owner_uid: str, lt: LinedText, *, context: str) -> None:
        """Citations and entities of the cover note (its Presidencies are the issuers, handled apart)."""
        if not lt.text.strip():
            return
        for m in self.matcher.extract(lt.text, doc_year=self.doc_year, doc_date=self.doc_date, own=False).mentions:
            if m.label not in CITATION_LABELS and m.label not in ENTITY_LABELS:
                continue
            if m.label in ("CouncilDocument", "CommissionDocument") and m.key in self.own_keys:
                continue
            a, b = lt.span(m.start, m.end)
            p = self.prov(a, b, m.rule, m.text)
            uid = self._node_for(m.label, m.key, m.properties, p)
            rel = "REFERENCES" if m.label in CITATION_LABELS else "INVOLVES"
            props: dict[str, Any] = {"context": context, "via_footnote": False} if rel == "REFERENCES" else {}
            self.graph.add_relationship(rel, owner_uid, uid, p, props)

    def issued_by(self, doc_uid: str, cover: LinedText) -> None:
        """The Presidencies named as authors in the cover note ("joint paper of the outgoing Finnish
        Presidency and the Croatian Presidency")."""
        from eusec.ingest.presidencies import find_presidency_mentions, presidency_by_semester

        found = find_presidency_mentions(cover.text, self.doc_date)
        authored = [
            m
            for m in found
            if m.semester
            and re.search(
                r"\b(paper|report|note|attached|find|prepared|drawn up|joint)\b",
                sentence_around(cover.text, m.start, m.end),
                re.IGNORECASE,
            )
        ]
        for m in authored or [m for m in found if m.semester]:
            a, b = cover.span(m.start, m.end)
            p = self.prov(a, b, "document.issued_by", m.text)
            uid = self.presidency_node(m.semester, p, presidency_by_semester)  # type: ignore[arg-type]
            self.graph.add_relationship("ISSUED_BY", doc_uid, uid, p)

    def successions(self) -> None:
        """Renamed/merged working parties the paper mentions (DAPIX -> IXIM), from the catalogue."""
        text_lines = self.seg.lines
        for code, entry in sorted(self._wps.items()):
            succ = entry.get("succeeded_by")
            if not succ:
                continue
            pat = re.compile(rf"(?<![A-Za-z]){re.escape(code)}(?![A-Za-z])")
            line_no = next((i + 1 for i, line in enumerate(text_lines) if pat.search(line)), None)
            if line_no is None or line_no <= self.seg.header.line_end:
                continue
            p = self.prov(line_no, line_no, "working_party.catalogue.succeeded_by", code)
            old = self.working_party(code, p)
            new = self.working_party(str(succ), p)
            props = {"since": entry.get("since")} if entry.get("since") else {}
            self.graph.add_relationship("SUCCEEDED_BY", old, new, p, props)


def _join(pieces: list[Piece]) -> str:
    return "\n".join(clean_inline(t) for _, t in pieces if clean_inline(t))


def own_keys(h: Any) -> set[str]:
    """Every key under which the paper's own number can come back from the mention layer (footers, cover,
    references to its own revisions): "DS 1031/17" also as "1031/17", "WK 5412/2021" also as "5412/21"."""
    keys = {h.number}
    m = re.search(r"(\d{1,5})/(\d{2,4})$", h.number)
    if m and h.kind == "council":
        keys.add(f"{m.group(1)}/{m.group(2)[-2:]}")
        keys.add(f"{m.group(1)}/20{m.group(2)[-2:]}")
        keys.add(f"WK {m.group(1)}/20{m.group(2)[-2:]}") if h.number.startswith("WK") else None
    return keys


def build_graph(seg: Segmented, source: SourceText) -> Graph:
    """The graph of one segmented document."""
    return Builder(seg, source).build()


__all__ = ["build_graph", "LinedText", "sentence_around", "uid_of"]
