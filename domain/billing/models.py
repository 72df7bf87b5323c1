"""The rows money is kept in.

`plan_subscriptions` hold a buyer's subscription to a marketplace listing, with the listing's
prices copied at subscribe time (a later price change applies to new subscriptions only).
`usage_records` are the ledger: one row per COMPLETED job (the job is the idempotency key, a
unique column), written in the transaction of the job's transition, with the backend charge
and, for app runs, the app's per-run price. Amounts are unrounded decimals here; bills round
each item once (domain/billing/rounding).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import Base, Timestamped


class SubscriptionStatus(StrEnum):
    TRIALING = "TRIALING"
    ACTIVE = "ACTIVE"
    CANCELLED = "CANCELLED"  # cancelled at period end: usable until current_period_end
    EXPIRED = "EXPIRED"


LIVE_STATUSES = (
    SubscriptionStatus.TRIALING,
    SubscriptionStatus.ACTIVE,
    SubscriptionStatus.CANCELLED,
)


class PlanSubscription(Timestamped, Base):
    __tablename__ = "plan_subscriptions"
    __table_args__ = (
        # One live subscription per user per listing.
        Index(
            "plan_subscriptions_one_live",
            "user_id",
            "listing_id",
            unique=True,
            postgresql_where=text("status IN ('TRIALING', 'ACTIVE', 'CANCELLED')"),
        ),
        # A trial once per user per listing, ever.
        Index(
            "plan_subscriptions_one_trial",
            "user_id",
            "listing_id",
            unique=True,
            postgresql_where=text("trial_ends_at IS NOT NULL"),
        ),
        Index("plan_subscriptions_app", "app_id", "status"),
        Index("plan_subscriptions_period_end", "current_period_end"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    listing_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("marketplace_listings.id", ondelete="CASCADE")
    )
    app_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("quantum_apps.id", ondelete="CASCADE"))
    status: Mapped[SubscriptionStatus] = mapped_column(String(16))
    # The listing's terms when the subscription started (domain.apps.models.PricingModel...).
    pricing_model: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str] = mapped_column(String(3))
    flat_price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    per_run_price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    cap_per_period: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    period: Mapped[str | None] = mapped_column(String(8))
    current_period_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    current_period_end: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    trial_ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The TRIAL_ENDING notification was sent (once per trial; migration 0009).
    trial_warned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Charged in the current period (usage records' app charges) and reserved by runs in flight.
    used_in_period: Mapped[Decimal] = mapped_column(Numeric(14, 6), server_default="0")
    reserved_in_period: Mapped[Decimal] = mapped_column(Numeric(14, 6), server_default="0")


class UsageRecord(Base):
    __tablename__ = "usage_records"
    __table_args__ = (
        Index("usage_records_user_time", "user_id", "recorded_at"),
        Index("usage_records_app_time", "app_id", "recorded_at"),
        Index("usage_records_subscription", "subscription_id", "recorded_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    # The idempotency key: at most one record per job, whatever the redeliveries.
    job_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="SET NULL"), unique=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    backend_id: Mapped[int] = mapped_column(ForeignKey("backends.id"))
    app_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("quantum_apps.id", ondelete="SET NULL")
    )
    subscription_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("plan_subscriptions.id", ondelete="SET NULL")
    )
    shots: Mapped[int] = mapped_column(Integer)
    backend_charge: Mapped[Decimal] = mapped_column(Numeric(14, 6))
    app_charge: Mapped[Decimal] = mapped_column(Numeric(14, 6), server_default="0")
    currency: Mapped[str] = mapped_column(String(3))
    # The month it is billed in is the month (UTC) of this instant: when the job completed.
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("now()")
    )


class SubscriptionCharge(Base):
    """A subscription's flat fee for one period: at most one per subscription per period."""

    __tablename__ = "subscription_charges"
    __table_args__ = (
        UniqueConstraint("subscription_id", "period_start"),
        Index("subscription_charges_user_time", "user_id", "charged_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    subscription_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("plan_subscriptions.id", ondelete="CASCADE")
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    app_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("quantum_apps.id", ondelete="SET NULL")
    )
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 6))
    currency: Mapped[str] = mapped_column(String(3))
    period_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    period_end: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The month it is billed in is the month (UTC) of this instant.
    charged_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("now()")
    )
