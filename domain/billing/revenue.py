"""A developer's revenue from one app over one calendar month (UTC).

Gross is what buyers were charged for the app in the month: the per-run prices of its
completed runs (usage records' `app_charge`, dated by completion) and its subscriptions' flat
fees (subscription charges, dated by charge). The platform keeps `platform_fee` of the gross
(a setting, 20% by default), rounded once to the cent, half up; the developer's net is the
rest, so gross = fee + net exactly. Runs are the app's charged runs in the month; subscribers
the distinct users whose subscription was live at some moment of it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import text

from domain.apps.models import QuantumApp
from domain.billing.periods import add_months
from domain.db import AsyncSession
from domain.errors import InvalidInput, NotFound
from domain.identity.principal import Principal

CENT = Decimal("0.01")
MONTH = re.compile(r"(\d{4})-(\d{2})")

_REVENUE = text(
    """
    SELECT
      (SELECT coalesce(sum(app_charge), 0) FROM usage_records
        WHERE app_id = :app AND recorded_at >= :start AND recorded_at < :end) AS runs_gross,
      (SELECT count(*) FROM usage_records
        WHERE app_id = :app AND recorded_at >= :start AND recorded_at < :end) AS runs,
      (SELECT coalesce(sum(amount), 0) FROM subscription_charges
        WHERE app_id = :app AND charged_at >= :start AND charged_at < :end) AS fees_gross,
      (SELECT count(DISTINCT user_id) FROM plan_subscriptions
        WHERE app_id = :app AND created_at < :end
          AND (expired_at IS NULL OR expired_at > :start)) AS subscribers,
      (SELECT currency FROM marketplace_listings WHERE app_id = :app) AS currency
    """
)


@dataclass(frozen=True, slots=True)
class Revenue:
    app_id: uuid.UUID
    period_start: datetime
    period_end: datetime
    currency: str
    gross: Decimal
    platform_fee: Decimal
    net: Decimal
    runs: int
    subscribers: int


def month_bounds(period: str | None, now: datetime | None = None) -> tuple[datetime, datetime]:
    """`YYYY-MM` (or the current month) as [start, end) in UTC."""
    if period is None:
        now = (now or datetime.now(UTC)).astimezone(UTC)
        start = datetime(now.year, now.month, 1, tzinfo=UTC)
    else:
        found = MONTH.fullmatch(period.strip()[:16])
        if (
            found is None
            or not 1 <= int(found.group(2)) <= 12
            or not 1970 <= int(found.group(1)) <= 9998  # the next month is still a date
        ):
            raise InvalidInput("A period is a month written YYYY-MM, e.g. 2026-12.", field="period")
        start = datetime(int(found.group(1)), int(found.group(2)), 1, tzinfo=UTC)
    return start, add_months(start, 1)


async def of_app(
    session: AsyncSession,
    *,
    principal: Principal,
    app_id: uuid.UUID,
    period: str | None,
    fee_share: Decimal,
) -> Revenue:
    """The app's revenue for the month; NotFound unless the caller owns the app (or is admin)."""
    start, end = month_bounds(period)
    app = await session.get(QuantumApp, app_id)
    if app is None or not principal.owns(app.owner_id):
        raise NotFound("No such app.")
    return await compute(session, app_id=app_id, start=start, end=end, fee_share=fee_share)


async def compute(
    session: AsyncSession, *, app_id: uuid.UUID, start: datetime, end: datetime, fee_share: Decimal
) -> Revenue:
    row = (await session.execute(_REVENUE, {"app": app_id, "start": start, "end": end})).one()
    gross = (Decimal(row.runs_gross) + Decimal(row.fees_gross)).quantize(CENT, ROUND_HALF_UP)
    fee = (gross * fee_share).quantize(CENT, ROUND_HALF_UP)
    return Revenue(
        app_id=app_id,
        period_start=start,
        period_end=end,
        currency=row.currency or "USD",
        gross=gross,
        platform_fee=fee,
        net=gross - fee,
        runs=int(row.runs),
        subscribers=int(row.subscribers),
    )
