"""EUR-Lex/CELLAR XML notices (``<NOTICE type="tree|branch|object">``) and the EUR-Lex web service's SOAP
search response (``<searchResults>`` whose results hold ``<NOTICE>``s), parsed with lxml.

A notice (and every ``<EMBEDDED_NOTICE>`` in it) holds a ``<WORK>`` and its ``<EXPRESSION>``s. Every WORK with
the CELEX of a legal act is read: its direct children give the metadata and the links; link targets are
resolved through their ``<SAMEAS>`` CELEX aliases or the CELEX of the embedded work they carry.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from eusec.errors import InputError
from eusec.ingest.eurlex.common import iso_date, read_bytes, to_bool
from eusec.ingest.eurlex.ids import act_celex, normalise_celex, treaty_article
from eusec.ingest.eurlex.records import NoticeRecords, TreatyArticleRecord

#: Link element -> (relationship type, True when the WORK is the acting act).
RELATIONS: dict[str, tuple[str, bool]] = {
    "RESOURCE_LEGAL_AMENDS_RESOURCE_LEGAL": ("AMENDS", True),
    "RESOURCE_LEGAL_AMENDED_BY_RESOURCE_LEGAL": ("AMENDS", False),
    "RESOURCE_LEGAL_REPEALS_RESOURCE_LEGAL": ("REPEALS", True),
    "RESOURCE_LEGAL_REPEALED_BY_RESOURCE_LEGAL": ("REPEALS", False),
    "RESOURCE_LEGAL_IMPLICITLY_REPEALS_RESOURCE_LEGAL": ("REPEALS", True),
    "RESOURCE_LEGAL_IMPLICITLY_REPEALED_BY_RESOURCE_LEGAL": ("REPEALS", False),
    "RESOURCE_LEGAL_BASED_ON_RESOURCE_LEGAL": ("BASED_ON", True),
    "RESOURCE_LEGAL_BASIS_FOR_RESOURCE_LEGAL": ("BASED_ON", False),
    "RESOURCE_LEGAL_CORRECTS_RESOURCE_LEGAL": ("CORRECTS", True),
    "RESOURCE_LEGAL_CORRECTED_BY_RESOURCE_LEGAL": ("CORRECTS", False),
}
_TAGS = re.compile(r"</?[a-zA-Z]+>")  # the web service escapes hit highlighting into values: <em>..</em>


def _text(el: etree._Element | None, path: str) -> str | None:
    """The text at ``path`` below ``el``, highlighting removed, stripped; None when absent or empty."""
    if el is None:
        return None
    value = el.findtext(path)
    if value is None:
        return None
    value = " ".join(_TAGS.sub("", value).split())
    return value or None


def _work_celex(work: etree._Element) -> str | None:
    return normalise_celex(_text(work, "ID_CELEX/VALUE") or _text(work, "RESOURCE_LEGAL_ID_CELEX/VALUE"))


def _link_celexes(link: etree._Element) -> list[str]:
    """Every CELEX a link element names: its URI/SAMEAS of type celex, or its embedded work's CELEX."""
    out: list[str] = []
    for uri in link.findall("URI") + link.findall("SAMEAS/URI"):
        if (_text(uri, "TYPE") or "").lower() == "celex":
            out.append(normalise_celex(_text(uri, "IDENTIFIER")) or "")
    for work in link.findall("EMBEDDED_NOTICE/WORK"):
        out.append(_work_celex(work) or "")
    return [c for c in out if c]


def _english_title(work: etree._Element) -> str | None:
    container = work.getparent()
    if container is None:
        return None
    for expr in container.findall("EXPRESSION"):
        languages = {(_text(u, "IDENTIFIER") or "") for u in expr.findall("EXPRESSION_USES_LANGUAGE/URI")}
        languages |= {(_text(expr, "EXPRESSION_USES_LANGUAGE/IDENTIFIER") or "")}
        if "ENG" in languages:
            return _text(expr, "EXPRESSION_TITLE/VALUE")
    return None


