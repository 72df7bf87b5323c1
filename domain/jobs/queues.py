"""Queues: where each waiting job stands, and how long a backend's queue takes to drain.

Position: among its backend's QUEUED jobs, HIGH before STANDARD, then oldest first (the order
workers take them); 1 is next. One window-function query serves any number of jobs.

Estimator. Per backend we look at its last `HISTORY` finished (COMPLETED or FAILED) jobs that
started: their execution times (`execution_ms`, else finished − started) and their queue waits
(started − created). Workers take a backend's jobs one at a time, so a job waits for everything
ahead of it: the jobs RUNNING on the backend and the QUEUED ones before it.

- estimated start of a queued job = now + (running + position − 1) × p50 execution time;
- a backend's estimated wait for a new job, p50 and p95 = (running + queued) × p50 (p95)
  execution time;
- with no history, a job is taken to run for `DEFAULT_EXECUTION_MS`.

These are estimates, as Braket's and IBM's queue figures are: they ignore batching, parallel
workers and jobs submitted later at HIGH priority.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Float, and_, case, cast, func, select

from domain.backends.models import Backend, BackendStatus
from domain.db import AsyncSession
from domain.jobs.models import Job, JobStatus, Priority

HISTORY = 50
DEFAULT_EXECUTION_MS = 1000.0
_ACTIVE = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)
_FINISHED = (JobStatus.COMPLETED.value, JobStatus.FAILED.value)


@dataclass(frozen=True, slots=True)
class Position:
    backend_id: int
    position: int  # 1-based among the backend's QUEUED jobs
    running: int  # jobs RUNNING on the backend now


@dataclass(frozen=True, slots=True)
class Timings:
    """A backend's recent history; milliseconds and seconds as named."""

    samples: int
    execution_p50_ms: float
    execution_p95_ms: float
    wait_p50_s: float | None
    wait_p95_s: float | None


NO_HISTORY = Timings(0, DEFAULT_EXECUTION_MS, DEFAULT_EXECUTION_MS, None, None)


@dataclass(frozen=True, slots=True)
class QueueInfo:
    backend: Backend
    queued_high: int
    queued_standard: int
    running_high: int
    running_standard: int
    timings: Timings
    updated_at: datetime | None  # the latest submission or start among its active jobs

    @property
    def queued(self) -> int:
        return self.queued_high + self.queued_standard

    @property
    def running(self) -> int:
        return self.running_high + self.running_standard

    @property
    def estimated_wait_p50_s(self) -> float:
        return (self.queued + self.running) * self.timings.execution_p50_ms / 1000

    @property
    def estimated_wait_p95_s(self) -> float:
        return (self.queued + self.running) * self.timings.execution_p95_ms / 1000


def _priority_rank() -> Any:
    return case((Job.priority == Priority.HIGH.value, 0), else_=1)


async def queue_positions(
    session: AsyncSession, *, job_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Position]:
    """Positions of those of `job_ids` that are QUEUED, in one query."""
    backends = select(Job.backend_id).where(Job.id.in_(job_ids)).scalar_subquery()
    active = (
        select(
            Job.id,
            Job.backend_id,
            Job.status,
            func.row_number()
            .over(
                partition_by=(Job.backend_id, Job.status),
                order_by=(_priority_rank(), Job.created_at, Job.id),
            )
            .label("position"),
            func.count()
            .filter(Job.status == JobStatus.RUNNING.value)
            .over(partition_by=Job.backend_id)
            .label("running"),
        )
        .where(Job.status.in_(_ACTIVE), Job.backend_id.in_(backends))
        .subquery()
    )
    rows = await session.execute(
        select(active.c.id, active.c.backend_id, active.c.position, active.c.running).where(
            active.c.id.in_(job_ids), active.c.status == JobStatus.QUEUED.value
        )
    )
    return {row.id: Position(row.backend_id, row.position, row.running) for row in rows}


async def backend_timings(
    session: AsyncSession, *, backend_ids: Sequence[int]
) -> dict[int, Timings]:
    """Each backend's recent execution times and queue waits; backends without are left out."""
    execution = func.coalesce(
        Job.execution_ms, func.extract("epoch", Job.finished_at - Job.started_at) * 1000
    )
    recent = (
        select(
            Job.backend_id,
            cast(execution, Float).label("execution_ms"),
            cast(func.extract("epoch", Job.started_at - Job.created_at), Float).label("wait_s"),
            func.row_number()
            .over(partition_by=Job.backend_id, order_by=Job.finished_at.desc())
            .label("n"),
        )
        .where(
            Job.backend_id.in_(backend_ids),
            Job.status.in_(_FINISHED),
            Job.started_at.is_not(None),
            Job.finished_at.is_not(None),
        )
        .subquery()
    )

    def pct(q: float, column: Any) -> Any:
        return func.percentile_cont(q).within_group(column)

    rows = await session.execute(
        select(
            recent.c.backend_id,
            func.count(),
            pct(0.5, recent.c.execution_ms),
            pct(0.95, recent.c.execution_ms),
            pct(0.5, recent.c.wait_s),
            pct(0.95, recent.c.wait_s),
        )
        .where(recent.c.n <= HISTORY)
        .group_by(recent.c.backend_id)
    )
    return {
        backend_id: Timings(n, float(e50), float(e95), w50, w95)
        for backend_id, n, e50, e95, w50, w95 in rows
    }


def estimated_start(position: Position, timings: Timings, *, now: datetime) -> datetime:
    """When a queued job should start: after the running jobs and those ahead of it."""
    ahead = position.running + position.position - 1
    return now + timedelta(milliseconds=ahead * timings.execution_p50_ms)


async def queue_infos(
    session: AsyncSession, *, names: Sequence[str] | None = None, include_idle: bool = False
) -> list[QueueInfo]:
    """Queues by backend name: those with active jobs, or also every idle ONLINE backend."""
    counts = (
        select(
            Job.backend_id,
            func.count().filter(Job.status == "QUEUED", Job.priority == "HIGH").label("qh"),
            func.count().filter(Job.status == "QUEUED", Job.priority == "STANDARD").label("qs"),
            func.count().filter(Job.status == "RUNNING", Job.priority == "HIGH").label("rh"),
            func.count().filter(Job.status == "RUNNING", Job.priority == "STANDARD").label("rs"),
            func.max(func.greatest(Job.created_at, Job.started_at)).label("updated_at"),
        )
        .where(Job.status.in_(_ACTIVE))
        .group_by(Job.backend_id)
        .subquery()
    )
    stmt = select(Backend, counts).outerjoin(counts, counts.c.backend_id == Backend.id)
    if names is not None:
        stmt = stmt.where(Backend.name.in_(names))
    elif include_idle:
        stmt = stmt.where(
            and_(Backend.status == BackendStatus.ONLINE.value) | counts.c.backend_id.is_not(None)
        )
    else:
        stmt = stmt.where(counts.c.backend_id.is_not(None))
    rows = list(await session.execute(stmt.order_by(Backend.name)))
    timings = await backend_timings(session, backend_ids=[row.Backend.id for row in rows])
    return [
        QueueInfo(
            backend=row.Backend,
            queued_high=row.qh or 0,
            queued_standard=row.qs or 0,
            running_high=row.rh or 0,
            running_standard=row.rs or 0,
            timings=timings.get(row.Backend.id, NO_HISTORY),
            updated_at=row.updated_at,
        )
        for row in rows
    ]
