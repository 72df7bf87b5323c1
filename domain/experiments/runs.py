"""Creating and reading experiment runs.

A run is planned (its preset turns the input into circuits), checked against the guardrails
(the experiment shot cap of the control profile; a warning when many shots target a
non-simulator), then its jobs are submitted through the ordinary submission path (the user's
shot budget, queues, cost and cancel all apply), all at once or none, and the run and its links
are written. The latency preset paces its later probes after that first batch.

Idempotency: a key reused by the same owner returns the run it first created. The jobs carry
keys derived from the run's, so a retry after a lost reply re-finds them instead of submitting
twice.
"""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.exc import IntegrityError

from domain.backends.models import Backend
from domain.db import AsyncSession
from domain.errors import InvalidInput, NotFound, ShotsOutOfRange
from domain.experiments import backend_compare, control_profile, dpd, health, latency
from domain.experiments.models import FINAL, ExperimentJob, ExperimentRun, Preset, RunStatus
from domain.experiments.plans import Planned, Spec
from domain.identity.principal import Principal
from domain.jobs.models import Job, JobStatus
from domain.jobs.submission import JobRequest, Submitted
from domain.pagination import Page, PageRequest, SortKey, keyset_page

MAX_BACKENDS = 4
MAX_QUBITS = 8
MAX_KEY_LENGTH = 100
MAX_PARAMS_CHARS = 30_000
PLANNERS: dict[Preset, Callable[[Spec], list[Planned]]] = {
    Preset.health: health.plan,
    Preset.latency: latency.plan,
    Preset.backend_compare: backend_compare.plan,
    Preset.dpd_demo: dpd.plan,
}

Submit = Callable[[list[JobRequest]], Awaitable[Submitted]]


@dataclass(frozen=True, slots=True)
class RunInput:
    preset: Preset
    backends: tuple[str, ...]
    qubits: tuple[int, ...]
    shots: int | None
    params: dict[str, Any]
    idempotency_key: str | None


@dataclass(slots=True)
class Created:
    run: ExperimentRun
    warnings: list[str]


def _check(given: RunInput) -> None:
    if not 1 <= len(given.backends) <= MAX_BACKENDS:
        raise InvalidInput(f"Name 1 to {MAX_BACKENDS} backends.", field="backends")
    if any(not b or len(b) > 100 for b in given.backends):
        raise InvalidInput("A backend name holds 1 to 100 characters.", field="backends")
    if len(given.qubits) > MAX_QUBITS or any(not 0 <= q < 10_000 for q in given.qubits):
        raise InvalidInput(f"Name at most {MAX_QUBITS} qubits, each from 0.", field="qubits")
    key = given.idempotency_key
    if key is not None and not 1 <= len(key) <= MAX_KEY_LENGTH:
        raise InvalidInput(
            f"The idempotency key holds 1 to {MAX_KEY_LENGTH} characters.", field="idempotencyKey"
        )
    if not isinstance(given.params, dict) or len(repr(given.params)) > MAX_PARAMS_CHARS:
        raise InvalidInput(
            f"`params` is a JSON object under {MAX_PARAMS_CHARS} characters.", field="params"
        )
    _check_json(given.params)
    texts = [*given.backends, given.idempotency_key or ""]
    if any("\x00" in t for t in texts):
        raise InvalidInput("Names and keys may not hold NUL characters.", field="backends")


MAX_PARAM_INT = 2**53  # beyond this an integer is not exactly a JSON number


