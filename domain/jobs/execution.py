"""Running one job, domain side: claim it, record its result or failure, watch for a cancel.

The worker calls `claim`, has the circuit parsed, checked and simulated in a simulation process
(`domain.execution.pool`), then calls `complete` or `fail`; each step commits on its own and
returns the events to publish after that commit, so no transaction is open while a circuit runs.
Every status change is conditional (a batch's claims and records are one statement each, in
`domain.jobs.batch_transitions`), so a duplicate delivery claims nothing, and a job the API
cancelled while it ran stays CANCELLED: `complete` loses the race and the result is discarded.
`still_running` is how the worker learns of a cancel and stops the computation.

Fairness: a heavy job (admission estimated `HeavyLane.seconds` or more) is claimed only while
its owner has fewer than `HeavyLane.per_user` heavy jobs RUNNING on any worker; otherwise it
stays QUEUED and the claim answers `Waiting`, and the worker delivers it again a little later.
The count is taken under a per-owner advisory lock, so two workers never both take the last slot.

Attempts count the runs a job is charged for: `claim` adds one and `hand_back` (a shutdown, a
transient fault: not the job's doing) gives it back.

Money: `actual_cost` is the backend's per-task price plus its per-shot price times the shots, set
once, on COMPLETED. A FAILED job costs nothing (`actual_cost` 0). Shots are charged against the
budget at submission by the API and the worker does not refund them: a failed or cancelled run
still used a slot and, for RUNNING cancels, simulator time; a refund policy belongs to the API
(`domain.budgets.shots.release` before `confirm`, or a negative usage row), not here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import func, select

from domain.errors import DomainError
from domain.events import Event
from domain.execution import BackendSpec, Ran, Refused
from domain.jobs import batch_transitions as batched
from domain.jobs.models import ESTIMATED_SECONDS, Job, JobStatus, Priority
from domain.jobs.transitions import job_changed, queue_event, transition
from domain.notifications.send import notification_event

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


@dataclass(frozen=True, slots=True)
class ClaimedBackend:
    """The catalog fields running and pricing a claimed job read, from the claim's statement."""

    id: int
    name: str
    provider: str
    num_qubits: int
    simulation_method: str | None
    price_per_task: Decimal
    price_per_shot: Decimal


@dataclass(frozen=True, slots=True)
class Claim:
    """A job this worker moved to RUNNING, with what running it needs."""

    job_id: uuid.UUID
    backend: ClaimedBackend
    circuit: str
    shots: int
    priority: Priority
    attempts: int
    details: dict[str, Any] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)

    @property
    def spec(self) -> BackendSpec:
        return BackendSpec.of(self.backend)


@dataclass(frozen=True, slots=True)
class Finished:
    status: JobStatus | None  # None: another caller (a cancel) won, nothing was recorded
    events: list[Event]


def _events(job_id: uuid.UUID, backend: ClaimedBackend) -> list[Event]:
    return [job_changed(job_id), queue_event(backend.name)]


@dataclass(frozen=True, slots=True)
class HeavyLane:
    """How many heavy jobs (estimated at `seconds` or more) one user may have RUNNING."""

    seconds: float
    per_user: int


@dataclass(frozen=True, slots=True)
class Waiting:
    """A heavy job left QUEUED: its owner's heavy lane is full. Deliver it again later."""

    job_id: uuid.UUID


async def claim(
    sessionmaker: async_sessionmaker[AsyncSession],
    job_id: uuid.UUID,
    *,
    worker: str,
    heavy: HeavyLane | None = None,
) -> Claim | Waiting | None:
    """QUEUED -> RUNNING for this worker; None when the job is not QUEUED (or gone)."""
    return (await claim_many(sessionmaker, [job_id], worker=worker, heavy=heavy)).get(job_id)


