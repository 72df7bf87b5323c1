"""run_job against real PostgreSQL and Redis, delivered by an in-process arq burst worker."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
from arq import create_pool
from arq.worker import Worker, func
from sqlalchemy import event, select
from sqlalchemy import func as sql_func

from domain.backends.models import Backend
from domain.db import make_engine, make_sessionmaker
from domain.execution import Ran
from domain.execution.isolated import Work, run_alone
from domain.jobs import execution
from domain.jobs.models import Job, JobStatus, JobTransition, Priority
from domain.jobs.queue import enqueue
from domain.jobs.transitions import transition
from qraph.settings import Settings
from tests.identity import create_user
from workers import jobs
from workers.queue import deserialize, redis_settings, serialize
from workers.settings import shutdown, startup

BELL = (
    'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\n'
    "h q[0];\ncx q[0],q[1];\nmeasure q -> c;\n"
)
BAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0];\n'  # nothing measured
SHOTS = 2000


class Harness:
    """The test's database, Redis queue and owner, and ways to add jobs and run workers."""

    def __init__(self, settings: Settings, sessionmaker: Any, queue: Any, owner: uuid.UUID):
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.queue = queue
        self.owner = owner

    async def add_job(
        self,
        backend: str = "aer_simulator",
        *,
        circuit: str = BELL,
        shots: int = SHOTS,
        priority: Priority = Priority.STANDARD,
        enqueued: bool = True,
    ) -> uuid.UUID:
        async with self.sessionmaker() as session, session.begin():
            row = (
                await session.execute(select(Backend).where(Backend.name == backend))
            ).scalar_one()
            job = Job(
                owner_id=self.owner,
                backend_id=row.id,
                circuit=circuit,
                circuit_format="QASM2",
                qubits=2,
                depth=3,
                shots=shots,
                priority=priority,
                tags=[],
                status=JobStatus.QUEUED,
                cost_estimate=execution.actual_cost(row, shots),
                currency=row.currency,
                details={},
            )
            session.add(job)
            await session.flush()
            session.add(JobTransition(job_id=job.id, status=JobStatus.QUEUED, note="submitted"))
            job_id = job.id
        if enqueued:
            await enqueue(self.queue, job_id)
        return job_id

    def worker(self, **kwargs: Any) -> Worker:
        return Worker(
            functions=[func(jobs.run_job, keep_result=0, max_tries=jobs.MAX_TRIES, timeout=60)],  # type: ignore[arg-type]
            redis_settings=redis_settings(self.settings.redis_url or ""),
            on_startup=startup,
            on_shutdown=shutdown,
            job_serializer=serialize,
            job_deserializer=deserialize,
            burst=True,
            poll_delay=0.01,
            max_jobs=64,
            handle_signals=False,
            **kwargs,
        )

    async def drain(self, **kwargs: Any) -> Worker:
        worker = self.worker(**kwargs)
        try:
            await worker.main()
        finally:
            await worker.close()
        return worker

    async def job(self, job_id: uuid.UUID) -> Job:
        async with self.sessionmaker() as session:
            return (await session.execute(select(Job).where(Job.id == job_id))).scalar_one()

    async def history(self, job_id: uuid.UUID) -> list[tuple[str, str | None]]:
        async with self.sessionmaker() as session:
            rows = await session.execute(
                select(JobTransition.status, JobTransition.note)
                .where(JobTransition.job_id == job_id)
                .order_by(JobTransition.id)
            )
            return [(status, note) for status, note in rows]

    async def completed_rows(self) -> dict[uuid.UUID, int]:
        async with self.sessionmaker() as session:
            rows = await session.execute(
                select(JobTransition.job_id, sql_func.count())
                .where(JobTransition.status == JobStatus.COMPLETED)
                .group_by(JobTransition.job_id)
            )
            return {job_id: int(count) for job_id, count in rows}


