"""The corpus stage on three editions of a made-up series, scored against hand gold, on both backends:
link precision/recall, splits, added and dropped measures, working-party changes, renumbering, retitling,
previous documents and identity; any ingestion order gives the same graph; re-running changes nothing."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest

from eusec.graph.corpus import relink
from tests.corpus.conftest import EDITION_FILES, edition_graph, load_editions, stored_links
from tests.ingest.scoring import prf

pytestmark = pytest.mark.timeout(600)


def test_links_precision_recall(store: Any, gold: dict[str, Any]) -> None:
    load_editions(store, EDITION_FILES)
    found = set(stored_links(store))
    expected = {tuple(pair) for pair in gold["links"]}
    p, r, f = prf(found, expected)
    print(f"\nedition links ({store.backend}): P={p:.3f} R={r:.3f} F1={f:.3f} ({len(found)} found, {len(expected)} gold)")
    assert p >= 0.95, sorted(found - expected)
    assert r >= 0.90, sorted(expected - found)


def test_split_added_dropped_and_changes(store: Any, gold: dict[str, Any]) -> None:
    summary = load_editions(store, EDITION_FILES)
    links = stored_links(store)
    for old, news in gold["splits"]:
        for new in news:
            assert links[(old, new)]["kind"] == "split", (old, new)
    for doc, keys in gold["added"].items():
        assert summary.unlinked[doc]["added"] == keys
    for doc, keys in gold["dropped"].items():
        nxt = {"9901/24": "9902/25", "9902/25": "9903/25"}[doc]
        assert summary.unlinked[nxt]["dropped"] == keys
    for old, new, change in gold["working_party_changes"]:
        link = links[(old, new)]
        assert "working_party" in link["changes"]
        assert (link.get("wp_added") or []) == change["added"]
        assert (link.get("wp_removed") or []) == change["removed"]
    # every link whose working parties did not change in the gold says so
    wp_changed = {(o, n) for o, n, _ in gold["working_party_changes"]}
    assert {k for k, v in links.items() if "working_party" in (v["changes"] or [])} == wp_changed
    for old, new in gold["renumbered"]:
        assert "number" in links[(old, new)]["changes"]
    for old, new in gold["retitled"]:
        assert "title" in links[(old, new)]["changes"]
    # provenance: the newer edition states the link, at the new measure's lines, named by the linker
    for (old, new), link in links.items():
        assert link["source"] == new.split("#")[0]
        assert link["rule"] == "corpus.editions.v1" and link["line_start"] > 0
        assert "score" in link["evidence"]


def test_series_previous_documents_and_identity(store: Any, gold: dict[str, Any]) -> None:
    load_editions(store, EDITION_FILES)
    editions = store.read(
        "MATCH (d:Document)-[r:IN_SERIES]->(s:Series) RETURN s.`key` AS series, r.edition AS edition, "
        "d.number AS number ORDER BY edition"
    )
    assert [(e["series"], e["number"]) for e in editions] == [(gold["series"], n) for n in gold["editions"]]
    assert [e["edition"] for e in editions] == [1, 2, 3]
    prev = store.read("MATCH (d:Document)-[r:PRECEDED_BY]->(p) RETURN d.number AS doc, p.number AS prev, p.uid AS uid")
    assert {r["doc"]: r["prev"] for r in prev} == gold["previous_documents"]
    # 9900/24 is not ingested: the link goes to the Council document, created with the header as provenance
    assert {r["uid"] for r in prev if r["doc"] == "9901/24"} == {"CouncilDocument:9900/24"}
    council = store.read("MATCH (c:CouncilDocument {number: '9900/24'}) MATCH (s:Statement {node: c.uid}) "
                         "RETURN c.sources AS sources, s.statements AS p")
    assert council[0]["sources"] == ["9901/24"]
    assert json.loads(council[0]["p"])[0]["rule"] == "corpus.previous_document"
    # 9903/25 cites 9902/25 in its text, and 9902/25 names 9901/24 as its previous document in its header
    # (a header citation): the cited document and the ingested paper are one entity
    same = store.read("MATCH (d:Document)-[:SAME_AS]->(c:CouncilDocument) RETURN d.number AS doc, c.number AS cited "
                      "ORDER BY doc")
    assert same == [{"doc": "9901/24", "cited": "9901/24"}, {"doc": "9902/25", "cited": "9902/25"}]
    nxt = store.read(
        "MATCH (a:Document)-[r:NEXT_EDITION]->(b:Document) RETURN a.number AS older, b.number AS newer, r.linked AS linked, "
        "r.added AS added, r.dropped AS dropped ORDER BY older"
    )
    assert nxt == [
        {"older": "9901/24", "newer": "9902/25", "linked": 10, "added": 1, "dropped": 1},
        {"older": "9902/25", "newer": "9903/25", "linked": 10, "added": 1, "dropped": 1},
    ]


def _graph_rows(store: Any) -> tuple[set[str], set[str]]:
    """The whole stored graph as comparable rows (node rows and relationship rows, JSON)."""
    g = store.dump()
    nodes = {json.dumps(n.__dict__ | {"provenance": sorted(json.dumps(p.as_dict(), sort_keys=True) for p in n.provenance)},
                        sort_keys=True, default=str) for n in g.nodes.values()}
    rels = {json.dumps({"t": r.type, "s": r.start, "e": r.end, "p": r.properties, "v": r.provenance.as_dict()},
                       sort_keys=True, default=str) for r in g.relationships.values()}
    return nodes, rels


def _graph_of(backend: str, path: Any, fill: Callable[[Any], None]) -> tuple[set[str], set[str]]:
    """The graph rows of a new store of ``backend`` at ``path`` after ``fill(store)``."""
    from tests.conftest import open_test_store

    s = open_test_store(backend, path)
    try:
        fill(s)
        return _graph_rows(s)
    finally:
        if backend == "neo4j":
            s.clear()
        s.close()


def _record_reads(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """From now on, the papers of every ``read_measures`` call of the corpus stage, one list per call."""
    from eusec.graph import corpus

    read: list[list[str]] = []
    real = corpus.read_measures
    monkeypatch.setattr(corpus, "read_measures", lambda s, docs: read.append(list(docs)) or real(s, docs))
    return read


def test_any_order_gives_the_same_graph(backend: str, tmp_path: Any) -> None:
    orders = [EDITION_FILES, list(reversed(EDITION_FILES)), [EDITION_FILES[1], EDITION_FILES[2], EDITION_FILES[0]]]
    graphs = [_graph_of(backend, tmp_path / f"order{i}", lambda s, o=order: load_editions(s, o))
              for i, order in enumerate(orders)]
    for other in graphs[1:]:
        assert sorted(other[0] ^ graphs[0][0]) == [] and sorted(other[1] ^ graphs[0][1]) == []


def test_relink_twice_changes_nothing_and_reload_restores(store: Any) -> None:
    load_editions(store, EDITION_FILES)
    before = _graph_rows(store)
    again = relink(store)
    assert (again.created, again.deleted, again.nodes_written) == (0, 0, 0)
    assert again.unchanged == 30  # 20 measure links, 3 IN_SERIES, 2 NEXT_EDITION, 3 PRECEDED_BY, 2 SAME_AS
    # a changed edition (a measure lost) re-links; the original edition brings back the same graph
    from eusec.ingest.pipeline import extract_text
    from tests.corpus.conftest import EDITIONS_DIR

    text = (EDITIONS_DIR / EDITION_FILES[1]).read_text(encoding="utf-8")
    changed = extract_text(text.replace("Firearms trafficking", "Trafficking in firearms and explosives"),
                           name=EDITION_FILES[1])
    store.load_document(changed)
    relink(store)
    links = stored_links(store)
    assert "title" in links[("9901/24#6", "9902/25#7")]["changes"]
    store.load_document(edition_graph(EDITION_FILES[1]))
    relink(store)
    assert _graph_rows(store) == before


def test_removing_an_edition_relinks_the_rest(store: Any) -> None:
    load_editions(store, EDITION_FILES)
    store.remove_document("9902/25")
    summary = relink(store)
    assert summary.series == {"iss-implementation": ["9901/24", "9903/25"]}
    links = stored_links(store)
    # the measures are linked across the gap, and nothing points to the removed paper any more
    assert ("9901/24#4", "9903/25#4") in links and ("9901/24#8", "9903/25#8A") in links
    assert all("9902/25" not in k for pair in links for k in pair)
    assert store.read("MATCH (s:Series) RETURN s.editions AS n") == [{"n": 2}]


def test_empty_store_and_a_paper_outside_any_series(store: Any) -> None:
    from tests.conftest import build_small_graph

    empty = relink(store)
    assert (empty.series, empty.links, empty.created, empty.deleted) == ({}, 0, 0, 0)
    g = build_small_graph("4321/19")
    g.nodes["Document:4321/19"].properties["title"] = "Draft Council conclusions on the fight against drugs"
    store.load_document(g)
    summary = relink(store)
    assert summary.series == {} and summary.created == 0
    assert store.read("MATCH (s:Series) RETURN count(s) AS n") == [{"n": 0}]


def test_incremental_relink_gives_what_a_full_relink_gives(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """relink(changed=...) keeps the links of pairs of unchanged editions and scores the rest: after every
    step (editions loaded one by one, one changed, one removed) a full relink finds nothing to write and
    reports the same links and unlinked measures."""
    from eusec.graph import corpus
    from eusec.ingest.pipeline import extract_text
    from tests.corpus.conftest import EDITIONS_DIR

    read = _record_reads(monkeypatch)

    def step(changed: set[str]) -> list[str]:
        read.clear()
        incremental = relink(store, changed=changed)
        scored = sorted(d for docs in read for d in docs)
        full = relink(store)
        assert (full.created, full.deleted, full.nodes_written) == (0, 0, 0), changed
        assert (incremental.links, incremental.unlinked, incremental.series) == (full.links, full.unlinked, full.series)
        return scored

    store.load_document(edition_graph(EDITION_FILES[0]))
    assert step({"9901/24"}) == []  # one edition: nothing to link
    store.load_document(edition_graph(EDITION_FILES[1]))
    assert step({"9902/25"}) == ["9901/24", "9902/25"]
    store.load_document(edition_graph(EDITION_FILES[2]))
    assert step({"9903/25"}) == ["9902/25", "9903/25"]  # the first pair keeps its links, unscored
    assert len(stored_links(store)) == 20
    text = (EDITIONS_DIR / EDITION_FILES[1]).read_text(encoding="utf-8")
    store.load_document(extract_text(text.replace("Firearms trafficking", "Trafficking in firearms and explosives"),
                                     name=EDITION_FILES[1]))
    step({"9902/25"})
    assert "title" in stored_links(store)[("9901/24#6", "9902/25#7")]["changes"]
    store.remove_document("9902/25")
    step({"9902/25"})
    assert ("9901/24#4", "9903/25#4") in stored_links(store)
    # nothing changed: every pair keeps its links, nothing is written, no link's properties are read
    before = _graph_rows(store)
    props_read: list[list[Any]] = []
    real_props = corpus._link_properties
    monkeypatch.setattr(corpus, "_link_properties", lambda s, sc, keys: props_read.append(list(keys)) or real_props(s, sc, keys))
    read.clear()
    again = relink(store, changed=set())
    assert props_read == [] and read == []
    assert (again.created, again.deleted, again.nodes_written) == (0, 0, 0)
    assert again.links == len(stored_links(store)) > 0 and _graph_rows(store) == before


def test_measures_are_read_a_window_of_editions_at_a_time(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A series is linked with a few editions' measures in memory: with a window of one edition every read
    asks for one paper, each paper is read once, and the links are those of reading the whole series."""
    from eusec.graph import corpus

    load_editions(store, EDITION_FILES, relink_each=False)
    expected = stored_links(store)
    assert len(expected) == 20
    store.write_relationships([("CONTINUED_AS", f"Measure:{a}", f"Measure:{b}") for a, b in expected], [])
    read = _record_reads(monkeypatch)
    monkeypatch.setattr(corpus, "READ_EDITIONS", 1)
    summary = relink(store)
    assert summary.created == 20 and stored_links(store) == expected
    assert read == [["9901/24"], ["9902/25"], ["9903/25"]]


