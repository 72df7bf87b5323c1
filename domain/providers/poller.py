"""The remote-job poller: one idempotent sweep moves every due provider job on.

A sweep (run by an arq cron on every worker; sweeps may overlap safely):

1. claims the due provider jobs in one statement (`FOR UPDATE SKIP LOCKED`, and `next_poll_at`
   pushed a lease ahead, so a concurrent sweep takes other rows and a sweep that dies leaves
   its rows to the next one after the lease);
2. reads their members' statuses and the providers' breakers (two statements);
3. per provider: skips it while its breaker is open; cancels at the provider the jobs whose
   Qraph jobs have all left RUNNING (cancelled); asks the status of the rest in one batched
   call; fetches the results of the finished ones;
4. records, in one transaction: a finished provider job leaves QUEUED/RUNNING in a conditional
   UPDATE, and only when that UPDATE moved it are its Qraph jobs recorded (RUNNING -> COMPLETED
   or FAILED, conditional too), so a result is recorded once whatever the redeliveries or
   concurrent sweeps; the others get their provider status and a next poll time with
   exponential backoff and jitter; the breaker is told of successes and failures.

A provider that cannot be reached never fails a job: its provider jobs are polled again later
(backoff), its backends go UNAVAILABLE once the breaker opens, and back ONLINE when a call
goes through again. The events to publish after the commit come back in `Sweep.events`.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    DateTime,
    Float,
    Numeric,
    String,
    Text,
    bindparam,
    case,
    cast,
    column,
    literal,
    or_,
    select,
    update,
    values,
)
from sqlalchemy.dialects.postgresql import UUID

from domain.backends.models import Backend
from domain.events import Event
from domain.jobs import batch_transitions as batched
from domain.jobs.models import Job, JobStatus
from domain.jobs.transitions import job_changed, queue_event
from domain.providers import breaker as breakers
from domain.providers.base import (
    ExecutionAdapter,
    ProviderJobState,
    ProviderJobStatus,
    ProviderResult,
)
from domain.providers.models import OPEN_STATES, ProviderJob, ProviderJobMember
from domain.providers.sdk_thread import run_in_sdk_thread

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

BATCH = 500  # provider jobs per sweep
LEASE_S = 120.0  # a claimed provider job is not due again for this long (a sweep's lease)
BASE_S = 2.0  # first backoff step
CAP_S = 120.0  # longest wait between two polls of one provider job

Finder = Callable[[str, str], ExecutionAdapter | None]


def next_delay(attempts: int, *, base: float = BASE_S, cap: float = CAP_S) -> float:
    """Exponential backoff with full jitter over its upper half: in [d/2, d], d = base*2^n."""
    delay = min(cap, base * 2 ** max(0, attempts))
    return delay / 2 + random.random() * delay / 2


@dataclass(slots=True)
class Sweep:
    claimed: int = 0
    polled: int = 0  # provider jobs whose status was asked
    finished: int = 0  # provider jobs recorded DONE/FAILED/CANCELLED by this sweep
    recorded: int = 0  # Qraph jobs recorded by this sweep
    cancelled: int = 0  # provider jobs cancelled at the provider by this sweep
    unreachable: list[str] = field(default_factory=list)  # providers whose calls failed
    events: list[Event] = field(default_factory=list)


@dataclass(slots=True)
class _Due:
    ref: uuid.UUID
    provider: str
    provider_job_id: str
    backend: str
    price_per_task: Decimal
    price_per_shot: Decimal
    provider_status: str | None
    attempts: int
    state: str
    members: list[Any] = field(default_factory=list)  # (position, job_id, status, shots, pstatus)


async def _claim_due(
    sessionmaker: async_sessionmaker[AsyncSession], now: datetime, limit: int
) -> list[_Due]:
    due = (
        select(ProviderJob.id)
        .where(ProviderJob.state.in_(OPEN_STATES), ProviderJob.next_poll_at <= now)
        .order_by(ProviderJob.next_poll_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    claimed = (
        update(ProviderJob)
        .where(ProviderJob.id.in_(due), ProviderJob.backend_id == Backend.id)
        .values(next_poll_at=now + timedelta(seconds=LEASE_S))
        .returning(
            ProviderJob.id,
            ProviderJob.provider,
            ProviderJob.provider_job_id,
            Backend.name,
            Backend.price_per_task,
            Backend.price_per_shot,
            ProviderJob.provider_status,
            ProviderJob.poll_attempts,
            ProviderJob.state,
        )
    )
    async with batched.single_statement(sessionmaker) as session:
        rows = (await session.execute(claimed)).all()
    return [_Due(*row) for row in rows]


async def _load_members(session: AsyncSession, due: list[_Due]) -> None:
    by_ref = {item.ref: item for item in due}
    rows = await session.execute(
        select(
            ProviderJobMember.provider_job_ref,
            ProviderJobMember.position,
            ProviderJobMember.job_id,
            Job.status,
            Job.shots,
            Job.provider_status,
            Job.details,
        )
        .join(Job, Job.id == ProviderJobMember.job_id)
        .where(ProviderJobMember.provider_job_ref.in_(list(by_ref)))
        .order_by(ProviderJobMember.provider_job_ref, ProviderJobMember.position)
    )
    for row in rows:
        by_ref[row.provider_job_ref].members.append(row)


def _cancelled(item: _Due) -> bool:
    """No Qraph job of it is RUNNING any more: it was cancelled (or taken) meanwhile."""
    return all(m.status != JobStatus.RUNNING for m in item.members)


async def sweep(
    sessionmaker: async_sessionmaker[AsyncSession],
    find: Finder,
    *,
    breaker: breakers.Breaker | None = None,
    now: datetime | None = None,
    limit: int = BATCH,
    base_s: float = BASE_S,
) -> Sweep:
    """One pass over the due provider jobs; see the module docstring."""
    now = now or datetime.now(UTC)
    breaker = breaker or breakers.Breaker()
    report = Sweep()
    due = await _claim_due(sessionmaker, now, limit)
    report.claimed = len(due)
    if not due:
        return report
    async with sessionmaker() as session:
        await _load_members(session, due)
        states = await breakers.load(session, sorted({item.provider for item in due}))
    groups: dict[int, tuple[ExecutionAdapter, list[_Due]]] = {}
    orphans: list[_Due] = []
    for item in due:
        adapter = find(item.provider, item.backend)
        if adapter is None:
            orphans.append(item)  # its provider is not configured here: wait, never fail
            continue
        groups.setdefault(id(adapter), (adapter, []))[1].append(item)

    statuses: dict[uuid.UUID, ProviderJobStatus] = {}
    results: dict[uuid.UUID, ProviderResult | BaseException] = {}
    cancelled: set[uuid.UUID] = set()
    later: dict[uuid.UUID, datetime] = {item.ref: _later(item, now, base_s) for item in orphans}
    outcome: dict[str, BaseException | None] = {}
    for adapter, items in groups.values():
        provider = str(adapter.provider)
        state = states.get(provider)
        if breakers.is_open(state, now):
            assert state is not None and state.open_until is not None
            for item in items:
                later[item.ref] = state.open_until + timedelta(seconds=random.random() * base_s)
            continue
        try:
            await _call(adapter, items, statuses, results, cancelled)
        except Exception as error:  # unreachable: nothing is lost, the jobs wait
            outcome[provider] = error
            report.unreachable.append(provider)
            for item in items:
                later[item.ref] = _later(item, now, base_s)
            continue
        outcome[provider] = None
        report.polled += len(items) - sum(1 for item in items if item.ref in cancelled)

    async with sessionmaker() as session, session.begin():
        for provider, fault in outcome.items():
            if fault is None:
                report.events += await breakers.succeeded(
                    session, provider, states.get(provider), now
                )
            else:
                report.events += await breakers.failed(session, provider, fault, now, breaker)
        await _record(session, due, statuses, results, cancelled, later, now, base_s, report)
    return report


async def _call(
    adapter: ExecutionAdapter,
    items: list[_Due],
    statuses: dict[uuid.UUID, ProviderJobStatus],
    results: dict[uuid.UUID, ProviderResult | BaseException],
    cancelled: set[uuid.UUID],
) -> None:
    """The provider calls for one provider's due jobs, on the SDK thread (blocking SDKs)."""
    to_cancel = [item for item in items if _cancelled(item)]
    to_poll = [item for item in items if not _cancelled(item)]

    def calls() -> tuple[dict[str, ProviderJobStatus], dict[str, ProviderResult | BaseException]]:
        for item in to_cancel:
            adapter.cancel(item.provider_job_id)
        got = adapter.status([item.provider_job_id for item in to_poll]) if to_poll else {}
        fetched: dict[str, ProviderResult | BaseException] = {}
        for job_id, status in got.items():
            if status.state is ProviderJobState.DONE:
                try:
                    fetched[job_id] = adapter.result(job_id)
                except (LookupError, ValueError) as error:  # the provider lost or spoiled it
                    fetched[job_id] = error
        return got, fetched

    got, fetched = await run_in_sdk_thread(calls)
    cancelled.update(item.ref for item in to_cancel)
    for item in to_poll:
        status = got.get(item.provider_job_id)
        if status is not None:
            statuses[item.ref] = status
        if item.provider_job_id in fetched:
            results[item.ref] = fetched[item.provider_job_id]


