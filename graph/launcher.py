"""Control of the project's own Neo4j: a real Neo4j 5.26 Community server run from Maven artifacts.

``graph/launcher/`` is a tiny Maven project (one Java class) whose dependencies are the Neo4j Community
server and the Neo4j Browser. :func:`install` builds it once and caches the runtime classpath in
``graph/launcher/target/classpath.txt``; from then on :func:`start` needs only ``java`` (no Maven, no network).

A running server is described by two files in its home folder: ``launcher.pid`` (the JVM's pid) and
``launcher.json`` (ports, start time); its console output goes to ``neo4j.log`` and Neo4j's own logs to
``logs/``. The database files live in ``data/`` and persist across restarts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from eusec import RESOURCE_ROOT
from eusec.errors import StoreUnavailableError
from eusec.settings import get_settings

LAUNCHER_DIR = RESOURCE_ROOT / "graph" / "launcher"
TARGET_DIR = LAUNCHER_DIR / "target"
CLASSPATH_FILE = TARGET_DIR / "classpath.txt"
CLASSES_DIR = TARGET_DIR / "classes"
MAIN_CLASS = "eusec.launcher.Launcher"
DEFAULT_HEAP = "2g"
HOST = "127.0.0.1"

PID_FILE = "launcher.pid"
STATE_FILE = "launcher.json"
LOG_FILE = "neo4j.log"

# The JVM flags Neo4j's own start script uses (reflective access for the page cache and native I/O,
# netty, fail fast on OOM), minus the ones that only make sense for large servers (AlwaysPreTouch).
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)


class LauncherError(StoreUnavailableError):
    """The local Neo4j could not be installed, started or stopped (one-line message)."""

    code = "neo4j_launcher"


@dataclass
class LauncherStatus:
    """What :func:`status` knows about a launcher home."""

    home: Path
    running: bool
    pid: int | None = None
    bolt_port: int | None = None
    http_port: int | None = None
    bolt_accepting: bool = False
    started_at: float | None = None
    startup_s: float | None = None
    already_running: bool = False  # set by start() when nothing had to be started

    @property
    def bolt_uri(self) -> str | None:
        """``bolt://127.0.0.1:PORT`` or None when the port is unknown."""
        return f"bolt://{HOST}:{self.bolt_port}" if self.bolt_port else None

    @property
    def browser_url(self) -> str | None:
        """The Neo4j Browser served by this server."""
        return f"http://{HOST}:{self.http_port}/browser/" if self.http_port else None

    @property
    def log_path(self) -> Path:
        """The console log of the launcher."""
        return self.home / LOG_FILE

    def to_dict(self) -> dict:
        """JSON-friendly form (for ``--json`` output and the state file)."""
        d = asdict(self)
        d["home"] = str(self.home)
        d.update(bolt_uri=self.bolt_uri, browser_url=self.browser_url)
        return d


# ---------------------------------------------------------------------------------------------- install


def is_installed() -> bool:
    """True when the launcher is compiled and every jar of the cached classpath is present."""
    compiled = CLASSES_DIR / "eusec" / "launcher" / "Launcher.class"
    if not compiled.is_file() or not CLASSPATH_FILE.is_file():
        return False
    # A pom or source edited after the build (e.g. a Neo4j version bump) needs a rebuild.
    sources = [LAUNCHER_DIR / "pom.xml", *LAUNCHER_DIR.glob("src/main/java/**/*.java")]
    built = min(compiled.stat().st_mtime, CLASSPATH_FILE.stat().st_mtime)
    if any(src.stat().st_mtime > built for src in sources):
        return False
    return all(Path(p).is_file() for p in _classpath_entries())


def _classpath_entries() -> list[str]:
    return [p for p in CLASSPATH_FILE.read_text(encoding="utf-8").strip().split(os.pathsep) if p]


def classpath() -> str:
    """The full runtime classpath (compiled launcher + Neo4j jars from the local Maven repository)."""
    if not is_installed():
        raise LauncherError("the Neo4j launcher is not installed: run `eusec neo4j install` (needs Maven once)")
    return os.pathsep.join([str(CLASSES_DIR), *_classpath_entries()])


def install(*, force: bool = False, offline: bool = False) -> dict:
    """Build the launcher with Maven (once) and cache its classpath.

    Returns ``{"jars", "bytes", "seconds", "built"}``. Maven resolves the pinned Neo4j artifacts from
    Maven Central into ``~/.m2`` the first time (about 140 MB); later runs need no network.
    """
    if is_installed() and not force:
        entries = _classpath_entries()
        return {"jars": len(entries), "bytes": _size(entries), "seconds": 0.0, "built": False}
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LauncherError("Maven (`mvn`) is not on PATH; it is needed once to fetch Neo4j (apt-get install maven)")
    _java()  # fail early with a clear message
    cmd = [mvn, "-q", "-B", "-f", str(LAUNCHER_DIR / "pom.xml"), "package"]
    if offline:
        cmd.insert(3, "-o")
    t0 = time.monotonic()
    with tempfile.TemporaryFile(mode="w+") as out:
        rc = subprocess.run(cmd, cwd=LAUNCHER_DIR, stdout=out, stderr=subprocess.STDOUT, check=False).returncode
        if rc != 0:
            out.seek(0)
            errors = [ln.strip() for ln in out if "[ERROR]" in ln and ln.strip() != "[ERROR]"]
            first = errors[0] if errors else f"exit code {rc}"
            raise LauncherError(f"Maven could not build the Neo4j launcher: {first[:300]}")
    if CLASSPATH_FILE.is_file():
        os.utime(CLASSPATH_FILE)  # Maven leaves an unchanged classpath file untouched: mark this build
    if not is_installed():
        raise LauncherError("Maven finished but the launcher classpath is incomplete (graph/launcher/target)")
    entries = _classpath_entries()
    return {"jars": len(entries), "bytes": _size(entries), "seconds": round(time.monotonic() - t0, 1), "built": True}


