"""Following jobs and queues live: what a viewer may see of each event, and a queue coalescer.

Events carry ids only (domain/events.py), so every one is answered by re-reading the row in a
fresh session and checking it against the viewer again: a job someone else owns reads exactly
like one that does not exist. Each stream subscribes before it reads the current state, so no
change between the read and the first event is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from domain.backends.models import Backend
from domain.db import AsyncSession
from domain.errors import DomainError
from domain.events import Event, channel
from domain.identity.principal import Principal
from domain.jobs.models import Job, JobStatus
from domain.jobs.reads import JobFilter

# At most one queue message per backend per this many seconds, however busy the queue is.
QUEUE_INTERVAL_S = 0.25


class FellBehind(DomainError):
    """The viewer's stream could not keep up and was dropped; subscribe again and re-read."""

    code = "FELL_BEHIND"

    def __init__(self) -> None:
        super().__init__(
            "This subscription fell too far behind the live events and was ended; "
            "subscribe again, and re-read what you follow."
        )


class EventSource(Protocol):
    """The process's event hub (qraph.pubsub.EventHub)."""

    def subscribe(self, channel: str) -> AbstractAsyncContextManager[AsyncIterator[Event]]: ...


async def get_visible(session: AsyncSession, *, job_id: uuid.UUID, viewer: Principal) -> Job | None:
    """The job if the viewer may see it (its owner, or an admin); None reads as not found."""
    row = await session.get(Job, job_id)
    return row if row is not None and viewer.owns(row.owner_id) else None


async def follow_job(
    source: EventSource,
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    job_id: uuid.UUID,
    viewer: Principal,
) -> AsyncGenerator[Job, None]:
    """The job's current state, then its state after each change, ending at a terminal status.

    Ends without a value when the job is missing or not the viewer's, and ends early if that
    becomes true later (deleted, or the viewer lost the right to see it).
    """
    async with source.subscribe(channel("job", str(job_id))) as stream:
        async with sessionmaker() as session:
            row = await get_visible(session, job_id=job_id, viewer=viewer)
        if row is None:
            return
        yield row
        last = JobStatus(row.status)  # the column holds plain text
        if last.terminal:
            return
        async for event in stream:
            async with sessionmaker() as session:
                row = await get_visible(session, job_id=job_id, viewer=viewer)
            if row is None:
                return
            # A transition committed between subscribing and the first read arrives as an event
            # after the read already showed it: don't send the same status twice.
            if event.kind == "status_changed" and row.status == last:
                continue
            yield row
            last = JobStatus(row.status)
            if last.terminal:
                return


async def follow_jobs(
    source: EventSource,
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    viewer: Principal,
    where: JobFilter,
) -> AsyncGenerator[Job, None]:
    """Every change to a job the viewer may see (all jobs for an admin) that matches `where`.

    No current state first: that would be every matching job. Ends at once, without a value,
    when `where.backend` names no backend.
    """
    async with source.subscribe(channel("job")) as stream:
        backend_id: int | None = None
        if where.backend is not None:
            async with sessionmaker() as session:
                backend_id = await session.scalar(
                    select(Backend.id).where(Backend.name == where.backend)
                )
            if backend_id is None:
                return
        async for event in stream:
            try:
                job_id = uuid.UUID(event.key)
            except ValueError:
                continue
            async with sessionmaker() as session:
                row = await get_visible(session, job_id=job_id, viewer=viewer)
            if row is not None and _matches(row, where, backend_id):
                yield row


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


async def queue_changes(
    source: EventSource,
    *,
    backend: str | None,
    lagged: type[BaseException],
    interval_s: float = QUEUE_INTERVAL_S,
) -> AsyncGenerator[frozenset[str] | None, None]:
    """Which backends' queues changed, in batches at most one per `interval_s`.

    First None, once subscribed: "read everything you follow now". Then each batch names the
    backends with at least one queue event since the last batch. A burst of events therefore
    becomes a batch at its start and one at its end, and because the reader re-reads the state
    after taking the batch, the last message reflects the final state.

    Losing events is harmless here, since only "something changed" matters: when the source
    drops this subscriber for falling behind (`lagged`), it subscribes again and yields None.
    """
    dirty: set[str] = set()
    everything = False
    wake = asyncio.Event()

    async def pump() -> None:
        nonlocal everything
        try:
            while True:
                try:
                    async with source.subscribe(channel("queue", backend)) as stream:
                        wake.set()  # the first batch (None), or a re-read after a drop
                        async for event in stream:
                            dirty.add(event.key)
                            wake.set()
                    return  # the source closed (shutdown)
                except lagged:
                    everything = True
        finally:
            wake.set()  # so the reader sees the end instead of waiting for it

    task = asyncio.create_task(pump(), name="qraph-queue-changes")
    try:
        everything = True
        while True:
            await wake.wait()
            wake.clear()
            if task.done():
                task.result()  # re-raises what ended it, if anything
                return
            if not (everything or dirty):
                continue
            batch: frozenset[str] | None = None if everything else frozenset(dirty)
            everything = False
            dirty.clear()
            yield batch
            await asyncio.sleep(interval_s)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
