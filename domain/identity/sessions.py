"""Sessions: sign in, refresh with rotation and reuse detection, sign out, list.

A session is a family of refresh tokens. Each refresh spends the presented token and issues the
next one. A spent token presented again means two parties hold the family (one of them stole
it), and since we cannot tell which, the whole session is revoked. A session lives
`refresh_ttl_s` from sign-in however often it refreshes: an absolute lifetime, not a sliding one.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from redis.asyncio import Redis
from sqlalchemy import select

from domain.db import AsyncSession
from domain.errors import InvalidCredentials, NotFound
from domain.identity import accounts, cutoffs, revocation, throttle
from domain.identity.credentials import (
    REFRESH_PREFIX,
    hash_secret,
    issue_access_token,
    new_secret,
)
from domain.identity.models import AuthSession, RefreshToken, User
from domain.identity.passwords import hash_in_thread, needs_rehash, verify_in_thread
from domain.identity.principal import Principal

WRONG_LOGIN = "The login or the password is wrong."
MAX_USER_AGENT = 500


@dataclass(frozen=True, slots=True)
class TokenPolicy:
    jwt_secret: str
    access_ttl_s: int
    refresh_ttl_s: int


@dataclass(frozen=True, slots=True)
class Grant:
    """What a sign-in or refresh hands the client."""

    user: User
    auth_session: AuthSession
    access_token: str
    access_expires_at: datetime
    refresh_token: str


class RefreshTokenReused(InvalidCredentials):
    """A spent refresh token came back. The session's revocation is written in the caller's
    session when this is raised: commit it rather than roll it back."""


async def login(
    session: AsyncSession,
    *,
    redis: Redis,
    login: str,
    password: str,
    ip: str | None,
    user_agent: str | None,
    tokens: TokenPolicy,
    limits: throttle.ThrottlePolicy,
) -> Grant:
    """Check the password (throttled per account and IP) and open a session.

    A wrong password is recorded in `session` before InvalidCredentials is raised: the caller
    commits it rather than rolling it back, or the throttle would never count.
    """
    user = await accounts.get_by_login(session, login=login)
    key = throttle.account_key(user.id if user is not None else login)
    await throttle.check(session, policy=limits, account=key, ip=ip)
    # Unknown accounts spend the same argon2 verification as wrong passwords.
    valid = await verify_in_thread(user.password_hash if user else None, password)
    if user is None or not valid:
        await throttle.record_failure(session, policy=limits, account=key, ip=ip)
        raise InvalidCredentials(WRONG_LOGIN)
    if user.disabled_at is not None:
        raise InvalidCredentials("This account is disabled.")
    await throttle.clear_account(session, account=key)
    # FOR SHARE, as in `refresh`: a role change in flight finishes first, and its roles are read.
    await session.refresh(user, with_for_update={"read": True})
    if needs_rehash(user.password_hash):
        user.password_hash = await hash_in_thread(password)
    auth = AuthSession(
        user_id=user.id,
        ip=ip,
        user_agent=(user_agent or "")[:MAX_USER_AGENT] or None,
        expires_at=datetime.now(UTC) + timedelta(seconds=tokens.refresh_ttl_s),
    )
    session.add(auth)
    await session.flush()
    # Warm the cache, so the first request with the new token costs no extra statement.
    await cutoffs.fill(redis, {auth.id: cutoffs.of_user(user)})
    return await _grant(session, user=user, auth=auth, tokens=tokens)


async def refresh(
    session: AsyncSession, *, redis: Redis, refresh_token: str, tokens: TokenPolicy
) -> Grant:
    """Spend a refresh token for a new access token and the next refresh token.

    The token row and its session are locked, so of two concurrent refreshes with one token
    only the first succeeds; the second sees a spent token and revokes the session. Roles are
    read again, so a role change takes effect at the next refresh.
    """
    refused = InvalidCredentials("This refresh token is not valid; sign in again.")
    if not refresh_token.startswith(REFRESH_PREFIX):
        raise refused
    row = await session.scalar(
        select(RefreshToken)
        .where(RefreshToken.token_hash == hash_secret(refresh_token))
        .with_for_update()
    )
    if row is None:
        raise refused
    auth = await session.scalar(
        select(AuthSession)
        .where(AuthSession.id == row.session_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if auth is None or auth.revoked_at is not None:
        raise InvalidCredentials("This session was signed out; sign in again.")
    if row.rotated_at is not None:
        await revocation.revoke_sessions(
            session,
            redis=redis,
            where=[AuthSession.id == auth.id],
            reason=revocation.REASON_REUSE,
        )
        raise RefreshTokenReused(
            "This refresh token was already used, so the session was signed out to protect "
            "the account; sign in again."
        )
    now = datetime.now(UTC)
    if auth.expires_at <= now:
        raise InvalidCredentials("This session has expired; sign in again.")
    # FOR SHARE: a role change in flight (it locks the user) finishes first, so the new token
    # never carries the old roles past the change's cut-off.
    user = await session.get(User, auth.user_id, with_for_update={"read": True})
    if user is None or user.disabled_at is not None:
        raise InvalidCredentials("This account is disabled.")
    row.rotated_at = now
    auth.last_refreshed_at = now
    return await _grant(session, user=user, auth=auth, tokens=tokens)


async def logout(session: AsyncSession, *, redis: Redis, principal: Principal) -> bool:
    """Sign out the caller's own session; False when it has none (an API key) or is gone."""
    if principal.session_id is None:
        return False
    revoked = await revocation.revoke_sessions(
        session,
        redis=redis,
        where=[AuthSession.id == principal.session_id, AuthSession.user_id == principal.user_id],
        reason=revocation.REASON_LOGOUT,
    )
    return bool(revoked)


