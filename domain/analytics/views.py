"""The job-tracker views, each one SQL statement over `facts` (the rollup plus the current hour).

Every view is scoped by `facts`: a user's own jobs, everyone's for an admin. Jobs count in the
bucket of the hour they reached their final status; QUEUED and RUNNING jobs appear only in the
status distribution (when the window reaches now).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, cast, func, select, union_all

from domain.analytics import facts as facts_
from domain.analytics import summary as summary_
from domain.analytics.rollups import current_hour
from domain.analytics.summary import Summary
from domain.analytics.window import Bucket, Window
from domain.apps.models import QuantumApp
from domain.backends.models import Backend
from domain.db import AsyncSession
from domain.identity.models import User
from domain.identity.principal import Principal
from domain.jobs.models import Job, JobStatus

USERS_LISTED = 100


def bucket_start(at: datetime, bucket: Bucket) -> datetime:
    at = at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    if bucket is Bucket.HOUR:
        return at
    day = at.replace(hour=0)
    return day if bucket is Bucket.DAY else day - timedelta(days=day.weekday())


def bucket_starts(window: Window) -> list[datetime]:
    first, starts = bucket_start(window.start, window.bucket), []
    while first < window.end:
        starts.append(first)
        first += window.bucket.width
    return starts


def _trunc(window: Window, hour: Any) -> Any:
    return func.date_trunc(window.bucket.trunc, hour, "UTC")


# Job trends ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrendBucket:
    start: datetime
    by_status: dict[JobStatus, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


async def job_trends(
    session: AsyncSession, *, principal: Principal | None, window: Window
) -> list[TrendBucket]:
    """Finished jobs per bucket by final status, every bucket of the window listed, oldest first."""
    f = facts_.facts(principal, window)
    start = _trunc(window, f.c.hour)
    rows = await session.execute(
        select(start, f.c.status, func.sum(f.c.jobs)).group_by(start, f.c.status)
    )
    counts = {s: dict.fromkeys(JobStatus, 0) for s in bucket_starts(window)}
    for at, status, count in rows:
        if at in counts:
            counts[at][JobStatus(status)] += int(count)
    return [TrendBucket(at, by) for at, by in counts.items()]


async def status_distribution(
    session: AsyncSession,
    *,
    principal: Principal | None,
    window: Window,
    now: datetime | None = None,
) -> dict[JobStatus, int]:
    """Final statuses of the jobs finished in the window, plus those QUEUED or RUNNING now."""
    f = facts_.facts(principal, window, now=now)
    finished = select(f.c.status, cast(func.sum(f.c.jobs), BigInteger)).group_by(f.c.status)
    statement: Any = finished
    if window.end > current_hour(now):
        waiting = (
            select(Job.status, cast(func.count(), BigInteger))
            .where(facts_.active_jobs(principal))
            .group_by(Job.status)
        )
        statement = union_all(finished, waiting)
    out = dict.fromkeys(JobStatus, 0)
    for status, count in await session.execute(statement):
        out[JobStatus(status)] += int(count)
    return out


# Backends -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UtilizationWeek:
    week_start: datetime
    backend_name: str
    jobs: int
    busy_seconds: float
    utilization: float  # busy time over the part of the week inside the window


async def backend_utilization(
    session: AsyncSession, *, principal: Principal | None, window: Window
) -> list[UtilizationWeek]:
    """Per ISO week (Monday, UTC) and backend: jobs and busy time over the week's time."""
    f = facts_.facts(principal, window)
    week = func.date_trunc("week", f.c.hour, "UTC")
    rows = await session.execute(
        select(week, Backend.name, func.sum(f.c.jobs), func.sum(f.c.execution_ms_sum))
        .join(Backend, Backend.id == f.c.backend_id)
        .group_by(week, Backend.name)
        .order_by(week, Backend.name)
    )
    out = []
    for start, name, jobs, busy_ms in rows:
        inside = min(start + timedelta(weeks=1), window.end) - max(start, window.start)
        seconds = max(inside.total_seconds(), 1.0)
        busy = float(busy_ms or 0) / 1000
        out.append(UtilizationWeek(start, name, int(jobs), busy, busy / seconds))
    return out


@dataclass(frozen=True, slots=True)
class BackendFigures:
    backend_id: int
    backend_name: str
    provider: str
    currency: str
    summary: Summary


