"""Issue 7's read targets: Qraph under `qraph serve` beside PostGraphile, with autocannon.

In one run, rows alternate between the peer and Qraph, each loaded by autocannon (CONNECTIONS
connections for SECONDS): the peer's `allBooks(first: 50)` with each book's author, then
Qraph's backends page and jobs page; the peer's `{ __typename }`, then Qraph's. Qraph runs as
`qraph serve --no-worker --processes N` (BENCH_API_PROCESSES, default 2) on the benchmark's
services, with rate limits and the cost budget lifted. Each Qraph row is printed with its ratio
to the peer's row of the same kind, beside the issue's target.

The peer: start it with `bash ../shared/tools/postgraphile-peer/start.sh PORT` and pass
BENCH_PEER_URL=http://127.0.0.1:PORT/graphql; without it the Qraph rows print alone. autocannon
comes from tests/benchmarks/load (`npm ci` there, done on first use). BENCH_BASELINE_ROOT names
another checkout of Qraph (say `git archive <commit> | tar -x -C /tmp/base`): its Qraph rows
are then measured too, right after this tree's, for a before/after from the same run.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LOAD = Path(__file__).resolve().parent / "load"
AUTOCANNON = LOAD / "node_modules" / ".bin" / "autocannon"

PEER_PAGE = "{ allBooks(first: 50) { nodes { title year authorByAuthorId { name } } } }"
TYPENAME = "{ __typename }"
BACKENDS_PAGE = "{ backends(first: 50) { edges { node { name qubits provider } } } }"
JOBS_PAGE = (
    "{ jobs(first: 50) { edges { node { backend { name } kpis { fidelity } "
    "statusHistory { status } } } } }"
)
TARGETS = {"page": 0.25, "typename": 0.5}  # issue 7: ratios to the peer, same run


@dataclass
class Row:
    rate: float  # requests per second, autocannon's mean
    p50: float
    p99: float
    failures: int  # non-2xx answers and socket errors


def autocannon_installed() -> bool:
    """autocannon from the committed lock, installed on first use."""
    if AUTOCANNON.exists():
        return True
    try:
        subprocess.run(["npm", "ci"], cwd=LOAD, check=True, stdout=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError):
        return False
    return AUTOCANNON.exists()


def load(url: str, query: str, headers: dict[str, str], seconds: float, connections: int) -> Row:
    """autocannon against one GraphQL request; answers that are not 2xx count as failures."""
    command = [str(AUTOCANNON), "--json", "-c", str(connections), "-d", str(int(seconds))]
    command += ["-m", "POST", "-b", json.dumps({"query": query})]
    for name, value in {"content-type": "application/json", **headers}.items():
        command += ["-H", f"{name}={value}"]
    ran = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    found = json.loads(ran.stdout)
    return Row(
        rate=float(found["requests"]["average"]),
        p50=float(found["latency"]["p50"]),
        p99=float(found["latency"]["p99"]),
        failures=int(found.get("non2xx", 0)) + int(found.get("errors", 0)),
    )


def line(name: str, row: Row, peer: Row | None = None, target: float | None = None) -> str:
    text = (
        f"{name:44s} {row.rate:8.0f} req/s   p50 {row.p50:6.0f} ms   p99 {row.p99:6.0f} ms"
        f"   failures {row.failures}"
    )
    if peer is not None and peer.rate > 0:
        ratio = row.rate / peer.rate
        verdict = (
            ""
            if target is None
            else f" (target ≥ {target}×: {'met' if ratio >= target else 'not met'})"
        )
        text += f"   {ratio:5.2f}× the peer{verdict}"
    return text


async def jobs_owner(jwt_secret: str) -> dict[str, str]:
    """A user owning 50 finished jobs in the benchmark's database; their request headers."""
    from domain.db import make_engine, make_sessionmaker
    from qraph.settings import get_settings
    from tests.identity import create_user
    from tests.integration.test_job_reads import insert_jobs

    engine = make_engine(get_settings().database_url or "")
    try:
        sessionmaker = make_sessionmaker(engine)
        user = await create_user(sessionmaker, jwt_secret, ttl_s=3600)
        app = SimpleNamespace(
            state=SimpleNamespace(services=SimpleNamespace(sessionmaker=sessionmaker))
        )
        await insert_jobs(app, user.id, 50)
    finally:
        await engine.dispose()
    return dict(user.headers)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(url: str) -> bool:
    request = urllib.request.Request(
        url,
        data=json.dumps({"query": TYPENAME}).encode(),
        headers={"content-type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def serve(processes: int, root: Path = ROOT) -> tuple[subprocess.Popen[bytes], str]:
    """`qraph serve` from `root` with only its API processes, on the benchmark's services."""
    port = _free_port()
    environment = {
        **os.environ,
        "PYTHONPATH": str(root),
        "QRAPH_CREATE_DEV_ADMIN": "false",
        # As `qraph serve` runs by default: an access line per request (into a file here).
        "QRAPH_LOG_LEVEL": os.environ.get("BENCH_SERVE_LOG_LEVEL", "INFO"),
    }
    command = [sys.executable, "-m", "qraph", "serve", "--no-worker", "--port", str(port)]
    command += ["--processes", str(processes)]
    log = tempfile.NamedTemporaryFile(prefix="qraph-serve-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(command, cwd=root, env=environment, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/graphql"
    deadline = time.monotonic() + 300  # migrations and the catalog sync come first
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"qraph serve exited with {server.returncode}; see {log.name}")
        if _answers(url):
            return server, url
        time.sleep(0.5)
    stop(server)
    raise RuntimeError("qraph serve did not answer")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGINT)  # the supervisor stops its children in order
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def compare(
    qraph_urls: dict[str, str], owner: dict[str, str], seconds: float, connections: int
) -> None:
    """The rows, alternating peer and Qraph (each server in `qraph_urls`, by name), each Qraph
    row with its ratio to the peer's row of the same kind."""
    peer_url = os.environ.get("BENCH_PEER_URL")
    if not peer_url:
        print("(no BENCH_PEER_URL: start the PostGraphile peer for the ratios; see this module)")
    run: dict[str, Any] = {"seconds": seconds, "connections": connections}
    peer_page = load(peer_url, PEER_PAGE, {}, **run) if peer_url else None
    if peer_page is not None:
        print(line("peer: allBooks(first: 50) + author", peer_page))
    for name, url in qraph_urls.items():
        backends = load(url, BACKENDS_PAGE, {}, **run)
        print(line(f"{name}: backends(first: 50) page", backends, peer_page, TARGETS["page"]))
        jobs = load(url, JOBS_PAGE, owner, **run)
        print(line(f"{name}: jobs(first: 50) page", jobs, peer_page, TARGETS["page"]))
    peer_typename = load(peer_url, TYPENAME, {}, **run) if peer_url else None
    if peer_typename is not None:
        print(line("peer: { __typename }", peer_typename))
    for name, url in qraph_urls.items():
        typename = load(url, TYPENAME, {}, **run)
        print(line(f"{name}: {{ __typename }}", typename, peer_typename, TARGETS["typename"]))