def _later(item: _Due, now: datetime, base_s: float) -> datetime:
    return now + timedelta(seconds=next_delay(item.attempts, base=base_s))


async def _record(
    session: AsyncSession,
    due: list[_Due],
    statuses: dict[uuid.UUID, ProviderJobStatus],
    results: dict[uuid.UUID, ProviderResult | BaseException],
    cancelled: set[uuid.UUID],
    later: dict[uuid.UUID, datetime],
    now: datetime,
    base_s: float,
    report: Sweep,
) -> None:
    finals: list[tuple[_Due, str, str | None, ProviderResult | None, str | None]] = []
    waiting: list[dict[str, Any]] = []
    for item in due:
        if item.ref in cancelled:
            finals.append((item, "CANCELLED", "CANCELLED", None, None))
            continue
        status = statuses.get(item.ref)
        if status is None:
            waiting.append(_wait(item, item.provider_status, later.get(item.ref), now, base_s))
            continue
        result = results.get(item.ref)
        if status.state is ProviderJobState.DONE and isinstance(result, ProviderResult):
            finals.append((item, "DONE", status.provider_status, result, None))
        elif status.state is ProviderJobState.DONE:
            finals.append((item, "FAILED", status.provider_status, None, str(result)))
        elif status.state in (ProviderJobState.FAILED, ProviderJobState.CANCELLED):
            finals.append((item, status.state.value, status.provider_status, None, status.error))
        else:
            waiting.append(_wait(item, status.provider_status, None, now, base_s, status.state))
    if waiting:
        table = ProviderJob.__table__.c  # Core executemany: one statement for every row
        await session.execute(
            update(ProviderJob.__table__)  # type: ignore[arg-type]
            .where(
                table.id == bindparam("ref"),
                # No IN (...): an expanding parameter cannot run as executemany.
                or_(*(table.state == literal(state) for state in OPEN_STATES)),
            )
            .values(
                state=bindparam("new_state"),
                provider_status=bindparam("new_status"),
                next_poll_at=bindparam("at"),
                poll_attempts=table.poll_attempts + 1,
            ),
            waiting,
        )
        await _stamp_status(session, due, waiting, report)
    if finals:
        await _finish(session, finals, now, report)


