"""Who is calling: turn an `Authorization` / `X-API-Key` header into a Principal.

An access token holds while its session's cut-off (`cutoffs`) is before the token was issued: one
Redis MGET when cached, PostgreSQL otherwise. An API key is read from PostgreSQL every time.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from redis.asyncio import Redis
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import async_sessionmaker

from domain.db import AsyncSession
from domain.errors import InvalidCredentials
from domain.identity import cutoffs
from domain.identity.credentials import API_KEY_PREFIX, decode_access_token, hash_secret
from domain.identity.models import ApiKey, User
from domain.identity.principal import ANONYMOUS, Principal, Role, Scope, scopes_of

# `last_used_at` is written at most this often per key, so a busy key costs no write per call.
LAST_USED_RESOLUTION_S = 60


@dataclass(frozen=True, slots=True)
class Credentials:
    """What the request presented, as read from its headers or `connection_init` payload."""

    bearer: str | None = None
    api_key: str | None = None

    @classmethod
    def from_headers(cls, authorization: str | None, api_key: str | None) -> Credentials:
        bearer = None
        if authorization:
            scheme, _, value = authorization.strip().partition(" ")
            if scheme.lower() != "bearer" or not value.strip():
                raise InvalidCredentials("Use `Authorization: Bearer <token or API key>`.")
            bearer = value.strip()
        key = (api_key or "").strip() or None
        # Two different credentials are refused rather than one picked and the other ignored,
        # so a wrong `Authorization` never passes because a valid `X-API-Key` rode along.
        if bearer and key and bearer != key:
            raise InvalidCredentials(
                "Send one credential: `Authorization: Bearer ...` or `X-API-Key`, not both."
            )
        return cls(bearer=bearer, api_key=key)

    @property
    def present(self) -> bool:
        return bool(self.bearer or self.api_key)


async def authenticate(
    credentials: Credentials,
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    redis: Redis,
    jwt_secret: str,
) -> Principal:
    """The caller, or ANONYMOUS when nothing was presented; InvalidCredentials when wrong."""
    if not credentials.present:
        return ANONYMOUS
    key = credentials.api_key or (
        credentials.bearer
        if credentials.bearer and credentials.bearer.startswith(API_KEY_PREFIX)
        else None
    )
    if key is not None:
        return await _from_api_key(key, sessionmaker=sessionmaker, redis=redis)
    assert credentials.bearer is not None
    claims = decode_access_token(credentials.bearer, secret=jwt_secret)
    cutoff = (await cutoffs.lookup(redis, sessionmaker, [claims.session_id]))[claims.session_id]
    if claims.issued_at <= cutoff:
        raise InvalidCredentials("This access token was revoked; sign in or refresh.")
    roles = frozenset(Role(r) for r in claims.roles if r in Role.__members__)
    return Principal(
        user_id=claims.user_id,
        roles=roles,
        scopes=scopes_of(roles),
        session_id=claims.session_id,
        issued_at=claims.issued_at,
        email_verified=claims.email_verified,
    )


async def _from_api_key(
    secret: str, *, sessionmaker: async_sessionmaker[AsyncSession], redis: Redis
) -> Principal:
    async with sessionmaker() as session:
        found = (
            await session.execute(
                select(ApiKey, User)
                .join(User, User.id == ApiKey.user_id)
                .where(ApiKey.secret_hash == hash_secret(secret))
            )
        ).first()
        now = datetime.now(UTC)
        if found is None:
            raise InvalidCredentials("Unknown API key.")
        key, user = found
        if key.revoked_at is not None:
            raise InvalidCredentials("This API key was revoked.")
        if key.expires_at is not None and key.expires_at <= now:
            raise InvalidCredentials("This API key has expired.")
        if user.disabled_at is not None:
            raise InvalidCredentials("This account is disabled.")
        if await redis.set(f"qraph:key-used:{key.id}", "1", nx=True, ex=LAST_USED_RESOLUTION_S):
            await session.execute(
                update(ApiKey).where(ApiKey.id == key.id).values(last_used_at=now)
            )
            await session.commit()
    return _key_principal(key, user)


def _key_principal(key: ApiKey, user: User) -> Principal:
    roles = frozenset(Role(r) for r in user.roles if r in Role.__members__)
    # A key never exceeds its owner's roles, even after the owner loses one.
    scopes = frozenset(Scope(s) for s in key.scopes if s in {x.value for x in Scope})
    return Principal(
        user_id=user.id,
        roles=roles,
        scopes=scopes & scopes_of(roles),
        api_key_id=key.id,
        rate_limit=key.rate_limit,
        email_verified=user.email_verified_at is not None,
    )


async def still_hold(
    principals: Sequence[Principal],
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    redis: Redis,
) -> list[bool]:
    """For each principal authenticated earlier: would its credential still authenticate it,
    with the same roles and scopes? One MGET for the tokens, one statement for the keys."""
    token_cutoffs = await cutoffs.lookup(
        redis, sessionmaker, [p.session_id for p in principals if p.session_id is not None]
    )
    key_ids = [p.api_key_id for p in principals if p.api_key_id is not None]
    keys: dict[uuid.UUID, Principal | None] = {}
    if key_ids:
        now = datetime.now(UTC)
        async with sessionmaker() as session:
            rows = await session.execute(
                select(ApiKey, User)
                .join(User, User.id == ApiKey.user_id)
                .where(ApiKey.id.in_(set(key_ids)))
            )
            for key, user in rows.all():
                usable = key.revoked_at is None and user.disabled_at is None
                usable = usable and (key.expires_at is None or key.expires_at > now)
                keys[key.id] = _key_principal(key, user) if usable else None
    holds = []
    for principal in principals:
        if principal.api_key_id is not None:
            current = keys.get(principal.api_key_id)
            holds.append(current is not None and current == principal)
        elif principal.session_id is not None and principal.issued_at is not None:
            holds.append(principal.issued_at > token_cutoffs[principal.session_id])
        else:
            holds.append(not principal.authenticated)
    return holds