def _check_json(value: Any, depth: int = 0) -> None:
    """JSONB-safe and bounded: no NUL characters, finite numbers, nesting under 8 levels."""
    if depth > 8:
        raise InvalidInput("`params` nests too deeply.", field="params")
    if isinstance(value, str):
        if "\x00" in value:
            raise InvalidInput("`params` may not hold NUL characters.", field="params")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput("`params` numbers must be finite.", field="params")
    elif isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > MAX_PARAM_INT:  # a float() of a 400-digit integer overflows
            raise InvalidInput(
                f"`params` integers must be within ±{MAX_PARAM_INT}.", field="params"
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_json(str(key), depth + 1)
            _check_json(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_json(item, depth + 1)


async def _backends(session: AsyncSession, names: Sequence[str]) -> dict[str, Backend]:
    rows = await session.scalars(select(Backend).where(Backend.name.in_(list(names))))
    return {row.name: row for row in rows}


async def find_by_key(session: AsyncSession, owner_id: uuid.UUID, key: str) -> ExperimentRun | None:
    return await session.scalar(
        select(ExperimentRun).where(
            ExperimentRun.owner_id == owner_id, ExperimentRun.idempotency_key == key
        )
    )


async def plan(session: AsyncSession, given: RunInput) -> tuple[Spec, list[Planned], list[str]]:
    """The jobs the run needs and its warnings, or a DomainError (nothing written)."""
    _check(given)
    profile = (await control_profile.current(session)).profile
    shots = given.shots if given.shots is not None else profile.default_shots
    if shots < 1:
        raise InvalidInput("`shots` must be at least 1.", field="shots")
    backends = await _backends(session, given.backends)
    coherence = {n: (b.median_t1_us, b.median_t2_us) for n, b in backends.items()}
    spec = Spec(given.backends, given.qubits, shots, given.params, profile, coherence)
    # Circuit generation is small (a few dozen one- or two-qubit circuits) but pure CPU.
    planned = await asyncio.to_thread(PLANNERS[given.preset], spec)
    total = sum(p.shots for p in planned)
    if total > profile.experiment_shot_cap:
        raise ShotsOutOfRange(
            f"This run needs {total:,} shots; one experiment may spend at most "
            f"{profile.experiment_shot_cap:,} (the control profile's cap).",
            minimum=1,
            maximum=profile.experiment_shot_cap,
            requested=total,
        )
    warnings = []
    for name in sorted(set(given.backends)):
        row = backends.get(name)
        spent = sum(p.shots for p in planned if p.backend == name)
        if row is not None and not row.simulator and spent > profile.large_budget_warning_shots:
            warnings.append(
                f"{spent:,} shots target {name}, which is not a simulator; "
                f"consider fewer than {profile.large_budget_warning_shots:,}."
            )
    return spec, planned, warnings


def _requests(planned: Sequence[tuple[int, Planned]], run_key: str) -> list[JobRequest]:
    return [
        JobRequest(
            backend=p.backend,
            circuit=p.circuit,
            shots=p.shots,
            tags=("experiment",),
            name=f"experiment {run_key[:40]} #{i}",
            idempotency_key=f"experiment:{run_key}:{i}",
        )
        for i, p in planned
    ]


async def create(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    given: RunInput,
    submit: Submit,
) -> Created:
    """Plan, check, submit and record a run; the same key returns the first run."""
    _check(given)  # before the key reaches a query (a NUL in it would reach PostgreSQL)
    if given.idempotency_key is not None:
        found = await find_by_key(session, owner_id, given.idempotency_key)
        if found is not None:
            return Created(found, list(found.warnings))
    spec, planned, warnings = await plan(session, given)
    await session.commit()  # end the read transaction before the submission's own
    run_id = uuid.uuid4()
    run_key = given.idempotency_key or run_id.hex
    indexed = list(enumerate(planned))
    now = [(i, p) for i, p in indexed if p.submit_after_s == 0]
    later = [(i, p) for i, p in indexed if p.submit_after_s > 0]
    submitted = await submit(_requests(now, run_key))
    warnings += submitted.warnings
    run = ExperimentRun(
        id=run_id,
        owner_id=owner_id,
        preset=given.preset,
        params=given.params,
        backends=list(given.backends),
        qubits=list(given.qubits),
        shots=spec.shots,
        warnings=[w[:400] for w in warnings],
        idempotency_key=given.idempotency_key,
        result={"plannedJobs": len(planned), "plannedShots": sum(p.shots for p in planned)},
    )
    session.add(run)
    try:
        await session.flush()
    except IntegrityError:  # the same key won by a racing call: its run is the answer
        await session.rollback()
        assert given.idempotency_key is not None
        found = await find_by_key(session, owner_id, given.idempotency_key)
        if found is None:
            raise
        return Created(found, list(found.warnings))
    _link(session, run_id, now, submitted.jobs)
    await session.commit()
    if later:
        await _pace(session, run, later, run_key, submit)
    return Created(run, warnings)


def _link(
    session: AsyncSession,
    run_id: uuid.UUID,
    planned: Sequence[tuple[int, Planned]],
    jobs: Sequence[Job],
) -> None:
    for (i, p), job in zip(planned, jobs, strict=True):
        session.add(ExperimentJob(run_id=run_id, job_id=job.id, position=i, label=p.label))


async def _pace(
    session: AsyncSession,
    run: ExperimentRun,
    later: list[tuple[int, Planned]],
    run_key: str,
    submit: Submit,
) -> None:
    """Submit the later probes at their times (bounded by the preset); a refusal is a warning."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    for offset in sorted({p.submit_after_s for _, p in later}):
        await asyncio.sleep(max(0.0, start + offset - loop.time()))
        wave = [(i, p) for i, p in later if p.submit_after_s == offset]
        try:
            done = await submit(_requests(wave, run_key))
        except Exception as error:  # a refused probe ends the pacing; the run keeps what ran
            run.warnings = [
                *run.warnings,
                f"probes after {offset:g} s were not submitted: {error}"[:400],
            ]
            await session.commit()
            return
        _link(session, run.id, wave, done.jobs)
        await session.commit()


# Reads


def visible_to(principal: Principal) -> Any:
    """Runs the principal may see: their own, or all for an admin."""
    if principal.is_admin:
        return True
    return ExperimentRun.owner_id == principal.user_id


SORT_KEYS = [
    SortKey(ExperimentRun.created_at, kind=datetime, descending=True),
    SortKey(ExperimentRun.id, kind=uuid.UUID, descending=True),
]


@dataclass(frozen=True, slots=True)
class RunFilter:
    preset: Preset | None = None
    statuses: tuple[RunStatus, ...] | None = None
    owner_id: uuid.UUID | None = None


def _filtered(stmt: Select[Any], principal: Principal, where: RunFilter) -> Select[Any]:
    clauses = [visible_to(principal)]
    if where.preset is not None:
        clauses.append(ExperimentRun.preset == where.preset.value)
    if where.owner_id is not None:
        clauses.append(ExperimentRun.owner_id == where.owner_id)
    if where.statuses:
        clauses.append(status_expression().in_([s.value for s in where.statuses]))
    return stmt.where(and_(*clauses))


def status_expression() -> Any:
    """The derived status in SQL: stored once final, else from the run's jobs."""
    from sqlalchemy import case, exists

    link = ExperimentJob.run_id == ExperimentRun.id
    active = exists().where(
        link, ExperimentJob.job_id == Job.id, Job.status.in_(["QUEUED", "RUNNING"])
    )
    started = exists().where(link, ExperimentJob.job_id == Job.id, Job.status != "QUEUED")
    return case(
        (ExperimentRun.status.is_not(None), ExperimentRun.status),
        (~active, RunStatus.ANALYSING.value),
        (started, RunStatus.RUNNING.value),
        else_=RunStatus.QUEUED.value,
    )


async def list_runs(
    session: AsyncSession,
    *,
    principal: Principal,
    where: RunFilter,
    request: PageRequest,
    size: int,
) -> Page[ExperimentRun]:
    stmt = _filtered(select(ExperimentRun), principal, where)
    return await keyset_page(session, stmt, SORT_KEYS, request, size=size)


async def count_runs(session: AsyncSession, *, principal: Principal, where: RunFilter) -> int:
    stmt = _filtered(select(func.count()).select_from(ExperimentRun), principal, where)
    return int(await session.scalar(stmt) or 0)


async def latest_runs(session: AsyncSession, viewer: Principal, limit: int) -> list[ExperimentRun]:
    """The viewer's newest runs (everyone's for an admin), for the dashboard: one statement."""
    limit = max(1, min(limit, 50))
    stmt = (
        select(ExperimentRun)
        .where(visible_to(viewer))
        .order_by(ExperimentRun.created_at.desc(), ExperimentRun.id.desc())
        .limit(limit)
    )
    return list(await session.scalars(stmt))


async def get_many(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, ExperimentRun]:
    rows = await session.scalars(select(ExperimentRun).where(ExperimentRun.id.in_(list(ids))))
    return {row.id: row for row in rows}


async def get_visible(
    session: AsyncSession, *, principal: Principal, run_id: uuid.UUID
) -> ExperimentRun:
    row = await session.get(ExperimentRun, run_id)
    if row is None or not principal.owns(row.owner_id):
        raise NotFound("No such experiment run.")
    return row


async def job_statuses(
    session: AsyncSession, run_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[JobStatus]]:
    """Each run's job statuses, for many runs in one statement."""
    rows = await session.execute(
        select(ExperimentJob.run_id, Job.status)
        .join(Job, Job.id == ExperimentJob.job_id)
        .where(ExperimentJob.run_id.in_(list(run_ids)))
    )
    found: dict[uuid.UUID, list[JobStatus]] = {i: [] for i in run_ids}
    for run_id, status in rows:
        found[run_id].append(JobStatus(status))
    return found


async def job_ids(
    session: AsyncSession, run_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    rows = await session.execute(
        select(ExperimentJob.run_id, ExperimentJob.job_id)
        .where(ExperimentJob.run_id.in_(list(run_ids)))
        .order_by(ExperimentJob.run_id, ExperimentJob.position)
    )
    found: dict[uuid.UUID, list[uuid.UUID]] = {i: [] for i in run_ids}
    for run_id, job_id in rows:
        found[run_id].append(job_id)
    return found


def derived_status(run: ExperimentRun, statuses: Sequence[JobStatus]) -> RunStatus:
    """Stored once the analysis ran; before, from the jobs (as `status_expression` in SQL)."""
    if run.status is not None:
        return RunStatus(run.status)
    if all(s.terminal for s in statuses):
        return RunStatus.ANALYSING
    if any(s != JobStatus.QUEUED for s in statuses):
        return RunStatus.RUNNING
    return RunStatus.QUEUED


__all__ = ["FINAL", "Created", "RunFilter", "RunInput", "create", "latest_runs", "list_runs"]
