"""arq WorkerSettings: what `qraph worker` runs."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from arq import cron
from arq.connections import RedisSettings

from domain import events
from domain.backends import sync as catalog_sync
from domain.db import make_engine, make_sessionmaker
from domain.providers.registry import default_providers
from qraph.settings import get_settings
from workers.queue import deserialize, redis_settings, serialize

log = logging.getLogger("qraph.worker")


async def startup(ctx: dict[str, Any]) -> None:
    settings = get_settings()
    engine = make_engine(settings.database_url or "", pool_size=settings.db_pool_size)
    ctx["engine"] = engine
    ctx["sessionmaker"] = make_sessionmaker(engine)


async def shutdown(ctx: dict[str, Any]) -> None:
    await ctx["engine"].dispose()


async def sync_backends(ctx: dict[str, Any]) -> dict[str, Any]:
    """Reload the catalog from every provider; safe to run twice (the sync is idempotent)."""
    async with ctx["sessionmaker"]() as session:
        report = await catalog_sync.sync_catalog(session, default_providers())
    for event in report.events():
        await events.publish(ctx["redis"], event)
    log.info(
        "catalog synced",
        extra={"created": report.created, "updated": report.updated, "seconds": report.seconds},
    )
    return {"created": report.created, "updated": report.updated, "retired": report.retired}


class WorkerSettings:
    """Read by `arq`: functions, cron jobs and tuning. The health-check key is the heartbeat."""

    functions: ClassVar[list[Any]] = [sync_backends]
    cron_jobs: ClassVar[list[Any]] = [
        cron(sync_backends, hour={3}, minute={17}, unique=True, timeout=600)  # type: ignore[arg-type]
    ]
    on_startup = startup
    on_shutdown = shutdown
    job_serializer = staticmethod(serialize)
    job_deserializer = staticmethod(deserialize)
    redis_settings: RedisSettings = redis_settings(get_settings().redis_url or "redis://127.0.0.1")
    health_check_interval = get_settings().worker_heartbeat_s
    poll_delay = 0.05
    max_jobs = 20
    job_timeout = 600
    allow_abort_jobs = True
