"""The job path end to end, through the real API: `submitJob` to COMPLETED on a subscription.

Run with `make bench` or `python tests/benchmarks/bench_jobs.py [--small]`. Uses
BENCH_DATABASE_URL / BENCH_REDIS_URL when set (a throwaway database: it is migrated, loaded,
its unfinished jobs deleted and its Redis database flushed), else embedded services. It starts
a real API process (uvicorn) and real `qraph worker` processes, and speaks to them as a client
does: GraphQL over HTTP for the mutations, graphql-transport-ws for `jobUpdates`. Prints, from
one run:

  1. raw Aer for the same Bell circuit, in this process (the floor);
  2. `submitJob` sent -> its COMPLETED event received, one job in flight, 1 worker, for
     HIGH and STANDARD Bell jobs on aer_simulator (target: p50 <= 25 ms, p99 <= 100 ms);
  3. throughput of small circuits through `submitJobs` (100 per call, a few calls in flight),
     first call sent -> last COMPLETED received, with 1 and with 2 workers (target: >= 300
     jobs/s with 2).

Beside each figure: the CPU time the API process and the worker processes (with their
simulation processes) spent per job in that phase, read from the OS: on a busy machine the
wall-clock figures wander, and these say what the path costs.

`--small` runs a few jobs of each, to check that the benchmark works.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.common import services, summary  # noqa: E402

SMALL = "--small" in sys.argv
SHOTS = 1024
LATENCY_JOBS = 10 if SMALL else 200
THROUGHPUT_JOBS = 200 if SMALL else 3000
IN_FLIGHT = 4  # submitJobs calls in flight during the throughput runs
BELL = """OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
c = measure q;
"""
SUBMIT = """
mutation Submit($input: SubmitJobInput!) {
  submitJob(input: $input) {
    __typename ... on SubmitJobSuccess { job { id } } ... on Error { code message }
  }
}
"""
SUBMIT_MANY = """
mutation SubmitMany($inputs: [SubmitJobInput!]!) {
  submitJobs(inputs: $inputs) {
    __typename ... on SubmitJobsSuccess { jobs { id } } ... on Error { code message }
  }
}
"""
FOLLOW = "subscription Follow { jobUpdates { id status } }"


class Client:
    """One HTTP client and one subscription to `jobUpdates`; COMPLETED events resolve futures."""

    def __init__(self, http: Any, ws: Any) -> None:
        self.http = http
        self.ws = ws
        self.completed: dict[str, float] = {}
        self.waiting: dict[str, asyncio.Future[float]] = {}

    async def follow(self) -> None:
        from tests.ws import CONNECTION_INIT, subscribe

        await self.ws.send(
            json.dumps(
                {
                    **CONNECTION_INIT,
                    "payload": {"authorization": self.http.headers["Authorization"]},
                }
            )
        )
        assert json.loads(await self.ws.recv())["type"] == "connection_ack"
        await self.ws.send(json.dumps(subscribe("1", FOLLOW, {})))

    async def listen(self) -> None:
        async for raw in self.ws:
            message = json.loads(raw)
            if message.get("type") != "next":
                continue
            update = message["payload"]["data"]["jobUpdates"]
            if update["status"] in ("COMPLETED", "FAILED", "CANCELLED"):
                now = time.perf_counter()
                self.completed[update["id"]] = now
                future = self.waiting.pop(update["id"], None)
                if future is not None and not future.done():
                    future.set_result(now)

    def until_done(self, job_id: str) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        if job_id in self.completed:
            future.set_result(self.completed[job_id])
        else:
            self.waiting[job_id] = future
        return future

    async def submit_one(self, priority: str) -> float:
        """Milliseconds from sending submitJob to receiving its COMPLETED event."""
        variables = {
            "input": {
                "backend": "aer_simulator",
                "circuit": BELL,
                "shots": SHOTS,
                "priority": priority,
            }
        }
        started = time.perf_counter()
        response = await self.http.post("/graphql", json={"query": SUBMIT, "variables": variables})
        result = response.json()["data"]["submitJob"]
        assert result["__typename"] == "SubmitJobSuccess", result
        finished = await asyncio.wait_for(self.until_done(result["job"]["id"]), 60)

        return (finished - started) * 1000

    async def throughput(self, count: int) -> float:
        """Jobs/s from the first submitJobs sent to the last COMPLETED event received."""
        inputs = [{"backend": "aer_simulator", "circuit": BELL, "shots": SHOTS}] * 100
        calls = [inputs[: min(100, count - start)] for start in range(0, count, 100)]
        slots = asyncio.Semaphore(IN_FLIGHT)
        done: list[asyncio.Future[float]] = []

        async def submit(batch: list[dict[str, Any]]) -> None:
            async with slots:
                body = {"query": SUBMIT_MANY, "variables": {"inputs": batch}}
                response = await self.http.post("/graphql", json=body)
                result = response.json()["data"]["submitJobs"]
                assert result["__typename"] == "SubmitJobsSuccess", result
                done.extend(self.until_done(job["id"]) for job in result["jobs"])

        started = time.perf_counter()
        await asyncio.gather(*(submit(batch) for batch in calls))
        ends = await asyncio.wait_for(asyncio.gather(*done), 600)
        return count / (max(ends) - started)


def cpu_s(pids: list[int]) -> float:
    """CPU seconds (user + system) these processes and their descendants have used so far."""
    import psutil

    total = 0.0
    for pid in pids:
        try:
            root = psutil.Process(pid)
            for process in [root, *root.children(recursive=True)]:
                times = process.cpu_times()
                total += times.user + times.system
        except psutil.Error:  # a process that exited meanwhile
            continue
    return total


class CpuPerJob:
    """CPU per job of the API and of the workers over one phase of the benchmark."""

    def __init__(self, api: int, workers: list[subprocess.Popen[bytes]]) -> None:
        self.api = [api]
        self.workers = [w.pid for w in workers]
        self.started = (cpu_s(self.api), cpu_s(self.workers))

    def line(self, jobs: int) -> str:
        api = (cpu_s(self.api) - self.started[0]) * 1000 / jobs
        workers = (cpu_s(self.workers) - self.started[1]) * 1000 / jobs
        return f"CPU per job: API {api:5.2f} ms, workers {workers:5.2f} ms"


def start_workers(count: int, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen(
            [sys.executable, "-m", "qraph", "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()


async def ready(client: Client, redis: Any, count: int) -> None:
    """Until `count` workers beat, then a few jobs each: the first runs warm every cache."""
    from domain.jobs.reconciler import WORKER_PREFIX

    while len(await redis.keys(WORKER_PREFIX + "*")) < count:  # noqa: ASYNC110 - other processes set the keys
        await asyncio.sleep(0.1)
    for _ in range(count * 4):
        await client.submit_one("HIGH")
    await client.throughput(min(100, THROUGHPUT_JOBS))


async def healthy(base_url: str, timeout_s: float = 600) -> None:
    """Until the API answers /health (its first start imports a lot: minutes on a busy box)."""
    import httpx

    deadline = time.monotonic() + timeout_s
    async with httpx.AsyncClient(base_url=base_url, timeout=5) as http:
        while time.monotonic() < deadline:
            try:
                if (await http.get("/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"the API at {base_url} did not become healthy in {timeout_s} s")


def raw_aer() -> list[float]:
    from qiskit import QuantumCircuit
    from qiskit_aer import AerSimulator

    circuit = QuantumCircuit(2)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure_all()
    simulator = AerSimulator(max_parallel_threads=1)
    simulator.run(circuit, shots=SHOTS).result()
    samples = []
    for _ in range(300):
        started = time.perf_counter()
        simulator.run(circuit, shots=SHOTS).result()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


async def prepare() -> tuple[Any, Any]:
    """A migrated, loaded database without unfinished jobs, a flushed Redis, and an admin."""
    from redis.asyncio import Redis
    from sqlalchemy import delete

    from domain.db import make_engine, make_sessionmaker
    from domain.identity.principal import Role
    from domain.jobs.models import Job
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings
    from tests.identity import create_user

    await asyncio.to_thread(migrate)
    await _sync_backends()
    settings = get_settings()
    redis = Redis.from_url(settings.redis_url or "")
    await redis.flushdb()
    os.environ.setdefault("QRAPH_JWT_SECRET", "bench-only-signing-secret-0123456789abcdef0123")
    engine = make_engine(settings.database_url or "")
    async with make_sessionmaker(engine)() as session, session.begin():
        # Jobs an interrupted run left unfinished: the reconciler would run them all again now.
        await session.execute(delete(Job).where(Job.status.in_(["QUEUED", "RUNNING"])))
    admin = await create_user(make_sessionmaker(engine), os.environ["QRAPH_JWT_SECRET"], Role.ADMIN)
    await engine.dispose()
    return redis, admin


async def main() -> None:
    import httpx
    from websockets.asyncio.client import connect

    from tests.e2e.test_live_updates import start, stop
    from tests.ws import PROTOCOL

    redis, admin = await prepare()
    env = {**os.environ, "QRAPH_LOG_LEVEL": "WARNING"}

    raw = raw_aer()
    print(f"1. raw Aer Bell ({SHOTS} shots), in-process:           {summary(raw)}")

    server = start(env, Path(tempfile.mkdtemp(prefix="qraph-bench-")) / "api.log")
    workers: list[subprocess.Popen[bytes]] = []
    try:
        await healthy(server.http)
        async with (
            httpx.AsyncClient(base_url=server.http, headers=admin.headers, timeout=120) as http,
            connect(server.ws, subprotocols=[PROTOCOL], max_size=None) as ws,
        ):
            client = Client(http, ws)
            await client.follow()
            listener = asyncio.create_task(client.listen())
            for count in (1, 2):
                workers = start_workers(count, env)
                await ready(client, redis, count)
                if count == 1:
                    print("2. submitJob -> COMPLETED on jobUpdates, one in flight, 1 worker:")
                    for priority in ("HIGH", "STANDARD"):
                        cpu = CpuPerJob(server.process.pid, workers)
                        samples = [await client.submit_one(priority) for _ in range(LATENCY_JOBS)]
                        print(f"   {priority:<8} Bell on aer_simulator: {summary(samples)}")
                        print(f"   {'':<8} {cpu.line(LATENCY_JOBS)}")
                cpu = CpuPerJob(server.process.pid, workers)
                rate = await client.throughput(THROUGHPUT_JOBS)
                print(
                    f"3. throughput through submitJobs, {count} worker(s), {THROUGHPUT_JOBS} "
                    f"Bell jobs: {rate:7.0f} jobs/s   {cpu.line(THROUGHPUT_JOBS)}"
                )
                stop_workers(workers)
                workers = []
                await redis.delete(*(await redis.keys("qraph:worker:*")) or ["-"])
            listener.cancel()
    finally:
        stop_workers(workers)
        stop(server)
        await redis.aclose()


if __name__ == "__main__":
    with services():
        asyncio.run(main())
