"""Bills: one per user, calendar month (UTC) and currency, with items grouped by backend, app
and subscription fee.

A bill is OPEN while its month runs and until the month close issues it: an OPEN bill's items
are computed from the ledger each time it is read (domain.billing.ledger), so it follows usage
live. Issuing freezes the items (billing_items) and the totals. A month without usage records
or fees gives no bill at all. Users see their own bills; admins see every bill.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, func, select, text

from domain.billing.bill_models import Bill, BillingItem, BillStatus
from domain.billing.ledger import BillKey, Item, instant, lines_for, month_start
from domain.billing.rounding import total_of
from domain.db import AsyncSession
from domain.errors import InvalidInput
from domain.identity.principal import Principal, Scope
from domain.pagination import Page, PageRequest, SortKey, keyset_page

# Newest month first.
BILL_KEYS = [SortKey(Bill.month, date, True), SortKey(Bill.id, uuid.UUID, True)]

# The current month's (and, until it is issued, the last month's) OPEN bills, made when their
# owner lists bills: one per currency the user has ledger rows in. Idempotent.
_OPEN = text(
    """
    INSERT INTO bills (id, user_id, month, currency, status)
    SELECT gen_random_uuid(), :user_id, m.month, m.currency, 'OPEN' FROM (
      SELECT DISTINCT (date_trunc('month', recorded_at AT TIME ZONE 'UTC'))::date AS month,
             currency
      FROM usage_records WHERE user_id = :user_id AND recorded_at >= :since
      UNION
      SELECT (date_trunc('month', charged_at AT TIME ZONE 'UTC'))::date, currency
      FROM subscription_charges WHERE user_id = :user_id AND charged_at >= :since
    ) AS m
    ON CONFLICT (user_id, month, currency) DO NOTHING
    """
)


def may_read(principal: Principal) -> bool:
    """Bills are read with `billing:read` (every session has it; a key only if given it)."""
    return principal.authenticated and principal.can(Scope.BILLING_READ)


def visible(principal: Principal, bill: Bill | None) -> Bill | None:
    """The bill if the principal may see it: its owner, or an admin; others read null."""
    if bill is None or not may_read(principal) or not principal.owns(bill.user_id):
        return None
    return bill


def key_of(bill: Bill) -> BillKey:
    return BillKey(bill.user_id, bill.month, bill.currency)


async def open_current(session: AsyncSession, *, user_id: uuid.UUID, now: datetime) -> None:
    """Make sure the user's OPEN bills for this month and last exist (one statement)."""
    this_month = month_start(now)
    last_month = month_start(date.fromordinal(this_month.toordinal() - 1))
    await session.execute(_OPEN, {"user_id": user_id, "since": instant(last_month)})


@dataclass(frozen=True, slots=True)
class BillFilter:
    """What an admin's `bills(filter)` narrows to."""

    status: BillStatus | None = None
    user_id: uuid.UUID | None = None
    month: date | None = None
    currency: str | None = None


def check_month(value: date | None) -> date | None:
    if value is None:
        return None
    if value.day != 1:
        raise InvalidInput("`month` is the first day of a month, e.g. 2026-11-01.", field="month")
    return value


def _where(user_id: uuid.UUID | None, given: BillFilter) -> list[ColumnElement[bool]]:
    where = []
    if user_id is not None:
        where.append(Bill.user_id == user_id)
    if given.user_id is not None:
        where.append(Bill.user_id == given.user_id)
    if given.status is not None:
        where.append(Bill.status == given.status.value)
    if given.month is not None:
        where.append(Bill.month == given.month)
    if given.currency is not None:
        where.append(Bill.currency == given.currency)
    return where


async def list_bills(
    session: AsyncSession,
    *,
    user_id: uuid.UUID | None,
    given: BillFilter,
    request: PageRequest,
    size: int,
) -> Page[Bill]:
    """A page of bills, newest month first: one user's (`user_id`), or all (admins)."""
    stmt = select(Bill).where(*_where(user_id, given))
    return await keyset_page(session, stmt, BILL_KEYS, request, size=size)


async def count_bills(
    session: AsyncSession, *, user_id: uuid.UUID | None, given: BillFilter
) -> int:
    stmt = select(func.count()).select_from(Bill).where(*_where(user_id, given))
    return int((await session.execute(stmt)).scalar_one())


async def get_many(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Bill | None]:
    rows = await session.scalars(select(Bill).where(Bill.id.in_(ids)))
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]


def _frozen(row: BillingItem) -> Item:
    return Item(
        kind=row.kind,
        backend_id=row.backend_id,
        app_id=row.app_id,
        subscription_id=row.subscription_id,
        description=row.description,
        quantity=row.quantity,
        shots=row.shots,
        amount=row.amount,
        currency=row.currency,
    )


async def items_of(session: AsyncSession, bills: Sequence[Bill]) -> list[list[Item]]:
    """Each bill's items: frozen ones for issued bills (one statement for all), live ones from
    the ledger for OPEN bills (one more statement, only if the page has any)."""
    found: list[list[Item]] = [[] for _ in bills]
    issued = {b.id: i for i, b in enumerate(bills) if b.status != BillStatus.OPEN}
    if issued:
        rows = await session.scalars(
            select(BillingItem)
            .where(BillingItem.bill_id.in_(list(issued)))
            .order_by(BillingItem.bill_id, BillingItem.position)
        )
        for row in rows:
            found[issued[row.bill_id]].append(_frozen(row))
    live = [i for i, b in enumerate(bills) if b.status == BillStatus.OPEN]
    if live:
        lines = await lines_for(session, [key_of(bills[i]) for i in live])
        for index, items in zip(live, lines, strict=True):
            found[index] = items
    return found


def totals(bill: Bill, items: Sequence[Item]) -> tuple[Decimal, Decimal]:
    """(subtotal, total): frozen for an issued bill, the sum of the live items for an OPEN one.
    No taxes are charged here, so the total is the subtotal."""
    if bill.status != BillStatus.OPEN and bill.subtotal is not None and bill.total is not None:
        return bill.subtotal, bill.total
    subtotal = total_of((item.amount for item in items), bill.currency)
    return subtotal, subtotal


def invoice_label(number: int | None) -> str | None:
    """How an invoice number is printed: INV-000042."""
    return f"INV-{number:06d}" if number is not None else None