async def backend_comparison(
    session: AsyncSession,
    *,
    principal: Principal | None,
    window: Window,
    backend_ids: list[int] | None = None,
) -> list[BackendFigures]:
    """Each backend's success rate, waits, execution, cost and fidelity side by side."""
    f = facts_.facts(principal, window)
    statement = (
        select(Backend.id, Backend.name, Backend.provider, Backend.currency, *summary_.columns(f))
        .join(Backend, Backend.id == f.c.backend_id)
        .group_by(Backend.id, Backend.name, Backend.provider, Backend.currency)
        .order_by(Backend.name)
    )
    if backend_ids is not None:
        statement = statement.where(f.c.backend_id.in_(backend_ids))
    rows = await session.execute(statement)
    return [BackendFigures(row[0], row[1], row[2], row[3], summary_.summary(row)) for row in rows]


async def performance(
    session: AsyncSession, *, principal: Principal | None, window: Window
) -> Summary:
    """Every finished job of the window summed: the latency percentiles and the rest."""
    f = facts_.facts(principal, window)
    return summary_.summary((await session.execute(select(*summary_.columns(f)))).one())


# Cost ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CostPoint:
    start: datetime
    backend_name: str
    app_id: uuid.UUID | None
    app_name: str | None
    jobs: int
    cost: Decimal
    currency: str


async def cost_over_time(
    session: AsyncSession, *, principal: Principal | None, window: Window
) -> list[CostPoint]:
    """Cost per bucket, backend and app (no app: plain `submitJob` jobs), oldest first."""
    f = facts_.facts(principal, window)
    start = _trunc(window, f.c.hour)
    keys = (start, Backend.name, Backend.currency, f.c.app_id, QuantumApp.name)
    rows = await session.execute(
        select(*keys, func.sum(f.c.jobs), func.sum(f.c.cost))
        .join(Backend, Backend.id == f.c.backend_id)
        .outerjoin(QuantumApp, QuantumApp.id == f.c.app_id)
        .group_by(*keys)
        .order_by(start, Backend.name, QuantumApp.name)
    )
    return [
        CostPoint(at, backend, app_id, app, int(jobs), Decimal(cost), currency)
        for at, backend, currency, app_id, app, jobs, cost in rows
    ]


# Users and regions --------------------------------------------------------------------------


@dataclass(slots=True)
class UserFigures:
    user_id: uuid.UUID
    username: str | None
    jobs: int = 0
    shots: int = 0
    completed: int = 0
    failed: int = 0
    cost: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class UserActivity:
    active_users: int
    users: list[UserFigures]  # most jobs first, at most USERS_LISTED


async def user_activity(
    session: AsyncSession, *, principal: Principal | None, window: Window
) -> UserActivity:
    """Users with a finished job in the window and their jobs (a user: themselves only)."""
    f = facts_.facts(principal, window, per_user=True)
    rows = await session.execute(
        select(f.c.owner_id, User.username, Backend.currency, *summary_.columns(f, latencies=False))
        .join(Backend, Backend.id == f.c.backend_id)
        .outerjoin(User, User.id == f.c.owner_id)
        .group_by(f.c.owner_id, User.username, Backend.currency)
    )
    users: dict[uuid.UUID, UserFigures] = {}
    for row in rows:
        s = summary_.summary(row)
        one = users.setdefault(row[0], UserFigures(row[0], row[1]))
        one.jobs += s.jobs
        one.shots += s.shots
        one.completed += s.completed
        one.failed += s.failed
        one.cost[row[2]] = one.cost.get(row[2], Decimal(0)) + s.cost
    ranked = sorted(users.values(), key=lambda u: (-u.jobs, u.username or "", u.user_id))
    return UserActivity(active_users=len(users), users=ranked[:USERS_LISTED])


@dataclass(frozen=True, slots=True)
class RegionFigures:
    region: str
    currency: str
    backends: int
    summary: Summary


# The provider's region where the backend has one (Braket's AWS region, ...); a backend without
# one (the local simulators, the emulators) is grouped under its provider's name.
REGION = func.coalesce(Backend.region, Backend.provider)


async def regional_stats(
    session: AsyncSession, *, principal: Principal | None, window: Window
) -> list[RegionFigures]:
    f = facts_.facts(principal, window)
    rows = await session.execute(
        select(
            REGION,
            Backend.currency,
            func.count(func.distinct(Backend.id)),
            *summary_.columns(f),
        )
        .join(Backend, Backend.id == f.c.backend_id)
        .group_by(REGION, Backend.currency)
        .order_by(REGION)
    )
    return [RegionFigures(r[0], r[1], int(r[2]), summary_.summary(r)) for r in rows]


def by_currency(costs: dict[str, Decimal]) -> list[tuple[str, Decimal]]:
    return sorted(costs.items())
