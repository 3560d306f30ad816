"""The corpus stage: links the papers of the store into one corpus, after loading.

What it writes (every relationship type below is owned by this stage; graph/schema.yaml describes them):

* ``(Document)-[:SAME_AS]->(CouncilDocument)`` — a cited Council document that is also ingested is the same
  entity: identity edge between the two nodes of one canonical number (REV/ADD/COR versions share it).
* ``(Document)-[:PRECEDED_BY]->(Document|CouncilDocument)`` — from "No. prev. doc.": to the ingested paper when
  there is one, else to the Council document of that number (created when nothing cites it yet).
* ``(Document)-[:IN_SERIES {edition}]->(Series)`` and ``(Document)-[:NEXT_EDITION]->(Document)`` — series
  recognised from the header (graph/series.yaml), editions in date order.
* ``(Measure)-[:CONTINUED_AS]->(Measure)`` — the same measure in the next edition, scored by graph/editions.py,
  with the evidence and what changed on the link.
* The tallies (graph/tallies.py): citation counts on acts and cited documents, measure counts on working
  parties and agencies, statement counts on Presidencies, recomputed last over what is then stored.

It is a pure function of the stored papers: :func:`relink` reads Documents and Measures, computes the wanted
corpus facts, compares them with the stored ones and writes only the difference (a relationship is keyed by
its type and its two ends; a changed one is deleted and created again). Running it after every load or removal
gives the same graph whatever the order in which editions were ingested; running it twice changes nothing the
second time. The difference is written in transactions of up to WRITE_CHUNK relationships, one statement per
relationship group in each (GraphStore.write_relationships): an interruption leaves some corpus links stale
until the next run, never a paper's own facts touched. Provenance: a link's ``source`` is the paper that states it (the newer edition, or the paper
whose header names its previous document), lines and page of the measure or header, ``rule`` the linker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from eusec.graph import statements
from eusec.graph.edition_runs import linked_pairs
from eusec.graph.editions import RULE, Link, MeasureRecord, order_key
from eusec.graph.schema import STATEMENT_LABEL, Schema, load_schema, q, statement_id
from eusec.graph.series import SeriesSpec, load_series, recognise
from eusec.graph.store import GraphStore
from eusec.graph.tallies import refresh_tallies

#: The relationship types this stage owns (it deletes stored ones it no longer wants).
OWNED_TYPES = ("SAME_AS", "PRECEDED_BY", "IN_SERIES", "NEXT_EDITION", "CONTINUED_AS")
SNIPPET_MAX = 300
#: Relationships written per transaction (bounds a transaction's memory on a large corpus).
WRITE_CHUNK = 5_000
#: Editions whose measures are read at a time: a series is linked with the measures of a few editions in
#: memory, whatever its length (reading all of a 1,000-edition series at once, 61,000 measures with their
#: texts, citations and working parties, added ~450 MiB to the ingest's peak).
READ_EDITIONS = 16
_PREV_RULE = "corpus.previous_document"

RelKey = tuple[str, str, str]  # (type, start uid, end uid)


@dataclass(frozen=True)
class DocumentRecord:
    """What the corpus stage needs of an ingested paper."""

    number: str
    date: str = ""
    title: str = ""
    from_: str = ""
    doc_type: str = ""
    previous: tuple[str, ...] = ()  # canonical numbers from "No. prev. doc."
    header_lines: tuple[int, int] = (1, 1)
    page: int | None = None

    @property
    def order(self) -> tuple[str, int, int, str]:
        """Date order; an undated paper goes by the year and serial of its number."""
        serial, _, yy = self.number.partition("/")
        year = 2000 + int(yy) if yy.isdigit() and len(yy) == 2 else int(yy) if yy.isdigit() else 0
        return (self.date or f"{year:04d}-99", year, int(serial) if serial.isdigit() else 0, self.number)


@dataclass
class CorpusSummary:
    """What one relink did."""

    series: dict[str, list[str]] = field(default_factory=dict)  # series key -> documents in edition order
    links: int = 0
    created: int = 0
    deleted: int = 0
    unchanged: int = 0
    nodes_written: int = 0  # nodes created, changed or deleted by this relink
    nodes_created: int = 0
    tallies_written: int = 0  # nodes whose citation or measure counts changed (graph/tallies.py)
    unlinked: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # doc -> {added, dropped}

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class _Wanted:
    rels: dict[RelKey, dict[str, Any]] = field(default_factory=dict)
    kept: set[RelKey] = field(default_factory=set)  # stored links of unchanged edition pairs, wanted as they are
    series_nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> row, "provenance" a list
    council_docs: dict[str, dict[str, Any]] = field(default_factory=dict)  # number -> statement to ensure


# -- reading ---------------------------------------------------------------------------------------------


def _header_span(items: list[dict[str, Any]], number: str) -> tuple[tuple[int, int], int | None]:
    for s in items:
        if s.get("document") == number and str(s.get("rule", "")).startswith("document.header"):
            return (int(s.get("line_start") or 1), int(s.get("line_end") or 1)), s.get("page")
    return (1, 1), None


def _statement_lists(store: GraphStore, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Statement rows by id (graph.statements): id -> its statements."""
    if not ids:
        return {}
    # UNWIND + a match on the key: an index lookup on both backends (``s.id IN $ids`` scans on LadybugDB)
    rows = store.read(
        f"UNWIND $ids AS i MATCH (s:{q(STATEMENT_LABEL)} {{id: i}}) RETURN s.id AS id, s.statements AS statements",
        {"ids": ids},
    )
    return {r["id"]: statements.parse(r.get("statements")) for r in rows}


