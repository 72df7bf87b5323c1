"""Signing out and cutting off: the row is the record, Redis is told twice, live sockets close.

Access tokens are stateless JWTs, so revoking a session's row alone would leave its tokens valid
until they expire. Each change therefore
1. writes PostgreSQL (the session's `revoked_at`, a user's `tokens_valid_after`, a key's
   `revoked_at`), which is what decides once Redis has forgotten everything (see `cutoffs`);
2. overwrites the cached cut-offs before the caller commits (so a failed commit refuses too
   much, which a refresh fixes, never too little);
3. after the commit, in `announce`, overwrites them again and publishes an `access` event, on
   which every API process closes the WebSocket connections that used the credential.

The services record what `announce` must say on the database session (`session.info`), so their
signatures stay about the change itself.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import ColumnElement, update

from domain import events
from domain.db import AsyncSession
from domain.identity import cutoffs as token_cutoffs
from domain.identity.models import AuthSession

REASON_LOGOUT = "logout"
REASON_LOGOUT_ALL = "logout_all"
REASON_REUSE = "refresh_token_reuse"
REASON_PASSWORD_CHANGED = "password_changed"
REASON_PASSWORD_RESET = "password_reset"

# Events on `qraph:events:access`; the key names what lost access.
ACCESS_TOPIC = "access"
ENDED = "ended"
_LEDGER = "qraph.access_changes"


def session_subject(session_id: uuid.UUID) -> str:
    return f"session:{session_id}"


def api_key_subject(key_id: uuid.UUID) -> str:
    return f"api_key:{key_id}"


def user_subject(user_id: uuid.UUID) -> str:
    return f"user:{user_id}"


@dataclass(slots=True)
class _Changes:
    cutoffs: dict[uuid.UUID, float] = field(default_factory=dict)
    subjects: set[str] = field(default_factory=set)


def _changes(session: AsyncSession) -> _Changes:
    return session.info.setdefault(_LEDGER, _Changes())  # type: ignore[no-any-return]


async def revoke_sessions(
    session: AsyncSession,
    *,
    redis: Redis,
    where: Sequence[ColumnElement[Any]],
    reason: str,
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
    await cut_off(session, redis=redis, cutoffs=dict.fromkeys(revoked, token_cutoffs.REVOKED))
    return revoked


async def cut_off(
    session: AsyncSession, *, redis: Redis, cutoffs: Mapping[uuid.UUID, float]
) -> None:
    """Refuse the sessions' access tokens issued before each cut-off (now, before the commit),
    and end the connections they opened once the caller has committed and announced."""
    if not cutoffs:
        return
    await token_cutoffs.store(redis, cutoffs)
    changes = _changes(session)
    changes.cutoffs.update(cutoffs)
    changes.subjects.update(session_subject(sid) for sid in cutoffs)


def end_connections(session: AsyncSession, *subjects: str) -> None:
    """Have `announce` end the live connections of these subjects (a key, a user)."""
    _changes(session).subjects.update(subjects)


async def announce(redis: Redis, session: AsyncSession) -> None:
    """After the commit: cache the cut-offs again and tell every API process what ended."""
    changes: _Changes | None = session.info.pop(_LEDGER, None)
    if changes is None:
        return
    await token_cutoffs.store(redis, changes.cutoffs)
    for subject in sorted(changes.subjects):
        await events.publish(redis, events.Event(ACCESS_TOPIC, subject, ENDED))


async def revoke_user_sessions(
    session: AsyncSession,
    *,
    redis: Redis,
    user_id: uuid.UUID,
    reason: str,
    keep: uuid.UUID | None = None,
) -> list[uuid.UUID]:
    """Revoke every live session of a user, except `keep` (the caller's own) when given."""
    where: list[ColumnElement[Any]] = [AuthSession.user_id == user_id]
    if keep is not None:
        where.append(AuthSession.id != keep)
    return await revoke_sessions(session, redis=redis, where=where, reason=reason)


def now() -> float:
    """The cut-off for "every token issued until this instant" (tokens carry a float `iat`)."""
    return time.time()
