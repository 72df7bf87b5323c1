"""Job inputs and enums: what a submission, a filter and an ordering take."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from strawberry import relay

from domain.errors import InvalidInput
from domain.jobs import models, reads
from domain.jobs.kpis import KpiStatus as KpiStatusValue
from domain.jobs.submission import JobRequest
from schema.backends.inputs import OrderDirection

JobStatus = strawberry.enum(models.JobStatus, description="Where a job is in its lifecycle.")
Priority = strawberry.enum(
    models.Priority, description="HIGH jobs are taken before STANDARD ones on the same backend."
)
CircuitFormat = strawberry.enum(models.CircuitFormat, description="The OpenQASM version.")
KpiStatus = strawberry.enum(KpiStatusValue, description="A KPI verdict: ok, warn or fail.")
JobOrderField = strawberry.enum(reads.JobOrderField, description="What to sort jobs by.")


@strawberry.input(description="One circuit to run.")
class SubmitJobInput:
    backend: str = strawberry.field(description="The backend's name, e.g. `aer_simulator`.")
    circuit: str = strawberry.field(
        description="OpenQASM 3 or 2 source; the version comes from the `OPENQASM` header."
    )
    shots: int = strawberry.field(
        default=1024, description="1 to 100,000, and at most the backend's `maxShots`."
    )
    priority: Priority = strawberry.field(  # type: ignore[valid-type]
        default=models.Priority.STANDARD, description="HIGH jobs go first."
    )
    tags: list[str] = strawberry.field(
        default_factory=list, description="At most 8 labels of at most 64 characters."
    )
    name: str | None = strawberry.field(default=None, description="At most 200 characters.")
    idempotency_key: str | None = strawberry.field(
        default=None,
        description=(
            "Sending the same key again returns the job it created, without a second job or charge."
        ),
    )

    def to_request(self) -> JobRequest:
        return JobRequest(
            backend=self.backend,
            circuit=self.circuit,
            shots=self.shots,
            priority=models.Priority(self.priority),
            tags=tuple(self.tags),
            name=self.name,
            idempotency_key=self.idempotency_key,
        )


@strawberry.input(description="Which jobs to list; every given condition must hold.")
class JobFilter:
    status: list[JobStatus] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Any of these statuses."
    )
    backend: str | None = strawberry.field(default=None, description="On this backend.")
    tags: list[str] | None = strawberry.field(default=None, description="Carrying all these tags.")
    created_after: datetime | None = strawberry.field(default=None, description="Submitted after.")
    created_before: datetime | None = strawberry.field(
        default=None, description="Submitted before."
    )
    name_contains: str | None = strawberry.field(
        default=None, description="Name contains this, in any case."
    )
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Admins: only this user's jobs (a User ID). Ignored for others."
    )

    def to_domain(self, *, admin: bool) -> reads.JobFilter:
        """The domain filter; `ownerId` counts only for admins (others see their own jobs)."""
        owner = None
        if admin and self.owner_id:
            try:
                owner = uuid.UUID(relay.GlobalID.from_id(self.owner_id).node_id)
            except (relay.GlobalIDValueError, ValueError, TypeError) as exc:
                raise InvalidInput("`ownerId` is not a User ID.", field="ownerId") from exc
        return reads.JobFilter(
            statuses=tuple(models.JobStatus(s) for s in self.status) if self.status else None,
            backend=self.backend,
            tags=tuple(self.tags) if self.tags else None,
            created_after=self.created_after,
            created_before=self.created_before,
            name_contains=self.name_contains,
            owner_id=owner,
        )


@strawberry.input(description="How to sort jobs.")
class JobOrder:
    field: JobOrderField = strawberry.field(  # type: ignore[valid-type]
        default=reads.JobOrderField.CREATED_AT, description="The sort key."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.DESC, description="Newest or largest first by default."
    )