def _node_statements(store: GraphStore, nodes: dict[str, list[str]]) -> dict[str, list[dict[str, Any]]]:
    """The whole provenance of the given nodes (uid -> its ``sources``: a node's Statement rows are those
    of documents in its sources): uid -> statements, nodes without any left out."""
    ids = [statement_id(uid, doc) for uid, docs in nodes.items() for doc in docs]
    found = _statement_lists(store, ids)
    out: dict[str, list[dict[str, Any]]] = {}
    for uid, docs in nodes.items():
        items = [s for doc in docs for s in found.get(statement_id(uid, doc), [])]
        if items:
            out[uid] = statements.sort(items)
    return out


def _sync_statements(store: GraphStore, uid: str, items: list[dict[str, Any]], docs: list[str]) -> None:
    """Make the Statement rows of node ``uid`` those of ``items`` (rows that differ are deleted and
    created again; equal rows are left alone). ``docs``: every document that may have a row now (the
    node's stored sources)."""
    label = q(STATEMENT_LABEL)
    want = {r["id"]: r for r in statements.rows_for(uid, items)}
    have = {sid: statements.dump(found) for sid, found in _statement_lists(
        store, sorted({statement_id(uid, d) for d in docs} | set(want))
    ).items()}
    for sid, text in sorted(have.items()):
        if sid not in want or want[sid]["statements"] != text:
            store.query(f"MATCH (s:{label} {{id: $id}}) DELETE s", {"id": sid})
    for sid, row in sorted(want.items()):
        if have.get(sid) != row["statements"]:
            store.query(
                f"CREATE (s:{label} {{id: $id, node: $node, document: $document, statements: $statements}})", row
            )


def read_documents(store: GraphStore, schema: Schema) -> list[DocumentRecord]:
    """Every ingested paper (header fields only)."""
    props = schema.node("Document").properties
    extra = ", d.previous_documents AS previous_documents" if "previous_documents" in props else ""
    rows = store.read(
        "MATCH (d:Document) RETURN d.number AS number, d.`date` AS date, d.title AS title, d.from_ AS from_, "
        f"d.doc_type AS doc_type, d.previous_document AS previous_document{extra}"
    )
    own = _statement_lists(store, [statement_id(f"Document:{r['number']}", r["number"]) for r in rows])
    out = []
    for r in rows:
        prev = [p for p in [r.get("previous_document"), *(r.get("previous_documents") or [])] if p]
        span, page = _header_span(own.get(statement_id(f"Document:{r['number']}", r["number"]), []), r["number"])
        out.append(
            DocumentRecord(
                number=r["number"],
                date=r.get("date") or "",
                title=r.get("title") or "",
                from_=r.get("from_") or "",
                doc_type=r.get("doc_type") or "",
                previous=tuple(dict.fromkeys(p for p in prev if p != r["number"])),
                header_lines=span,
                page=page,
            )
        )
    return sorted(out, key=lambda d: d.order)


