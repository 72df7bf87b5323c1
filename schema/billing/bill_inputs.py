"""The bills area's enums and inputs (imported by the resolvers, so kept apart from the types)."""

from __future__ import annotations

from datetime import date

import strawberry

from domain.billing import bill_models

BillStatus = strawberry.enum(
    bill_models.BillStatus,
    description=(
        "OPEN while its month runs (items computed live from usage), ISSUED after the month "
        "close (items frozen, an invoice number given), PAID once an admin records payment."
    ),
)
BillingItemKind = strawberry.enum(
    bill_models.BillingItemKind,
    description="What an item bills: a backend's runs, an app's runs, or a subscription's fees.",
)


@strawberry.input(description="Narrow `bills` (admins).")
class BillFilter:
    status: BillStatus | None = strawberry.field(default=None, description="Only this status.")  # type: ignore[valid-type]
    user_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this user's (a User global ID)."
    )
    month: date | None = strawberry.field(
        default=None, description="Only this month (its first day)."
    )
    currency: str | None = strawberry.field(default=None, description="Only this currency.")
