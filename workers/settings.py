"""arq WorkerSettings: what `qraph worker` runs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from typing import Any, ClassVar

from arq import cron
from arq.connections import RedisSettings
from arq.worker import func, get_kwargs

from domain import events
from domain.backends import sync as catalog_sync
from domain.db import IDLE_PING_S, make_engine, make_sessionmaker
from domain.execution.pool import SimulationPool, default_size
from domain.jobs.execution import HeavyLane
from domain.providers.breaker import Breaker
from domain.providers.registry import default_providers
from qraph import tracing
from qraph.settings import get_settings
from workers import (
    analytics,
    billing,
    bills,
    experiments,
    ibm_accounts,
    jobs,
    providers,
    reconciler,
)
from workers.cancels import CancelWatch
from workers.publishing import EventPipeline
from workers.queue import deserialize, redis_settings, serialize
from workers.wakeup import WakefulWorker

log = logging.getLogger("qraph.worker")


async def startup(ctx: dict[str, Any]) -> None:
    settings = get_settings()
    # Claims and records are one short statement each: no pre-ping before every one of them.
    engine = make_engine(
        settings.database_url or "", pool_size=settings.db_pool_size, ping_after_idle_s=IDLE_PING_S
    )
    tracing.configure("qraph-worker")  # off unless OTEL_EXPORTER_OTLP_ENDPOINT is set
    tracing.instrument_engine(engine)
    ctx["engine"] = engine
    ctx["sessionmaker"] = make_sessionmaker(engine)
    ctx["worker_id"] = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    ctx["keep_alive"] = asyncio.create_task(
        reconciler.keep_alive(ctx["redis"], ctx["worker_id"], settings.worker_heartbeat_s)
    )
    # Simulations run in these processes, never here; warm before the first job is taken.
    pool = SimulationPool(
        default_size(settings.simulation_processes),
        memory_limit_mb=settings.job_memory_limit_mb,
    )
    ctx["pool"] = pool
    await pool.start()
    ctx["job_time_limit_s"] = settings.job_time_limit_s
    ctx["batcher"] = jobs.Batcher(pool, ctx["sessionmaker"], time_limit_s=settings.job_time_limit_s)
    ctx["heavy_lane"] = HeavyLane(settings.heavy_job_seconds, settings.max_heavy_jobs_per_user)
    ctx["claimer"] = jobs.Claimer(ctx["sessionmaker"], ctx["worker_id"], heavy=ctx["heavy_lane"])
    ctx["cancels"] = CancelWatch(ctx["sessionmaker"], ctx["worker_id"])
    ctx["event_pipeline"] = EventPipeline(ctx["redis"])
    ctx["provider_breaker"] = Breaker(settings.breaker_failures, settings.breaker_open_s)
    ctx["remote_batcher"] = providers.RemoteBatcher(
        ctx["sessionmaker"],
        window_s=settings.provider_batch_window_s,
        max_size=settings.provider_batch_max,
        breaker=ctx["provider_breaker"],
    )


async def shutdown(ctx: dict[str, Any]) -> None:
    task = ctx.get("keep_alive")
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    if "cancels" in ctx:
        await ctx["cancels"].close()
    if "event_pipeline" in ctx:  # held notification events go out before the worker stops
        await ctx["event_pipeline"].close()
    if "pool" in ctx:
        await ctx["pool"].close()
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

    functions: ClassVar[list[Any]] = [
        sync_backends,
        ibm_accounts.sync_ibm_accounts,
        # keep_result=0: the deterministic id must be free again once a delivery finishes, so
        # the reconciler can re-enqueue a job the database says is QUEUED.
        # arq's timeout is a backstop only: the job's own time limit stops its simulation.
        func(
            jobs.run_job,  # type: ignore[arg-type]
            timeout=get_settings().job_time_limit_s * 2 + 60,
            max_tries=jobs.MAX_TRIES,
            keep_result=0,
        ),
    ]
    cron_jobs: ClassVar[list[Any]] = [
        cron(sync_backends, hour={3}, minute={17}, unique=True, timeout=600),  # type: ignore[arg-type]
        # The month close: hourly, so a missed run is caught up within the hour.
        cron(bills.close_months, minute={7}, unique=True, timeout=600, run_at_startup=True),  # type: ignore[arg-type]
        cron(
            ibm_accounts.sync_ibm_accounts,  # type: ignore[arg-type]
            minute=set(range(0, 60, ibm_accounts.EVERY_MINUTES)),
            unique=True,
            timeout=300,
        ),
        cron(analytics.repair_rollups, minute={7}, unique=True, timeout=600, run_at_startup=True),  # type: ignore[arg-type]
        cron(
            reconciler.reconcile_jobs,  # type: ignore[arg-type]
            second=set(range(0, 60, reconciler.EVERY_S)),
            unique=True,
            timeout=60,
            run_at_startup=True,
        ),
        # Plan subscriptions' periods: every 10 minutes (idempotent; a missed run catches up).
        cron(billing.roll_subscription_periods, minute=set(range(0, 60, 10)), unique=True),  # type: ignore[arg-type]
        cron(
            experiments.settle_experiment_runs,  # type: ignore[arg-type]
            second=set(range(0, 60, experiments.EVERY_S)),
            unique=True,
            timeout=300,
        ),
        cron(
            providers.sync_remote_backends,  # type: ignore[arg-type]
            minute=set(range(0, 60, 5)),
            unique=True,
            timeout=300,
        ),
        cron(
            providers.poll_providers,  # type: ignore[arg-type]
            second=set(range(0, 60, get_settings().provider_poll_s)),
            unique=True,
            timeout=120,
        ),
    ]
    on_startup = startup
    on_shutdown = shutdown
    on_job_start = tracing.job_started  # a span per job when tracing is on; nothing otherwise
    on_job_end = tracing.job_ended
    job_serializer = staticmethod(serialize)
    job_deserializer = staticmethod(deserialize)
    redis_settings: RedisSettings = redis_settings(get_settings().redis_url or "redis://127.0.0.1")
    health_check_interval = get_settings().worker_heartbeat_s
    # See Settings.worker_poll_delay_s: arq's default 0.5 s adds up to half a second per job.
    poll_delay = get_settings().worker_poll_delay_s
    # Batches of STANDARD jobs need several deliveries in flight at once; the simulation
    # processes run one call each at a time, so more would only queue in memory.
    max_jobs = 64
    job_timeout = 600
    allow_abort_jobs = True
    job_completion_wait = 20  # on SIGTERM/SIGINT: finish in-flight jobs, then hand them back


def build_worker() -> WakefulWorker:
    """The worker `qraph worker` runs (`qraph.worker_loop`): arq's loop, woken by enqueues."""
    return WakefulWorker(**get_kwargs(WorkerSettings))  # type: ignore[arg-type]