_MEASURES_IN = "MATCH (d:Document)-[:`CONTAINS`]->(m:Measure) WHERE d.number IN $docs "
_MEASURES_OF = _MEASURES_IN + "RETURN d.number AS document, m.key AS key, m.number AS number, m.base_number AS base_number"


def read_measure_stubs(store: GraphStore, documents: list[str]) -> dict[str, list[MeasureRecord]]:
    """Key and number of the measures of the given papers, per paper, in the linker's order."""
    out: dict[str, list[MeasureRecord]] = {d: [] for d in documents}
    for r in store.read(_MEASURES_OF, {"docs": documents}) if documents else []:
        out[r["document"]].append(MeasureRecord(key=r["key"], document=r["document"], number=str(r.get("number") or ""),
                                                base_number=r.get("base_number")))
    return {d: sorted(ms, key=order_key) for d, ms in out.items()}


def read_measures(store: GraphStore, documents: list[str]) -> dict[str, list[MeasureRecord]]:
    """The measures of the given papers with their working parties and citations, per paper."""
    if not documents:
        return {}
    # one row per measure, its working parties and citations collected on the server: one row per (measure,
    # working party) and per (measure, citation), read apart, were 7 rows a measure, and over Bolt every row
    # costs (1,000 papers: 444,000 rows, 25 s). The measure's lines and page come from its CONTAINS edge (the
    # first place the paper states it, as the first of its statements): joining and parsing its Statement
    # row instead took a third of the read at 1,000 papers.
    rows = store.read(
        "MATCH (d:Document)-[c:`CONTAINS`]->(m:Measure) WHERE d.number IN $docs "
        "OPTIONAL MATCH (m)<-[:RESPONSIBLE_FOR]-(w:WorkingParty) "
        "WITH d, c, m, collect(w.code) AS wps "
        "OPTIONAL MATCH (m)-[:REFERENCES]->(x) "
        "WITH d, c, m, wps, collect(x.uid) AS cited "
        "RETURN d.number AS document, m.key AS key, m.number AS number, m.base_number AS base_number, "
        "m.title AS title, m.section AS section, m.state_of_play AS state_of_play, m.follow_up AS follow_up, "
        "m.main_documents AS main_documents, wps, cited, c.line_start AS line_start, c.line_end AS line_end, "
        "c.page AS page",
        {"docs": documents},
    )
    out: dict[str, list[MeasureRecord]] = {d: [] for d in documents}
    for r in rows:
        out[r["document"]].append(
            MeasureRecord(
                key=r["key"],
                document=r["document"],
                number=str(r.get("number") or ""),
                base_number=r.get("base_number"),
                title=r.get("title") or "",
                section=r.get("section") or "",
                state_of_play=r.get("state_of_play") or "",
                follow_up=r.get("follow_up") or "",
                main_documents=r.get("main_documents") or "",
                working_parties=frozenset(c for c in r.get("wps") or () if c is not None),
                cited=frozenset(u for u in r.get("cited") or () if u is not None),
                line_start=int(r.get("line_start") or 0),
                line_end=int(r.get("line_end") or 0),
                page=r.get("page"),
            )
        )
    return out


# -- what the corpus should look like ----------------------------------------------------------------------


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_MAX else text[: SNIPPET_MAX - 3] + "..."


def _prov(document: str, lines: tuple[int, int], page: int | None, snippet: str, rule: str) -> dict[str, Any]:
    return {
        "source": document,
        "line_start": lines[0],
        "line_end": max(lines),
        "page": page,
        "snippet": _clip(snippet),
        "rule": rule,
    }


