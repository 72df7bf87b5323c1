"""API keys: create (the secret is returned once and never stored), list, revoke.

A key's scopes never exceed what its owner may do: they are checked against the owner's roles
(read from the database, not from a token that may be stale) and against the caller's own scopes,
so a key can only mint keys narrower than itself. `authenticate` checks them again per request.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, String, cast, func, select

from domain.db import AsyncSession
from domain.errors import Forbidden, InvalidInput, NotFound, Unauthenticated
from domain.identity import revocation
from domain.identity.credentials import API_KEY_PREFIX, hash_secret, new_secret
from domain.identity.models import ApiKey, User
from domain.identity.principal import Principal, Role, Scope, scopes_of
from domain.pagination import Page, PageRequest, SortKey, keyset_page

NAME_MAX_LENGTH = 100
RATE_LIMIT_MAX = 10_000  # requests per minute; the owner's role default still caps it
# Keys may live a year at most; a key without `expires_at` lives until revoked.
MAX_LIFETIME = timedelta(days=365)
# Each key has its own request bucket, so the number of live keys bounds a user's total rate.
MAX_ACTIVE_KEYS = 25

# Newest first; the id (as text, so cursors stay plain JSON) breaks ties within a microsecond.
SORT_KEYS = [
    SortKey(ApiKey.created_at, datetime, descending=True),
    SortKey(cast(ApiKey.id, String), str, descending=True),
]


@dataclass(frozen=True, slots=True)
class NewApiKey:
    """A freshly created key and its plaintext secret, which only this object ever holds."""

    key: ApiKey
    secret: str


def is_active(key: ApiKey, *, now: datetime | None = None) -> bool:
    """Not revoked and not expired."""
    now = now or datetime.now(UTC)
    return key.revoked_at is None and (key.expires_at is None or key.expires_at > now)


def preview(key: ApiKey) -> str:
    """How a key is shown after creation: `qk_…abcd`."""
    return f"{API_KEY_PREFIX}…{key.last4}"


def _checked_scopes(
    requested: Iterable[Scope], *, role: frozenset[Scope], caller: frozenset[Scope]
) -> list[Scope]:
    scopes = sorted(set(requested), key=list(Scope).index)
    if not scopes:
        raise InvalidInput("Give the key at least one scope.", field="scopes")
    for allowed, whose in ((role, "your role"), (caller, "the key you are calling with")):
        beyond = [s.value for s in scopes if s not in allowed]
        if beyond:
            raise Forbidden(
                f"A key cannot have more access than you: {', '.join(beyond)} "
                f"{'is' if len(beyond) == 1 else 'are'} beyond {whose}."
            )
    return scopes


def _checked_expiry(expires_at: datetime | None, *, now: datetime) -> datetime | None:
    if expires_at is None:
        return None
    if expires_at.tzinfo is None:
        raise InvalidInput("`expiresAt` needs a timezone offset.", field="expiresAt")
    if expires_at <= now:
        raise InvalidInput("`expiresAt` must be in the future.", field="expiresAt")
    if expires_at > now + MAX_LIFETIME:
        raise InvalidInput("`expiresAt` may be at most one year ahead.", field="expiresAt")
    return expires_at


def _active(owner_id: uuid.UUID, *, now: datetime) -> ColumnElement[bool]:
    return (
        (ApiKey.user_id == owner_id)
        & ApiKey.revoked_at.is_(None)
        & (ApiKey.expires_at.is_(None) | (ApiKey.expires_at > now))
    )


async def create(
    session: AsyncSession,
    *,
    principal: Principal,
    name: str,
    scopes: Iterable[Scope],
    expires_at: datetime | None = None,
    rate_limit: int | None = None,
) -> NewApiKey:
    """A new key for the caller; Forbidden when a scope is beyond their role."""
    if principal.user_id is None:
        raise Unauthenticated("Sign in to create an API key.")
    now = datetime.now(UTC)
    name = name.strip()
    if not 1 <= len(name) <= NAME_MAX_LENGTH:
        raise InvalidInput(f"`name` must be 1 to {NAME_MAX_LENGTH} characters.", field="name")
    if rate_limit is not None and not 1 <= rate_limit <= RATE_LIMIT_MAX:
        raise InvalidInput(
            f"`rateLimit` must be 1 to {RATE_LIMIT_MAX} requests per minute.", field="rateLimit"
        )
    expires_at = _checked_expiry(expires_at, now=now)
    owner = await session.scalar(select(User).where(User.id == principal.user_id).with_for_update())
    if owner is None or owner.disabled_at is not None:
        raise Forbidden("This account no longer exists or is disabled.")
    roles = frozenset(Role(r) for r in owner.roles if r in Role.__members__)
    granted = _checked_scopes(scopes, role=scopes_of(roles), caller=principal.scopes)
    live = await session.scalar(
        select(func.count()).select_from(ApiKey).where(_active(owner.id, now=now))
    )
    if (live or 0) >= MAX_ACTIVE_KEYS:
        raise InvalidInput(f"You already have {MAX_ACTIVE_KEYS} active keys; revoke one first.")
    secret = new_secret(API_KEY_PREFIX)
    key = ApiKey(
        id=uuid.uuid4(),
        user_id=owner.id,
        name=name,
        secret_hash=hash_secret(secret),
        last4=secret[-4:],
        scopes=[s.value for s in granted],
        rate_limit=rate_limit,
        expires_at=expires_at,
        created_at=now,
    )
    session.add(key)
    await session.flush()
    return NewApiKey(key=key, secret=secret)


def _owned(owner_id: uuid.UUID, *, include_revoked: bool) -> Select[Any]:
    stmt = select(ApiKey).where(ApiKey.user_id == owner_id)
    return stmt if include_revoked else stmt.where(ApiKey.revoked_at.is_(None))


async def list_api_keys(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    include_revoked: bool,
    request: PageRequest,
    size: int,
) -> Page[ApiKey]:
    """One keyset page of an owner's keys, newest first."""
    stmt = _owned(owner_id, include_revoked=include_revoked)
    return await keyset_page(session, stmt, SORT_KEYS, request, size=size)


async def count_api_keys(
    session: AsyncSession, *, owner_id: uuid.UUID, include_revoked: bool
) -> int:
    """How many keys `list_api_keys` walks through."""
    stmt = _owned(owner_id, include_revoked=include_revoked).subquery()
    return int((await session.execute(select(func.count()).select_from(stmt))).scalar_one())


async def get_many(session: AsyncSession, *, ids: Sequence[uuid.UUID]) -> list[ApiKey | None]:
    """Keys in the order of `ids`, None where an id is unknown. The caller checks ownership."""
    rows = (await session.scalars(select(ApiKey).where(ApiKey.id.in_(ids)))).all()
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]


async def revoke(session: AsyncSession, *, principal: Principal, key_id: uuid.UUID) -> ApiKey:
    """Revoke a key (its owner or an admin). Idempotent; someone else's key is NotFound."""
    key = await session.scalar(select(ApiKey).where(ApiKey.id == key_id).with_for_update())
    if key is None or not principal.owns(key.user_id):
        raise NotFound("No such API key.")
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        await session.flush()
        revocation.end_connections(session, revocation.api_key_subject(key.id))
    return key
