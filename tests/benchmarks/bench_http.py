"""The fixed cost of a request: `{ __typename }` through a real uvicorn process, under outside load.

Two servers run in turn, each as `qraph serve` runs the API (uvicorn, one process, no access
log): a bare Starlette app answering the same JSON (the ceiling this machine and this load
generator allow), then Qraph itself. The load generator is a small keep-alive HTTP/1.1 client on
asyncio in this process, with CONNECTIONS concurrent connections for SECONDS each, and prints
req/s, p50 and p99. Qraph is loaded anonymously and with a signed-in user's access token.

Then issue 7's read rows (`peer_comparison`): `qraph serve` with 2 API processes under
autocannon, the backends page, the jobs page and `{ __typename }`, each beside PostGraphile in
the same run when BENCH_PEER_URL names a running peer, with the ratio and the target.

Run with `make bench` (or directly; BENCH_SECONDS and BENCH_CONNECTIONS override the load, and
BENCH_API_PROCESSES the API processes of the second part). Uses BENCH_DATABASE_URL/
BENCH_REDIS_URL when set (the benchmark migrates that database and adds users and jobs), else
embedded services. Rate limits and the cost budget are lifted (`common.services`).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks import peer_comparison  # noqa: E402
from tests.benchmarks.common import services  # noqa: E402

SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
BODY = b'{"query":"{ __typename }"}'
ANSWER = b'{"data":{"__typename":"Query"}}'
JWT_SECRET = "bench-only-signing-secret-of-enough-length-0123456789"


async def _baseline(request: Request) -> Response:
    await request.body()
    return Response(ANSWER, media_type="application/graphql-response+json; charset=utf-8")


baseline_app = Starlette(routes=[Route("/graphql", _baseline, methods=["POST"])])


def _request(port: int, headers: dict[str, str]) -> bytes:
    lines = [
        "POST /graphql HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: application/json",
        "Accept: application/graphql-response+json",
        f"Content-Length: {len(BODY)}",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + BODY


async def _connection(port: int, request: bytes, until: float, samples: list[float]) -> int:
    """Send `request` back to back on one keep-alive connection; returns the non-200 count."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    failures = 0
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(request)
            status = int((await reader.readline()).split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            samples.append((time.perf_counter() - started) * 1000)
            failures += status != 200
    finally:
        writer.close()
    return failures


async def _load(port: int, headers: dict[str, str]) -> tuple[float, list[float], int]:
    request = _request(port, headers)
    warm: list[float] = []
    await _connection(port, request, time.perf_counter() + 1, warm)  # caches, pool, JIT-free
    samples: list[float] = []
    started = time.perf_counter()
    until = started + SECONDS
    failures = await asyncio.gather(
        *(_connection(port, request, until, samples) for _ in range(CONNECTIONS))
    )
    return len(samples) / (time.perf_counter() - started), samples, sum(failures)


def _report(name: str, rate: float, samples: list[float], failures: int) -> None:
    ordered = sorted(samples)
    p50 = ordered[len(ordered) // 2]
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    print(
        f"{name:34s} {rate:8.0f} req/s   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   "
        f"(n={len(samples)}, non-200: {failures})"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _serve(app: str, factory: bool) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    command = [sys.executable, "-m", "uvicorn", app, "--port", str(port), "--no-access-log"]
    command += ["--log-level", "warning", *(["--factory"] if factory else [])]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: ASYNC220 (once)
    for _ in range(2400):  # importing the app (Qiskit, Aer) takes a while on a busy machine
        if server.poll() is not None:
            raise RuntimeError(f"{app} exited with {server.returncode}")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return server, port
        except OSError:
            await asyncio.sleep(0.05)
    server.kill()
    raise RuntimeError(f"{app} did not start")


async def _signed_in_headers() -> dict[str, str]:
    from domain.db import make_engine, make_sessionmaker
    from qraph.settings import get_settings
    from tests.identity import create_user

    engine = make_engine(get_settings().database_url or "")
    try:
        user = await create_user(make_sessionmaker(engine), JWT_SECRET)
    finally:
        await engine.dispose()
    return user.headers


async def main() -> None:
    from qraph.cli import _sync_backends, migrate

    await asyncio.to_thread(migrate)  # alembic runs its own event loop
    await _sync_backends()  # the jobs page's jobs run on the catalog's backends
    print(f"{CONNECTIONS} connections, {SECONDS:.0f} s per row, one uvicorn process each")
    server, port = await _serve("tests.benchmarks.bench_http:baseline_app", factory=False)
    try:
        _report("baseline: Starlette, same JSON", *await _load(port, {}))
    finally:
        server.terminate()
        server.wait()
    headers = await _signed_in_headers()
    server, port = await _serve("qraph.app:create_app", factory=True)
    try:
        _report("qraph { __typename }, anonymous", *await _load(port, {}))
        _report("qraph { __typename }, signed in", *await _load(port, headers))
    finally:
        server.terminate()
        server.wait()
    await _against_the_peer()


async def _against_the_peer() -> None:
    if not peer_comparison.autocannon_installed():
        print("\nissue 7 reads: skipped, needs node and `npm ci` in tests/benchmarks/load")
        return
    processes = int(os.environ.get("BENCH_API_PROCESSES", "2"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "50"))
    print(f"\nissue 7 reads: autocannon, {connections} connections, {SECONDS:.0f} s per row; ")
    print(f"qraph serve with {processes} API processes (no worker)")
    owner = await peer_comparison.jobs_owner(JWT_SECRET)
    roots = {"qraph": peer_comparison.ROOT}
    if baseline := os.environ.get("BENCH_BASELINE_ROOT"):
        roots["baseline"] = Path(baseline)
    servers, urls = [], {}
    try:
        for name, root in roots.items():
            server, urls[name] = await asyncio.to_thread(peer_comparison.serve, processes, root)
            servers.append(server)
        await asyncio.to_thread(peer_comparison.compare, urls, owner, SECONDS, connections)
    finally:
        for server in servers:
            await asyncio.to_thread(peer_comparison.stop, server)


if __name__ == "__main__":
    os.environ["QRAPH_JWT_SECRET"] = JWT_SECRET
    os.environ["QRAPH_CREATE_DEV_ADMIN"] = "false"
    with services():
        asyncio.run(main())