def _size(paths: list[str]) -> int:
    return sum(Path(p).stat().st_size for p in paths if Path(p).is_file())


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise LauncherError("Java 17+ is not on PATH; Neo4j 5 needs it (apt-get install openjdk-17-jre-headless)")
    return java


# ------------------------------------------------------------------------------------------ start/stop


def java_command(
    home: Path, bolt_port: int, http_port: int, heap: str = DEFAULT_HEAP, guide_url: str | None = None
) -> list[str]:
    """The ``java`` argv that runs the server (the password is passed in the environment, not here)."""
    extra = ["--guide-url", guide_url] if guide_url else []
    # Memory one transaction may use (Neo4j's dbms.memory.transaction.total.max); a paper is one transaction.
    tx_memory = os.environ.get("EUSEC_NEO4J_TX_MEMORY")
    if tx_memory:
        extra += ["--tx-memory", tx_memory]
    return [
        _java(),
        "-Xms128m",  # grow on demand: the machine is shared, start small
        f"-Xmx{heap}",
        *JVM_FLAGS,
        "-cp",
        classpath(),
        MAIN_CLASS,
        "--home",
        str(home),
        "--bolt-port",
        str(bolt_port),
        "--http-port",
        str(http_port),
        *extra,
    ]


def start(
    home: Path | None = None,
    bolt_port: int | None = None,
    http_port: int | None = None,
    password: str | None = None,
    *,
    wait: bool = True,
    timeout: float = 180.0,
    heap: str = DEFAULT_HEAP,
    guide_url: str | None = None,
) -> LauncherStatus:
    """Start a Neo4j server for ``home`` in the background (its own session, it outlives this process).

    Idempotent: when one already runs for this home, returns its status with ``already_running=True``.
    With ``wait`` it returns once the server printed READY (password set, bolt accepting), else right
    after spawning. ``guide_url`` makes the Browser open that guide after connecting (it must be on
    127.0.0.1/localhost, the only hosts the Browser may load guides from).
    Raises :class:`LauncherError` if a port is taken or the server fails or times out.
    """
    settings = get_settings()
    home = Path(home or settings.neo4j_home).expanduser().resolve()
    bolt_port = int(bolt_port or settings.neo4j_bolt_port)
    http_port = int(http_port or settings.neo4j_http_port)
    password = password if password is not None else settings.neo4j_password.get_secret_value()
    if len(password) < 8:
        raise LauncherError("the Neo4j password must have at least 8 characters (EUSEC_NEO4J_PASSWORD)")
    if not re.fullmatch(r"\d+[kmg]", heap):
        raise LauncherError(f"bad heap size {heap!r} (expected e.g. 512m or 1g)")

    current = status(home)
    if current.running:
        current.already_running = True
        return current
    for port in (bolt_port, http_port):
        if _port_open(port):
            raise LauncherError(f"port {port} on {HOST} is already in use by another process")

    home.mkdir(parents=True, exist_ok=True)
    _write_conf_stub(home)
    if guide_url and not re.match(r"https?://(127\.0\.0\.1|localhost)(:\d+)?/", guide_url):
        raise LauncherError("the guide URL must be on http://127.0.0.1 or http://localhost")
    cmd = java_command(home, bolt_port, http_port, heap, guide_url)
    env = {**os.environ, "EUSEC_LAUNCHER_PASSWORD": password}
    log_path = home / LOG_FILE
    with log_path.open("ab") as log:
        offset = log.tell()
        log.write(f"--- eusec launcher start {time.strftime('%Y-%m-%dT%H:%M:%S%z')} ---\n".encode())
        log.flush()
        t0 = time.time()
        proc = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            cmd, cwd=home, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, close_fds=True,
        )
    (home / PID_FILE).write_text(f"{proc.pid}\n", encoding="utf-8")
    state = {"pid": proc.pid, "bolt_port": bolt_port, "http_port": http_port, "started_at": t0, "heap": heap}
    (home / STATE_FILE).write_text(json.dumps(state, indent=2), encoding="utf-8")
    if not wait:
        return LauncherStatus(home, True, proc.pid, bolt_port, http_port, False, t0)
    _wait_ready(proc, log_path, offset, timeout)
    state["startup_s"] = round(time.time() - t0, 1)
    (home / STATE_FILE).write_text(json.dumps(state, indent=2), encoding="utf-8")
    return status(home)


