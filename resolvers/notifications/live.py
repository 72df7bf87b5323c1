"""`notificationAdded`: the caller's notifications as they are added, from any API process.

The process's feed (domain.notifications.feed) reads each batch of users' latest notification
once and offers each row to its user's followers only; here each subscriber is checked again
(the row must be theirs) before anything is sent, and each row is rendered once per selection
for every subscriber that shares it (resolvers.shared_events).
"""

from __future__ import annotations

import functools
from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import TYPE_CHECKING

import strawberry

from domain.notifications.feed import NotificationChange
from qraph.context import Context
from resolvers.loaders import Loaders
from resolvers.notifications.reads import viewer_id
from resolvers.shared_events import delivered

if TYPE_CHECKING:
    from schema.notifications.types import Notification

Info = strawberry.Info[Context, None]


async def notification_added(info: Info) -> AsyncGenerator[Notification, None]:
    from schema.notifications.types import Notification

    services, user_id = info.context.services, viewer_id(info)
    async with services.notification_feed.follow(user_id) as changes:

        async def shared() -> AsyncGenerator[tuple[Notification, dict[object, object]], None]:
            async for change in changes:
                if change.row.user_id != user_id:
                    continue  # never another user's, whatever the feed offered
                snapshot = change.snapshot
                info.context.loaders = snapshot.memo(
                    "loaders", functools.partial(Loaders, services.sessionmaker)
                )

                def make(found: NotificationChange = change) -> Notification:
                    return Notification.from_model(found.row)

                node = snapshot.memo(("notification", change.row.id), make)
                yield node, snapshot.memo(("results", change.row.id), dict)

        async with aclosing(delivered(shared())) as added:
            async for notification in added:
                yield notification
