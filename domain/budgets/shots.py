"""Shot budgets: each user may use `limit` shots over a rolling period (30 days by default).

The limit is the user's own `shot_budget` when set, else the highest default of their roles.
PostgreSQL's `shot_usage` is the record; Redis holds each user's window (`shot_window`) so a
check is one atomic script rather than a SUM under a lock. A job submission goes:

1. `reserve`: one Lua step checks `used + shots <= limit` and adds a *pending* reservation
   under `reference` (the job id), so two submissions racing for the last shots cannot both
   pass. Refusal raises QuotaExceeded(limit, used, requested); `Charge.warning` says the user
   is at 80% or more afterwards. Reserving a reference twice adds nothing (retries are safe).
2. `record`: the ShotUsage row, in the caller's transaction, stamped with the reservation time.
3. After commit, `confirm`; if the transaction failed, `release`.

`charge` does all three around the caller's commit. A process that dies between reserve and
confirm leaves a pending entry; once its deadline (`PENDING_TTL_S`) passes, the next reserve
settles it against PostgreSQL (confirmed if its row exists, released if not), so a crash
neither leaks budget for a whole period nor forgets shots that were recorded. If Redis loses
a window (FLUSHALL, expiry), the next step rebuilds it from `shot_usage` (`shot_recovery`).
If Redis is down, reservations fail (shots cost money) while `usage` sums the rows instead.

`used` counts pending reservations too. `resets_at` is when the oldest usage still in the
window ages out, i.e. the next time `remaining` grows by itself (now + period when none).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import select

from domain.budgets import shot_recovery as recovery
from domain.budgets import shot_window as window
from domain.db import AsyncSession
from domain.errors import InvalidInput, NotFound, QuotaExceeded
from domain.identity.models import ShotUsage, User
from domain.identity.principal import Role

PENDING_TTL_S = 300  # how long a reservation may wait for its commit before it is settled
_ATTEMPTS = 4


@dataclass(frozen=True, slots=True)
class ShotBudgets:
    """Per-role defaults and the rolling period, as configured."""

    consumer: int
    developer: int
    admin: int
    period_s: int

    def limit_for(self, roles: Iterable[str], override: int | None = None) -> int:
        """The user's own budget if set, else the highest of their roles' defaults."""
        if override is not None:
            return override
        defaults: dict[str, int] = {
            Role.CONSUMER: self.consumer,
            Role.DEVELOPER: self.developer,
            Role.ADMIN: self.admin,
        }
        return max((defaults[r] for r in roles if r in defaults), default=self.consumer)


@dataclass(frozen=True, slots=True)
class Usage:
    """Shots used in the window ending now. `resets_at`: when the oldest usage ages out."""

    used: int
    limit: int
    period_start: datetime
    resets_at: datetime

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    @property
    def warning(self) -> bool:
        """At or past 80% of the budget."""
        return self.used * 5 >= self.limit * 4


@dataclass(frozen=True, slots=True)
class Charge:
    usage: Usage  # including this charge
    shots: int
    reference: str
    at: datetime  # the reservation time, also the row's `used_at`
    new: bool  # False when the reference was already reserved: nothing was added

    @property
    def warning(self) -> bool:
        return self.usage.warning


def _usage(state: window.WindowState, limit: int, period_s: int, now: datetime) -> Usage:
    period = timedelta(seconds=period_s)
    resets_at = state.oldest + period if state.oldest else now + period
    return Usage(used=state.used, limit=limit, period_start=now - period, resets_at=resets_at)


async def limit_of(session: AsyncSession, *, user_id: uuid.UUID, budgets: ShotBudgets) -> int:
    """The user's shot budget for the period."""
    row = (
        await session.execute(select(User.shot_budget, User.roles).where(User.id == user_id))
    ).one_or_none()
    if row is None:
        raise NotFound("No such user.")
    return budgets.limit_for(row.roles, row.shot_budget)


async def usage(
    session: AsyncSession,
    redis: Redis,
    *,
    user_id: uuid.UUID,
    limit: int,
    period_s: int,
    now: datetime | None = None,
) -> Usage:
    """Shots used in the window ending now (from the rows themselves when Redis is down)."""
    now = now or datetime.now(UTC)
    try:
        for _ in range(_ATTEMPTS):
            state = await window.read(redis, user_id, period_s=period_s, now=now)
            if state.status != "UNLOADED":
                return _usage(state, limit, period_s, now)
            await recovery.rebuild(session, redis, user_id, period_s=period_s, now=now)
    except (RedisError, OSError):
        pass
    entries = await recovery.recorded(session, user_id, since=now - timedelta(seconds=period_s))
    used = sum(shots for _, shots, _ in entries)
    oldest = min((at for _, _, at in entries), default=None)
    return _usage(window.WindowState("OK", used, oldest), limit, period_s, now)


