"""Token buckets in Redis: requests per minute per principal, and a separate mutation bucket.

A bucket holds up to `limit` tokens and refills at `limit / 60` per second, so a client may burst
a full minute's allowance and then goes at the steady rate. One Lua script reads, refills, takes
and writes atomically on Redis's own clock, so every API process shares each bucket and no
process's clock matters; a call is one EVALSHA, for one bucket or several (`take_each`).
`check` is the entry point for other limits (job submissions): any key, limit, period and cost.
"""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from redis.asyncio import Redis
from redis.commands.core import AsyncScript

from domain.errors import RateLimited
from domain.identity.principal import Principal, Role

# KEYS[i]: a bucket; ARGV[3i-2..3i]: its capacity, refill per second, cost. Each bucket is taken
# from on its own (one may refuse while another allows). Returns {allowed, wait, tokens} per key;
# wait and tokens are strings because Redis truncates Lua numbers to integers.
TOKEN_BUCKET = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local out = {}
for i, key in ipairs(KEYS) do
  local capacity = tonumber(ARGV[3 * i - 2])
  local per_second = tonumber(ARGV[3 * i - 1])
  local cost = tonumber(ARGV[3 * i])
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1]) or capacity
  local at = tonumber(state[2]) or now
  tokens = math.min(capacity, tokens + math.max(0, now - at) * per_second)
  local allowed = 0
  local wait = 0
  if tokens >= cost then
    tokens = tokens - cost
    allowed = 1
  else
    wait = (cost - tokens) / per_second
  end
  redis.call('HSET', key, 'tokens', string.format('%.6f', tokens), 'at',
    string.format('%.6f', now))
  redis.call('EXPIRE', key, math.ceil(capacity / per_second) + 1)
  out[#out + 1] = allowed
  out[#out + 1] = string.format('%.6f', wait)
  out[#out + 1] = string.format('%.6f', tokens)
end
return out
"""

_scripts: WeakKeyDictionary[Redis, AsyncScript] = WeakKeyDictionary()


def token_bucket_script(redis: Redis) -> AsyncScript:
    """The script, registered once per client (it computes the SHA; Redis loads it on demand)."""
    script = _scripts.get(redis)
    if script is None:
        script = _scripts[redis] = redis.register_script(TOKEN_BUCKET)
    return script


@dataclass(frozen=True, slots=True)
class Bucket:
    """`limit` `unit`s (the word refusals use) per `period_s`, under one Redis key."""

    key: str
    limit: int
    unit: str = "requests"
    period_s: int = 60


@dataclass(frozen=True, slots=True)
class Decision:
    bucket: Bucket
    allowed: bool
    remaining: int  # whole tokens left after this call
    retry_after: int  # seconds until the call would be allowed; 0 when it was

    @property
    def limit(self) -> int:
        return self.bucket.limit

    def refusal(self) -> RateLimited:
        """The error for an empty bucket: `Rate limit exceeded: 60 requests per minute. ...`."""
        period = self.bucket.period_s
        per = {60: "minute", 3600: "hour", 86400: "day"}.get(period, f"{period} s")
        return RateLimited(
            f"Rate limit exceeded: {self.limit} {self.bucket.unit} per {per}. "
            f"Retry after {self.retry_after} s.",
            retry_after=self.retry_after,
        )


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Per-minute defaults: anonymous callers (per IP), each role, and mutations."""

    anonymous: int
    roles: Mapping[Role, int]
    mutations: int

    def for_principal(self, principal: Principal) -> int:
        """The highest of the caller's role limits; an API key's own limit may only lower it."""
        if not principal.authenticated:
            return self.anonymous
        role_limit = max((self.roles[r] for r in principal.roles), default=self.anonymous)
        key_limit = principal.rate_limit  # a key can lower its owner's limit, never raise it
        return min(role_limit, key_limit) if key_limit else role_limit


def caller_key(principal: Principal, client_ip: str | None) -> str:
    """Whose bucket: the API key, else the user, else the client's IP address."""
    if principal.api_key_id is not None:
        return f"key:{principal.api_key_id}"
    if principal.user_id is not None:
        return f"user:{principal.user_id}"
    return f"ip:{client_ip or 'unknown'}"


def request_bucket(principal: Principal, *, client_ip: str | None, limits: RateLimits) -> Bucket:
    """The bucket every HTTP request takes a token from."""
    key = f"qraph:rate:requests:{caller_key(principal, client_ip)}"
    return Bucket(key, limits.for_principal(principal))


def mutation_bucket(principal: Principal, *, client_ip: str | None, limits: RateLimits) -> Bucket:
    """The bucket of mutations that opt in, separate from the request bucket."""
    key = f"qraph:rate:mutations:{caller_key(principal, client_ip)}"
    return Bucket(key, limits.mutations, "mutations")


def owned_bucket(
    name: str, owner: uuid.UUID | str, *, limit: int, unit: str, period_s: int = 60
) -> Bucket:
    """A bucket for any other per-owner rate, e.g. `owned_bucket("jobs", user_id, ...)`."""
    return Bucket(f"qraph:rate:{name}:{owner}", limit, unit, period_s)


async def take(redis: Redis, bucket: Bucket, *, cost: int = 1) -> Decision:
    """Take `cost` tokens if the bucket holds them (none are taken if not); 0 only reads it."""
    if not 0 <= cost <= bucket.limit:
        raise ValueError(f"A cost of {cost} can never fit a bucket of {bucket.limit}.")
    (decision,) = await take_each(redis, [(bucket, cost)])
    return decision


async def take_each(redis: Redis, charges: Sequence[tuple[Bucket, int]]) -> list[Decision]:
    """`take` for several buckets in one round trip, each decided on its own.

    A cost above a bucket's limit is refused (with the wait it would need), not an error.
    """
    args: list[float] = []
    for bucket, cost in charges:
        args += [bucket.limit, bucket.limit / bucket.period_s, max(0, cost)]
    flat = await token_bucket_script(redis)(keys=[b.key for b, _ in charges], args=args)
    decisions = []
    for index, (bucket, _) in enumerate(charges):
        allowed, wait, tokens = flat[3 * index : 3 * index + 3]
        taken = bool(int(allowed))
        decisions.append(
            Decision(
                bucket=bucket,
                allowed=taken,
                remaining=math.floor(float(tokens)),
                retry_after=0 if taken else max(1, math.ceil(float(wait))),
            )
        )
    return decisions


class TokenBatcher:
    """Coalesces concurrent `take_each` calls into one script call: one round trip for many.

    While one batch is in Redis, the calls that arrive wait and go together in the next, so
    at low load each call goes at once and under load round trips grow far slower than
    requests. Keys are processed in arrival order inside the script, so two requests of one
    caller in the same batch take from the bucket one after the other, as they would alone.
    """

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self.pending: list[tuple[Sequence[tuple[Bucket, int]], asyncio.Future[list[Decision]]]]
        self.pending = []
        self.sender: asyncio.Task[None] | None = None

    async def take_each(self, charges: Sequence[tuple[Bucket, int]]) -> list[Decision]:
        future: asyncio.Future[list[Decision]] = asyncio.get_running_loop().create_future()
        self.pending.append((charges, future))
        if self.sender is None:
            self.sender = asyncio.create_task(self._send())
        return await future

    async def _send(self) -> None:
        batch: list[tuple[Sequence[tuple[Bucket, int]], asyncio.Future[list[Decision]]]] = []
        try:
            await asyncio.sleep(0)  # the calls made in this turn of the loop join the first batch
            while self.pending:
                batch, self.pending = self.pending, []
                try:
                    decisions = await take_each(self.redis, [c for cs, _ in batch for c in cs])
                except Exception as error:  # each caller decides what an outage means
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                start = 0
                for charges, future in batch:
                    if not future.done():
                        future.set_result(decisions[start : start + len(charges)])
                    start += len(charges)
        finally:
            self.sender = None
            for _, future in [*batch, *self.pending]:  # cancelled (shutdown): nobody waits on
                if not future.done():
                    future.cancel()
            self.pending = []


_batchers: WeakKeyDictionary[Redis, TokenBatcher] = WeakKeyDictionary()


def batcher(redis: Redis) -> TokenBatcher:
    """The process's batcher for this client."""
    found = _batchers.get(redis)
    if found is None:
        found = _batchers[redis] = TokenBatcher(redis)
    return found


async def check(redis: Redis, bucket: Bucket, *, cost: int = 1) -> Decision:
    """`take`, raising RateLimited (with `retry_after`) when the bucket cannot pay `cost`."""
    decision = await take(redis, bucket, cost=cost)
    if not decision.allowed:
        raise decision.refusal()
    return decision
