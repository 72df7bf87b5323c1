"""Repairing a user's Redis window from PostgreSQL's `shot_usage`, the record.

Two cases: Redis lost the window (FLUSHALL, or its keys expired), and reservations outlived
their deadline without being confirmed or released (the process died mid-submission).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from redis.asyncio import Redis
from sqlalchemy import func, select

from domain.budgets import shot_window as window
from domain.db import AsyncSession
from domain.identity.models import ShotUsage


async def recorded(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    since: datetime | None = None,
    references: Iterable[str] | None = None,
) -> list[tuple[str, int, datetime]]:
    """(reference, shots, latest used_at) per reference from `shot_usage`."""
    query = select(ShotUsage.reference, func.sum(ShotUsage.shots), func.max(ShotUsage.used_at))
    query = query.where(ShotUsage.user_id == user_id).group_by(ShotUsage.reference)
    if since is not None:
        query = query.where(ShotUsage.used_at > since)
    if references is not None:
        query = query.where(ShotUsage.reference.in_(list(references)))
    return [(ref, int(shots), at) for ref, shots, at in (await session.execute(query)).all()]


async def rebuild(
    session: AsyncSession, redis: Redis, user_id: uuid.UUID, *, period_s: int, now: datetime
) -> None:
    """Redis lost the window: load it again from the record."""
    entries = await recorded(session, user_id, since=now - timedelta(seconds=period_s))
    await window.load(redis, user_id, entries, period_s=period_s, now=now)


async def settle(
    session: AsyncSession,
    redis: Redis,
    user_id: uuid.UUID,
    references: tuple[str, ...],
    *,
    period_s: int,
    now: datetime,
) -> None:
    """Reservations past their deadline: confirmed if their row exists, released if not."""
    found = {
        ref: (shots, at)
        for ref, shots, at in await recorded(session, user_id, references=references)
    }
    for reference in references:
        if reference in found:
            shots, at = found[reference]
            await window.confirm(
                redis,
                user_id,
                reference=reference,
                shots=shots,
                used_at=at,
                period_s=period_s,
                now=now,
            )
        else:
            await window.release(redis, user_id, reference=reference, period_s=period_s)
