"""The rollup repair cron: the last few complete hours of `job_rollups_hourly` from `jobs`."""

from __future__ import annotations

import logging
from typing import Any

from domain.analytics import rollups
from qraph.settings import get_settings

log = logging.getLogger("qraph.worker.analytics")


async def repair_rollups(ctx: dict[str, Any]) -> dict[str, int]:
    """Recompute the last `QRAPH_ROLLUP_REPAIR_HOURS` complete hours; safe to run twice."""
    hours = get_settings().rollup_repair_hours
    report = await rollups.repair(ctx["sessionmaker"], hours=hours)
    log.info("rollups repaired", extra={"hours": report.hours, "rows": report.rows})
    return {"hours": report.hours, "rows": report.rows}