@pytest.fixture
async def harness(settings: Settings) -> AsyncIterator[Harness]:
    engine = make_engine(settings.database_url or "")
    sessionmaker = make_sessionmaker(engine)
    user = await create_user(sessionmaker, "unused-secret-for-worker-tests-0123456789abcdef")
    queue = await create_pool(
        redis_settings(settings.redis_url or ""),
        job_serializer=serialize,
        job_deserializer=deserialize,
    )
    try:
        yield Harness(settings, sessionmaker, queue, user.id)
    finally:
        await queue.aclose()
        await engine.dispose()


async def test_bell_job_runs_through_its_lifecycle(harness: Harness) -> None:
    job_id = await harness.add_job()
    await harness.drain()

    job = await harness.job(job_id)
    assert job.status == JobStatus.COMPLETED
    assert [status for status, _ in await harness.history(job_id)] == [
        "QUEUED",
        "RUNNING",
        "COMPLETED",
    ]
    running_note = (await harness.history(job_id))[1][1]
    assert running_note is not None and running_note.startswith("picked up by ")
    assert job.counts is not None and sum(job.counts.values()) == SHOTS
    assert set(job.counts) <= {"00", "11"}
    assert abs(job.counts.get("00", 0) / SHOTS - 0.5) < 0.06
    assert job.fidelity is not None and job.fidelity > 0.99
    assert job.attempts == 1 and job.worker and job.started_at and job.finished_at
    assert job.execution_ms is not None and job.simulation_method
    async with harness.sessionmaker() as session:
        backend = (
            await session.execute(select(Backend).where(Backend.name == "aer_simulator"))
        ).scalar_one()
    assert job.actual_cost == Decimal(backend.price_per_task) + backend.price_per_shot * SHOTS


async def test_emulated_bell_is_noisy(harness: Harness) -> None:
    job_id = await harness.add_job("fake_sherbrooke", priority=Priority.HIGH)
    await harness.drain()

    job = await harness.job(job_id)
    assert job.status == JobStatus.COMPLETED, (job.error_code, job.error_message)
    assert job.counts is not None and sum(job.counts.values()) == SHOTS
    assert job.fidelity is not None and 0.8 < job.fidelity < 1.0
    assert job.actual_cost is not None and job.details.get("physical_qubits")


async def test_duplicate_delivery_runs_once(harness: Harness) -> None:
    job_id = await harness.add_job()
    # A second arq job for the same row (a different arq id) and a direct second call.
    await harness.queue.enqueue_job("run_job", str(job_id), _job_id=f"duplicate:{job_id}")
    await harness.drain()
    ctx: dict[str, Any] = {"redis": harness.queue}
    await startup(ctx)
    try:
        assert await jobs.run_job(ctx, str(job_id)) == "skipped: not QUEUED"
    finally:
        await shutdown(ctx)

    assert (await harness.job(job_id)).status == JobStatus.COMPLETED
    assert [s for s, _ in await harness.history(job_id)] == ["QUEUED", "RUNNING", "COMPLETED"]


async def test_bad_circuit_fails_at_once_without_retry(harness: Harness) -> None:
    job_id = await harness.add_job(circuit=BAD)
    worker = await harness.drain()

    job = await harness.job(job_id)
    assert job.status == JobStatus.FAILED
    assert job.error_code == "UNSUPPORTED_CIRCUIT" and job.error_message
    assert job.counts is None and job.actual_cost == 0 and job.attempts == 1
    assert worker.jobs_retried == 0
    assert [s for s, _ in await harness.history(job_id)] == ["QUEUED", "RUNNING", "FAILED"]