def _write_conf_stub(home: Path) -> None:
    """Create ``conf/neo4j.conf`` (read by the server) so users have one obvious place for extra settings."""
    conf = home / "conf" / "neo4j.conf"
    if not conf.exists():
        conf.parent.mkdir(parents=True, exist_ok=True)
        conf.write_text(
            "# Extra Neo4j settings for this eusec launcher home (one `key=value` a line).\n"
            "# The launcher always overrides: listen addresses (127.0.0.1), ports, auth (on),\n"
            "# dbms.security.allow_csv_import_from_file_urls (false), memory and directories.\n",
            encoding="utf-8",
        )


def _wait_ready(proc: subprocess.Popen, log_path: Path, offset: int, timeout: float) -> None:
    """Poll the console log for READY/FAILED; stop the server if it neither succeeds nor fails in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = _read_from(log_path, offset)
        for line in text.splitlines():
            if line.startswith("READY "):
                return
            if line.startswith("FAILED "):
                _reap(proc)
                _cleanup(log_path.parent)
                raise LauncherError(f"Neo4j failed to start: {line[7:].strip()}")
        if proc.poll() is not None:
            _cleanup(log_path.parent)
            raise LauncherError(f"Neo4j exited during start-up (code {proc.returncode}): {_last_error(text, log_path)}")
        time.sleep(0.25)
    stop(log_path.parent)
    raise LauncherError(f"Neo4j did not become ready within {timeout:.0f} s (see {log_path})")


def _read_from(path: Path, offset: int) -> str:
    try:
        with path.open("rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return ""


def _last_error(text: str, log_path: Path) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("\t")]
    errors = [ln for ln in lines if "ERROR" in ln or "Exception" in ln]
    pick = (errors or lines or [f"see {log_path}"])[-1]
    return pick[:300]


def stop(home: Path | None = None, *, timeout: float = 60.0) -> bool:
    """Stop the server of ``home``: SIGTERM (clean shutdown, checkpoint), SIGKILL after ``timeout``.

    Returns True if a server was running. Neo4j flushes the stores in well under a second; the rest of
    the shutdown (about 10 s) is the network threads draining.
    """
    home = Path(home or get_settings().neo4j_home).expanduser().resolve()
    st = status(home)
    if not st.running or st.pid is None:
        _cleanup(home)
        return False
    try:
        os.kill(st.pid, signal.SIGTERM)
    except ProcessLookupError:
        _cleanup(home)
        return False
    if not _wait_exit(st.pid, timeout):
        try:
            os.kill(st.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if not _wait_exit(st.pid, 10):
            raise LauncherError(f"could not stop Neo4j (pid {st.pid})")
    _cleanup(home)
    return True


def _wait_exit(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.2)
    return not _alive(pid)


def _reap(proc: subprocess.Popen) -> None:
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _cleanup(home: Path) -> None:
    for name in (PID_FILE,):
        try:
            (home / name).unlink()
        except FileNotFoundError:
            pass


# ---------------------------------------------------------------------------------------------- status


def status(home: Path | None = None) -> LauncherStatus:
    """Is a launcher running for ``home``? (pid file + the process is our JVM for this home + bolt probe)."""
    home = Path(home or get_settings().neo4j_home).expanduser().resolve()
    state: dict = {}
    try:
        state = json.loads((home / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        pass
    pid = _read_pid(home)
    running = pid is not None and _alive(pid) and _is_our_jvm(pid, home)
    bolt_port = state.get("bolt_port")
    return LauncherStatus(
        home=home,
        running=running,
        pid=pid if running else None,
        bolt_port=bolt_port,
        http_port=state.get("http_port"),
        bolt_accepting=bool(running and bolt_port and _port_open(int(bolt_port))),
        started_at=state.get("started_at") if running else None,
        startup_s=state.get("startup_s") if running else None,
    )


def _read_pid(home: Path) -> int | None:
    try:
        return int((home / PID_FILE).read_text(encoding="utf-8").strip())
    except (FileNotFoundError, ValueError):
        return None


def _alive(pid: int) -> bool:
    """True if ``pid`` runs (a zombie child of ours is reaped and counts as gone)."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    except ChildProcessError:
        pass  # not our child: fine, probe below
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _is_our_jvm(pid: int, home: Path) -> bool:
    """Guards against a recycled pid: the process must be the launcher class for this very home."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True  # no /proc (not Linux): trust the pid file
    decoded = [a.decode("utf-8", "replace") for a in args]
    return MAIN_CLASS in decoded and str(home) in decoded


def _port_open(port: int, host: str = HOST, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def rss_bytes(pid: int) -> int | None:
    """Resident memory of a process (Linux), for ``status`` and the report."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


__all__ = [
    "LauncherError",
    "LauncherStatus",
    "classpath",
    "install",
    "is_installed",
    "java_command",
    "rss_bytes",
    "start",
    "status",
    "stop",
]
