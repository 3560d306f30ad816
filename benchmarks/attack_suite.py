"""Attack suite for POST /cypher (issue 9): start a real server on 127.0.0.1, send every payload with a
bounded time, and print held/broke per payload. A payload is *held* when the answer has an allowed status
in the one error shape, arrives within the bound, and the server still answers /health and a plain read
afterwards. Exit code 1 when anything broke.

Run: ``.venv/bin/python benchmarks/attack_suite.py [--backend embedded|neo4j] [--only SUBSTRING]``
(neo4j: EUSEC_NEO4J_URI / EUSEC_NEO4J_PASSWORD of a running server; the sample paper is ingested into it).
Only loopback traffic; every loop is bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

#: Line terminators a Cypher lexer may accept inside a // comment, and other separators.
TERMINATORS = {"lf": "\n", "cr": "\r", "crlf": "\r\n", "ls": "\u2028", "ps": "\u2029", "nel": "\u0085",
               "vt": "\x0b", "ff": "\x0c"}
SSRF = "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row"
REFUSED = {400}
REFUSED_OR_BAD = {400, 422}


def payloads() -> list[tuple[str, dict[str, Any], set[int]]]:
    """(name, request body, allowed statuses)."""
    out: list[tuple[str, dict[str, Any], set[int]]] = []
    for tname, term in TERMINATORS.items():
        out.append((f"comment-{tname}-load-csv", {"query": f"// x{term}{SSRF}"}, REFUSED))
        out.append((f"trailing-comment-{tname}-load-csv", {"query": f"RETURN 1 AS one // x{term}{SSRF}"}, REFUSED))
        out.append((f"comment-{tname}-show-users", {"query": f"// x{term}SHOW USERS"}, REFUSED))
        out.append((f"comment-{tname}-terminate", {"query": f"// x{term}TERMINATE TRANSACTIONS 'neo4j-transaction-1'"},
                    REFUSED))
    for stmt in ["SHOW USERS", "SHOW SETTINGS", "SHOW TRANSACTIONS", "TERMINATE TRANSACTIONS 'x'", SSRF,
                 "/* c */ " + SSRF, "USE system SHOW USERS", "CALL { MATCH (n) RETURN n } RETURN 1"]:
        out.append((f"admin: {stmt[:40]}", {"query": stmt}, REFUSED))
    for stmt in ["CALL dbms.listConfig()", "CALL dbms.showCurrentUser()", "CALL `dbms`.`listConfig`()",
                 "CALL `dbms.listConfig`()", "CALL apoc.load.json('file:///etc/passwd')",
                 "CALL db.index.fulltext.queryNodes('x', 'y')", "CALL tx.getMetaData()"]:
        out.append((f"procedure: {stmt[:40]}", {"query": stmt}, REFUSED))
    for fn in ["READ_CSV_SERIAL", "READ_CSV_PARALLEL", "READ_PARQUET", "READ_JSON", "read_csv_serial",
               "`READ_CSV_SERIAL`", "table_info", "current_setting", "show_functions"]:
        out.append((f"table function {fn}", {"query": f"CALL {fn}(\"/etc/passwd\") RETURN *"}, REFUSED))
    out.append(("load from file", {"query": "LOAD FROM '/etc/passwd' RETURN *"}, REFUSED))
    out.append(("copy to file", {"query": "COPY (MATCH (n) RETURN n) TO '/tmp/x.csv'"}, REFUSED))
    for name, expr in [("list", "[" * 1000 + "]" * 1000), ("parens", "(" * 1000 + "1" + ")" * 1000),
                       ("maps", "{a:" * 300 + "1" + "}" * 300), ("parens-20", "(" * 20 + "1" + ")" * 20),
                       ("long-sum", "+".join(["1"] * 3000)), ("not-chain", "NOT " * 2000 + "true"),
                       ("minus-chain", "- " * 2000 + "1"), ("case-nest", "CASE WHEN true THEN " * 50 + "1" + " END" * 50)]:
        out.append((f"deep/long expression: {name}", {"query": f"RETURN {expr} AS x"}, REFUSED_OR_BAD))
    out.append(("huge string literal", {"query": "RETURN '" + "a" * 15000 + "' AS x"}, REFUSED_OR_BAD))
    out.append(("huge number literal", {"query": "RETURN 1" + "0" * 400 + " AS x"}, REFUSED))
    out.append(("huge list literal", {"query": "RETURN [" + ",".join(["1"] * 3000) + "] AS x"}, REFUSED_OR_BAD))
    out.append(("range 3e8 count", {"query": "UNWIND range(1,300000000) AS x RETURN count(x) AS n"}, REFUSED))
    out.append(("range 2.5e7 one row", {"query": "RETURN range(1,25000000) AS l"}, REFUSED))
    out.append(("cartesian collect", {"query": "MATCH (a),(b),(c) RETURN size(collect(a.uid+b.uid+c.uid)) AS n"},
                {200, 400}))
    out.append(("catastrophic regex", {"query": "MATCH (a:Agency) WHERE a.name =~ '(a+)+$' RETURN a.name"}, REFUSED))
    out.append(("unbounded var-length", {"query": "MATCH p=(a)-[*]-(b) RETURN count(p) AS n"}, REFUSED))
    out.append(("var-length 1..50", {"query": "MATCH p=(a)-[*1..50]-(b) RETURN count(p) AS n"}, REFUSED))
    for name, q, params in [
        ("skip expression", "MATCH (m:Measure) RETURN m.key ORDER BY m.key SKIP 1+1 LIMIT 1", {}),
        ("skip comment", "MATCH (m:Measure) RETURN m.key ORDER BY m.key SKIP /* c */ 5000 LIMIT 1", {}),
        ("skip function", "MATCH (m:Measure) RETURN m.key ORDER BY m.key SKIP toInteger('5000') LIMIT 1", {}),
        ("skip literal", "MATCH (m:Measure) RETURN m.key ORDER BY m.key SKIP 5000 LIMIT 1", {}),
        ("skip param", "MATCH (m:Measure) RETURN m.key ORDER BY m.key SKIP $o LIMIT 1", {"o": 5000}),
        ("skip string param", "MATCH (m:Measure) RETURN m.key ORDER BY m.key SKIP $o LIMIT 1", {"o": "5"}),
        ("limit huge", "MATCH (m:Measure) RETURN m.key LIMIT 100000000", {}),
        ("limit arithmetic", "MATCH (m:Measure) RETURN m.key LIMIT 10*10", {}),
    ]:
        out.append((name, {"query": q, "params": params}, REFUSED))
    deep: Any = 1
    for _ in range(260):
        deep = [deep]
    out.append(("params nested 260", {"query": "RETURN $p AS p", "params": {"p": deep}}, {422}))
    out.append(("reserved param name", {"query": "RETURN $__eusec_s0 AS p", "params": {"__eusec_s0": 1}}, {422}))
    out.append(("write", {"query": "MATCH (n:Agency) SET n.kind = 'x'"}, REFUSED))
    out.append(("chained statements", {"query": "RETURN 1; MATCH (n) DETACH DELETE n"}, REFUSED))
    out.append(("backtick label read", {"query": "MATCH (a:`Agency`) RETURN a.`name` AS n ORDER BY n LIMIT 2"}, {200}))
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, body: dict[str, Any], timeout: float) -> tuple[int, dict[str, Any]]:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/health", timeout=10) as r:
            if r.status != 200:
                return False
        status, body = _post(base + "/cypher", {"query": "RETURN 1 AS one"}, 60)
        return status == 200 and body.get("rows") == [{"one": 1}]
    except (OSError, ValueError):
        return False


def _peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process in MB, 0 when unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def run_suite(base: str, only: str = "", bound_s: float = 60.0) -> list[tuple[str, str, str]]:
    """Send every payload; (name, held|broke, detail) per payload."""
    results = []
    for name, body, allowed in payloads():
        if only and only not in name:
            continue
        started = time.monotonic()
        try:
            status, answer = _post(base + "/cypher", body, bound_s)
        except (OSError, ValueError) as exc:
            status, answer = 0, {"error": {"message": f"{type(exc).__name__}: {exc}"}}
        seconds = time.monotonic() - started
        shape_ok = status == 200 or set(answer.get("error", {})) >= {"code", "message", "status", "details"}
        ok = status in allowed and shape_ok and seconds < bound_s and _healthy(base)
        detail = f"{status} in {seconds:.1f}s" + ("" if status == 200 else f": {answer.get('error', {}).get('message', '')[:90]}")
        results.append((name, "held" if ok else "broke", detail))
    return results


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", choices=["embedded", "neo4j"], default="embedded")
    ap.add_argument("--only", default="")
    args = ap.parse_args(argv)
    eusec = str(Path(sys.executable).with_name("eusec"))
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, EUSEC_STORE=args.backend, EUSEC_DATA_DIR=tmp, EUSEC_QUERY_TIMEOUT_S="3",
                   EUSEC_CYPHER_MEMORY_MB="512", EUSEC_ROW_CAP="100")
        subprocess.run([eusec, "ingest", str(ROOT / "samples" / "iss-sample-9999-26.txt")], env=env, check=True,
                       capture_output=True, timeout=600)
        log = open(Path(tmp) / "server.log", "w")
        server = subprocess.Popen([eusec, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(240):  # wait for the server (bounded)
                try:
                    urllib.request.urlopen(base + "/health", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            suite_started = time.monotonic()
            results = run_suite(base, args.only)
            suite_s = time.monotonic() - suite_started
            peak_mb = _peak_rss_mb(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
    width = max(len(n) for n, _, _ in results)
    for name, verdict, detail in results:
        print(f"{verdict:5}  {name:{width}}  {detail}")
    broke = sum(1 for _, v, _ in results if v == "broke")
    print(f"{len(results)} payloads on {args.backend}: {len(results) - broke} held, {broke} broke "
          f"({suite_s:.0f} s; API process peak RSS {peak_mb:.0f} MB: untrusted queries ran in the workers)")
    return 1 if broke else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
