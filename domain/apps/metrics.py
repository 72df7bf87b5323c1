"""An app's figures for its owner (and admins): runs, distinct users, downloads, rating, and
runs per day over a window. One statement, whatever the window: the totals come from the app
row (kept by triggers and domain.apps.reviews), distinct users from the jobs index on
(app_id, owner_id), and the days from one GROUP BY joined to a generated series of days (days
without runs count 0)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import text

from domain.db import AsyncSession
from domain.errors import InvalidInput

MAX_DAYS = 366

_METRICS = text(
    """
    WITH days AS (
      SELECT d::date AS day FROM generate_series(
        (now() AT TIME ZONE 'UTC')::date - (:days - 1), (now() AT TIME ZONE 'UTC')::date,
        interval '1 day') AS d
    ), runs AS (
      SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n
      FROM jobs
      WHERE app_id = :app_id
        AND created_at >= ((now() AT TIME ZONE 'UTC')::date - (:days - 1)) AT TIME ZONE 'UTC'
      GROUP BY 1
    )
    SELECT a.run_count, a.downloads, a.rating,
      (SELECT count(DISTINCT owner_id) FROM jobs WHERE app_id = :app_id) AS users,
      (SELECT array_agg(coalesce(runs.n, 0) ORDER BY days.day)
       FROM days LEFT JOIN runs ON runs.day = days.day) AS per_day,
      (SELECT min(day) FROM days) AS first_day
    FROM quantum_apps AS a WHERE a.id = :app_id
    """
)


@dataclass(frozen=True, slots=True)
class AppMetrics:
    runs: int  # runs that completed
    distinct_users: int  # users who ran it, in any state
    downloads: int
    average_rating: Decimal | None
    first_day: date
    runs_per_day: list[int]  # runs started on each day from first_day (UTC), oldest first

    def days(self) -> list[tuple[date, int]]:
        from datetime import timedelta

        return [(self.first_day + timedelta(days=i), n) for i, n in enumerate(self.runs_per_day)]


def check_days(days: int) -> int:
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"`days` is from 1 to {MAX_DAYS}.", field="days")
    return days


async def for_app(session: AsyncSession, *, app_id: uuid.UUID, days: int) -> AppMetrics | None:
    row = (await session.execute(_METRICS, {"app_id": app_id, "days": days})).first()
    if row is None:
        return None
    runs, downloads, rating, users, per_day, first_day = row
    return AppMetrics(
        runs=int(runs),
        distinct_users=int(users),
        downloads=int(downloads),
        average_rating=rating,
        first_day=first_day,
        runs_per_day=[int(n) for n in per_day or []],
    )
