"""A real `qraph worker` process SIGKILLed while its remote job waits at the provider: the job is
the poller's, not the reconciler's, and is polled to completion exactly once by another process.

The provider is the file-backed stand-in (tests/integration/provider_support.py), so the killed
worker's submission survives it, as a real provider's would.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.jobs import reconciler
from domain.jobs.models import JobStatus, Priority
from domain.providers import poller
from domain.providers.registry import adapter_for, use_adapter
from tests.integration.provider_support import STANDIN_BACKEND, FileStandIn, add_backend
from tests.integration.test_worker_runs_jobs import Harness, harness
from workers.reconciler import reconcile_jobs

__all__ = ["harness"]

ROOT = Path(__file__).resolve().parents[2]
WORKER = (
    "import sys\n"
    "from domain.providers.registry import use_adapter\n"
    "from tests.integration.provider_support import FileStandIn\n"
    "use_adapter(FileStandIn(sys.argv[1]))\n"
    "from qraph.cli import main\n"
    "main(['worker'])\n"
)


async def _until(condition: Any, timeout_s: float = 120.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not await condition():  # a bounded wait: a safety net, not a timing assertion
        if loop.time() >= deadline:
            pytest.fail(f"condition still false after {timeout_s} s")
        await asyncio.sleep(0.2)


async def test_a_killed_worker_s_remote_job_is_polled_to_completion_once(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    provider = FileStandIn(str(tmp_path / "provider"))
    provider.set_hold(True)
    await add_backend(harness.sessionmaker)
    job_id = await harness.add_job(STANDIN_BACKEND, priority=Priority.HIGH, shots=200)
    env = {
        **os.environ,
        "DATABASE_URL": harness.settings.database_url or "",
        "REDIS_URL": harness.settings.redis_url or "",
        "QRAPH_WORKER_HEARTBEAT_S": "1",
        "QRAPH_SIMULATION_PROCESSES": "1",
        "QRAPH_LOG_LEVEL": "CRITICAL",
    }
    process = subprocess.Popen(  # noqa: ASYNC220 - started once, never waited on in the loop
        [sys.executable, "-c", WORKER, str(provider.directory)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        async def sent() -> bool:
            assert process.poll() is None, "the worker exited early"
            return (await harness.job(job_id)).provider_job_id is not None

        await _until(sent)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert provider.count("submit") == 1

    # The reconciler, with every RUNNING job stale, must leave the sent job alone.
    monkeypatch.setattr(reconciler, "RUNNING_STALE_S", 0.0)
    ctx: dict[str, Any] = {"sessionmaker": harness.sessionmaker, "redis": harness.queue}
    report = await reconcile_jobs(ctx)
    assert report["recovered"] == 0 and report["failed"] == 0
    assert (await harness.job(job_id)).status == JobStatus.RUNNING

    remove = use_adapter(provider)
    try:
        at = datetime.now(UTC) + timedelta(days=1)
        waiting = await poller.sweep(harness.sessionmaker, adapter_for, now=at)
        assert waiting.polled == 1 and waiting.recorded == 0
        provider.set_hold(False)
        at += timedelta(days=1)
        sweeps = await asyncio.gather(
            *(poller.sweep(harness.sessionmaker, adapter_for, now=at) for _ in range(3))
        )
    finally:
        remove()
    assert sum(s.recorded for s in sweeps) == 1
    job = await harness.job(job_id)
    assert job.status == JobStatus.COMPLETED
    assert job.counts and sum(job.counts.values()) == 200 and set(job.counts) <= {"00", "11"}
    assert (await harness.completed_rows())[job_id] == 1
    assert provider.count("submit") == 1  # never sent twice
