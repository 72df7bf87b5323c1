"""Subscription fan-out: delivery latency from a job's finishedAt to N subscribers' sockets.

Run with `make bench`, or `python tests/benchmarks/bench_subscriptions.py --subscribers 2000
--jobs 200 --rate 20` (the target: p99 <= 50 ms for 2,000 subscribers on one API process while
20 jobs a second complete). Uses BENCH_DATABASE_URL / BENCH_REDIS_URL when set (a throwaway
database: it is migrated and loaded), else embedded services.

- One real API process (`qraph api`, as `qraph serve` runs each of its API processes).
- Subscribers: the reference graphql-ws client under node (tests/benchmarks/clients, `npm ci`
  there first), one socket each, spread over `--client-processes` node processes, each
  following `jobUpdates` as one admin (every job), unfiltered unless `--only-completed`.
- Jobs: rows inserted QUEUED beforehand, then moved as a worker moves them, at `--rate` per
  second: RUNNING (committed, published), then COMPLETED with `finishedAt` (committed,
  published). No simulation runs, so the figures are the API's fan-out alone.
- Latency: arrival at the client minus the job's `finishedAt` (same machine, same clock), for
  every (job, subscriber) pair; "first" is each job's earliest delivery to any subscriber.
Prints p50/p99/mean, deliveries made by the deadline, and the API process's CPU use.
`--api-root` serves the API from another checkout, for a baseline from the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = ROOT / "tests" / "benchmarks" / "clients"
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import psutil  # noqa: E402

from tests.benchmarks.common import services, summary  # noqa: E402

BELL = (
    'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\n'
    "h q[0];\ncx q[0],q[1];\nmeasure q -> c;\n"
)
STARTUP_S = 60.0


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=200, help="sockets, one each")
    parser.add_argument("--jobs", type=int, default=40, help="jobs completed while measuring")
    parser.add_argument("--rate", type=float, default=20.0, help="jobs completed per second")
    parser.add_argument("--client-processes", type=int, default=2, help="node processes")
    parser.add_argument("--only-completed", action="store_true", help="filter: COMPLETED only")
    parser.add_argument("--deadline", type=float, default=120.0, help="seconds to wait at most")
    parser.add_argument(
        "--profile",
        type=Path,
        help="run the API process under cProfile and write its stats here (pstats format)",
    )
    parser.add_argument(
        "--api-root",
        type=Path,
        default=ROOT,
        help="serve the API from this checkout instead (e.g. `git archive` of a baseline)",
    )
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    root: Path, port: int, log: Path, profile: Path | None = None
) -> subprocess.Popen[bytes]:
    """One API process as `qraph serve` runs each of its own (`qraph api`: its uvicorn config)."""
    command = [sys.executable, "-m", "qraph", "api"]
    if profile is not None:  # the stats are written when the process ends
        script = Path(__file__).with_name("profiled_api.py")
        command = [sys.executable, str(script), str(profile.resolve())]
    env = os.environ | {"QRAPH_HOST": "127.0.0.1", "QRAPH_PORT": str(port)}
    with log.open("wb") as sink:
        return subprocess.Popen(command, cwd=root, env=env, stdout=sink, stderr=sink)


async def wait_until_healthy(server: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + STARTUP_S
    async with httpx.AsyncClient(timeout=2) as http:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError("the API process exited early")
            with contextlib.suppress(httpx.TransportError):
                if (await http.get(f"http://127.0.0.1:{port}/health")).status_code == 200:
                    return
            await asyncio.sleep(0.2)
    raise RuntimeError("the API process did not become healthy")


class Client:
    """One node process with its share of the sockets; talks back in lines on stdout."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, url: str, authorization: str, sockets: int, args: Any) -> Client:
        filter_json = json.dumps({"status": ["COMPLETED"]}) if args.only_completed else ""
        process = await asyncio.create_subprocess_exec(
            "node",
            str(CLIENTS / "subscribe.mjs"),
            url,
            authorization,
            str(sockets),
            str(args.jobs),
            str(args.deadline),
            filter_json,
            cwd=CLIENTS,
            stdout=asyncio.subprocess.PIPE,
            limit=2**28,  # the result line carries every latency
        )
        return cls(process)

    async def line(self, prefix: str) -> str:
        assert self.process.stdout is not None
        while True:
            raw = await self.process.stdout.readline()
            if not raw:
                raise RuntimeError(f"a client ended before {prefix!r}")
            text = raw.decode()
            if text.startswith(prefix):
                return text[len(prefix) :].strip()


