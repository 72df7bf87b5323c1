"""The hourly rollup: each final job counted exactly once, by the worker and by the repair cron.

Real PostgreSQL; the worker's own record and claim functions (a redelivery is a second record
of the same claim, which loses the conditional transition and so counts nothing).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import delete, update

from domain.analytics import histogram, rollups
from domain.analytics.models import JobRollupHourly
from domain.errors import DomainError
from domain.execution import Outcome, Ran
from domain.jobs import cancellation, execution
from domain.jobs.models import Job, JobStatus
from tests.integration.analytics_support import add_finished, rollup_rows
from tests.integration.test_worker_runs_jobs import SHOTS, Harness, harness

__all__ = ["harness"]


def _ran(shots: int) -> Ran:
    outcome = Outcome(
        counts={"00": shots // 2, "11": shots - shots // 2},
        shots=shots,
        method="stabilizer",
        execution_ms=40.0,
    )
    return Ran(outcome=outcome, fidelity=0.98)


def _totals(rows: list[JobRollupHourly]) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        out[row.status] = out.get(row.status, 0) + row.jobs
    return out


async def test_a_redelivered_job_is_counted_once(harness: Harness) -> None:
    # given three jobs claimed and recorded by a worker
    job_ids = [await harness.add_job(enqueued=False) for _ in range(3)]
    claims = await execution.claim_many(harness.sessionmaker, job_ids, worker="w:1:a")
    results = [(claims[i], _ran(SHOTS)) for i in job_ids]
    first = await execution.record_many(harness.sessionmaker, results)  # type: ignore[arg-type]
    assert [f.status for f in first] == [JobStatus.COMPLETED] * 3
    # when the same deliveries come again: a second claim and a second record of the results
    again = await execution.claim_many(harness.sessionmaker, job_ids, worker="w:2:b")
    second = await execution.record_many(harness.sessionmaker, results)  # type: ignore[arg-type]
    one = await execution.fail(harness.sessionmaker, claims[job_ids[0]], DomainError("late"))  # type: ignore[arg-type]
    # then nothing moved the second time, and the rollup holds each job once
    assert again == {} and [f.status for f in second] == [None] * 3 and one.status is None
    [row] = await rollup_rows(harness.sessionmaker, owner_id=harness.owner)
    assert row.status == "COMPLETED" and row.jobs == 3 and row.shots == 3 * SHOTS
    backend = claims[job_ids[0]].backend  # type: ignore[union-attr]
    assert row.cost == 3 * execution.actual_cost(backend, SHOTS)
    assert row.execution_count == 3 and row.execution_ms_sum == 120.0
    assert row.execution_hist[histogram.bucket_of(40.0)] == 3 and sum(row.execution_hist) == 3
    assert row.wait_count == 3 and sum(row.wait_hist) == 3
    assert row.fidelity_count == 3 and abs(row.fidelity_sum - 3 * 0.98) < 1e-9
    assert row.hour == rollups.current_hour()
    # and the all-users row of the hour holds the same three jobs, once
    [everyone] = await rollup_rows(harness.sessionmaker, all_users=True)
    assert (everyone.jobs, everyone.shots, everyone.cost) == (row.jobs, row.shots, row.cost)
    assert list(everyone.execution_hist) == list(row.execution_hist)


async def test_a_real_worker_run_and_a_cancel_are_counted(harness: Harness) -> None:
    # given a job run by a real worker (simulated in its pool) and a job cancelled while queued
    ran = await harness.add_job()
    await harness.drain()
    queued = await harness.add_job(enqueued=False)
    from domain.identity.principal import Principal, Role

    owner = Principal(user_id=harness.owner, roles=frozenset({Role.CONSUMER}))
    async with harness.sessionmaker() as session, session.begin():
        await cancellation.cancel_job(session, principal=owner, job_id=queued)
    # when the same cancel is attempted again, it is refused and counts nothing
    try:
        async with harness.sessionmaker() as session, session.begin():
            await cancellation.cancel_job(session, principal=owner, job_id=queued)
    except DomainError:
        pass
    # then the rollup holds one COMPLETED and one CANCELLED job
    rows = await rollup_rows(harness.sessionmaker, owner_id=harness.owner)
    assert _totals(rows) == {"COMPLETED": 1, "CANCELLED": 1}
    job = await harness.job(ran)
    completed = next(r for r in rows if r.status == "COMPLETED")
    assert completed.cost == job.actual_cost and completed.shots == SHOTS


async def test_the_repair_cron_recomputes_hours_exactly_and_twice_is_the_same(
    harness: Harness,
) -> None:
    now = datetime.now(UTC)
    hour = rollups.current_hour(now)
    # given jobs finished on both sides of an hour boundary, written without the rollup
    before = hour - timedelta(hours=2) + timedelta(minutes=59, seconds=59, microseconds=900_000)
    after = hour - timedelta(hours=1) + timedelta(microseconds=100_000)
    await add_finished(harness.sessionmaker, harness.owner, finished_at=before, n=2)
    await add_finished(harness.sessionmaker, harness.owner, finished_at=after, n=3, status="FAILED")
    await add_finished(harness.sessionmaker, harness.owner, finished_at=after, n=1)
    # and a stale row the repair must replace
    async with harness.sessionmaker() as session, session.begin():
        await session.execute(update(JobRollupHourly).values(jobs=99))
    # when the cron repairs the last three hours, twice
    first = await rollups.repair(harness.sessionmaker, hours=3, now=now)
    rows_once = [
        (r.hour, r.status, r.jobs, r.cost, list(r.wait_hist))
        for r in await rollup_rows(harness.sessionmaker)
    ]
    await rollups.repair(harness.sessionmaker, hours=3, now=now)
    rows_twice = [
        (r.hour, r.status, r.jobs, r.cost, list(r.wait_hist))
        for r in await rollup_rows(harness.sessionmaker)
    ]
    # then each job is in the hour it finished in, exactly once, and a second run is a no-op
    assert first.hours == 3 and first.rows == 3 * 2  # per owner and for all users
    assert rows_once == rows_twice
    everyone = await rollup_rows(harness.sessionmaker, all_users=True)
    assert [(r.hour, r.status, r.jobs) for r in everyone] == [
        (h, s, j) for h, s, j, *_ in rows_once
    ]
    by_hour = {(h, s): (j, c) for h, s, j, c, _ in rows_once}
    assert by_hour == {
        (hour - timedelta(hours=2), "COMPLETED"): (2, Decimal("1.000000")),
        (hour - timedelta(hours=1), "COMPLETED"): (1, Decimal("0.500000")),
        (hour - timedelta(hours=1), "FAILED"): (3, Decimal("0")),
    }


async def test_the_repair_agrees_with_what_the_worker_counted(harness: Harness) -> None:
    # given jobs recorded by the worker (some failed)
    job_ids = [await harness.add_job(enqueued=False) for _ in range(5)]
    claims = await execution.claim_many(harness.sessionmaker, job_ids, worker="w:1:a")
    await execution.record_many(
        harness.sessionmaker,
        [(claims[i], _ran(SHOTS)) for i in job_ids[:3]],  # type: ignore[misc]
    )
    for i in job_ids[3:]:
        await execution.fail(harness.sessionmaker, claims[i], DomainError("boom"))  # type: ignore[arg-type]
    counted = [
        (r.hour, r.status, r.jobs, r.shots, r.cost, r.wait_count, list(r.execution_hist))
        for r in await rollup_rows(harness.sessionmaker)
    ]
    # when the current hour is recomputed from `jobs`, after the rows were lost
    async with harness.sessionmaker() as session, session.begin():
        await session.execute(delete(JobRollupHourly))
    await rollups.repair(harness.sessionmaker, hours=0, include_current=True)
    repaired = [
        (r.hour, r.status, r.jobs, r.shots, r.cost, r.wait_count, list(r.execution_hist))
        for r in await rollup_rows(harness.sessionmaker)
    ]
    # then the repair writes exactly what the worker had counted
    assert repaired == counted
    assert {(s, j) for _, s, j, *_ in counted} == {("COMPLETED", 3), ("FAILED", 2)}


async def test_jobs_still_running_are_not_in_the_rollup(harness: Harness) -> None:
    job_id = await harness.add_job(enqueued=False)
    await execution.claim_many(harness.sessionmaker, [job_id], worker="w:1:a")
    async with harness.sessionmaker() as session, session.begin():
        await session.execute(update(Job).where(Job.id == job_id).values(shots=SHOTS))
    assert await rollup_rows(harness.sessionmaker) == []


async def test_the_sql_bucket_is_the_python_one(harness: Harness) -> None:
    from sqlalchemy import Float, literal, select

    from domain.analytics import figures

    values = [0.0, 0.4, 1.0, 1.5, 2.0, 3.0, 999.0, 1000.0, 2500.0, 60_000.0, 1e7, 1e12]
    async with harness.sessionmaker() as session:
        found = [await session.scalar(select(figures.bucket(literal(v, Float)))) for v in values]
    assert found == [histogram.bucket_of(v) for v in values]


async def test_the_cron_job_repairs(harness: Harness) -> None:
    from workers.analytics import repair_rollups

    await add_finished(
        harness.sessionmaker, harness.owner, finished_at=datetime.now(UTC) - timedelta(hours=1)
    )
    report = await repair_rollups({"sessionmaker": harness.sessionmaker})
    assert report["rows"] == 2  # the job's hour: its owner's row and the all-users row
    assert [r.jobs for r in await rollup_rows(harness.sessionmaker)] == [1]


async def test_a_final_job_without_a_finish_time_moves_and_is_left_out(harness: Harness) -> None:
    from domain.jobs.transitions import transition

    # a transition to a final status that sets no finished_at (no hour to count it in)
    job_id = await harness.add_job(enqueued=False)
    async with harness.sessionmaker() as session, session.begin():
        moved = await transition(
            session, job_id=job_id, allowed_from=[JobStatus.QUEUED], to=JobStatus.CANCELLED
        )
    # still moves the job, and the rollup (like its repair) leaves it out
    assert moved is not None and moved.status == JobStatus.CANCELLED
    assert await rollup_rows(harness.sessionmaker) == []
