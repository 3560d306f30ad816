"""Fixtures of the corpus tests: the three editions of the made-up ISS series in samples/editions/, extracted
once per session, and the hand gold of their links (tests/corpus/gold/iss-editions.yaml)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
import yaml

from eusec import PROJECT_ROOT
from eusec.graph.model import Graph

EDITIONS_DIR = PROJECT_ROOT / "samples" / "editions"
GOLD_PATH = Path(__file__).parent / "gold" / "iss-editions.yaml"
#: Oldest first, as the gold lists them.
EDITION_FILES = ["iss-edition-9901-24.txt", "iss-edition-9902-25.txt", "iss-edition-9903-25.txt"]


@functools.lru_cache(maxsize=None)
def edition_graph(name: str) -> Graph:
    """One edition extracted by the ingest pipeline (cached: extraction is the slow part)."""
    from eusec.ingest.pipeline import extract_file

    return extract_file(EDITIONS_DIR / name)


@pytest.fixture(scope="session")
def gold() -> dict[str, Any]:
    with open(GOLD_PATH, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_editions(store: Any, names: list[str], *, relink_each: bool = True) -> Any:
    """Load editions in the given order, running the corpus stage after each load as `eusec ingest` does."""
    from eusec.graph.corpus import relink

    summary = None
    for name in names:
        store.load_document(edition_graph(name))
        if relink_each:
            summary = relink(store)
    return summary if relink_each else relink(store)


def stored_links(store: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """(old key, new key) -> properties of every CONTINUED_AS link in the store."""
    rows = store.read(
        "MATCH (a:Measure)-[r:CONTINUED_AS]->(b:Measure) RETURN a.key AS old, b.key AS new, r.kind AS kind, "
        "r.score AS score, r.changes AS changes, r.wp_added AS wp_added, r.wp_removed AS wp_removed, "
        "r.evidence AS evidence, r.source AS source, r.rule AS rule, r.line_start AS line_start"
    )
    return {(r["old"], r["new"]): r for r in rows}
