"""A real `qraph worker` process killed with SIGKILL mid-job: the reconciler recovers the job.

The worker subprocess sleeps after claiming each job (`QRAPH_TEST_JOB_DELAY_S`, test-only) so
the kill lands while the job is RUNNING, and beats its liveness key every second
(`QRAPH_WORKER_HEARTBEAT_S=1`) so the reconciler sees it gone within seconds.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from domain.jobs import reconciler
from domain.jobs.models import JobStatus
from tests.integration.test_worker_runs_jobs import SHOTS, Harness, harness
from workers.jobs import TEST_DELAY_ENV
from workers.reconciler import reconcile_jobs

__all__ = ["harness"]

ROOT = Path(__file__).resolve().parents[2]


async def _until(condition: Any, timeout_s: float = 60.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not await condition():  # a bounded wait: a safety net, not a timing assertion
        if loop.time() >= deadline:
            pytest.fail(f"condition still false after {timeout_s} s")
        await asyncio.sleep(0.1)


async def test_killed_worker_job_completes_once(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = await harness.add_job()
    env = {
        **os.environ,
        "DATABASE_URL": harness.settings.database_url or "",
        "REDIS_URL": harness.settings.redis_url or "",
        TEST_DELAY_ENV: "120",
        "QRAPH_WORKER_HEARTBEAT_S": "1",
        "QRAPH_LOG_LEVEL": "CRITICAL",
    }
    process = subprocess.Popen(  # noqa: ASYNC220 - started once, never waited on in the loop
        [sys.executable, "-m", "qraph", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        async def running() -> bool:
            assert process.poll() is None, "the worker exited early"
            return (await harness.job(job_id)).status == JobStatus.RUNNING

        await _until(running)
        dead_worker = (await harness.job(job_id)).worker
        assert dead_worker
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()

    async def liveness_expired() -> bool:
        return not await harness.queue.exists(reconciler.worker_key(dead_worker))

    await _until(liveness_expired, timeout_s=20)
    monkeypatch.setattr(reconciler, "RUNNING_STALE_S", 0.0)
    ctx: dict[str, Any] = {"sessionmaker": harness.sessionmaker, "redis": harness.queue}
    assert (await reconcile_jobs(ctx))["recovered"] == 1
    await harness.drain()

    job = await harness.job(job_id)
    assert job.status == JobStatus.COMPLETED
    assert job.counts is not None and sum(job.counts.values()) == SHOTS
    assert job.attempts == 2
    assert job.actual_cost == job.cost_estimate  # charged once, not doubled
    history = await harness.history(job_id)
    assert [s for s, _ in history] == ["QUEUED", "RUNNING", "QUEUED", "RUNNING", "COMPLETED"]
    assert history[2][1] == f"recovered: worker lost ({dead_worker})"
