"""The reconciler: QUEUED/RUNNING rows repaired against real Redis, then a burst worker."""

from __future__ import annotations

from typing import Any

import pytest

from domain.jobs import execution, reconciler
from domain.jobs.models import JobStatus
from domain.jobs.queue import arq_job_id
from tests.integration.test_worker_runs_jobs import SHOTS, Harness, harness
from workers.reconciler import reconcile_jobs

__all__ = ["harness"]


@pytest.fixture
def no_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reconciler, "QUEUED_GRACE_S", 0.0)
    monkeypatch.setattr(reconciler, "RUNNING_STALE_S", 0.0)


async def _reconcile(h: Harness) -> dict[str, int]:
    ctx: dict[str, Any] = {"sessionmaker": h.sessionmaker, "redis": h.queue}
    return await reconcile_jobs(ctx)


async def test_jobs_lost_by_a_redis_flush_run_exactly_once(
    harness: Harness, no_grace: None
) -> None:
    job_ids = [await harness.add_job() for _ in range(20)]
    await harness.queue.flushdb()

    assert await _reconcile(harness) == {"requeued": 20, "recovered": 0, "failed": 0}
    assert await _reconcile(harness) == {"requeued": 0, "recovered": 0, "failed": 0}
    await harness.drain()

    completed = await harness.completed_rows()
    for job_id in job_ids:
        job = await harness.job(job_id)
        assert job.status == JobStatus.COMPLETED
        assert job.counts is not None and sum(job.counts.values()) == SHOTS
        assert completed[job_id] == 1 and job.attempts == 1


async def test_young_queued_jobs_are_left_alone(harness: Harness) -> None:
    job_id = await harness.add_job()
    await harness.queue.flushdb()
    assert (await _reconcile(harness))["requeued"] == 0  # within QUEUED_GRACE_S
    assert (await harness.job(job_id)).status == JobStatus.QUEUED


async def test_queued_jobs_redis_still_holds_are_not_touched(
    harness: Harness, no_grace: None
) -> None:
    await harness.add_job()
    assert await _reconcile(harness) == {"requeued": 0, "recovered": 0, "failed": 0}


async def test_running_job_of_a_lost_worker_is_recovered_and_run_once(
    harness: Harness, no_grace: None
) -> None:
    job_id = await harness.add_job()
    # A worker claimed it, then vanished with Redis's copy (no in-progress key, no liveness).
    assert await execution.claim(harness.sessionmaker, job_id, worker="gone:1:abc")
    await harness.queue.flushdb()

    assert await _reconcile(harness) == {"requeued": 0, "recovered": 1, "failed": 0}
    await harness.drain()

    job = await harness.job(job_id)
    assert job.status == JobStatus.COMPLETED and job.attempts == 2
    history = await harness.history(job_id)
    assert [s for s, _ in history] == ["QUEUED", "RUNNING", "QUEUED", "RUNNING", "COMPLETED"]
    assert history[2][1] == "recovered: worker lost (gone:1:abc)"


async def test_running_job_held_by_a_live_worker_is_left_alone(
    harness: Harness, no_grace: None
) -> None:
    job_id = await harness.add_job()
    assert await execution.claim(harness.sessionmaker, job_id, worker="alive:1:abc")
    await harness.queue.set(reconciler.worker_key("alive:1:abc"), b"1")
    await harness.queue.set(reconciler.ARQ_IN_PROGRESS_PREFIX + arq_job_id(job_id), b"1")

    assert await _reconcile(harness) == {"requeued": 0, "recovered": 0, "failed": 0}
    assert (await harness.job(job_id)).status == JobStatus.RUNNING


async def test_a_job_that_keeps_losing_its_worker_fails(
    harness: Harness, no_grace: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reconciler, "MAX_ATTEMPTS", 1)
    job_id = await harness.add_job(enqueued=False)
    assert await execution.claim(harness.sessionmaker, job_id, worker="gone:1:abc")

    assert await _reconcile(harness) == {"requeued": 0, "recovered": 0, "failed": 1}
    job = await harness.job(job_id)
    assert job.status == JobStatus.FAILED and job.error_code == "POISON"
    assert job.error_message == (
        "The job was the only one running on its worker when the worker was lost, 1 times; "
        "it is not run again."
    )
    assert job.actual_cost == 0


async def test_jobs_that_shared_a_lost_worker_are_not_charged(
    harness: Harness, no_grace: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Several jobs on one worker that died: none of them is to blame, so none is charged,
    # however often it happens (the limit is 1 here and still nothing fails).
    monkeypatch.setattr(reconciler, "MAX_ATTEMPTS", 1)
    job_ids = [await harness.add_job(enqueued=False) for _ in range(3)]
    for job_id in job_ids:
        assert await execution.claim(harness.sessionmaker, job_id, worker="gone:1:abc")

    assert await _reconcile(harness) == {"requeued": 0, "recovered": 3, "failed": 0}
    await harness.drain()
    for job_id in job_ids:
        job = await harness.job(job_id)
        assert job.status == JobStatus.COMPLETED and job.attempts == 1


async def test_a_job_stranded_in_arqs_in_progress_key_is_delivered_again(
    harness: Harness, no_grace: None
) -> None:
    # A worker took the job from arq (its in-progress key lives ~10 minutes) and died before
    # marking it RUNNING: once as arq left it, once after the worker wrote its id into the key.
    stranded = [await harness.add_job() for _ in range(2)]
    await harness.queue.psetex(
        reconciler.ARQ_IN_PROGRESS_PREFIX + arq_job_id(stranded[0]), 610_000, b"1"
    )
    await harness.queue.psetex(
        reconciler.ARQ_IN_PROGRESS_PREFIX + arq_job_id(stranded[1]), 610_000, b"1"
    )
    await reconciler.mark_holder(harness.queue, arq_job_id(stranded[1]), "gone:1:abc")
    # A third is held by a live worker, which is still getting to it: left alone.
    held = await harness.add_job()
    await harness.queue.psetex(
        reconciler.ARQ_IN_PROGRESS_PREFIX + arq_job_id(held), 610_000, b"alive:1:abc"
    )
    await harness.queue.set(reconciler.worker_key("alive:1:abc"), b"1")

    assert await _reconcile(harness) == {"requeued": 2, "recovered": 0, "failed": 0}
    assert (
        await harness.queue.get(reconciler.ARQ_IN_PROGRESS_PREFIX + arq_job_id(held))
        == b"alive:1:abc"
    )
    for job_id in stranded:
        assert not await harness.queue.exists(
            reconciler.ARQ_IN_PROGRESS_PREFIX + arq_job_id(job_id)
        )
    await harness.queue.delete(reconciler.ARQ_IN_PROGRESS_PREFIX + arq_job_id(held))
    await harness.drain()

    for job_id in [*stranded, held]:
        job = await harness.job(job_id)
        assert job.status == JobStatus.COMPLETED and job.attempts == 1
    assert set((await harness.completed_rows()).values()) == {1}
