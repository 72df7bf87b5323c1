"""How a worker learns that a job it is running was cancelled: it asks the database.

The API's cancel moves the row RUNNING -> CANCELLED and publishes an event; the row is the truth,
so the worker reads it: every `EVERY_S` while it holds jobs, one query for all of them. A job no
longer RUNNING on this worker (cancelled, or recovered by the reconciler) has its stop event
set, and the simulation process computing it is killed. Each pass is one short statement in its
own transaction; a failed pass (the database restarting) is skipped and the next one retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from typing import Any

from domain.jobs import execution

log = logging.getLogger("qraph.worker.cancels")

EVERY_S = 0.2


class CancelWatch:
    """Stop events for the jobs this worker holds, set when their row leaves RUNNING."""

    def __init__(self, sessionmaker: Any, worker: str, every_s: float = EVERY_S) -> None:
        self.sessionmaker = sessionmaker
        self.worker = worker
        self.every_s = every_s
        self._events: dict[uuid.UUID, asyncio.Event] = {}
        self._task: asyncio.Task[None] | None = None

    def watch(self, job_id: uuid.UUID) -> asyncio.Event:
        event = self._events.setdefault(job_id, asyncio.Event())
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())
        return event

    def forget(self, job_id: uuid.UUID) -> None:
        self._events.pop(job_id, None)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while self._events:
            await asyncio.sleep(self.every_s)
            watched = [job_id for job_id, event in self._events.items() if not event.is_set()]
            try:
                running = await execution.still_running(
                    self.sessionmaker, watched, worker=self.worker
                )
            except Exception:
                log.warning("could not check for cancelled jobs", exc_info=True)
                continue
            for job_id in watched:
                event = self._events.get(job_id)
                if job_id not in running and event is not None:
                    event.set()
