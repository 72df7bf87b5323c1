"""Cancelling a job: a conditional transition to CANCELLED, whatever the worker is doing.

- QUEUED: QUEUED → CANCELLED. The arq entry is removed from the queue as a courtesy; if a
  worker already took it, the worker's own QUEUED → RUNNING transition fails and it stops.
- RUNNING: `cancel_requested_at` is stamped and the job moves RUNNING → CANCELLED at once. A
  simulator run cannot be interrupted, so the worker finishes it, then its conditional
  RUNNING → COMPLETED (or FAILED) transition finds the job CANCELLED and the result is dropped.
- COMPLETED, FAILED, CANCELLED: JobNotCancellable.

Shots stay charged: they were reserved and recorded at submission, and the budget window has
no refund step yet (a queued job's shots could be refunded once it has one).
"""

from __future__ import annotations

import uuid
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import select

from domain.billing import refunds
from domain.db import AsyncSession
from domain.errors import JobNotCancellable, NotFound
from domain.events import publish
from domain.identity.principal import Principal
from domain.jobs.models import SOURCE_IMPORTED, Job, JobStatus
from domain.jobs.queue import arq_job_id
from domain.jobs.reads import visible_to
from domain.jobs.transitions import job_event, queue_event, transition

NOTE = "cancelled by owner"
_NOTES = {JobStatus.QUEUED: NOTE, JobStatus.RUNNING: f"{NOTE} while running"}


async def cancel_job(session: AsyncSession, *, principal: Principal, job_id: uuid.UUID) -> Job:
    """Cancel the viewer's job (an admin: anyone's) in the caller's transaction."""
    for _ in range(3):  # a job can move on between our read and our update, at most twice
        row = (
            await session.execute(
                select(Job.status, Job.source).where(Job.id == job_id, visible_to(principal))
            )
        ).one_or_none()
        if row is None:
            raise NotFound("No such job.")
        status = JobStatus(row.status)
        if status.terminal:
            raise JobNotCancellable(f"The job is already {status.lower()}.", status=status)
        if row.source == SOURCE_IMPORTED:  # Qraph only tracks it; its provider runs it
            raise JobNotCancellable(
                "The job was imported from a connected account: cancel it at its provider.",
                status=status,
            )
        now = datetime.now(UTC)
        job = await transition(
            session,
            job_id=job_id,
            allowed_from=[status],
            to=JobStatus.CANCELLED,
            note=_NOTES[status],
            cancel_requested_at=now,
            finished_at=now,
        )
        if job is not None:
            return job
    raise RuntimeError(f"job {job_id} kept changing while being cancelled")


async def after_commit(
    redis: Redis, queue: Any, job: Job, backend_name: str | None, *, shot_period_s: int
) -> None:
    """Best effort once the cancel is committed: drop the arq entry, tell subscribers.

    Removing the entry from arq's queue sorted set is instant; arq's own `Job.abort` waits for
    a result that a never-started job does not have. Either way the worker's conditional
    transition is what guarantees a cancelled job never runs or records a result.
    """
    with suppress(RedisError, OSError):
        await queue.zrem(queue.default_queue_name, arq_job_id(job.id))
    # Its shots are given back (the refund row is the trigger's, committed with the cancel).
    await refunds.credit_one(
        redis,
        user_id=job.owner_id,
        job_id=job.id,
        shots=job.shots,
        at=job.created_at,
        period_s=shot_period_s,
    )
    with suppress(RedisError, OSError):
        await publish(redis, job_event(job))
        if backend_name is not None:
            await publish(redis, queue_event(backend_name))
