"""Handing jobs to the workers: the arq task name, its deterministic arq job id, the enqueue.

Only the id travels through Redis; PostgreSQL holds the job. Enqueue only after the commit.
Because the arq id is derived from the job id, enqueuing twice (a retry, the reconciler) is
harmless: arq refuses a second job with the same id while the first or its result exists.
Each enqueue also publishes on `WAKE_CHANNEL`, so idle workers start their next poll at once.

`enqueue_many` does for a whole batch what arq's `enqueue_job` does for one job (its WATCH,
EXISTS, MULTI, PSETEX and ZADD: three round trips a job), plus the wake-up and the batch's
events, in one Lua script: one round trip, atomic like arq's transaction, whatever the size.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Sequence
from typing import Any, Protocol

from arq.constants import default_queue_name, job_key_prefix, result_key_prefix
from arq.jobs import serialize_job
from arq.utils import timestamp_ms

from domain.events import Event, channel

RUN_JOB = "run_job"
WAKE_CHANNEL = "qraph:jobs:wake"
EXPIRES_MS = 86_400_000  # arq's default: a queued delivery not started within a day expires

# KEYS: the queue, then each job's arq key and result key. ARGV: the score, the wake-up
# channel, the expiry, the number of jobs, their ids and payloads, then (channel, message) pairs.
_ENQUEUE = """
local jobs = tonumber(ARGV[4])
local queued = {}
local any = false
for i = 1, jobs do
  if redis.call('EXISTS', KEYS[2 * i], KEYS[2 * i + 1]) == 0 then
    redis.call('PSETEX', KEYS[2 * i], ARGV[3], ARGV[4 + jobs + i])
    redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4 + i])
    queued[i] = 1
    any = true
  else
    queued[i] = 0
  end
end
if any then
  redis.call('PUBLISH', ARGV[2], '')
end
for i = 5 + 2 * jobs, #ARGV, 2 do
  redis.call('PUBLISH', ARGV[i], ARGV[i + 1])
end
return queued
"""


def arq_job_id(job_id: uuid.UUID | str) -> str:
    return f"run-job:{job_id}"


class Enqueuer(Protocol):
    async def enqueue_job(self, function: str, *args: Any, **kwargs: Any) -> Any: ...

    def publish(self, channel: str, message: str) -> Awaitable[Any] | Any: ...

    def eval(self, script: str, numkeys: int, *keys_and_args: Any) -> Awaitable[Any] | Any: ...


async def enqueue(queue: Enqueuer, job_id: uuid.UUID) -> bool:
    """Queue the job for a worker and wake the workers; False when arq already holds it."""
    [queued] = await enqueue_many(queue, [job_id])
    return queued


async def enqueue_many(
    queue: Enqueuer, job_ids: Sequence[uuid.UUID], *, events: Sequence[Event] = ()
) -> list[bool]:
    """Queue each job as arq would, wake the workers, publish `events`: one round trip.

    One flag per job, False where arq already holds that job (or its result).
    """
    if not job_ids and not events:
        return []
    now = timestamp_ms()
    serializer = getattr(queue, "job_serializer", None)
    expires = getattr(queue, "expires_extra_ms", EXPIRES_MS)
    ids = [arq_job_id(job_id) for job_id in job_ids]
    keys = [getattr(queue, "default_queue_name", default_queue_name)]
    for arq_id in ids:
        keys += [job_key_prefix + arq_id, result_key_prefix + arq_id]
    payloads = [
        serialize_job(RUN_JOB, (str(job_id),), {}, None, now, serializer=serializer)
        for job_id in job_ids
    ]
    messages: list[str] = []
    for event in events:
        message = event.encode()
        messages += [channel(event.topic), message, channel(event.topic, event.key), message]
    args = [now, WAKE_CHANNEL, expires, len(ids), *ids, *payloads, *messages]
    queued = await queue.eval(_ENQUEUE, len(keys), *keys, *args)
    return [bool(flag) for flag in queued]
