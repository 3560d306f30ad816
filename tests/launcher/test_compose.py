"""docker-compose.yml, Dockerfile and .dockerignore, checked statically (no Docker engine is run here)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from eusec import PROJECT_ROOT

COMPOSE = PROJECT_ROOT / "docker-compose.yml"


def _compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_services_and_images() -> None:
    services = _compose()["services"]
    assert set(services) >= {"neo4j", "api"}
    assert services["neo4j"]["image"].startswith("neo4j:5.26") and "community" in services["neo4j"]["image"]
    assert services["api"]["build"] in (".", {"context": "."})


def test_ports_are_published_on_loopback_only() -> None:
    for name, svc in _compose()["services"].items():
        for port in svc.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"
    neo4j_ports = {str(p).split(":", 1)[1] for p in _compose()["services"]["neo4j"]["ports"]}
    assert neo4j_ports == {"7474:7474", "7687:7687"}


def test_healthchecks_and_start_order() -> None:
    services = _compose()["services"]
    for name in ("neo4j", "api"):
        hc = services[name]["healthcheck"]
        assert hc["test"][0] in ("CMD", "CMD-SHELL") and hc["retries"] >= 3
    assert "cypher-shell" in " ".join(services["neo4j"]["healthcheck"]["test"])
    assert "8000/health" in " ".join(services["api"]["healthcheck"]["test"])
    assert services["api"]["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_api_talks_to_the_neo4j_service_with_the_same_password() -> None:
    services = _compose()["services"]
    env = services["api"]["environment"]
    assert env["EUSEC_STORE"] == "neo4j"
    assert env["EUSEC_NEO4J_URI"] == "bolt://neo4j:7687"
    auth = services["neo4j"]["environment"]["NEO4J_AUTH"]
    assert auth == "neo4j/" + env["EUSEC_NEO4J_PASSWORD"]  # one variable feeds both sides
    assert services["api"]["command"][:4] == ["eusec", "up", "--store", "neo4j"]
    assert "0.0.0.0" in services["api"]["command"]


def test_neo4j_safety_settings() -> None:
    env = _compose()["services"]["neo4j"]["environment"]
    assert env["NEO4J_dbms_security_allow__csv__import__from__file__urls"] == "false"
    assert "127.0.0.1" in env["NEO4J_browser_remote__content__hostname__whitelist"]
    assert "neo4j-data:/data" in _compose()["services"]["neo4j"]["volumes"]
    assert "neo4j-data" in _compose()["volumes"]


def test_dockerfile_runs_as_non_root_and_copies_existing_folders() -> None:
    text = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.11-slim" in text
    assert "\nUSER eusec" in text
    for line in text.splitlines():
        parts = line.split()
        if parts[:1] == ["COPY"] and not any(p.startswith("--from") for p in parts):
            for src in parts[1:-1]:
                assert (PROJECT_ROOT / src).exists(), f"Dockerfile copies missing {src}"
    ignored = (PROJECT_ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", "data/", ".env"} <= set(ignored)


def test_compose_defaults_are_not_machine_paths() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    for machine_dir in ("work", "tmp"):  # no absolute paths of a developer machine
        assert f"/{machine_dir}/" not in text


def test_compose_file_validates_with_docker_compose_when_available() -> None:
    """`docker-compose config` checks the file against the Compose schema (no engine needed)."""
    tool = shutil.which("docker-compose")
    if tool is None:
        pytest.skip("docker-compose is not installed (apt-get install docker-compose) - schema check skipped")
    done = subprocess.run(
        [tool, "-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr


def test_dockerfile_runs_the_wheel_not_the_source_tree() -> None:
    """The runtime image installs the wheel built from the sdist (as scripts/wheel-smoke does), never the checkout."""
    text = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install -e" not in text and "pip install ." not in text
    assert "python -m build" in text
    runtime = text.rsplit("\nFROM ", 1)[1]  # the last stage is the image that runs
    copies = [line.split() for line in runtime.splitlines() if line.startswith("COPY")]
    assert copies and all(parts[1] == "--from=wheel" and parts[2].endswith(".whl") for parts in copies), copies
    assert "pip install /tmp/eusec-*.whl" in runtime
