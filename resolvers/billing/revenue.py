"""revenue(appId, period) and AppMetrics.revenue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.billing import revenue
from domain.errors import DomainError
from qraph.context import Context
from resolvers.apps.changes import parse_id
from schema.errors import to_error

if TYPE_CHECKING:
    from schema.apps.reviews import AppMetrics
    from schema.billing.operations import RevenueResult
    from schema.billing.types import AppRevenue

Info = strawberry.Info[Context, None]
Period = Annotated[
    str | None,
    strawberry.argument(description="A calendar month (UTC) written YYYY-MM; null: this month."),
]


async def app_revenue(
    info: Info,
    app_id: Annotated[strawberry.ID, strawberry.argument(description="The QuantumApp's ID.")],
    period: Period = None,
) -> RevenueResult:
    from schema.billing.types import AppRevenue

    context = info.context
    try:
        parsed = parse_id(app_id, "QuantumApp")
        async with context.session() as session:
            found = await revenue.of_app(
                session,
                principal=context.principal,
                app_id=parsed,
                period=period,
                fee_share=context.settings.platform_fee,
            )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return AppRevenue.of(found)


async def metrics_revenue(
    root: strawberry.Parent[AppMetrics], info: Info, period: Period = None
) -> AppRevenue | None:
    """The app's revenue for a month; the metrics are the owner's already (QuantumApp.metrics)."""
    from schema.billing.types import AppRevenue

    if root.app_id is None:
        return None
    start, end = revenue.month_bounds(period)
    async with info.context.session() as session:
        found = await revenue.compute(
            session,
            app_id=root.app_id,
            start=start,
            end=end,
            fee_share=info.context.settings.platform_fee,
        )
    return AppRevenue.of(found)
