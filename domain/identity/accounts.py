"""Accounts: register, verify the email, reset or change the password, edit the profile."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from redis.asyncio import Redis
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from domain.db import AsyncSession
from domain.errors import AlreadyExists, InvalidCredentials, InvalidInput, NotFound
from domain.identity import account_tokens, profiles, revocation, throttle
from domain.identity.account_tokens import Purpose
from domain.identity.delivery import Delivery
from domain.identity.models import OutboxMessage, User
from domain.identity.passwords import check_password, hash_in_thread, verify_in_thread
from domain.identity.principal import Role

USERNAME = re.compile(r"[A-Za-z0-9_.-]{3,40}")
# A second mail within this interval is not sent, so the form cannot be used to flood an inbox.
MAIL_INTERVAL = timedelta(seconds=60)
_TAKEN = {"uq_users_email_lower": "email", "uq_users_username_lower": "username"}


@dataclass(frozen=True, slots=True)
class PasswordPolicy:
    min_length: int


@dataclass(frozen=True, slots=True)
class Registration:
    user: User
    mail: OutboxMessage


def normalise_email(email: str) -> str:
    """The address as stored (domain lower-cased, IDNA checked); no DNS lookup is made."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidInput(f"That is not a usable email address: {exc}", field="email") from exc


def check_username(username: str) -> str:
    name = username.strip()
    if not USERNAME.fullmatch(name):
        raise InvalidInput(
            "Usernames have 3 to 40 characters: letters, digits, `_`, `.` and `-`.",
            field="username",
        )
    return name


async def get(session: AsyncSession, *, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def get_many(session: AsyncSession, *, ids: Sequence[uuid.UUID]) -> list[User | None]:
    """Users by id, in the order asked; None for each id that names no user."""
    rows = (await session.scalars(select(User).where(User.id.in_(ids)))).all()
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]


async def get_by_login(session: AsyncSession, *, login: str) -> User | None:
    """The user whose email or username (any case) is `login`. Usernames never hold `@`."""
    value = login.strip().lower()
    column = User.email if "@" in value else User.username
    return await session.scalar(select(User).where(func.lower(column) == value))


async def register(
    session: AsyncSession,
    *,
    email: str,
    username: str,
    password: str,
    policy: PasswordPolicy,
    public_url: str,
    delivery: Delivery,
) -> Registration:
    """A new CONSUMER account and a mailed verification token; nothing is written on refusal."""
    email = normalise_email(email)
    username = check_username(username)
    check_password(password, min_length=policy.min_length, email=email, username=username)
    for field, column, value in (
        ("email", User.email, email),
        ("username", User.username, username),
    ):
        if await session.scalar(select(User.id).where(func.lower(column) == value.lower())):
            raise AlreadyExists(f"An account with this {field} already exists.", field=field)
    user = User(
        email=email,
        username=username,
        password_hash=await hash_in_thread(password),
        roles=[Role.CONSUMER.value],
        links=[],
    )
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as exc:  # the same name, registered by a concurrent request
        field = next((f for name, f in _TAKEN.items() if name in str(exc.orig)), "email")
        raise AlreadyExists(f"An account with this {field} already exists.", field=field) from exc
    token = await account_tokens.issue(session, user_id=user.id, purpose=Purpose.VERIFY_EMAIL)
    mail = account_tokens.verification_mail(user, token=token, public_url=public_url)
    return Registration(user=user, mail=await delivery.record(session, mail))


async def verify_email(session: AsyncSession, *, token: str) -> User:
    """Spend a verification token and mark the address verified."""
    user = await account_tokens.redeem(session, token=token, purpose=Purpose.VERIFY_EMAIL)
    user.email_verified_at = user.email_verified_at or datetime.now(UTC)
    return user


