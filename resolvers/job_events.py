"""Jobs and queues over subscriptions: unpack, follow the domain stream, map each row.

A connection's context lives as long as its socket, so every message gets fresh loaders: the
fields under a Job (its backend, its history) must not answer from the first event's cache.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from typing import TYPE_CHECKING, Annotated, TypeVar

import strawberry
from strawberry import relay

from domain.jobs import queues, watch
from domain.jobs.reads import JobFilter as Where
from qraph.context import Context
from qraph.pubsub import SlowConsumer
from resolvers.loaders import Loaders
from schema.job_inputs import JobFilter

if TYPE_CHECKING:
    from schema.job_types import BackendQueue, Job

Info = strawberry.Info[Context, None]
T = TypeVar("T")


async def job_updated(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The job's ID.")],
) -> AsyncGenerator[Job, None]:
    from schema.job_types import Job

    job_id = _job_uuid(id)
    if job_id is None:
        return
    services = info.context.services
    rows = watch.follow_job(
        services.events, services.sessionmaker, job_id=job_id, viewer=info.context.principal
    )
    async for row in _until_behind(rows):
        info.context.loaders = Loaders(services.sessionmaker)
        yield Job.from_model(row)


async def job_updates(
    info: Info,
    filter: Annotated[
        JobFilter | None, strawberry.argument(description="Only jobs that match; all if omitted.")
    ] = None,
) -> AsyncGenerator[Job, None]:
    from schema.job_types import Job

    services = info.context.services
    where = _to_filter(filter, info.context.principal.is_admin)
    rows = watch.follow_jobs(
        services.events, services.sessionmaker, viewer=info.context.principal, where=where
    )
    async for row in _until_behind(rows):
        info.context.loaders = Loaders(services.sessionmaker)
        yield Job.from_model(row)


async def queue_updated(
    info: Info,
    backend: Annotated[
        str | None, strawberry.argument(description="One backend's queue; omit to follow all.")
    ] = None,
) -> AsyncGenerator[BackendQueue, None]:
    from schema.job_types import BackendQueue

    services = info.context.services
    changes = watch.queue_changes(services.events, backend=backend, lagged=SlowConsumer)
    async with aclosing(changes):
        async for changed in changes:
            # None: everything followed (the current state first, or a re-read after a drop)
            names: list[str] | None = [backend] if backend is not None else None
            if names is None and changed is not None:
                names = sorted(changed)
            async with services.sessionmaker() as session:
                found = await queues.queue_infos(session, names=names, include_idle=True)
            if backend is not None and not found:
                return  # no such backend: complete without a value, as not found reads
            for queue in found:
                yield BackendQueue.from_info(queue)


async def _until_behind(rows: AsyncGenerator[T, None]) -> AsyncIterator[T]:
    """The rows, closed with the stream; falling behind becomes an error the client can read."""
    async with aclosing(rows):
        try:
            async for row in rows:
                yield row
        except SlowConsumer as error:
            raise watch.FellBehind() from error


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
