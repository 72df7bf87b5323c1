"""markNotificationRead, markAllNotificationsRead, setNotificationPreference: one transaction
each, about the caller's own notifications only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.errors import DomainError, NotFound
from domain.notifications import inbox, preferences
from domain.notifications.models import NotificationKind as Kind
from qraph.context import Context
from resolvers.notifications.reads import parse_id, viewer_id
from schema.errors import to_error
from schema.notifications.types import NotificationKind

if TYPE_CHECKING:
    from schema.notifications.types import (
        MarkAllNotificationsReadResult,
        MarkNotificationReadResult,
        SetNotificationPreferenceResult,
    )

Info = strawberry.Info[Context, None]
NotificationId = Annotated[
    strawberry.ID, strawberry.argument(description="The Notification's global ID.")
]


async def mark_notification_read(info: Info, id: NotificationId) -> MarkNotificationReadResult:
    from schema.notifications.types import MarkNotificationReadSuccess, Notification

    try:
        notification_id = parse_id(id)
        if notification_id is None:
            raise NotFound("No such notification.")
        async with info.context.session() as session, session.begin():
            row = await inbox.mark_read(
                session, user_id=viewer_id(info), notification_id=notification_id
            )
    except DomainError as error:
        return to_error(error)  # type: ignore[return-value]
    return MarkNotificationReadSuccess(notification=Notification.from_model(row))


async def mark_all_notifications_read(info: Info) -> MarkAllNotificationsReadResult:
    from schema.notifications.types import MarkAllNotificationsReadSuccess

    async with info.context.session() as session, session.begin():
        marked = await inbox.mark_all_read(session, user_id=viewer_id(info))
    return MarkAllNotificationsReadSuccess(marked=marked)


async def set_notification_preference(
    info: Info,
    kind: Annotated[NotificationKind, strawberry.argument(description="The kind.")],
    email: Annotated[bool, strawberry.argument(description="Send it by email too.")],
) -> SetNotificationPreferenceResult:
    from schema.notifications.types import NotificationPreference, SetNotificationPreferenceSuccess

    async with info.context.session() as session, session.begin():
        saved = await preferences.set_email(
            session, user_id=viewer_id(info), kind=Kind(kind.value), email=email
        )
    return SetNotificationPreferenceSuccess(
        preference=NotificationPreference(kind=kind, in_app=saved.in_app, email=saved.email)
    )
