"""Catalog changes over subscriptions, and the admin mutation that causes them."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, Annotated

import strawberry

from domain import events
from domain.backends import admin as backends_admin
from domain.backends.models import BackendStatus
from domain.errors import DomainError
from qraph.context import Context
from resolvers.loaders import Loaders
from schema.errors import to_error

if TYPE_CHECKING:
    from schema.backend_events import SetBackendStatusResult
    from schema.backends import Backend

Info = strawberry.Info[Context, None]


async def set_backend_status(
    info: Info,
    name: Annotated[str, strawberry.argument(description="The backend's name.")],
    status: Annotated[BackendStatus, strawberry.argument(description="Its new status.")],
    reason: Annotated[
        str | None, strawberry.argument(description="Why; required unless ONLINE.")
    ] = None,
) -> SetBackendStatusResult:
    from schema.backend_events import SetBackendStatusSuccess
    from schema.backends import Backend

    try:
        async with info.context.session() as session, session.begin():
            row, event = await backends_admin.set_status(
                session, name=name, status=status, reason=reason
            )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    if event is not None:
        await events.publish(info.context.services.redis, event)
    return SetBackendStatusSuccess(backend=Backend.from_model(row))


async def backend_status_changed(
    info: Info,
    name: Annotated[
        str | None,
        strawberry.argument(description="One backend; omit to follow the whole catalog."),
    ] = None,
) -> AsyncGenerator[Backend, None]:
    from schema.backends import Backend

    hub = info.context.services.events
    async with hub.subscribe(events.channel("backend", name)) as stream:
        # Subscribed before reading, so no change between the read and the first event is lost.
        if name is not None:
            current = await Loaders(info.context.services.sessionmaker).backend_by_name.load(name)
            if current is None:
                return
            yield Backend.from_model(current)
        async for event in stream:
            # Fresh loaders per event: a connection's context lives as long as the socket.
            row = await Loaders(info.context.services.sessionmaker).backend_by_name.load(event.key)
            if row is not None:
                yield Backend.from_model(row)
