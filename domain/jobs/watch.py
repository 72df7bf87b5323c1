"""Following jobs and queues live: what a viewer may see of each change.

Events carry ids only (domain/events.py). The process's feeds (feeds/) answer each batch of
them with one read shared by every follower, and here each follower checks that row against its
viewer and filter in memory: a job someone else owns reads exactly like one that does not exist.
Each stream follows its feed before it reads the current state, so no change between the read
and the first event is lost.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator, Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from domain.backends.models import Backend
from domain.db import AsyncSession
from domain.identity.principal import Principal
from domain.jobs import queues
from domain.jobs.feeds import Change, FellBehind, JobFeed, QueueBatch, QueueFeed, Snapshot
from domain.jobs.models import Job, JobStatus
from domain.jobs.reads import JobFilter

__all__ = ["FellBehind", "follow_job", "follow_jobs", "follow_queues", "push_jobs"]


async def follow_job(
    feed: JobFeed, *, job_id: uuid.UUID, viewer: Principal
) -> AsyncGenerator[Change, None]:
    """The job's current state, then its state after each change, ending at a terminal status.

    Ends without a value when the job is missing or not the viewer's, and ends early if that
    becomes true later (deleted, or the viewer lost the right to see it). Changes that came
    together arrive as one, the latest state.
    """
    async with feed.follow(job_id) as changes:
        last: JobStatus | None = None
        async for change in changes:
            row = change.row
            if row is None or not viewer.owns(row.owner_id):
                return
            status = JobStatus(row.status)  # the column holds plain text
            # A transition committed between following and the first read arrives as an event
            # after the read already showed it: don't send the same status twice.
            if status == last and change.kinds <= {"status_changed"}:
                continue
            yield change
            last = status
            if status.terminal:
                return


async def follow_jobs(
    feed: JobFeed,
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    viewer: Principal,
    where: JobFilter,
) -> AsyncGenerator[Change, None]:
    """Every change to a job the viewer may see (all jobs for an admin) that matches `where`.

    No current state first: that would be every matching job. Ends at once, without a value,
    when `where.backend` names no backend.
    """
    async with feed.follow() as changes:
        backend_id: int | None = None
        if where.backend is not None:
            async with sessionmaker() as session:
                backend_id = await session.scalar(
                    select(Backend.id).where(Backend.name == where.backend)
                )
            if backend_id is None:
                return
        async for change in changes:
            row = change.row
            if row is not None and viewer.owns(row.owner_id) and _matches(row, where, backend_id):
                yield change


async def push_jobs(
    feed: JobFeed,
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    viewer: Principal,
    where: JobFilter,
    deliver: Callable[[Change], bool],
) -> None:
    """What `follow_jobs` yields, handed to `deliver` as the feed reads it, in the feed's task.

    Returns when the stream ends (at once when `where.backend` names no backend); raises
    FellBehind once `deliver` answers False (it could not keep up). `deliver` must not block.
    """
    backend_id: int | None = None
    if where.backend is not None:  # looked up first: a backend's id never changes
        async with sessionmaker() as session:
            backend_id = await session.scalar(
                select(Backend.id).where(Backend.name == where.backend)
            )
        if backend_id is None:
            return

    def take(change: Change) -> bool:
        row = change.row
        if row is not None and viewer.owns(row.owner_id) and _matches(row, where, backend_id):
            return deliver(change)
        return True

    async with feed.follow(sink=take) as ends:
        async for _ in ends:  # nothing comes but the end
            pass


async def follow_queues(
    feed: QueueFeed, sessionmaker: async_sessionmaker[AsyncSession], *, backend: str | None
) -> AsyncGenerator[QueueBatch, None]:
    """One backend's queue, or every ONLINE or busy one: the current state first, then each
    batch of changes. Ends at once, without a value, for an unknown backend.

    The feed reads each batch once for every follower; this follower reads for itself only
    when it starts, or when it fell behind and must re-read everything it follows.
    """
    names = [backend] if backend is not None else None
    first = True
    async with feed.follow(backend) as batches:
        async for batch in batches:
            if batch.infos is not None:
                yield batch
                continue
            async with sessionmaker() as session:
                infos = await queues.queue_infos(session, names=names, include_idle=True)
            if first and backend is not None and not infos:
                return  # no such backend: as not found reads
            first = False
            yield QueueBatch(infos, Snapshot())


def _matches(row: Job, where: JobFilter, backend_id: int | None) -> bool:
    """`reads.JobFilter` applied to one row, as `reads.list_jobs` applies it in SQL."""
    if where.statuses and row.status not in where.statuses:
        return False
    if where.tags and not set(where.tags) <= set(row.tags or ()):
        return False
    if where.name_contains and where.name_contains.lower() not in (row.name or "").lower():
        return False
    if where.created_after is not None and row.created_at <= where.created_after:
        return False
    if where.created_before is not None and row.created_at >= where.created_before:
        return False
    if where.owner_id is not None and row.owner_id != where.owner_id:
        return False
    return backend_id is None or row.backend_id == backend_id
