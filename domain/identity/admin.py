"""Administration of accounts: find users, change their roles."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import Select, func, or_, select

from domain.db import AsyncSession
from domain.errors import InvalidInput, NotFound
from domain.identity import revocation
from domain.identity.models import AuthSession, User
from domain.identity.principal import Role
from domain.pagination import Page, PageRequest, SortKey, keyset_page

# Newest accounts first; the id breaks ties between accounts created in the same instant.
USER_KEYS = [SortKey(User.created_at, datetime, True), SortKey(User.id, uuid.UUID, True)]


@dataclass(frozen=True, slots=True)
class UserFilter:
    role: Role | None = None
    search: str | None = None  # a substring of the username or email, case-insensitive
    verified: bool | None = None
    disabled: bool | None = None


def _filtered(stmt: Select[Any], where: UserFilter) -> Select[Any]:
    if where.role is not None:
        stmt = stmt.where(User.roles.contains([where.role.value]))
    if where.search:
        escaped = where.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        stmt = stmt.where(or_(User.username.ilike(pattern), User.email.ilike(pattern)))
    if where.verified is not None:
        verified = User.email_verified_at.is_not(None)
        stmt = stmt.where(verified if where.verified else ~verified)
    if where.disabled is not None:
        disabled = User.disabled_at.is_not(None)
        stmt = stmt.where(disabled if where.disabled else ~disabled)
    return stmt


async def list_users(
    session: AsyncSession, *, where: UserFilter, request: PageRequest, size: int
) -> Page[User]:
    """One page of accounts, newest first."""
    return await keyset_page(session, _filtered(select(User), where), USER_KEYS, request, size=size)


async def count_users(session: AsyncSession, *, where: UserFilter) -> int:
    stmt = _filtered(select(func.count()).select_from(User), where)
    return int((await session.execute(stmt)).scalar_one())


async def set_roles(
    session: AsyncSession,
    *,
    redis: Redis,
    actor_id: uuid.UUID,
    user_id: uuid.UUID,
    roles: Sequence[Role],
) -> User:
    """Replace a user's roles. Their access tokens stop at once (a refresh picks up the change),
    and so do the connections they and their keys hold open.

    Every account keeps CONSUMER, and an admin cannot remove their own ADMIN role (so the last
    admin cannot lock everyone out by accident).
    """
    wanted = {Role.CONSUMER, *roles}
    user = await session.scalar(select(User).where(User.id == user_id).with_for_update())
    if user is None:
        raise NotFound("No such user.")
    if user_id == actor_id and Role.ADMIN not in wanted:
        raise InvalidInput("You cannot remove your own ADMIN role.", field="roles")
    user.roles = sorted(r.value for r in wanted)
    # Tokens carry roles; refusing those issued until now makes clients refresh, which re-reads
    # the roles. The column is the record; the cached cut-offs of live sessions follow it.
    cutoff = revocation.now()
    user.tokens_valid_after = datetime.fromtimestamp(cutoff, UTC)
    live = await session.scalars(
        select(AuthSession.id).where(
            AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)
        )
    )
    await revocation.cut_off(session, redis=redis, cutoffs=dict.fromkeys(live.all(), cutoff))
    revocation.end_connections(session, revocation.user_subject(user.id))
    return user
