"""A user's connected provider account: the token sealed at rest, and how the last sync went."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String, Text, UniqueConstraint, func
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
