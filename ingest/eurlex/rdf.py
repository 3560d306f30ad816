"""CELLAR RDF/XML notices (tree, branch, object), parsed with rdflib.

CELLAR names one work by several URIs (cellar UUID, ``resource/celex/...``, ``resource/oj/...``, ELI) tied by
``owl:sameAs``; every URI is resolved to a CELEX through those aliases. Relations are read from their long
CDM names only (each also appears under a short alias, e.g. ``cdm:amended_by``, which would double them).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

from rdflib import OWL, Graph, URIRef
from rdflib.term import Literal

from eusec.errors import InputError
from eusec.ingest.eurlex.common import iso_date, read_bytes, to_bool
from eusec.ingest.eurlex.ids import act_celex, celex_from_uri, treaty_article
from eusec.ingest.eurlex.records import NoticeRecords, TreatyArticleRecord

CDM = "http://publications.europa.eu/ontology/cdm#"
CMR = "http://publications.europa.eu/ontology/cdm/cmr#"

#: CDM property -> (relationship type, True when the subject is the acting act, False when the object is).
RELATIONS: dict[str, tuple[str, bool]] = {
    "resource_legal_amends_resource_legal": ("AMENDS", True),
    "resource_legal_amended_by_resource_legal": ("AMENDS", False),
    "resource_legal_repeals_resource_legal": ("REPEALS", True),
    "resource_legal_repealed_by_resource_legal": ("REPEALS", False),
    "resource_legal_implicitly_repeals_resource_legal": ("REPEALS", True),
    "resource_legal_implicitly_repealed_by_resource_legal": ("REPEALS", False),
    "resource_legal_based_on_resource_legal": ("BASED_ON", True),
    "resource_legal_basis_for_resource_legal": ("BASED_ON", False),
    "resource_legal_corrects_resource_legal": ("CORRECTS", True),
    "resource_legal_corrected_by_resource_legal": ("CORRECTS", False),
}


def _local(uri: URIRef) -> str | None:
    text = str(uri)
    return text[len(CDM) :] if text.startswith(CDM) else None


def _celex_aliases(graph: Graph) -> dict[str, str]:
    """URI -> CELEX for every URI linked by a chain of ``owl:sameAs`` to a ``resource/celex/`` URI (the
    aliases of a work are all stated against its cellar URI, so the chain matters); acts win over others."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for s, o in graph.subject_objects(OWL.sameAs):
        a, b = find(str(s)), find(str(o))
        if a != b:
            parent[a] = b
    groups: dict[str, set[str]] = defaultdict(set)
    for uri in list(parent):
        groups[find(uri)].add(uri)
    for root in list(groups):
        groups[root].add(root)
    out: dict[str, str] = {}
    for members in groups.values():
        celexes = sorted(c for c in (celex_from_uri(a) for a in members) if c)
        acts = [c for c in celexes if act_celex(c)]
        if celexes:
            for uri in members:
                out[uri] = (acts or celexes)[0]
    return out


def read_rdf(path: Path) -> NoticeRecords:
    """Read a CELLAR RDF/XML notice; InputError (one line) if it is not RDF/XML."""
    data = read_bytes(path)
    graph = Graph()
    try:
        graph.parse(data=data, format="xml")
    except Exception as exc:  # rdflib raises SAX and its own errors: both mean "not RDF/XML"
        raise InputError(f"{path.name}: not a readable RDF/XML notice ({type(exc).__name__})") from exc
    aliases = _celex_aliases(graph)

    def celex_of(node: object) -> str | None:
        text = str(node)
        return aliases.get(text) or celex_from_uri(text)

    out = NoticeRecords(file=path.name, format="cellar-rdf")
    # The notice's own work: the subject with a CELEX id and the newest modification date.
    best: tuple[str, str] | None = None
    for s, value in graph.subject_objects(URIRef(CMR + "lastModificationDate")):
        date = str(value)
        if celex_of(s) and (best is None or date > best[1]):
            best = (str(s), date)
    if best:
        out.notice_uri, out.notice_date = best[0], iso_date(best[1])

    for s, p, o in graph:
        name = _local(p)  # type: ignore[arg-type]
        if name is None:
            continue
        subject = act_celex(celex_of(s))
        if name in RELATIONS:
            type_, forward = RELATIONS[name]
            target_raw = celex_of(o)
            rule = f"cdm:{name}"
            if subject is None:
                continue
            if type_ == "BASED_ON" and forward and treaty_article(target_raw):
                ref, treaty, article = treaty_article(target_raw)  # type: ignore[misc]
                out.treaty_articles.setdefault(ref, TreatyArticleRecord(ref=ref, treaty=treaty, article=article, celex=target_raw))
                out.act(subject)
                out.relate("BASED_ON", subject, ref, rule=rule, label="TreatyArticle")
                continue
            target = act_celex(target_raw)
            if target is not None:
                out.act(subject)
            out.link(type_, subject, target, forward=forward, rule=rule)
            continue
        if subject is None:
            continue
        _read_property(out, subject, name, o)
    for rec in out.acts.values():
        rec.eurovoc.sort()
        rec.consolidated_versions.sort()
    return out


def _read_property(out: NoticeRecords, celex: str, name: str, value: object) -> None:
    """Act metadata properties (literals and concept links)."""
    text = str(value)
    if name == "resource_legal_in-force" and isinstance(value, Literal):
        out.act(celex).in_force = to_bool(text)
    elif name == "work_date_document":
        out.act(celex).date_document = iso_date(text)
    elif name == "resource_legal_date_entry-into-force":
        date = iso_date(text)
        rec = out.act(celex)
        # several entry-into-force dates (staggered application): keep the first
        if date and (rec.date_entry_into_force is None or date < rec.date_entry_into_force):
            rec.date_entry_into_force = date
    elif name == "resource_legal_date_end-of-validity":
        out.act(celex).date_end_of_validity = iso_date(text)
    elif name == "resource_legal_eli":
        out.act(celex).eli = text
    elif name == "work_is_about_concept_eurovoc":
        rec = out.act(celex)
        concept = text.rsplit("/", 1)[-1]
        if concept not in rec.eurovoc:
            rec.eurovoc.append(concept)
    elif name == "resource_legal_consolidated_by_act_consolidated":
        rec = out.act(celex)
        version = _consolidation_id(text)
        if version and version not in rec.consolidated_versions:
            rec.consolidated_versions.append(version)
    elif name == "work_created_by_agent":
        rec = out.act(celex)
        agent = text.rsplit("/", 1)[-1]
        parts = [a for a in (rec.author or "").split("; ") if a]
        if agent not in parts:
            rec.author = "; ".join(sorted(parts + [agent]))


def _consolidation_id(uri: str) -> str | None:
    """``.../resource/consolidation/2016R1011%2F20250117`` -> ``02016R1011-20250117``."""
    marker = "/resource/consolidation/"
    if marker not in uri:
        return None
    # as the consolidated version's own CELEX, the form the XML notices give: 02016R1011-20250117
    ident = unquote(uri.split(marker, 1)[1]).split("_")[0]
    return f"0{ident.replace('/', '-')}" if ident else None
