"""Budgets and usage: `myUsage` (shots against the rolling budget)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Self

import strawberry

from domain.budgets.shots import Usage
from resolvers.billing import spending as resolve_spending
from resolvers.identity import usage as resolve
from schema.permissions import IsAuthenticated

if TYPE_CHECKING:
    from schema.billing.spending import SpendingUsage


@strawberry.type(description="Shots used against your budget over the rolling period.")
class ShotUsage:
    shots_used: int = strawberry.field(description="Shots used in the period ending now.")
    shot_budget: int = strawberry.field(description="Shots you may use in any such period.")
    remaining: int = strawberry.field(description="Shots left before submissions are refused.")
    period_start: datetime = strawberry.field(
        description="Start of the rolling period: usage before it no longer counts."
    )
    resets_at: datetime = strawberry.field(
        description=(
            "When the oldest usage in the period ages out and frees its shots "
            "(a full period from now when nothing is used)."
        )
    )
    warning: bool = strawberry.field(description="True at 80% of the budget or more.")
    spending: Annotated[SpendingUsage, strawberry.lazy("schema.billing.spending")] = (
        strawberry.field(
            resolver=resolve_spending.usage_spending,
            description="Money this calendar month: spent, reserved, your limit and what remains.",
        )
    )

    @classmethod
    def from_usage(cls, usage: Usage) -> Self:
        return cls(
            shots_used=usage.used,
            shot_budget=usage.limit,
            remaining=usage.remaining,
            period_start=usage.period_start,
            resets_at=usage.resets_at,
            warning=usage.warning,
        )


@strawberry.type
class UsageQuery:
    my_usage: ShotUsage = strawberry.field(
        resolver=resolve.my_usage,
        permission_classes=[IsAuthenticated],
        description="Your shot usage and budget over the rolling period. Signed-in callers.",
    )
