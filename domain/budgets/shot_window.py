"""Each user's rolling window of shot usage in Redis: Lua scripts, one round trip per step.

Per user, under one hash tag (so a cluster keeps them in one slot):

- `…:used`    sorted set: reference → when the shots were used (ms); confirmed and pending
- `…:amount`  hash: reference → shots
- `…:pending` sorted set: reference → deadline (ms) of a reservation not yet confirmed
- `…:meta`    hash: `total` (the sum over the window) and `loaded` (the window came from
  PostgreSQL, so `total` can be trusted)

Every step first drops entries older than the period, so the window is exact to the
millisecond and each step costs O(entries that aged out). Keys expire a while after the last
write; an expired or flushed window reads as UNLOADED and is rebuilt from `shot_usage`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from weakref import WeakKeyDictionary

from redis.asyncio import Redis
from redis.commands.core import AsyncScript

_PRELUDE = """
local used, amount, pending, meta = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now, period, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local loaded = redis.call('HGET', meta, 'loaded') == '1'
local function age_out()
  local total = tonumber(redis.call('HGET', meta, 'total') or '0')
  local old = redis.call('ZRANGEBYSCORE', used, '-inf', now - period)
  if #old == 0 then return total end
  for _, ref in ipairs(old) do
    total = total - tonumber(redis.call('HGET', amount, ref) or '0')
    redis.call('HDEL', amount, ref)
    redis.call('ZREM', pending, ref)
  end
  redis.call('ZREMRANGEBYSCORE', used, '-inf', now - period)
  redis.call('HSET', meta, 'total', total)
  return total
end
local function keep()
  for _, key in ipairs(KEYS) do redis.call('EXPIRE', key, ttl) end
end
local function oldest()
  return redis.call('ZRANGE', used, 0, 0, 'WITHSCORES')[2] or ''
end
"""

# ARGV[4..7]: limit, shots, reference, deadline. Checks and reserves in one step.
_RESERVE = """
if not loaded then return {'UNLOADED'} end
local total = age_out()
local stale = redis.call('ZRANGEBYSCORE', pending, '-inf', now, 'LIMIT', 0, 100)
if #stale > 0 then return {'STALE', unpack(stale)} end
local limit, shots, ref = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
if redis.call('HEXISTS', amount, ref) == 1 then return {'DUPLICATE', total, oldest()} end
if total + shots > limit then return {'REFUSED', total, oldest()} end
redis.call('ZADD', used, now, ref)
redis.call('HSET', amount, ref, shots)
redis.call('ZADD', pending, ARGV[7], ref)
total = total + shots
redis.call('HSET', meta, 'total', total)
keep()
return {'RESERVED', total, oldest()}
"""

_READ = """
if not loaded then return {'UNLOADED'} end
return {'OK', age_out(), oldest()}
"""

# ARGV[4..6]: reference, shots, used_at. Re-adds an entry a sweep or a flush lost.
_CONFIRM = """
local ref, shots, at = ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
redis.call('ZREM', pending, ref)
if redis.call('HEXISTS', amount, ref) == 1 or at <= now - period then return 0 end
redis.call('ZADD', used, at, ref)
redis.call('HSET', amount, ref, shots)
if loaded then redis.call('HINCRBY', meta, 'total', shots) end
keep()
return 1
"""

# ARGV[4]: reference. Only a pending reservation can be released, never recorded usage.
_RELEASE = """
local ref = ARGV[4]
if not redis.call('ZSCORE', pending, ref) then return 0 end
local shots = tonumber(redis.call('HGET', amount, ref) or '0')
redis.call('ZREM', pending, ref)
redis.call('ZREM', used, ref)
redis.call('HDEL', amount, ref)
if loaded then redis.call('HINCRBY', meta, 'total', -shots) end
return 1
"""

# ARGV[4..]: reference, shots, used_at triples from PostgreSQL. Merges with entries confirmed
# since the flush, recounts the total, and marks the window loaded; a second loader is a no-op.
_LOAD = """
if loaded then return 0 end
for i = 4, #ARGV, 3 do
  if redis.call('HEXISTS', amount, ARGV[i]) == 0 then
    redis.call('ZADD', used, ARGV[i + 2], ARGV[i])
    redis.call('HSET', amount, ARGV[i], ARGV[i + 1])
  end
