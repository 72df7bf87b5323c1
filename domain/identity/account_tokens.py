"""One-time tokens mailed to users (email verification, password reset) and the mails that
carry them. Only a SHA-256 of each token is stored; a token is spent by stamping `used_at`."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update

from domain.db import AsyncSession
from domain.errors import InvalidCredentials
from domain.identity.credentials import MAIL_TOKEN_PREFIX, hash_secret, new_secret
from domain.identity.delivery import Mail
from domain.identity.models import AccountToken, User


class Purpose(StrEnum):
    VERIFY_EMAIL = "VERIFY_EMAIL"
    RESET_PASSWORD = "RESET_PASSWORD"


LIFETIME = {
    Purpose.VERIFY_EMAIL: timedelta(hours=48),
    Purpose.RESET_PASSWORD: timedelta(hours=1),
}
_PATH = {Purpose.VERIFY_EMAIL: "verify-email", Purpose.RESET_PASSWORD: "reset-password"}
_REFUSED = {
    Purpose.VERIFY_EMAIL: "This verification link is not valid, was already used or has "
    "expired. Sign in and ask for a new one.",
    Purpose.RESET_PASSWORD: "This reset link is not valid, was already used or has expired. "
    "Ask for a new one.",
}


async def issue(session: AsyncSession, *, user_id: uuid.UUID, purpose: Purpose) -> str:
    """A new token for the user; earlier unspent tokens of the same purpose stop working."""
    now = datetime.now(UTC)
    await session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user_id,
            AccountToken.purpose == purpose.value,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=now)
    )
    token = new_secret(MAIL_TOKEN_PREFIX)
    session.add(
        AccountToken(
            user_id=user_id,
            purpose=purpose.value,
            token_hash=hash_secret(token),
            expires_at=now + LIFETIME[purpose],
        )
    )
    await session.flush()
    return token


async def redeem(session: AsyncSession, *, token: str, purpose: Purpose) -> User:
    """Spend a token and return its user; InvalidCredentials when unknown, used or expired.

    The row is locked, so two redemptions of one token cannot both succeed.
    """
    refused = InvalidCredentials(_REFUSED[purpose])
    token = token.strip()
    if not token.startswith(MAIL_TOKEN_PREFIX):
        raise refused
    found = (
        await session.execute(
            select(AccountToken, User)
            .join(User, User.id == AccountToken.user_id)
            .where(AccountToken.token_hash == hash_secret(token))
            .where(AccountToken.purpose == purpose.value)
            .with_for_update(of=AccountToken)
        )
    ).first()
    now = datetime.now(UTC)
    if found is None:
        raise refused
    row, user = found
    if row.used_at is not None or row.expires_at <= now or user.disabled_at is not None:
        raise refused
    row.used_at = now
    return user


async def last_issued_at(
    session: AsyncSession, *, user_id: uuid.UUID, purpose: Purpose
) -> datetime | None:
    """When the user's latest token of this purpose was made (to pace repeated requests)."""
    return await session.scalar(
        select(AccountToken.created_at)
        .where(AccountToken.user_id == user_id, AccountToken.purpose == purpose.value)
        .order_by(AccountToken.created_at.desc())
        .limit(1)
    )


def link(public_url: str, purpose: Purpose, token: str) -> str:
    return f"{public_url.rstrip('/')}/{_PATH[purpose]}?token={token}"


def verification_mail(user: User, *, token: str, public_url: str) -> Mail:
    body = (
        f"Hello {user.username},\n\n"
        "Confirm your email address for Qraph by opening this link:\n\n"
        f"{link(public_url, Purpose.VERIFY_EMAIL, token)}\n\n"
        f"Or give this token to the `verifyEmail` mutation:\n\n{token}\n\n"
        "The link works once and expires in 48 hours. If you did not sign up, ignore this mail."
    )
    return Mail(kind="verify_email", recipient=user.email, subject="Confirm your email", body=body)


def reset_mail(user: User, *, token: str, public_url: str) -> Mail:
    body = (
        f"Hello {user.username},\n\n"
        "Someone (hopefully you) asked to reset your Qraph password. Open this link:\n\n"
        f"{link(public_url, Purpose.RESET_PASSWORD, token)}\n\n"
        f"Or give this token to the `resetPassword` mutation:\n\n{token}\n\n"
        "The link works once and expires in 1 hour. Resetting signs out every session.\n"
        "If you did not ask for this, ignore this mail: your password stays as it is."
    )
    return Mail(
        kind="password_reset", recipient=user.email, subject="Reset your password", body=body
    )
