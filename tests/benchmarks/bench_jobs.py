"""Job execution figures: submit-to-COMPLETED latency and throughput through real workers.

Run with `make bench` or `python tests/benchmarks/bench_jobs.py`. Uses BENCH_DATABASE_URL /
BENCH_REDIS_URL when set (a throwaway database: it is migrated and loaded), else embedded
services. Prints:
  1. raw Aer Bell run time in-process (the floor),
  2. submit-to-COMPLETED latency of Bell jobs, one in flight at a time, for several poll_delay
     values; "COMPLETED" is the second job event on the job's Redis channel,
  3. throughput over THROUGHPUT_JOBS Bell jobs with 1 and 2 worker processes, and its ratio to
     raw Aer measured in this run,
  4. an emulated Bell job on fake_sherbrooke through a worker, against the naive
     `AerSimulator.from_backend` run.
Jobs are submitted by inserting the row and enqueuing it (what `submitJob` does after its
checks), not through the GraphQL API, which this benchmark does not exercise.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from tests.benchmarks.common import services, summary  # noqa: E402

SHOTS = 1024
LATENCY_JOBS = 200
POLL_JOBS = 40
THROUGHPUT_JOBS = 2000
BELL = (
    'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\n'
    "h q[0];\ncx q[0],q[1];\nmeasure q -> c;\n"
)


class Bench:
    def __init__(self, sessionmaker: Any, queue: Any, owner: uuid.UUID) -> None:
        self.sessionmaker = sessionmaker
        self.queue = queue
        self.owner = owner
        self.backends: dict[str, Any] = {}
        self.events: dict[str, int] = {}
        self.done: dict[str, asyncio.Future[float]] = {}

    async def listen(self) -> None:
        from domain.events import Event, channel

        pubsub = self.queue.pubsub()
        await pubsub.psubscribe(channel("job", "*"))
        async for message in pubsub.listen():
            if message["type"] != "pmessage":
                continue
            key = Event.decode(message["data"]).key
            self.events[key] = self.events.get(key, 0) + 1
            future = self.done.get(key)
            # RUNNING, then COMPLETED: the second event of a job is its terminal one.
            if future is not None and self.events[key] == 2 and not future.done():
                future.set_result(time.perf_counter())

    def rows(self, count: int, backend: str, priority: str) -> list[dict[str, Any]]:
        from domain.jobs.execution import actual_cost

        row = self.backends[backend]
        return [
            {
                "id": uuid.uuid4(),
                "owner_id": self.owner,
                "backend_id": row.id,
                "circuit": BELL,
                "circuit_format": "QASM2",
                "qubits": 2,
                "depth": 3,
                "shots": SHOTS,
                "priority": priority,
                "tags": [],
                "status": "QUEUED",
                "cost_estimate": actual_cost(row, SHOTS),
                "currency": row.currency,
                "details": {},
                "attempts": 0,
            }
            for _ in range(count)
        ]

    async def insert(self, rows: list[dict[str, Any]]) -> None:
        from domain.jobs.models import Job

        async with self.sessionmaker() as session, session.begin():
            await session.execute(insert(Job), rows)

    async def submit_one(self, backend: str, priority: str) -> float:
        """Insert, commit and enqueue one job; milliseconds until its COMPLETED event."""
        from domain.jobs.queue import enqueue

        [row] = self.rows(1, backend, priority)
        key = str(row["id"])
        self.done[key] = asyncio.get_running_loop().create_future()
        started = time.perf_counter()
        await self.insert([row])
        await enqueue(self.queue, row["id"])
        finished = await asyncio.wait_for(self.done[key], 60)
        return (finished - started) * 1000

    async def throughput(self, count: int) -> float:
        """Jobs/s from the first enqueue to the last COMPLETED event (rows inserted before)."""
        from domain.jobs.queue import enqueue

        rows = self.rows(count, "aer_simulator", "STANDARD")
        for start in range(0, count, 500):
            await self.insert(rows[start : start + 500])
        loop = asyncio.get_running_loop()
        for row in rows:
            self.done[str(row["id"])] = loop.create_future()
        started = time.perf_counter()
        await asyncio.gather(*(enqueue(self.queue, row["id"]) for row in rows))
        ends = await asyncio.wait_for(
            asyncio.gather(*(self.done[str(row["id"])] for row in rows)), 300
        )
        return count / (max(ends) - started)


def start_workers(count: int, poll_delay: float) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "QRAPH_WORKER_POLL_DELAY_S": str(poll_delay),
        "QRAPH_LOG_LEVEL": "WARNING",
    }
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
        worker.wait(30)


async def ready(bench: Bench, count: int) -> None:
    from domain.jobs.reconciler import WORKER_PREFIX

    while len(await bench.queue.keys(WORKER_PREFIX + "*")) < count:  # noqa: ASYNC110 - other processes set the keys
        await asyncio.sleep(0.1)
    # One job per worker first: imports, the SDK thread and the emulator's device model.
    for _ in range(count * 2):
        await bench.submit_one("fake_sherbrooke", "HIGH")
        await bench.submit_one("aer_simulator", "STANDARD")


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


async def main() -> None:  # noqa: PLR0915 - a linear script
    from arq import create_pool

    from domain.backends.models import Backend
    from domain.db import make_engine, make_sessionmaker
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings
    from tests.identity import create_user
    from workers.queue import deserialize, redis_settings, serialize

    await asyncio.to_thread(migrate)
    await _sync_backends()
    settings = get_settings()
    engine = make_engine(settings.database_url or "")
    sessionmaker = make_sessionmaker(engine)
    queue = await create_pool(
        redis_settings(settings.redis_url or ""),
        job_serializer=serialize,
        job_deserializer=deserialize,
    )
    await queue.flushdb()
    user = await create_user(sessionmaker, "bench-only-secret-0123456789abcdef0123456789")
    bench = Bench(sessionmaker, queue, user.id)
    async with sessionmaker() as session:
        for row in (await session.execute(select(Backend))).scalars():
            bench.backends[row.name] = row
    listener = asyncio.create_task(bench.listen())
    await asyncio.sleep(0.2)

    raw = raw_aer()
    raw_p50 = sorted(raw)[len(raw) // 2]
    print(f"1. raw Aer Bell ({SHOTS} shots), in-process:      {summary(raw)}")
    print(f"   => raw Aer ceiling on one core: {1000 / raw_p50:7.0f} runs/s")

    print("2. submit-to-COMPLETED, one job in flight, 1 worker (insert+enqueue, not submitJob)")
    for poll_delay in (0.5, 0.05, 0.01):
        workers = start_workers(1, poll_delay)
        try:
            await ready(bench, 1)
            jobs = LATENCY_JOBS if poll_delay == 0.05 else POLL_JOBS
            for priority in ("HIGH", "STANDARD"):
                samples = [await bench.submit_one("aer_simulator", priority) for _ in range(jobs)]
                print(f"   poll_delay {poll_delay:<4} {priority:<8} Bell: {summary(samples)}")
            if poll_delay == 0.05:
                samples = [await bench.submit_one("fake_sherbrooke", "HIGH") for _ in range(50)]
                print(f"   poll_delay 0.05 HIGH emulated fake_sherbrooke Bell: {summary(samples)}")
                for count in (THROUGHPUT_JOBS,):
                    rate = await bench.throughput(count)
                    print(
                        f"3. throughput, 1 worker, {count} STANDARD Bell jobs: {rate:7.0f} jobs/s"
                        f"   ({rate * raw_p50 / 1000:.2f} x raw Aer)"
                    )
        finally:
            stop_workers(workers)
        await queue.delete(*(await queue.keys("qraph:worker:*")) or ["-"])

    workers = start_workers(2, 0.05)
    try:
        await ready(bench, 2)
        rate = await bench.throughput(THROUGHPUT_JOBS)
        print(
            f"3. throughput, 2 workers, {THROUGHPUT_JOBS} STANDARD Bell jobs: {rate:7.0f} jobs/s"
            f"   ({rate * raw_p50 / 1000:.2f} x raw Aer)"
        )
    finally:
        stop_workers(workers)

    print("4. emulated vs naive (simulation alone, in-process):")
    from tests.benchmarks import bench_emulator

    bench_emulator.main()  # on this thread, like raw_aer: Qiskit state stays on one thread

    listener.cancel()
    await queue.aclose()
    await engine.dispose()


if __name__ == "__main__":
    with services():
        asyncio.run(main())
