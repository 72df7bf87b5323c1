"""`job_rollups_hourly`: finished jobs summed per hour, backend, owner, app and final status,
and again per hour, backend, app and status for all users (owner_id NULL).

A job is counted once, in the UTC hour it reached its final status (COMPLETED, FAILED or
CANCELLED), by the statement that moved it there (domain.analytics.rollups). Latencies are kept
as sums, counts, maxima and fixed log-scale histograms (domain.analytics.histogram), so means,
maxima and percentiles of any set of rows are computed from the rollup alone.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, DateTime, Float, Index, Integer, Numeric, String
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import Base


class JobRollupHourly(Base):
    __tablename__ = "job_rollups_hourly"
    __table_args__ = (
        # One row per key; a job without an app has app_id NULL, and NULLs are one key here.
        Index(
            "ix_job_rollups_hourly_key",
            "hour",
            "backend_id",
            "owner_id",
            "app_id",
            "status",
            unique=True,
            postgresql_nulls_not_distinct=True,
        ),
        # A user's own analytics read their rows by owner, then hour.
        Index("ix_job_rollups_hourly_owner_hour", "owner_id", "hour"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    hour: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # No foreign keys: a rollup outlives a deleted user or retired backend until repaired.
    backend_id: Mapped[int] = mapped_column(Integer)
    # NULL: the row for all users (domain.analytics.rollups.Grain).
    owner_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    app_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    status: Mapped[str] = mapped_column(String(16))
    jobs: Mapped[int] = mapped_column(BigInteger, default=0)
    shots: Mapped[int] = mapped_column(BigInteger, default=0)
    cost: Mapped[Decimal] = mapped_column(Numeric(18, 6), default=Decimal(0))
    wait_ms_sum: Mapped[float] = mapped_column(Float, default=0.0)
    wait_count: Mapped[int] = mapped_column(BigInteger, default=0)
    wait_ms_max: Mapped[float | None] = mapped_column(Float)
    wait_hist: Mapped[list[int]] = mapped_column(ARRAY(BigInteger))
    execution_ms_sum: Mapped[float] = mapped_column(Float, default=0.0)
    execution_count: Mapped[int] = mapped_column(BigInteger, default=0)
    execution_ms_max: Mapped[float | None] = mapped_column(Float)
    execution_hist: Mapped[list[int]] = mapped_column(ARRAY(BigInteger))
    fidelity_sum: Mapped[float] = mapped_column(Float, default=0.0)
    fidelity_count: Mapped[int] = mapped_column(BigInteger, default=0)
