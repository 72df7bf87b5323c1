"""Resolvers for catalog maintenance."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from domain import events
from domain.backends import sync as catalog_sync
from domain.errors import ProviderUnavailable
from domain.providers.registry import default_providers
from qraph.context import Context
from schema.errors import to_error

if TYPE_CHECKING:
    from schema.backends.catalog import SyncBackendsResult


async def sync_backends(info: strawberry.Info[Context, None]) -> SyncBackendsResult:
    from schema.backends.catalog import SyncBackendsSuccess

    try:
        async with info.context.session() as session:
            report = await catalog_sync.sync_catalog(session, default_providers())
    except ProviderUnavailable as error:
        return to_error(error)  # type: ignore[return-value]
    for event in report.events():
        await events.publish(info.context.services.redis, event)
    return SyncBackendsSuccess(
        created=report.created,
        updated=report.updated,
        retired=report.retired,
        calibrations_written=report.calibrations_written,
        calibrations_unchanged=report.calibrations_unchanged,
        seconds=round(report.seconds, 3),
    )
