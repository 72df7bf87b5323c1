"""The providers area's rows: a user's connected provider account (the token sealed at
rest, and how the last sync went); remote provider jobs, the Qraph jobs each carries, and each
provider's health (the breaker).

A provider job is what a remote adapter's `submit` returned: one id at the provider for one or
more Qraph jobs (a HIGH job alone, or a group of STANDARD jobs for one backend). The poller
(`domain.providers.poller`) moves it on; `state` leaves QUEUED/RUNNING once, in the same
transaction that records its Qraph jobs' results, so results are recorded exactly once.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import Base


class AccountProvider(StrEnum):
    IBM_QUANTUM = "IBM_QUANTUM"


class ProviderAccount(Base):
    """One account per user per provider. `token_ciphertext` is AES-GCM (secret_box)."""

    __tablename__ = "provider_accounts"
    __table_args__ = (UniqueConstraint("user_id", "provider"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    provider: Mapped[AccountProvider] = mapped_column(String(32))
    token_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    token_nonce: Mapped[bytes] = mapped_column(LargeBinary)
    instance: Mapped[str | None] = mapped_column(String(400))
    channel: Mapped[str] = mapped_column(String(32))
    connected_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:  # the sealed token stays out of reprs and logs
        return f"ProviderAccount({self.provider}, user={self.user_id})"


OPEN_STATES = ("QUEUED", "RUNNING")  # a provider job in these is polled


class ProviderJob(Base):
    __tablename__ = "provider_jobs"
    __table_args__ = (
        UniqueConstraint("provider", "provider_job_id"),
        Index(
            "provider_jobs_due",
            "next_poll_at",
            postgresql_where="state IN ('QUEUED', 'RUNNING')",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    provider: Mapped[str] = mapped_column(String(32))
    backend_id: Mapped[int] = mapped_column(ForeignKey("backends.id"))
    provider_job_id: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16))  # ProviderJobState
    provider_status: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)  # Qraph jobs it carries
    submitted_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_poll_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    poll_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    quantum_seconds: Mapped[float | None] = mapped_column(Float)
    cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 6))
    error: Mapped[str | None] = mapped_column(Text)
    cancel_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ProviderJobMember(Base):
    """A Qraph job carried by a provider job, at `position` among its circuits."""

    __tablename__ = "provider_job_members"

    provider_job_ref: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("provider_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)


class ProviderState(Base):
    """One provider's health: the circuit breaker's state and the catalog's last sync."""

    __tablename__ = "provider_states"

    provider: Mapped[str] = mapped_column(String(32), primary_key=True)
    reachable: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # consecutive
    open_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