async def reserve(
    session: AsyncSession,
    redis: Redis,
    *,
    user_id: uuid.UUID,
    shots: int,
    reference: str,
    limit: int,
    period_s: int,
    now: datetime | None = None,
) -> Charge:
    """Check and reserve `shots` in one step; QuotaExceeded when they do not fit."""
    if shots <= 0:
        raise InvalidInput("Shots must be a positive number.", field="shots")
    now = now or datetime.now(UTC)
    deadline = now + timedelta(seconds=PENDING_TTL_S)
    for _ in range(_ATTEMPTS):
        state = await window.reserve(
            redis,
            user_id,
            shots=shots,
            reference=reference,
            limit=limit,
            period_s=period_s,
            now=now,
            deadline=deadline,
        )
        if state.status == "UNLOADED":
            await recovery.rebuild(session, redis, user_id, period_s=period_s, now=now)
        elif state.status == "STALE":
            await recovery.settle(session, redis, user_id, state.stale, period_s=period_s, now=now)
        elif state.status == "REFUSED":
            raise _refusal(limit=limit, used=state.used, requested=shots, period_s=period_s)
        else:
            new = state.status == "RESERVED"
            return Charge(_usage(state, limit, period_s, now), shots, reference, now, new)
    raise RuntimeError(f"the shot window of user {user_id} did not settle")


async def record(
    session: AsyncSession, *, user_id: uuid.UUID, shots: int, reference: str, used_at: datetime
) -> ShotUsage:
    """The ShotUsage row, added to the caller's transaction."""
    row = ShotUsage(user_id=user_id, shots=shots, reference=reference, used_at=used_at)
    session.add(row)
    await session.flush()
    return row


async def confirm(redis: Redis, *, user_id: uuid.UUID, charge: Charge, period_s: int) -> None:
    """After commit: the reservation is now recorded usage."""
    await window.confirm(
        redis,
        user_id,
        reference=charge.reference,
        shots=charge.shots,
        used_at=charge.at,
        period_s=period_s,
        now=datetime.now(UTC),
    )


async def release(redis: Redis, *, user_id: uuid.UUID, reference: str, period_s: int) -> bool:
    """After a failed transaction: give the reserved shots back. False if nothing was pending."""
    return await window.release(redis, user_id, reference=reference, period_s=period_s)


async def charge(
    session: AsyncSession,
    redis: Redis,
    *,
    user_id: uuid.UUID,
    shots: int,
    reference: str,
    limit: int,
    period_s: int,
    now: datetime | None = None,
) -> Charge:
    """Reserve, record in the caller's transaction and commit it, confirm; release on failure.

    Whatever the caller added to `session` (the job row) commits with the usage row.
    """
    charged = await reserve(
        session,
        redis,
        user_id=user_id,
        shots=shots,
        reference=reference,
        limit=limit,
        period_s=period_s,
        now=now,
    )
    if not charged.new:
        return charged
    try:
        await record(session, user_id=user_id, shots=shots, reference=reference, used_at=charged.at)
        await session.commit()
    except Exception:
        await session.rollback()
        # If Redis fails here too, the reservation's deadline settles it.
        with suppress(RedisError, OSError):
            await release(redis, user_id=user_id, reference=reference, period_s=period_s)
        raise
    # Committed: the charge stands even if Redis fails now (the deadline confirms it then).
    with suppress(RedisError, OSError):
        await confirm(redis, user_id=user_id, charge=charged, period_s=period_s)
    return charged


def _refusal(*, limit: int, used: int, requested: int, period_s: int) -> QuotaExceeded:
    days = period_s / 86400
    period = f"{days:g} days" if days >= 1 else f"{period_s} seconds"
    return QuotaExceeded(
        f"This needs {requested:,} shots, but {used:,} of your {limit:,} shots for the last "
        f"{period} are used ({max(0, limit - used):,} left).",
        limit=limit,
        used=used,
        requested=requested,
    )
