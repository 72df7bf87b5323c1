"""`analytics(window, bucket)`: the window is checked once; each view reads when selected."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from domain.analytics import views
from domain.analytics.window import Bucket
from domain.errors import InvalidInput
from qraph.context import Context
from schema.analytics.inputs import TimeWindow

if TYPE_CHECKING:
    from schema.analytics.operations import AnalyticsResult
    from schema.analytics.types import (
        Analytics,
        AnalyticsTrendBucket,
        BackendComparison,
        BackendUtilizationWeek,
        CostPoint,
        PerformancePercentiles,
        RegionStats,
        UserActivity,
    )
    from schema.jobs.types import JobStatusCount

Info = strawberry.Info[Context, None]


async def analytics(
    info: Info,
    window: Annotated[
        TimeWindow | None,
        strawberry.argument(description="The window; default: the last 24 hours."),
    ] = None,
    bucket: Annotated[
        Bucket, strawberry.argument(description="The series' bucket size; default DAY.")
    ] = Bucket.DAY,
) -> AnalyticsResult:
    from schema.analytics.inputs import to_window
    from schema.analytics.types import Analytics
    from schema.errors import to_error

    try:
        found = to_window(window, Bucket(bucket))
    except InvalidInput as error:
        return to_error(error)  # type: ignore[return-value]
    return Analytics(window=found, start=found.start, end=found.end, bucket=found.bucket)


async def job_trends(root: Analytics, info: Info) -> list[AnalyticsTrendBucket]:
    from schema.analytics.types import AnalyticsTrendBucket
    from schema.jobs.types import JobStatusCount

    async with info.context.read_session() as session:
        found = await views.job_trends(
            session, principal=info.context.principal, window=root.window
        )
    return [
        AnalyticsTrendBucket(
            start=b.start,
            total=b.total,
            by_status=[JobStatusCount(status=s, count=c) for s, c in b.by_status.items()],
        )
        for b in found
    ]


async def status_distribution(root: Analytics, info: Info) -> list[JobStatusCount]:
    from schema.jobs.types import JobStatusCount

    async with info.context.read_session() as session:
        found = await views.status_distribution(
            session, principal=info.context.principal, window=root.window
        )
    return [JobStatusCount(status=s, count=c) for s, c in found.items()]


async def backend_utilization(root: Analytics, info: Info) -> list[BackendUtilizationWeek]:
    from schema.analytics.types import BackendUtilizationWeek

    async with info.context.read_session() as session:
        found = await views.backend_utilization(
            session, principal=info.context.principal, window=root.window
        )
    return [
        BackendUtilizationWeek(
            week_start=w.week_start,
            backend_name=w.backend_name,
            jobs=w.jobs,
            busy_seconds=w.busy_seconds,
            utilization=w.utilization,
        )
        for w in found
    ]


async def backend_comparison(root: Analytics, info: Info) -> list[BackendComparison]:
    from schema.analytics.types import BackendComparison

    async with info.context.read_session() as session:
        found = await views.backend_comparison(
            session, principal=info.context.principal, window=root.window
        )
    return [BackendComparison.of(b.backend_name, b.provider, b.currency, b.summary) for b in found]


async def performance_percentiles(root: Analytics, info: Info) -> PerformancePercentiles:
    from schema.analytics.types import LatencyFigures, PerformancePercentiles

    async with info.context.read_session() as session:
        s = await views.performance(session, principal=info.context.principal, window=root.window)
    return PerformancePercentiles(
        jobs=s.jobs,
        queue_wait=LatencyFigures.of(s.wait),
        execution_time=LatencyFigures.of(s.execution),
    )


async def cost_over_time(root: Analytics, info: Info) -> list[CostPoint]:
    from schema.analytics.types import CostPoint, money

    async with info.context.read_session() as session:
        found = await views.cost_over_time(
            session, principal=info.context.principal, window=root.window
        )
    return [
        CostPoint(
            start=p.start,
            backend_name=p.backend_name,
            app_id=strawberry.ID(relay.to_base64("QuantumApp", str(p.app_id)))
            if p.app_id is not None
            else None,
            app_name=p.app_name,
            jobs=p.jobs,
            cost=money(p.cost, p.currency),
        )
        for p in found
    ]


async def user_activity(root: Analytics, info: Info) -> UserActivity:
    from schema.analytics.types import UserActivity, UserActivityEntry, money

    async with info.context.read_session() as session:
        found = await views.user_activity(
            session, principal=info.context.principal, window=root.window
        )
    return UserActivity(
        active_users=found.active_users,
        users=[
            UserActivityEntry(
                user_id=strawberry.ID(relay.to_base64("User", str(u.user_id))),
                username=u.username,
                jobs=u.jobs,
                shots=u.shots,
                success_rate=u.completed / (u.completed + u.failed)
                if u.completed + u.failed
                else None,
                cost=[money(amount, currency) for currency, amount in sorted(u.cost.items())],
            )
            for u in found.users
        ],
    )


async def regional_stats(root: Analytics, info: Info) -> list[RegionStats]:
    from schema.analytics.types import LatencyFigures, RegionStats, money

    async with info.context.read_session() as session:
        found = await views.regional_stats(
            session, principal=info.context.principal, window=root.window
        )
    return [
        RegionStats(
            region=r.region,
            backends=r.backends,
            jobs=r.summary.jobs,
            success_rate=r.summary.success_rate,
            queue_wait=LatencyFigures.of(r.summary.wait),
            cost=money(r.summary.cost, r.currency),
        )
        for r in found
    ]
