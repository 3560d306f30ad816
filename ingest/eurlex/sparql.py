"""SPARQL result sets (JSON or CSV) from the CELLAR endpoint, parsed with rdflib's result parsers.

Columns are matched by variable name: ``celex`` (a CELEX, or ``work``/``act`` as a ``resource/celex`` URI)
names the act; ``title``, ``date_document``, ``date_entry_into_force``, ``date_end_of_validity``, ``in_force``,
``eli``, ``author``, ``eurovoc``, ``consolidated`` its metadata; and ``amends``, ``amended_by``, ``repeals``,
``repealed_by``, ``based_on``, ``basis_for``, ``corrects``, ``corrected_by`` its relations (CELEX or URI).
``eusec eurlex fetch`` asks CELLAR exactly these variables (see fetch.SPARQL_QUERY).
"""

from __future__ import annotations

import io
from pathlib import Path

from rdflib.query import Result

from eusec.errors import InputError
from eusec.ingest.eurlex.common import iso_date, read_bytes, to_bool
from eusec.ingest.eurlex.ids import act_celex, celex_from_eli, celex_from_uri, normalise_celex, treaty_article
from eusec.ingest.eurlex.records import NoticeRecords, TreatyArticleRecord

RELATIONS: dict[str, tuple[str, bool]] = {
    "amends": ("AMENDS", True),
    "amended_by": ("AMENDS", False),
    "repeals": ("REPEALS", True),
    "repealed_by": ("REPEALS", False),
    "based_on": ("BASED_ON", True),
    "basis_for": ("BASED_ON", False),
    "corrects": ("CORRECTS", True),
    "corrected_by": ("CORRECTS", False),
}


def _celex(value: str | None) -> str | None:
    if not value:
        return None
    return celex_from_uri(value) or celex_from_eli(value) or normalise_celex(value)


def parse_sparql(data: bytes, name: str, fmt: str) -> NoticeRecords:
    """Read SPARQL result bytes in ``fmt`` ("json" or "csv")."""
    try:
        result = Result.parse(io.BytesIO(data), format=fmt)
    except Exception as exc:  # rdflib's parsers raise assorted errors for bad input
        raise InputError(f"{name}: not a SPARQL {fmt.upper()} result set ({type(exc).__name__})") from exc
    names = [str(v) for v in (result.vars or [])]
    key = next((v for v in ("celex", "work", "act") if v in names), None)
    if key is None:
        raise InputError(f"{name}: the result set has no celex, work or act variable")
    out = NoticeRecords(file=name, format=f"sparql-{fmt}")
    for line, row in enumerate(result, start=2 if fmt == "csv" else 1):
        values = {v: (None if row[v] is None else str(row[v])) for v in names}  # type: ignore[index]
        celex = act_celex(_celex(values[key]))
        if celex is None:
            continue
        rec = out.act(celex, line)
        rec.title = rec.title or values.get("title") or None
        rec.date_document = rec.date_document or iso_date(values.get("date_document"))
        rec.date_entry_into_force = rec.date_entry_into_force or iso_date(values.get("date_entry_into_force"))
        rec.date_end_of_validity = rec.date_end_of_validity or iso_date(values.get("date_end_of_validity"))
        if to_bool(values.get("in_force")) is not None:
            rec.in_force = to_bool(values.get("in_force"))
        rec.eli = rec.eli or values.get("eli") or None
        if values.get("author"):
            agents = set((rec.author or "").split("; ")) - {""} | {values["author"].rsplit("/", 1)[-1]}  # type: ignore[union-attr]
            rec.author = "; ".join(sorted(agents))
        if values.get("eurovoc"):
            concept = values["eurovoc"].rsplit("/", 1)[-1]  # type: ignore[union-attr]
            if concept not in rec.eurovoc:
                rec.eurovoc.append(concept)
        if values.get("consolidated"):
            version = _celex(values["consolidated"])
            if version and version not in rec.consolidated_versions:
                rec.consolidated_versions.append(version)
        for var, (type_, forward) in RELATIONS.items():
            raw = _celex(values.get(var))
            if not raw:
                continue
            if type_ == "BASED_ON" and forward and treaty_article(raw):
                ref, treaty, article = treaty_article(raw)  # type: ignore[misc]
                out.treaty_articles.setdefault(ref, TreatyArticleRecord(ref=ref, treaty=treaty, article=article, celex=raw))
                out.relate("BASED_ON", celex, ref, rule=f"sparql:?{var}", line=line, label="TreatyArticle")
                continue
            out.link(type_, celex, act_celex(raw), forward=forward, rule=f"sparql:?{var}", line=line)
    return out


def read_sparql(path: Path) -> NoticeRecords:
    """Read a SPARQL result file: ``.json``/``.srj`` as SPARQL JSON, ``.csv`` as SPARQL CSV."""
    fmt = "csv" if path.suffix.lower() == ".csv" else "json"
    return parse_sparql(read_bytes(path), path.name, fmt)
