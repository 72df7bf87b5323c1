"""Sending claimed jobs to a remote provider, and recording that they were sent.

The worker claims a job (QUEUED -> RUNNING) as for any backend, then `send` parses the circuits,
asks the breaker, and calls the adapter's `submit` on the SDK thread. `record_sent` stores the
provider job and its members, and stamps each Qraph job with `provider_job_id` and
`provider_status` while releasing it from the worker (`worker` NULL): from there on the poller
moves it, and no worker slot waits on the provider's queue.

A job cancelled between its claim and `record_sent` is not stamped; its provider job is still
stored, and the poller cancels it at the provider (it carries no RUNNING job).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, update

from domain.errors import BackendUnavailable
from domain.events import Event
from domain.execution.errors import UnsupportedCircuit
from domain.jobs.models import Job, JobStatus
from domain.jobs.transitions import job_changed, queue_event
from domain.providers import breaker as breakers
from domain.providers.base import ExecutionAdapter
from domain.providers.models import ProviderJob, ProviderJobMember
from domain.providers.sdk_thread import run_in_sdk_thread

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from domain.jobs.execution import Claim

FIRST_POLL_S = 1.0
SUBMITTED = "SUBMITTED"


@dataclass(frozen=True, slots=True)
class Sent:
    provider_job_id: str
    jobs: list[uuid.UUID]  # the Qraph jobs stamped (still RUNNING when recorded)
    events: list[Event]


class ProviderRefused(UnsupportedCircuit):
    """The provider refused the circuits themselves: the jobs fail (no outage)."""

    code = "PROVIDER_REFUSED"


class ProviderDown(BackendUnavailable):
    """The provider's breaker is open, or the submit call could not reach it (transient).

    `events`: backend status changes the failure caused, committed; publish them."""

    events: list[Event]

    def __init__(self, message: str, *, backend: str, events: list[Event] | None = None) -> None:
        super().__init__(message, backend=backend, status="UNAVAILABLE")
        self.events = events or []


async def prepare(claim: Claim) -> Any:
    """The claim's circuit, parsed and checked against the backend on the SDK thread.

    Raises the typed error (InvalidCircuit, CircuitTooLarge) that fails this job alone."""
    from domain.circuits import parse_circuit
    from domain.execution.errors import CircuitTooLarge

    def parse() -> Any:
        circuit = parse_circuit(claim.circuit).circuit
        if circuit.num_qubits > claim.backend.num_qubits:
            raise CircuitTooLarge(
                circuit.num_qubits, claim.backend.num_qubits, backend=claim.backend.name
            )
        return circuit

    return await run_in_sdk_thread(parse)


async def send(
    sessionmaker: async_sessionmaker[AsyncSession],
    adapter: ExecutionAdapter,
    claims: Sequence[Claim],
    circuits: Sequence[Any],
    *,
    breaker: breakers.Breaker,
) -> Sent:
    """Submit the claims as one provider job and record it; see the module docstring.

    Raises `ProviderDown` (the caller hands the jobs back and retries later) when the breaker
    is open or the provider cannot be reached, and a `DomainError` when the provider refuses
    the circuits themselves (the caller fails the jobs).
    """
    backend = claims[0].backend
    provider = str(adapter.provider)
    now = datetime.now(UTC)
    async with sessionmaker() as session:
        states = await breakers.load(session, [provider])
    if breakers.is_open(states.get(provider), now):
        raise ProviderDown(
            f"{backend.name}'s provider is unreachable; the job waits.", backend=backend.name
        )
    batch = [(circuit, claim.shots) for claim, circuit in zip(claims, circuits, strict=True)]
    try:
        provider_job_id = await run_in_sdk_thread(lambda: adapter.submit(backend.name, batch))
    except (ValueError, TypeError) as error:  # the provider refused the circuits themselves
        raise ProviderRefused(f"{backend.name} refused the circuit: {error}") from error
    except Exception as error:  # unreachable, timed out: the breaker counts it
        async with sessionmaker() as session, session.begin():
            events = await breakers.failed(session, provider, error, now, breaker)
        raise ProviderDown(
            f"{backend.name}'s provider could not be reached ({type(error).__name__}).",
            backend=backend.name,
            events=events,
        ) from error
    async with sessionmaker() as session, session.begin():
        events = await breakers.succeeded(session, provider, states.get(provider), now)
        events += await record_sent(session, adapter, claims, provider_job_id)
    stamped = [e for e in events if e.topic == "job"]
    return Sent(provider_job_id, [uuid.UUID(e.key) for e in stamped], events)


async def record_sent(
    session: AsyncSession, adapter: ExecutionAdapter, claims: Sequence[Claim], provider_job_id: str
) -> list[Event]:
    """Store the provider job and its members; stamp the jobs still RUNNING (three statements)."""
    backend = claims[0].backend
    ref = uuid.uuid4()
    now = datetime.now(UTC)
    await session.execute(
        insert(ProviderJob).values(
            id=ref,
            provider=str(adapter.provider),
            backend_id=backend.id,
            provider_job_id=provider_job_id,
            state="QUEUED",
            provider_status=SUBMITTED,
            size=len(claims),
            submitted_at=now,
            next_poll_at=now + timedelta(seconds=FIRST_POLL_S),
            poll_attempts=0,
        )
    )
    await session.execute(
        insert(ProviderJobMember),
        [
            {"provider_job_ref": ref, "position": position, "job_id": claim.job_id}
            for position, claim in enumerate(claims)
        ],
    )
    stamped = await session.scalars(
        update(Job)
        .where(Job.id.in_([c.job_id for c in claims]), Job.status == JobStatus.RUNNING)
        .values(provider_job_id=provider_job_id, provider_status=SUBMITTED, worker=None)
        .returning(Job.id)
        .execution_options(synchronize_session=False)
    )
    events = [job_changed(job_id) for job_id in stamped]
    return [*events, queue_event(backend.name)] if events else []
