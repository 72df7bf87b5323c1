"""The job path costs a constant number of SQL statements and Redis round trips per batch.

A claim of N jobs is one statement, a record of N results is one, a submission of N jobs costs
what a submission of one does, and the enqueue of a batch (arq's keys, the wake-up, the
events) is one Redis call. Real PostgreSQL and Redis; the statements are counted on the engine.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, select, update

from domain.circuits import sandbox
from domain.events import Event, channel
from domain.execution import Outcome, Ran, Refused
from domain.jobs import execution
from domain.jobs.models import ESTIMATED_SECONDS, Job, JobStatus
from domain.jobs.queue import WAKE_CHANNEL, arq_job_id, enqueue_many
from tests.identity import make_user
from tests.integration.test_job_submission import BELL, SUBMIT_MANY, post
from tests.integration.test_worker_runs_jobs import Harness, harness
from workers.publishing import EventPipeline

__all__ = ["harness"]

LANE = execution.HeavyLane(seconds=2.0, per_user=1)


class Counted:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(statement)


@pytest.fixture
def counted(harness: Harness) -> Iterator[Counted]:
    engine = harness.sessionmaker.kw["bind"].sync_engine
    counter = Counted()
    event.listen(engine, "before_cursor_execute", counter)
    yield counter
    event.remove(engine, "before_cursor_execute", counter)


def _ran(shots: int = 100) -> Ran:
    counts = {"00": shots // 2, "11": shots - shots // 2}
    outcome = Outcome(counts=counts, shots=shots, method="stabilizer", execution_ms=1.5)
    return Ran(outcome=outcome, fidelity=0.99)


@pytest.mark.parametrize("size", [1, 16])
async def test_a_claim_is_one_statement_whatever_its_size(harness, counted, size):
    # given `size` QUEUED jobs
    job_ids = [await harness.add_job(enqueued=False) for _ in range(size)]
    counted.statements.clear()
    # when one worker claims them all, with the heavy lane on
    claims = await execution.claim_many(harness.sessionmaker, job_ids, worker="w:1:a", heavy=LANE)
    # then one statement moved every one to RUNNING, with its history and its backend
    assert len(counted.statements) == 1, counted.statements
    assert sorted(claims) == sorted(job_ids)
    for job_id in job_ids:
        claim = claims[job_id]
        assert isinstance(claim, execution.Claim)
        assert claim.attempts == 1 and claim.shots == 2000 and claim.backend.name == "aer_simulator"
        assert [e.key for e in claim.events] == [str(job_id), "aer_simulator"]
        job = await harness.job(job_id)
        assert job.status == JobStatus.RUNNING and job.worker == "w:1:a" and job.started_at
        assert await harness.history(job_id) == [
            ("QUEUED", "submitted"),
            ("RUNNING", "picked up by w:1:a"),
        ]


async def test_a_second_claim_of_the_same_jobs_claims_nothing(harness, counted):
    job_ids = [await harness.add_job(enqueued=False) for _ in range(3)]
    await execution.claim_many(harness.sessionmaker, job_ids, worker="w:1:a")
    # when another worker (a duplicate delivery) claims them again
    again = await execution.claim_many(harness.sessionmaker, job_ids, worker="w:2:b", heavy=LANE)
    # then nothing is claimed, nothing is written, and the jobs stay the first worker's
    assert again == {}
    for job_id in job_ids:
        assert (await harness.job(job_id)).worker == "w:1:a"
        assert len(await harness.history(job_id)) == 2


async def test_a_heavy_job_in_a_batch_takes_the_counted_path_and_the_light_ones_do_not(harness):
    light = await harness.add_job(enqueued=False)
    heavy = [await harness.add_job(enqueued=False) for _ in range(2)]
    async with harness.sessionmaker() as session, session.begin():
        await session.execute(
            update(Job).where(Job.id.in_(heavy)).values(details={ESTIMATED_SECONDS: 30.0})
        )
    claims = await execution.claim_many(
        harness.sessionmaker, [light, *heavy], worker="w:1:a", heavy=LANE
    )
    # the light job and one heavy job run; the owner's lane holds one, so the other waits
    assert isinstance(claims[light], execution.Claim)
    kinds = sorted(type(claims[job_id]).__name__ for job_id in heavy)
    assert kinds == ["Claim", "Waiting"]


async def test_recording_a_batch_is_one_statement_and_a_cancelled_job_keeps_its_state(
    harness, counted
):
    job_ids = [await harness.add_job(enqueued=False) for _ in range(16)]
    claims = await execution.claim_many(harness.sessionmaker, job_ids, worker="w:1:a")
    # given one job cancelled while it ran
    cancelled = job_ids[5]
    async with harness.sessionmaker() as session, session.begin():
        await session.execute(
            update(Job).where(Job.id == cancelled).values(status=JobStatus.CANCELLED)
        )
    results: list[tuple[execution.Claim, Ran | Refused]] = []
    for index, job_id in enumerate(job_ids):
        claim = claims[job_id]
        assert isinstance(claim, execution.Claim)
        results.append(
            (claim, Refused("TIME_LIMIT_EXCEEDED", "too long") if index == 3 else _ran())
        )
    counted.statements.clear()
    # when the batch's results are recorded
    finished = await execution.record_many(harness.sessionmaker, results)
    # then one statement wrote them all
    assert len(counted.statements) == 1, counted.statements
    statuses = [f.status for f in finished]
    assert statuses.count(JobStatus.COMPLETED) == 14
    assert statuses[3] == JobStatus.FAILED and statuses[5] is None and finished[5].events == []
    done = await harness.job(job_ids[0])
    assert done.status == JobStatus.COMPLETED and done.counts == {"00": 50, "11": 50}
    assert done.fidelity == pytest.approx(0.99) and done.execution_ms == pytest.approx(1.5)
    assert done.actual_cost == execution.actual_cost(claims[job_ids[0]].backend, 2000)
    assert done.finished_at is not None and done.error_code is None
    assert (await harness.history(job_ids[0]))[-1] == ("COMPLETED", "100 shots in 1.5 ms")
    failed = await harness.job(job_ids[3])
    assert failed.status == JobStatus.FAILED and failed.counts is None
    assert (failed.error_code, failed.error_message) == ("TIME_LIMIT_EXCEEDED", "too long")
    assert failed.actual_cost == Decimal(0) and failed.details == {}
    assert (await harness.history(job_ids[3]))[-1] == ("FAILED", "failed: TIME_LIMIT_EXCEEDED")
    # and the cancelled job kept its state, with no history row for the lost race
    assert (await harness.job(cancelled)).status == JobStatus.CANCELLED
    assert [s for s, _ in await harness.history(cancelled)] == ["QUEUED", "RUNNING"]
    # and recording again changes nothing: every job has left RUNNING
    again = await execution.record_many(harness.sessionmaker, results)
    assert all(f.status is None for f in again)


async def test_an_enqueue_of_a_batch_is_one_redis_call(harness):
    redis = harness.queue
    job_ids = [uuid.uuid4() for _ in range(20)]
    pubsub = redis.pubsub()
    await pubsub.subscribe(WAKE_CHANNEL, channel("job"))
    await pubsub.get_message(timeout=1)
    await pubsub.get_message(timeout=1)
    before = await redis.info("commandstats")
    # when 20 jobs are enqueued with an event
    queued = await enqueue_many(
        redis, job_ids, events=[Event("job", str(job_ids[0]), "status_changed")]
    )
    after = await redis.info("commandstats")
    # then one call queued them all as arq does, woke the workers and published the event
    assert queued == [True] * 20
    calls = {k: after[k]["calls"] - before.get(k, {"calls": 0})["calls"] for k in after}
    assert calls.get("cmdstat_eval") == 1 and not calls.get("cmdstat_watch")
    for job_id in job_ids:
        assert await redis.zscore("arq:queue", arq_job_id(job_id)) is not None
        assert 0 < await redis.pttl(f"arq:job:{arq_job_id(job_id)}") <= 86_400_000
    heard = [await pubsub.get_message(timeout=1) for _ in range(2)]
    assert [m["channel"] for m in heard if m] == [WAKE_CHANNEL.encode(), channel("job").encode()]
    # and a second enqueue of the same jobs is refused, as arq refuses a known id
    assert await enqueue_many(redis, job_ids[:2]) == [False, False]
    await pubsub.aclose()


async def test_submit_jobs_costs_the_same_statements_whatever_its_size(app, client, sql_statements):
    user = await make_user(app)
    counts: dict[int, list[str]] = {}
    for size in (1, 1, 40):  # the first one also fills the owner's shot-budget window
        inputs = [{"backend": "aer_simulator", "circuit": BELL, "shots": 100}] * size
        sql_statements.statements.clear()
        body = await post(client, user, SUBMIT_MANY, {"inputs": inputs})
        assert body["data"]["submitJobs"]["__typename"] == "SubmitJobsSuccess", body
        counts[size] = list(sql_statements.statements)
    # the backends, the owner's shot budget, the month's spending reservation (one upsert for
    # the whole batch), the jobs with their history, the shot usage
    assert len(counts[40]) == len(counts[1]) == 5, counts
    assert len([s for s in counts[40] if "spending_months" in s]) == 1, counts[40]
    assert len([s for s in counts[40] if "INSERT INTO jobs" in s or "shot_usage" in s]) == 2
    async with app.state.services.sessionmaker() as session:
        rows = (await session.scalars(select(Job).where(Job.owner_id == user.id))).all()
    assert len(rows) == 42 and {r.status for r in rows} == {JobStatus.QUEUED}


SMALL_FLAT = [BELL, BELL.replace("h q[0];", "rz(pi/4) q[0];\nbarrier q;")]
SANDBOXED = [
    BELL.replace("OPENQASM 3.0;", "OPENQASM 2.0;"),  # not OpenQASM 3
    BELL.replace("h q[0];", "gate g a { h a; }\ng q[0];"),  # a gate definition
    BELL.replace("h q[0];", "for int i in [0:3] { h q[0]; }"),  # a loop
    BELL.replace("qubit[2] q;", "qubit[40] q;"),  # more qubits than the fast path takes
    BELL + "// " + "x" * 2100 + "\n",  # too long
    BELL.replace("h q[0];", "h q[0];\x00"),  # a control character: the sandbox reports it
]


@pytest.mark.parametrize("text", SMALL_FLAT)
def test_small_flat_programs_parse_in_process(text):
    assert sandbox.parses_in_process(text)


@pytest.mark.parametrize("text", SANDBOXED)
def test_anything_else_goes_to_the_sandbox(text):
    assert not sandbox.parses_in_process(text)


async def test_events_told_in_one_turn_leave_in_one_pipeline(harness):
    redis = harness.queue
    pipeline = EventPipeline(redis)
    pubsub = redis.pubsub()
    await pubsub.subscribe(channel("job"))
    await pubsub.get_message(timeout=1)
    keys = [str(uuid.uuid4()) for _ in range(16)]
    # when 16 deliveries each tell their event in the same turn of the loop
    told = [pipeline.tell([Event("job", key, "status_changed")]) for key in keys]
    await asyncio.gather(*told)
    # then one pipeline carried them all, and every one arrived
    assert pipeline.trips == 1
    heard = [await pubsub.get_message(timeout=1) for _ in keys]
    assert [json.loads(m["data"])["key"] for m in heard if m] == keys
    # and what is told in a later turn goes in a trip of its own
    await pipeline.tell([Event("job", keys[0], "status_changed")])
    assert pipeline.trips == 2
    await pubsub.aclose()
