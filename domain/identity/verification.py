"""Verified email gates what costs money: an unverified account may sign in and browse, but
running circuits and minting API keys wait until the address is confirmed."""

from __future__ import annotations

from sqlalchemy import select

from domain.db import AsyncSession
from domain.errors import EmailNotVerified
from domain.identity.models import User
from domain.identity.principal import Principal

REFUSAL = (
    "Confirm your email address first: open the link in the mail we sent when you signed up "
    "(or ask for a new one with `resendVerificationEmail`)."
)


async def require_verified_email(session: AsyncSession, *, principal: Principal) -> None:
    """EmailNotVerified unless the caller's address is verified.

    A credential that says verified is trusted (verification is never taken back), so verified
    callers cost no statement; one that says otherwise is checked once against the account,
    since the user may have opened the link after signing in.
    """
    if principal.email_verified or principal.user_id is None:
        return
    verified_at = await session.scalar(
        select(User.email_verified_at).where(User.id == principal.user_id)
    )
    if verified_at is None:
        raise EmailNotVerified(REFUSAL)
