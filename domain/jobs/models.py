"""A job row is the source of truth; Redis only carries its id to a worker."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import Base


class JobStatus(StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def terminal(self) -> bool:
        return self in TERMINAL


TERMINAL = frozenset({JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED})


# `jobs.source` of a job submitted outside Qraph and imported from a connected provider
# account: tracked there, never run or requeued here.
SOURCE_IMPORTED = "IMPORTED"

# `jobs.details` key: the seconds admission estimated the simulation takes (the heavy lane).
ESTIMATED_SECONDS = "estimated_seconds"


class Priority(StrEnum):
    HIGH = "HIGH"
    STANDARD = "STANDARD"


class CircuitFormat(StrEnum):
    QASM2 = "QASM2"
    QASM3 = "QASM3"


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        # The same key from the same owner is the same job (Braket's clientToken).
        UniqueConstraint("owner_id", "idempotency_key"),
        # Queue position and the reconciler read QUEUED/RUNNING jobs per backend and priority.
        Index(
            "ix_jobs_active_queue",
            "backend_id",
            "priority",
            "created_at",
            "id",
            postgresql_where=text("status IN ('QUEUED', 'RUNNING')"),
        ),
        Index("ix_jobs_owner_created", "owner_id", "created_at", "id"),
        Index("ix_jobs_created", "created_at", "id"),
        # Analytics read the current hour's finished jobs (domain.analytics.facts).
        Index("ix_jobs_finished", "finished_at", postgresql_where=text("finished_at IS NOT NULL")),
        # runApp's jobs: "has this user run this app?" (an archived app stays readable to them).
        Index(
            "ix_jobs_app_owner", "app_id", "owner_id", postgresql_where=text("app_id IS NOT NULL")
        ),
        # A connected account's sync imports each provider job once per owner.
        Index(
            "ux_jobs_imported",
            "owner_id",
            "provider_job_id",
            unique=True,
            postgresql_where=text("source = 'IMPORTED'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    backend_id: Mapped[int] = mapped_column(ForeignKey("backends.id"))
    name: Mapped[str | None] = mapped_column(String(200))
    circuit: Mapped[str] = mapped_column(Text)
    circuit_format: Mapped[CircuitFormat] = mapped_column(String(8))
    qubits: Mapped[int] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer)
    shots: Mapped[int] = mapped_column(Integer)
    priority: Mapped[Priority] = mapped_column(String(16))
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    status: Mapped[JobStatus] = mapped_column(String(16))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cost_estimate: Mapped[Decimal] = mapped_column(Numeric(12, 6))
    actual_cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 6))
    currency: Mapped[str] = mapped_column(String(3))
    counts: Mapped[dict[str, int] | None] = mapped_column(JSONB)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    fidelity: Mapped[float | None] = mapped_column(Float)
    execution_ms: Mapped[float | None] = mapped_column(Float)
    simulation_method: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(100))
    cancel_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Remote providers: the provider's job id and its own word for the state; IMPORTED jobs were
    # submitted outside Qraph (a connected IBM account) and are tracked here.
    provider_job_id: Mapped[str | None] = mapped_column(String(200))
    provider_status: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), server_default="QRAPH")
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    # Set by runApp: the app and version the job runs (null for a plain submitJob).
    app_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("quantum_apps.id", ondelete="SET NULL")
    )
    app_version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("app_versions.id", ondelete="SET NULL")
    )
    # runApp of a marketplace app: the plan subscription it runs under and the per-run price
    # reserved against the subscription's cap (domain.billing; settled by the jobs trigger).
    subscription_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("plan_subscriptions.id", ondelete="SET NULL")
    )
    app_charge: Mapped[Decimal | None] = mapped_column(Numeric(12, 6))


class JobTransition(Base):
    """Every status a job took, when, and why."""

    __tablename__ = "job_transitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    status: Mapped[JobStatus] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    note: Mapped[str | None] = mapped_column(Text)
