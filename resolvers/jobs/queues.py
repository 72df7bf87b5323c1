"""Resolvers for queues: counts and estimated waits per backend, never job details."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.errors import InvalidInput
from domain.jobs import queues as queues_service
from qraph.context import Context

if TYPE_CHECKING:
    from schema.jobs.types import BackendQueue, QueueSummary

Info = strawberry.Info[Context, None]
Count = Annotated[int, strawberry.argument(description="How many backends, 1 to 100.")]


async def _infos(
    info: Info, *, names: list[str] | None = None, include_idle: bool = False
) -> list[queues_service.QueueInfo]:
    async with info.context.session() as session:
        return await queues_service.queue_infos(session, names=names, include_idle=include_idle)


async def queues(
    info: Info,
    include_idle: Annotated[
        bool, strawberry.argument(description="Also list ONLINE backends with no active job.")
    ] = False,
) -> list[BackendQueue]:
    from schema.jobs.types import BackendQueue

    return [BackendQueue.from_info(q) for q in await _infos(info, include_idle=include_idle)]


async def queue(
    info: Info, backend: Annotated[str, strawberry.argument(description="The backend's name.")]
) -> BackendQueue | None:
    from schema.jobs.types import BackendQueue

    found = await _infos(info, names=[backend])
    return BackendQueue.from_info(found[0]) if found else None


async def queue_summary(info: Info) -> QueueSummary:
    from schema.jobs.types import QueueSummary

    found = await _infos(info)
    return QueueSummary(
        queued=sum(q.queued for q in found),
        running=sum(q.running for q in found),
        busy_backends=len(found),
        longest_estimated_wait=max((q.estimated_wait_p50_s for q in found), default=0.0),
    )


def _check(n: int) -> None:
    if not 1 <= n <= 100:
        raise InvalidInput("`n` must be between 1 and 100.", field="n")


async def longest_wait(info: Info, n: Count = 5) -> list[BackendQueue]:
    from schema.jobs.types import BackendQueue

    _check(n)
    found = sorted(await _infos(info), key=lambda q: (-q.estimated_wait_p50_s, q.backend.name))
    return [BackendQueue.from_info(q) for q in found[:n]]


async def shortest_wait(info: Info, n: Count = 5) -> list[BackendQueue]:
    from schema.jobs.types import BackendQueue

    _check(n)
    found = [q for q in await _infos(info, include_idle=True) if q.backend.status == "ONLINE"]
    found.sort(key=lambda q: (q.estimated_wait_p50_s, q.backend.name))
    return [BackendQueue.from_info(q) for q in found[:n]]
