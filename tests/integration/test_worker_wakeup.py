"""The worker `qraph worker` runs: woken by enqueues, and alive through a Redis disconnect.

Real PostgreSQL and Redis. The safety poll is set to an hour, so a job that completes was
picked up because its enqueue woke the worker; bounded waits are safety nets only.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

from domain.jobs.models import JobStatus
from tests.integration.test_worker_runs_jobs import SHOTS, Harness, harness
from workers import wakeup
from workers.settings import WorkerSettings
from workers.wakeup import WakefulWorker

__all__ = ["harness"]


async def _until(condition: Any, timeout_s: float = 120.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not await condition():  # a bounded wait: a safety net, not a timing assertion
        if loop.time() >= deadline:
            pytest.fail(f"condition still false after {timeout_s} s")
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def serving(h: Harness) -> AsyncIterator[tuple[WakefulWorker, asyncio.Future[None]]]:
    from arq.worker import get_kwargs

    from workers.queue import redis_settings

    kwargs: dict[str, Any] = {
        **get_kwargs(WorkerSettings),  # type: ignore[arg-type]
        "redis_settings": redis_settings(h.settings.redis_url or ""),
        "handle_signals": False,
        "cron_jobs": [],
    }
    worker = WakefulWorker(**kwargs)
    main = asyncio.ensure_future(worker.main())

    async def listening() -> bool:
        assert not main.done(), main.exception()
        return worker._listener is not None and bool(
            (await h.queue.pubsub_numsub(wakeup.WAKE_CHANNEL))[0][1]
        )

    try:
        await _until(listening, timeout_s=300)
        yield worker, main
    finally:
        main.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await main
        await asyncio.gather(*worker.tasks.values(), return_exceptions=True)
        worker.tasks.clear()
        await worker.close()


async def test_an_enqueue_wakes_the_worker(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wakeup, "SAFETY_POLL_S", 3600.0)
    async with serving(harness) as (worker, _):
        assert worker.safety_poll_s == 3600.0
        job_id = await harness.add_job()  # enqueue() publishes the wake-up

        async def completed() -> bool:
            return (await harness.job(job_id)).status == JobStatus.COMPLETED

        await _until(completed)
    job = await harness.job(job_id)
    assert job.counts is not None and sum(job.counts.values()) == SHOTS


async def test_the_worker_survives_its_redis_connections_being_dropped(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wakeup, "SAFETY_POLL_S", 0.2)
    monkeypatch.setattr(wakeup, "REDIS_RETRY_S", 0.2)
    async with serving(harness) as (_, main):
        # Every client but this one is disconnected, as a Redis restart would.
        await harness.queue.execute_command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")
        await harness.queue.execute_command("CLIENT", "KILL", "TYPE", "pubsub")
        await asyncio.sleep(0.5)
        assert not main.done()
        job_id = await harness.add_job()

        async def completed() -> bool:
            return (await harness.job(job_id)).status == JobStatus.COMPLETED

        await _until(completed)
        assert not main.done()
