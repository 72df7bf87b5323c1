"""What the reconciler reads and changes: PostgreSQL is the truth, Redis only a delivery channel.

Two repairs, both safe to run concurrently with workers and with each other:

- QUEUED jobs Redis will not deliver: Redis restarted or flushed, an enqueue lost after the
  commit, or a worker that died after arq gave it the job and before it marked the job RUNNING.
  That last one leaves arq's in-progress key (it lives the longest job timeout plus 10 s), which
  hides the job from every worker; a worker writes its id into that key as the first thing it
  does (`mark_holder`), so a key whose holder's liveness key is gone (or that names no holder)
  is stale: it is deleted, and the job delivered again under its deterministic arq id.
- RUNNING jobs whose worker is gone (no arq in-progress key, or the worker's liveness key has
  expired): RUNNING -> QUEUED with "recovered: worker lost" and enqueued again.

Attempts count failures, not hand-backs. Simulations run in their own processes, so a worker's
death is rarely its job's doing: a recovered job is charged the attempt only when it was the
only job its worker was running (then it may have been the cause), and one charged
`MAX_ATTEMPTS` times is FAILED as POISON. Jobs that shared a lost worker get theirs back.

Workers keep `worker_key(id)` alive with a TTL (`LIVENESS_TTL_FACTOR` x the heartbeat), because
arq's in-progress key outlives a killed worker by the longest job timeout plus 10 s.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from domain.backends.models import Backend
from domain.db import AsyncSession
from domain.events import Event
from domain.jobs.models import SOURCE_IMPORTED, Job, JobStatus
from domain.jobs.queue import arq_job_id, enqueue
from domain.jobs.transitions import job_event, queue_event, transition
from domain.notifications import jobs_finished

# Thresholds (seconds / counts); the lead may move them into settings.
QUEUED_GRACE_S = 5.0  # a QUEUED job younger than this may still be on its way to Redis
RUNNING_STALE_S = 30.0  # a RUNNING job older than this, unheld, has lost its worker
MAX_ATTEMPTS = 3  # charged attempts before a job that keeps losing its worker is POISON
BATCH = 500  # rows per reconciler pass and kind
LIVENESS_TTL_FACTOR = 3

ARQ_JOB_PREFIX = "arq:job:"
ARQ_IN_PROGRESS_PREFIX = "arq:in-progress:"
ARQ_RESULT_PREFIX = "arq:result:"
ARQ_QUEUE = "arq:queue"
WORKER_PREFIX = "qraph:worker:"


def worker_key(worker: str) -> str:
    return f"{WORKER_PREFIX}{worker}"


async def mark_holder(redis: Any, arq_id: str, worker: str) -> None:
    """Write the worker's id into arq's in-progress key of a delivery it is starting."""
    await redis.set(ARQ_IN_PROGRESS_PREFIX + arq_id, worker, keepttl=True, xx=True)


async def _stale_in_progress(redis: Any, arq_id: str) -> bool:
    """True when arq's in-progress key exists but its holder is gone (or never said who it was)."""
    holder = await redis.get(ARQ_IN_PROGRESS_PREFIX + arq_id)
    if holder is None:
        return False
    if holder == b"1":  # arq's own value: the holder died before `mark_holder`
        return True
    return not await redis.exists(worker_key(holder.decode()))


@dataclass(slots=True)
class Report:
    requeued: list[uuid.UUID] = field(default_factory=list)  # QUEUED, enqueued again
    recovered: list[uuid.UUID] = field(default_factory=list)  # RUNNING -> QUEUED
    failed: list[uuid.UUID] = field(default_factory=list)  # RUNNING -> FAILED
    events: list[Event] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "requeued": len(self.requeued),
            "recovered": len(self.recovered),
            "failed": len(self.failed),
        }


async def _known_to_arq(redis: Any, job_id: uuid.UUID) -> bool:
    """True when arq will deliver the job: its job is stored and queued, or it is running."""
    arq_id = arq_job_id(job_id)
    async with redis.pipeline(transaction=False) as pipe:
        pipe.exists(ARQ_JOB_PREFIX + arq_id)
        pipe.exists(ARQ_IN_PROGRESS_PREFIX + arq_id)
        pipe.zscore(ARQ_QUEUE, arq_id)
        stored, running, score = await pipe.execute()
    return bool(running) or (bool(stored) and score is not None)


async def _enqueue_again(redis: Any, job_id: uuid.UUID) -> None:
    """Enqueue under the deterministic id, clearing what would make arq refuse it."""
    arq_id = arq_job_id(job_id)
    # A kept result (failed deliveries keep theirs) or a stored job that is no longer queued
    # would block the id; the row says the job must run, so they are stale.
    if await enqueue(redis, job_id):
        return
    if await redis.zscore(ARQ_QUEUE, arq_id) is None:
        await redis.delete(ARQ_JOB_PREFIX + arq_id, ARQ_RESULT_PREFIX + arq_id)
        await enqueue(redis, job_id)