def _link_props(series: str, link: Link, a: MeasureRecord, b: MeasureRecord) -> dict[str, Any]:
    props: dict[str, Any] = {
        "series": series,
        "kind": link.kind,
        "score": link.score,
        "number_match": link.number_match,
        "title_similarity": link.title_similarity,
        "text_similarity": link.text_similarity,
        "wp_overlap": link.wp_overlap,
        "cited_overlap": link.cited_overlap,
        "from_number": a.number,
        "to_number": b.number,
        "from_document": a.document,
        "to_document": b.document,
        "changes": list(link.changes),
        "wp_added": list(link.wp_added),
        "wp_removed": list(link.wp_removed),
        "cited_added": list(link.cited_added),
        "cited_removed": list(link.cited_removed),
        "title_before": a.title if "title" in link.changes else "",
        "state_of_play_before": a.state_of_play if "state_of_play" in link.changes else "",
        "text_change": link.text_change,
        "evidence": link.evidence,
    }
    lines = (b.line_start or 1, b.line_end or b.line_start or 1)
    snippet = f"{a.document} {a.number} '{a.title}' -> {b.document} {b.number} '{b.title}'"
    props.update(_prov(b.document, lines, b.page, snippet, RULE))
    return props


def identity_rels(documents: list[DocumentRecord], council_numbers: set[str]) -> dict[RelKey, dict[str, Any]]:
    """SAME_AS from each ingested paper to the Council document of its number, where that node exists."""
    return {
        ("SAME_AS", f"Document:{d.number}", f"CouncilDocument:{d.number}"): _prov(
            d.number, d.header_lines, d.page, d.number, "corpus.identity.number"
        )
        for d in documents
        if d.number in council_numbers
    }


def _council_numbers(store: GraphStore, numbers: list[str]) -> set[str]:
    if not numbers:
        return set()
    rows = store.read("MATCH (c:CouncilDocument) WHERE c.number IN $nums RETURN c.number AS number", {"nums": numbers})
    return {r["number"] for r in rows}


