"""The reconciler cron: PostgreSQL's QUEUED and RUNNING jobs against what Redis will deliver.

Runs every `EVERY_S` seconds on one worker at a time (`unique=True`); see
`domain.jobs.reconciler` for the two repairs and their thresholds. Also the liveness key each
worker keeps while it runs, which tells the reconciler a RUNNING job's worker is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from domain import events
from domain.jobs import reconciler

log = logging.getLogger("qraph.worker.reconciler")

EVERY_S = 5  # cron period: a lost job waits at most QUEUED_GRACE_S + EVERY_S to be requeued


async def reconcile_jobs(ctx: dict[str, Any]) -> dict[str, int]:
    """One reconciler pass; publishes the events of every transition it committed."""
    report = await reconciler.reconcile(ctx["sessionmaker"], ctx["redis"])
    for event in report.events:
        with contextlib.suppress(Exception):
            await events.publish(ctx["redis"], event)
    if report.requeued or report.recovered or report.failed:
        log.warning("reconciled jobs", extra=report.as_dict())
    return report.as_dict()


async def keep_alive(redis: Any, worker: str, heartbeat_s: float) -> None:
    """Refresh this worker's liveness key every heartbeat until cancelled (then delete it)."""
    key = reconciler.worker_key(worker)
    ttl_ms = int(heartbeat_s * reconciler.LIVENESS_TTL_FACTOR * 1000)
    try:
        while True:
            with contextlib.suppress(Exception):
                await redis.psetex(key, ttl_ms, b"1")
            await asyncio.sleep(heartbeat_s)
    finally:
        with contextlib.suppress(Exception):
            await asyncio.shield(redis.delete(key))