async def test_job_cancelled_while_running_keeps_cancelled(harness: Harness) -> None:
    job_id = await harness.add_job(enqueued=False)
    claimed = await execution.claim(harness.sessionmaker, job_id, worker="test")
    assert claimed is not None
    ctx: dict[str, Any] = {"redis": harness.queue}
    await startup(ctx)
    try:
        work = Work(claimed.circuit, claimed.shots, asyncio.Event())
        result = await run_alone(ctx["pool"], claimed.spec, work, time_limit_s=60)
    finally:
        await shutdown(ctx)
    assert isinstance(result, Ran)
    # The API cancels while the simulator runs (its contract: RUNNING -> CANCELLED).
    async with harness.sessionmaker() as session, session.begin():
        assert await transition(
            session,
            job_id=job_id,
            allowed_from=[JobStatus.RUNNING],
            to=JobStatus.CANCELLED,
            note="cancelled by owner",
        )
    finished = await execution.complete(harness.sessionmaker, claimed, result)

    assert finished.status is None and finished.events == []
    job = await harness.job(job_id)
    assert job.status == JobStatus.CANCELLED and job.counts is None and job.actual_cost is None
    assert [s for s, _ in await harness.history(job_id)] == ["QUEUED", "RUNNING", "CANCELLED"]


async def test_cancel_before_pickup_is_never_run(harness: Harness) -> None:
    job_id = await harness.add_job()
    async with harness.sessionmaker() as session, session.begin():
        await transition(
            session, job_id=job_id, allowed_from=[JobStatus.QUEUED], to=JobStatus.CANCELLED
        )
    await harness.drain()
    job = await harness.job(job_id)
    assert job.status == JobStatus.CANCELLED and job.attempts == 0


async def test_standard_jobs_share_batches_and_high_jobs_do_not(harness: Harness) -> None:
    standard = [await harness.add_job() for _ in range(12)]
    high = [await harness.add_job(priority=Priority.HIGH) for _ in range(3)]
    await harness.drain()

    for job_id in standard + high:
        job = await harness.job(job_id)
        assert job.status == JobStatus.COMPLETED
        assert job.counts is not None and sum(job.counts.values()) == SHOTS
        assert job.fidelity is not None and job.fidelity > 0.99
    assert set((await harness.completed_rows()).values()) == {1}


async def test_batcher_runs_many_circuits_in_one_call(harness: Harness) -> None:
    job_ids = [await harness.add_job(enqueued=False) for _ in range(5)]
    claims = [await execution.claim(harness.sessionmaker, j, worker="test") for j in job_ids]
    ctx: dict[str, Any] = {"redis": harness.queue}
    await startup(ctx)
    statements: list[str] = []
    engine = harness.sessionmaker.kw["bind"].sync_engine

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    try:
        batcher = jobs.Batcher(
            ctx["pool"], harness.sessionmaker, time_limit_s=60, window_s=0.05, max_size=16
        )
        event.listen(engine, "before_cursor_execute", count)
        finished = await asyncio.gather(
            *(batcher.run(c, Work(c.circuit, c.shots, asyncio.Event())) for c in claims if c)
        )
    finally:
        event.remove(engine, "before_cursor_execute", count)
        await shutdown(ctx)
    assert batcher.batches == [5]
    assert [f.status for f in finished] == [JobStatus.COMPLETED] * 5
    # the five results are recorded by one statement (one transaction by itself)
    assert len([s for s in statements if "UPDATE jobs" in s]) == 1, statements
    for job_id in job_ids:
        job = await harness.job(job_id)
        assert job.status == JobStatus.COMPLETED
        assert job.counts is not None and sum(job.counts.values()) == SHOTS


async def test_claims_arriving_together_share_one_statement(harness: Harness) -> None:
    job_ids = [await harness.add_job(enqueued=False) for _ in range(4)]
    claimer = jobs.Claimer(harness.sessionmaker, "test", window_s=0.05)
    statements: list[str] = []
    engine = harness.sessionmaker.kw["bind"].sync_engine

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        # the first job is delivered twice: only one delivery may claim it
        claims = await asyncio.gather(*(claimer.claim(j) for j in [job_ids[0], *job_ids]))
    finally:
        event.remove(engine, "before_cursor_execute", count)

    assert len(statements) == 1, statements  # one statement: one transaction by itself
    assert claims[1] is None
    assert [c.job_id for c in claims if c] == job_ids
    for job_id in job_ids:
        job = await harness.job(job_id)
        assert job.status == JobStatus.RUNNING and job.worker == "test" and job.attempts == 1