def _wait(
    item: _Due,
    word: str | None,
    at: datetime | None,
    now: datetime,
    base_s: float,
    state: ProviderJobState | None = None,
) -> dict[str, Any]:
    return {
        "ref": item.ref,
        "new_state": state.value if state is not None else item.state,
        "new_status": word,
        "at": at or _later(item, now, base_s),
    }


async def _stamp_status(
    session: AsyncSession, due: list[_Due], waiting: list[dict[str, Any]], report: Sweep
) -> None:
    """Each RUNNING Qraph job learns its provider's new word (one statement for all)."""
    by_ref = {item.ref: item for item in due}
    changes = [
        {"job": m.job_id, "word": row["new_status"]}
        for row in waiting
        for m in by_ref[row["ref"]].members
        if m.status == JobStatus.RUNNING
        and row["new_status"]
        and m.provider_status != row["new_status"]
    ]
    if not changes:
        return
    jobs = Job.__table__.c
    await session.execute(
        update(Job.__table__)  # type: ignore[arg-type]
        .where(jobs.id == bindparam("job"), jobs.status == JobStatus.RUNNING)
        .values(provider_status=bindparam("word")),
        changes,
    )
    report.events += [job_changed(change["job"]) for change in changes]


_FINAL_COLUMNS = (
    column("ref", UUID(as_uuid=True)),
    column("state", String),
    column("word", String),
    column("finished", DateTime(timezone=True)),
    column("seconds", Float),
    column("cost", Numeric(12, 6)),
    column("error", Text),
)


