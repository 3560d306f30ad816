"""Fixtures shared by every test folder: the store backends and sample graphs.

* ``backend`` — parametrised over "embedded" and "neo4j". Neo4j runs only when ``EUSEC_TEST_NEO4J=1``
  (then ``EUSEC_NEO4J_URI`` / ``EUSEC_NEO4J_USER`` / ``EUSEC_NEO4J_PASSWORD`` / ``EUSEC_NEO4J_DATABASE``
  come from the environment, and an unreachable server FAILS the test); otherwise it is skipped.
* ``store`` — an empty store of that backend with the schema ensured (embedded: a fresh folder;
  neo4j: cleared before and after).
* ``small_graph`` — a hand-built graph of one document in the shape of the schema.
* ``sample_graph`` (session) — ingest.pipeline.extract_file on ../shared/corpus/5618-20.txt.
* ``loaded_store`` (module, per backend) — a store with that sample loaded.

Tests that read ../shared/corpus (the ``corpus`` marker, or the fixtures above and the API's ``client``)
are not run one skip at a time when it is missing: under CI (``CI=true``) the run fails at once; elsewhere
they are deselected and the summary says so in one line.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, Iterator

import pytest

from eusec import PROJECT_ROOT
from eusec.graph.model import Graph, Provenance

BACKENDS = ["embedded", "neo4j"]
#: The shared corpus; EUSEC_TEST_CORPUS points elsewhere (e.g. a missing folder, to see what a run without it does).
CORPUS = Path(os.environ.get("EUSEC_TEST_CORPUS") or PROJECT_ROOT / ".." / "shared" / "corpus")
SAMPLE_PATH = CORPUS / "5618-20.txt"
#: Fixtures that hold the corpus sample: a test using one needs ../shared/corpus.
CORPUS_FIXTURES = frozenset({"sample_graph", "loaded_store", "api_store", "client"})
_MISSING_CORPUS_KEY = pytest.StashKey[int]()


def in_ci() -> bool:
    """CI=true (GitHub Actions, GitLab, most CI systems set it)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def needs_corpus(item: pytest.Item) -> bool:
    """The test reads ../shared/corpus: marked ``corpus`` or uses a fixture holding the sample."""
    return item.get_closest_marker("corpus") is not None or bool(CORPUS_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without ../shared/corpus: fail under CI, else deselect its tests (reported in one summary line)."""
    if SAMPLE_PATH.exists():
        return
    missing = [item for item in items if needs_corpus(item)]
    if not missing:
        return
    if in_ci():
        pytest.exit(f"CI: {len(missing)} tests need ../shared/corpus/5618-20.txt, which is missing", returncode=1)
    items[:] = [item for item in items if not needs_corpus(item)]
    config.hook.pytest_deselected(items=missing)
    config.stash[_MISSING_CORPUS_KEY] = len(missing)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    n = config.stash.get(_MISSING_CORPUS_KEY, 0)
    if n:
        terminalreporter.write_line(
            f"NOTE: {n} tests not run: ../shared/corpus/5618-20.txt is missing (under CI=true that fails the run)",
            yellow=True,
        )


def neo4j_enabled() -> bool:
    """Neo4j tests run only when EUSEC_TEST_NEO4J=1."""
    return os.environ.get("EUSEC_TEST_NEO4J", "") == "1"


def open_test_store(backend: str, tmp_path: Path) -> Any:
    """An empty store of ``backend`` with the schema ensured (no skipping here: callers decide)."""
    from eusec.settings import Settings
    from eusec.graph.factory import open_store

    if backend == "embedded":
        settings = Settings(data_dir=tmp_path)
    else:
        settings = Settings()  # EUSEC_NEO4J_* from the environment
    store = open_store(settings, backend=backend)
    store.ensure_schema()
    store.clear()
    return store


def _skip_unless_enabled(backend: str) -> None:
    if backend == "neo4j" and not neo4j_enabled():
        pytest.skip("Neo4j tests need EUSEC_TEST_NEO4J=1 (and a running server: `eusec neo4j start`)")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend name; neo4j is skipped with a reason unless EUSEC_TEST_NEO4J=1."""
    _skip_unless_enabled(request.param)
    return request.param


@pytest.fixture
def store(backend: str, tmp_path: Path) -> Iterator[Any]:
    """An empty store with the schema ensured; closed (and for Neo4j cleared) afterwards."""
    s = open_test_store(backend, tmp_path)
    try:
        yield s
    finally:
        try:
            if backend == "neo4j":
                s.clear()
        finally:
            s.close()


def _prov(doc: str, line: int, snippet: str, rule: str = "test") -> Provenance:
    return Provenance(document=doc, line_start=line, line_end=line, snippet=snippet, rule=rule, page=1)


def build_small_graph(doc: str = "5618/20", *, variant: int = 0) -> Graph:
    """A small graph of one document: two measures, a working party, acts, documents, an agency, a
    presidency. ``variant=1`` is a "new edition": measure 2 dropped, measure 1 retitled, a new act."""
    g = Graph(document=doc)
    g.add_node(
        "Document",
        doc,
        {"number": doc, "title": "Renewed Internal Security Strategy – implementation", "date": "2020-02-03",
         "subject_codes": ["COSI 15", "JAI 84"], "content_hash": f"hash-{doc}-{variant}", "line_count": 400},
        _prov(doc, 1, f"NOTE {doc}"),
    )
    g.add_node(
        "Measure",
        f"{doc}#1",
        {"number": "1", "base_number": 1, "document": doc, "section": "1.1",
         "title": "Interoperability of EU information systems" + (" (revised)" if variant else ""),
         "has_follow_up": True},
        _prov(doc, 20, "1. Interoperability"),
    )
    g.add_node("WorkingParty", "IXIM", {"name": "Working Party on JHA Information Exchange", "aliases": ["DAPIX"]},
               _prov(doc, 22, "Responsible WP: IXIM"))
    g.add_node("LegalAct", "32016R0794", {"type": "Regulation", "year": 2016, "number": 794,
                                          "short_name": "Regulation (EU) 2016/794"}, _prov(doc, 24, "2016/794"))
    g.add_node("Agency", "Europol", {"full_name": "European Union Agency for Law Enforcement Cooperation",
                                     "kind": "agency"}, _prov(doc, 25, "Europol"))
    g.add_node("Presidency", "2019-H2", {"code": "FI", "country": "Finland", "seq": 4039},
               _prov(doc, 30, "Finnish Presidency"))
    m1 = f"Measure:{doc}#1"
    g.add_relationship("CONTAINS", f"Document:{doc}", m1, _prov(doc, 20, "1. Interoperability"))
    g.add_relationship("RESPONSIBLE_FOR", "WorkingParty:IXIM", m1, _prov(doc, 22, "Responsible WP: IXIM"))
    g.add_relationship("REFERENCES", m1, "LegalAct:32016R0794", _prov(doc, 24, "Regulation (EU) 2016/794"),
                       {"section": "1.1", "via_footnote": False})
    g.add_relationship("INVOLVES", m1, "Agency:Europol", _prov(doc, 25, "Europol"), {"section": "1.1"})
    g.add_relationship("ESTABLISHES", "LegalAct:32016R0794", "Agency:Europol", _prov(doc, 24, "Europol Regulation"))
    g.add_relationship("REPORTED_UNDER", m1, "Presidency:2019-H2", _prov(doc, 30, "under the Finnish Presidency"),
                       {"sentence": "Work continued under the Finnish Presidency.", "section": "1.1"})
    if variant == 0:
        g.add_node("Measure", f"{doc}#2", {"number": "2", "base_number": 2, "document": doc, "section": "1.2",
                                           "title": "Prüm: next generation – «exchange» of DNA data"},
                   _prov(doc, 40, "2. Prüm"))
        g.add_node("CouncilDocument", "9727/19", {"year": 2019, "serial": 9727, "revisions": ["REV 1"]},
                   _prov(doc, 41, "9727/19 REV 1"))
        m2 = f"Measure:{doc}#2"
        g.add_relationship("CONTAINS", f"Document:{doc}", m2, _prov(doc, 40, "2. Prüm"))
        g.add_relationship("REFERENCES", m2, "CouncilDocument:9727/19", _prov(doc, 41, "9727/19 REV 1"),
                           {"section": "1.2", "via_footnote": True, "context": "see doc. 9727/19"})
        g.add_relationship("RESPONSIBLE_FOR", "WorkingParty:IXIM", m2, _prov(doc, 42, "Responsible WP: IXIM"))
    else:
        g.add_node("LegalAct", "32018R1862", {"type": "Regulation", "year": 2018, "number": 1862,
                                              "short_name": "Regulation (EU) 2018/1862"}, _prov(doc, 26, "2018/1862"))
        g.add_relationship("REFERENCES", m1, "LegalAct:32018R1862", _prov(doc, 26, "Regulation (EU) 2018/1862"),
                           {"section": "1.1", "via_footnote": False})
    return g


@pytest.fixture
def small_graph() -> Graph:
    """A fresh hand-built one-document graph (see build_small_graph)."""
    return build_small_graph()


@functools.lru_cache(maxsize=1)
def _extract_sample() -> Graph:
    """The sample paper extracted once per test session (tests using it need the corpus, see above)."""
    from eusec.ingest.pipeline import extract_file

    return extract_file(SAMPLE_PATH)


@pytest.fixture(scope="session")
def sample_graph() -> Graph:
    """The sample paper 5618/20 extracted by the ingest pipeline."""
    return _extract_sample()


@pytest.fixture(scope="module", params=BACKENDS)
def loaded_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A store (per backend, module scope) with the sample paper 5618/20 loaded."""
    _skip_unless_enabled(request.param)
    graph = _extract_sample()
    s = open_test_store(request.param, tmp_path_factory.mktemp("loaded"))
    try:
        s.load_document(graph)
        from eusec.graph.corpus import relink

        relink(s)  # as every ingest does: series, previous document
        yield s
    finally:
        try:
            if request.param == "neo4j":
                s.clear()
        finally:
            s.close()
