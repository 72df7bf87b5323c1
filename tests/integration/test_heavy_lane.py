"""Fairness: one user's heavy jobs never hold every simulation process (the heavy lane)."""

from __future__ import annotations

import uuid

from sqlalchemy import update

from domain.jobs import execution
from domain.jobs.models import ESTIMATED_SECONDS, Job, JobStatus
from tests.identity import create_user
from tests.integration.test_worker_runs_jobs import Harness, harness

__all__ = ["harness"]

LANE = execution.HeavyLane(seconds=2.0, per_user=1)


async def _heavy(h: Harness, job_id: uuid.UUID, seconds: float) -> None:
    async with h.sessionmaker() as session, session.begin():
        await session.execute(
            update(Job).where(Job.id == job_id).values(details={ESTIMATED_SECONDS: seconds})
        )


async def test_a_user_runs_one_heavy_job_at_a_time_and_others_are_not_held_back(
    harness: Harness,
) -> None:
    mine = [await harness.add_job(enqueued=False) for _ in range(3)]
    light = await harness.add_job(enqueued=False)
    for job_id in mine:
        await _heavy(harness, job_id, 30.0)
    await _heavy(harness, light, 0.01)
    other = await create_user(harness.sessionmaker, "test-only-signing-secret-of-enough-length-0")
    theirs = await harness.add_job(enqueued=False)
    async with harness.sessionmaker() as session, session.begin():
        await session.execute(update(Job).where(Job.id == theirs).values(owner_id=other.id))
    await _heavy(harness, theirs, 30.0)

    claims = await execution.claim_many(
        harness.sessionmaker, [*mine, light, theirs], worker="w:1:a", heavy=LANE
    )

    running = [j for j in mine if isinstance(claims[j], execution.Claim)]
    waiting = [j for j in mine if isinstance(claims[j], execution.Waiting)]
    assert len(running) == 1 and len(waiting) == 2
    assert isinstance(claims[light], execution.Claim)  # light work never waits
    assert isinstance(claims[theirs], execution.Claim)  # another user has a lane of their own
    for job_id in waiting:
        assert (await harness.job(job_id)).status == JobStatus.QUEUED

    # Another worker cannot take the second slot while the first heavy job runs ...
    again = await execution.claim(harness.sessionmaker, waiting[0], worker="w:2:b", heavy=LANE)
    assert isinstance(again, execution.Waiting)

    # ... and can once it has finished.
    async with harness.sessionmaker() as session, session.begin():
        await session.execute(
            update(Job).where(Job.id == running[0]).values(status=JobStatus.COMPLETED)
        )
    taken = await execution.claim(harness.sessionmaker, waiting[0], worker="w:2:b", heavy=LANE)
    assert isinstance(taken, execution.Claim)
    assert (await harness.job(waiting[1])).status == JobStatus.QUEUED


async def test_without_a_lane_heavy_jobs_are_claimed_as_before(harness: Harness) -> None:
    jobs = [await harness.add_job(enqueued=False) for _ in range(2)]
    for job_id in jobs:
        await _heavy(harness, job_id, 30.0)
    claims = await execution.claim_many(harness.sessionmaker, jobs, worker="w:1:a")
    assert all(isinstance(claims[j], execution.Claim) for j in jobs)


async def test_a_waiting_heavy_job_runs_once_the_lane_frees(harness: Harness) -> None:
    jobs = [await harness.add_job() for _ in range(2)]
    for job_id in jobs:
        await _heavy(harness, job_id, 2.5)
    await harness.drain()
    first, second = sorted([await harness.job(j) for j in jobs], key=lambda job: job.started_at)
    assert first.status == second.status == JobStatus.COMPLETED
    # One at a time: the second started only after the first had finished.
    assert first.finished_at is not None and second.started_at is not None
    assert second.started_at >= first.finished_at
