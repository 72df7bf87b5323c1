"""Analysing experiment runs whose jobs are all final: a cron sweep, bounded and idempotent."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from redis.exceptions import RedisError

from domain import events
from domain.experiments import analysis

log = logging.getLogger("qraph.worker.experiments")
EVERY_S = 5


async def settle_experiment_run(ctx: dict[str, Any], run_id: str) -> str:
    """Analyse one run if it is due; tell its subscribers."""
    settled = await analysis.settle(ctx["sessionmaker"], uuid.UUID(run_id))
    if settled.status is None:
        return "not due"
    if settled.first_job_id is not None:
        try:  # experimentUpdated follows its run's jobs: a change of one wakes it
            await events.publish(ctx["redis"], analysis.analysed_event(settled.first_job_id))
        except (RedisError, OSError):
            log.warning("could not announce experiment run %s", run_id)
    return settled.status.value


async def settle_experiment_runs(ctx: dict[str, Any]) -> int:
    """The sweep: every open run of the recent window whose jobs are all final."""
    async with ctx["sessionmaker"]() as session:
        due = await analysis.open_runs(session)
    settled = 0
    for run_id in due:
        if await settle_experiment_run(ctx, str(run_id)) != "not due":
            settled += 1
    return settled
