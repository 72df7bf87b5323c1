"""Handing a job to the workers: the arq task name and its deterministic arq job id.

Only the id travels through Redis; PostgreSQL holds the job. Enqueue only after the commit.
Because the arq id is derived from the job id, enqueuing twice (a retry, the reconciler) is
harmless: arq refuses a second job with the same id while the first or its result exists.
Each enqueue also publishes on `WAKE_CHANNEL`, so idle workers start their next poll at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from typing import Any, Protocol

RUN_JOB = "run_job"
WAKE_CHANNEL = "qraph:jobs:wake"


def arq_job_id(job_id: uuid.UUID | str) -> str:
    return f"run-job:{job_id}"


class Enqueuer(Protocol):
    async def enqueue_job(self, function: str, *args: Any, **kwargs: Any) -> Any: ...

    def publish(self, channel: str, message: str) -> Awaitable[Any] | Any: ...


async def enqueue(queue: Enqueuer, job_id: uuid.UUID) -> bool:
    """Queue the job for a worker and wake the workers; False when arq already holds it."""
    queued = await queue.enqueue_job(RUN_JOB, str(job_id), _job_id=arq_job_id(job_id)) is not None
    if queued:
        await queue.publish(WAKE_CHANNEL, "")
    return queued
