"""Remote jobs on real PostgreSQL and Redis: sent by the worker, moved on by the poller.

The remote provider is `StandInProvider` (tests/integration/provider_support.py): held QUEUED,
made unreachable and brought back at will; grouping runs the real IBM adapter in
qiskit-ibm-runtime's local testing mode.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from domain.backends.models import Backend, BackendStatus
from domain.errors import BackendUnavailable
from domain.jobs.models import Job, JobStatus, Priority
from domain.jobs.reconciler import reconcile
from domain.jobs.submission import JobRequest, check_backend
from domain.jobs.transitions import transition
from domain.providers import poller
from domain.providers.breaker import Breaker
from domain.providers.ibm_runtime import IbmRuntimeAdapter
from domain.providers.models import ProviderJob, ProviderJobMember, ProviderState
from domain.providers.registry import adapter_for, use_adapter
from tests.integration.provider_support import STANDIN_BACKEND, StandInProvider, add_backend
from tests.integration.test_worker_runs_jobs import BELL, Harness, harness  # noqa: F401

BREAKER = Breaker(threshold=3, open_s=30.0)


@pytest.fixture
def standin() -> Iterator[StandInProvider]:
    provider = StandInProvider()
    remove = use_adapter(provider)
    yield provider
    remove()


@pytest.fixture
async def remote(harness: Harness, standin: StandInProvider) -> AsyncIterator[Harness]:  # noqa: F811
    await add_backend(harness.sessionmaker)
    yield harness


_ahead = [0]


def later() -> datetime:
    """A sweep's clock far enough ahead that every provider job is due: each call moves it a
    day further, past any backoff or lease an earlier sweep set."""
    _ahead[0] += 1
    return datetime.now(UTC) + timedelta(days=_ahead[0])


async def sweep(h: Harness, at: datetime | None = None) -> poller.Sweep:
    return await poller.sweep(h.sessionmaker, adapter_for, breaker=BREAKER, now=at or later())


async def provider_jobs(h: Harness) -> list[ProviderJob]:
    async with h.sessionmaker() as session:
        return list(await session.scalars(select(ProviderJob).order_by(ProviderJob.submitted_at)))


async def test_a_remote_job_is_sent_released_and_polled_to_completion_once(
    remote: Harness, standin: StandInProvider
) -> None:
    job_id = await remote.add_job(STANDIN_BACKEND, priority=Priority.HIGH, shots=300)
    await remote.drain()  # the worker sends it and is gone: it held no slot while it waits
    job = await remote.job(job_id)
    assert job.status == JobStatus.RUNNING
    assert job.provider_job_id and job.provider_job_id.startswith("standin-")
    assert job.provider_status == "SUBMITTED" and job.worker is None
    assert standin.calls["submit"] == 1

    report = await sweep(remote)  # queued at the provider
    assert report.polled == 1 and report.finished == 0
    assert (await remote.job(job_id)).provider_status == "Waiting"

    # The worker that sent it is dead (its liveness key long gone): the reconciler must leave
    # a job the poller owns alone, whatever its age.
    await remote.queue.flushdb()
    async with remote.sessionmaker() as session, session.begin():
        await session.execute(
            Job.__table__.update()
            .where(Job.id == job_id)
            .values(started_at=datetime.now(UTC) - timedelta(hours=1))
        )
    recovered = await reconcile(remote.sessionmaker, remote.queue)
    assert job_id not in recovered.recovered and job_id not in recovered.failed
    assert (await remote.job(job_id)).status == JobStatus.RUNNING

    standin.hold = False
    at = later()  # concurrent sweeps on one clock: one claims it, the others find it leased
    reports = await asyncio.gather(*(sweep(remote, at) for _ in range(4)))
    assert sum(r.recorded for r in reports) == 1
    assert sum(r.finished for r in reports) == 1
    job = await remote.job(job_id)
    assert job.status == JobStatus.COMPLETED
    assert job.counts and sum(job.counts.values()) == 300 and set(job.counts) <= {"00", "11"}
    assert job.provider_status == "Succeeded"
    assert job.actual_cost == Decimal("3.000000")  # the provider's charge: 300 shots x 0.01
    assert job.details["quantum_seconds"] == pytest.approx(0.3)
    assert "provider_finished_at" in job.details
    assert (await remote.completed_rows())[job_id] == 1
    assert standin.calls["result"] == 1
    again = await sweep(remote)
    assert again.claimed == 0 and (await remote.completed_rows())[job_id] == 1
    [provider_job] = await provider_jobs(remote)
    assert provider_job.state == "DONE" and provider_job.quantum_seconds == pytest.approx(0.3)


async def test_one_sweep_moves_many_waiting_provider_jobs_in_batched_statements(
    remote: Harness, standin: StandInProvider
) -> None:
    ids = [await remote.add_job(STANDIN_BACKEND, priority=Priority.HIGH) for _ in range(5)]
    await remote.drain()
    assert standin.calls["submit"] == 5  # HIGH: each alone
    report = await sweep(remote)
    assert report.polled == 5 and standin.calls["status"] == 1  # one call for all of them
    for job_id in ids:
        job = await remote.job(job_id)
        assert job.status == JobStatus.RUNNING and job.provider_status == "Waiting"
    jobs = await provider_jobs(remote)
    assert all(j.poll_attempts == 1 and j.provider_status == "Waiting" for j in jobs)
    standin.hold = False
    assert (await sweep(remote)).recorded == 5
    statuses = [(await remote.job(job_id)).status for job_id in ids]
    assert statuses == [JobStatus.COMPLETED] * 5


async def test_a_sweep_costs_the_same_statements_for_any_number_of_jobs(
    remote: Harness, standin: StandInProvider
) -> None:
    from sqlalchemy import event

    engine = remote.sessionmaker.kw["bind"].sync_engine
    counts: list[int] = []
    for size in (2, 6):
        ids = [await remote.add_job(STANDIN_BACKEND, priority=Priority.HIGH) for _ in range(size)]
        await remote.drain()
        for hold in (True, False):
            standin.hold = hold
            statements: list[str] = []

            def count(*args: Any, seen: list[str] = statements) -> None:
                seen.append(args[2])

            event.listen(engine, "before_cursor_execute", count)
            try:
                report = await sweep(remote)
            finally:
                event.remove(engine, "before_cursor_execute", count)
            assert report.claimed == size
            counts.append(len(statements))
        assert [(await remote.job(i)).status for i in ids] == [JobStatus.COMPLETED] * size
    # waiting, then recorded; the same for 2 and for 6 provider jobs
    assert counts[:2] == counts[2:], counts
    assert counts[0] <= 6 and counts[1] <= 7, counts


async def test_sweeps_that_both_fetch_a_result_record_it_once(
    remote: Harness, standin: StandInProvider
) -> None:
    # Sweeps on clocks a day apart: each finds the others' leases expired, so more than one
    # may claim the provider job and fetch its result (a redelivery); only one records it.
    job_id = await remote.add_job(STANDIN_BACKEND, priority=Priority.HIGH, shots=100)
    await remote.drain()
    standin.hold = False
    reports = await asyncio.gather(*(sweep(remote) for _ in range(3)))
    assert standin.calls["result"] >= 1
    assert sum(r.recorded for r in reports) == 1
    assert (await remote.completed_rows())[job_id] == 1
    assert (await remote.job(job_id)).status == JobStatus.COMPLETED


async def test_an_unreachable_provider_loses_nothing_and_its_backends_come_back(
    remote: Harness, standin: StandInProvider
) -> None:
    job_id = await remote.add_job(STANDIN_BACKEND, priority=Priority.HIGH)
    await remote.drain()
    standin.reachable = False
    at = datetime.now(UTC)
    events: list[Any] = []
    for _ in range(BREAKER.threshold):
        at += timedelta(minutes=10)
        report = await sweep(remote, at)
        events += report.events
        assert report.unreachable == ["IBM_QUANTUM"]
    assert [(e.topic, e.key) for e in events] == [("backend", STANDIN_BACKEND)]
    job = await remote.job(job_id)
    assert job.status == JobStatus.RUNNING and job.error_code is None  # never failed for it
    async with remote.sessionmaker() as session:
        backend = (
            await session.execute(select(Backend).where(Backend.name == STANDIN_BACKEND))
        ).scalar_one()
        state = await session.get(ProviderState, "IBM_QUANTUM")
    assert backend.status == BackendStatus.UNAVAILABLE
    assert state is not None and not state.reachable and state.open_until is not None
    request = JobRequest(circuit=BELL, backend=STANDIN_BACKEND, shots=100)
    with pytest.raises(BackendUnavailable):
        check_backend(backend, request)  # new submissions are refused

    # While the breaker is open the provider is not called at all.
    calls = standin.calls["status"]
    open_sweep = await sweep(remote, state.open_until - timedelta(seconds=1))
    assert standin.calls["status"] == calls and open_sweep.unreachable == []

    standin.reachable = True
    standin.hold = False
    back = await sweep(remote, state.open_until + timedelta(hours=1))
    assert ("backend", STANDIN_BACKEND) in [(e.topic, e.key) for e in back.events]
    assert back.recorded == 1
    job = await remote.job(job_id)
    assert job.status == JobStatus.COMPLETED and job.counts
    async with remote.sessionmaker() as session:
        status = await session.scalar(select(Backend.status).where(Backend.name == STANDIN_BACKEND))
    assert status == BackendStatus.ONLINE


async def test_a_provider_down_at_submission_hands_the_job_back(
    remote: Harness, standin: StandInProvider
) -> None:
    standin.reachable = False
    job_id = await remote.add_job(STANDIN_BACKEND, priority=Priority.HIGH)
    await remote.drain()  # each delivery hands it back and retries later, until arq gives up
    job = await remote.job(job_id)
    assert job.status == JobStatus.QUEUED and job.provider_job_id is None
    assert "handed back" in (await remote.history(job_id))[-1][1]
    async with remote.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(ProviderJob)) == 0


async def test_a_circuit_too_large_fails_alone_and_its_group_is_sent(
    remote: Harness, standin: StandInProvider
) -> None:
    wide = (
        'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[6];\ncreg c[6];\nh q[0];\nmeasure q -> c;\n'
    )
    ok = [await remote.add_job(STANDIN_BACKEND) for _ in range(2)]
    too_large = await remote.add_job(STANDIN_BACKEND, circuit=wide)
    await remote.drain()
    failed = await remote.job(too_large)
    assert failed.status == JobStatus.FAILED and failed.error_code == "CIRCUIT_TOO_LARGE"
    assert failed.provider_job_id is None
    [provider_job] = await provider_jobs(remote)
    assert provider_job.size == 2 and standin.calls["submit"] == 1
    for job_id in ok:
        assert (await remote.job(job_id)).provider_job_id == provider_job.provider_job_id


async def test_circuits_the_provider_refuses_fail_their_jobs(
    remote: Harness, standin: StandInProvider
) -> None:
    standin.refuse = True
    job_id = await remote.add_job(STANDIN_BACKEND, priority=Priority.HIGH)
    await remote.drain()
    job = await remote.job(job_id)
    assert job.status == JobStatus.FAILED and job.error_code == "PROVIDER_REFUSED"
    assert "refused" in (job.error_message or "")
    async with remote.sessionmaker() as session:
        state = await session.get(ProviderState, "IBM_QUANTUM")
    assert state is None or state.failures == 0  # a refusal is no outage


async def test_a_job_whose_provider_is_not_configured_fails_as_unavailable(
    harness: Harness,  # noqa: F811
) -> None:
    await add_backend(harness.sessionmaker)  # a remote backend, but no adapter registered
    job_id = await harness.add_job(STANDIN_BACKEND, priority=Priority.HIGH)
    await harness.drain()
    job = await harness.job(job_id)
    assert job.status == JobStatus.FAILED, await harness.history(job_id)
    assert job.error_code == "BACKEND_UNAVAILABLE"
    assert "not configured" in (job.error_message or "")


async def test_cancel_while_queued_remotely_reaches_the_provider(
    remote: Harness, standin: StandInProvider
) -> None:
    job_id = await remote.add_job(STANDIN_BACKEND, priority=Priority.HIGH)
    await remote.drain()
    async with remote.sessionmaker() as session, session.begin():
        cancelled = await transition(
            session,
            job_id=job_id,
            allowed_from=[JobStatus.RUNNING],
            to=JobStatus.CANCELLED,
            note="cancelled by its owner while running",
            finished_at=datetime.now(UTC),
        )
    assert cancelled is not None
    report = await sweep(remote)
    assert report.cancelled == 1 and standin.calls["cancel"] == 1
    [provider_job] = await provider_jobs(remote)
    assert provider_job.state == "CANCELLED"
    assert standin.jobs[provider_job.provider_job_id].state.value == "CANCELLED"
    standin.hold = False
    assert (await sweep(remote)).claimed == 0  # closed: never polled or cancelled again
    assert standin.calls["cancel"] == 1
    assert (await remote.job(job_id)).status == JobStatus.CANCELLED


async def test_twenty_standard_jobs_share_ibm_provider_jobs_and_keep_their_counts(
    harness: Harness,  # noqa: F811
) -> None:
    adapter = IbmRuntimeAdapter(local_backends=["fake_manila"])
    remove = use_adapter(adapter)
    try:
        [spec] = adapter.list_backends()
        await add_backend(harness.sessionmaker, spec)
        expected: dict[uuid.UUID, str] = {}
        for n in range(20):
            pattern = format(n + 1, "05b")  # clbit 0 rightmost
            flips = "".join(f"x q[{q}];\n" for q in range(5) if pattern[4 - q] == "1")
            circuit = (
                'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[5];\ncreg c[5];\n'
                f"{flips}measure q -> c;\n"
            )
            job_id = await harness.add_job(spec.name, circuit=circuit, shots=200)
            expected[job_id] = pattern
        await harness.drain()
        jobs = await provider_jobs(harness)
        assert 1 <= len(jobs) < 20
        async with harness.sessionmaker() as session:
            members = await session.scalar(select(func.count()).select_from(ProviderJobMember))
        assert members == 20
        for _ in range(200):
            await sweep(harness)
            rows = [await harness.job(job_id) for job_id in expected]
            if all(row.status == JobStatus.COMPLETED for row in rows):
                break
            await asyncio.sleep(0.1)
        for row in rows:
            assert row.status == JobStatus.COMPLETED, row.error_message
            assert row.counts and sum(row.counts.values()) == 200
            assert max(row.counts, key=row.counts.__getitem__) == expected[row.id]
            assert row.provider_job_id in {j.provider_job_id for j in jobs}
            assert row.actual_cost is not None and row.actual_cost > 0
        assert all(count == 1 for count in (await harness.completed_rows()).values())
    finally:
        remove()
