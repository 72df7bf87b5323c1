"""arq's Worker, woken by each enqueue instead of polling Redis every few milliseconds.

`domain.jobs.queue.enqueue` publishes on `WAKE_CHANNEL` after it queues a job; every worker
listens there and starts its next poll at once. The poll itself stays, every `SAFETY_POLL_S`,
for what no one announces: deferred retries coming due, cron jobs, a lost wake-up message.

Two more differences from arq's Worker:

- It skips the ids it runs itself and, for `SKIP_S`, those another worker holds. arq re-reads
  every id in the queue on every poll, and a job held elsewhere (or stranded behind a dead
  worker's in-progress key, until the reconciler frees it) costs three Redis round trips a
  poll; at a 10 ms poll that is the spin the hardening issue saw.
- A lost Redis connection in the poll loop is a transient fault: it waits and polls again
  (redis-py reconnects) instead of ending the worker.
- It starts a poll's jobs in one Lua script (`_START`), where arq spends four round trips per
  job (WATCH, EXISTS, ZSCORE, MULTI/PSETEX/EXEC). The script makes the same checks atomically:
  a job starts here only if no worker holds its in-progress key and its score is due; then
  the key is set, exactly as arq sets it, so arq's own workers and ours exclude each other.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from arq.constants import in_progress_key_prefix
from arq.utils import timestamp_ms
from arq.worker import Worker
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from domain.jobs.queue import WAKE_CHANNEL

log = logging.getLogger("qraph.worker")

SAFETY_POLL_S = 0.5
SKIP_S = 1.0
REDIS_RETRY_S = 1.0
_REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)
# KEYS: the queue, then each job's in-progress key. ARGV: now (ms), the in-progress TTL (ms),
# then the job ids. Returns each job's score where it started here, else 0.
_START = """
local now = tonumber(ARGV[1])
local started = {}
for i = 2, #KEYS do
  local score = false
  if redis.call('EXISTS', KEYS[i]) == 0 then
    score = redis.call('ZSCORE', KEYS[1], ARGV[i + 1])
  end
  if score and tonumber(score) <= now then
    redis.call('PSETEX', KEYS[i], ARGV[2], '1')
    started[i - 1] = score
  else
    started[i - 1] = 0
  end
end
return started
"""


class WakefulWorker(Worker):
    """See the module docstring. `burst` workers (tests) poll as arq does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.safety_poll_s = max(self.poll_delay_s, SAFETY_POLL_S)
        if not self.burst:
            self.poll_delay_s = 0.0  # the wait happens in _poll_iteration, on the wake event
        self._wake = asyncio.Event()
        self._listener: asyncio.Task[None] | None = None
        self._skip_until: dict[bytes, float] = {}

    async def _poll_iteration(self) -> None:
        try:
            await super()._poll_iteration()
        except _REDIS_DOWN:
            log.warning("redis unavailable; polling again", exc_info=True)
            await asyncio.sleep(REDIS_RETRY_S)
            return
        if self.burst:
            return
        if self._listener is None or self._listener.done():
            self._listener = asyncio.get_running_loop().create_task(self._listen())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), self.safety_poll_s)
        self._wake.clear()

    async def start_jobs(self, job_ids: list[bytes]) -> None:
        now = asyncio.get_running_loop().time()
        fresh = [
            job_id
            for job_id in job_ids
            if job_id.decode() not in self.tasks and self._skip_until.get(job_id, 0.0) <= now
        ]
        await self._start_batch(fresh)
        for job_id in fresh:
            if job_id.decode() not in self.tasks:  # held by another worker, or gone
                self._skip_until[job_id] = now + SKIP_S
        if len(self._skip_until) > 10_000:
            self._skip_until = {k: t for k, t in self._skip_until.items() if t > now}

    async def _start_batch(self, job_ids: list[bytes]) -> None:
        """arq's `start_jobs` (slots, in-progress keys, tasks) with one round trip for all."""
        taken: list[bytes] = []
        for job_id_b in job_ids:
            await self.sem.acquire()
            if self.job_counter >= self.max_jobs:
                self.sem.release()
                break
            self.job_counter += 1
            taken.append(job_id_b)
        if not taken:
            return
        ids = [job_id.decode() for job_id in taken]
        keys = [self.queue_name, *(in_progress_key_prefix + job_id for job_id in ids)]
        ttl_ms = str(int(self.in_progress_timeout_s * 1000))
        pool: Any = self.pool
        try:
            scores = await pool.eval(_START, len(keys), *keys, str(timestamp_ms()), ttl_ms, *ids)
        except BaseException:
            for _ in taken:
                self._release_sem_dec_counter_on_complete()
            raise
        for job_id, score in zip(ids, scores, strict=True):
            if not score:  # held by another worker, finished, or not due yet
                self._release_sem_dec_counter_on_complete()
                continue
            task = self.loop.create_task(self.run_job(job_id, int(float(score))))
            task.add_done_callback(lambda _: self._release_sem_dec_counter_on_complete())
            self.tasks[job_id] = task

    async def _listen(self) -> None:
        while True:
            try:
                pubsub = self.pool.pubsub()
                await pubsub.subscribe(WAKE_CHANNEL)
                try:
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self._wake.set()
                finally:
                    with contextlib.suppress(Exception):
                        await pubsub.aclose()
            except _REDIS_DOWN:
                await asyncio.sleep(REDIS_RETRY_S)

    async def stop_listening(self) -> None:
        """Stop the wake-up listener (also part of `close`)."""
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
            self._listener = None

    async def close(self) -> None:
        await self.stop_listening()
        await super().close()
