"""Jobs and queues over subscriptions: unpack, follow the domain stream, map each change.

The process's feeds read each batch of changes once for every subscriber (domain/jobs/feeds/),
and what is built from that read is shared too, through the read's snapshot: the API object for
a row, the loaders its fields use, and the result of executing a selection on it
(resolvers/shared_events.py). A connection's context lives as long as its socket, so
the loaders are set per message: the fields under a Job (its backend, its history) must not
answer from the first event's cache, nor read once per subscriber. Loaders hold no viewer: every
field authorises against `info.context.principal` itself.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from typing import TYPE_CHECKING, Annotated, TypeVar

import strawberry
from strawberry import relay

from domain.jobs import watch
from domain.jobs.feeds import Change, Snapshot
from domain.jobs.reads import JobFilter as Where
from qraph.context import Context
from resolvers.loaders import Loaders
from resolvers.shared_events import closing_outbox, delivered, pushing
from schema.jobs.inputs import JobFilter

if TYPE_CHECKING:
    from schema.jobs.types import BackendQueue, Job

Info = strawberry.Info[Context, None]
T = TypeVar("T")


async def job_updated(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The job's ID.")],
) -> AsyncGenerator[Job, None]:
    job_id = _job_uuid(id)
    if job_id is None:
        return
    services = info.context.services
    changes = watch.follow_job(services.job_feed, job_id=job_id, viewer=info.context.principal)
    async with aclosing(delivered(_jobs(info, changes))) as jobs:
        async for job in jobs:
            yield job


async def job_updates(
    info: Info,
    filter: Annotated[
        JobFilter | None, strawberry.argument(description="Only jobs that match; all if omitted.")
    ] = None,
) -> AsyncGenerator[Job, None]:
    services = info.context.services
    viewer = info.context.principal
    where = _to_filter(filter, viewer.is_admin)
    push = pushing(functools.partial(_share_loaders, info))
    if push is None:
        changes = watch.follow_jobs(
            services.job_feed, services.sessionmaker, viewer=viewer, where=where
        )
        async with aclosing(delivered(_jobs(info, changes))) as jobs:
            async for job in jobs:
                yield job
        return

    def deliver(change: Change) -> bool:  # in the feed's task, as it reads the change
        job, results = change.snapshot.memo(change.job_id, _shared_job, change)
        return push(job, results, change.snapshot)

    try:
        await watch.push_jobs(
            services.job_feed, services.sessionmaker, viewer=viewer, where=where, deliver=deliver
        )
    finally:
        closing_outbox()  # nothing more after the stream's end (or its error) is sent


async def queue_updated(
    info: Info,
    backend: Annotated[
        str | None, strawberry.argument(description="One backend's queue; omit to follow all.")
    ] = None,
) -> AsyncGenerator[BackendQueue, None]:
    from schema.jobs.types import BackendQueue

    services = info.context.services
    batches = watch.follow_queues(services.queue_feed, services.sessionmaker, backend=backend)

    async def queues() -> AsyncGenerator[tuple[BackendQueue, dict[object, object]], None]:
        async for batch in _closing(batches):
            assert batch.infos is not None  # follow_queues answers re-read markers itself
            _share_loaders(info, batch.snapshot)
            for queue in batch.infos:
                make = functools.partial(BackendQueue.from_info, queue)
                payload = batch.snapshot.memo(("queue", queue.backend.name), make)
                yield payload, _results(batch.snapshot, queue.backend.name)

    async with aclosing(delivered(queues())) as payloads:
        async for payload in payloads:
            yield payload


async def _jobs(
    info: Info, changes: AsyncGenerator[Change, None]
) -> AsyncGenerator[tuple[Job, dict[object, object]], None]:
    """Each change's Job, with where the executions on it keep their results."""
    async for change in _closing(changes):
        yield _job(info, change), _results(change.snapshot, change.job_id)


def _shared_job(change: Change) -> tuple[Job, dict[object, object]]:
    """The change's Job and where the renderings of it are kept, once per read (no loaders:
    `pushing` sets them on the context of whoever renders it)."""
    from schema.jobs.types import Job

    assert change.row is not None
    job = change.snapshot.memo(("job", change.job_id), Job.from_model, change.row)
    return job, _results(change.snapshot, change.job_id)


def _job(info: Info, change: Change) -> Job:
    """The change's Job, built once per read for every subscriber it reaches."""
    from schema.jobs.types import Job

    assert change.row is not None  # the domain stream ends instead
    _share_loaders(info, change.snapshot)
    return change.snapshot.memo(
        ("job", change.job_id), functools.partial(Job.from_model, change.row)
    )


def _results(snapshot: Snapshot, key: object) -> dict[object, object]:
    """Where executions on one payload of this read keep their results (schema/subscription)."""
    return snapshot.memo(("results", key), dict)


def _share_loaders(info: Info, snapshot: Snapshot) -> None:
    sessionmaker = info.context.services.sessionmaker
    info.context.loaders = snapshot.memo("loaders", functools.partial(Loaders, sessionmaker))


async def _closing(rows: AsyncGenerator[T, None]) -> AsyncIterator[T]:
    """The domain stream, closed with the subscription (FellBehind reaches the client)."""
    async with aclosing(rows):
        async for row in rows:
            yield row


def _job_uuid(raw: str) -> uuid.UUID | None:
    """The job's UUID from its global ID (or a bare UUID); None for anything else."""
    try:
        global_id = relay.GlobalID.from_id(raw)
    except (relay.GlobalIDValueError, ValueError):
        key = raw
    else:
        if global_id.type_name != "Job":
            return None
        key = global_id.node_id
    try:
        return uuid.UUID(key)
    except ValueError:
        return None


def _to_filter(given: JobFilter | None, admin: bool) -> Where:
    return given.to_domain(admin=admin) if given is not None else Where()
