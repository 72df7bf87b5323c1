"""Shots given back for a job that ends FAILED or CANCELLED.

The record is the `jobs_settle_money` trigger's (migration 0009): a negative `shot_usage` row,
`refund:<job id>`, dated at the job's submission, in the transaction of the terminal
transition, so it is written once. `credit` then tells the Redis window (domain.budgets
.shot_window) after the commit, as a confirmed entry of negative shots: idempotent by its
reference, and best effort. If it is lost (a crash, Redis down), the window still over-counts
only until it is rebuilt from PostgreSQL, which holds the refund: never the other way round.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from contextlib import suppress
from datetime import UTC, datetime

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from domain.budgets import shot_window
from domain.db import AsyncSession
from domain.jobs.models import Job, JobStatus

PREFIX = "refund:"
REFUNDED = (JobStatus.FAILED, JobStatus.CANCELLED)


def reference(job_id: uuid.UUID) -> str:
    return f"{PREFIX}{job_id}"


async def credit_one(
    redis: Redis, *, user_id: uuid.UUID, job_id: uuid.UUID, shots: int, at: datetime, period_s: int
) -> None:
    """The window's entry for one refund (the row is already committed)."""
    with suppress(RedisError, OSError):
        await shot_window.confirm(
            redis,
            user_id,
            reference=reference(job_id),
            shots=-abs(shots),
            used_at=at,
            period_s=period_s,
            now=datetime.now(UTC),
        )


async def credit(
    redis: Redis,
    sessionmaker: async_sessionmaker[AsyncSession],
    job_ids: Sequence[uuid.UUID],
    *,
    period_s: int,
) -> int:
    """The windows' entries for these jobs' refunds (their rows read by primary key, once)."""
    if not job_ids:
        return 0
    async with sessionmaker() as session:
        rows = (
            await session.execute(
                select(Job.id, Job.owner_id, Job.shots, Job.created_at).where(
                    Job.id.in_(list(job_ids)), Job.status.in_(REFUNDED), Job.source == "QRAPH"
                )
            )
        ).all()
    for row in rows:
        await credit_one(
            redis,
            user_id=row.owner_id,
            job_id=row.id,
            shots=row.shots,
            at=row.created_at,
            period_s=period_s,
        )
    return len(rows)
