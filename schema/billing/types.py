"""Plan subscriptions, subscription keys and revenue, as the graph shows them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from strawberry import relay

from domain.billing import subscription_keys as keys
from domain.billing import subscriptions
from domain.billing.accounts import SubscriptionKey as KeyRow
from domain.billing.models import PlanSubscription as SubscriptionRow
from domain.billing.revenue import Revenue
from resolvers.billing import reads

if TYPE_CHECKING:
    from schema.apps.types import QuantumApp


@strawberry.enum(description="Where a plan subscription stands.")
class SubscriptionStatus(Enum):
    TRIALING = "TRIALING"
    ACTIVE = "ACTIVE"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"


@strawberry.type(description="A key that authorises runApp of one app under one subscription.")
class SubscriptionKey(relay.Node):
    key_id: relay.NodeID[str]
    name: str = strawberry.field(description="Its name, as given.")
    preview: str = strawberry.field(description="`qs_…` and the secret's last four characters.")
    expires_at: datetime | None = strawberry.field(description="When it stops working; or never.")
    rate_limit: int | None = strawberry.field(description="Runs per minute it may start; or none.")
    revoked_at: datetime | None = strawberry.field(description="When it was revoked.")
    runs: int = strawberry.field(description="Runs started with it.")
    last_used_at: datetime | None = strawberry.field(description="Its last run.")
    created_at: datetime = strawberry.field(description="When it was made.")

    @classmethod
    def from_model(cls, row: KeyRow) -> Self:
        return cls(
            key_id=str(row.id),
            name=row.name,
            preview=keys.preview(row),
            expires_at=row.expires_at,
            rate_limit=row.rate_limit,
            revoked_at=row.revoked_at,
            runs=row.runs or 0,
            last_used_at=row.last_used_at,
            created_at=row.created_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await reads.keys_by_ids(info, node_ids)
        return [cls.from_model(r) if r is not None else None for r in rows]


@strawberry.type(description="A buyer's plan for a marketplace app, with the terms it started on.")
class PlanSubscription(relay.Node):
    subscription_id: relay.NodeID[str]
    row: strawberry.Private[SubscriptionRow]
    status: SubscriptionStatus = strawberry.field(description="Where it stands.")
    pricing_model: str = strawberry.field(description="FLAT, PER_RUN or FLAT_AND_PER_RUN.")
    currency: str = strawberry.field(description="ISO 4217 code of every amount here.")
    flat_price: Decimal | None = strawberry.field(description="Fee per period, if any.")
    per_run_price: Decimal | None = strawberry.field(description="Price per run, if any.")
    cap_per_period: Decimal | None = strawberry.field(
        description="At most this much per-run charges per period; null: no cap."
    )
    current_period_start: datetime = strawberry.field(description="The period's start.")
    current_period_end: datetime = strawberry.field(
        description="The period's end: the trial's end, the renewal, or (cancelled) the expiry."
    )
    trial_ends_at: datetime | None = strawberry.field(description="When the trial ends or ended.")
    cancelled_at: datetime | None = strawberry.field(description="When it was cancelled.")
    used_in_period: Decimal = strawberry.field(description="Per-run charges in the period.")
    reserved_in_period: Decimal = strawberry.field(
        description="Per-run prices of runs in flight, held against the cap."
    )
    cap_remaining: Decimal | None = strawberry.field(
        description="What runs may still be charged this period; null when there is no cap."
    )
    created_at: datetime = strawberry.field(description="When it started.")

    @strawberry.field(description="The app it is for (null if no longer visible to you).")
    async def app(
        self, info: strawberry.Info[Any, Any]
    ) -> Annotated[QuantumApp, strawberry.lazy("schema.apps.types")] | None:
        return await reads.subscription_app(info, self.row.app_id)

    @strawberry.field(description="Its subscription keys, newest first (revoked ones too).")
    async def keys(self, info: strawberry.Info[Any, Any]) -> list[SubscriptionKey]:
        rows = await reads.keys_of(info, self.row.id)
        return [SubscriptionKey.from_model(r) for r in rows]

    @classmethod
    def from_model(cls, row: SubscriptionRow) -> Self:
        return cls(
            subscription_id=str(row.id),
            row=row,
            status=SubscriptionStatus(row.status),
            pricing_model=row.pricing_model,
            currency=row.currency,
            flat_price=row.flat_price,
            per_run_price=row.per_run_price,
            cap_per_period=row.cap_per_period,
            current_period_start=row.current_period_start,
            current_period_end=row.current_period_end,
            trial_ends_at=row.trial_ends_at,
            cancelled_at=row.cancelled_at,
            used_in_period=Decimal(row.used_in_period or 0),
            reserved_in_period=Decimal(row.reserved_in_period or 0),
            cap_remaining=subscriptions.cap_remaining(row),
            created_at=row.created_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: strawberry.Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await reads.subscriptions_by_ids(info, node_ids)
        return [cls.from_model(r) if r is not None else None for r in rows]


@strawberry.type(description="An app's revenue over one calendar month (UTC), for its owner.")
class AppRevenue:
    period_start: datetime = strawberry.field(description="The month's first instant.")
    period_end: datetime = strawberry.field(description="The next month's first instant.")
    currency: str = strawberry.field(description="ISO 4217 code.")
    gross: Decimal = strawberry.field(
        description="Charged to buyers: per-run prices of completed runs and flat fees."
    )
    platform_fee: Decimal = strawberry.field(
        description="The platform's share of the gross (QRAPH_PLATFORM_FEE, 20% by default), "
        "rounded once to the cent, half up."
    )
    net: Decimal = strawberry.field(description="Gross less the platform fee: the developer's.")
    runs: int = strawberry.field(description="Charged runs completed in the month.")
    subscribers: int = strawberry.field(
        description="Distinct users whose subscription was live during the month."
    )

    @classmethod
    def of(cls, found: Revenue) -> Self:
        return cls(
            period_start=found.period_start,
            period_end=found.period_end,
            currency=found.currency,
            gross=found.gross,
            platform_fee=found.platform_fee,
            net=found.net,
            runs=found.runs,
            subscribers=found.subscribers,
        )
