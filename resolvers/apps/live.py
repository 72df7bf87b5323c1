"""`appUpdated`: an app's new versions, status and rating changes, pushed to subscribers."""

from __future__ import annotations

import functools
from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.apps import access, quantum_apps
from domain.apps.feed import AppChangeKind
from domain.apps.models import QuantumApp as AppRow
from qraph.context import Context
from resolvers.loaders import Loaders
from resolvers.shared_events import delivered

if TYPE_CHECKING:
    from schema.apps.live import AppUpdate

Info = strawberry.Info[Context, None]


async def _read(info: Info, slug: str) -> AppRow | None:
    async with info.context.services.sessionmaker() as session:
        [row] = await quantum_apps.get_many_by_slugs(session, slugs=[slug])
    return row


async def app_updated(
    info: Info,
    slug: Annotated[str, strawberry.argument(description="The app's slug.")],
) -> AsyncGenerator[AppUpdate, None]:
    from schema.apps.live import AppUpdate
    from schema.apps.types import QuantumApp

    services, principal = info.context.services, info.context.principal
    found = await _read(info, slug[:64])
    # What the viewer may not read ends the stream at once, as a missing app does.
    if found is None or not access.may_read_app(principal, found):
        return
    async with services.app_feed.follow(found.id) as changes:
        # Followed before the current state is read, so no change between the two is lost.
        current = await _read(info, found.slug)
        if current is None or not access.may_read_app(principal, current):
            return
        yield AppUpdate(app=QuantumApp.from_model(current), changes=[])

        async def shared() -> AsyncGenerator[tuple[AppUpdate, dict[object, object]], None]:
            async for change in changes:
                if change.row is None:  # deleted
                    return
                if not access.may_read_app(principal, change.row):
                    continue  # archived or unlisted now: nothing to show this viewer
                # One read, one object and one rendering per selection for every subscriber
                # of this process (the snapshot), as backendStatusChanged does.
                snapshot = change.snapshot
                info.context.loaders = snapshot.memo(
                    "loaders", functools.partial(Loaders, services.sessionmaker)
                )
                kinds = sorted(change.kinds)

                def make(row: AppRow = change.row, kinds: list[AppChangeKind] = kinds) -> AppUpdate:
                    return AppUpdate(app=QuantumApp.from_model(row), changes=kinds)

                update = snapshot.memo(("app", change.app_id), make)
                yield update, snapshot.memo(("results", change.app_id), dict)

        async with aclosing(delivered(shared())) as updates:
            async for update in updates:
                yield update
