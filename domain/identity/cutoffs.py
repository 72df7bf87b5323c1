"""Token cut-offs: whether a session's access tokens still hold. PostgreSQL decides; Redis caches.

A session's cut-off is the Unix time before which its access tokens are refused: infinity once
the session is revoked (or its user disabled or gone), the user's `tokens_valid_after` (set when
their roles change) otherwise, 0 when neither. Checking a token costs one Redis MGET when the
cache is warm; a miss reads PostgreSQL in one statement and fills the cache.

The cache cannot hide a revocation:
- whoever changes a cut-off overwrites the entry (SET) before their commit, and again after it;
- a reader that missed fills the entry only if nothing is there (SET NX), so a fill made from a
  read older than the change can never replace the change's entry;
- after a FLUSHALL every entry misses, and PostgreSQL answers.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from domain.db import AsyncSession
from domain.identity.models import AuthSession, User

REVOKED = math.inf
# An entry outlives no change (changes overwrite it); the TTL only bounds the cache's size.
CACHE_TTL_S = 300


def cache_key(session_id: uuid.UUID) -> str:
    return f"qraph:token-cutoff:{session_id}"


def of_user(user: User) -> float:
    """The cut-off of a new session of this user."""
    return _cutoff(None, user.tokens_valid_after, user.disabled_at is not None)


def _cutoff(revoked_at: datetime | None, valid_after: datetime | None, disabled: bool) -> float:
    if revoked_at is not None or disabled:
        return REVOKED
    return valid_after.timestamp() if valid_after is not None else 0.0


async def read(
    session: AsyncSession, *, session_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, float]:
    """The cut-offs as PostgreSQL has them; an unknown session is REVOKED."""
    rows = await session.execute(
        select(AuthSession.id, AuthSession.revoked_at, User.tokens_valid_after, User.disabled_at)
        .join(User, User.id == AuthSession.user_id)
        .where(AuthSession.id.in_(session_ids))
    )
    found = {
        row.id: _cutoff(row.revoked_at, row.tokens_valid_after, row.disabled_at is not None)
        for row in rows
    }
    return {sid: found.get(sid, REVOKED) for sid in session_ids}


async def lookup(
    redis: Redis,
    sessionmaker: async_sessionmaker[AsyncSession],
    session_ids: Iterable[uuid.UUID],
) -> dict[uuid.UUID, float]:
    """The cut-off of each session: from Redis, else from PostgreSQL (and then cached)."""
    ids = list(dict.fromkeys(session_ids))
    if not ids:
        return {}
    cached = await redis.mget([cache_key(sid) for sid in ids])
    known = {sid: float(value) for sid, value in zip(ids, cached, strict=True) if value is not None}
    missing = [sid for sid in ids if sid not in known]
    if missing:
        async with sessionmaker() as session:
            fresh = await read(session, session_ids=missing)
        await fill(redis, fresh)
        known.update(fresh)
    return known


async def fill(redis: Redis, cutoffs: Mapping[uuid.UUID, float]) -> None:
    """Cache cut-offs read from PostgreSQL (or of a session just opened), never over an entry
    already there: that one may be a change made after the read."""
    async with redis.pipeline(transaction=False) as pipe:
        for sid, cutoff in cutoffs.items():
            pipe.set(cache_key(sid), repr(cutoff), nx=True, ex=CACHE_TTL_S)
        await pipe.execute()


async def store(redis: Redis, cutoffs: Mapping[uuid.UUID, float]) -> None:
    """Overwrite cached cut-offs: what a revocation or a role change does, around its commit."""
    if not cutoffs:
        return
    async with redis.pipeline(transaction=False) as pipe:
        for sid, cutoff in cutoffs.items():
            pipe.set(cache_key(sid), repr(cutoff), ex=CACHE_TTL_S)
        await pipe.execute()
