"""The hourly query-cost budget: one refilling bucket of points per caller, in Redis.

GitHub gives each user 5,000 points an hour and Shopify a leaky bucket per app; this is the
same idea. A bucket holds up to `capacity` points and refills at `capacity / period_s` points a
second, so a caller may spend an hour's budget at once and then goes at the steady rate. The
requested cost is taken before execution in one EVALSHA of the shared token-bucket script
(read, refill, take and write atomically on Redis's clock), so every API process shares it.
A cost of 0 reads the bucket without taking anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from redis.asyncio import Redis

from domain.limits.rate import token_bucket_script

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


async def spend(
    redis: Redis, *, caller: str, cost: int, capacity: int, period_s: int = HOUR_S
) -> CostDecision:
    """Take `cost` points from the caller's bucket if it holds them; nothing is taken if not."""
    allowed, wait, tokens = await token_bucket_script(redis)(
        keys=[bucket_key(caller)], args=[capacity, capacity / period_s, max(0, cost)]
    )
    taken = bool(int(allowed))
    return CostDecision(
        allowed=taken,
        limit=capacity,
        remaining=math.floor(float(tokens)),
        retry_after=0 if taken else max(1, math.ceil(float(wait))),
    )