async def claim_many(
    sessionmaker: async_sessionmaker[AsyncSession],
    job_ids: Sequence[uuid.UUID],
    *,
    worker: str,
    heavy: HeavyLane | None = None,
) -> dict[uuid.UUID, Claim | Waiting]:
    """`claim` for several jobs in one transaction; the ones not QUEUED are left out.

    One statement claims every QUEUED job that is not heavy, writes their history and reads
    their backends. Only when some job is left over and a heavy lane applies (a heavy job, or a
    duplicate delivery) does the counted, locked path below run, for those jobs alone.
    """
    ids = sorted(set(job_ids))
    async with batched.single_statement(sessionmaker) as session:
        rows = (await session.execute(batched.claim_statement(ids, worker, heavy))).all()
    claims: dict[uuid.UUID, Claim | Waiting] = {row.id: _claim(row) for row in rows}
    left = [i for i in ids if i not in claims]
    if heavy is not None and left:
        async with sessionmaker() as session, session.begin():
            claims.update(await _claim_heavy(session, left, worker=worker, heavy=heavy))
    return claims


def _claim(row: Any) -> Claim:
    backend = ClaimedBackend(
        id=row.backend_id,
        name=row.backend_name,
        provider=row.provider,
        num_qubits=row.num_qubits,
        simulation_method=row.simulation_method,
        price_per_task=row.price_per_task,
        price_per_shot=row.price_per_shot,
    )
    return Claim(
        job_id=row.id,
        backend=backend,
        circuit=row.circuit,
        shots=row.shots,
        priority=Priority(row.priority),
        attempts=row.attempts,
        details=dict(row.details or {}),
        events=_events(row.id, backend),
    )


async def _claim_heavy(
    session: AsyncSession, job_ids: Sequence[uuid.UUID], *, worker: str, heavy: HeavyLane
) -> dict[uuid.UUID, Claim | Waiting]:
    """Heavy jobs: claimed only while their owner's heavy lane has room (see the docstring)."""
    claims: dict[uuid.UUID, Claim | Waiting] = {}
    rows = (
        await session.execute(
            select(Job.id, Job.status, Job.owner_id, Job.details)
            .where(Job.id.in_(job_ids), Job.status == JobStatus.QUEUED)
            .order_by(Job.id)  # a fixed lock order: two claimers never deadlock
        )
    ).all()
    room = await _heavy_room(session, rows, heavy)
    taken: list[uuid.UUID] = []
    for row in rows:
        if _estimated(row.details) >= heavy.seconds:
            if room.get(row.owner_id, 0) <= 0:
                claims[row.id] = Waiting(row.id)
                continue
            room[row.owner_id] -= 1
        taken.append(row.id)
    if taken:
        found = await session.execute(batched.claim_statement(taken, worker, None))
        claims.update({row.id: _claim(row) for row in found})
    return claims


def _estimated(details: dict[str, Any] | None) -> float:
    value = (details or {}).get(ESTIMATED_SECONDS)
    return float(value) if isinstance(value, int | float) else 0.0


async def _heavy_room(
    session: AsyncSession, rows: Sequence[Any], heavy: HeavyLane | None
) -> dict[uuid.UUID, int]:
    """Free heavy slots per owner of the heavy QUEUED jobs in `rows`, under per-owner locks."""
    if heavy is None:
        return {}
    owners = sorted(
        {
            row.owner_id
            for row in rows
            if row.status == JobStatus.QUEUED and _estimated(row.details) >= heavy.seconds
        }
    )
    if not owners:
        return {}
    for owner in owners:  # sorted: a fixed lock order across claimers
        await session.execute(
            select(func.pg_advisory_xact_lock(func.hashtextextended(str(owner), 0)))
        )
    running = dict(
        (
            await session.execute(
                select(Job.owner_id, func.count())
                .where(
                    Job.owner_id.in_(owners),
                    Job.status == JobStatus.RUNNING,
                    Job.details[ESTIMATED_SECONDS].as_float() >= heavy.seconds,
                )
                .group_by(Job.owner_id)
            )
        ).all()
    )
    return {owner: heavy.per_user - int(running.get(owner, 0)) for owner in owners}


