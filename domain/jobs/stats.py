"""Job figures for a viewer (an admin: everyone): counts, success rate, wait and run times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Date, Float, cast, func, select

from domain.db import AsyncSession
from domain.identity.principal import Principal
from domain.jobs.models import Job, JobStatus
from domain.jobs.reads import visible_to

MAX_TREND_DAYS = 90


@dataclass(frozen=True, slots=True)
class JobStats:
    total: int
    by_status: dict[JobStatus, int]
    success_rate: float | None  # COMPLETED / (COMPLETED + FAILED); cancelled jobs left out
    mean_queue_wait_s: float | None
    p95_queue_wait_s: float | None
    mean_execution_s: float | None
    p95_execution_s: float | None


@dataclass(frozen=True, slots=True)
class TrendDay:
    day: date
    by_status: dict[JobStatus, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


async def job_stats(session: AsyncSession, *, principal: Principal) -> JobStats:
    """Two queries: counts by status, then wait and run time over the jobs that started."""
    counted = await session.execute(
        select(Job.status, func.count()).where(visible_to(principal)).group_by(Job.status)
    )
    by_status = dict.fromkeys(JobStatus, 0)
    for status, count in counted:
        by_status[JobStatus(status)] = count
    wait = cast(func.extract("epoch", Job.started_at - Job.created_at), Float)
    execution = cast(
        func.coalesce(
            Job.execution_ms / 1000, func.extract("epoch", Job.finished_at - Job.started_at)
        ),
        Float,
    )
    row = (
        await session.execute(
            select(
                func.avg(wait),
                func.percentile_cont(0.95).within_group(wait),
                func.avg(execution).filter(Job.finished_at.is_not(None)),
                func.percentile_cont(0.95)
                .within_group(execution)
                .filter(Job.finished_at.is_not(None)),
            ).where(visible_to(principal), Job.started_at.is_not(None))
        )
    ).one()
    done = by_status[JobStatus.COMPLETED] + by_status[JobStatus.FAILED]
    return JobStats(
        total=sum(by_status.values()),
        by_status=by_status,
        success_rate=by_status[JobStatus.COMPLETED] / done if done else None,
        mean_queue_wait_s=_float(row[0]),
        p95_queue_wait_s=_float(row[1]),
        mean_execution_s=_float(row[2]),
        p95_execution_s=_float(row[3]),
    )


async def job_trends(
    session: AsyncSession, *, principal: Principal, days: int, today: date | None = None
) -> list[TrendDay]:
    """Jobs submitted per UTC day and current status, for the last `days` days, oldest first."""
    today = today or datetime.now(UTC).date()
    first = today - timedelta(days=days - 1)
    day = cast(func.timezone("UTC", Job.created_at), Date)
    rows = await session.execute(
        select(day, Job.status, func.count())
        .where(visible_to(principal), day >= first)
        .group_by(day, Job.status)
    )
    counts: dict[date, dict[JobStatus, int]] = {
        first + timedelta(days=i): dict.fromkeys(JobStatus, 0) for i in range(days)
    }
    for on, status, count in rows:
        if on in counts:
            counts[on][JobStatus(status)] = count
    return [TrendDay(on, by) for on, by in counts.items()]


def _float(value: object) -> float | None:
    return float(value) if value is not None else None  # type: ignore[arg-type]
