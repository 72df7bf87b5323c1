"""Analytics views, backend KPIs, systemStatus and the dashboard, as graph types.

Latencies are in milliseconds, as in `JobKpis`; percentiles come from the hourly rollup's
log-scale histograms (√2-wide buckets), so they are within about 19% of the exact value.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Self

import strawberry

from domain.analytics import backend_kpis as kpis_domain
from domain.analytics import summary as summary_domain
from domain.analytics import system_status as status_domain
from domain.analytics.window import Window
from resolvers.analytics import views as resolve
from schema.analytics.inputs import AnalyticsBucket
from schema.jobs.inputs import KpiStatus
from schema.jobs.types import JobStatusCount, Money


@strawberry.type(description="A latency over a set of jobs, in milliseconds.")
class LatencyFigures:
    count: int = strawberry.field(description="Jobs that have this figure.")
    mean_ms: float | None = strawberry.field(description="Mean.")
    p50_ms: float | None = strawberry.field(description="Median (from the histogram).")
    p95_ms: float | None = strawberry.field(description="95th percentile (from the histogram).")
    p99_ms: float | None = strawberry.field(description="99th percentile (from the histogram).")
    max_ms: float | None = strawberry.field(description="Largest.")

    @classmethod
    def of(cls, latency: summary_domain.Latency) -> Self:
        return cls(
            count=latency.count,
            mean_ms=latency.mean,
            p50_ms=latency.p50,
            p95_ms=latency.p95,
            p99_ms=latency.p99,
            max_ms=latency.max,
        )


def money(amount: Decimal, currency: str = "USD") -> Money:
    return Money(amount=amount, currency=currency)


@strawberry.type(description="Jobs that reached a final status in one bucket, by that status.")
class AnalyticsTrendBucket:
    start: datetime = strawberry.field(description="The bucket's start (UTC).")
    total: int = strawberry.field(description="Jobs finished in the bucket.")
    by_status: list[JobStatusCount] = strawberry.field(description="Counts by final status.")


@strawberry.type(description="One backend's busy time in one ISO week (Monday, UTC).")
class BackendUtilizationWeek:
    week_start: datetime = strawberry.field(description="The Monday the week starts.")
    backend_name: str = strawberry.field(description="The backend.")
    jobs: int = strawberry.field(description="Jobs finished that week.")
    busy_seconds: float = strawberry.field(description="Summed execution time, seconds.")
    utilization: float = strawberry.field(
        description="Busy time over the part of the week inside the window, 0 to 1 (or more "
        "when jobs ran in parallel)."
    )


@strawberry.type(description="One backend's figures beside the others'.")
class BackendComparison:
    backend_name: str = strawberry.field(description="The backend.")
    provider: str = strawberry.field(description="Who runs it.")
    jobs: int = strawberry.field(description="Jobs finished in the window.")
    completed: int = strawberry.field(description="Of them, COMPLETED.")
    failed: int = strawberry.field(description="Of them, FAILED.")
    success_rate: float | None = strawberry.field(
        description="COMPLETED / (COMPLETED + FAILED); null when neither."
    )
    queue_wait: LatencyFigures = strawberry.field(description="Submission to start.")
    execution_time: LatencyFigures = strawberry.field(description="The run itself.")
    cost: Money = strawberry.field(description="What the jobs cost.")
    mean_fidelity: float | None = strawberry.field(description="Mean Hellinger fidelity.")
    shots: int = strawberry.field(description="Shots run.")

    @classmethod
    def of(cls, name: str, provider: str, currency: str, s: summary_domain.Summary) -> Self:
        return cls(
            backend_name=name,
            provider=provider,
            jobs=s.jobs,
            completed=s.completed,
            failed=s.failed,
            success_rate=s.success_rate,
            queue_wait=LatencyFigures.of(s.wait),
            execution_time=LatencyFigures.of(s.execution),
            cost=money(s.cost, currency),
            mean_fidelity=s.mean_fidelity,
            shots=s.shots,
        )


@strawberry.type(description="Latency percentiles over every job finished in the window.")
class PerformancePercentiles:
    jobs: int = strawberry.field(description="Jobs finished in the window.")
    queue_wait: LatencyFigures = strawberry.field(description="Submission to start.")
    execution_time: LatencyFigures = strawberry.field(description="The run itself.")


@strawberry.type(description="Cost in one bucket on one backend for one app (or no app).")
class CostPoint:
    start: datetime = strawberry.field(description="The bucket's start (UTC).")
    backend_name: str = strawberry.field(description="The backend.")
    app_id: strawberry.ID | None = strawberry.field(
        description="The app's global ID (runApp jobs); null for plain submitJob jobs."
    )
    app_name: str | None = strawberry.field(description="The app's name, when any.")
    jobs: int = strawberry.field(description="Jobs finished.")
    cost: Money = strawberry.field(description="What they cost.")


@strawberry.type(description="One user's finished jobs in the window.")
class UserActivityEntry:
    user_id: strawberry.ID = strawberry.field(description="The user's global ID.")
    username: str | None = strawberry.field(description="Their username (null when deleted).")
    jobs: int = strawberry.field(description="Jobs finished.")
    shots: int = strawberry.field(description="Shots run.")
    success_rate: float | None = strawberry.field(description="COMPLETED / (COMPLETED + FAILED).")
    cost: list[Money] = strawberry.field(description="What the jobs cost, per currency.")


@strawberry.type(description="Who ran jobs in the window: everyone for admins, else yourself.")
class UserActivity:
    active_users: int = strawberry.field(description="Users with a job finished in the window.")
    users: list[UserActivityEntry] = strawberry.field(
        description="The most active first, at most 100."
    )


@strawberry.type(description="Figures per region.")
class RegionStats:
    region: str = strawberry.field(
        description=(
            "The provider's region (Braket: the AWS region); the provider's name for "
            "backends without one (local simulators, emulators)."
        )
    )
    backends: int = strawberry.field(description="Backends in the region with finished jobs.")
    jobs: int = strawberry.field(description="Jobs finished.")
    success_rate: float | None = strawberry.field(description="COMPLETED / (COMPLETED + FAILED).")
    queue_wait: LatencyFigures = strawberry.field(description="Submission to start.")
    cost: Money = strawberry.field(description="What the jobs cost.")


@strawberry.type(
    description=(
        "The job-tracker views over one window. Each is read from the hourly rollup plus the "
        "current hour, scoped to your jobs (admins: everyone's); jobs count in the bucket of the "
        "hour they finished in. Each view is one SQL statement, read only when selected."
    )
)
class Analytics:
    window: strawberry.Private[Window]
    start: datetime = strawberry.field(description="The window's start (rounded to the hour).")
    end: datetime = strawberry.field(description="The window's end (rounded up to the hour).")
    bucket: AnalyticsBucket = strawberry.field(description="The series' bucket size.")  # type: ignore[valid-type]
    job_trends: list[AnalyticsTrendBucket] = strawberry.field(
        resolver=resolve.job_trends,
        description="Finished jobs per bucket by final status, every bucket listed.",
    )
    status_distribution: list[JobStatusCount] = strawberry.field(
        resolver=resolve.status_distribution,
        description=(
            "Jobs by status: those finished in the window by final status, plus those QUEUED "
            "or RUNNING now when the window reaches now."
        ),
    )
    backend_utilization: list[BackendUtilizationWeek] = strawberry.field(
        resolver=resolve.backend_utilization, description="Per backend and ISO week."
    )
    backend_comparison: list[BackendComparison] = strawberry.field(
        resolver=resolve.backend_comparison,
        description="Success rate, waits, cost and fidelity per backend, by name.",
    )
    performance_percentiles: PerformancePercentiles = strawberry.field(
        resolver=resolve.performance_percentiles, description="Latency percentiles overall."
    )
    cost_over_time: list[CostPoint] = strawberry.field(
        resolver=resolve.cost_over_time, description="Cost per bucket, backend and app."
    )
    user_activity: UserActivity = strawberry.field(
        resolver=resolve.user_activity,
        description="Admins: active users and jobs per user. Others: their own line.",
    )
    regional_stats: list[RegionStats] = strawberry.field(
        resolver=resolve.regional_stats,
        description="Per region (until backends carry a region: per provider).",
    )


@strawberry.type(
    description=(
        "The latest `health` experiment's fitted values beside the snapshot calibration "
        "(catalog medians). The fitted values are null until a health run exists."
    )
)
class BackendHealth:
    calibrated_t1_us: float | None = strawberry.field(description="Snapshot median T1, µs.")
    calibrated_t2_us: float | None = strawberry.field(description="Snapshot median T2, µs.")
    calibrated_readout_error: float | None = strawberry.field(
        description="Snapshot median readout error."
    )
    fitted_t1_us: float | None = strawberry.field(description="Fitted median T1, µs.")
    fitted_t2_us: float | None = strawberry.field(description="Fitted median T2, µs.")
    fitted_readout_error: float | None = strawberry.field(description="Measured readout error.")
    error_per_clifford: float | None = strawberry.field(description="From randomized benchmarking.")
    measured_at: datetime | None = strawberry.field(description="When the health run finished.")


@strawberry.type(
    description=(
        "A backend's figures over everyone's jobs that finished in the window. Thresholds "
        "(status is the worst; null without finished jobs): success rate ok ≥ 0.95, warn ≥ 0.80; "
        "queue wait p95 ok ≤ 60 s, warn ≤ 600 s; execution p95 ok ≤ 10 s, warn ≤ 60 s; "
        "utilization ok ≤ 0.80, warn ≤ 0.95; else fail."
    )
)
class BackendKpis:
    window_start: datetime = strawberry.field(description="The window's start.")
    window_end: datetime = strawberry.field(description="The window's end.")
    jobs: int = strawberry.field(description="Jobs finished in the window.")
    completed: int = strawberry.field(description="Of them, COMPLETED.")
    failed: int = strawberry.field(description="Of them, FAILED.")
    success_rate: float | None = strawberry.field(description="COMPLETED / (COMPLETED + FAILED).")
    queue_wait_p50_ms: float | None = strawberry.field(description="Median queue wait, ms.")
    queue_wait_p95_ms: float | None = strawberry.field(description="95th percentile wait, ms.")
    execution_p50_ms: float | None = strawberry.field(description="Median execution, ms.")
    execution_p95_ms: float | None = strawberry.field(description="95th percentile execution, ms.")
    utilization: float = strawberry.field(description="Busy time over the window's time.")
    jobs_per_hour: float = strawberry.field(description="Finished jobs per hour of the window.")
    status: KpiStatus | None = strawberry.field(  # type: ignore[valid-type]
        description="The worst verdict of the figures; null without finished jobs."
    )
    health: BackendHealth | None = strawberry.field(
        description="Latest health results beside the calibration; null for ideal simulators."
    )

    @classmethod
    def of(cls, k: kpis_domain.BackendKpis, health: BackendHealth | None) -> Self:
        s = k.summary
        return cls(
            window_start=k.window.start,
            window_end=k.window.end,
            jobs=s.jobs if s else 0,
            completed=s.completed if s else 0,
            failed=s.failed if s else 0,
            success_rate=s.success_rate if s else None,
            queue_wait_p50_ms=s.wait.p50 if s else None,
            queue_wait_p95_ms=s.wait.p95 if s else None,
            execution_p50_ms=s.execution.p50 if s else None,
            execution_p95_ms=s.execution.p95 if s else None,
            utilization=k.utilization,
            jobs_per_hour=k.jobs_per_hour,
            status=k.status,
            health=health,
        )


@strawberry.type(description="A provider, reachable when any of its backends is ONLINE.")
class ProviderReachability:
    provider: str = strawberry.field(description="The provider.")
    backends: int = strawberry.field(description="Its backends in the catalog.")
    online: int = strawberry.field(description="Of them, ONLINE.")
    reachable: bool = strawberry.field(description="Whether it takes jobs now.")


@strawberry.type(
    description=(
        "The service as the graph sees it (HTTP `/health` is for probes). `status`: OK; "
        "DEGRADED without Redis or a live worker (slower, still correct); DOWN without the "
        "database."
    )
)
class SystemStatus:
    status: str = strawberry.field(description="OK, DEGRADED or DOWN.")
    database: bool = strawberry.field(description="PostgreSQL answered.")
    redis: bool = strawberry.field(description="Redis answered.")
    workers_alive: int | None = strawberry.field(
        description="Workers with a live heartbeat; null when Redis could not say."
    )
    queue_depth: int = strawberry.field(description="Jobs QUEUED (the database's count).")
    running: int = strawberry.field(description="Jobs RUNNING.")
    oldest_queued_age_s: float | None = strawberry.field(
        description="Seconds the oldest QUEUED job has waited; null when none waits."
    )
    delivery_queue_depth: int | None = strawberry.field(
        description="Deliveries waiting in Redis for a worker; null without Redis."
    )
    providers: list[ProviderReachability] = strawberry.field(description="Each provider.")
    checked_at: datetime = strawberry.field(description="When this was read.")

    @classmethod
    def of(cls, s: status_domain.SystemStatus) -> Self:
        return cls(
            status=s.status,
            database=s.database,
            redis=s.redis,
            workers_alive=s.workers_alive,
            queue_depth=s.queued,
            running=s.running,
            oldest_queued_age_s=s.oldest_queued_age_s,
            delivery_queue_depth=s.delivery_queue_depth,
            providers=[
                ProviderReachability(
                    provider=p.provider, backends=p.backends, online=p.online, reachable=p.reachable
                )
                for p in s.providers
            ],
            checked_at=s.checked_at,
        )


@strawberry.type(description="A backend ranked by its KPIs over the last 24 hours.")
class TopBackend:
    backend_name: str = strawberry.field(description="The backend.")
    provider: str = strawberry.field(description="Who runs it.")
    kpis: BackendKpis = strawberry.field(description="Its KPIs (no health figures here).")
