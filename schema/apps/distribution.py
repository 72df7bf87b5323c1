"""Distribution's nodes: RegistryEntry and MarketplaceListing."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self

import strawberry
from strawberry import relay

from domain.apps import models
from resolvers.apps import distribution as resolve
from schema.apps.distribution_inputs import BillingPeriod, ListingStatus, PricingModel
from schema.apps.types import AppVersion, QuantumApp
from schema.jobs.types import Money
from schema.lazy import of_row, reads_row

if TYPE_CHECKING:
    from strawberry.types import Info


def _money(amount: Decimal | None, currency: str) -> Money | None:
    return Money(amount=amount, currency=currency) if amount is not None else None


@reads_row(
    key=lambda row: str(row.id),
    sha256="package_sha256",
    size="package_size",
    downloads="downloads",
    published_at="published_at",
)
@strawberry.type(description="A published version offered free in the registry.")
class RegistryEntry(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[models.RegistryEntry]
    sha256: str = strawberry.field(
        description="Hex SHA-256 of the package (also sent as `X-Package-SHA256`)."
    )
    size: int = strawberry.field(description="The package's size in bytes.")
    downloads: int = strawberry.field(description="Packages served of this version.")
    published_at: datetime = strawberry.field(description="When it entered the registry.")
    app: QuantumApp | None = strawberry.field(resolver=resolve.entry_app, description="The app.")
    version: AppVersion | None = strawberry.field(
        resolver=resolve.entry_version, description="The version it offers."
    )

    @classmethod
    def from_model(cls, row: models.RegistryEntry) -> Self:
        return of_row(cls, row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await resolve.visible_entries(info, node_ids)
        return [cls.from_model(row) if row is not None else None for row in rows]


@reads_row(
    key=lambda row: str(row.id),
    pricing_model="pricing_model",
    flat_price=lambda row: _money(row.flat_price, row.currency),
    period="period",
    per_run_price=lambda row: _money(row.per_run_price, row.currency),
    cap_per_period=lambda row: _money(row.cap_per_period, row.currency),
    free=lambda row: not (row.flat_price or 0) and not (row.per_run_price or 0),
    trial_days="trial_days",
    support_email="support_email",
    support_url="support_url",
    status="status",
    listed_at="listed_at",
    delisted_at="delisted_at",
    created_at="created_at",
    updated_at="updated_at",
)
@strawberry.type(description="An app offered for a price in the marketplace.")
class MarketplaceListing(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[models.MarketplaceListing]
    pricing_model: PricingModel = strawberry.field(description="How it is priced.")  # type: ignore[valid-type]
    flat_price: Money | None = strawberry.field(description="The price per period, if any.")
    period: BillingPeriod | None = strawberry.field(description="The flat price's period.")  # type: ignore[valid-type]
    per_run_price: Money | None = strawberry.field(description="The price per run, if any.")
    cap_per_period: Money | None = strawberry.field(
        description="At most this is charged for runs per period (optional)."
    )
    free: bool = strawberry.field(description="True when every price is zero.")
    trial_days: int = strawberry.field(description="Days of free trial (0 to 90).")
    support_email: str = strawberry.field(description="Where users ask for help.")
    support_url: str | None = strawberry.field(description="Support page.")
    status: ListingStatus = strawberry.field(description="Where it is.")  # type: ignore[valid-type]
    listed_at: datetime | None = strawberry.field(description="When it was last listed.")
    delisted_at: datetime | None = strawberry.field(description="When it was last delisted.")
    created_at: datetime = strawberry.field(description="When it was made.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    app: QuantumApp | None = strawberry.field(
        resolver=resolve.listing_app, description="The app offered."
    )

    @classmethod
    def from_model(cls, row: models.MarketplaceListing) -> Self:
        return of_row(cls, row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await resolve.visible_listings(info, node_ids)
        return [cls.from_model(row) if row is not None else None for row in rows]
