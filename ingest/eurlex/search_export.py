"""EUR-Lex advanced-search exports (CSV and TSV), read with the standard csv module.

Two layouts are real: TSV with quoted values and a trailing tab; and a CSV where each line is one quoted
field holding the ``""``-escaped subfields (EUR-Lex's, or a spreadsheet's, quirk), with a trailing comma.
Such a line is unwrapped by reading it twice with the csv reader. Acts are keyed by "CELEX number"; the
title, date, EuroVoc descriptors (labels) and author are read. Exports state no relations.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from eusec.errors import InputError
from eusec.ingest.eurlex.common import iso_date, read_bytes
from eusec.ingest.eurlex.ids import act_celex
from eusec.ingest.eurlex.records import NoticeRecords


def _rows(text: str, delimiter: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if rows and len(rows[0]) <= 2 and delimiter == ",":
        # one quoted field per line: the real fields are inside it; there the title is the one unquoted
        # field, so its commas split it: glue the surplus leading fields back into the title.
        rows = [next(csv.reader([r[0]]), []) if r else [] for r in rows]
        width = len(rows[0])
        rows = [r if len(r) <= width else [",".join(r[: len(r) - width + 1])] + r[len(r) - width + 1 :] for r in rows]
    return [[c.strip() for c in r] for r in rows]


def read_search_export(path: Path) -> NoticeRecords:
    """Read a EUR-Lex search export (``.csv`` or ``.tsv``)."""
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name}: not UTF-8 text") from exc
    delimiter = "\t" if path.suffix.lower() == ".tsv" or text.split("\n", 1)[0].count("\t") > 1 else ","
    rows = _rows(text, delimiter)
    if not rows or "CELEX number" not in rows[0]:
        raise InputError(f"{path.name}: no 'CELEX number' column (not a EUR-Lex search export)")
    header = rows[0]
    col = {name: i for i, name in enumerate(header) if name}
    out = NoticeRecords(file=path.name, format="search-export")

    def get(row: list[str], name: str) -> str | None:
        i = col.get(name)
        return (row[i] or None) if i is not None and i < len(row) else None

    for line, row in enumerate(rows[1:], start=2):
        celex = act_celex(get(row, "CELEX number"))
        if celex is None:
            continue
        rec = out.act(celex, line)
        rec.title = get(row, "Title")
        rec.date_document = iso_date(get(row, "Date of document"))
        descriptors = get(row, "EUROVOC descriptor")
        if descriptors:
            rec.eurovoc = sorted({d.strip() for d in descriptors.split(",") if d.strip()})
        author = get(row, "Author")
        if author:
            rec.author = "; ".join(sorted(a.strip() for a in author.split(",") if a.strip()))
        latest = iso_date(get(row, "Latest consolidated version"))
        if latest:
            rec.consolidated_versions = [f"0{celex[1:]}-{latest.replace('-', '')}"]
    return out
