"""Status transitions: conditional, recorded, and safe to attempt twice.

Every change of a job's status goes through `transition`: an `UPDATE ... WHERE status IN (...)`
that only one caller can win, plus its history row, in the caller's transaction. A duplicate
delivery, a racing cancel or a reconciler that re-enqueues a job therefore never runs or records
a job twice: the loser gets None and stops.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, update

from domain.analytics import rollups
from domain.db import AsyncSession
from domain.events import Event
from domain.jobs.models import Job, JobStatus, JobTransition


async def transition(
    session: AsyncSession,
    *,
    job_id: uuid.UUID,
    allowed_from: Iterable[JobStatus],
    to: JobStatus,
    note: str | None = None,
    **values: Any,
) -> Job | None:
    """Move the job to `to` if it is in one of `allowed_from`; None when another caller won."""
    job = (
        await session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status.in_([s.value for s in allowed_from]))
            .values(status=to, **values)
            .returning(Job)
        )
    ).scalar_one_or_none()
    if job is not None:
        await session.execute(insert(JobTransition).values(job_id=job_id, status=to, note=note))
        if to.terminal:  # analytics: counted once, by the one caller that won the transition
            await rollups.count_finished(session, job_id)
    return job


def job_event(job: Job) -> Event:
    """What to publish after the commit of a job's transition."""
    return job_changed(job.id)


def job_changed(job_id: uuid.UUID) -> Event:
    """`job_event` by the job's id alone."""
    return Event("job", str(job_id), "status_changed")


def queue_event(backend_name: str) -> Event:
    """Published when a backend's queue changes (subscribers coalesce these)."""
    return Event("queue", backend_name, "changed")
