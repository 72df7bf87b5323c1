"""GET /health: is this API process able to serve, and is anything behind it falling behind?

The database and Redis are dependencies: without either the API cannot answer, so /health says
503 and a load balancer takes the process out. The worker and the queue are reported but never
fail the check: a dead worker delays background jobs, yet every query and mutation still works,
and pulling healthy API processes out of rotation would turn a degraded service into an outage.
So a missing worker heartbeat gives `"status": "degraded"` with 200, and so does a backend
catalog still loading on a first start (`qraph.catalog_status`): queries answer with the
backends loaded so far.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable
from typing import Any, TypeVar

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse

from qraph import catalog_status
from qraph.context import Services
from workers.queue import HEALTH_CHECK_KEY, QUEUE_NAME

log = logging.getLogger("qraph.health")

# Each check gets this long: a hung dependency must not hang the probe (probes time out too,
# and a stuck /health reads as "down" without saying which dependency).
CHECK_TIMEOUT_S = 2.0

T = TypeVar("T")


async def _timed(check: Awaitable[T]) -> tuple[T | None, float | None]:
    """(result, latency in ms), or (None, None) when the check failed or ran out of time."""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            result = await check
    except Exception as error:  # a failed check is an answer, not a crash
        log.warning("health check failed", extra={"error": repr(error)})
        return None, None
    return result, round((time.perf_counter() - started) * 1000, 3)


async def _database(services: Services) -> bool:
    async with services.sessionmaker() as session:
        await session.execute(text("SELECT 1"))
    return True


async def _redis(services: Services) -> bool:
    return bool(await services.redis.ping())


async def _heartbeat_age(services: Services) -> float | None:
    """Seconds since the worker last wrote its arq health-check key; None when there is none.

    arq writes the key every `health_check_interval` seconds with a TTL of interval + 1, so
    the time already gone from that TTL is the heartbeat's age. (The key's value holds a
    local, year-less timestamp, which is why it is not parsed.)
    """
    remaining_ms = await services.redis.pttl(HEALTH_CHECK_KEY)
    if remaining_ms < 0:  # -2: no key (no worker); -1: no TTL, not a key arq wrote
        return None
    full_ms = (services.settings.worker_heartbeat_s + 1) * 1000
    return round(max(full_ms - remaining_ms, 0) / 1000, 3)


async def _queue_depth(services: Services) -> int:
    return int(await services.redis.zcard(QUEUE_NAME))


async def _catalog(services: Services) -> dict[str, Any]:
    return catalog_status.parse(await services.redis.get(catalog_status.KEY))


async def endpoint(request: Request) -> JSONResponse:
    """The checks run concurrently, each bounded by CHECK_TIMEOUT_S; this never raises."""
    services: Services = request.app.state.services
    checks = await asyncio.gather(
        _timed(_database(services)),
        _timed(_redis(services)),
        _timed(_heartbeat_age(services)),
        _timed(_queue_depth(services)),
        _timed(_catalog(services)),
    )
    (db_ok, db_ms), (redis_ok, redis_ms), (age, _), (depth, _), (catalog, _) = checks
    dependencies_up = bool(db_ok) and bool(redis_ok)
    worker_ok = age is not None
    catalog = catalog or {"status": "unknown"}
    catalog_ok = catalog["status"] == "ready"
    body: dict[str, Any] = {
        "status": "ok" if dependencies_up and worker_ok and catalog_ok else "degraded",
        "database": {"ok": bool(db_ok), "latency_ms": db_ms},
        "redis": {"ok": bool(redis_ok), "latency_ms": redis_ms},
        "worker": {"ok": worker_ok, "last_heartbeat_age_s": age},
        "queue": {"depth": depth},
        "catalog": catalog,
    }
    return JSONResponse(
        body, status_code=200 if dependencies_up else 503, headers={"Cache-Control": "no-store"}
    )