class Jobs:
    """Moves jobs as a worker does: a conditional transition committed, then its events."""

    def __init__(self, sessionmaker: Any, redis: Any, owner: uuid.UUID, backend: Any) -> None:
        self.sessionmaker = sessionmaker
        self.redis = redis
        self.owner = owner
        self.backend = backend

    async def insert(self, count: int, name: str) -> list[uuid.UUID]:
        from sqlalchemy import insert

        from domain.jobs.models import Job

        rows = [
            {
                "id": uuid.uuid4(),
                "owner_id": self.owner,
                "backend_id": self.backend.id,
                "name": name,
                "circuit": BELL,
                "circuit_format": "QASM2",
                "qubits": 2,
                "depth": 3,
                "shots": 1024,
                "priority": "STANDARD",
                "tags": [],
                "status": "QUEUED",
                "cost_estimate": 0,
                "currency": self.backend.currency,
                "details": {},
                "attempts": 0,
            }
            for _ in range(count)
        ]
        async with self.sessionmaker() as session, session.begin():
            await session.execute(insert(Job), rows)
        return [row["id"] for row in rows]

    async def run(self, job_id: uuid.UUID) -> None:
        from domain.events import publish
        from domain.jobs.models import JobStatus
        from domain.jobs.transitions import job_event, queue_event, transition

        async with self.sessionmaker() as session, session.begin():
            job = await transition(
                session,
                job_id=job_id,
                allowed_from=[JobStatus.QUEUED],
                to=JobStatus.RUNNING,
                started_at=datetime.now(UTC),
            )
        assert job is not None
        await publish(self.redis, job_event(job))
        async with self.sessionmaker() as session, session.begin():
            job = await transition(
                session,
                job_id=job_id,
                allowed_from=[JobStatus.RUNNING],
                to=JobStatus.COMPLETED,
                finished_at=datetime.now(UTC),
                counts={"00": 512, "11": 512},
                execution_ms=3.0,
            )
        assert job is not None
        await publish(self.redis, job_event(job))
        await publish(self.redis, queue_event(self.backend.name))


