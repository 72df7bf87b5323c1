"""Monthly spending limits: reserve at submission, settle at the job's end, warn at 80%.

The month is the calendar month (UTC). `spent` holds the month's usage charges (backend plus
the app's per-run price, as usage records say) and flat subscription fees; `reserved` the
estimates of jobs still in flight. The limit is the lower of the user's own and an admin's
ceiling; none set means no limit (spend is still counted).

`reserve` is one conditional upsert on the (user, month) row, in the submission's transaction:
the row lock serialises concurrent submissions, and the condition `spent + reserved + estimate
<= limit` is re-checked on the locked row, so however many race, exactly those that fit are
accepted. If the transaction rolls back, so does the reservation: nothing leaks. The trigger on
`jobs` (migration 0009) releases it in the transaction of the job's terminal transition and,
on COMPLETED, adds the charge. PostgreSQL is the only record: losing Redis changes nothing here.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert

from domain.billing.accounts import SpendingLimit
from domain.billing.errors import SpendingLimitExceeded
from domain.billing.periods import add_months, month_of
from domain.db import AsyncSession
from domain.errors import InvalidInput
from domain.events import Event
from domain.jobs.models import Job
from domain.notifications.models import NotificationKind
from domain.notifications.send import notify

MAX_LIMIT = Decimal("1000000")
WARNING_SHARE = Decimal("0.8")

_RESERVE = text(
    """
    WITH lim AS (
      SELECT least(user_limit, admin_limit) AS amount FROM spending_limits WHERE user_id = :user
    )
    INSERT INTO spending_months AS m (user_id, month, spent, reserved)
    SELECT :user, :month, 0, :estimate
     WHERE :estimate <= coalesce((SELECT amount FROM lim), 'Infinity'::numeric)
    ON CONFLICT (user_id, month) DO UPDATE SET reserved = m.reserved + excluded.reserved
     WHERE m.spent + m.reserved + excluded.reserved
           <= coalesce((SELECT amount FROM lim), 'Infinity'::numeric)
    RETURNING m.spent, m.reserved, (SELECT amount FROM lim) AS limit, m.warned_at
    """
)


@dataclass(frozen=True, slots=True)
class Spending:
    """A user's month: spent, reserved by jobs in flight, the limit (None: none)."""

    month: date
    spent: Decimal
    reserved: Decimal
    limit: Decimal | None

    @property
    def remaining(self) -> Decimal | None:
        if self.limit is None:
            return None
        return max(self.limit - self.spent - self.reserved, Decimal(0))

    @property
    def warning(self) -> bool:
        """At or past 80% of the limit (spent and reserved together)."""
        return self.limit is not None and self.spent + self.reserved >= self.limit * WARNING_SHARE

    @property
    def period_start(self) -> datetime:
        return datetime(self.month.year, self.month.month, 1, tzinfo=UTC)

    @property
    def period_end(self) -> datetime:
        return add_months(self.period_start, 1)


@dataclass(frozen=True, slots=True)
class Reserved:
    spending: Spending
    events: list[Event]  # publish after the commit (the 80% notification)

    def warnings(self) -> list[str]:
        found = self.spending
        if not found.warning or found.limit is None:
            return []
        share = 100 * (found.spent + found.reserved) / found.limit if found.limit else 100
        return [
            f"You have spent or reserved {found.spent + found.reserved:.2f} of your monthly "
            f"spending limit of {found.limit:.2f} ({share:.0f}%)."
        ]


def _estimate(job: Job) -> Decimal:
    return Decimal(job.cost_estimate) + Decimal(job.app_charge or 0)


async def state(
    session: AsyncSession, *, user_id: uuid.UUID, now: datetime | None = None
) -> Spending:
    """The user's current month (one statement)."""
    month = month_of(now or datetime.now(UTC))
    found = (
        await session.execute(
            text(
                """
                SELECT m.spent, m.reserved, least(l.user_limit, l.admin_limit) AS limit
                  FROM (SELECT CAST(:user AS uuid) AS user_id) u
                  LEFT JOIN spending_months m ON m.user_id = u.user_id AND m.month = :month
                  LEFT JOIN spending_limits l ON l.user_id = u.user_id
                """
            ),
            {"user": user_id, "month": month},
        )
    ).one()
    return Spending(month, Decimal(found.spent or 0), Decimal(found.reserved or 0), found.limit)


