"""A user's notifications: the page, the unread count, reading them, marking them read.

Every read and write here is scoped to one user: a notification of another user is not found.
Newest first (by when it was first made; a coalesced row keeps its place, with its count).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update

from domain.db import AsyncSession
from domain.errors import NotFound
from domain.notifications.models import Notification
from domain.pagination import Page, PageRequest, SortKey, keyset_page

NEWEST_FIRST = [
    SortKey(Notification.created_at, datetime, True),
    SortKey(Notification.id, uuid.UUID, True),
]


def _mine(user_id: uuid.UUID, *, unread_only: bool = False) -> list[object]:
    found: list[object] = [Notification.user_id == user_id]
    if unread_only:
        found.append(Notification.read_at.is_(None))
    return found


async def list_for_user(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    unread_only: bool,
    request: PageRequest,
    size: int,
) -> Page[Notification]:
    """One page of the user's notifications, newest first (one statement)."""
    stmt = select(Notification).where(*_mine(user_id, unread_only=unread_only))  # type: ignore[arg-type]
    return await keyset_page(session, stmt, NEWEST_FIRST, request, size=size)


async def count_for_user(session: AsyncSession, *, user_id: uuid.UUID, unread_only: bool) -> int:
    stmt = (
        select(func.count())
        .select_from(Notification)
        .where(*_mine(user_id, unread_only=unread_only))  # type: ignore[arg-type]
    )
    return int((await session.execute(stmt)).scalar_one())


async def get_many(
    session: AsyncSession, *, user_id: uuid.UUID | None, ids: Sequence[uuid.UUID]
) -> list[Notification | None]:
    """The user's notifications by id, in order; None for any that is missing or not theirs."""
    if user_id is None or not ids:
        return [None] * len(ids)
    rows = await session.scalars(
        select(Notification).where(Notification.id.in_(ids), Notification.user_id == user_id)
    )
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]


async def latest_for_users(
    session: AsyncSession, *, user_ids: Sequence[uuid.UUID]
) -> list[Notification]:
    """Each user's most recently made or changed notification (one statement)."""
    if not user_ids:
        return []
    rows = await session.scalars(
        select(Notification)
        .where(Notification.user_id.in_(user_ids))
        .distinct(Notification.user_id)
        .order_by(Notification.user_id, Notification.updated_at.desc(), Notification.id.desc())
    )
    return list(rows)


async def mark_read(
    session: AsyncSession, *, user_id: uuid.UUID, notification_id: uuid.UUID
) -> Notification:
    """Mark one of the user's notifications read (already read: unchanged); NotFound if it is
    not theirs. Once read, a coalescing key starts a new notification next time."""
    row = await session.scalar(
        update(Notification)
        .where(Notification.id == notification_id, Notification.user_id == user_id)
        .values(read_at=func.coalesce(Notification.read_at, func.now()))
        .returning(Notification)
        .execution_options(populate_existing=True)
    )
    if row is None:
        raise NotFound("No such notification.")
    return row


async def mark_all_read(session: AsyncSession, *, user_id: uuid.UUID) -> int:
    """Mark every unread notification of the user read; how many were marked."""
    result = await session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=func.now())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
