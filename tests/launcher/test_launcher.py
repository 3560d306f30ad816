"""The project's Neo4j launcher against a real Neo4j 5.26 server (own ports and data folder).

The server tests start a second server on ports 7697/7484 in a temporary home, so they do not disturb
a server already running on the default ports (the one ``scripts/test`` starts). They need
``EUSEC_TEST_NEO4J=1``, Java 17 and the launcher installed (``eusec neo4j install``; the fixture runs it
if needed). The tests without the server (argument checks) always run.
"""

from __future__ import annotations

import json
import os
import socket
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from eusec.graph import launcher
from eusec.graph.launcher import LauncherError

BOLT_PORT = 7697
HTTP_PORT = 7484
PASSWORD = "launcher-test-pw"
GUIDE = "http://127.0.0.1:8000/browser-guide"

needs_neo4j = pytest.mark.skipif(
    os.environ.get("EUSEC_TEST_NEO4J", "") != "1",
    reason="Neo4j launcher tests need EUSEC_TEST_NEO4J=1 (and Java 17 + Maven once)",
)


# ------------------------------------------------------------------------------- no server needed


def test_status_of_an_empty_home_is_stopped(tmp_path: Path) -> None:
    st = launcher.status(tmp_path)
    assert not st.running and st.pid is None and not st.bolt_accepting


def test_stale_pid_file_is_not_taken_for_a_running_server(tmp_path: Path) -> None:
    # pid 1 is alive but is not our JVM for this home: a recycled pid must not look like a server.
    (tmp_path / launcher.PID_FILE).write_text("1\n")
    assert not launcher.status(tmp_path).running
    assert launcher.stop(tmp_path) is False


def test_short_password_is_refused_before_anything_starts(tmp_path: Path) -> None:
    with pytest.raises(LauncherError, match="at least 8"):
        launcher.start(tmp_path, 7697, 7484, "short")
    assert not (tmp_path / launcher.PID_FILE).exists()


def test_port_in_use_is_a_one_line_error(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        busy = sock.getsockname()[1]
        with pytest.raises(LauncherError, match=f"port {busy} .* already in use"):
            launcher.start(tmp_path / "home", busy, busy + 1 if busy < 65535 else busy - 1, PASSWORD)


def test_guide_url_must_be_local(tmp_path: Path) -> None:
    with pytest.raises(LauncherError, match="guide URL"):
        launcher.start(tmp_path, 7697, 7484, PASSWORD, guide_url="http://example.org/guide")


# ----------------------------------------------------------------------------------- real server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A launcher server on the test ports in a fresh home; stopped at the end."""
    if os.environ.get("EUSEC_TEST_NEO4J", "") != "1":
        pytest.skip("Neo4j launcher tests need EUSEC_TEST_NEO4J=1")
    launcher.install()
    home = tmp_path_factory.mktemp("neo4j-home")
    launcher.start(home, BOLT_PORT, HTTP_PORT, PASSWORD, timeout=240, guide_url=GUIDE)
    yield home
    launcher.stop(home)


def _driver(password: str = PASSWORD):
    from neo4j import GraphDatabase

    return GraphDatabase.driver(f"bolt://127.0.0.1:{BOLT_PORT}", auth=("neo4j", password))


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of sockets listening on ``port`` (from /proc/net/tcp and tcp6, state 0A)."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                found.add(addr)
    return found


@pytest.mark.neo4j
@needs_neo4j
def test_status_reports_the_running_server(server: Path) -> None:
    st = launcher.status(server)
    assert st.running and st.bolt_accepting and st.pid
    assert st.bolt_uri == f"bolt://127.0.0.1:{BOLT_PORT}"
    assert st.browser_url == f"http://127.0.0.1:{HTTP_PORT}/browser/"
    again = launcher.start(server, BOLT_PORT, HTTP_PORT, PASSWORD)
    assert again.already_running and again.pid == st.pid


@pytest.mark.neo4j
@needs_neo4j
def test_ports_listen_on_loopback_only(server: Path) -> None:
    ipv4_loopback = "0100007F"  # 127.0.0.1, little-endian hex
    ipv6_mapped_loopback = "0000000000000000FFFF00000100007F"
    for port in (BOLT_PORT, HTTP_PORT):
        addrs = _listening_addresses(port)
        assert addrs, f"nothing listens on {port}"
        assert addrs <= {ipv4_loopback, ipv6_mapped_loopback}, f"port {port} listens on {addrs}"


@pytest.mark.neo4j
@needs_neo4j
def test_wrong_password_is_refused_and_the_right_one_works(server: Path) -> None:
    from neo4j.exceptions import AuthError

    with _driver("not-the-password") as bad, pytest.raises(AuthError):
        bad.verify_connectivity()
    with _driver() as good:
        records, _, _ = good.execute_query("RETURN 1 AS one")
        assert records[0]["one"] == 1


@pytest.mark.neo4j
@needs_neo4j
def test_load_csv_cannot_read_local_files(server: Path) -> None:
    from neo4j.exceptions import ClientError

    with _driver() as d, pytest.raises(ClientError, match="allow_csv_import_from_file_urls"):
        d.execute_query("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row LIMIT 1")


@pytest.mark.neo4j
@needs_neo4j
def test_http_discovery_and_browser(server: Path) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{HTTP_PORT}/", timeout=10) as r:
        discovery = json.loads(r.read())
    assert discovery["neo4j_version"].startswith("5.26")
    assert discovery["neo4j_edition"] == "community"
    assert discovery["bolt_direct"] == f"bolt://127.0.0.1:{BOLT_PORT}"
    with urllib.request.urlopen(f"http://127.0.0.1:{HTTP_PORT}/browser/", timeout=10) as r:
        assert r.status == 200
        assert b"<title>Neo4j Browser</title>" in r.read()


@pytest.mark.neo4j
@needs_neo4j
def test_browser_settings_reach_the_browser(server: Path) -> None:
    with _driver() as d:
        records, _, _ = d.execute_query("CALL dbms.clientConfig() YIELD name, value RETURN name, value")
    config = {r["name"]: r["value"] for r in records}
    assert config["browser.post_connect_cmd"] == f"play {GUIDE}"
    assert set(config["browser.remote_content_hostname_whitelist"].split(",")) == {"127.0.0.1", "localhost"}


@pytest.mark.neo4j
@needs_neo4j
def test_data_survives_a_restart(server: Path) -> None:
    with _driver() as d:
        d.execute_query("CREATE (:LauncherProbe {token: $t})", t="durable-42")
    assert launcher.stop(server) is True
    st = launcher.status(server)
    assert not st.running and not (server / launcher.PID_FILE).exists()
    launcher.start(server, BOLT_PORT, HTTP_PORT, PASSWORD, timeout=240)
    with _driver() as d:
        records, _, _ = d.execute_query("MATCH (p:LauncherProbe) RETURN p.token AS t")
    assert [r["t"] for r in records] == ["durable-42"]
    assert (server / "data" / "databases" / "neo4j").is_dir()  # a real on-disk store in the chosen home