async def reserve(session: AsyncSession, *, user_id: uuid.UUID, jobs: Sequence[Job]) -> Reserved:
    """Reserve the jobs' estimates against the month's limit, in the caller's transaction;
    SpendingLimitExceeded when they do not fit (the caller rolls back: nothing is written)."""
    by_month: dict[date, Decimal] = {}
    for job in jobs:
        month = month_of(job.created_at)
        by_month[month] = by_month.get(month, Decimal(0)) + _estimate(job)
    found: Spending | None = None
    events: list[Event] = []
    for month, estimate in sorted(by_month.items()):
        row = (
            await session.execute(_RESERVE, {"user": user_id, "month": month, "estimate": estimate})
        ).first()
        if row is None:
            now = await state(
                session, user_id=user_id, now=datetime(month.year, month.month, 1, tzinfo=UTC)
            )
            limit = now.limit if now.limit is not None else Decimal(0)
            raise SpendingLimitExceeded(
                f"This needs about {estimate:.2f}, but {now.spent + now.reserved:.2f} of your "
                f"monthly spending limit of {limit:.2f} is spent or reserved.",
                limit=limit,
                spent=now.spent + now.reserved,
                estimate=estimate,
            )
        found = Spending(month, Decimal(row.spent), Decimal(row.reserved), row.limit)
        if found.warning and row.warned_at is None:
            events += await _warn(session, user_id=user_id, spending=found)
    assert found is not None
    return Reserved(found, events)


async def _warn(session: AsyncSession, *, user_id: uuid.UUID, spending: Spending) -> list[Event]:
    """The month's one SPENDING_WARNING (the `warned_at` stamp makes it once per month)."""
    claimed = await session.execute(
        text(
            "UPDATE spending_months SET warned_at = now() "
            "WHERE user_id = :user AND month = :month AND warned_at IS NULL RETURNING month"
        ),
        {"user": user_id, "month": spending.month},
    )
    if claimed.first() is None:
        return []
    event = await notify(
        session,
        user_id=user_id,
        kind=NotificationKind.SPENDING_WARNING,
        title="You are at 80% of your spending limit",
        body=(
            f"{spending.spent + spending.reserved:.2f} of your {spending.limit:.2f} monthly "
            f"limit is spent or reserved for {spending.month:%Y-%m}."
        ),
        coalesce_key=f"spending-warning:{spending.month:%Y-%m}",
    )
    return [event]


def check_limit(amount: Decimal | str | None) -> Decimal | None:
    if amount is None:
        return None
    try:
        value = Decimal(amount)
        finite = value.is_finite()
    except (InvalidOperation, TypeError, ValueError):
        finite = False
    if not finite:
        raise InvalidInput("A spending limit is a finite decimal amount.", field="amount")
    if value < 0 or value > MAX_LIMIT:
        raise InvalidInput(f"A spending limit is 0 to {MAX_LIMIT:,}.", field="amount")
    if value != value.quantize(Decimal("0.01")):
        raise InvalidInput("A spending limit has at most 2 decimal places.", field="amount")
    return value.quantize(Decimal("0.01"))


async def set_limit(
    session: AsyncSession, *, user_id: uuid.UUID, amount: Decimal | None, admin: bool = False
) -> None:
    """The user's own limit (None: none), or an admin's ceiling for them."""
    column = "admin_limit" if admin else "user_limit"
    statement = insert(SpendingLimit).values(user_id=user_id, **{column: amount})
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id"], set_={column: amount, "updated_at": datetime.now(UTC)}
        )
    )


async def limits_of(session: AsyncSession, *, user_id: uuid.UUID) -> SpendingLimit | None:
    return await session.scalar(select(SpendingLimit).where(SpendingLimit.user_id == user_id))
