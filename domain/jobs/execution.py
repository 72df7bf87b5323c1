"""Running one job, domain side: claim it, run its circuit, record the result or the failure.

The worker calls `claim`, then `prepare` and a simulator call, then `complete` or `fail`; each
step commits on its own and returns the events to publish after that commit. Every status change
is a conditional `transition`, so a duplicate delivery claims nothing, and a job the API cancelled
while it ran stays CANCELLED: `complete` loses the race and the result is discarded.

Money: `actual_cost` is the backend's per-task price plus its per-shot price times the shots, set
once, on COMPLETED. A FAILED job costs nothing (`actual_cost` 0). Shots are charged against the
budget at submission by the API and the worker does not refund them: a failed or cancelled run
still used a slot and, for RUNNING cancels, simulator time; a refund policy belongs to the API
(`domain.budgets.shots.release` before `confirm`, or a negative usage row), not here.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from domain.backends.models import Backend
from domain.circuits import InvalidCircuit, hellinger_fidelity, ideal_distribution, parse_circuit
from domain.db import AsyncSession
from domain.errors import DomainError
from domain.events import Event
from domain.execution import Outcome, runner
from domain.execution.errors import CircuitTooLarge, UnsupportedCircuit
from domain.jobs.models import Job, JobStatus, Priority
from domain.jobs.transitions import job_event, queue_event, transition
from domain.providers.sdk_thread import run_in_sdk_thread

if TYPE_CHECKING:
    from qiskit import QuantumCircuit
    from sqlalchemy.ext.asyncio import async_sessionmaker

# A circuit that cannot run: FAILED at once, never retried.
BAD_CIRCUIT = (InvalidCircuit, CircuitTooLarge, UnsupportedCircuit)

Simulate = Callable[[Backend, "QuantumCircuit", int], Awaitable[Outcome]]


@dataclass(frozen=True, slots=True)
class Claim:
    """A job this worker moved to RUNNING, with what running it needs."""

    job_id: uuid.UUID
    backend: Backend
    circuit: str
    shots: int
    priority: Priority
    attempts: int
    details: dict[str, Any] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A parsed circuit and its ideal distribution (None when not computable)."""

    circuit: QuantumCircuit
    ideal: dict[str, float] | None


@dataclass(frozen=True, slots=True)
class Finished:
    status: JobStatus | None  # None: another caller (a cancel) won, nothing was recorded
    events: list[Event]


def _events(job: Job, backend: Backend) -> list[Event]:
    return [job_event(job), queue_event(backend.name)]


async def claim(
    sessionmaker: async_sessionmaker[AsyncSession], job_id: uuid.UUID, *, worker: str
) -> Claim | None:
    """QUEUED -> RUNNING for this worker; None when the job is not QUEUED (or gone)."""
    async with sessionmaker() as session, session.begin():
        row = (
            await session.execute(
                select(Job.status, Backend)
                .join(Backend, Backend.id == Job.backend_id)
                .where(Job.id == job_id)
            )
        ).one_or_none()
        if row is None or row.status != JobStatus.QUEUED:
            return None
        job = await transition(
            session,
            job_id=job_id,
            allowed_from=[JobStatus.QUEUED],
            to=JobStatus.RUNNING,
            note=f"picked up by {worker}",
            started_at=datetime.now(UTC),
            worker=worker,
            attempts=Job.attempts + 1,
        )
        if job is None:
            return None
        backend = row.Backend
    return Claim(
        job_id=job.id,
        backend=backend,
        circuit=job.circuit,
        shots=job.shots,
        priority=Priority(job.priority),
        attempts=job.attempts,
        details=dict(job.details or {}),
        events=_events(job, backend),
    )


@lru_cache(maxsize=512)
def _prepare(source: str) -> Prepared:
    # Parsing and the ideal distribution depend on the text alone; repeated circuits (the common
    # case: the same Bell or GHZ program submitted many times) skip both. Errors are not cached.
    circuit = parse_circuit(source).circuit
    return Prepared(circuit=circuit, ideal=ideal_distribution(circuit))


def prepare_blocking(source: str, backend: Backend) -> Prepared:
    """Parse and check against the backend; raises a BAD_CIRCUIT error. Call on the SDK thread."""
    prepared = _prepare(source)
    runner.check(backend, prepared.circuit)
    return prepared


async def prepare(source: str, backend: Backend) -> Prepared:
    return await run_in_sdk_thread(lambda: prepare_blocking(source, backend))


async def simulate_one(backend: Backend, circuit: QuantumCircuit, shots: int) -> Outcome:
    """One circuit, one simulator call, on the SDK thread."""
    return await run_in_sdk_thread(lambda: runner.run(backend, circuit, shots))


def actual_cost(backend: Backend, shots: int) -> Decimal:
    return Decimal(backend.price_per_task) + Decimal(backend.price_per_shot) * shots


async def complete(
    sessionmaker: async_sessionmaker[AsyncSession], job: Claim, prepared: Prepared, outcome: Outcome
) -> Finished:
    """RUNNING -> COMPLETED with the counts; None status when the job left RUNNING meanwhile."""
    fidelity = (
        hellinger_fidelity(outcome.counts, prepared.ideal)
        if prepared.ideal and outcome.counts
        else None
    )
    details = dict(job.details)
    if outcome.physical_qubits is not None:
        details["physical_qubits"] = list(outcome.physical_qubits)
    async with sessionmaker() as session, session.begin():
        row = await transition(
            session,
            job_id=job.job_id,
            allowed_from=[JobStatus.RUNNING],
            to=JobStatus.COMPLETED,
            note=f"{sum(outcome.counts.values())} shots in {outcome.execution_ms:.1f} ms",
            finished_at=datetime.now(UTC),
            counts=outcome.counts,
            fidelity=fidelity,
            execution_ms=outcome.execution_ms,
            simulation_method=outcome.method,
            actual_cost=actual_cost(job.backend, job.shots),
            details=details,
        )
    if row is None:
        return Finished(None, [])
    return Finished(JobStatus.COMPLETED, _events(row, job.backend))


async def fail(
    sessionmaker: async_sessionmaker[AsyncSession],
    job: Claim,
    error: DomainError,
    *,
    allowed_from: tuple[JobStatus, ...] = (JobStatus.RUNNING,),
) -> Finished:
    """RUNNING -> FAILED with the error's code and message; costs nothing."""
    async with sessionmaker() as session, session.begin():
        row = await transition(
            session,
            job_id=job.job_id,
            allowed_from=allowed_from,
            to=JobStatus.FAILED,
            note=f"failed: {error.code}",
            finished_at=datetime.now(UTC),
            error_code=error.code,
            error_message=str(error),
            actual_cost=Decimal(0),
        )
    if row is None:
        return Finished(None, [])
    return Finished(JobStatus.FAILED, _events(row, job.backend))


async def hand_back(
    sessionmaker: async_sessionmaker[AsyncSession], job: Claim, *, note: str
) -> Finished:
    """RUNNING -> QUEUED (shutdown, transient fault): another delivery will run it."""
    async with sessionmaker() as session, session.begin():
        row = await transition(
            session,
            job_id=job.job_id,
            allowed_from=[JobStatus.RUNNING],
            to=JobStatus.QUEUED,
            note=note,
            started_at=None,
            worker=None,
        )
    if row is None:
        return Finished(None, [])
    return Finished(JobStatus.QUEUED, _events(row, job.backend))
