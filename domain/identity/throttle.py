"""Failed sign-in throttling, per account and per client IP, over a sliding window.

Every failure is a row in PostgreSQL (`login_failures`), so losing Redis forgets nothing. Once
an account (or an address) has `limit` failures within the window, every attempt, even one with
the right password, is refused until enough of them age out, so guessing stays slow however the
guesses are spread. A successful sign-in clears its account's failures, never the IP's: one good
account must not buy an attacker fresh guesses at the others.

Sign-ins are rare and each spends an argon2 verification, so the two indexed reads per attempt
cost nothing that matters.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, delete, or_, select

from domain.db import AsyncSession
from domain.errors import Throttled
from domain.identity.models import LoginFailure


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    per_account: int
    per_ip: int
    window_s: int


def account_key(account: uuid.UUID | str) -> str:
    """What an account's failures are counted under: its id when it exists, else a digest of
    the login typed (unknown logins are counted too, so throttling cannot tell which exist)."""
    if isinstance(account, uuid.UUID):
        return f"account:{account}"
    digest = hashlib.sha256(account.strip().casefold().encode()).hexdigest()
    return f"login:{digest}"


async def check(
    session: AsyncSession, *, policy: ThrottlePolicy, account: str, ip: str | None
) -> None:
    """Throttled, with the seconds until an attempt is allowed again, when a counter is full."""
    now = datetime.now(UTC)
    since = now - timedelta(seconds=policy.window_s)
    counters: list[tuple[ColumnElement[bool], int]] = [
        (LoginFailure.account == account, policy.per_account)
    ]
    if ip:
        counters.append((LoginFailure.ip == ip, policy.per_ip))
    reopens = now
    for matches, limit in counters:
        # The limit-th newest failure in the window: attempts reopen once it ages out.
        pivot = await session.scalar(
            select(LoginFailure.failed_at)
            .where(matches, LoginFailure.failed_at > since)
            .order_by(LoginFailure.failed_at.desc())
            .offset(max(limit, 1) - 1)
            .limit(1)
        )
        if pivot is not None:
            reopens = max(reopens, pivot + timedelta(seconds=policy.window_s))
    if reopens > now:
        retry_after = max(1, math.ceil((reopens - now).total_seconds()))
        raise Throttled(
            f"Too many failed sign-in attempts. Try again in {retry_after} seconds.",
            retry_after=retry_after,
        )


async def record_failure(
    session: AsyncSession, *, policy: ThrottlePolicy, account: str, ip: str | None
) -> None:
    """Count one failure against the account and the IP (the caller commits it even though the
    attempt failed), and forget their failures that have left the window."""
    now = datetime.now(UTC)
    since = now - timedelta(seconds=policy.window_s)
    owners = [LoginFailure.account == account] + ([LoginFailure.ip == ip] if ip else [])
    await session.execute(delete(LoginFailure).where(or_(*owners), LoginFailure.failed_at <= since))
    session.add(LoginFailure(account=account, ip=ip, failed_at=now))
    await session.flush()


async def clear_account(session: AsyncSession, *, account: str) -> None:
    """Forget an account's failures (after a successful sign-in or a password reset)."""
    await session.execute(delete(LoginFailure).where(LoginFailure.account == account))
