"""Spending: the warning on a submission, the money half of `myUsage`, and the limits."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from domain.billing.spending import Spending
from schema.billing.errors import SpendingLimitExceededError  # noqa: F401  (registers errors)
from schema.errors import ForbiddenError, InvalidInputError, NotFoundError, RateLimitedError


@strawberry.type(description="Your month's spend is at 80% of your spending limit or more.")
class SpendingWarning:
    limit: Decimal = strawberry.field(description="Your monthly spending limit.")
    spent: Decimal = strawberry.field(description="Spent this month, including reservations.")
    percent: Decimal = strawberry.field(description="Spent and reserved as a share of the limit.")


def spending_warning(found: Spending | None) -> SpendingWarning | None:
    if found is None or not found.warning or found.limit is None:
        return None
    total = found.spent + found.reserved
    percent = (100 * total / found.limit).quantize(Decimal("0.1")) if found.limit else Decimal(100)
    return SpendingWarning(limit=found.limit, spent=total, percent=percent)


@strawberry.type(description="Money this calendar month (UTC) against your spending limit.")
class SpendingUsage:
    period_start: datetime = strawberry.field(description="The month's first instant (UTC).")
    period_end: datetime = strawberry.field(description="The next month's first instant (UTC).")
    spent: Decimal = strawberry.field(
        description="Charged this month: completed jobs (backend and app per-run prices) and "
        "subscription fees. Unrounded; bills round each item once."
    )
    reserved: Decimal = strawberry.field(
        description="Estimates of your jobs still queued or running, held against the limit."
    )
    limit: Decimal | None = strawberry.field(
        description="Your monthly spending limit (the lower of yours and an admin's); null: none."
    )
    remaining: Decimal | None = strawberry.field(
        description="What may still be reserved before submissions are refused; null: no limit."
    )
    warning: bool = strawberry.field(description="True at 80% of the limit or more.")

    @classmethod
    def of(cls, found: Spending) -> SpendingUsage:
        return cls(
            period_start=found.period_start,
            period_end=found.period_end,
            spent=found.spent,
            reserved=found.reserved,
            limit=found.limit,
            remaining=found.remaining,
            warning=found.warning,
        )


@strawberry.type(description="The spending limit is set.")
class SetSpendingLimitSuccess:
    user_limit: Decimal | None = strawberry.field(description="The limit the user set; null: none.")
    admin_limit: Decimal | None = strawberry.field(
        description="The ceiling an admin set; null: none."
    )
    usage: SpendingUsage = strawberry.field(description="The month, against the limit now.")


SetSpendingLimitResult = Annotated[
    SetSpendingLimitSuccess | InvalidInputError | NotFoundError | ForbiddenError | RateLimitedError,
    strawberry.union(
        "SetSpendingLimitResult", description="The outcome of a spending limit change."
    ),
]
