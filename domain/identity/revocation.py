"""Signing sessions out: the row is revoked and its outstanding access tokens are refused.

Access tokens are stateless JWTs, so revoking the row alone would leave them valid until they
expire. A Redis marker per session, kept for one access-token lifetime, closes that gap: it is
set before the caller commits, so a failed commit refuses too much (a refresh fixes that), never
too little.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import ColumnElement, update

from domain.db import AsyncSession
from domain.identity.authn import revoked_session_key
from domain.identity.models import AuthSession

REASON_LOGOUT = "logout"
REASON_LOGOUT_ALL = "logout_all"
REASON_REUSE = "refresh_token_reuse"
REASON_PASSWORD_CHANGED = "password_changed"
REASON_PASSWORD_RESET = "password_reset"


async def revoke_sessions(
    session: AsyncSession,
    *,
    redis: Redis,
    where: Sequence[ColumnElement[Any]],
    reason: str,
    access_ttl_s: int,
) -> list[uuid.UUID]:
    """Revoke the live sessions matching `where`; the ids of those revoked just now."""
    revoked = list(
        (
            await session.scalars(
                update(AuthSession)
                .where(*where, AuthSession.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC), revoked_reason=reason)
                .returning(AuthSession.id)
            )
        ).all()
    )
    await refuse_access_tokens(redis, revoked, access_ttl_s=access_ttl_s)
    return revoked


async def refuse_access_tokens(
    redis: Redis, session_ids: Sequence[uuid.UUID], *, access_ttl_s: int
) -> None:
    """Mark the sessions so `authenticate` refuses their access tokens until those expire."""
    if not session_ids:
        return
    now = time.time()
    async with redis.pipeline(transaction=False) as pipe:
        for session_id in session_ids:
            # The moment matters: tokens issued before it are refused, later ones (a refresh
            # after a role change) are not.
            pipe.set(revoked_session_key(session_id), repr(now), ex=max(access_ttl_s, 1))
        await pipe.execute()


async def revoke_user_sessions(
    session: AsyncSession,
    *,
    redis: Redis,
    user_id: uuid.UUID,
    reason: str,
    access_ttl_s: int,
    keep: uuid.UUID | None = None,
) -> list[uuid.UUID]:
    """Revoke every live session of a user, except `keep` (the caller's own) when given."""
    where: list[ColumnElement[Any]] = [AuthSession.user_id == user_id]
    if keep is not None:
        where.append(AuthSession.id != keep)
    return await revoke_sessions(
        session, redis=redis, where=where, reason=reason, access_ttl_s=access_ttl_s
    )
