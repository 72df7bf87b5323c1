"""The rows every analytics view groups: the rollup's complete hours plus the current hour.

`facts(principal, window)` is a subquery with the rollup's columns: its rows for the window's
complete hours (read by the rollup's (hour, ...) or (owner_id, hour) index), and, when the window
reaches into the current hour, that hour's finished jobs summed the same way, read from `jobs` by
`ix_jobs_finished`. A view never scans `jobs`. A non-admin sees only their own rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, select, true, union_all
from sqlalchemy.sql import ColumnElement, Subquery

from domain.analytics import rollups
from domain.analytics.models import JobRollupHourly
from domain.analytics.window import Window
from domain.identity.principal import Principal
from domain.jobs.models import TERMINAL, Job

# In the order `rollups.grouped` selects them, so the two halves of the UNION line up.
COLUMNS = tuple(
    c.name for c in rollups.grouped(select(Job).subquery(), rollups.Grain.OWNER).selected_columns
)


def _everyone(principal: Principal | None) -> bool:
    return principal is None or principal.is_admin


def _own_rollup(principal: Principal | None, per_user: bool) -> ColumnElement[bool]:
    if not _everyone(principal):
        assert principal is not None
        return JobRollupHourly.owner_id == principal.user_id
    if per_user:
        return JobRollupHourly.owner_id.is_not(None)
    return JobRollupHourly.owner_id.is_(None)  # the all-users rows


def _own_jobs(principal: Principal | None) -> ColumnElement[bool]:
    if principal is None or principal.is_admin:
        return true()
    return Job.owner_id == principal.user_id


def facts(
    principal: Principal | None,
    window: Window,
    *,
    now: datetime | None = None,
    per_user: bool = False,
) -> Subquery:
    """The rows `principal` may count (None: everyone's, for a backend's own figures).

    For everyone's jobs, the all-users rows (one per hour, backend, app and status), unless
    `per_user` asks for a row per user (user activity).
    """
    current = rollups.current_hour(now)
    complete_end = min(window.end, current)
    stored = select(*(getattr(JobRollupHourly, name) for name in COLUMNS)).where(
        _own_rollup(principal, per_user),
        JobRollupHourly.hour >= window.start,
        JobRollupHourly.hour < complete_end,
    )
    if window.end <= current:
        return stored.subquery("facts")
    live_jobs = (
        select(Job)
        .where(
            _own_jobs(principal),
            Job.finished_at >= max(current, window.start),
            Job.finished_at < window.end,
            Job.status.in_([s.value for s in TERMINAL]),
        )
        .subquery("live_jobs")
    )
    grain = rollups.Grain.ALL if _everyone(principal) and not per_user else rollups.Grain.OWNER
    live = rollups.grouped(live_jobs, grain)
    return union_all(stored, live).subquery("facts")


def active_jobs(principal: Principal | None) -> ColumnElement[bool]:
    """QUEUED and RUNNING jobs the viewer may count (read by the active-queue partial index)."""
    return and_(_own_jobs(principal), Job.status.in_(["QUEUED", "RUNNING"]))
