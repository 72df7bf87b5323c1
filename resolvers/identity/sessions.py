"""Resolvers for signing in and out, refreshing tokens and listing sessions."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.errors import DomainError, NotFound
from domain.identity import revocation
from domain.identity import sessions as sessions_service
from domain.identity.models import AuthSession
from domain.identity.throttle import ThrottlePolicy
from qraph.context import Context
from resolvers.limits import client_ip
from schema.errors import to_error

if TYPE_CHECKING:
    from schema.identity.account_results import (
        LoginResult,
        RefreshResult,
        RevokeSessionResult,
    )
    from schema.identity.users import Session, User

Info = strawberry.Info[Context, None]


def token_policy(context: Context) -> sessions_service.TokenPolicy:
    settings = context.settings
    return sessions_service.TokenPolicy(
        jwt_secret=context.services.jwt_secret,
        access_ttl_s=settings.access_token_ttl_s,
        refresh_ttl_s=settings.refresh_token_ttl_s,
    )


def throttle_policy(context: Context) -> ThrottlePolicy:
    settings = context.settings
    return ThrottlePolicy(
        per_account=settings.login_failures_per_account,
        per_ip=settings.login_failures_per_ip,
        window_s=settings.login_failure_window_s,
    )


async def login(
    info: Info,
    login: Annotated[str, strawberry.argument(description="Your email address or username.")],
    password: Annotated[str, strawberry.argument(description="Your password.")],
) -> LoginResult:
    from schema.identity.account_results import LoginSuccess

    context = info.context
    async with context.session() as session, session.begin():
        try:
            grant = await sessions_service.login(
                session,
                redis=context.services.redis,
                login=login,
                password=password,
                ip=client_ip(context),
                user_agent=context.request.headers.get("user-agent"),
                tokens=token_policy(context),
                limits=throttle_policy(context),
            )
        except DomainError as error:
            # Caught inside the transaction so that it commits: a failed attempt is the
            # throttle's record, and every other refusal has written nothing.
            return to_error(error)  # type: ignore[return-value]
    return LoginSuccess.from_grant(grant)


async def refresh(
    info: Info,
    refresh_token: Annotated[
        str, strawberry.argument(description="The refresh token from the last sign-in/refresh.")
    ],
) -> RefreshResult:
    from schema.identity.account_results import RefreshSuccess

    context = info.context
    redis = context.services.redis
    refused: DomainError | None = None
    async with context.session() as session:
        async with session.begin():
            try:
                grant = await sessions_service.refresh(
                    session, redis=redis, refresh_token=refresh_token, tokens=token_policy(context)
                )
            except DomainError as error:
                # Caught inside the transaction so that it commits: a reused token's revocation
                # must stick, and every other refusal has written nothing.
                refused = error
        await revocation.announce(redis, session)
    if refused is not None:
        return to_error(refused)  # type: ignore[return-value]
    return RefreshSuccess.from_grant(grant)


async def logout(info: Info) -> bool:
    context = info.context
    redis = context.services.redis
    async with context.session() as session:
        async with session.begin():
            done = await sessions_service.logout(session, redis=redis, principal=context.principal)
        await revocation.announce(redis, session)
    return done


async def logout_all(info: Info) -> int:
    context = info.context
    redis = context.services.redis
    assert context.principal.user_id is not None  # IsAuthenticated
    async with context.session() as session:
        async with session.begin():
            count = await sessions_service.logout_all(
                session, redis=redis, user_id=context.principal.user_id
            )
        await revocation.announce(redis, session)
    return count


async def revoke_session(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The session's global ID.")],
) -> RevokeSessionResult:
    from schema.identity.account_results import RevokeSessionSuccess
    from schema.identity.users import Session

    context = info.context
    redis = context.services.redis
    try:
        session_id = _session_uuid(id)
        async with context.session() as session:
            async with session.begin():
                row = await sessions_service.revoke(
                    session, redis=redis, principal=context.principal, session_id=session_id
                )
            await revocation.announce(redis, session)
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return RevokeSessionSuccess(session=Session.from_model(row))


def is_current(root: strawberry.Parent[Session], info: Info) -> bool:
    return root.issued_now or root.row.id == info.context.principal.session_id


async def user_sessions(root: strawberry.Parent[User], info: Info) -> list[Session]:
    from schema.identity.users import Session

    if not info.context.principal.owns_account(root.row.id):
        return []
    rows = await info.context.loaders.active_sessions_by_user.load(root.row.id)
    return [Session.from_model(row) for row in rows]


async def sessions_by_ids(info: Info, ids: list[uuid.UUID | None]) -> list[AuthSession | None]:
    """For `node(id)`: sessions the caller owns (or any, for an admin); None for the rest."""
    principal = info.context.principal
    if not principal.authenticated:
        return [None] * len(ids)
    async with info.context.session() as session:
        rows = await sessions_service.get_many(session, ids=[i for i in ids if i is not None])
    by_id = {row.id: row for row in rows if row is not None and principal.owns_account(row.user_id)}
    return [by_id.get(i) if i is not None else None for i in ids]


def _session_uuid(global_id: str) -> uuid.UUID:
    try:
        decoded = strawberry.relay.GlobalID.from_id(global_id)
        if decoded.type_name != "Session":
            raise ValueError(decoded.type_name)
        return uuid.UUID(decoded.node_id)
    except ValueError as exc:
        raise NotFound("No such session.") from exc
