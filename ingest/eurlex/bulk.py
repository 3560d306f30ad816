"""The bulk act table ``all_acts_2003-2019_f.Rdata`` (an R data.frame ``out2``, one row per act, built from
EUR-Lex ELI metadata), read with pyreadr (librdata, a maintained C reader).

It is loaded in one part per year of the CELEX number (``EUR-Lex/CELLAR:<file>#<year>``): small
transactions, a progress bar per part, and a re-import that replaces exactly the same parts. Relations are
not in this file (the target URIs were dropped), only the treaty of the legal basis (no article).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Iterator

from eusec.errors import InputError
from eusec.ingest.eurlex.common import iso_date, to_bool
from eusec.ingest.eurlex.ids import act_celex
from eusec.ingest.eurlex.records import NoticeRecords, TreatyArticleRecord

_TREATIES = {"TEC": "TEC", "TFEU": "TFEU", "TEU": "TEU", "EURATOM": "EAEC", "EC": "TEC"}
_AUTHORS = {"Co-decision": "European Parliament; Council", "Council": "Council", "Commission": "Commission"}


def load_frame(path: Path) -> Any:
    """The act table as a pandas DataFrame; InputError (one line) when it is not such an R data file."""
    import pyreadr

    if not path.is_file():
        raise InputError(f"{path.name}: no such file")
    try:
        frames = pyreadr.read_r(str(path))
    except Exception as exc:  # pyreadr raises its own LibrdataError / PyreadrError
        raise InputError(f"{path.name}: not a readable R data file ({type(exc).__name__})") from exc
    frame = next((f for f in frames.values() if "celex" in f.columns), None)
    if frame is None:
        raise InputError(f"{path.name}: no data frame with a 'celex' column")
    return frame


def _clean(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text if text and text.upper() != "NA" else None


def iter_parts(path: Path) -> Iterator[NoticeRecords]:
    """One NoticeRecords per CELEX year, in year order."""
    frame = load_frame(path)
    columns = list(frame.columns)
    keywords = [c for c in columns if c.startswith("keyword.")]
    bases = [c for c in columns if c.startswith("legal_basis.")]
    parts: dict[str, NoticeRecords] = {}
    for line, row in enumerate(frame.itertuples(index=False), start=1):
        data = dict(zip(columns, row))
        celex = act_celex(_clean(data.get("celex")))
        if celex is None:
            continue
        year = celex[1:5]
        out = parts.get(year)
        if out is None:
            out = parts[year] = NoticeRecords(file=path.name, format="rdata", part=year)
        rec = out.act(celex, line)
        rec.title = _clean(data.get("title"))
        rec.in_force = to_bool(_clean(data.get("in_force")))
        rec.date_document = iso_date(_clean(data.get("date_doc")))
        rec.date_entry_into_force = iso_date(_clean(data.get("date_force")))
        rec.date_end_of_validity = iso_date(_clean(data.get("date_expiration")))
        author = _clean(data.get("author2"))
        rec.author = _AUTHORS.get(author, author) if author else None
        rec.eurovoc = sorted({k for k in (_clean(data.get(c)) for c in keywords) if k})
        for c in bases:
            code = _clean(data.get(c))
            treaty = _TREATIES.get((code or "").split("_")[0])
            if treaty:
                out.treaty_articles.setdefault(treaty, TreatyArticleRecord(ref=treaty, treaty=treaty, article=""))
                out.relate("BASED_ON", celex, treaty, rule=f"rdata:{c}={code}", line=line, label="TreatyArticle")
    for year in sorted(parts):
        yield parts[year]
