"""Exactly-once charging: whatever the deliveries, a completed job has one usage record.

Duplicate deliveries, a Redis FLUSHALL between submission and run, and a worker killed with
SIGKILL mid-job (recovered by the reconciler) each leave one UsageRecord per COMPLETED job;
failed and cancelled jobs leave none, and their spending reservations are released.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from domain.billing.accounts import SpendingMonth
from domain.billing.models import UsageRecord
from domain.identity.models import ShotUsage
from domain.jobs import reconciler
from domain.jobs.models import Job, JobStatus
from domain.jobs.queue import enqueue
from domain.jobs.transitions import transition
from tests.integration.test_worker_crash import ROOT, _until
from tests.integration.test_worker_runs_jobs import Harness, harness
from workers.jobs import TEST_DELAY_ENV
from workers.reconciler import reconcile_jobs

__all__ = ["harness"]
PRICED = "fake_sherbrooke"  # 0.30 per task + 0.00015 per shot


async def _records(harness: Harness, job_id: uuid.UUID) -> list[UsageRecord]:
    async with harness.sessionmaker() as session:
        return list(await session.scalars(select(UsageRecord).where(UsageRecord.job_id == job_id)))


async def _month(harness: Harness) -> SpendingMonth | None:
    async with harness.sessionmaker() as session:
        return await session.scalar(
            select(SpendingMonth).where(SpendingMonth.user_id == harness.owner)
        )


async def _reserve(harness: Harness, job_id: uuid.UUID) -> None:
    """What a submission reserves for the job (the harness inserts jobs directly)."""
    async with harness.sessionmaker() as session, session.begin():
        job = await session.get(Job, job_id)
        assert job is not None
        from domain.billing import spending

        await spending.reserve(session, user_id=harness.owner, jobs=[job])


async def test_duplicate_deliveries_charge_once(harness: Harness) -> None:
    job_id = await harness.add_job(PRICED, shots=100)
    await _reserve(harness, job_id)
    for _ in range(3):  # the same job delivered again and again
        await enqueue(harness.queue, job_id)
    await harness.drain()
    await enqueue(harness.queue, job_id)
    await harness.drain()
    job = await harness.job(job_id)
    assert job.status == JobStatus.COMPLETED
    [record] = await _records(harness, job_id)
    assert record.backend_charge == job.actual_cost == Decimal("0.315")
    month = await _month(harness)
    assert month is not None and month.spent == Decimal("0.315") and month.reserved == 0
    # a second COMPLETED transition cannot happen, and the record's key refuses a second row
    async with harness.sessionmaker() as session, session.begin():
        moved = await transition(
            session,
            job_id=job_id,
            allowed_from=[JobStatus.RUNNING],
            to=JobStatus.COMPLETED,
            note="again",
        )
    assert moved is None
    assert len(await _records(harness, job_id)) == 1


async def test_a_redis_flushall_charges_once(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reconciler, "QUEUED_GRACE_S", 0.0)
    job_id = await harness.add_job(PRICED, shots=100)
    await _reserve(harness, job_id)
    await harness.queue.flushall()  # the queue entry is gone; the row says QUEUED
    ctx: dict[str, Any] = {"sessionmaker": harness.sessionmaker, "redis": harness.queue}
    await reconcile_jobs(ctx)  # re-enqueues QUEUED jobs the queue lost
    await reconcile_jobs(ctx)
    await harness.drain()
    assert (await harness.job(job_id)).status == JobStatus.COMPLETED
    assert len(await _records(harness, job_id)) == 1
    month = await _month(harness)
    assert month is not None and month.spent == Decimal("0.315") and month.reserved == 0


async def test_failed_and_cancelled_jobs_are_not_charged(harness: Harness) -> None:
    bad = await harness.add_job(PRICED, circuit="OPENQASM 2.0; nonsense", shots=100)
    cancelled = await harness.add_job(PRICED, shots=100, enqueued=False)
    await _reserve(harness, bad)
    await _reserve(harness, cancelled)
    async with harness.sessionmaker() as session, session.begin():
        await transition(
            session,
            job_id=cancelled,
            allowed_from=[JobStatus.QUEUED],
            to=JobStatus.CANCELLED,
            note="cancelled",
        )
    await harness.drain()
    assert (await harness.job(bad)).status == JobStatus.FAILED
    assert await _records(harness, bad) == [] and await _records(harness, cancelled) == []
    month = await _month(harness)
    assert month is not None and month.spent == 0 and month.reserved == 0
    # and each gives its shots back once: a negative shot usage row per job
    async with harness.sessionmaker() as session:
        refunds = dict(
            (
                await session.execute(
                    select(ShotUsage.reference, ShotUsage.shots).where(
                        ShotUsage.reference.in_([f"refund:{bad}", f"refund:{cancelled}"])
                    )
                )
            ).all()
        )
    assert refunds == {f"refund:{bad}": -100, f"refund:{cancelled}": -100}


async def test_killed_worker_job_is_charged_once(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = await harness.add_job(PRICED, shots=100)
    await _reserve(harness, job_id)
    env = {
        **os.environ,
        "DATABASE_URL": harness.settings.database_url or "",
        "REDIS_URL": harness.settings.redis_url or "",
        TEST_DELAY_ENV: "120",
        "QRAPH_WORKER_HEARTBEAT_S": "1",
        "QRAPH_LOG_LEVEL": "CRITICAL",
    }
    process = subprocess.Popen(  # noqa: ASYNC220 - started once, never waited on in the loop
        [sys.executable, "-m", "qraph", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        async def running() -> bool:
            assert process.poll() is None, "the worker exited early"
            return (await harness.job(job_id)).status == JobStatus.RUNNING

        await _until(running)
        dead_worker = (await harness.job(job_id)).worker
        assert dead_worker
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()

    async def liveness_expired() -> bool:
        return not await harness.queue.exists(reconciler.worker_key(dead_worker))

    await _until(liveness_expired, timeout_s=20)
    monkeypatch.setattr(reconciler, "RUNNING_STALE_S", 0.0)
    ctx: dict[str, Any] = {"sessionmaker": harness.sessionmaker, "redis": harness.queue}
    assert (await reconcile_jobs(ctx))["recovered"] == 1
    await harness.drain()
    assert (await harness.job(job_id)).status == JobStatus.COMPLETED
    [record] = await _records(harness, job_id)
    assert record.backend_charge == Decimal("0.315")
    month = await _month(harness)
    assert month is not None and month.spent == Decimal("0.315") and month.reserved == 0