def plan_corpus(
    documents: list[DocumentRecord],
    measures_of: Any,
    council_numbers: set[str],
    catalogue: list[SeriesSpec],
    reusable: dict[tuple[str, str], list[RelKey]] | None = None,
    stubs_of: Any = None,
    *,
    on_links: Callable[[list[tuple[RelKey, dict[str, Any]]]], None],
    jobs: int = 1,
) -> tuple[_Wanted, CorpusSummary]:
    """The corpus facts wanted for these papers. ``measures_of(list of numbers)`` returns their measures.

    ``reusable``: (older, newer) -> the stored CONTINUED_AS links of a pair of editions neither of which has
    changed since they were linked; such a pair keeps them as they are (``kept``) instead of being scored
    again (its measures are not read: ``stubs_of(list of numbers)`` gives their keys and numbers, for the
    added/dropped lists). ``on_links(list of (key, properties))`` receives the measure links of each pair as
    it is scored (the caller writes them: a long series' links are never all in memory). ``jobs``: worker
    processes scoring the pairs of a long series (graph/edition_runs.py; the same links as with one).
    """
    reusable = reusable or {}
    wanted = _Wanted()
    summary = CorpusSummary()
    ingested = {d.number for d in documents}
    wanted.rels.update(identity_rels(documents, council_numbers))
    for d in documents:
        for prev in d.previous:
            props = _prov(d.number, d.header_lines, d.page, f"No. prev. doc.: {prev}", "corpus.previous_document")
            props["cited_as"] = prev
            if prev in ingested:
                wanted.rels[("PRECEDED_BY", f"Document:{d.number}", f"Document:{prev}")] = props
            else:
                wanted.rels[("PRECEDED_BY", f"Document:{d.number}", f"CouncilDocument:{prev}")] = props
                wanted.council_docs.setdefault(prev, {})[d.number] = {
                    "document": d.number,
                    "line_start": d.header_lines[0],
                    "line_end": d.header_lines[1],
                    "page": d.page,
                    "snippet": f"No. prev. doc.: {prev}",
                    "rule": _PREV_RULE,
                }
    members: dict[str, list[DocumentRecord]] = {}
    for d in documents:
        spec = recognise(d.title, d.from_, d.doc_type, catalogue)
        if spec is not None:
            members.setdefault(spec.key, []).append(d)
    names = {s.key: s.name for s in catalogue}
    for key, docs in members.items():
        docs = sorted(docs, key=lambda d: d.order)
        summary.series[key] = [d.number for d in docs]
        rule = f"series.yaml:{key}"
        wanted.series_nodes[key] = {
            "key": key,
            "name": names[key],
            "editions": len(docs),
            "uid": f"Series:{key}",
            "sources": sorted(d.number for d in docs),
            "provenance": statements.sort(
                {"document": d.number, "line_start": d.header_lines[0], "line_end": d.header_lines[1],
                 "page": d.page, "snippet": _clip(d.title), "rule": rule}
                for d in docs
            ),
        }
        for i, d in enumerate(docs, start=1):
            props = _prov(d.number, d.header_lines, d.page, d.title, rule)
            props["edition"] = i
            wanted.rels[("IN_SERIES", f"Document:{d.number}", f"Series:{key}")] = props
        pairs = list(zip(docs, docs[1:]))
        scored = [(a.number, b.number) for a, b in pairs if (a.number, b.number) not in reusable]
        window = _Window(list(dict.fromkeys(n for pair in scored for n in pair)), measures_of)
        kept = [(a, b) for a, b in pairs if (a.number, b.number) in reusable]
        stubs = stubs_of(sorted({d.number for pair in kept for d in pair})) if kept else {}
        results = linked_pairs(scored, window, jobs)
        for older, newer in pairs:
            kept_links = reusable.get((older.number, newer.number))
            if kept_links is not None:
                wanted.kept.update(kept_links)
                linked, added, dropped = _unlinked(kept_links, stubs, older.number, newer.number)
            else:
                pair, old_ms, new_ms, result = next(results)
                if pair != (older.number, newer.number):  # the scored pairs come back in series order
                    raise RuntimeError(f"edition pairs out of order: {pair} for {(older.number, newer.number)}")
                by_key = {m.key: m for m in old_ms + new_ms}
                links = [(("CONTINUED_AS", f"Measure:{link.old}", f"Measure:{link.new}"),
                          _link_props(key, link, by_key[link.old], by_key[link.new])) for link in result.links]
                on_links(links)
                linked, added, dropped = len(result.links), result.added, result.dropped
            summary.links += linked
            summary.unlinked[newer.number] = {"added": added, "dropped": dropped}
            props = _prov(newer.number, newer.header_lines, newer.page, f"{older.number} -> {newer.number} ({key})", RULE)
            props.update(series=key, linked=linked, added=len(added), dropped=len(dropped))
            wanted.rels[("NEXT_EDITION", f"Document:{older.number}", f"Document:{newer.number}")] = props
    return wanted, summary


class _Window:
    """The measures of a series' editions to score, in series order: read READ_EDITIONS editions at a time
    (``measures_of(list of numbers)``), each dropped once both of its pairs are scored."""

    def __init__(self, order: list[str], measures_of: Any) -> None:
        self.order = order
        self.position = {n: i for i, n in enumerate(order)}
        self.measures_of = measures_of
        self.held: dict[str, list[MeasureRecord]] = {}

    def get(self, number: str) -> list[MeasureRecord]:
        """The measures of one edition (reading it and the next editions not held yet)."""
        if number not in self.held:
            start = self.position[number]
            chunk = [n for n in self.order[start : start + READ_EDITIONS] if n not in self.held]
            self.held.update(self.measures_of(chunk))
        return self.held.get(number, [])

    def drop(self, number: str) -> list[MeasureRecord]:
        """Forget an edition; its measures are returned (to forget their features too)."""
        return self.held.pop(number, [])


def _unlinked(
    links: list[RelKey], stubs: dict[str, list[MeasureRecord]], older: str, newer: str
) -> tuple[int, list[str], list[str]]:
    """For a pair whose stored links are kept: how many links, and the measures of the newer (added) and of
    the older edition (dropped) left without one, in the linker's order."""
    linked_old = {k[1].split(":", 1)[1] for k in links}
    linked_new = {k[2].split(":", 1)[1] for k in links}
    return (len(links), [m.key for m in stubs.get(newer, []) if m.key not in linked_new],
            [m.key for m in stubs.get(older, []) if m.key not in linked_old])


