"""Ledger rows for the bills tests, written straight to the database: usage records (as the
worker writes them when a job completes) and subscription fees (as the period roll-over does)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select

from domain.apps.models import MarketplaceListing, QuantumApp
from domain.backends.models import Backend
from domain.billing.models import PlanSubscription, SubscriptionCharge, UsageRecord
from tests.integration.apps_support import insert_apps


async def backend_ids(app: Any, *names: str) -> list[int]:
    async with app.state.services.sessionmaker() as session:
        found = await session.execute(
            select(Backend.name, Backend.id).where(Backend.name.in_(names))
        )
        rows: dict[str, int] = {row[0]: row[1] for row in found}
    return [rows[name] for name in names]


async def record_usage(
    app: Any,
    user_id: uuid.UUID,
    *,
    backend_id: int,
    at: datetime,
    backend_charge: Decimal,
    app_charge: Decimal = Decimal(0),
    app_id: uuid.UUID | None = None,
    subscription_id: uuid.UUID | None = None,
    shots: int = 100,
    currency: str = "USD",
    job_id: uuid.UUID | None = None,
) -> None:
    await record_many(
        app,
        [
            {
                "job_id": job_id,
                "user_id": user_id,
                "backend_id": backend_id,
                "app_id": app_id,
                "subscription_id": subscription_id,
                "shots": shots,
                "backend_charge": backend_charge,
                "app_charge": app_charge,
                "currency": currency,
                "recorded_at": at,
            }
        ],
    )


async def record_many(app: Any, rows: list[dict[str, Any]]) -> None:
    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(insert(UsageRecord), rows)


@dataclass
class Subscribed:
    app_id: uuid.UUID
    app_name: str
    subscription_id: uuid.UUID


async def subscription(app: Any, owner_id: uuid.UUID, buyer_id: uuid.UUID) -> Subscribed:
    """A public app of `owner_id`, listed FLAT 19.99 USD a month, and `buyer_id` on it."""
    await insert_apps(app, owner_id, 1)
    now = datetime.now(UTC)
    async with app.state.services.sessionmaker() as session, session.begin():
        found = await session.scalar(
            select(QuantumApp)
            .where(
                QuantumApp.owner_id == owner_id,
                QuantumApp.id.not_in(select(MarketplaceListing.app_id)),
            )
            .limit(1)
        )
        assert found is not None
        listing = MarketplaceListing(
            app_id=found.id,
            pricing_model="FLAT",
            currency="USD",
            flat_price=Decimal("19.99"),
            period="MONTH",
            trial_days=0,
            support_email="help@example.org",
            status="LISTED",
            listed_at=now,
        )
        session.add(listing)
        await session.flush()
        sub = PlanSubscription(
            user_id=buyer_id,
            listing_id=listing.id,
            app_id=found.id,
            status="ACTIVE",
            pricing_model="FLAT",
            currency="USD",
            flat_price=Decimal("19.99"),
            period="MONTH",
            current_period_start=now,
            current_period_end=now + timedelta(days=30),
        )
        session.add(sub)
        await session.flush()
        return Subscribed(found.id, found.name, sub.id)


async def charge_fee(
    app: Any, user_id: uuid.UUID, sub: Subscribed, *, at: datetime, amount: Decimal
) -> None:
    async with app.state.services.sessionmaker() as session, session.begin():
        session.add(
            SubscriptionCharge(
                subscription_id=sub.subscription_id,
                user_id=user_id,
                app_id=sub.app_id,
                amount=amount,
                currency="USD",
                period_start=at,
                period_end=at + timedelta(days=30),
                charged_at=at,
            )
        )


def month_of(year: int, month: int, day: int = 15, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)
