"""`systemStatus`: the graph's view of the service (the HTTP `/health` stays the probes').

Two SQL statements (the active jobs, read by the active-queue partial index, which also proves
the database answers; and the catalog's providers) and a few Redis calls (a ping, the workers'
liveness keys, arq's queue length). Each dependency is checked with a time limit and reported,
never raised: without Redis the answer says so, and the database figures still come.

Provider reachability: until providers report their own (the providers work), a provider is
reachable when any of its backends is ONLINE in the catalog.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from domain.backends.models import Backend
from domain.db import AsyncSession
from domain.jobs.models import Job, JobStatus
from domain.jobs.reconciler import WORKER_PREFIX

log = logging.getLogger("qraph.analytics.system_status")

CHECK_TIMEOUT_S = 2.0
MAX_WORKERS_COUNTED = 1000
ARQ_QUEUE = "arq:queue"


@dataclass(frozen=True, slots=True)
class ProviderReachability:
    provider: str
    backends: int
    online: int

    @property
    def reachable(self) -> bool:
        return self.online > 0


@dataclass(frozen=True, slots=True)
class SystemStatus:
    database: bool
    redis: bool
    workers_alive: int | None  # None: Redis could not say
    queued: int
    running: int
    oldest_queued_at: datetime | None
    delivery_queue_depth: int | None  # arq's queue in Redis; None without Redis
    providers: list[ProviderReachability]
    checked_at: datetime

    @property
    def oldest_queued_age_s(self) -> float | None:
        if self.oldest_queued_at is None:
            return None
        return max((self.checked_at - self.oldest_queued_at).total_seconds(), 0.0)

    @property
    def status(self) -> str:
        """OK; DEGRADED (no live worker, or Redis lost: slower, still correct); DOWN (no DB)."""
        if not self.database:
            return "DOWN"
        if not self.redis or not self.workers_alive:
            return "DEGRADED"
        return "OK"


async def _workers(redis: Any) -> int:
    alive = 0
    async for _ in redis.scan_iter(match=WORKER_PREFIX + "*", count=200):
        alive += 1
        if alive >= MAX_WORKERS_COUNTED:
            break
    return alive


async def _redis(redis: Any) -> tuple[bool, int | None, int | None]:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            await redis.ping()
            workers = await _workers(redis)
            depth = int(await redis.zcard(ARQ_QUEUE))
    except Exception as error:  # an unreachable Redis is an answer
        log.warning("systemStatus: Redis check failed", extra={"error": repr(error)})
        return False, None, None
    return True, workers, depth


async def _database(session: AsyncSession) -> tuple[bool, int, int, datetime | None, list[Any]]:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            queued = Job.status == JobStatus.QUEUED
            row = (
                await session.execute(
                    select(
                        func.count().filter(queued),
                        func.count().filter(Job.status == JobStatus.RUNNING),
                        func.min(Job.created_at).filter(queued),
                    ).where(Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]))
                )
            ).one()
            providers = (
                await session.execute(
                    select(
                        Backend.provider,
                        func.count(),
                        func.count().filter(Backend.status == "ONLINE"),
                    )
                    .group_by(Backend.provider)
                    .order_by(Backend.provider)
                )
            ).all()
    except Exception as error:
        log.warning("systemStatus: database check failed", extra={"error": repr(error)})
        return False, 0, 0, None, []
    return True, int(row[0]), int(row[1]), row[2], list(providers)


async def system_status(session: AsyncSession, redis: Any) -> SystemStatus:
    (database, queued, running, oldest, providers), (up, workers, depth) = await asyncio.gather(
        _database(session), _redis(redis)
    )
    return SystemStatus(
        database=database,
        redis=up,
        workers_alive=workers,
        queued=queued,
        running=running,
        oldest_queued_at=oldest,
        delivery_queue_depth=depth,
        providers=[ProviderReachability(p, int(n), int(o)) for p, n, o in providers],
        checked_at=datetime.now(UTC),
    )
