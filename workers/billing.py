"""The period cron: roll plan subscriptions over (domain.billing.periods), then publish."""

from __future__ import annotations

import logging
from contextlib import suppress
from datetime import datetime
from typing import Any

from redis.exceptions import RedisError

from domain import events
from domain.billing import periods

log = logging.getLogger(__name__)


async def roll_subscription_periods(
    ctx: dict[str, Any], now: datetime | None = None
) -> dict[str, int]:
    """Idempotent: safe to run twice and after a missed run (see domain.billing.periods)."""
    async with ctx["sessionmaker"]() as session:
        done = await periods.rollover(session, now=now)
    with suppress(RedisError, OSError):
        for event in done.events:
            await events.publish(ctx["redis"], event)
    log.info(
        "subscription periods rolled",
        extra={"renewed": done.renewed, "converted": done.converted, "expired": done.expired},
    )
    return {
        "renewed": done.renewed,
        "converted": done.converted,
        "expired": done.expired,
        "warned": done.warned,
    }