async def _finish(
    session: AsyncSession,
    finals: list[tuple[_Due, str, str | None, ProviderResult | None, str | None]],
    now: datetime,
    report: Sweep,
) -> None:
    """Close the finished provider jobs, each once; only the sweep that closes one records its
    Qraph jobs. Three statements for any number: close, record, stamp the provider's word."""
    rows = [
        (
            item.ref,
            state,
            word,
            result.finished_at if result and result.finished_at else now,
            result.quantum_seconds if result else None,
            result.cost if result else None,
            error,
        )
        for item, state, word, result, error in sorted(finals, key=lambda f: f[0].ref)
    ]
    given = values(*_FINAL_COLUMNS, name="final").data(rows).cte("final")
    typed = {c.name: cast(given.c[c.name], c.type) for c in _FINAL_COLUMNS}
    moved = set(
        await session.scalars(
            update(ProviderJob)
            .where(ProviderJob.id == given.c.ref, ProviderJob.state.in_(OPEN_STATES))
            .values(
                state=typed["state"],
                provider_status=typed["word"],
                finished_at=typed["finished"],
                quantum_seconds=typed["seconds"],
                cost=typed["cost"],
                error=typed["error"],
                cancel_sent_at=case((typed["state"] == "CANCELLED", now), else_=None),
            )
            .returning(ProviderJob.id)
        )
    )
    outcomes: list[batched.Outcome] = []
    words: dict[uuid.UUID, str] = {}
    backends: dict[uuid.UUID, str] = {}
    for item, state, word, result, error in finals:
        if item.ref not in moved:
            continue  # another sweep closed it first
        report.finished += 1
        if state == "CANCELLED" and _cancelled(item):
            report.cancelled += 1
            continue
        for outcome in _outcomes(item, state, word, result, error):
            outcomes.append(outcome)
            backends[outcome.job_id] = item.backend
            if word:
                words[outcome.job_id] = word
    if not outcomes:
        return
    done = await batched.record(session, outcomes)
    report.recorded += len(done)
    stamped = [{"job": job_id, "word": words[job_id]} for job_id in done if job_id in words]
    if stamped:
        jobs = Job.__table__.c
        await session.execute(
            update(Job.__table__)  # type: ignore[arg-type]
            .where(jobs.id == bindparam("job"))
            .values(provider_status=bindparam("word")),
            stamped,
        )
    report.events += [job_changed(job_id) for job_id in done]
    report.events += [queue_event(name) for name in sorted({backends[j] for j in done})]


def _outcomes(
    item: _Due,
    state: str,
    word: str | None,
    result: ProviderResult | None,
    error: str | None,
) -> list[batched.Outcome]:
    running = [m for m in item.members if m.status == JobStatus.RUNNING]
    if state != "DONE" or result is None:
        code = "PROVIDER_CANCELLED" if state == "CANCELLED" else "PROVIDER_FAILED"
        message = error or f"The provider reported {word or state}."
        return [batched.failed(m.job_id, code, message[:2000]) for m in running]
    total_shots = sum(m.shots for m in item.members) or 1
    outcomes = []
    for m in running:
        if m.position >= len(result.circuits):
            outcomes.append(
                batched.failed(m.job_id, "PROVIDER_FAILED", "The provider returned no result.")
            )
            continue
        circuit = result.circuits[m.position]
        if circuit.counts is None:
            message = circuit.error or "The provider could not run this circuit."
            outcomes.append(batched.failed(m.job_id, "PROVIDER_FAILED", message))
            continue
        if result.cost is not None:  # the provider's charge, split over the group by shots
            cost = (result.cost * m.shots / total_shots).quantize(Decimal("0.000001"))
        else:
            cost = Decimal(item.price_per_task) + Decimal(item.price_per_shot) * m.shots
        details: dict[str, Any] = {**(m.details or {}), "provider_job_position": m.position}
        if result.quantum_seconds is not None:
            details["quantum_seconds"] = result.quantum_seconds * m.shots / total_shots
        if result.started_at is not None:
            details["provider_started_at"] = result.started_at.isoformat()
        if result.finished_at is not None:
            details["provider_finished_at"] = result.finished_at.isoformat()
        shots = sum(circuit.counts.values())
        outcomes.append(
            batched.Outcome(
                job_id=m.job_id,
                status=JobStatus.COMPLETED,
                note=f"{shots} shots at {item.provider} ({item.provider_job_id})",
                counts=circuit.counts,
                actual_cost=cost,
                details=details,
            )
        )
    return outcomes
