"""``eusec eurlex fetch`` against a local HTTP server on 127.0.0.1 serving the real sample notices (no network
here), and ``eusec import eurlex`` from the command line: cache, retries, offline failure, bad input."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

from eusec.errors import InputError, RemoteUnavailableError
from eusec.ingest.eurlex.fetch import Fetcher
from eusec.ingest.eurlex.importer import import_file
from tests.eurlex.conftest import FIXTURES, sample


class CellarStub(BaseHTTPRequestHandler):
    """Serves /resource/celex/<CELEX> from the real XML notices and the SPARQL endpoint from the fixture;
    the first request for 32014R0001 answers 503 (to exercise the retry)."""

    files: dict[str, Path] = {}
    log: list[str] = []
    failed_once: set[str] = set()

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.log.append(self.path)
        if self.path.startswith("/resource/celex/"):
            celex = self.path.rsplit("/", 1)[-1]
            if celex == "32014R0001" and celex not in self.failed_once:
                self.failed_once.add(celex)
                return self._send(503, b"busy", "text/plain", {"Retry-After": "0"})
            if "notice=tree" not in self.headers.get("Accept", "") or celex not in self.files:
                return self._send(404, b"not found", "text/plain")
            return self._send(200, self.files[celex].read_bytes(), "application/xml")
        if self.path.startswith("/webapi/rdf/sparql"):
            return self._send(200, (FIXTURES / "europol_sparql.json").read_bytes(), "application/sparql-results+json")
        return self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:  # keep the test output quiet
        pass


@pytest.fixture
def cellar() -> Iterator[str]:
    CellarStub.files = {
        "32022R2554": sample("cellar-xml-notices/32022R2554_tree.xml"),
        "32014R0001": sample("cellar-xml-notices/32014R0001_object.xml"),
    }
    CellarStub.log, CellarStub.failed_once = [], set()
    server = ThreadingHTTPServer(("127.0.0.1", 0), CellarStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _fetcher(base: str, cache: Path) -> Fetcher:
    return Fetcher(base_url=base, cache_dir=cache, min_interval_s=0.05, retries=3, timeout_s=5)


def test_fetch_caches_retries_and_imports_like_the_importer(cellar: str, tmp_path: Path, store: Any) -> None:
    fetcher = _fetcher(cellar, tmp_path / "cache")
    files = fetcher.fetch_all(["32022R2554", "32014R0001"], sparql=True)
    assert [f.name for f in files] == ["32022R2554_tree.xml", "32022R2554_sparql.json", "32014R0001_tree.xml", "32014R0001_sparql.json"]
    # the cached notice is byte-for-byte what CELLAR served; the 503 was retried once
    assert files[0].read_bytes() == CellarStub.files["32022R2554"].read_bytes()
    assert CellarStub.log.count("/resource/celex/32014R0001") == 2 and fetcher.requests_made == 5
    # a second fetch comes from the cache: no request
    again = _fetcher(cellar, tmp_path / "cache")
    assert again.fetch_all(["32022R2554", "32014R0001"], sparql=True) == files and again.requests_made == 0
    # the same reader and loader as the importer: fetched and imported notices give the same graph
    for f in files:
        import_file(store, f)
    fetched = store.query("MATCH (a:LegalAct {celex: '32022R2554'})-[r:AMENDS]->(b) WHERE $d IN r.sources RETURN b.celex AS c ORDER BY c",
                          {"d": "EUR-Lex/CELLAR:32022R2554_tree.xml"})
    assert len(fetched) == 5
    assert store.query("MATCH (a:LegalAct {celex: '32014R0001'}) RETURN a.in_force AS f")[0]["f"] is True


def test_fetch_refuses_a_bad_celex_before_any_request(cellar: str, tmp_path: Path) -> None:
    fetcher = _fetcher(cellar, tmp_path)
    with pytest.raises(InputError, match="not a CELEX"):
        fetcher.fetch_all(["32016R0794", "../../etc/passwd"])
    assert fetcher.requests_made == 0


def test_fetch_unknown_notice_is_a_clear_error(cellar: str, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no notice"):
        _fetcher(cellar, tmp_path).fetch_all(["32016R0794"])
    assert not list(tmp_path.glob("*.xml"))  # nothing cached


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _eusec(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "eusec.cli", *args], capture_output=True, text=True, env={**os.environ, **env}, timeout=300)


def test_fetch_offline_fails_with_one_line(tmp_path: Path) -> None:
    env = {"EUSEC_DATA_DIR": str(tmp_path), "EUSEC_CELLAR_URL": f"http://127.0.0.1:{_closed_port()}",
           "EUSEC_CELLAR_MIN_INTERVAL_S": "0.01", "EUSEC_CELLAR_RETRIES": "2"}
    r = _eusec("eurlex", "fetch", "32016R0794", env=env)
    assert r.returncode == RemoteUnavailableError.exit_code
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach CELLAR at http://127.0.0.1:") and "offline" in lines[0]


def test_cli_import_and_bad_input_loses_nothing(tmp_path: Path) -> None:
    env = {"EUSEC_DATA_DIR": str(tmp_path / "db")}
    ok = _eusec("import", "eurlex", str(FIXTURES / "europol_sparql.json"), "--json", env=env)
    assert ok.returncode == 0, ok.stderr
    bad = tmp_path / "broken.rdf"
    bad.write_text("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><oops", encoding="utf-8")
    r = _eusec("import", "eurlex", str(bad), env=env)
    assert r.returncode == InputError.exit_code
    assert r.stderr.strip().splitlines() == ["error: 1 of 1 files could not be imported: broken.rdf"]
    stats = _eusec("stats", "--json", env=env)
    import json

    counts = json.loads(stats.stdout)
    assert counts["nodes"]["LegalAct"] == 5 and counts["relationships"]["AMENDS"] == 2  # the good import is intact
