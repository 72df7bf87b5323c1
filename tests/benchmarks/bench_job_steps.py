"""The job path step by step, in this process: where one job's time goes, and a batch's.

Run with `python tests/benchmarks/bench_job_steps.py [--small]` (BENCH_DATABASE_URL /
BENCH_REDIS_URL as for `bench_jobs.py`, else embedded services). Each step of the path that
`bench_jobs.py` measures end to end is called here on its own, against the real PostgreSQL and
Redis, with wall clock (p50, p99), this process's CPU per call, and the SQL statements it sends.
CPU time is the figure to trust on a busy machine. Steps, in the order a job meets them:
admission (in process and through the parse sandbox), submission (rows, shot budget, enqueue and
events; one job and a batch of 100), claim, simulation (a simulation process's round trip beside
the same call in this process), record, and the feed's read of the changed row.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.common import services  # noqa: E402

SMALL = "--small" in sys.argv
ROUNDS = 10 if SMALL else 200
BATCH_ROUNDS = 3 if SMALL else 20
BELL = """OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
c = measure q;
"""


@dataclass
class Bench:
    """The services the steps use, the statements the engine sent, and the jobs made so far."""

    sessionmaker: Any
    redis: Any
    queue: Any
    owner: uuid.UUID
    settings: Any
    statements: int = 0
    submitted: list[uuid.UUID] = field(default_factory=list)
    claimed: list[Any] = field(default_factory=list)

    def count(self, *args: Any) -> None:
        self.statements += 1

    async def timed(
        self, name: str, call: Callable[[], Awaitable[Any]], rounds: int, per: int = 1
    ) -> None:
        await call()
        walls: list[float] = []
        counted = self.statements
        cpu = time.process_time()
        for _ in range(rounds):
            started = time.perf_counter()
            await call()
            walls.append((time.perf_counter() - started) * 1000 / per)
        cpu_ms = (time.process_time() - cpu) * 1000 / rounds / per
        statements = (self.statements - counted) / rounds
        walls.sort()
        p50 = walls[len(walls) // 2]
        p99 = walls[min(len(walls) - 1, round(0.99 * (len(walls) - 1)))]
        print(
            f"  {name:44s} p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  CPU {cpu_ms:6.2f} ms"
            f"  SQL {statements:4.1f}/call"
        )


def _now(call: Callable[[], Any]) -> Callable[[], Awaitable[Any]]:
    async def run() -> Any:
        return call()

    return run


async def admission_steps(bench: Bench) -> None:
    from domain.circuits import sandbox
    from domain.jobs import admission

    spec = admission.BackendSpec("aer_simulator", "AER", 30, "automatic")
    limits = admission.Limits(time_s=60, memory_mb=1e9)
    print("admission of a Bell circuit:")
    await bench.timed(
        "fit, in process", _now(lambda: admission.fit(BELL, spec, 1024, limits)), ROUNDS
    )
    await bench.timed(
        "fit, through the parse sandbox",
        lambda: sandbox.run_bounded(admission.fit, BELL, spec, 1024, limits),
        ROUNDS,
    )
    sandbox.shutdown()


async def submission_steps(bench: Bench) -> None:
    from domain.jobs import admission, submission
    from resolvers.identity.usage import shot_budgets

    limits = admission.Limits(time_s=bench.settings.job_time_limit_s, memory_mb=1e9)

    async def submit(count: int) -> None:
        requests = [submission.JobRequest("aer_simulator", BELL)] * count
        async with bench.sessionmaker() as session:
            done = await submission.submit_jobs(
                session,
                bench.redis,
                bench.queue,
                owner_id=bench.owner,
                requests=requests,
                budgets=shot_budgets(bench.settings),
                limits=limits,
            )
        bench.submitted.extend(job.id for job in done.jobs)

    print("submission (rows, shot budget, enqueue, events):")
    await bench.timed("submit_jobs, 1 job", lambda: submit(1), ROUNDS)
    await bench.timed("submit_jobs, 100 jobs, per job", lambda: submit(100), BATCH_ROUNDS, 100)
    await bench.redis.delete("arq:queue")  # no worker runs here


async def worker_steps(bench: Bench) -> None:
    from sqlalchemy import select

    from domain.backends.models import Backend
    from domain.execution import BackendSpec
    from domain.execution.child import run_jobs
    from domain.execution.pool import SimulationPool
    from domain.jobs import execution

    async def claim(count: int) -> None:
        ids = [bench.submitted.pop() for _ in range(count)]
        found = await execution.claim_many(bench.sessionmaker, ids, worker="bench:1")
        bench.claimed.extend(c for c in found.values() if isinstance(c, execution.Claim))

    print("worker side:")
    await bench.timed("claim_many, 1 job", lambda: claim(1), ROUNDS)
    await bench.timed("claim_many, 16 jobs, per job", lambda: claim(16), BATCH_ROUNDS, 16)
    async with bench.sessionmaker() as session:
        query = select(Backend).where(Backend.name == "aer_simulator")
        aer = BackendSpec.of((await session.scalars(query)).one())
    pool = SimulationPool(1, memory_limit_mb=0)
    await pool.start()
    await bench.timed(
        "simulation, in this process", _now(lambda: run_jobs(aer, [(BELL, 1024)])), ROUNDS
    )
    await bench.timed(
        "simulation, a simulation process's round trip",
        lambda: pool.run(aer, [(BELL, 1024)], time_limit_s=60),
        ROUNDS,
    )
    [ran] = await pool.run(aer, [(BELL, 1024)], time_limit_s=60)
    await pool.close()

    async def record(count: int) -> None:
        batch = [(bench.claimed.pop(), ran) for _ in range(count)]
        await execution.record_many(bench.sessionmaker, batch)

    await bench.timed("record_many, 1 job", lambda: record(1), ROUNDS)
    await bench.timed("record_many, 16 jobs, per job", lambda: record(16), BATCH_ROUNDS, 16)


async def feed_steps(bench: Bench) -> None:
    from domain.jobs import reads

    some = bench.submitted[:1]

    async def read() -> None:
        async with bench.sessionmaker() as session:
            await reads.get_many(session, ids=some)

    print("API side, after the event:")
    await bench.timed("the feed's read of one job (reads.get_many)", read, ROUNDS)


async def main() -> None:
    from redis.asyncio import Redis
    from sqlalchemy import event

    from domain.db import make_engine, make_sessionmaker
    from domain.identity.principal import Role
    from qraph.app import _queue
    from qraph.cli import _sync_backends, migrate
    from qraph.settings import get_settings
    from tests.identity import create_user

    await asyncio.to_thread(migrate)
    await _sync_backends()
    settings = get_settings()
    redis = Redis.from_url(settings.redis_url or "")
    await redis.flushdb()
    engine = make_engine(settings.database_url or "")
    sessionmaker = make_sessionmaker(engine)
    os.environ.setdefault("QRAPH_JWT_SECRET", "bench-only-signing-secret-0123456789abcdef0123")
    user = await create_user(sessionmaker, os.environ["QRAPH_JWT_SECRET"], Role.ADMIN)
    bench = Bench(sessionmaker, redis, _queue(redis), user.id, settings)
    event.listen(engine.sync_engine, "before_cursor_execute", bench.count)
    await admission_steps(bench)
    await submission_steps(bench)
    await worker_steps(bench)
    await feed_steps(bench)
    # No worker ran them: left QUEUED, the reconciler of the next benchmark would run them all.
    from sqlalchemy import delete

    from domain.jobs.models import Job

    async with sessionmaker() as session, session.begin():
        await session.execute(delete(Job).where(Job.owner_id == user.id))
    await engine.dispose()
    await redis.aclose()


if __name__ == "__main__":
    with services():
        asyncio.run(main())