def reusable_pairs(stored: dict[RelKey, Any], changed: set[str]) -> dict[tuple[str, str], list[RelKey]]:
    """(older, newer) -> stored CONTINUED_AS links, for every stored NEXT_EDITION between two papers not in
    ``changed`` (their measures are as when they were linked, so scoring them again would give the same)."""
    out: dict[tuple[str, str], list[RelKey]] = {}
    for type_, start, end in stored:
        if type_ == "NEXT_EDITION":
            a, b = start.split(":", 1)[1], end.split(":", 1)[1]
            if a not in changed and b not in changed:
                out[(a, b)] = []
    for key in stored:
        if key[0] == "CONTINUED_AS":  # measure keys are "<paper>#<number>"
            pair = (key[1].split(":", 1)[1].rpartition("#")[0], key[2].split(":", 1)[1].rpartition("#")[0])
            if pair in out:
                out[pair].append(key)
    return out


# -- writing -----------------------------------------------------------------------------------------------


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None and v != [] and v != ""}


def _stored_rels(store: GraphStore, schema: Schema) -> dict[RelKey, dict[str, Any] | None]:
    """Every stored relationship of the types this stage owns, with its properties; measure links (tens of
    thousands in a long series) without them (None): see :func:`_link_properties`."""
    out: dict[RelKey, dict[str, Any] | None] = {}
    for type_ in OWNED_TYPES:
        if type_ == "CONTINUED_AS":
            for row in store.read("MATCH (a:Measure)-[r:CONTINUED_AS]->(b:Measure) RETURN a.uid AS s, b.uid AS e"):
                out[(type_, row["s"], row["e"])] = None
            continue
        cols = list(schema.rel(type_).columns)
        ret = ", ".join(f"r.{q(c)} AS {q(c)}" for c in cols)
        for row in store.read(f"MATCH (a)-[r:{q(type_)}]->(b) RETURN a.uid AS __s, b.uid AS __e, {ret}"):
            key = (type_, row.pop("__s"), row.pop("__e"))
            out[key] = _clean(row)
    return out


def _link_properties(store: GraphStore, schema: Schema, keys: list[RelKey]) -> dict[RelKey, dict[str, Any]]:
    """The properties of these stored measure links (found from their older measure, by key)."""
    if not keys:
        return {}
    cols = list(schema.rel("CONTINUED_AS").columns)
    ret = ", ".join(f"r.{q(c)} AS {q(c)}" for c in cols)
    wanted = set(keys)
    starts = sorted({k[1].split(":", 1)[1] for k in keys})
    out: dict[RelKey, dict[str, Any]] = {}
    for i in range(0, len(starts), WRITE_CHUNK):
        for row in store.read(
            f"UNWIND $keys AS k MATCH (a:Measure {{key: k}})-[r:CONTINUED_AS]->(b:Measure) "
            f"RETURN a.uid AS __s, b.uid AS __e, {ret}",
            {"keys": starts[i : i + WRITE_CHUNK]},
        ):
            key = ("CONTINUED_AS", row.pop("__s"), row.pop("__e"))
            if key in wanted:
                out[key] = _clean(row)
    return out


def _ensure_series(store: GraphStore, wanted: dict[str, dict[str, Any]]) -> tuple[int, int]:
    """Series nodes as wanted: (nodes written, nodes created)."""
    stored = {r["key"]: _clean(r) for r in store.read(
        "MATCH (s:Series) RETURN s.`key` AS key, s.name AS name, s.editions AS editions, s.uid AS uid, "
        "s.sources AS sources"
    )}
    provenance = _node_statements(store, {f"Series:{key}": row.get("sources") or [] for key, row in stored.items()})
    written = 0
    for key, row in sorted(wanted.items()):
        node = {k: v for k, v in row.items() if k != "provenance"}
        if stored.get(key) == _clean(node) and provenance.get(node["uid"], []) == row["provenance"]:
            continue
        store.query(
            "MERGE (s:Series {`key`: $key}) SET s.name = $name, s.editions = $editions, s.uid = $uid, "
            "s.sources = $sources",
            node,
        )
        _sync_statements(store, node["uid"], row["provenance"], (stored.get(key) or {}).get("sources") or [])
        written += 1
    for key in sorted(set(stored) - set(wanted)):
        store.query("MATCH (s:Series {`key`: $key}) DETACH DELETE s", {"key": key})
        _sync_statements(store, f"Series:{key}", [], stored[key].get("sources") or [])
        written += 1
    return written, len(set(wanted) - set(stored))


