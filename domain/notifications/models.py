"""A user's notifications. `coalesce_key` lets a burst of like events (job-finished) update one
unread row instead of adding one row each: `count` says how many it stands for."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import Base


class NotificationKind(StrEnum):
    JOB_FINISHED = "JOB_FINISHED"
    SHOT_BUDGET_WARNING = "SHOT_BUDGET_WARNING"
    SPENDING_WARNING = "SPENDING_WARNING"
    TRIAL_ENDING = "TRIAL_ENDING"
    SUBSCRIPTION_RENEWED = "SUBSCRIPTION_RENEWED"
    BILL_ISSUED = "BILL_ISSUED"
    NEW_REVIEW = "NEW_REVIEW"
    NEW_VERSION = "NEW_VERSION"


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("notifications_user_page", "user_id", "created_at", "id"),
        Index(
            "notifications_unread",
            "user_id",
            "created_at",
            "id",
            postgresql_where=text("read_at IS NULL"),
        ),
        # One unread row per coalescing key per user.
        Index(
            "notifications_coalesce",
            "user_id",
            "coalesce_key",
            unique=True,
            postgresql_where=text("read_at IS NULL AND coalesce_key IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(200))  # a global ID
    coalesce_key: Mapped[str | None] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(Integer, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # What a coalesced row adds up (job-finished: jobs by final status), to word its body.
    tally: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class NotificationPreference(Base):
    """A user's choice for one kind: in the app always; by email only when `email` is true.
    No row means the default: no email."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[NotificationKind] = mapped_column(String(32), primary_key=True)
    email: Mapped[bool] = mapped_column(Boolean, server_default="false")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
