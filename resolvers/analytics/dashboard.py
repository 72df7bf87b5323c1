"""`systemStatus`, `dashboard` and its parts that are this area's (the rest reuse the jobs and
usage resolvers, so a dashboard field reads exactly what its standalone twin reads)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.analytics import dashboard as dashboard_domain
from domain.analytics import system_status as status_domain
from domain.errors import InvalidInput
from qraph.context import Context

if TYPE_CHECKING:
    from schema.analytics.operations import Dashboard
    from schema.analytics.types import SystemStatus, TopBackend
    from schema.experiments.types import ExperimentRun

Info = strawberry.Info[Context, None]


async def system_status(info: Info) -> SystemStatus:
    from schema.analytics.types import SystemStatus

    services = info.context.services
    async with info.context.read_session() as session:
        found = await status_domain.system_status(session, services.redis)
    return SystemStatus.of(found)


async def dashboard(info: Info) -> Dashboard:
    from schema.analytics.operations import Dashboard

    return Dashboard()


async def top_backends(
    info: Info,
    n: Annotated[int, strawberry.argument(description="How many, 1 to 20.")] = 5,
) -> list[TopBackend]:
    from schema.analytics.types import BackendKpis, TopBackend

    if not 1 <= n <= 20:
        raise InvalidInput("`n` must be between 1 and 20.", field="n")
    async with info.context.read_session() as session:
        found = await dashboard_domain.top_backends(session, n=n)
    return [
        TopBackend(backend_name=t.name, provider=t.provider, kpis=BackendKpis.of(t.kpis, None))
        for t in found
    ]


async def latest_experiment_runs(
    info: Info,
    limit: Annotated[int, strawberry.argument(description="How many, 1 to 20.")] = 5,
) -> list[ExperimentRun]:
    from domain.analytics import seams
    from schema.experiments.types import ExperimentRun

    if not 1 <= limit <= 20:
        raise InvalidInput("`limit` must be between 1 and 20.", field="limit")
    async with info.context.read_session() as session:
        found = await seams.latest_experiment_runs(
            session, viewer=info.context.principal, limit=limit
        )
    return [ExperimentRun.from_model(row) for row in found]
