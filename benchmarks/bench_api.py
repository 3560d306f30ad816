"""API benchmark and bounded load test on loopback.

Starts ``eusec up <sample> --port <free port>`` (ingest + serve in one process, as a user would) on
127.0.0.1, then:

1. latency: for every catalogue query, ``--requests`` sequential ``GET /queries/<name>`` (example
   parameters) and the same number of direct ``store.run_named`` calls in this process (embedded: a
   read-only opener of the same database; neo4j: a second driver) -> p50 / p99 and the ratio API / direct;
2. load: ``--clients`` concurrent clients (httpx, asyncio) for ``--duration`` seconds over the catalogue
   and resource endpoints -> requests/s, p50 / p99 per endpoint, errors (anything but 200).

Usage: .venv/bin/python benchmarks/bench_api.py [--store embedded|neo4j] [--duration 60] [--clients 50]
Exit code 1 if any request failed under load.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from eusec.graph.catalogue import load_catalogue  # noqa: E402

RESOURCE_PATHS = [
    "/measures?limit=50",
    "/measures?section=1.1",
    "/measures/" + quote("5618/20#48", safe=""),
    "/documents/5618/20/measures/11A",
    "/acts/32016R0794",
    "/agencies",
    "/agencies/Europol",
    "/working-parties/TWP",
    "/presidencies",
    "/search?q=radicalisation",
    "/health",
    "/ready",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], p: float) -> float:
    """Percentile (nearest rank) in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k] * 1000


def example_params(name: str) -> dict[str, Any]:
    q = load_catalogue().get(name)
    return {p.name: p.example for p in q.params if p.example not in (None, "", [])}


def query_paths() -> dict[str, str]:
    """name -> GET path with the example parameters in the query string."""
    out = {}
    for q in load_catalogue():
        params = example_params(q.name)
        qs = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in params.items())
        out[q.name] = f"/queries/{q.name}" + (f"?{qs}" if qs else "")
    return out


class Server:
    """``eusec up`` in a subprocess on a free loopback port."""

    def __init__(self, backend: str, paper: Path, data_dir: Path, port: int | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.backend, self.paper, self.data_dir = backend, paper, data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "EUSEC_DATA_DIR": str(data_dir), **(env or {})}
        self.proc: subprocess.Popen | None = None
        self.log = data_dir / "server.log"

    def start(self, timeout: float = 240.0) -> None:
        cmd = [sys.executable, "-m", "eusec.cli", "up", str(self.paper), "--store", self.backend,
               "--host", "127.0.0.1", "--port", str(self.port)]
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/ready", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"server not ready after {timeout}s: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def latency(url: str, backend: str, data_dir: Path, n: int) -> dict[str, dict[str, float]]:
    """Sequential API vs direct store latency per catalogue query."""
    from eusec.settings import Settings
    from eusec.graph.factory import open_store

    settings = Settings(store=backend, data_dir=data_dir)
    store = open_store(settings, read_only=True)
    results: dict[str, dict[str, float]] = {}
    host, port = url.rsplit("//", 1)[1].split(":")
    # http.client on one keep-alive connection: the lightest client, so the figure is the server's cost
    conn = http.client.HTTPConnection(host, int(port), timeout=30)

    def get(path: str) -> tuple[int, bytes]:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()

    try:
        if True:
            for name, path in query_paths().items():
                params = example_params(name)
                get(path)
                store.run_named(name, params)  # warm both
                api, direct = [], []
                for _ in range(n):
                    t0 = time.perf_counter()
                    status, body = get(path)
                    api.append(time.perf_counter() - t0)
                    if status != 200:
                        raise RuntimeError(f"{path}: {status} {body[:200]!r}")
                    t0 = time.perf_counter()
                    store.run_named(name, params)
                    direct.append(time.perf_counter() - t0)
                results[name] = {
                    "api_p50_ms": pct(api, 50), "api_p99_ms": pct(api, 99),
                    "direct_p50_ms": pct(direct, 50), "direct_p99_ms": pct(direct, 99),
                    "ratio_p50": pct(api, 50) / max(pct(direct, 50), 1e-6),
                }
    finally:
        conn.close()
        store.close()
    return results


