"""Keeping `job_rollups_hourly` right: counted as jobs finish, repaired from `jobs` by a cron.

Incremental, and idempotent by construction: a job is added to its hour's row by the same
statement (or transaction) as the conditional transition that made it final. Only one caller
wins that transition (domain.jobs.transitions), so a redelivered job, a retried record or a
racing cancel, which all lose it, never add it twice.

- `counted(statement, done)`: the worker's batch record (domain.jobs.batch_transitions) adds a
  data-modifying CTE over the jobs its UPDATE returned: no extra statement on the job path;
- `count_finished(session, job_id)`: one statement after a single transition to a final status
  (a cancel, the reconciler failing a job), in that transition's transaction;
- `repair(sessionmaker, hours)`: recomputes each of the last `hours` complete hours from `jobs`,
  one transaction per hour, replacing that hour's rows, so what a crash between a commit and
  nothing else, a deleted job, or a bug left wrong is put right. Running it twice changes
  nothing. It locks the rollup table (SHARE ROW EXCLUSIVE) for the hour's short transaction:
  writers of increments wait, so an increment is never lost under the replacement nor counted
  twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, null, select, text, tuple_
from sqlalchemy.dialects.postgresql import UUID, insert

from domain.analytics import figures
from domain.analytics.models import JobRollupHourly
from domain.jobs.models import TERMINAL, Job

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
    from sqlalchemy.sql import Select

KEY = ("hour", "backend_id", "owner_id", "app_id", "status")
SUMMED: tuple[str, ...] = ("jobs", "shots", "cost", "wait_ms_sum", "wait_count")
SUMMED += ("execution_ms_sum", "execution_count", "fidelity_sum", "fidelity_count")
MAXED = ("wait_ms_max", "execution_ms_max")
HISTOGRAMS = ("wait_hist", "execution_hist")

# What `counted` needs the batch UPDATE to return beside the job's id and status.
RETURNED = (
    Job.owner_id,
    Job.backend_id,
    Job.app_id,
    Job.shots,
    Job.created_at,
    Job.started_at,
    Job.finished_at,
    Job.execution_ms,
    Job.actual_cost,
    Job.fidelity,
)


class Grain(Enum):
    """Which rows a grouping makes: per owner, for all users (owner_id NULL), or both."""

    OWNER = "owner"
    ALL = "all"
    BOTH = "both"


def grouped(source: Any, grain: Grain = Grain.BOTH) -> Select[Any]:
    """Jobs of `source` (columns named as `jobs`') summed per rollup key, in rollup columns.

    The rollup keeps two grains: a row per owner (a user's own analytics) and a row for all
    users with owner_id NULL (admins, backend KPIs, the dashboard), so a view over everyone's
    jobs reads rows per backend, app and status, not per user. Writes make both at once
    (GROUPING SETS); reads of the current hour make the one they need.
    """
    j = select(*figures.per_job(source.c)).subquery("job")
    rest = [j.c.backend_id, j.c.app_id, j.c.status]
    sums = [value.label(name) for name, value in figures.group_figures(j.c).items()]
    if grain is Grain.ALL:
        owner = null().cast(UUID(as_uuid=True)).label("owner_id")
        keys = [j.c.hour, j.c.backend_id, owner, j.c.app_id, j.c.status]
        return select(*keys, *sums).group_by(j.c.hour, *rest)
    keys = [j.c.hour, j.c.backend_id, j.c.owner_id, j.c.app_id, j.c.status]
    if grain is Grain.OWNER:
        return select(*keys, *sums).group_by(*keys)
    sets = func.grouping_sets(tuple_(*keys), tuple_(j.c.hour, *rest))
    # In key order: concurrent writers lock the rows they add to in one order, never deadlock.
    order = [c.asc().nulls_first() for c in keys]
    return select(*keys, *sums).group_by(sets).order_by(*order)


def _upsert(rows: Select[Any]) -> Any:
    columns = [c.name for c in rows.selected_columns]
    statement = insert(JobRollupHourly).from_select(columns, rows)
    mine, theirs = JobRollupHourly, statement.excluded
    changes: dict[str, Any] = {name: getattr(mine, name) + theirs[name] for name in SUMMED}
    changes.update({name: func.greatest(getattr(mine, name), theirs[name]) for name in MAXED})
    changes.update(
        {name: figures.added_histograms(getattr(mine, name), theirs[name]) for name in HISTOGRAMS}
    )
    return statement.on_conflict_do_update(index_elements=list(KEY), set_=changes)


def counted(statement: Select[Any], done: Any) -> Select[Any]:
    """`statement` that also adds the final jobs `done` (an UPDATE ... RETURNING CTE) to the
    rollup: a data-modifying CTE, executed with the statement whether or not it is read."""
    final = (
        select(done)
        .where(done.c.status.in_([s.value for s in TERMINAL]), done.c.finished_at.is_not(None))
        .subquery()
    )
    return statement.add_cte(_upsert(grouped(final)).cte("rollup"))


async def count_finished(session: AsyncSession, job_id: uuid.UUID) -> None:
    """Add one job that this transaction just made final to its hour's row."""
    # A final job without `finished_at` has no hour: left out here, as the repair leaves it out.
    one = select(Job).where(
        Job.id == job_id,
        Job.status.in_([s.value for s in TERMINAL]),
        Job.finished_at.is_not(None),
    )
    await session.execute(_upsert(grouped(one.subquery())))


@dataclass(frozen=True, slots=True)
class Repaired:
    hours: int
    rows: int


def current_hour(now: datetime | None = None) -> datetime:
    now = now or datetime.now(UTC)
    return now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


async def repair_hour(session: AsyncSession, hour: datetime) -> int:
    """Replace one hour's rows with the sums recomputed from `jobs`; the rows written."""
    await session.execute(text("LOCK TABLE job_rollups_hourly IN SHARE ROW EXCLUSIVE MODE"))
    await session.execute(delete(JobRollupHourly).where(JobRollupHourly.hour == hour))
    jobs = (
        select(Job)
        .where(
            Job.finished_at >= hour,
            Job.finished_at < hour + timedelta(hours=1),
            Job.status.in_([s.value for s in TERMINAL]),
        )
        .subquery()
    )
    rows = grouped(jobs)
    columns = [c.name for c in rows.selected_columns]
    result = await session.execute(insert(JobRollupHourly).from_select(columns, rows))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def repair(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    hours: int,
    now: datetime | None = None,
    include_current: bool = False,
) -> Repaired:
    """Recompute the last `hours` complete hours (and the current one, when asked)."""
    latest = current_hour(now)
    first = latest - timedelta(hours=hours)
    last = latest if include_current else latest - timedelta(hours=1)
    written = repaired = 0
    hour = first
    while hour <= last:
        async with sessionmaker() as session, session.begin():
            written += await repair_hour(session, hour)
        repaired += 1
        hour += timedelta(hours=1)
    return Repaired(hours=repaired, rows=written)


async def rebuild(sessionmaker: async_sessionmaker[AsyncSession]) -> Repaired:
    """Every row from scratch, in one transaction (after a bulk load: scripts/seed_jobs.py)."""
    async with sessionmaker() as session, session.begin():
        await session.execute(text("LOCK TABLE job_rollups_hourly IN SHARE ROW EXCLUSIVE MODE"))
        await session.execute(delete(JobRollupHourly))
        final = (
            select(Job)
            .where(Job.finished_at.is_not(None), Job.status.in_([s.value for s in TERMINAL]))
            .subquery()
        )
        rows = grouped(final)
        columns = [c.name for c in rows.selected_columns]
        await session.execute(insert(JobRollupHourly).from_select(columns, rows))
        hours = await session.scalar(select(func.count(func.distinct(JobRollupHourly.hour))))
        written = await session.scalar(select(func.count()).select_from(JobRollupHourly))
    return Repaired(hours=int(hours or 0), rows=int(written or 0))
