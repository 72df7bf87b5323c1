"""Catalog changes over subscriptions, and the admin mutation that causes them."""

from __future__ import annotations

import functools
from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import TYPE_CHECKING, Annotated

import strawberry

from domain import events
from domain.backends import admin as backends_admin
from domain.backends.models import BackendStatus
from domain.errors import DomainError
from qraph.context import Context
from resolvers.loaders import Loaders
from resolvers.shared_events import delivered
from schema.errors import to_error

if TYPE_CHECKING:
    from schema.backends.events import SetBackendStatusResult
    from schema.backends.types import Backend

Info = strawberry.Info[Context, None]


async def set_backend_status(
    info: Info,
    name: Annotated[str, strawberry.argument(description="The backend's name.")],
    status: Annotated[BackendStatus, strawberry.argument(description="Its new status.")],
    reason: Annotated[
        str | None, strawberry.argument(description="Why; required unless ONLINE.")
    ] = None,
) -> SetBackendStatusResult:
    from schema.backends.events import SetBackendStatusSuccess
    from schema.backends.types import Backend

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
    from schema.backends.types import Backend

    services = info.context.services
    async with services.backend_feed.follow(name) as changes:
        # Followed before reading, so no change between the read and the first event is lost.
        if name is not None:
            current = await Loaders(services.sessionmaker).backend_by_name.load(name)
            if current is None:
                return
            yield Backend.from_model(current)

        async def shared() -> AsyncGenerator[tuple[Backend, dict[object, object]], None]:
            async for change in changes:
                # The feed read the row once for every subscriber of this process; the object,
                # the loaders its fields use and each selection's rendering are shared through
                # its snapshot (a connection's context lives as long as the socket, so loaders
                # are set per event).
                snapshot = change.snapshot
                info.context.loaders = snapshot.memo(
                    "loaders", functools.partial(Loaders, services.sessionmaker)
                )
                make = functools.partial(Backend.from_model, change.row)
                backend = snapshot.memo(("backend", change.name), make)
                yield backend, snapshot.memo(("results", change.name), dict)

        async with aclosing(delivered(shared())) as backends:
            async for backend in backends:
                yield backend
