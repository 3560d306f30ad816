"""Council and Commission document citations, and the printed title of a document cited at the end of a
list item.

Council numbers: "9727/19", "10991/1/19 REV 1", "9935/2016", the register's "ST 9727 2019 INIT",
working documents "WK 12876/2018", meeting documents "DS 1031/17" and "CM 2045/19" (their prefix is kept:
"DS 1031/17" is not "1031/17"). Not documents: OJ references ("OJ L 138/19"), periods ("2016/2017"),
dates ("12/2019" has no 3-digit serial), the paper's own number in its running headers. Damaged numbers
are repaired only where unambiguous (``council_doc.column_split``/``comma_year``/``fused_year``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any

from eusec.ingest.mentions.matcher import MentionMatcher
from eusec.ingest.mentions.types import Mention
from eusec.ingest.normalise import normalise_commission_doc, normalise_council_doc

def council_doc_mentions(text: str, p: MentionMatcher, doc_year: int | None, act_spans: list[tuple[int, int]]) -> list[Mention]:
    header = p.rx["council_doc.page_header"]
    before = p.rx["council_doc.before"]
    reject = p.rx["council_doc.reject_before"]
    found: list[tuple[int, int, Any, str]] = []
    own: set[str] = set()
    for m in p.rx["council_doc.number"].finditer(text):
        if m["fn"] is not None and (doc_year is None or len(m["year"]) != 2 or 2000 + int(m["year"]) > doc_year):
            continue  # not a glued footnote mark ("2016/794" is an act number, not 2016/79 + mark 4)
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
        number = m.group()
        rule = "council_doc.number"
        if m["fn"] is not None:
            # "7043/181": a footnote mark glued to the year (plausible: not after the paper's, checked above)
            number = text[m.start() : m.start("fn")] + text[m.end("fn") : m.end()]
            rule = "council_doc.glued_footnote"
        cited = ("WK " if pre is not None and pre["wk"] else "") + number
        if pre is not None and pre["meeting"]:
            cited = f"{pre['meeting']} {number}"
        ref = normalise_council_doc(cited, doc_year=doc_year)
        if ref is None:
            continue
        hm = header.match(text, m.end())
        if hm and (hm["typist"] or not text[text.rfind("\n", 0, start) + 1 : start].strip()):
            own.add(ref.number)
            continue
        found.append((start, m.start() + len(m.group().rstrip()), ref, rule))
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
    text: str, p: MentionMatcher, doc_year: int | None, proper: list[tuple[int, int]]
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


def commission_doc_mentions(text: str, p: MentionMatcher) -> list[Mention]:
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


def with_item_title(text: str, m: Mention, citation_spans: list[tuple[int, int]]) -> Mention:
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

