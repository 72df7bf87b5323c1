"""A bill's lines, summed from the ledger: usage records and subscription fees of one user,
one calendar month (UTC) and one currency.

A usage record belongs to the month of its `recorded_at`, the instant its job COMPLETED: a job
that starts in one month and completes in the next is billed in the month it completed. A
subscription fee belongs to the month of its `charged_at`. Each record's backend charge goes to
its backend's line and its app charge to its app's line, so every amount is counted exactly
once. One statement reads the lines of any number of bills.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import text

from domain.billing.bill_models import BillingItemKind
from domain.billing.rounding import round_item
from domain.db import AsyncSession


@dataclass(frozen=True, slots=True)
class BillKey:
    """Which ledger rows a bill sums."""

    user_id: uuid.UUID
    month: date  # the first day of the month
    currency: str


@dataclass(frozen=True, slots=True)
class Item:
    """One line of a bill: its amount is the exact sum of its charges, rounded once."""

    kind: str
    backend_id: int | None
    app_id: uuid.UUID | None
    subscription_id: uuid.UUID | None
    description: str
    quantity: int
    shots: int
    amount: Decimal
    currency: str
    exact: Decimal | None = None  # the unrounded sum, for lines computed from the ledger


def month_start(at: datetime | date) -> date:
    """The first day of the UTC calendar month `at` falls in."""
    if isinstance(at, datetime):
        at = at.astimezone(UTC).date()
    return at.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def instant(month: date) -> datetime:
    """Midnight UTC on the first of the month."""
    return datetime(month.year, month.month, month.day, tzinfo=UTC)


_LINES = text(
    """
    WITH k AS (
      SELECT * FROM unnest(CAST(:users AS uuid[]), CAST(:starts AS timestamptz[]),
                           CAST(:ends AS timestamptz[]), CAST(:currencies AS text[]),
                           CAST(:tags AS integer[])) AS k(user_id, s, e, currency, tag)
    ), u AS MATERIALIZED (
      SELECT k.tag, r.backend_id, r.app_id, r.shots, r.backend_charge, r.app_charge
      FROM k JOIN usage_records r
        ON r.user_id = k.user_id AND r.recorded_at >= k.s AND r.recorded_at < k.e
       AND r.currency = k.currency
    )
    SELECT u.tag, 'BACKEND' AS kind, u.backend_id, NULL::uuid AS app_id,
           NULL::uuid AS subscription_id, max(b.name) AS name, count(*) AS quantity,
           coalesce(sum(u.shots), 0) AS shots, sum(u.backend_charge) AS exact
    FROM u LEFT JOIN backends b ON b.id = u.backend_id
    GROUP BY u.tag, u.backend_id
    UNION ALL
    SELECT u.tag, 'APP', NULL, u.app_id, NULL, max(a.name), count(*),
           coalesce(sum(u.shots), 0), sum(u.app_charge)
    FROM u LEFT JOIN quantum_apps a ON a.id = u.app_id
    WHERE u.app_id IS NOT NULL OR u.app_charge <> 0
    GROUP BY u.tag, u.app_id
    UNION ALL
    SELECT k.tag, 'SUBSCRIPTION_FEE', NULL, NULL, c.subscription_id, max(a.name), count(*),
           0, sum(c.amount)
    FROM k JOIN subscription_charges c
      ON c.user_id = k.user_id AND c.charged_at >= k.s AND c.charged_at < k.e
     AND c.currency = k.currency
    LEFT JOIN quantum_apps a ON a.id = c.app_id
    GROUP BY k.tag, c.subscription_id
    """
)

_KIND_ORDER = {kind.value: i for i, kind in enumerate(BillingItemKind)}


def _description(kind: str, name: str | None) -> str:
    if kind == BillingItemKind.BACKEND:
        return f"Backend {name or '(removed)'}"
    if kind == BillingItemKind.APP:
        return f"App {name or '(removed)'}"
    return f"Subscription fee: {name or '(removed app)'}"


def _order(item: Item) -> tuple[int, str, str]:
    """Backends, apps, then fees; by name; ties (two apps of one name) by their IDs."""
    ref = item.backend_id or item.app_id or item.subscription_id or ""
    return _KIND_ORDER[item.kind], item.description, str(ref)


async def lines_for(session: AsyncSession, keys: Sequence[BillKey]) -> list[list[Item]]:
    """Each bill's lines from the ledger, in key order: backends, apps, then fees."""
    found: list[list[Item]] = [[] for _ in keys]
    if not keys:
        return found
    rows = await session.execute(
        _LINES,
        {
            "users": [k.user_id for k in keys],
            "starts": [instant(k.month) for k in keys],
            "ends": [instant(next_month(k.month)) for k in keys],
            "currencies": [k.currency for k in keys],
            "tags": list(range(len(keys))),
        },
    )
    for row in rows:
        currency = keys[row.tag].currency
        exact = Decimal(row.exact)
        found[row.tag].append(
            Item(
                kind=row.kind,
                backend_id=row.backend_id,
                app_id=row.app_id,
                subscription_id=row.subscription_id,
                description=_description(row.kind, row.name)[:200],
                quantity=int(row.quantity),
                shots=int(row.shots),
                amount=round_item(exact, currency),
                currency=currency,
                exact=exact,
            )
        )
    for items in found:
        items.sort(key=_order)
    return found