def parse_notice_xml(data: bytes, name: str) -> NoticeRecords:
    """Read notice XML bytes (``name`` is the file name for provenance and messages)."""
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{name}: not well-formed XML ({exc.msg})") from exc
    # The SOAP response puts the notices in the EUR-Lex search namespace: drop namespaces, the element
    # vocabulary is the same.
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
    notices = [root] if root.tag == "NOTICE" else root.findall(".//NOTICE")
    if not notices:
        raise InputError(f"{name}: no <NOTICE> in this XML (not a EUR-Lex/CELLAR notice)")
    fmt = "eurlex-ws" if root.tag != "NOTICE" else "notice-xml"
    out = NoticeRecords(file=name, format=fmt)
    top = notices[0].find("WORK")
    if top is None:
        top = notices[0].find("DOSSIER")
    if top is not None:
        out.notice_uri = _text(top, "URI/VALUE")
        out.notice_date = iso_date(_text(top, "LASTMODIFICATIONDATE/VALUE"))
    for notice in notices:
        for work in notice.iter("WORK"):
            _read_work(out, work)
    return out


def read_notice_xml(path: Path) -> NoticeRecords:
    """Read an XML notice or a EUR-Lex web-service response file."""
    return parse_notice_xml(read_bytes(path), path.name)


def _read_work(out: NoticeRecords, work: etree._Element) -> None:
    celex = act_celex(_work_celex(work))
    if celex is None:
        return
    line = work.sourceline or 0
    rec = out.act(celex, line)
    rec.line = rec.line or line
    rec.title = rec.title or _english_title(work)
    flag = to_bool(_text(work, "RESOURCE_LEGAL_IN-FORCE/VALUE"))
    if flag is not None:
        rec.in_force = flag
    rec.date_document = rec.date_document or iso_date(_text(work, "WORK_DATE_DOCUMENT/VALUE"))
    dates = sorted(d for d in (iso_date(e.findtext("VALUE")) for e in work.findall("RESOURCE_LEGAL_DATE_ENTRY-INTO-FORCE")) if d)
    if dates:
        rec.date_entry_into_force = dates[0]
    rec.date_end_of_validity = rec.date_end_of_validity or iso_date(_text(work, "RESOURCE_LEGAL_DATE_END-OF-VALIDITY/VALUE"))
    rec.eli = rec.eli or _text(work, "RESOURCE_LEGAL_ELI/VALUE")
    agents = sorted({a for a in (_text(e, "IDENTIFIER") for e in work.findall("WORK_CREATED_BY_AGENT")) if a})
    if agents:
        rec.author = "; ".join(sorted(set((rec.author or "").split("; ")) - {""} | set(agents)))
    for facet in work.findall("WORK_IS_ABOUT_CONCEPT_EUROVOC"):
        # the concept itself (not its thesaurus/domain facets TT/MTH/DOM)
        concept = _text(facet, "WORK_IS_ABOUT_CONCEPT_EUROVOC_CONCEPT/IDENTIFIER") or _text(facet, "IDENTIFIER")
        if concept and concept not in rec.eurovoc:
            rec.eurovoc.append(concept)
    for link in work.findall("RESOURCE_LEGAL_CONSOLIDATED_BY_ACT_CONSOLIDATED"):
        for version in _link_celexes(link):
            if version not in rec.consolidated_versions:
                rec.consolidated_versions.append(version)
    for child in work:
        if not isinstance(child.tag, str) or child.tag not in RELATIONS:
            continue
        type_, forward = RELATIONS[child.tag]
        targets = _link_celexes(child)
        rule = child.tag.lower()
        lline = child.sourceline or line
        article = next((treaty_article(t) for t in targets if treaty_article(t)), None)
        if type_ == "BASED_ON" and forward and article:
            ref, treaty, art = article
            raw = next(t for t in targets if treaty_article(t))
            out.treaty_articles.setdefault(ref, TreatyArticleRecord(ref=ref, treaty=treaty, article=art, celex=raw))
            out.relate("BASED_ON", celex, ref, rule=rule, line=lline, label="TreatyArticle")
            continue
        target = next((a for a in (act_celex(t) for t in targets) if a), None)
        out.link(type_, celex, target, forward=forward, rule=rule, line=lline)
