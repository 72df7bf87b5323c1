"""Submitting jobs: refuse what cannot run before any row exists, then one transaction.

The order is cheapest first: field checks, the backend (one query for a whole batch), the
circuit (parsed, fitted to the backend and admitted against the time and memory limits, in a
bounded child process: `admission.fit` in `domain.circuits.sandbox`), the shot budget (one
Redis reservation for the batch's total). Only then are the job rows, their QUEUED history rows and
the shot usage row written, in one transaction. After the commit the reservation is confirmed,
the jobs are enqueued and events published; if the transaction fails the reservation is
released. A refused submission writes nothing.

Idempotency: a key reused by the same owner returns the job it first created, uncharged. Two
submissions racing with one key both pass the lookup; the unique constraint on
(owner_id, idempotency_key) makes the second insert fail, and the loser releases its
reservation and returns the winner's job.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import String, Text, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.dml import Insert

from domain.backends.models import Backend, BackendStatus
from domain.billing import usage as money
from domain.billing.spending import Spending
from domain.budgets import shots as shot_budget
from domain.circuits import sandbox
from domain.db import AsyncSession
from domain.errors import (
    BackendUnavailable,
    DomainError,
    InvalidInput,
    ShotsOutOfRange,
    UnknownBackend,
)
from domain.events import Event
from domain.jobs import admission
from domain.jobs import queue as job_queue
from domain.jobs.cost import estimate_cost
from domain.jobs.models import (
    ESTIMATED_SECONDS,
    CircuitFormat,
    Job,
    JobStatus,
    JobTransition,
    Priority,
)
from domain.jobs.transitions import job_event, queue_event
from domain.notifications import emitters as notifications
from domain.notifications import send as notifications_sent

log = logging.getLogger(__name__)

MIN_SHOTS = 1
MAX_SHOTS = 100_000
MAX_TAGS = 8
MAX_TAG_LENGTH = 64
MAX_NAME_LENGTH = 200
MAX_KEY_LENGTH = 200
MAX_BATCH = 100


@dataclass(frozen=True, slots=True)
class JobRequest:
    """One job as asked for."""

    backend: str
    circuit: str
    shots: int = 1024
    priority: Priority = Priority.STANDARD
    tags: tuple[str, ...] = ()
    name: str | None = None
    idempotency_key: str | None = None
    # runApp: the app and version whose template made the circuit (None for submitJob).
    app_id: uuid.UUID | None = None
    app_version_id: uuid.UUID | None = None
    # A marketplace run: the plan subscription it runs under and its per-run price.
    subscription_id: uuid.UUID | None = None
    app_charge: Decimal | None = None


@dataclass(frozen=True, slots=True)
class _Fitted:
    """A request that passed every check, with its figures."""

    request: JobRequest
    backend: Backend
    format: CircuitFormat
    qubits: int
    depth: int
    estimated_seconds: float


@dataclass(slots=True)
class Submitted:
    jobs: list[Job]
    warnings: list[str] = field(default_factory=list)
    # The month's spend after the reservation (domain.billing.spending); None for a replay.
    spending: Spending | None = None


class SubmissionRejected(DomainError):
    """A batch with at least one refused job: `errors` holds (index, error), index from 0."""

    code = "SUBMISSION_REJECTED"

    def __init__(self, errors: list[tuple[int, DomainError]]) -> None:
        super().__init__(f"{len(errors)} of the jobs were refused; none was submitted.")
        self.errors = errors


def validate(request: JobRequest) -> None:
    """The checks that need nothing but the request."""
    if not MIN_SHOTS <= request.shots <= MAX_SHOTS:
        raise ShotsOutOfRange(
            f"Shots must be between {MIN_SHOTS:,} and {MAX_SHOTS:,}; got {request.shots:,}.",
            minimum=MIN_SHOTS,
            maximum=MAX_SHOTS,
            requested=request.shots,
        )
    if len(request.tags) > MAX_TAGS:
        raise InvalidInput(f"At most {MAX_TAGS} tags; got {len(request.tags)}.", field="tags")
    for tag in request.tags:
        if not tag or len(tag) > MAX_TAG_LENGTH:
            raise InvalidInput(f"Each tag holds 1 to {MAX_TAG_LENGTH} characters.", field="tags")
    if request.name is not None and len(request.name) > MAX_NAME_LENGTH:
        raise InvalidInput(f"The name holds at most {MAX_NAME_LENGTH} characters.", field="name")
    key = request.idempotency_key
    if key is not None and not 1 <= len(key) <= MAX_KEY_LENGTH:
        raise InvalidInput(
            f"The idempotency key holds 1 to {MAX_KEY_LENGTH} characters.", field="idempotencyKey"
        )
    if not request.circuit.strip():
        raise InvalidInput("The circuit is empty.", field="circuit")


def check_backend(backend: Backend | None, request: JobRequest) -> Backend:
    """The backend exists, takes jobs now, and allows this many shots."""
    if backend is None:
        raise UnknownBackend(f"No backend is named '{request.backend}'.", backend=request.backend)
    if backend.status != BackendStatus.ONLINE:
        reason = f": {backend.status_reason}" if backend.status_reason else ""
        raise BackendUnavailable(
            f"{backend.name} is {backend.status.lower()} and takes no jobs now{reason}.",
            backend=backend.name,
            status=backend.status,
        )
    if request.shots > backend.max_shots:
        raise ShotsOutOfRange(
            f"{backend.name} runs at most {backend.max_shots:,} shots per job; "
            f"got {request.shots:,}.",
            minimum=MIN_SHOTS,
            maximum=backend.max_shots,
            requested=request.shots,
        )
    return backend


async def _fit(request: JobRequest, backend: Backend, limits: admission.Limits) -> _Fitted:
    """Parse, fit and admit the circuit: in a bounded child process, or here when it is small
    and flat (`sandbox.parses_in_process`)."""
    spec = admission.BackendSpec(
        name=backend.name,
        provider=str(backend.provider),
        num_qubits=backend.num_qubits,
        simulation_method=backend.simulation_method,
    )
    if sandbox.parses_in_process(request.circuit):
        fitted = admission.fit(request.circuit, spec, request.shots, limits)
    else:
        fitted = await sandbox.run_bounded(
            admission.fit, request.circuit, spec, request.shots, limits
        )
    return _Fitted(
        request,
        backend,
        CircuitFormat(fitted.format),
        fitted.qubits,
        fitted.depth,
        limits.time_s if fitted.unbounded else fitted.estimate.seconds,
    )


async def _existing(
    session: AsyncSession, owner_id: uuid.UUID, keys: Sequence[str]
) -> dict[str, Job]:
    if not keys:
        return {}
    rows = await session.scalars(
        select(Job).where(Job.owner_id == owner_id, Job.idempotency_key.in_(keys))
    )
    return {row.idempotency_key: row for row in rows if row.idempotency_key is not None}


_KEY_REUSED = InvalidInput(
    "This idempotency key was used for a different job (another circuit, backend or shots); "
    "use a new key for a new job.",
    field="idempotencyKey",
)


def _same_job(job: Job, request: JobRequest, backend: Backend | None) -> bool:
    """Whether a retry with this key asks for the job the key already names."""
    return (
        backend is not None
        and job.backend_id == backend.id
        and job.shots == request.shots
        and job.circuit == request.circuit
    )


async def _check_all(
    session: AsyncSession,
    requests: Sequence[JobRequest],
    existing: dict[str, Job],
    limits: admission.Limits,
) -> list[_Fitted | Job]:
    """Every request checked, or SubmissionRejected listing each refusal by index."""
    errors: list[tuple[int, DomainError]] = []
    for index, request in enumerate(requests):
        try:
            validate(request)
        except DomainError as error:
            errors.append((index, error))
    names = sorted({r.backend for r in requests})
    rows = await session.scalars(select(Backend).where(Backend.name.in_(names)))
    backends = {row.name: row for row in rows}
    refused = {index for index, _ in errors}
    checked: list[_Fitted | Job | None] = [None] * len(requests)
    # A batch often repeats one circuit: each distinct (circuit, backend, shots) is fitted once,
    # and the distinct ones side by side, at most one per sandbox process at a time (so a parse's
    # time limit never counts time spent waiting behind this batch's other circuits).
    wanted: dict[int, tuple[str, str, int]] = {}
    fitting: dict[tuple[str, str, int], tuple[JobRequest, Backend]] = {}
    for index, request in enumerate(requests):
        if index in refused:
            continue
        if request.idempotency_key in existing:
            earlier = existing[request.idempotency_key]
            if not _same_job(earlier, request, backends.get(request.backend)):
                errors.append((index, _KEY_REUSED))
            else:
                checked[index] = earlier
            continue
        try:
            backend = check_backend(backends.get(request.backend), request)
        except DomainError as error:
            errors.append((index, error))
            continue
        key = (request.circuit, backend.name, request.shots)
        wanted[index] = key
        fitting.setdefault(key, (request, backend))

    slots = asyncio.Semaphore(sandbox.PROCESSES)

    async def fit_one(request: JobRequest, backend: Backend) -> _Fitted | DomainError:
        async with slots:
            try:
                return await _fit(request, backend, limits)
            except DomainError as error:
                return error

    outcomes = await asyncio.gather(*(fit_one(r, b) for r, b in fitting.values()))
    fits = dict(zip(fitting, outcomes, strict=True))
    for index, key in wanted.items():
        found = fits[key]
        if isinstance(found, DomainError):
            errors.append((index, found))
        else:
            checked[index] = replace(found, request=requests[index])
    if errors:
        raise SubmissionRejected(sorted(errors, key=lambda e: e[0]))
    return [c for c in checked if c is not None]


def _warning(charge: shot_budget.Charge) -> list[str]:
    if not charge.warning:
        return []
    usage = charge.usage
    percent = 100 * usage.used / usage.limit if usage.limit else 100.0
    return [
        f"You have used {usage.used:,} of your {usage.limit:,} shots ({percent:.0f}%) for this "
        f"period; {usage.remaining:,} remain until {usage.resets_at:%Y-%m-%d %H:%M} UTC."
    ]


def _row(fitted: _Fitted, owner_id: uuid.UUID) -> Job:
    request = fitted.request
    cost = estimate_cost(fitted.backend, shots=request.shots)
    return Job(
        id=uuid.uuid4(),
        owner_id=owner_id,
        backend_id=fitted.backend.id,
        name=request.name,
        circuit=request.circuit,
        circuit_format=fitted.format,
        qubits=fitted.qubits,
        depth=fitted.depth,
        shots=request.shots,
        priority=request.priority,
        tags=list(request.tags),
        status=JobStatus.QUEUED,
        idempotency_key=request.idempotency_key,
        app_id=request.app_id,
        app_version_id=request.app_version_id,
        subscription_id=request.subscription_id,
        app_charge=request.app_charge,
        cost_estimate=cost.amount,
        currency=cost.currency,
        attempts=0,
        # The worker's heavy lane (`execution.claim_many`) reads it.
        details={ESTIMATED_SECONDS: round(fitted.estimated_seconds, 6)},
        # Set here, not by the server: a batch shares one transaction time, and its jobs
        # should queue in the order they were listed.
        created_at=datetime.now(UTC),
    )


def _insert(jobs: Sequence[Job]) -> Insert:
    """The jobs and their QUEUED history rows, whatever their number, in one statement."""
    # The columns `_row` set (the same for every job); the database fills the others.
    keys = [column.key for column in Job.__table__.columns if column.key in vars(jobs[0])]
    created = (
        insert(Job)
        .values([{key: getattr(job, key) for key in keys} for job in jobs])
        .returning(Job.id)
        .cte("created")
    )
    queued = select(
        created.c.id, literal(JobStatus.QUEUED.value, String), literal("submitted", Text)
    )
    return insert(JobTransition).from_select(["job_id", "status", "note"], queued).add_cte(created)


async def submit_jobs(
    session: AsyncSession,
    redis: Redis,
    queue: job_queue.Enqueuer,
    *,
    owner_id: uuid.UUID,
    requests: Sequence[JobRequest],
    budgets: shot_budget.ShotBudgets,
    limits: admission.Limits | None = None,
) -> Submitted:
    """Submit all of `requests` or none; SubmissionRejected lists the refusals by index.

    `limits` are the time and memory one job may take (the settings'); a circuit estimated
    past them is refused with CircuitLimitExceeded.
    """

    limits = limits or admission.Limits()
    if not 1 <= len(requests) <= MAX_BATCH:
        raise InvalidInput(f"Submit 1 to {MAX_BATCH} jobs at a time.", field="inputs")
    keys = [r.idempotency_key for r in requests if r.idempotency_key]
    if len(keys) != len(set(keys)):
        raise InvalidInput("Each idempotency key may appear once.", field="idempotencyKey")
    for _ in range(2):  # a lost idempotency race retries once and then finds the winner's job
        existing = await _existing(session, owner_id, keys)
        checked = await _check_all(session, requests, existing, limits)
        await session.commit()  # end the read transaction (rows stay loaded) before the budget
        fresh = [c for c in checked if isinstance(c, _Fitted)]
        if not fresh:
            return Submitted(jobs=[c for c in checked if isinstance(c, Job)])
        rows = {id(c): _row(c, owner_id) for c in fresh}
        submitted = await _write(session, redis, owner_id, rows, budgets)
        if submitted is not None:
            warnings, events, spent = submitted
            jobs = [rows[id(c)] if isinstance(c, _Fitted) else c for c in checked]
            await _after_commit(queue, jobs=list(rows.values()), fitted=fresh, extra=events)

            return Submitted(jobs=jobs, warnings=warnings, spending=spent)
    raise RuntimeError("idempotent submission did not settle")


async def _write(
    session: AsyncSession,
    redis: Redis,
    owner_id: uuid.UUID,
    rows: dict[int, Job],
    budgets: shot_budget.ShotBudgets,
) -> tuple[list[str], list[Event], Spending] | None:
    """Reserve, insert and commit; the warnings and the events to publish, or None after
    losing an idempotency race. Money (subscription caps, the spending limit) is reserved in
    the transaction itself (domain.billing.usage), so a refusal rolls it back with the rest."""
    jobs = list(rows.values())
    reference = str(jobs[0].id) if len(jobs) == 1 else f"batch:{uuid.uuid4()}"
    limit = await shot_budget.limit_of(session, user_id=owner_id, budgets=budgets)
    charge = await shot_budget.reserve(
        session,
        redis,
        user_id=owner_id,
        shots=sum(j.shots for j in jobs),
        reference=reference,
        limit=limit,
        period_s=budgets.period_s,
    )
    try:
        reserved = await money.reserve(session, owner_id=owner_id, jobs=jobs)
        await session.execute(_insert(jobs))
        await shot_budget.record(
            session, user_id=owner_id, shots=charge.shots, reference=reference, used_at=charge.at
        )
        warned = await notifications.shot_budget_warning(
            session,
            user_id=owner_id,
            used=charge.usage.used,
            limit=charge.usage.limit,
            added=charge.shots if charge.new else 0,
        )
        await session.commit()
    except Exception as error:
        await session.rollback()
        with suppress(RedisError, OSError):
            await shot_budget.release(
                redis, user_id=owner_id, reference=reference, period_s=budgets.period_s
            )
        if isinstance(error, IntegrityError) and "idempotency_key" in str(error.orig):
            session.expunge_all()
            return None
        raise
    with suppress(RedisError, OSError):  # committed; the reservation deadline confirms it
        await shot_budget.confirm(redis, user_id=owner_id, charge=charge, period_s=budgets.period_s)
    await notifications_sent.publish(redis, warned)  # SHOT_BUDGET_WARNING, when it crossed 80%
    return _warning(charge) + reserved.warnings(), reserved.events, reserved.spending


async def _after_commit(
    queue: job_queue.Enqueuer,
    *,
    jobs: list[Job],
    fitted: list[_Fitted],
    extra: Sequence[Event] = (),
) -> None:
    """Hand the jobs to the workers and tell subscribers, in one Redis round trip. The rows are
    already committed, so a Redis failure here only delays a job: the reconciler re-enqueues
    QUEUED jobs."""
    events = [job_event(job) for job in jobs]
    events += [queue_event(name) for name in sorted({f.backend.name for f in fitted})]
    events += extra
    try:
        await job_queue.enqueue_many(queue, [job.id for job in jobs], events=events)
    except (RedisError, OSError):
        log.warning("enqueue of %d job(s) failed; the reconciler will retry", len(jobs))
