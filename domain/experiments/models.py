"""An experiment run is a set of ordinary jobs plus what their results mean together."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import Base


class Preset(StrEnum):
    """Named as in seed 002 and the issue, lowercase in the graph too."""

    health = "health"
    latency = "latency"
    backend_compare = "backend_compare"
    dpd_demo = "dpd_demo"


class RunStatus(StrEnum):
    """QUEUED, RUNNING and ANALYSING are derived from the jobs; the rest are stored at the end."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    ANALYSING = "ANALYSING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


FINAL = frozenset({RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED})


class ExperimentRun(Base):
    __tablename__ = "experiment_runs"
    __table_args__ = (
        UniqueConstraint("owner_id", "idempotency_key"),
        Index("ix_experiment_runs_owner_created", "owner_id", "created_at", "id"),
        Index("ix_experiment_runs_created", "created_at", "id"),
        # The worker's sweep: runs whose analysis is still due.
        Index(
            "ix_experiment_runs_open",
            "created_at",
            postgresql_where=text("finished_at IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    preset: Mapped[Preset] = mapped_column(String(32))
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    backends: Mapped[list[str]] = mapped_column(ARRAY(String(100)))
    qubits: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    shots: Mapped[int] = mapped_column(Integer)
    # Set once, by the analysis: COMPLETED, FAILED or CANCELLED; null while jobs run.
    status: Mapped[str | None] = mapped_column(String(16))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    kpis: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    warnings: Mapped[list[str]] = mapped_column(ARRAY(String(400)), default=list)
    error_message: Mapped[str | None] = mapped_column(String(1000))
    idempotency_key: Mapped[str | None] = mapped_column(String(150))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ExperimentJob(Base):
    """One job of a run and its role in the preset (`label`: which circuit, which delay...)."""

    __tablename__ = "experiment_jobs"

    run_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("experiment_runs.id", ondelete="CASCADE"), primary_key=True
    )
    job_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)


class ControlProfile(Base):
    """Every version of the engineering control profile; the newest row is in force."""

    __tablename__ = "control_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    values: Mapped[dict[str, Any]] = mapped_column(JSONB)
    changed_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