class Priced(Protocol):
    """A backend's prices: a catalog row or a claim's backend."""

    @property
    def price_per_task(self) -> Decimal: ...

    @property
    def price_per_shot(self) -> Decimal: ...


def actual_cost(backend: Priced, shots: int) -> Decimal:
    return Decimal(backend.price_per_task) + Decimal(backend.price_per_shot) * shots


async def complete(
    sessionmaker: async_sessionmaker[AsyncSession], job: Claim, ran: Ran
) -> Finished:
    """RUNNING -> COMPLETED with the counts; None status when the job left RUNNING meanwhile."""
    [finished] = await record_many(sessionmaker, [(job, ran)])
    return finished


async def fail(
    sessionmaker: async_sessionmaker[AsyncSession],
    job: Claim,
    error: DomainError,
    *,
    allowed_from: tuple[JobStatus, ...] = (JobStatus.RUNNING,),
) -> Finished:
    """RUNNING -> FAILED with the error's code and message; costs nothing."""
    outcome = batched.failed(job.job_id, error.code, str(error))
    async with batched.single_statement(sessionmaker) as session:
        done = await batched.record(session, [outcome], allowed_from=allowed_from)
    return _finished(job, done)


async def record_many(
    sessionmaker: async_sessionmaker[AsyncSession], results: Sequence[tuple[Claim, Ran | Refused]]
) -> list[Finished]:
    """`complete` or `fail` for each job of a batch: one statement and one commit, not 2N."""
    outcomes = [_outcome(job, result) for job, result in results]
    async with batched.single_statement(sessionmaker) as session:
        done = await batched.record(session, outcomes)
    return [_finished(job, done) for job, _ in results]


def _outcome(job: Claim, result: Ran | Refused) -> batched.Outcome:
    if isinstance(result, Refused):
        return batched.failed(job.job_id, result.code, result.message)
    outcome = result.outcome
    details = dict(job.details)
    if outcome.physical_qubits is not None:
        details["physical_qubits"] = list(outcome.physical_qubits)
    return batched.Outcome(
        job_id=job.job_id,
        status=JobStatus.COMPLETED,
        note=f"{sum(outcome.counts.values())} shots in {outcome.execution_ms:.1f} ms",
        counts=outcome.counts,
        fidelity=result.fidelity,
        execution_ms=outcome.execution_ms,
        simulation_method=outcome.method,
        actual_cost=actual_cost(job.backend, job.shots),
        details=details,
    )


def _finished(job: Claim, done: batched.Recorded) -> Finished:
    status = done.get(job.job_id)
    if status is None:
        return Finished(None, [])
    told = notification_event(done.owners[job.job_id])  # JOB_FINISHED (de-duplicated per trip)
    return Finished(status, [*_events(job.job_id, job.backend), told])


async def hand_back(
    sessionmaker: async_sessionmaker[AsyncSession], job: Claim, *, note: str
) -> Finished:
    """RUNNING -> QUEUED (shutdown, transient fault): another delivery will run it.

    Not the job's doing, so the attempt its claim charged is given back.
    """
    async with sessionmaker() as session, session.begin():
        row = await transition(
            session,
            job_id=job.job_id,
            allowed_from=[JobStatus.RUNNING],
            to=JobStatus.QUEUED,
            note=note,
            started_at=None,
            worker=None,
            attempts=Job.attempts - 1,
        )
    if row is None:
        return Finished(None, [])
    return Finished(JobStatus.QUEUED, _events(job.job_id, job.backend))


async def still_running(
    sessionmaker: async_sessionmaker[AsyncSession], job_ids: Iterable[uuid.UUID], *, worker: str
) -> set[uuid.UUID]:
    """Which of these jobs are still RUNNING on this worker (the rest were cancelled or taken)."""
    ids = list(job_ids)
    if not ids:
        return set()
    async with sessionmaker() as session:
        rows = await session.scalars(
            select(Job.id).where(
                Job.id.in_(ids), Job.status == JobStatus.RUNNING, Job.worker == worker
            )
        )
        return set(rows)
