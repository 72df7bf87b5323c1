"""Analytics root fields: `analytics`, `systemStatus`, `dashboard`, `dashboardUpdated`."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.permission import BasePermission

from domain.identity.principal import Scope
from resolvers.analytics import dashboard as resolve_dashboard
from resolvers.analytics import live as resolve_live
from resolvers.analytics import views as resolve_views
from resolvers.identity import usage as resolve_usage
from resolvers.jobs import operations as resolve_jobs
from resolvers.jobs import queues as resolve_queues
from schema.analytics.types import Analytics, SystemStatus, TopBackend
from schema.errors import InvalidInputError
from schema.experiments.types import ExperimentRun
from schema.identity.usage import ShotUsage
from schema.jobs.types import Job, QueueSummary
from schema.permissions import HAS_SCOPE, IsAuthenticated

READ: list[type[BasePermission]] = [IsAuthenticated, HAS_SCOPE[Scope.JOBS_READ]]

AnalyticsResult = Annotated[
    Analytics | InvalidInputError,
    strawberry.union(
        "AnalyticsResult", description="The views, or why the window or bucket was refused."
    ),
]


@strawberry.type(
    description=(
        "A home page's bundle. Each part is read only when selected; together they cost a "
        "constant number of SQL statements, whatever your number of jobs."
    )
)
class Dashboard:
    system_status: SystemStatus = strawberry.field(
        resolver=resolve_dashboard.system_status, description="The service's state."
    )
    queue_summary: QueueSummary = strawberry.field(
        resolver=resolve_queues.queue_summary, description="Totals over every queue."
    )
    recent_jobs: list[Job] = strawberry.field(
        resolver=resolve_jobs.recent_jobs,
        description="Your newest jobs (admins: anyone's), up to `limit` (≤ 100).",
    )
    my_usage: ShotUsage = strawberry.field(
        resolver=resolve_usage.my_usage, description="Your shot usage against your budget."
    )
    top_backends: list[TopBackend] = strawberry.field(
        resolver=resolve_dashboard.top_backends,
        description="Backends with the best KPIs over the last 24 hours, best first.",
    )
    latest_experiment_runs: list[ExperimentRun] = strawberry.field(
        resolver=resolve_dashboard.latest_experiment_runs,
        description="Your newest experiment runs (admins: anyone's), newest first.",
    )


@strawberry.type
class AnalyticsQuery:
    analytics: AnalyticsResult = strawberry.field(
        resolver=resolve_views.analytics,
        permission_classes=READ,
        description=(
            "The job-tracker views (trends, status distribution, backend utilization and "
            "comparison, percentiles, cost, user activity, regions) over a window, scoped to "
            "your jobs (admins: everyone's)."
        ),
    )
    system_status: SystemStatus = strawberry.field(
        resolver=resolve_dashboard.system_status,
        permission_classes=READ,
        description="Database, Redis, workers alive, queue depth, oldest queued age, providers.",
    )
    dashboard: Dashboard = strawberry.field(
        resolver=resolve_dashboard.dashboard,
        permission_classes=READ,
        description="Your home page's bundle in one query.",
    )


@strawberry.type
class AnalyticsSubscription:
    dashboard_updated: Dashboard = strawberry.subscription(  # type: ignore[assignment]
        resolver=resolve_live.dashboard_updated,
        permission_classes=READ,
        description=(
            "Your dashboard: now, then again whenever something in it changed, at most once a "
            "second; a burst of job and queue events is coalesced into one push. Without "
            "events it is re-checked every 30 seconds (a worker or Redis going away)."
        ),
    )
