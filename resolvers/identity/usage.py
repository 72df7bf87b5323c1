"""Resolvers for budgets and usage."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from domain.budgets import shots
from qraph.context import Context
from qraph.settings import Settings

if TYPE_CHECKING:
    from schema.identity.usage import ShotUsage

Info = strawberry.Info[Context, None]


def shot_budgets(settings: Settings) -> shots.ShotBudgets:
    """The per-role shot budgets and rolling period this deployment is configured with."""
    return shots.ShotBudgets(
        consumer=settings.shot_budget_consumer,
        developer=settings.shot_budget_developer,
        admin=settings.shot_budget_admin,
        period_s=settings.shot_budget_period_s,
    )


async def my_usage(info: Info) -> ShotUsage:
    from schema.identity.usage import ShotUsage

    context = info.context
    user_id = context.principal.user_id
    assert user_id is not None  # IsAuthenticated ran first
    budgets = shot_budgets(context.settings)
    async with context.session() as session:
        limit = await shots.limit_of(session, user_id=user_id, budgets=budgets)
        usage = await shots.usage(
            session, context.services.redis, user_id=user_id, limit=limit, period_s=budgets.period_s
        )
    return ShotUsage.from_usage(usage)
