"""A Bell job runs on each Braket local simulator through the worker (simulation processes).

The Braket SDK is imported by a simulation process on its first Braket job (seconds on an idle
machine, a minute or more on a starved one), so this test gives its worker one process and
generous limits instead of the harness's 60 s.
"""

from __future__ import annotations

import pytest
from arq.worker import Worker, func

from domain.jobs.models import JobStatus, Priority
from tests.integration.test_worker_runs_jobs import Harness, harness  # noqa: F401
from workers import jobs
from workers.queue import deserialize, redis_settings, serialize
from workers.settings import shutdown, startup

LIMIT_S = 600


@pytest.fixture
def one_slow_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QRAPH_SIMULATION_PROCESSES", "1")
    monkeypatch.setenv("QRAPH_JOB_TIME_LIMIT_S", str(LIMIT_S))


async def test_a_bell_job_runs_on_each_braket_local_simulator(
    one_slow_process: None,
    harness: Harness,  # noqa: F811
) -> None:
    cases = [
        (backend, priority)
        for backend in ("braket_sv", "braket_dm")
        for priority in (Priority.HIGH, Priority.STANDARD)
    ]
    ids = [await harness.add_job(b, shots=500, priority=p) for b, p in cases]
    worker = Worker(
        functions=[func(jobs.run_job, keep_result=0, max_tries=jobs.MAX_TRIES, timeout=LIMIT_S)],  # type: ignore[arg-type]
        redis_settings=redis_settings(harness.settings.redis_url or ""),
        on_startup=startup,
        on_shutdown=shutdown,
        job_serializer=serialize,
        job_deserializer=deserialize,
        burst=True,
        poll_delay=0.01,
        max_jobs=64,
        handle_signals=False,
    )
    try:
        await worker.main()
    finally:
        await worker.close()
    for (backend, _), job_id in zip(cases, ids, strict=True):
        job = await harness.job(job_id)
        assert job.status == JobStatus.COMPLETED, job.error_message
        assert job.counts and sum(job.counts.values()) == 500
        assert set(job.counts) <= {"00", "11"} and min(job.counts.values()) > 100
        assert job.simulation_method == backend  # Braket's own device ran it
        assert job.provider_job_id is None  # local: no provider job, no poller
