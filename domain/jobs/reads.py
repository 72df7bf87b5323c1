"""Reading jobs: one viewer's (an admin's: everyone's), filtered, keyset-paged, and batched."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, any_, bindparam, func, select, true
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import defer

from domain.backends.models import Backend
from domain.db import AsyncSession
from domain.identity.principal import Principal
from domain.jobs.models import Job, JobStatus, JobTransition
from domain.pagination import Page, PageRequest, SortKey, keyset_page

# Columns a read loads only when its caller asks: the circuit source, the counts (JSONB, up to
# one entry per distinct outcome) and the worker's details.
OPTIONAL_COLUMNS: dict[str, Any] = {
    "circuit": Job.circuit,
    "counts": Job.counts,
    "details": Job.details,
}
ALL_COLUMNS = frozenset(OPTIONAL_COLUMNS)


def _loading(columns: frozenset[str]) -> list[Any]:
    """Options that leave out the optional columns not named; reading one of those raises."""
    return [defer(c, raiseload=True) for n, c in OPTIONAL_COLUMNS.items() if n not in columns]


class JobOrderField(StrEnum):
    CREATED_AT = "CREATED_AT"
    SHOTS = "SHOTS"
    QUBITS = "QUBITS"


_COLUMNS: dict[JobOrderField, tuple[Any, type]] = {
    JobOrderField.CREATED_AT: (Job.created_at, datetime),
    JobOrderField.SHOTS: (Job.shots, int),
    JobOrderField.QUBITS: (Job.qubits, int),
}


def job_sort_keys(field: JobOrderField, *, descending: bool) -> list[SortKey]:
    """The keyset: the field, then the id so that equal values still have one order."""
    column, kind = _COLUMNS[field]
    return [SortKey(column, kind, descending), SortKey(Job.id, uuid.UUID, descending)]


@dataclass(frozen=True, slots=True)
class JobFilter:
    statuses: tuple[JobStatus, ...] | None = None
    backend: str | None = None
    tags: tuple[str, ...] | None = None  # jobs carrying every one of these
    created_after: datetime | None = None
    created_before: datetime | None = None
    name_contains: str | None = None
    owner_id: uuid.UUID | None = None  # admins only; others always see their own


def visible_to(principal: Principal) -> ColumnElement[bool]:
    """Jobs the principal may see: their own, or all for an admin."""
    if principal.is_admin:
        return true()
    return Job.owner_id == principal.user_id


def _filtered(stmt: Select[Any], principal: Principal, where: JobFilter) -> Select[Any]:
    clauses: list[ColumnElement[bool]] = [visible_to(principal)]
    if where.owner_id is not None:
        clauses.append(Job.owner_id == where.owner_id)
    if where.statuses:
        clauses.append(Job.status.in_([s.value for s in where.statuses]))
    if where.backend is not None:
        backend_id = select(Backend.id).where(Backend.name == where.backend).scalar_subquery()
        clauses.append(Job.backend_id == backend_id)
    if where.tags:
        clauses.append(Job.tags.contains(list(where.tags)))
    if where.created_after is not None:
        clauses.append(Job.created_at > where.created_after)
    if where.created_before is not None:
        clauses.append(Job.created_at < where.created_before)
    if where.name_contains:
        escaped = where.name_contains.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
        clauses.append(Job.name.ilike(f"%{escaped}%"))
    return stmt.where(and_(*clauses))


async def list_jobs(
    session: AsyncSession,
    *,
    principal: Principal,
    where: JobFilter,
    keys: Sequence[SortKey],
    request: PageRequest,
    size: int,
    columns: frozenset[str] = ALL_COLUMNS,
) -> Page[Job]:
    """One page of the jobs the principal may see, with the optional `columns` named."""
    stmt = _filtered(select(Job).options(*_loading(columns)), principal, where)
    return await keyset_page(session, stmt, keys, request, size=size)


async def count_jobs(session: AsyncSession, *, principal: Principal, where: JobFilter) -> int:
    stmt = _filtered(select(func.count()).select_from(Job), principal, where)
    return int(await session.scalar(stmt) or 0)


async def recent_jobs(
    session: AsyncSession,
    *,
    principal: Principal,
    limit: int,
    columns: frozenset[str] = ALL_COLUMNS,
) -> list[Job]:
    """The newest jobs the principal may see."""
    stmt = (
        select(Job)
        .options(*_loading(columns))
        .where(visible_to(principal))
        .order_by(Job.created_at.desc(), Job.id.desc())
        .limit(limit)
    )
    return list(await session.scalars(stmt))


async def get_many(
    session: AsyncSession, *, ids: Sequence[uuid.UUID], columns: frozenset[str] = ALL_COLUMNS
) -> list[Job | None]:
    """Jobs in the order of `ids`, None where unknown. The caller checks ownership."""
    stmt = select(Job).options(*_loading(columns)).where(Job.id.in_(ids))
    rows = (await session.scalars(stmt)).all()
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]


class StatusChange(NamedTuple):
    """One transition of a job, as its history lists it."""

    status: JobStatus
    at: datetime
    note: str | None


async def history_by_job_ids(
    session: AsyncSession, *, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[StatusChange]]:
    """Each job's transitions, oldest first, in one query.

    Plain tuples, not ORM objects: a page of 50 jobs reads a few hundred of them.
    """
    # `= ANY($1)` with one array parameter: an IN list of 50 would render 50 parameters into
    # the statement on every call.
    job_ids = bindparam("job_ids", list(ids), type_=ARRAY(JobTransition.job_id.type))
    rows = await session.execute(
        select(JobTransition.job_id, JobTransition.status, JobTransition.at, JobTransition.note)
        .where(JobTransition.job_id == any_(job_ids))
        .order_by(JobTransition.job_id, JobTransition.at, JobTransition.id)
    )
    found: dict[uuid.UUID, list[StatusChange]] = defaultdict(list)
    for job_id, status, at, note in rows:
        found[job_id].append(StatusChange(status, at, note))
    return found
