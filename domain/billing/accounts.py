"""The rows behind spending limits and subscription keys.

`spending_limits`: a user's monthly limit as they set it, and the ceiling an admin set (the
lower of the two applies). `spending_months`: per user per calendar month (UTC), what was spent
(usage records' charges and flat fees) and what is reserved by jobs in flight. A submission
reserves its estimate with one conditional upsert, so concurrent submissions serialise on the
row and cannot overspend; the trigger on `jobs` (migration 0009) releases the reservation and
adds the charge in the transaction of the job's terminal transition.
`subscription_keys`: a secret shown once and stored hashed, authorising runApp of one app.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Integer, Numeric, String, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import Base, Timestamped


class SpendingLimit(Timestamped, Base):
    __tablename__ = "spending_limits"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # Set by the user (null: none); an admin's ceiling (null: none). The lower applies.
    user_limit: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    admin_limit: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))


class SpendingMonth(Base):
    __tablename__ = "spending_months"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the month's first day, UTC
    spent: Mapped[Decimal] = mapped_column(Numeric(14, 6), server_default="0")
    reserved: Mapped[Decimal] = mapped_column(Numeric(14, 6), server_default="0")
    # The month's 80% warning was sent (once per month).
    warned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SubscriptionKey(Timestamped, Base):
    __tablename__ = "subscription_keys"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    subscription_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("plan_subscriptions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    app_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("quantum_apps.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last4: Mapped[str] = mapped_column(String(4))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rate_limit: Mapped[int | None] = mapped_column(Integer)  # runs per minute
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Runs started with the key (kept in the run's transaction).
    runs: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