def _ensure_council_documents(
    store: GraphStore, wanted: dict[str, dict[str, dict[str, Any]]], ingested: list[str]
) -> tuple[int, int]:
    """Council documents named as a previous document but not ingested: create them or add the header
    statement; and take the statement back from those that no longer need it, deleting a node that nothing
    else states. The result does not depend on the order in which papers were loaded.

    A statement of this stage on Council document X is in the row of the paper D naming X (``X@D``), and D
    is in X's sources: when D is loaded again or removed, the load takes its row and its place in the
    sources back like any of its own statements. So the only such statements no longer wanted that can
    remain are those on a Council document that got ingested since; those are the ones looked at besides
    ``wanted`` (not every Statement row of the store: a scan of all of them held ~150 MB at 1,000 papers)."""
    nums = sorted(set(wanted) | _council_numbers(store, ingested))
    stored = {r["number"]: r for r in store.read(
        "MATCH (c:CouncilDocument) WHERE c.number IN $nums RETURN c.number AS number, c.sources AS sources",
        {"nums": nums},
    )}
    provenance = _node_statements(store, {f"CouncilDocument:{n}": r.get("sources") or [] for n, r in stored.items()})
    written = created = 0
    for number in sorted(set(wanted) | set(stored)):
        row = stored.get(number)
        uid = f"CouncilDocument:{number}"
        have = provenance.get(uid, [])
        kept = [s for s in have if s.get("rule") != _PREV_RULE]
        items = statements.sort(kept + [s for _, s in sorted(wanted.get(number, {}).items())])
        if row is not None and items == have:
            continue
        written += 1
        if not items:  # only the corpus stage stated it, and no longer does
            store.query("MATCH (c:CouncilDocument {number: $number}) DETACH DELETE c", {"number": number})
            _sync_statements(store, uid, [], (row or {}).get("sources") or [])
            continue
        params: dict[str, Any] = {
            "number": number,
            "uid": uid,
            "sources": sorted({str(s.get("document")) for s in items}),
        }
        if row is None:
            created += 1
            serial, _, yy = number.partition("/")
            params.update(
                year=(2000 + int(yy)) if yy.isdigit() and len(yy) == 2 else int(yy) if yy.isdigit() else 0,
                serial=int(serial) if serial.isdigit() else 0,
                wd=number.startswith("WK "),
            )
            store.query(
                "MERGE (c:CouncilDocument {number: $number}) SET c.uid = $uid, c.sources = $sources, "
                "c.year = $year, c.serial = $serial, c.working_document = $wd",
                params,
            )
        else:
            store.query(
                "MATCH (c:CouncilDocument {number: $number}) SET c.uid = $uid, c.sources = $sources",
                params,
            )
        _sync_statements(store, uid, items, (row or {}).get("sources") or [])
    return written, created


def _difference(
    items: list[tuple[RelKey, dict[str, Any]]], have: dict[RelKey, Any], stored: dict[RelKey, Any], summary: CorpusSummary
) -> tuple[list[RelKey], list[tuple[RelKey, dict[str, Any]]]]:
    """What writing ``items`` takes, given the stored properties ``have`` of their keys: the stored ones that
    changed, to delete (replaced, so no property of the old version lingers), and the ones to create; equal
    ones are counted unchanged."""
    delete: list[RelKey] = []
    create: list[tuple[RelKey, dict[str, Any]]] = []
    for key, props in items:
        props = _clean(props)
        if have.get(key) == props:
            summary.unchanged += 1
            continue
        if key in stored:
            delete.append(key)
        create.append((key, props))
    return delete, create


