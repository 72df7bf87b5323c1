"""Resolvers for accounts: `me`, registration, email verification, passwords and the profile."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import strawberry
from starlette.background import BackgroundTasks

from domain.errors import DomainError
from domain.identity import accounts as accounts_service
from domain.identity import revocation
from domain.identity.delivery import Delivery, make_delivery
from domain.identity.models import OutboxMessage
from domain.identity.models import User as UserRow
from qraph.context import Context
from resolvers.identity.sessions import throttle_policy
from resolvers.limits import check_mutation_rate
from schema.errors import to_error
from schema.identity.account_inputs import UpdateProfileInput

if TYPE_CHECKING:
    from schema.identity.account_results import (
        ChangePasswordResult,
        RegisterResult,
        RequestPasswordResetResult,
        ResetPasswordResult,
        UpdateProfileResult,
        VerifyEmailResult,
    )
    from schema.identity.users import User

Info = strawberry.Info[Context, None]
Password = Annotated[str, strawberry.argument(description="The new password.")]
RESET_ACCEPTED = (
    "If an account uses this address, a reset link is on its way. It expires in 1 hour."
)


def _policy(info: Info) -> accounts_service.PasswordPolicy:
    return accounts_service.PasswordPolicy(min_length=info.context.settings.password_min_length)


def _delivery(info: Info) -> Delivery:
    settings = info.context.settings
    smtp = settings.smtp_url.get_secret_value() if settings.smtp_url else None
    return make_delivery(smtp_url=smtp, sender=settings.mail_from, production=settings.production)


async def _send_after_response(info: Info, messages: Sequence[OutboxMessage | None]) -> None:
    """Dispatch committed mail once the response is out: the caller neither waits for SMTP
    nor learns from the timing whether a mail was sent."""
    pending = [m for m in messages if m is not None]
    if not pending:
        return
    delivery, sessionmaker = _delivery(info), info.context.services.sessionmaker
    response = info.context.response
    if response is None:  # over WebSocket there is no response to run it after
        await delivery.dispatch(sessionmaker, pending)
        return
    tasks = response.background
    if not isinstance(tasks, BackgroundTasks):
        tasks = BackgroundTasks([tasks] if tasks is not None else [])
        response.background = tasks
    tasks.add_task(delivery.dispatch, sessionmaker, pending)


async def me(info: Info) -> User | None:
    from schema.identity.users import User

    user_id = info.context.principal.user_id
    if user_id is None:
        return None
    row = (await users_by_ids(info, [user_id]))[0]
    return User.from_model(row) if row is not None else None


def user_email(root: strawberry.Parent[User], info: Info) -> str | None:
    visible = root.reveal_email or info.context.principal.owns_account(root.row.id)
    return root.row.email if visible else None


async def users_by_ids(info: Info, ids: list[uuid.UUID | None]) -> list[UserRow | None]:
    """For `node(id)` and `me`: accounts the caller may see (their own, with the `account`
    scope; anyone's, for an admin)."""
    principal = info.context.principal
    visible = [i for i in ids if i is not None and principal.owns_account(i)]
    if not visible:
        return [None] * len(ids)
    async with info.context.session() as session:
        rows = await accounts_service.get_many(session, ids=visible)
    by_id = {row.id: row for row in rows if row is not None}
    return [by_id.get(i) if i is not None else None for i in ids]


async def register(
    info: Info,
    email: Annotated[str, strawberry.argument(description="Your email address.")],
    username: Annotated[
        str, strawberry.argument(description="3 to 40 letters, digits, `_`, `.` or `-`.")
    ],
    password: Annotated[str, strawberry.argument(description="Your password.")],
) -> RegisterResult:
    from schema.identity.account_results import RegisterSuccess
    from schema.identity.users import User

    try:
        await check_mutation_rate(info)  # each registration sends a mail
        async with info.context.session() as session, session.begin():
            registration = await accounts_service.register(
                session,
                email=email,
                username=username,
                password=password,
                policy=_policy(info),
                public_url=info.context.settings.public_url,
                delivery=_delivery(info),
            )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    await _send_after_response(info, [registration.mail])
    return RegisterSuccess(user=User.from_model(registration.user, reveal_email=True))


async def verify_email(
    info: Info,
    token: Annotated[str, strawberry.argument(description="The token from the mail.")],
) -> VerifyEmailResult:
    from schema.identity.account_results import VerifyEmailSuccess
    from schema.identity.users import User

    try:
        async with info.context.session() as session, session.begin():
            user = await accounts_service.verify_email(session, token=token)
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return VerifyEmailSuccess(user=User.from_model(user, reveal_email=True))


async def resend_verification_email(info: Info) -> bool:
    user_id = info.context.principal.user_id
    assert user_id is not None  # IsAuthenticated
    async with info.context.session() as session, session.begin():
        mail = await accounts_service.resend_verification(
            session,
            user_id=user_id,
            public_url=info.context.settings.public_url,
            delivery=_delivery(info),
        )
    await _send_after_response(info, [mail])
    return mail is not None


async def request_password_reset(
    info: Info,
    email: Annotated[str, strawberry.argument(description="The account's email address.")],
) -> RequestPasswordResetResult:
    from schema.identity.account_results import RequestPasswordResetAccepted

    try:
        await check_mutation_rate(info)  # the same for every address, so it reveals nothing
        async with info.context.session() as session, session.begin():
            mail = await accounts_service.request_password_reset(
                session,
                email=email,
                public_url=info.context.settings.public_url,
                delivery=_delivery(info),
            )
    except DomainError as error:  # a malformed address or the rate limit; never unknown
        return to_error(error)  # type: ignore[return-value]
    await _send_after_response(info, [mail])
    return RequestPasswordResetAccepted(message=RESET_ACCEPTED)


async def reset_password(
    info: Info,
    token: Annotated[str, strawberry.argument(description="The token from the reset mail.")],
    new_password: Password,
) -> ResetPasswordResult:
    from schema.identity.account_results import ResetPasswordSuccess

    redis = info.context.services.redis
    try:
        async with info.context.session() as session:
            async with session.begin():
                _, revoked = await accounts_service.reset_password(
                    session,
                    redis=redis,
                    token=token,
                    new_password=new_password,
                    policy=_policy(info),
                )
            await revocation.announce(redis, session)
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return ResetPasswordSuccess(revoked_sessions=revoked)


async def change_password(
    info: Info,
    current_password: Annotated[str, strawberry.argument(description="The password today.")],
    new_password: Password,
) -> ChangePasswordResult:
    from schema.identity.account_results import ChangePasswordSuccess

    principal = info.context.principal
    redis = info.context.services.redis
    assert principal.user_id is not None  # IsAuthenticated
    async with info.context.session() as session:
        async with session.begin():
            try:
                revoked = await accounts_service.change_password(
                    session,
                    redis=redis,
                    user_id=principal.user_id,
                    current_session_id=principal.session_id,
                    current_password=current_password,
                    new_password=new_password,
                    policy=_policy(info),
                    limits=throttle_policy(info.context),
                )
            except DomainError as error:
                # Caught inside the transaction so that it commits: a wrong current password
                # is the throttle's record, and every other refusal has written nothing.
                return to_error(error)  # type: ignore[return-value]
        await revocation.announce(redis, session)
    return ChangePasswordSuccess(revoked_sessions=revoked)


async def update_profile(
    info: Info,
    input: Annotated[
        UpdateProfileInput, strawberry.argument(description="Only the fields given change.")
    ],
) -> UpdateProfileResult:
    from schema.identity.account_results import UpdateProfileSuccess
    from schema.identity.users import User

    user_id = info.context.principal.user_id
    assert user_id is not None  # IsAuthenticated
    try:
        async with info.context.session() as session, session.begin():
            user = await accounts_service.update_profile(
                session, user_id=user_id, changes=input.to_changes()
            )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return UpdateProfileSuccess(user=User.from_model(user))
