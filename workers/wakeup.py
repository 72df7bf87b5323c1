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
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from arq.worker import Worker
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from domain.jobs.queue import WAKE_CHANNEL

log = logging.getLogger("qraph.worker")

SAFETY_POLL_S = 0.5
SKIP_S = 1.0
REDIS_RETRY_S = 1.0
_REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


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
        await super().start_jobs(fresh)
        for job_id in fresh:
            if job_id.decode() not in self.tasks:  # held by another worker, or gone
                self._skip_until[job_id] = now + SKIP_S
        if len(self._skip_until) > 10_000:
            self._skip_until = {k: t for k, t in self._skip_until.items() if t > now}

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