async def _load(url: str, paths: list[str], clients: int, duration: float) -> dict[str, Any]:
    samples: dict[str, list[float]] = {p: [] for p in paths}
    errors: list[str] = []
    stop_at = time.monotonic() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:

        async def worker(i: int) -> None:
            k = i
            while time.monotonic() < stop_at:
                path = paths[k % len(paths)]
                k += 1
                t0 = time.perf_counter()
                try:
                    r = await client.get(path)
                    if r.status_code != 200:
                        errors.append(f"{path}: {r.status_code} {r.text[:120]}")
                except httpx.HTTPError as exc:
                    errors.append(f"{path}: {type(exc).__name__}")
                samples[path].append(time.perf_counter() - t0)

        t0 = time.monotonic()
        await asyncio.gather(*(worker(i) for i in range(clients)))
        elapsed = time.monotonic() - t0
    total = sum(len(v) for v in samples.values())
    every = [x for v in samples.values() for x in v]
    return {
        "clients": clients, "seconds": round(elapsed, 1), "requests": total, "errors": len(errors),
        "error_samples": errors[:10], "rps": total / elapsed if elapsed else 0.0,
        "p50_ms": pct(every, 50), "p99_ms": pct(every, 99),
        "per_path": {p: {"n": len(v), "p50_ms": pct(v, 50), "p99_ms": pct(v, 99)} for p, v in samples.items()},
    }


def run_bench(backend: str = "embedded", duration: float = 60.0, clients: int = 50, requests: int = 20,
              paper: Path | None = None, env: dict[str, str] | None = None, data_dir: Path | None = None,
              do_latency: bool = True) -> dict[str, Any]:
    """Start the server, measure, stop it; returns the figures."""
    paper = paper or (ROOT / ".." / "shared" / "corpus" / "5618-20.txt").resolve()
    tmp = Path(data_dir or tempfile.mkdtemp(prefix="eusec-bench-"))
    server = Server(backend, paper, tmp, env=env)
    server.start()
    try:
        out: dict[str, Any] = {"backend": backend}
        if do_latency:
            out["latency"] = latency(server.url, backend, tmp, requests)
        paths = list(query_paths().values()) + RESOURCE_PATHS
        out["load"] = asyncio.run(_load(server.url, paths, clients, duration))
        return out
    finally:
        server.stop()


def report(out: dict[str, Any]) -> None:
    """Print the figures as tables."""
    if "latency" in out:
        print(f"\nSequential latency per catalogue endpoint ({out['backend']}), ms")
        print(f"{'query':34} {'API p50':>8} {'API p99':>8} {'direct p50':>10} {'direct p99':>10} {'ratio':>6}")
        ratios = []
        for name, r in out["latency"].items():
            ratios.append(r["ratio_p50"])
            print(f"{name:34} {r['api_p50_ms']:8.2f} {r['api_p99_ms']:8.2f} {r['direct_p50_ms']:10.2f} "
                  f"{r['direct_p99_ms']:10.2f} {r['ratio_p50']:6.2f}")
        print(f"median ratio API/direct (p50): {statistics.median(ratios):.2f}; "
              f"aggregate: {sum(r['api_p50_ms'] for r in out['latency'].values()) / sum(r['direct_p50_ms'] for r in out['latency'].values()):.2f}")
    load = out["load"]
    print(f"\nLoad: {load['clients']} clients for {load['seconds']} s: {load['requests']} requests, "
          f"{load['rps']:.1f} req/s, errors {load['errors']}, p50 {load['p50_ms']:.1f} ms, p99 {load['p99_ms']:.1f} ms")
    for path, r in load["per_path"].items():
        print(f"  {path[:70]:70} n={r['n']:5} p50={r['p50_ms']:7.1f} p99={r['p99_ms']:7.1f}")
    for e in load["error_samples"]:
        print("  error:", e)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default="embedded", choices=["embedded", "neo4j"])
    ap.add_argument("--duration", type=float, default=60.0, help="load phase, seconds")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=20, help="sequential requests per endpoint (latency)")
    ap.add_argument("--paper", type=Path, default=None)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    out = run_bench(args.store, args.duration, args.clients, args.requests, args.paper)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        report(out)
    return 1 if out["load"]["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
