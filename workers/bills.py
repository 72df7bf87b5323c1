"""The month close as an arq cron: issues every due bill (domain.billing.month_close)."""

from __future__ import annotations

import logging
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from typing import Any

from redis.exceptions import RedisError

from domain import events
from domain.billing import month_close
from qraph.settings import get_settings

log = logging.getLogger("qraph.worker")


async def close_months(ctx: dict[str, Any]) -> dict[str, int]:
    """Safe twice and after missed runs: each bill is issued once, whichever run gets it."""
    grace = timedelta(seconds=get_settings().month_close_grace_s)
    report = await month_close.close_months(ctx["sessionmaker"], now=datetime.now(UTC), grace=grace)
    for event in report.events:  # after each commit; a lost event costs a live update only
        with suppress(RedisError, OSError):
            await events.publish(ctx["redis"], event)
    if report.issued:
        log.info("bills issued", extra={"issued": report.issued})
    return {"issued": report.issued, "skipped": report.skipped}