async def resend_verification(
    session: AsyncSession, *, user_id: uuid.UUID, public_url: str, delivery: Delivery
) -> OutboxMessage | None:
    """A fresh verification mail, unless the address is verified or one was just sent."""
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound("No such account.")
    if user.email_verified_at is not None or await _mailed_recently(
        session, user, Purpose.VERIFY_EMAIL
    ):
        return None
    token = await account_tokens.issue(session, user_id=user.id, purpose=Purpose.VERIFY_EMAIL)
    mail = account_tokens.verification_mail(user, token=token, public_url=public_url)
    return await delivery.record(session, mail)


async def request_password_reset(
    session: AsyncSession, *, email: str, public_url: str, delivery: Delivery
) -> OutboxMessage | None:
    """Mail a reset token when the address names an active account; the caller never learns
    which happened, so the answer must not depend on the return value."""
    value = normalise_email(email).lower()
    user = await session.scalar(select(User).where(func.lower(User.email) == value))
    if user is None or user.disabled_at is not None:
        return None
    if await _mailed_recently(session, user, Purpose.RESET_PASSWORD):
        return None
    token = await account_tokens.issue(session, user_id=user.id, purpose=Purpose.RESET_PASSWORD)
    mail = account_tokens.reset_mail(user, token=token, public_url=public_url)
    return await delivery.record(session, mail)


async def reset_password(
    session: AsyncSession,
    *,
    redis: Redis,
    token: str,
    new_password: str,
    policy: PasswordPolicy,
) -> tuple[User, int]:
    """Set a new password with a mailed token; every session is signed out. (user, revoked)"""
    user = await account_tokens.redeem(session, token=token, purpose=Purpose.RESET_PASSWORD)
    check_password(
        new_password,
        min_length=policy.min_length,
        email=user.email,
        username=user.username,
        field="newPassword",
    )
    user.password_hash = await hash_in_thread(new_password)
    # Receiving the mail proves the address, and the old failures were not the owner's.
    user.email_verified_at = user.email_verified_at or datetime.now(UTC)
    await throttle.clear_account(session, account=throttle.account_key(user.id))
    revoked = await revocation.revoke_user_sessions(
        session, redis=redis, user_id=user.id, reason=revocation.REASON_PASSWORD_RESET
    )
    return user, len(revoked)


async def change_password(
    session: AsyncSession,
    *,
    redis: Redis,
    user_id: uuid.UUID,
    current_session_id: uuid.UUID | None,
    current_password: str,
    new_password: str,
    policy: PasswordPolicy,
    limits: throttle.ThrottlePolicy,
) -> int:
    """Replace the password after checking the current one; other sessions are signed out.

    Wrong current passwords count as failed sign-ins, so a stolen access token cannot be used
    to guess the password at leisure (the failure is written in `session`: commit it on
    InvalidCredentials). Returns how many sessions were signed out.
    """
    user = await session.get(User, user_id, with_for_update=True)
    if user is None:
        raise NotFound("No such account.")
    key = throttle.account_key(user.id)
    await throttle.check(session, policy=limits, account=key, ip=None)
    if not await verify_in_thread(user.password_hash, current_password):
        await throttle.record_failure(session, policy=limits, account=key, ip=None)
        raise InvalidCredentials("The current password is wrong.")
    check_password(
        new_password,
        min_length=policy.min_length,
        email=user.email,
        username=user.username,
        field="newPassword",
    )
    user.password_hash = await hash_in_thread(new_password)
    revoked = await revocation.revoke_user_sessions(
        session,
        redis=redis,
        user_id=user.id,
        reason=revocation.REASON_PASSWORD_CHANGED,
        keep=current_session_id,
    )
    return len(revoked)


async def update_profile(
    session: AsyncSession, *, user_id: uuid.UUID, changes: profiles.ProfileChanges
) -> User:
    """Apply checked profile changes; a refusal changes nothing."""
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound("No such account.")
    profiles.apply(user, changes)
    await session.flush()
    return user


async def _mailed_recently(session: AsyncSession, user: User, purpose: Purpose) -> bool:
    last = await account_tokens.last_issued_at(session, user_id=user.id, purpose=purpose)
    return last is not None and datetime.now(UTC) - last < MAIL_INTERVAL
