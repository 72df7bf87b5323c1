"""The rows of bills: a bill per user, month and currency, its frozen items, and the invoice
counter.

A bill is OPEN while its month runs (its items are computed from the ledger when read), then
ISSUED by the month close, which freezes its items here and gives it the next invoice number,
then PAID. Invoice numbers come from one counter row, updated in the issuing transaction: a
rolled-back issue gives its number back, so the numbers have no gaps (a PostgreSQL sequence
would skip one).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import Base, Timestamped


class BillStatus(StrEnum):
    OPEN = "OPEN"
    ISSUED = "ISSUED"
    PAID = "PAID"


class BillingItemKind(StrEnum):
    BACKEND = "BACKEND"
    APP = "APP"
    SUBSCRIPTION_FEE = "SUBSCRIPTION_FEE"


class Bill(Timestamped, Base):
    __tablename__ = "bills"
    __table_args__ = (
        UniqueConstraint("user_id", "month", "currency"),
        Index("bills_user_page", "user_id", "month", "id"),
        Index("bills_status_month", "status", "month"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The first day of the calendar month (UTC) it bills.
    month: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(8), default=BillStatus.OPEN.value)
    # Set when issued: sequential across all bills, no gaps.
    invoice_number: Mapped[int | None] = mapped_column(Integer, unique=True)
    subtotal: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    total: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # What the payment provider calls the payment (the manual provider: who marked it paid).
    payment_reference: Mapped[str | None] = mapped_column(String(200))


class BillingItem(Base):
    """One line of an issued bill: a backend's runs, an app's runs, or a subscription's fees."""

    __tablename__ = "billing_items"
    __table_args__ = (Index("billing_items_bill", "bill_id", "position"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    bill_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    backend_id: Mapped[int | None] = mapped_column(ForeignKey("backends.id", ondelete="SET NULL"))
    app_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("quantum_apps.id", ondelete="SET NULL")
    )
    subscription_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("plan_subscriptions.id", ondelete="SET NULL")
    )
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer)  # runs, or fee periods
    shots: Mapped[int] = mapped_column(Integer)
    # The exact sum of its ledger amounts, rounded once (domain.billing.rounding).
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))


class InvoiceCounter(Base):
    """The last invoice number given; one row, locked by each issue."""

    __tablename__ = "invoice_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, server_default="0")
