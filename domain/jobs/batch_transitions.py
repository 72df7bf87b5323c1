"""The worker's transitions for a whole batch of jobs, each in one SQL statement.

`transition` (domain.jobs.transitions) moves one job with two statements: its UPDATE and its
history row. A worker moves jobs in batches, so a claim or a record of N jobs would cost 2N
statements and their round trips. Here each is one statement, whatever N: a conditional
`UPDATE ... RETURNING` in a CTE, the history rows inserted from what it returned, and (for a
claim) the backends' fields read beside it. The conditions are the same as `transition`'s: only
a job still in the expected status moves, so a duplicate delivery or a racing cancel moves
nothing, and the caller learns which jobs moved from what comes back.

A single statement is atomic on its own, so it runs outside an explicit transaction
(`single_statement`): no BEGIN and COMMIT, two round trips fewer on every job's path.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Float,
    Numeric,
    String,
    Text,
    cast,
    column,
    func,
    insert,
    literal,
    select,
    update,
    values,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from domain.analytics import rollups
from domain.backends.models import Backend
from domain.jobs.models import ESTIMATED_SECONDS, Job, JobStatus, JobTransition
from domain.notifications.jobs_finished import notify_finished

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import async_sessionmaker
    from sqlalchemy.sql import Select

    from domain.db import AsyncSession
    from domain.jobs.execution import HeavyLane


@contextlib.asynccontextmanager
async def single_statement(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """A session whose one statement commits as it runs (autocommit: atomic by itself)."""
    async with sessionmaker() as session:
        await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        yield session


def claim_statement(
    job_ids: Sequence[uuid.UUID], worker: str, heavy: HeavyLane | None
) -> Select[Any]:
    """QUEUED -> RUNNING for these jobs (only the light ones when a heavy lane applies).

    The rows are locked in id order first, so two claimers of overlapping batches never
    deadlock; a row another transaction moved meanwhile fails the re-checked condition.
    """
    wanted = select(Job.id).where(Job.id.in_(job_ids), Job.status == JobStatus.QUEUED)
    if heavy is not None:
        estimated = func.coalesce(Job.details[ESTIMATED_SECONDS].as_float(), 0.0)
        wanted = wanted.where(estimated < heavy.seconds)
    locked = wanted.order_by(Job.id).with_for_update()
    claimed = (
        update(Job)
        .where(Job.id.in_(locked.scalar_subquery()), Job.status == JobStatus.QUEUED)
        .values(
            status=JobStatus.RUNNING,
            started_at=datetime.now(UTC),
            worker=worker,
            attempts=Job.attempts + 1,
        )
        .returning(
            Job.id,
            Job.backend_id,
            Job.circuit,
            Job.shots,
            Job.priority,
            Job.attempts,
            Job.details,
        )
        .cte("claimed")
    )
    history = (
        insert(JobTransition)
        .from_select(
            ["job_id", "status", "note"],
            select(
                claimed.c.id,
                literal(JobStatus.RUNNING.value, String),
                literal(f"picked up by {worker}", Text),
            ),
        )
        .cte("history")
    )
    return (
        select(
            claimed,
            Backend.name.label("backend_name"),
            Backend.provider,
            Backend.num_qubits,
            Backend.simulation_method,
            Backend.price_per_task,
            Backend.price_per_shot,
        )
        .join(Backend, Backend.id == claimed.c.backend_id)
        .add_cte(history)
    )


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one RUNNING job ends: COMPLETED with its result, or FAILED with its error."""

    job_id: uuid.UUID
    status: JobStatus
    note: str
    counts: dict[str, int] | None = None
    fidelity: float | None = None
    execution_ms: float | None = None
    simulation_method: str | None = None
    actual_cost: Decimal = Decimal(0)
    details: dict[str, Any] | None = None
    error_code: str | None = None
    error_message: str | None = None


def failed(job_id: uuid.UUID, code: str, message: str) -> Outcome:
    """FAILED with the error's code and message; a failed job costs nothing."""
    return Outcome(
        job_id=job_id,
        status=JobStatus.FAILED,
        note=f"failed: {code}",
        error_code=code,
        error_message=message,
    )


_COLUMNS = (
    column("id", UUID(as_uuid=True)),
    column("status", String),
    column("note", Text),
    column("counts", JSONB(none_as_null=True)),
    column("fidelity", Float),
    column("execution_ms", Float),
    column("simulation_method", String),
    column("actual_cost", Numeric(12, 6)),
    column("details", JSONB(none_as_null=True)),
    column("error_code", String),
    column("error_message", Text),
)


async def record(
    session: AsyncSession,
    outcomes: Iterable[Outcome],
    *,
    allowed_from: Sequence[JobStatus] = (JobStatus.RUNNING,),
) -> Recorded:
    """Each job to its outcome if it is still in `allowed_from`; the jobs that moved."""
    rows = [
        (
            o.job_id,
            o.status.value,
            o.note,
            o.counts,
            o.fidelity,
            o.execution_ms,
            o.simulation_method,
            o.actual_cost,
            o.details,
            o.error_code,
            o.error_message,
        )
        for o in sorted(outcomes, key=lambda o: o.job_id)  # a fixed lock order
    ]
    if not rows:
        return Recorded.of([])
    given = values(*_COLUMNS, name="outcome").data(rows).cte("outcome")
    # A NULL in VALUES is untyped (text when the whole column is NULL): cast each column back.
    typed = {c.name: cast(given.c[c.name], c.type) for c in _COLUMNS}
    # A column an outcome leaves empty keeps the row's value (a FAILED job keeps its details).
    kept = ("counts", "fidelity", "execution_ms", "simulation_method", "details")
    done = (
        update(Job)
        .where(Job.id == given.c.id, Job.status.in_([s.value for s in allowed_from]))
        .values(
            status=typed["status"],
            finished_at=datetime.now(UTC),
            actual_cost=typed["actual_cost"],
            **{name: func.coalesce(typed[name], getattr(Job, name)) for name in kept},
            error_code=func.coalesce(typed["error_code"], Job.error_code),
            error_message=func.coalesce(typed["error_message"], Job.error_message),
        )
        .returning(Job.id, Job.status, *rollups.RETURNED)  # RETURNED holds owner_id
        .cte("done")
    )
    history = (
        insert(JobTransition)
        .from_select(
            ["job_id", "status", "note"],
            select(done.c.id, done.c.status, given.c.note).join(given, given.c.id == done.c.id),
        )
        .cte("history")
    )
    notified = notify_finished(done)  # JOB_FINISHED, coalesced per owner (and its email)
    statement = select(done.c.id, done.c.status, done.c.owner_id).add_cte(history)
    statement = statement.add_cte(notified)
    statement = rollups.counted(statement, done)  # analytics: each final job, once, in it
    moved = await session.execute(statement)
    return Recorded.of(moved)


class Recorded(dict[uuid.UUID, JobStatus]):
    """The jobs that moved, with their new status; `owners` says whose each one is."""

    owners: dict[uuid.UUID, uuid.UUID]

    @classmethod
    def of(cls, rows: Iterable[Any]) -> Recorded:
        found = cls()
        found.owners = {}
        for row in rows:
            found[row.id] = JobStatus(row.status)
            found.owners[row.id] = row.owner_id
        return found
