"""Simulations run in killable processes: a long one blocks nothing, and can be stopped.

Real PostgreSQL and Redis, and a real arq worker in this process whose simulations run in its
pool's child processes. The long job is a real one from the hardening issue's corpus: a wide GHZ
on the stabilizer simulator, which runs for minutes inside Aer (inserted as a row here, past
submission's admission, to exercise the worker's own limits). Waits are bounded safety nets;
nothing asserts a wall-clock time.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import psutil
import pytest
from arq.worker import Worker, func
from sqlalchemy import text

from domain.jobs.models import JobStatus, Priority
from domain.jobs.transitions import transition
from qraph.settings import get_settings
from tests.integration.test_worker_runs_jobs import BELL, SHOTS, Harness, harness
from workers import jobs
from workers.queue import HEALTH_CHECK_KEY, deserialize, redis_settings, serialize
from workers.settings import shutdown, startup

__all__ = ["harness"]

LONG_QUBITS = 3000
LONG = (
    'OPENQASM 2.0;\ninclude "qelib1.inc";\n'
    f"qreg q[{LONG_QUBITS}];\ncreg c[{LONG_QUBITS}];\nh q[0];\n"
    + "".join(f"cx q[{i - 1}],q[{i}];\n" for i in range(1, LONG_QUBITS))
    + "measure q -> c;\n"
)
STABILIZER = "aer_simulator_stabilizer"
CRASH_MARKER = "qraph-test-crash-here"


async def _until(condition: Any, timeout_s: float = 120.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not await condition():  # a bounded wait: a safety net, not a timing assertion
        if loop.time() >= deadline:
            pytest.fail(f"condition still false after {timeout_s} s")
        await asyncio.sleep(0.05)


def _limits(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()


@contextlib.asynccontextmanager
async def serving(h: Harness) -> AsyncIterator[Worker]:
    """A long-running (not burst) worker, beating its health check every second."""
    worker = Worker(
        functions=[func(jobs.run_job, keep_result=0, max_tries=jobs.MAX_TRIES, timeout=600)],  # type: ignore[arg-type]
        redis_settings=redis_settings(h.settings.redis_url or ""),
        on_startup=startup,
        on_shutdown=shutdown,
        job_serializer=serialize,
        job_deserializer=deserialize,
        poll_delay=0.01,
        max_jobs=64,
        health_check_interval=1,
        handle_signals=False,
    )
    main = asyncio.ensure_future(worker.main())

    async def started() -> bool:
        assert not main.done(), main.exception()
        return "batcher" in worker.ctx

    try:
        await _until(started, timeout_s=300)
        yield worker
    finally:
        # Stop polling first: close() shuts the Redis pool the poll loop uses.
        main.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await main
        for task in list(worker.tasks.values()):
            task.cancel()
        await asyncio.gather(*worker.tasks.values(), return_exceptions=True)
        worker.tasks.clear()
        await worker.close()


async def _status(h: Harness, job_id: uuid.UUID) -> JobStatus:
    return JobStatus((await h.job(job_id)).status)


async def _cancel(h: Harness, job_id: uuid.UUID) -> None:
    """What the API's cancelJob does to a RUNNING job's row."""
    async with h.sessionmaker() as session, session.begin():
        assert await transition(
            session,
            job_id=job_id,
            allowed_from=[JobStatus.RUNNING],
            to=JobStatus.CANCELLED,
            note="cancelled by owner while running",
        )


async def test_a_long_simulation_blocks_no_claim_heartbeat_or_transaction(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    _limits(monkeypatch, QRAPH_SIMULATION_PROCESSES="2", QRAPH_JOB_TIME_LIMIT_S="600")
    long_id = await harness.add_job(STABILIZER, circuit=LONG, shots=10, priority=Priority.HIGH)
    async with serving(harness) as worker:
        pool = worker.ctx["pool"]

        async def long_running() -> bool:
            return await _status(harness, long_id) == JobStatus.RUNNING and bool(pool.busy_pids())

        await _until(long_running)
        beat = await harness.queue.get(HEALTH_CHECK_KEY)

        # Given a simulation holding a process, another job is claimed and completed...
        bell_id = await harness.add_job(priority=Priority.HIGH)

        async def bell_done() -> bool:
            return await _status(harness, bell_id) == JobStatus.COMPLETED

        await _until(bell_done)
        assert await _status(harness, long_id) == JobStatus.RUNNING

        # ... the heartbeat goes on ...
        async def beat_moved() -> bool:
            return await harness.queue.get(HEALTH_CHECK_KEY) not in (None, beat)

        await _until(beat_moved, timeout_s=30)

        # ... and no transaction stays open while the circuit runs.
        async with harness.sessionmaker() as session:
            for _ in range(5):
                open_transactions = await session.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND pid <> pg_backend_pid()"
                        " AND xact_start < now() - interval '1 second'"
                    )
                )
                assert open_transactions == 0
                await session.rollback()
                await asyncio.sleep(0.1)
        assert await _status(harness, long_id) == JobStatus.RUNNING


async def test_cancel_kills_the_running_simulation_and_the_worker_goes_on(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    _limits(monkeypatch, QRAPH_SIMULATION_PROCESSES="1", QRAPH_JOB_TIME_LIMIT_S="600")
    long_id = await harness.add_job(STABILIZER, circuit=LONG, shots=10, priority=Priority.HIGH)
    async with serving(harness) as worker:
        pool = worker.ctx["pool"]

        async def long_running() -> bool:
            return await _status(harness, long_id) == JobStatus.RUNNING and bool(pool.busy_pids())

        await _until(long_running)
        [child] = pool.busy_pids()

        await _cancel(harness, long_id)

        async def child_gone() -> bool:
            return not psutil.pid_exists(child) and not pool.busy_pids()

        await _until(child_gone, timeout_s=30)

        # The one process was replaced: the next job runs.
        bell_id = await harness.add_job(priority=Priority.HIGH)

        async def bell_done() -> bool:
            return await _status(harness, bell_id) == JobStatus.COMPLETED

        await _until(bell_done)
        assert child not in pool.pids()

    job = await harness.job(long_id)
    assert job.status == JobStatus.CANCELLED and job.counts is None
    assert [s for s, _ in await harness.history(long_id)] == ["QUEUED", "RUNNING", "CANCELLED"]


async def test_time_limit_fails_the_job_and_the_worker_serves_the_next(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    _limits(monkeypatch, QRAPH_SIMULATION_PROCESSES="1", QRAPH_JOB_TIME_LIMIT_S="2")
    long_id = await harness.add_job(STABILIZER, circuit=LONG, shots=10, priority=Priority.HIGH)
    bell_id = await harness.add_job()
    worker = await harness.drain()

    job = await harness.job(long_id)
    assert job.status == JobStatus.FAILED, (job.error_code, job.error_message)
    assert job.error_code == "TIME_LIMIT_EXCEEDED"
    assert job.error_message == "The job ran past the time limit of 2 s and was stopped."
    assert job.counts is None and job.actual_cost == 0
    bell = await harness.job(bell_id)
    assert bell.status == JobStatus.COMPLETED
    assert bell.counts is not None and sum(bell.counts.values()) == SHOTS
    assert worker.jobs_failed == 0  # both deliveries ended normally: the worker lived on


async def test_a_job_that_kills_its_process_twice_is_poison_and_the_others_complete(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Test-only hook: the child exits when a source contains the marker (a crashing circuit).
    monkeypatch.setenv("QRAPH_TEST_CHILD_EXIT_MARKER", CRASH_MARKER)
    _limits(monkeypatch, QRAPH_SIMULATION_PROCESSES="2")
    poison_id = await harness.add_job(circuit=BELL + f"// {CRASH_MARKER}\n")
    others = [await harness.add_job() for _ in range(3)]
    await harness.drain()

    job = await harness.job(poison_id)
    assert job.status == JobStatus.FAILED
    assert job.error_code == "POISON"
    assert job.error_message == (
        "The job's simulation process died 2 times (exit code 70, exit code 70); "
        "it is not run again."
    )
    assert job.actual_cost == 0 and job.attempts == 1
    for job_id in others:
        other = await harness.job(job_id)
        assert other.status == JobStatus.COMPLETED
        assert other.counts is not None and sum(other.counts.values()) == SHOTS