async def requeue_lost(
    sessionmaker: Any, redis: Any, *, now: datetime | None = None, report: Report
) -> None:
    """(a) QUEUED jobs older than QUEUED_GRACE_S that Redis will not deliver: enqueue again."""
    cutoff = (now or datetime.now(UTC)) - timedelta(seconds=QUEUED_GRACE_S)
    async with sessionmaker() as session:
        ids = (
            await session.scalars(
                select(Job.id)
                .where(Job.status == JobStatus.QUEUED, Job.created_at <= cutoff)
                .where(Job.source != SOURCE_IMPORTED)  # tracked at their provider, never run here
                .order_by(Job.created_at, Job.id)
                .limit(BATCH)
            )
        ).all()
    for job_id in ids:
        arq_id = arq_job_id(job_id)
        if await _stale_in_progress(redis, arq_id):
            # Its holder died before marking it RUNNING; the key would hide it for ~10 minutes.
            await redis.delete(ARQ_IN_PROGRESS_PREFIX + arq_id)
            report.requeued.append(job_id)
            if not await _known_to_arq(redis, job_id):
                await _enqueue_again(redis, job_id)
            continue
        if not await _known_to_arq(redis, job_id):
            await _enqueue_again(redis, job_id)
            report.requeued.append(job_id)


async def recover_running(
    sessionmaker: Any, redis: Any, *, now: datetime | None = None, report: Report
) -> None:
    """(b) RUNNING jobs older than RUNNING_STALE_S whose worker is gone: requeue or fail."""
    cutoff = (now or datetime.now(UTC)) - timedelta(seconds=RUNNING_STALE_S)
    async with sessionmaker() as session:
        rows = (
            await session.execute(
                select(Job.id, Job.worker, Job.attempts, Backend.name)
                .join(Backend, Backend.id == Job.backend_id)
                .where(
                    Job.status == JobStatus.RUNNING,
                    Job.started_at <= cutoff,
                    # Sent to a remote provider: the poller owns it, no worker does.
                    Job.provider_job_id.is_(None),
                    Job.source != SOURCE_IMPORTED,  # IBM's, tracked by the account sync
                )
                .order_by(Job.started_at, Job.id)
                .limit(BATCH)
            )
        ).all()
        workers = {worker for _, worker, _, _ in rows if worker}
        running = dict(
            (
                await session.execute(
                    select(Job.worker, func.count())
                    .where(Job.status == JobStatus.RUNNING, Job.worker.in_(workers))
                    .group_by(Job.worker)
                )
            ).all()
        )
    for job_id, worker, attempts, backend_name in rows:
        in_progress = ARQ_IN_PROGRESS_PREFIX + arq_job_id(job_id)
        held = bool(await redis.exists(in_progress))
        alive = bool(worker) and bool(await redis.exists(worker_key(worker)))
        if held and alive:
            continue
        alone = running.get(worker, 0) <= 1
        async with sessionmaker() as session, session.begin():
            job = await _recover(session, job_id, worker=worker, attempts=attempts, alone=alone)
            if job is not None and job.status == JobStatus.FAILED:  # JOB_FINISHED, coalesced
                report.events.append(
                    await jobs_finished.notify_one(
                        session, job_id=job.id, status=job.status, owner_id=job.owner_id
                    )
                )
        if job is None:
            continue  # it finished, or was cancelled, meanwhile
        report.events += [job_event(job), queue_event(backend_name)]
        if job.status == JobStatus.FAILED:
            report.failed.append(job_id)
            continue
        report.recovered.append(job_id)
        # The dead worker's in-progress key would hide the job from every other worker until it
        # expires; the job is QUEUED again in the database, so the key is stale.
        await redis.delete(in_progress)
        if not await _known_to_arq(redis, job_id):
            await _enqueue_again(redis, job_id)


async def _recover(
    session: AsyncSession, job_id: uuid.UUID, *, worker: str | None, attempts: int, alone: bool
) -> Job | None:
    lost = f"worker lost ({worker or 'unknown'})"
    if alone and attempts >= MAX_ATTEMPTS:
        return await transition(
            session,
            job_id=job_id,
            allowed_from=[JobStatus.RUNNING],
            to=JobStatus.FAILED,
            note=f"failed: {lost} after {attempts} attempts",
            finished_at=datetime.now(UTC),
            error_code="POISON",
            error_message=(
                f"The job was the only one running on its worker when the worker was lost, "
                f"{attempts} times; it is not run again."
            ),
            actual_cost=Decimal(0),
        )
    return await transition(
        session,
        job_id=job_id,
        allowed_from=[JobStatus.RUNNING],
        to=JobStatus.QUEUED,
        note=f"recovered: {lost}",
        started_at=None,
        worker=None,
        # The claim charged an attempt; it stands only when this job may have been the cause.
        attempts=Job.attempts if alone else Job.attempts - 1,
    )


async def reconcile(sessionmaker: Any, redis: Any) -> Report:
    """One pass of both repairs; publish `report.events` afterwards (each was committed)."""
    report = Report()
    await recover_running(sessionmaker, redis, report=report)
    await requeue_lost(sessionmaker, redis, report=report)
    return report
