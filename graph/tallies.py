"""Corpus tallies: how often each act and document is cited, and how many measures each working party and
agency has, kept on those nodes by the corpus stage so the catalogue's rankings read a few hundred shared
nodes instead of aggregating every citation of the corpus (most_cited_acts, most_cited_documents,
working_party_workload, working_parties, agencies, act, presidencies).

The counts are exactly the aggregates those queries computed: ``refresh_tallies`` recomputes them over the
whole store (one aggregate a label, a few hundred milliseconds at 1,000 papers) and writes only the nodes
whose counts changed, so a second run writes nothing. It runs at the end of every corpus stage
(graph/corpus.py ``relink``: `eusec ingest`, uploads, `eusec link` after `eusec neo4j import`), after an
EUR-Lex import, and when an embedded store made before the tallies gains their columns. A Neo4j store made
before them gets them from `eusec link`. Like the corpus links, they describe the store as of its last
corpus stage: a paper loaded through ``GraphStore.load_document`` alone is counted by the next one. The
properties are declared in graph/schema.yaml like any other; their names end in ``_count``.
"""

from __future__ import annotations

from dataclasses import dataclass

from eusec.graph.schema import Schema, load_schema, q
from eusec.graph.store import GraphStore


@dataclass(frozen=True)
class Tally:
    """Counts of one label: an aggregate returning ``key`` and one column per count property."""

    label: str
    counts: tuple[str, ...]
    aggregates: tuple[str, ...]  # each returns `key` and some of ``counts``; a node absent from all gets 0


_CITED = (
    "MATCH (x:{label})<-[r:REFERENCES]-() RETURN x.{key} AS key, count(r) AS citation_count, "
    "count(DISTINCT r.source) AS citing_document_count",
    # measures by their label: the general report's own REFERENCES (from its Document) are not measures
    "MATCH (x:{label})<-[:REFERENCES]-(m:Measure) RETURN x.{key} AS key, count(DISTINCT m.`key`) AS citing_measure_count",
)
_CITED_COUNTS = ("citation_count", "citing_measure_count", "citing_document_count")

TALLIES: tuple[Tally, ...] = (
    *(Tally(label, _CITED_COUNTS, _CITED) for label in ("LegalAct", "CouncilDocument", "CommissionDocument")),
    Tally("WorkingParty", ("measure_count", "document_count", "section_count", "follow_up_count"), (
        "MATCH (x:{label})-[:RESPONSIBLE_FOR]->(m:Measure) RETURN x.{key} AS key, count(DISTINCT m.`key`) AS measure_count, "
        "count(DISTINCT m.document) AS document_count, count(DISTINCT m.section) AS section_count, "
        "count(DISTINCT CASE WHEN m.has_follow_up THEN m.`key` END) AS follow_up_count",
    )),
    Tally("Agency", ("measure_count",), (
        "MATCH (x:{label})<-[:INVOLVES]-(m:Measure) RETURN x.{key} AS key, count(DISTINCT m.`key`) AS measure_count",
    )),
    Tally("Presidency", ("reported_count", "planned_count", "issued_count"), (
        "MATCH (x:{label})<-[r:REPORTED_UNDER]-() RETURN x.{key} AS key, count(r) AS reported_count",
        "MATCH (x:{label})<-[r:PLANNED_UNDER]-() RETURN x.{key} AS key, count(r) AS planned_count",
        "MATCH (x:{label})<-[:ISSUED_BY]-(d:Document) RETURN x.{key} AS key, count(DISTINCT d.number) AS issued_count",
    )),
)


def _checked(schema: Schema) -> tuple[Tally, ...]:
    """The tallies, each count a declared INT64 property of its label (graph/schema.yaml is the authority)."""
    for tally in TALLIES:
        props = schema.nodes[tally.label].properties
        for name in tally.counts:
            if props.get(name) != "INT64":
                raise RuntimeError(f"graph/schema.yaml: {tally.label}.{name} must be declared INT64 (a tally)")
    return TALLIES


def _wanted(store: GraphStore, tally: Tally, key: str, keys: list[str]) -> dict[str, dict[str, int]]:
    """The counts of the nodes ``keys`` of the tally's label, from its aggregates (0 where none counts it)."""
    wanted = {k: {name: 0 for name in tally.counts} for k in keys}
    for aggregate in tally.aggregates:
        for row in store.read(aggregate.format(label=q(tally.label), key=key)):
            if row["key"] in wanted:
                wanted[row["key"]].update({k: int(v) for k, v in row.items() if k != "key"})
    return wanted


def refresh_tallies(store: GraphStore, schema: Schema | None = None) -> int:
    """Recompute every tally and write the nodes whose counts changed; the number of nodes written."""
    schema = schema or load_schema()
    written = 0
    for tally in _checked(schema):
        key = q(schema.key_of(tally.label))
        counts = ", ".join(f"x.{name} AS {name}" for name in tally.counts)
        stored = {r["key"]: {n: r[n] for n in tally.counts}
                  for r in store.read(f"MATCH (x:{q(tally.label)}) RETURN x.{key} AS key, {counts}")}
        wanted = _wanted(store, tally, key, list(stored))
        rows = [{"key": k, **v} for k, v in sorted(wanted.items()) if stored[k] != v]
        if rows:
            sets = ", ".join(f"x.{name} = row.{name}" for name in tally.counts)
            store.query(f"UNWIND $rows AS row MATCH (x:{q(tally.label)} {{{key}: row.key}}) SET {sets}", {"rows": rows})
            written += len(rows)
    return written


def tallied_columns() -> set[tuple[str, str]]:
    """(label, property) of every tally."""
    return {(tally.label, name) for tally in TALLIES for name in tally.counts}
