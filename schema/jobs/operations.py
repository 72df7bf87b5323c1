"""Jobs: submit, cancel, read, and the queues they wait in."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.permission import BasePermission

from domain.identity.principal import Scope
from resolvers.jobs import operations as resolve
from resolvers.jobs import queues as resolve_queues
from schema.billing.errors import SpendingLimitExceededError
from schema.billing.spending import SpendingWarning
from schema.errors import (
    BackendUnavailableError,
    CircuitLimitExceededError,
    CircuitTooLargeError,
    EmailNotVerifiedError,
    Error,
    InvalidCircuitError,
    InvalidInputError,
    JobNotCancellableError,
    NotFoundError,
    QuotaExceededError,
    RateLimitedError,
    ShotsOutOfRangeError,
    UnknownBackendError,
    UnsupportedCircuitError,
)
from schema.jobs.types import BackendQueue, Job, JobStats, JobTrendDay, QueueSummary
from schema.permissions import HAS_SCOPE, IsAuthenticated
from schema.relay import Connection

READ: list[type[BasePermission]] = [IsAuthenticated, HAS_SCOPE[Scope.JOBS_READ]]
WRITE: list[type[BasePermission]] = [IsAuthenticated, HAS_SCOPE[Scope.JOBS_WRITE]]


@strawberry.type(description="The job is queued (or, for a reused idempotency key, it exists).")
class SubmitJobSuccess:
    job: Job = strawberry.field(description="The job.")
    warnings: list[str] = strawberry.field(
        description="Heads-ups that did not stop it, e.g. 80% of the shot budget is used."
    )
    spending_warning: SpendingWarning | None = strawberry.field(
        default=None,
        description="Set when your month's spend (spent and reserved) is at 80% of your "
        "spending limit or more after this submission; null otherwise.",
    )


@strawberry.type(description="Every job is queued.")
class SubmitJobsSuccess:
    jobs: list[Job] = strawberry.field(description="The jobs, in the order submitted.")
    warnings: list[str] = strawberry.field(description="Heads-ups that did not stop them.")


@strawberry.type(description="Why the job at `index` (from 0) was refused.")
class IndexedError:
    index: int = strawberry.field(description="Position in `inputs`, from 0.")
    error: Error = strawberry.field(description="The refusal, as `submitJob` would return it.")


@strawberry.type(description="At least one job was refused, so none was submitted.")
class SubmitJobsRejected:
    errors: list[IndexedError] = strawberry.field(description="Each refused job's error.")


@strawberry.type(description="The job is cancelled.")
class CancelJobSuccess:
    job: Job = strawberry.field(description="The job as it is now.")


SubmitJobResult = Annotated[
    SubmitJobSuccess
    | InvalidCircuitError
    | ShotsOutOfRangeError
    | UnknownBackendError
    | BackendUnavailableError
    | CircuitTooLargeError
    | UnsupportedCircuitError
    | QuotaExceededError
    | InvalidInputError
    | RateLimitedError
    | CircuitLimitExceededError
    | EmailNotVerifiedError
    | SpendingLimitExceededError,
    strawberry.union("SubmitJobResult", description="The outcome of `submitJob`."),
]
SubmitJobsResult = Annotated[
    SubmitJobsSuccess
    | SubmitJobsRejected
    | QuotaExceededError
    | InvalidInputError
    | RateLimitedError
    | EmailNotVerifiedError
    | SpendingLimitExceededError,
    strawberry.union("SubmitJobsResult", description="The outcome of `submitJobs`."),
]
CancelJobResult = Annotated[
    CancelJobSuccess | NotFoundError | JobNotCancellableError | RateLimitedError,
    strawberry.union("CancelJobResult", description="The outcome of `cancelJob`."),
]


@strawberry.type
class JobQuery:
    job: Job | None = strawberry.field(
        resolver=resolve.job,
        permission_classes=READ,
        description="One of your jobs (admins: anyone's) by ID; null if not found or not yours.",
    )
    jobs: Connection[Job] = strawberry.field(
        resolver=resolve.list_jobs,
        permission_classes=READ,
        description="Your jobs (admins: everyone's, or one user's with `ownerId`), newest first.",
    )
    recent_jobs: list[Job] = strawberry.field(
        resolver=resolve.recent_jobs,
        permission_classes=READ,
        description="Your newest jobs (admins: anyone's), up to `limit` (≤ 100).",
    )
    job_stats: JobStats = strawberry.field(
        resolver=resolve.job_stats,
        permission_classes=READ,
        description="Counts, success rate, wait and run times of your jobs (admins: all).",
    )
    job_trends: list[JobTrendDay] = strawberry.field(
        resolver=resolve.job_trends,
        permission_classes=READ,
        description="Jobs submitted per UTC day by status, for the last `days` (≤ 90) days.",
    )
    queues: list[BackendQueue] = strawberry.field(
        resolver=resolve_queues.queues,
        permission_classes=[IsAuthenticated],
        description="Queues of backends with active jobs (or every ONLINE one): counts only.",
    )
    queue: BackendQueue | None = strawberry.field(
        resolver=resolve_queues.queue,
        permission_classes=[IsAuthenticated],
        description="One backend's queue by backend name; null for an unknown name.",
    )
    queue_summary: QueueSummary = strawberry.field(
        resolver=resolve_queues.queue_summary,
        permission_classes=[IsAuthenticated],
        description="Totals over every queue.",
    )
    longest_wait: list[BackendQueue] = strawberry.field(
        resolver=resolve_queues.longest_wait,
        permission_classes=[IsAuthenticated],
        description="The `n` busy backends with the longest estimated wait, longest first.",
    )
    shortest_wait: list[BackendQueue] = strawberry.field(
        resolver=resolve_queues.shortest_wait,
        permission_classes=[IsAuthenticated],
        description="The `n` ONLINE backends with the shortest estimated wait, shortest first.",
    )


@strawberry.type
class JobMutation:
    submit_job: SubmitJobResult = strawberry.field(
        resolver=resolve.submit_job,
        permission_classes=WRITE,
        description=(
            "Queue a circuit on a backend. Refusals (bad circuit, shots, backend, budget) write "
            "nothing. A reused `idempotencyKey` returns the first job. Rate-limited."
        ),
    )
    submit_jobs: SubmitJobsResult = strawberry.field(
        resolver=resolve.submit_jobs,
        permission_classes=WRITE,
        description="Queue up to 100 jobs at once, all or none; refusals are listed by index.",
    )
    cancel_job: CancelJobResult = strawberry.field(
        resolver=resolve.cancel_job,
        permission_classes=WRITE,
        description=(
            "Cancel a QUEUED or RUNNING job of yours. A running job's result is discarded. "
            "Shots stay charged."
        ),
    )