class _LinkWriter:
    """Writes the measure links of scored edition pairs as they come, WRITE_CHUNK at a time: each chunk is
    compared with the stored links of the same keys (their properties read then), and only new or changed
    ones are written (a changed one deleted and created in the same transaction)."""

    def __init__(self, store: GraphStore, schema: Schema, stored: dict[RelKey, Any], summary: CorpusSummary) -> None:
        self.store, self.schema, self.stored, self.summary = store, schema, stored, summary
        self.pending: list[tuple[RelKey, dict[str, Any]]] = []
        self.seen: set[RelKey] = set()  # every link wanted so far (the stored ones not seen are stale)

    def add(self, links: list[tuple[RelKey, dict[str, Any]]]) -> None:
        self.pending.extend(links)
        if len(self.pending) >= WRITE_CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        chunk, self.pending = self.pending, []
        self.seen.update(key for key, _ in chunk)
        have = _link_properties(self.store, self.schema, [k for k, _ in chunk if k in self.stored])
        delete, create = _difference(chunk, have, self.stored, self.summary)
        self.summary.deleted += len(delete)
        self.summary.created += len(create)
        self.store.write_relationships(delete, create)


def relink(
    store: GraphStore,
    *,
    schema: Schema | None = None,
    catalogue: list[SeriesSpec] | None = None,
    changed: set[str] | None = None,
    jobs: int = 1,
) -> CorpusSummary:
    """Recompute the corpus links of the whole store and write the difference (see the module docstring).

    ``changed``: the papers loaded, replaced or removed since the last relink; the editions of the other
    papers keep their stored measure links instead of being scored again (``None``: score every pair, as
    ``eusec corpus link`` does). The result is the same either way when ``changed`` is complete. ``jobs``:
    worker processes scoring the editions of a long series (the same result with any number).
    """
    schema = schema or load_schema()
    catalogue = catalogue if catalogue is not None else load_series()
    documents = read_documents(store, schema)
    ingested = sorted(d.number for d in documents)
    stored = _stored_rels(store, schema)
    reusable = reusable_pairs(stored, changed) if changed is not None else None
    summary = CorpusSummary()
    writer = _LinkWriter(store, schema, stored, summary)
    wanted, planned = plan_corpus(documents, lambda docs: read_measures(store, docs), set(), catalogue,
                                  reusable, lambda docs: read_measure_stubs(store, docs), on_links=writer.add,
                                  jobs=jobs)
    writer.flush()
    summary.series, summary.links, summary.unlinked = planned.series, planned.links, planned.unlinked
    # nodes first: relationships need both ends; then the identities, over the Council documents now stored
    for written, created in (_ensure_series(store, wanted.series_nodes),
                             _ensure_council_documents(store, wanted.council_docs, ingested)):
        summary.nodes_written += written
        summary.nodes_created += created
    wanted.rels.update(identity_rels(documents, _council_numbers(store, ingested)))
    # measure links are written above as they are scored; the rest here. Stale: stored, no longer wanted
    # (not stated again, not kept, not among the links just written)
    summary.unchanged += len(wanted.kept)
    changed_keys, create = _difference(sorted(wanted.rels.items()), stored, stored, summary)
    delete = sorted(set(stored) - set(wanted.rels) - wanted.kept - writer.seen) + changed_keys
    summary.deleted += len(delete)
    summary.created += len(create)
    # one transaction per chunk, one statement per relationship group in it (not one per relationship):
    # an interruption leaves some links stale until the next run, as before
    # (every delete first: a changed link is deleted, whichever document states it, and then created)
    for i in range(0, len(delete), WRITE_CHUNK):
        store.write_relationships(delete[i : i + WRITE_CHUNK], [])
    for i in range(0, len(create), WRITE_CHUNK):
        store.write_relationships([], create[i : i + WRITE_CHUNK])
    # last: the counts read by the catalogue's rankings, over the links and documents now stored
    summary.tallies_written = refresh_tallies(store, schema)
    return summary
