"""ELI metadata embedded as RDFa in EUR-Lex pages (``<meta about=... property="eli:..." ...>`` in the head).

rdflib 7 no longer ships an RDFa parser, so the ``<meta>`` statements are read with lxml XPath; only the
ELI vocabulary is used and every statement is a (about, property, content|resource) triple.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree, html

from eusec.errors import InputError
from eusec.ingest.eurlex.common import iso_date, read_bytes, to_bool
from eusec.ingest.eurlex.ids import act_celex, celex_from_eli, treaty_article
from eusec.ingest.eurlex.records import NoticeRecords, TreatyArticleRecord

#: ELI property -> (relationship type, True when the page's act is the acting act).
RELATIONS: dict[str, tuple[str, bool]] = {
    "eli:changes": ("AMENDS", True),
    "eli:changed_by": ("AMENDS", False),
    "eli:amends": ("AMENDS", True),
    "eli:amended_by": ("AMENDS", False),
    "eli:repeals": ("REPEALS", True),
    "eli:repealed_by": ("REPEALS", False),
    "eli:corrects": ("CORRECTS", True),
    "eli:corrected_by": ("CORRECTS", False),
    "eli:based_on": ("BASED_ON", True),
    "eli:basis_for": ("BASED_ON", False),
}
_TREATY_CONCEPT = re.compile(r"/authority/treaty/(?P<treaty>[A-Z]+)(?:_\d{4})?$")
_CONSOLIDATED = re.compile(r"/eli/[a-z_]+/\d{4}/\d+/(?P<date>\d{4}-\d{2}-\d{2})$")


def treaty_concept(uri: str) -> tuple[str, str, str] | None:
    """A treaty authority URI (``.../authority/treaty/TFEU_2012``) -> ("TFEU", "TFEU", ""): the Treaty as a
    legal basis when the source names no article."""
    m = _TREATY_CONCEPT.search(uri)
    if not m:
        return None
    treaty = {"EC": "TEC", "EURATOM": "EAEC", "CE": "TEC"}.get(m["treaty"], m["treaty"])
    return treaty, treaty, ""


def read_rdfa(path: Path) -> NoticeRecords:
    """Read the ELI RDFa of a saved EUR-Lex page."""
    data = read_bytes(path)
    try:
        doc = html.fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{path.name}: not an HTML page ({exc})") from exc
    metas = doc.xpath("//meta[@about][@property]")
    subjects = {m.get("about") for m in metas if m.get("property") == "eli:id_local"}
    if not subjects:
        raise InputError(f"{path.name}: no ELI metadata (eli:id_local) in this page")
    out = NoticeRecords(file=path.name, format="eli-rdfa")
    for about in sorted(subjects):
        _read_subject(out, about, [m for m in metas if m.get("about") == about], doc)
    return out


def _read_subject(out: NoticeRecords, about: str, metas: list, doc) -> None:
    local = next((m.get("content") for m in metas if m.get("property") == "eli:id_local"), None)
    celex = act_celex(local) or celex_from_eli(about)
    if celex is None:
        return
    out.notice_uri = out.notice_uri or about
    line = metas[0].sourceline or 0
    rec = out.act(celex, line)
    rec.eli = about
    entry_dates: list[str] = []
    for m in metas:
        prop, content, resource = m.get("property"), m.get("content"), m.get("resource")
        lline = m.sourceline or line
        if prop == "eli:date_document":
            rec.date_document = iso_date(content)
        elif prop == "eli:first_date_entry_in_force" and iso_date(content):
            entry_dates.append(iso_date(content))  # type: ignore[arg-type]
        elif prop == "eli:date_no_longer_in_force":
            rec.date_end_of_validity = iso_date(content)
        elif prop == "eli:in_force":
            rec.in_force = to_bool(resource)
        elif prop == "eli:is_about" and resource:
            concept = resource.rsplit("/", 1)[-1]
            if concept not in rec.eurovoc:
                rec.eurovoc.append(concept)
        elif prop == "eli:passed_by" and resource:
            agents = set((rec.author or "").split("; ")) - {""} | {resource.rsplit("/", 1)[-1]}
            rec.author = "; ".join(sorted(agents))
        elif prop == "eli:consolidated_by" and resource:
            hit = _CONSOLIDATED.search(resource)
            if hit:
                version = f"0{celex[1:]}-{hit['date'].replace('-', '')}"
                if version not in rec.consolidated_versions:
                    rec.consolidated_versions.append(version)
        elif prop in RELATIONS and resource:
            type_, forward = RELATIONS[prop]
            if type_ == "BASED_ON" and forward and (treaty_article(local_of(resource)) or treaty_concept(resource)):
                ref, treaty, article = treaty_article(local_of(resource)) or treaty_concept(resource)  # type: ignore[misc]
                out.treaty_articles.setdefault(ref, TreatyArticleRecord(ref=ref, treaty=treaty, article=article))
                out.relate("BASED_ON", celex, ref, rule=prop, line=lline, label="TreatyArticle")
                continue
            out.link(type_, celex, celex_from_eli(resource), forward=forward, rule=prop, line=lline)
    if entry_dates:
        rec.date_entry_into_force = min(entry_dates)
    # the English expression's title (about ".../oj/eng")
    titles = doc.xpath("//meta[@property='eli:title'][@about=$a]/@content", a=f"{about}/eng")
    if titles:
        rec.title = " ".join(str(titles[0]).split())


def local_of(uri: str) -> str:
    """The last path segment of a URI (a CELEX for ``resource/celex/...`` URIs)."""
    return uri.rstrip("/").rsplit("/", 1)[-1]