def test_a_changed_or_removed_previous_document_leaves_what_a_fresh_store_has(backend: str, tmp_path: Any) -> None:
    """The header statement the corpus stage puts on a Council document goes away with the paper naming it:
    after a paper's "No. prev. doc." changes (or the paper is removed) and a relink, the graph is the one a
    fresh store with the same papers gets."""
    from eusec.ingest.pipeline import extract_text
    from tests.corpus.conftest import EDITIONS_DIR

    text = (EDITIONS_DIR / EDITION_FILES[0]).read_text(encoding="utf-8")
    assert "No. prev. doc.:\t9900/24" in text
    changed = extract_text(text.replace("No. prev. doc.:\t9900/24", "No. prev. doc.:\t9899/24"), name=EDITION_FILES[0])
    council_9900 = "MATCH (c:CouncilDocument {number: '9900/24'}) RETURN count(c) AS n"

    def all_three(s: Any) -> None:
        load_editions(s, EDITION_FILES)
        assert s.read(council_9900) == [{"n": 1}]

    def change(s: Any) -> None:
        all_three(s)
        s.load_document(changed)
        relink(s, changed={"9901/24"})
        assert s.read(council_9900) == [{"n": 0}]

    def fresh_changed(s: Any) -> None:
        s.load_document(changed)
        load_editions(s, EDITION_FILES[1:])

    def remove(s: Any) -> None:
        all_three(s)
        s.remove_document("9901/24")
        relink(s, changed={"9901/24"})

    for i, (got, want) in enumerate(((change, fresh_changed), (remove, lambda s: load_editions(s, EDITION_FILES[1:])))):
        a, b = _graph_of(backend, tmp_path / f"got{i}", got), _graph_of(backend, tmp_path / f"want{i}", want)
        assert sorted(a[0] ^ b[0]) == [] and sorted(a[1] ^ b[1]) == []


def test_editions_scored_in_worker_processes_give_the_same_graph(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """graph/edition_runs.py: the pairs of a long series are scored in worker processes, runs of consecutive
    pairs, and their links written in pair order: the same graph as scoring every pair here. With one pair a
    run, the two pairs of the three editions go to two workers."""
    from eusec.graph import edition_runs

    load_editions(store, EDITION_FILES, relink_each=False)  # scored here, in this process
    here = _graph_rows(store)
    pools: list[int] = []
    real_pool = edition_runs.process_pool
    monkeypatch.setattr(edition_runs, "process_pool", lambda jobs: pools.append(jobs) or real_pool(jobs))
    monkeypatch.setattr(edition_runs, "PARALLEL_PAIRS", 1)
    monkeypatch.setattr(edition_runs, "RUN_PAIRS", 1)
    summary = relink(store, jobs=2)  # every pair scored again, in the workers
    assert pools == [2]
    assert (summary.links, summary.created, summary.deleted) == (20, 0, 0)
    assert _graph_rows(store) == here
