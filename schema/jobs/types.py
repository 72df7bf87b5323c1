"""The Job node and what hangs off it; queue and statistics types."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from strawberry import relay

from domain.jobs import kpis as kpi_rules
from domain.jobs import models
from domain.jobs.queues import QueueInfo
from resolvers.apps import runs as app_runs
from resolvers.jobs import operations as resolve
from resolvers.providers import fields as provider_fields
from schema.backends.inputs import Provider
from schema.backends.types import Backend
from schema.identity.users import User
from schema.jobs.inputs import CircuitFormat, JobStatus, KpiStatus, Priority
from schema.lazy import of_row, reads_row
from schema.providers.inputs import JobSource

if TYPE_CHECKING:
    from strawberry.types import Info

    from schema.apps.types import AppVersion, QuantumApp


@reads_row(source="circuit", format="circuit_format")
@strawberry.type(description="The submitted program.")
class JobCircuit:
    row: strawberry.Private[models.Job]
    source: str = strawberry.field(description="The OpenQASM text as submitted.")
    format: CircuitFormat = strawberry.field(description="Its OpenQASM version.")  # type: ignore[valid-type]


@strawberry.type(description="How often one outcome was measured.")
class BitstringCount:
    bitstring: str = strawberry.field(description="The classical bits, as Qiskit prints them.")
    count: int = strawberry.field(description="How many shots gave it.")


@strawberry.type(description="What a completed job measured.")
class JobResult:
    counts: list[BitstringCount] = strawberry.field(description="Counts, most frequent first.")
    shots: int = strawberry.field(description="Shots run (the sum of the counts).")


@strawberry.type(description="Why a job failed.")
class JobError:
    code: str = strawberry.field(description="A stable, machine-readable code.")
    message: str = strawberry.field(description="What went wrong, for a person.")


@strawberry.type(description="An amount of money.")
class Money:
    amount: Decimal = strawberry.field(description="The amount.")
    currency: str = strawberry.field(description="ISO 4217 currency code.")


# Over the history's own tuples (domain.jobs.reads.StatusChange): a page of 50 jobs has a few
# hundred, and `of_row` makes each without a dataclass __init__.
@reads_row(status="status", at="at", note="note")
@strawberry.type(description="One status a job took, when, and why.")
class JobStatusChange:
    row: strawberry.Private[Any]
    status: JobStatus = strawberry.field(description="The status entered.")  # type: ignore[valid-type]
    at: datetime = strawberry.field(description="When.")
    note: str | None = strawberry.field(description="Why, e.g. `submitted`, `cancelled by owner`.")

    @classmethod
    def from_model(cls, change: Any) -> Self:
        """The change over a `StatusChange` (or any row with status, at and note)."""
        return of_row(cls, change)


@strawberry.type(
    description=(
        "A job's KPIs. Verdicts: fidelity ok ≥ 0.9, warn ≥ 0.7, else fail; queue wait ok ≤ 60 s, "
        "warn ≤ 600 s, else fail; execution ok ≤ 10 s, warn ≤ 60 s, else fail."
    )
)
class JobKpis:
    owner_id: strawberry.Private[Any]
    fidelity: float | None = strawberry.field(
        description=(
            "Hellinger fidelity of the counts against the ideal distribution, 0 to 1; null "
            "until completed. ok ≥ 0.9, warn ≥ 0.7, else fail."
        )
    )
    queue_wait_ms: float | None = strawberry.field(
        description="Milliseconds from submission to start; ok ≤ 60,000, warn ≤ 600,000."
    )
    execution_ms: float | None = strawberry.field(
        description="Milliseconds the run took; ok ≤ 10,000, warn ≤ 60,000."
    )
    shots_used: int = strawberry.field(
        description="Shots charged to the owner's budget for this job (at submission)."
    )
    status: KpiStatus | None = strawberry.field(  # type: ignore[valid-type]
        description="The worst verdict of the figures; FAIL for a failed job; null until done."
    )
    shot_budget: int | None = strawberry.field(
        resolver=resolve.kpi_shot_budget,
        description="The owner's shot budget for the rolling period.",
    )


def _queue_wait(row: models.Job) -> float | None:
    return (row.started_at - row.created_at).total_seconds() if row.started_at else None


def _execution_time(row: models.Job) -> float | None:
    if row.execution_ms is not None:
        return row.execution_ms / 1000
    if row.started_at and row.finished_at and row.status != models.JobStatus.CANCELLED:
        return (row.finished_at - row.started_at).total_seconds()
    return None


def _result(row: models.Job) -> JobResult | None:
    if row.status != models.JobStatus.COMPLETED or row.counts is None:
        return None
    counts = sorted(row.counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return JobResult(
        counts=[BitstringCount(bitstring=k, count=v) for k, v in counts],
        shots=sum(v for _, v in counts),
    )


def _error(row: models.Job) -> JobError | None:
    if not row.error_code:
        return None
    return JobError(code=row.error_code, message=row.error_message or "")


def _actual_cost(row: models.Job) -> Money | None:
    if row.actual_cost is None:
        return None
    return Money(amount=row.actual_cost, currency=row.currency)


def _kpis(row: models.Job) -> JobKpis:
    wait_s, execution_s = _queue_wait(row), _execution_time(row)
    figures = kpi_rules.job_kpis(
        models.JobStatus(row.status),
        fidelity=row.fidelity,
        queue_wait_ms=wait_s * 1000 if wait_s is not None else None,
        execution_ms=execution_s * 1000 if execution_s is not None else None,
        shots=row.shots,
    )
    return JobKpis(
        owner_id=row.owner_id,
        fidelity=figures.fidelity,
        queue_wait_ms=figures.queue_wait_ms,
        execution_ms=figures.execution_ms,
        shots_used=figures.shots_used,
        status=figures.status,
    )


# Each field reads the row only when selected; the circuit source and the counts are left
# unloaded by a read whose query does not select them (resolvers.jobs.operations.job_columns).
@reads_row(
    key=lambda row: str(row.id),
    name="name",
    circuit=lambda row: of_row(JobCircuit, row),
    qubits="qubits",
    depth="depth",
    shots="shots",
    priority="priority",
    tags="tags",
    status="status",
    created_at="created_at",
    started_at="started_at",
    finished_at="finished_at",
    cancel_requested_at="cancel_requested_at",
    queue_wait=_queue_wait,
    execution_time=_execution_time,
    result=_result,
    error=_error,
    cost_estimate=lambda row: Money(amount=row.cost_estimate, currency=row.currency),
    actual_cost=_actual_cost,
    kpis=_kpis,
    provider_job_id="provider_job_id",
    provider_status="provider_status",
    source="source",
)
@strawberry.type(description="A circuit run on a backend: its lifecycle, result, cost and KPIs.")
class Job(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[models.Job]
    name: str | None = strawberry.field(description="The owner's label.")
    circuit: JobCircuit = strawberry.field(description="The program.")
    qubits: int = strawberry.field(description="Qubits the circuit declares.")
    depth: int = strawberry.field(description="Circuit depth.")
    shots: int = strawberry.field(description="Shots asked for.")
    priority: Priority = strawberry.field(description="Queue priority.")  # type: ignore[valid-type]
    tags: list[str] = strawberry.field(description="The owner's labels.")
    status: JobStatus = strawberry.field(description="Where it is now.")  # type: ignore[valid-type]
    created_at: datetime = strawberry.field(description="Submitted at.")
    started_at: datetime | None = strawberry.field(description="Started running at.")
    finished_at: datetime | None = strawberry.field(description="Finished or cancelled at.")
    cancel_requested_at: datetime | None = strawberry.field(description="Cancel asked at.")
    queue_wait: float | None = strawberry.field(
        description="Seconds from submission to start; null until it starts."
    )
    execution_time: float | None = strawberry.field(
        description="Seconds the run took; null until it finishes."
    )
    result: JobResult | None = strawberry.field(description="Counts; null until COMPLETED.")
    error: JobError | None = strawberry.field(description="Why it failed; null otherwise.")
    cost_estimate: Money = strawberry.field(
        description="List price at submission: per-task price + per-shot price × shots."
    )
    actual_cost: Money | None = strawberry.field(description="What the run cost; null until run.")
    kpis: JobKpis = strawberry.field(description="Fidelity, latencies and their verdict.")
    owner: User | None = strawberry.field(
        resolver=resolve.job_owner, description="Who submitted it."
    )
    backend: Backend | None = strawberry.field(
        resolver=resolve.job_backend, description="Where it runs."
    )
    status_history: list[JobStatusChange] = strawberry.field(
        resolver=resolve.job_status_history, description="Every status it took, oldest first."
    )
    queue_position: int | None = strawberry.field(
        resolver=resolve.job_queue_position,
        description=(
            "While QUEUED: 1-based place among its backend's queued jobs, HIGH priority before "
            "STANDARD, then oldest first. Null otherwise."
        ),
    )
    app: Annotated[QuantumApp, strawberry.lazy("schema.apps.types")] | None = strawberry.field(
        resolver=app_runs.job_app,
        description="The app this job runs (runApp); null for a plain submitJob.",
    )
    app_version: Annotated[AppVersion, strawberry.lazy("schema.apps.types")] | None = (
        strawberry.field(
            resolver=app_runs.job_app_version,
            description="The app version this job runs (runApp); null for a plain submitJob.",
        )
    )
    estimated_start_at: datetime | None = strawberry.field(
        resolver=resolve.job_estimated_start,
        description=(
            "While QUEUED: now + (running + jobs ahead) × the backend's median run time over "
            "its last 50 finished jobs (1 s with no history). The start time once started; "
            "null if it never started."
        ),
    )

    provider_job_id: str | None = strawberry.field(
        description="The job's id at a remote provider; null for local simulators."
    )
    provider_status: str | None = strawberry.field(
        description="The remote provider's own word for the job's state (e.g. QUEUED, Waiting)."
    )
    provider: Provider | None = strawberry.field(
        resolver=provider_fields.job_provider, description="Who runs it: its backend's provider."
    )
    source: JobSource = strawberry.field(
        description="QRAPH: submitted through Qraph; IMPORTED: found at a provider."
    )

    @classmethod
    def from_model(cls, row: models.Job) -> Self:
        """The Job over `row`; fields read the row only when a query selects them."""
        return of_row(cls, row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await resolve.visible_jobs(info, node_ids)
        return [cls.from_model(row) if row is not None else None for row in rows]


@strawberry.type(description="How many jobs have one status.")
class JobStatusCount:
    status: JobStatus = strawberry.field(description="The status.")  # type: ignore[valid-type]
    count: int = strawberry.field(description="How many jobs have it.")


@strawberry.type(description="Figures over your jobs (admins: everyone's).")
class JobStats:
    total: int = strawberry.field(description="Jobs submitted.")
    by_status: list[JobStatusCount] = strawberry.field(description="Counts by status.")
    success_rate: float | None = strawberry.field(
        description="COMPLETED / (COMPLETED + FAILED), 0 to 1; null before any finished."
    )
    mean_queue_wait: float | None = strawberry.field(description="Mean queue wait, seconds.")
    p95_queue_wait: float | None = strawberry.field(description="95th percentile wait, s.")
    mean_execution_time: float | None = strawberry.field(description="Mean run time, seconds.")
    p95_execution_time: float | None = strawberry.field(description="95th pct. run time, s.")


@strawberry.type(description="Jobs submitted on one UTC day, by their current status.")
class JobTrendDay:
    day: date = strawberry.field(description="The UTC day.")
    total: int = strawberry.field(description="Jobs submitted that day.")
    by_status: list[JobStatusCount] = strawberry.field(description="Counts by status.")


@strawberry.type(description="One backend's queue: counts only, no job details.")
class BackendQueue:
    backend: Backend = strawberry.field(description="The backend.")
    queued: int = strawberry.field(description="Jobs waiting.")
    running: int = strawberry.field(description="Jobs running.")
    queued_high: int = strawberry.field(description="HIGH-priority jobs waiting.")
    queued_standard: int = strawberry.field(description="STANDARD jobs waiting.")
    running_high: int = strawberry.field(description="HIGH-priority jobs running.")
    running_standard: int = strawberry.field(description="STANDARD jobs running.")
    estimated_wait_p50: float = strawberry.field(
        description=(
            "Seconds a job submitted now would wait, median: (queued + running) × the median "
            "run time of the backend's last 50 finished jobs (1 s per job with no history)."
        )
    )
    estimated_wait_p95: float = strawberry.field(
        description="The same with the 95th percentile run time: a pessimistic wait, seconds."
    )
    observed_wait_p50: float | None = strawberry.field(
        description="Median queue wait of the last 50 finished jobs, seconds."
    )
    observed_wait_p95: float | None = strawberry.field(
        description="95th percentile queue wait of the last 50 finished jobs, seconds."
    )
    samples: int = strawberry.field(description="Finished jobs the estimates are based on.")
    updated_at: datetime | None = strawberry.field(
        description="The latest submission or start among its active jobs."
    )

    @classmethod
    def from_info(cls, info: QueueInfo) -> Self:
        return cls(
            backend=Backend.from_model(info.backend),
            queued=info.queued,
            running=info.running,
            queued_high=info.queued_high,
            queued_standard=info.queued_standard,
            running_high=info.running_high,
            running_standard=info.running_standard,
            estimated_wait_p50=info.estimated_wait_p50_s,
            estimated_wait_p95=info.estimated_wait_p95_s,
            observed_wait_p50=info.timings.wait_p50_s,
            observed_wait_p95=info.timings.wait_p95_s,
            samples=info.timings.samples,
            updated_at=info.updated_at,
        )


@strawberry.type(description="All queues at a glance.")
class QueueSummary:
    queued: int = strawberry.field(description="Jobs waiting, on every backend.")
    running: int = strawberry.field(description="Jobs running, on every backend.")
    busy_backends: int = strawberry.field(description="Backends with any active job.")
    longest_estimated_wait: float = strawberry.field(
        description="The largest `estimatedWaitP50` of any backend, seconds."
    )