async def main(args: argparse.Namespace) -> None:  # noqa: PLR0915 - a linear script
    from redis.asyncio import Redis
    from sqlalchemy import select

    from domain.backends.models import Backend
    from domain.db import make_engine, make_sessionmaker
    from domain.identity.principal import Role
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings
    from tests.identity import create_user

    await asyncio.to_thread(migrate)
    await _sync_backends()
    settings = get_settings()
    engine = make_engine(settings.database_url or "")
    sessionmaker = make_sessionmaker(engine)
    redis = Redis.from_url(settings.redis_url or "")
    admin = await create_user(sessionmaker, os.environ["QRAPH_JWT_SECRET"], Role.ADMIN)
    async with sessionmaker() as session:
        backend = await session.scalar(select(Backend).where(Backend.name == "aer_simulator"))
    jobs = Jobs(sessionmaker, redis, admin.id, backend)

    port = free_port()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"qraph-bench-subscriptions-{port}.log"
    server = start_server(args.api_root, port, log, args.profile)
    clients: list[Client] = []
    try:
        await wait_until_healthy(server, port)
        per_client = [args.subscribers // args.client_processes] * args.client_processes
        per_client[0] += args.subscribers - sum(per_client)
        url = f"ws://127.0.0.1:{port}/graphql"
        authorization = admin.headers["Authorization"]
        started = time.perf_counter()
        clients = [await Client.start(url, authorization, n, args) for n in per_client if n]
        await asyncio.gather(*(c.line("connected") for c in clients))
        connect_s = time.perf_counter() - started

        # Subscriptions start after their sockets connect: a job named "warmup" is completed
        # every second until every socket has seen one, so that every subscriber is live.
        warm = asyncio.ensure_future(asyncio.gather(*(c.line("warm") for c in clients)))
        while not warm.done():
            [warmup] = await jobs.insert(1, "warmup")
            await jobs.run(warmup)
            await asyncio.wait([warm], timeout=1.0)
        warm.result()

        measured = await jobs.insert(args.jobs, "bench")
        api = psutil.Process(server.pid)
        if args.profile is not None:
            server.send_signal(signal.SIGUSR1)  # profiled_api.py: start profiling
        cpu_times = api.cpu_times()
        cpu_before, system_before = sum(cpu_times[:2]), cpu_times.system
        nodes = [psutil.Process(c.process.pid) for c in clients]
        nodes_before = sum(sum(n.cpu_times()[:2]) for n in nodes)
        began = time.perf_counter()
        runs = []
        for index, job_id in enumerate(measured):
            delay = began + index / args.rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            runs.append(asyncio.create_task(jobs.run(job_id)))
        await asyncio.gather(*runs)
        nodes_cpu = sum(sum(n.cpu_times()[:2]) for n in nodes) - nodes_before  # before they exit
        results = [json.loads(await c.line("result")) for c in clients]
        wall = time.perf_counter() - began
        cpu_after = api.cpu_times()
        cpu = sum(cpu_after[:2]) - cpu_before
        system = cpu_after.system - system_before
        if args.profile is not None:
            server.send_signal(signal.SIGUSR2)
    finally:
        for client in clients:
            with contextlib.suppress(ProcessLookupError):
                client.process.kill()
        server.terminate()
        server.wait(30)
        await redis.aclose()
        await engine.dispose()

    latencies = [ms for r in results for ms in r["latencies"]]
    earliest: dict[str, float] = {}
    for result in results:
        for job, ms in result["firsts"].items():
            earliest[job] = min(ms, earliest.get(job, ms))
    firsts = list(earliest.values())
    expected = args.subscribers * args.jobs
    unfiltered = "COMPLETED only" if args.only_completed else "every status change"
    print(
        f"\nsubscriptions: {args.subscribers} jobUpdates subscribers ({unfiltered}), one socket "
        f"each, graphql-ws under node in {len(clients)} processes; {args.jobs} jobs at "
        f"{args.rate:g}/s"
    )
    print(f"  connect {args.subscribers} sockets      {connect_s:7.2f} s")
    print(f"  delivery, finishedAt to client  {summary(latencies) if latencies else 'none'}")
    print(f"  first delivery of each job      {summary(firsts) if firsts else 'none'}")
    errors = sum(r["errors"] for r in results)
    # More than expected: a state sent twice (each subscriber re-read it after both commits).
    print(f"  COMPLETED deliveries            {len(latencies)} of {expected}; errors {errors}")
    print(
        f"  API process CPU                 {cpu / wall:5.2f} cores over {wall:.1f} s "
        f"({system / wall:.2f} in the kernel)"
    )
    if latencies:
        print(f"  API CPU per message sent        {cpu / len(latencies) * 1e6:7.1f} µs")
    # On a small machine the clients compete with the API for the same cores.
    cores = os.cpu_count()
    print(f"  client (node) processes' CPU    {nodes_cpu / wall:5.2f} cores (of {cores} here)")
    if args.api_root != ROOT:
        print(f"  (the API served from {args.api_root})")


def clients_installed() -> bool:
    """The reference client's packages, installed from the committed lock when missing."""
    if (CLIENTS / "node_modules").is_dir():
        return True
    try:
        subprocess.run(["npm", "ci"], cwd=CLIENTS, check=True)
    except (OSError, subprocess.CalledProcessError):
        return False
    return True


if __name__ == "__main__":
    options = arguments()
    if not clients_installed():
        print("subscriptions: skipped, needs node and `npm ci` in tests/benchmarks/clients")
        sys.exit(0)
    os.environ.setdefault("QRAPH_JWT_SECRET", secrets.token_hex(32))
    with services():
        asyncio.run(main(options))