async def logout_all(session: AsyncSession, *, redis: Redis, user_id: uuid.UUID) -> int:
    """Sign out every session of the user, the caller's included; how many were live."""
    revoked = await revocation.revoke_user_sessions(
        session,
        redis=redis,
        user_id=user_id,
        reason=revocation.REASON_LOGOUT_ALL,
    )
    return len(revoked)


async def revoke(
    session: AsyncSession,
    *,
    redis: Redis,
    principal: Principal,
    session_id: uuid.UUID,
) -> AuthSession:
    """Sign out one session the caller owns (or any, for an admin); NotFound otherwise."""
    auth = await session.get(AuthSession, session_id)
    if auth is None or not principal.owns(auth.user_id):
        raise NotFound("No such session.")
    await revocation.revoke_sessions(
        session,
        redis=redis,
        where=[AuthSession.id == auth.id],
        reason=revocation.REASON_LOGOUT,
    )
    await session.refresh(auth)
    return auth


async def list_active(session: AsyncSession, *, user_id: uuid.UUID) -> list[AuthSession]:
    """The user's live sessions, newest first."""
    return (await list_active_for(session, user_ids=[user_id]))[user_id]


async def list_active_for(
    session: AsyncSession, *, user_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[AuthSession]]:
    """Live sessions of several users in one statement, newest first, by user."""
    rows = await session.scalars(
        select(AuthSession)
        .where(
            AuthSession.user_id.in_(user_ids),
            AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > datetime.now(UTC),
        )
        .order_by(AuthSession.created_at.desc(), AuthSession.id)
    )
    found: dict[uuid.UUID, list[AuthSession]] = {user_id: [] for user_id in user_ids}
    for row in rows.all():
        found[row.user_id].append(row)
    return found


async def get_many(session: AsyncSession, *, ids: Sequence[uuid.UUID]) -> list[AuthSession | None]:
    """Sessions by id, in the order asked; None for each id that names none."""
    rows = (await session.scalars(select(AuthSession).where(AuthSession.id.in_(ids)))).all()
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]


async def _grant(
    session: AsyncSession, *, user: User, auth: AuthSession, tokens: TokenPolicy
) -> Grant:
    secret = new_secret(REFRESH_PREFIX)
    session.add(RefreshToken(session_id=auth.id, token_hash=hash_secret(secret)))
    await session.flush()
    access, expires = issue_access_token(
        user_id=user.id,
        session_id=auth.id,
        roles=list(user.roles),
        secret=tokens.jwt_secret,
        ttl_s=tokens.access_ttl_s,
        email_verified=user.email_verified_at is not None,
    )
    return Grant(
        user=user,
        auth_session=auth,
        access_token=access,
        access_expires_at=expires,
        refresh_token=secret,
    )
