"""Node provenance as stored: Statement rows, one per (node, document).

A node's provenance is the list of statements (document, lines, page, snippet, rule) of every mention of it.
Stored on the node, that list grew with the corpus (a much-cited act or agency carries a statement from every
paper), and every paper's load read, parsed and rewrote all of it. Stored as one row per (node, document) —
``{id, node, document, statements}``, the statements as JSON text — a load writes the rows of its own
document and never touches another paper's (graph.schema.STATEMENT_LABEL). This module is the one place
that turns statement lists into rows and rows back into lists.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Iterable

from eusec.graph.schema import statement_id


def dump(statements: list[dict[str, Any]]) -> str:
    """Statements as stored: JSON text (sorted, see :func:`sort`)."""
    return json.dumps(sort(statements), ensure_ascii=False)


def parse(text: str | None) -> list[dict[str, Any]]:
    """Stored JSON text back as a list of statements (bad or empty text -> [])."""
    if not text:
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return [s for s in value if isinstance(s, dict)] if isinstance(value, list) else []


def sort(statements: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Statements in a canonical order (document, lines, rule, snippet): what is stored and returned does
    not depend on the order in which documents were loaded."""
    return sorted(
        statements,
        key=lambda s: (
            str(s.get("document") or ""),
            int(s.get("line_start") or 0),
            int(s.get("line_end") or 0),
            str(s.get("rule") or ""),
            str(s.get("snippet") or ""),
        ),
    )


def row(uid: str, document: str, statements: list[dict[str, Any]]) -> dict[str, Any]:
    """The Statement row of ``document``'s statements about node ``uid``."""
    return {"id": statement_id(uid, document), "node": uid, "document": document, "statements": dump(statements)}


def by_document(statements: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Statements grouped by the document they name (each group one Statement row)."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in statements:
        groups[str(s.get("document") or "")].append(s)
    return dict(groups)


def rows_for(uid: str, statements: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every Statement row of a node, from its whole provenance list."""
    return [row(uid, doc, group) for doc, group in sorted(by_document(statements).items())]


def collect(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Stored Statement rows -> node uid -> its provenance (all documents, canonical order)."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        out[str(r.get("node") or "")].extend(parse(r.get("statements")))
    return {uid: sort(items) for uid, items in out.items()}


def flatten(texts: Iterable[Any]) -> list[dict[str, Any]]:
    """A node's provenance from what a query returns for it: one JSON text, or a list of them (one per
    Statement row), in canonical order."""
    if isinstance(texts, str):
        texts = [texts]
    out: list[dict[str, Any]] = []
    for text in texts or []:
        if isinstance(text, dict):
            out.append(text)
        elif isinstance(text, str):
            out.extend(parse(text))
    return sort(out)
