"""Per-kind preferences: every notification shows in the app; email is opt-in per kind."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from domain.db import AsyncSession
from domain.notifications.models import NotificationKind, NotificationPreference


@dataclass(frozen=True, slots=True)
class Preference:
    kind: NotificationKind
    email: bool
    in_app: bool = True  # always: in-app notifications cannot be turned off


async def list_for_user(session: AsyncSession, *, user_id: uuid.UUID) -> list[Preference]:
    """One preference per kind, in the kinds' order; no row means no email."""
    rows = await session.execute(
        select(NotificationPreference.kind, NotificationPreference.email).where(
            NotificationPreference.user_id == user_id
        )
    )
    emailed: dict[str, bool] = {row.kind: row.email for row in rows}
    return [Preference(kind, bool(emailed.get(kind.value, False))) for kind in NotificationKind]


async def set_email(
    session: AsyncSession, *, user_id: uuid.UUID, kind: NotificationKind, email: bool
) -> Preference:
    """Turn email on or off for one kind (idempotent)."""
    statement = insert(NotificationPreference).values(user_id=user_id, kind=kind.value, email=email)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id", "kind"],
            set_={"email": statement.excluded.email, "updated_at": func.now()},
        )
    )
    return Preference(kind, email)
