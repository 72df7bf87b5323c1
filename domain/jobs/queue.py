"""Handing a job to the workers: the arq task name and its deterministic arq job id.

Only the id travels through Redis; PostgreSQL holds the job. Enqueue only after the commit.
Because the arq id is derived from the job id, enqueuing twice (a retry, the reconciler) is
harmless: arq refuses a second job with the same id while the first or its result exists.
"""

from __future__ import annotations

import uuid
from typing import Any, Protocol

RUN_JOB = "run_job"


def arq_job_id(job_id: uuid.UUID | str) -> str:
    return f"run-job:{job_id}"


class Enqueuer(Protocol):
    async def enqueue_job(self, function: str, *args: Any, **kwargs: Any) -> Any: ...


async def enqueue(queue: Enqueuer, job_id: uuid.UUID) -> bool:
    """Queue the job for a worker; False when arq already holds it (that is fine)."""
    return await queue.enqueue_job(RUN_JOB, str(job_id), _job_id=arq_job_id(job_id)) is not None
