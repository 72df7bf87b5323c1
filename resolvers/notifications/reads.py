"""notifications (a keyset page with its unread count), notificationPreferences, and
Notification nodes: always the caller's own; another user's reads as not found."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from domain.identity.principal import Scope
from domain.notifications import inbox, preferences
from domain.notifications.models import Notification as NotificationRow
from qraph.context import Context
from resolvers.pages import page_size
from schema.relay import page_request, to_connection

if TYPE_CHECKING:
    from schema.notifications.types import NotificationConnection, NotificationPreference

Info = strawberry.Info[Context, None]
ORDERING = "notifications:created:desc"
UnreadOnly = Annotated[bool, strawberry.argument(description="Only the unread ones.")]
First = Annotated[int | None, strawberry.argument(description="Page size (≤ 100).")]
After = Annotated[str | None, strawberry.argument(description="Cursor to go on after.")]


def viewer_id(info: Info) -> uuid.UUID:
    """The signed-in caller's user id (the field's IsAuthenticated has run)."""
    user_id = info.context.principal.user_id
    assert user_id is not None  # IsAuthenticated ran first
    return user_id


async def notifications(
    info: Info, unread_only: UnreadOnly = False, first: First = None, after: After = None
) -> NotificationConnection:
    from schema.notifications.types import Notification, NotificationConnection

    # The filter is part of the ordering, so a cursor of one list is refused by the other.
    ordering = f"{ORDERING}:{'unread' if unread_only else 'all'}"
    request = page_request(
        ordering=ordering, keys=inbox.NEWEST_FIRST, first=first, after=after, last=None, before=None
    )
    size = page_size(info.context, request)
    user_id = viewer_id(info)
    async with info.context.session() as session:
        page = await inbox.list_for_user(
            session, user_id=user_id, unread_only=unread_only, request=request, size=size
        )

    def counting(only_unread: bool) -> Callable[[], Awaitable[int]]:
        async def count() -> int:
            async with info.context.session() as session:
                return await inbox.count_for_user(session, user_id=user_id, unread_only=only_unread)

        return count

    connection = to_connection(
        page, ordering=ordering, node=Notification.from_model, count=counting(unread_only)
    )
    return NotificationConnection(
        edges=connection.edges,  # type: ignore[arg-type]
        page_info=connection.page_info,
        count=connection.count,
        unread=counting(True),
    )


async def notification_preferences(info: Info) -> list[NotificationPreference]:
    from schema.notifications.types import NotificationKind, NotificationPreference

    async with info.context.session() as session:
        found = await preferences.list_for_user(session, user_id=viewer_id(info))
    return [
        NotificationPreference(kind=NotificationKind(p.kind.value), in_app=p.in_app, email=p.email)
        for p in found
    ]


def _uuids(node_ids: Iterable[Any]) -> list[uuid.UUID]:
    found = []
    for key in node_ids:
        try:
            found.append(uuid.UUID(str(key)))
        except ValueError:
            found.append(uuid.UUID(int=0))
    return found


async def own_notifications(info: Info, node_ids: Iterable[Any]) -> list[NotificationRow | None]:
    """`node(id:)` for Notifications: the caller's own (with the `account` scope), else null."""
    ids = _uuids(node_ids)
    principal = info.context.principal
    if not principal.authenticated or not principal.can(Scope.ACCOUNT):
        return [None] * len(ids)
    async with info.context.session() as session:
        return await inbox.get_many(session, user_id=principal.user_id, ids=ids)


def parse_id(raw: str) -> uuid.UUID | None:
    """The uuid of a Notification's global ID; None for anything else."""
    try:
        global_id = relay.GlobalID.from_id(raw)
        if global_id.type_name == "Notification":
            return uuid.UUID(global_id.node_id)
    except (relay.GlobalIDValueError, ValueError, TypeError):
        pass
    return None