end
local total = 0
for _, ref in ipairs(redis.call('ZRANGE', used, 0, -1)) do
  total = total + tonumber(redis.call('HGET', amount, ref) or '0')
end
redis.call('HSET', meta, 'total', total, 'loaded', '1')
age_out()
keep()
return 1
"""

_KEEP_AFTER_PERIOD_S = 86400
_scripts: WeakKeyDictionary[Redis, dict[str, AsyncScript]] = WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class WindowState:
    """RESERVED, DUPLICATE, REFUSED or OK with the window's sum; UNLOADED; STALE with refs."""

    status: str
    used: int = 0
    oldest: datetime | None = None
    stale: tuple[str, ...] = ()


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


def _ms(moment: datetime) -> int:
    return (moment - _EPOCH) // _MS


def _keys(user_id: uuid.UUID) -> list[str]:
    prefix = f"qraph:shots:{{{user_id}}}"
    return [f"{prefix}:used", f"{prefix}:amount", f"{prefix}:pending", f"{prefix}:meta"]


async def _run(
    redis: Redis, body: str, user_id: uuid.UUID, now: datetime, period_s: int, *args: str | int
) -> list[bytes | int]:
    scripts = _scripts.setdefault(redis, {})
    script = scripts.get(body)
    if script is None:
        script = scripts[body] = redis.register_script(_PRELUDE + body)
    ttl = period_s + _KEEP_AFTER_PERIOD_S
    argv = [_ms(now), period_s * 1000, ttl, *args]
    reply = await script(keys=_keys(user_id), args=argv)
    return reply if isinstance(reply, list) else [reply]


def _state(reply: list[bytes | int]) -> WindowState:
    status = reply[0].decode() if isinstance(reply[0], bytes) else str(reply[0])
    if status == "STALE":
        return WindowState(status, stale=tuple(_text(r) for r in reply[1:]))
    if status == "UNLOADED":
        return WindowState(status)
    oldest = _text(reply[2])
    moment = _EPOCH + int(float(oldest)) * _MS if oldest else None
    return WindowState(status, used=int(reply[1]), oldest=moment)


def _text(value: bytes | int) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


async def reserve(
    redis: Redis,
    user_id: uuid.UUID,
    *,
    shots: int,
    reference: str,
    limit: int,
    period_s: int,
    now: datetime,
    deadline: datetime,
) -> WindowState:
    """Add a pending reservation if `shots` fit under `limit`; the check and the add are one."""
    body = (limit, shots, reference, _ms(deadline))
    return _state(await _run(redis, _RESERVE, user_id, now, period_s, *body))


async def read(redis: Redis, user_id: uuid.UUID, *, period_s: int, now: datetime) -> WindowState:
    return _state(await _run(redis, _READ, user_id, now, period_s))


async def confirm(
    redis: Redis,
    user_id: uuid.UUID,
    *,
    reference: str,
    shots: int,
    used_at: datetime,
    period_s: int,
    now: datetime,
) -> None:
    await _run(redis, _CONFIRM, user_id, now, period_s, reference, shots, _ms(used_at))


async def release(redis: Redis, user_id: uuid.UUID, *, reference: str, period_s: int) -> bool:
    now = datetime.now(UTC)
    return bool((await _run(redis, _RELEASE, user_id, now, period_s, reference))[0])


async def load(
    redis: Redis,
    user_id: uuid.UUID,
    entries: Iterable[tuple[str, int, datetime]],
    *,
    period_s: int,
    now: datetime,
) -> None:
    flat = [v for ref, shots, at in entries for v in (ref, shots, _ms(at))]
    await _run(redis, _LOAD, user_id, now, period_s, *flat)
