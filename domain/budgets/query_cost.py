"""The hourly query-cost budget: one refilling bucket of points per caller, in Redis.

GitHub gives each user 5,000 points an hour and Shopify a leaky bucket per app; this is the
same idea. A bucket holds up to `capacity` points and refills at `capacity / period_s` points a
second, so a caller may spend an hour's budget at once and then goes at the steady rate. The
requested cost is taken before execution in one EVALSHA of the shared token-bucket script
(read, refill, take and write atomically on Redis's clock), so every API process shares it.
A cost of 0 reads the bucket without taking anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from domain.limits.rate import Bucket, Decision, take_each

HOUR_S = 3600


@dataclass(frozen=True, slots=True)
class CostDecision:
    allowed: bool
    limit: int  # the bucket's capacity: points per period
    remaining: int  # whole points left after this request
    retry_after: int  # seconds until the cost would fit; 0 when it was taken


def bucket_key(caller: str) -> str:
    """The Redis key of one caller's bucket (`caller` as `domain.limits.rate.caller_key`)."""
    return f"qraph:cost:{caller}"


def budget(caller: str, *, capacity: int, period_s: int = HOUR_S) -> Bucket:
    """One caller's budget as a token bucket, to take from alongside others (`take_each`)."""
    return Bucket(bucket_key(caller), capacity, "points", period_s)


def cost_decision(decision: Decision) -> CostDecision:
    return CostDecision(
        allowed=decision.allowed,
        limit=decision.limit,
        remaining=decision.remaining,
        retry_after=decision.retry_after,
    )


async def spend(
    redis: Redis, *, caller: str, cost: int, capacity: int, period_s: int = HOUR_S
) -> CostDecision:
    """Take `cost` points from the caller's bucket if it holds them; nothing is taken if not."""
    bucket = budget(caller, capacity=capacity, period_s=period_s)
    (decision,) = await take_each(redis, [(bucket, cost)])
    return cost_decision(decision)
