"""notifications, notificationPreferences; markNotificationRead, markAllNotificationsRead,
setNotificationPreference; notificationAdded. Each is about the caller's own notifications."""

from __future__ import annotations

import strawberry

from resolvers.notifications import live, reads, writes
from schema.notifications.types import (
    MarkAllNotificationsReadResult,
    MarkNotificationReadResult,
    Notification,
    NotificationConnection,
    NotificationPreference,
    SetNotificationPreferenceResult,
)
from schema.permissions import IsAuthenticated


@strawberry.type
class NotificationQuery:
    notifications: NotificationConnection = strawberry.field(
        resolver=reads.notifications,
        permission_classes=[IsAuthenticated],
        description="Your notifications, newest first; `unreadOnly` for the unread ones.",
    )
    notification_preferences: list[NotificationPreference] = strawberry.field(
        resolver=reads.notification_preferences,
        permission_classes=[IsAuthenticated],
        description="How you are told about each kind: in the app always, by email if opted in.",
    )


@strawberry.type
class NotificationMutation:
    mark_notification_read: MarkNotificationReadResult = strawberry.field(
        resolver=writes.mark_notification_read,
        permission_classes=[IsAuthenticated],
        description="Mark one of your notifications read (idempotent).",
    )
    mark_all_notifications_read: MarkAllNotificationsReadResult = strawberry.field(
        resolver=writes.mark_all_notifications_read,
        permission_classes=[IsAuthenticated],
        description="Mark every unread notification of yours read.",
    )
    set_notification_preference: SetNotificationPreferenceResult = strawberry.field(
        resolver=writes.set_notification_preference,
        permission_classes=[IsAuthenticated],
        description=(
            "Turn email on or off for one kind of notification (to your verified address). "
            "In-app notifications are always on."
        ),
    )


@strawberry.type
class NotificationSubscription:
    notification_added: Notification = strawberry.subscription(  # type: ignore[assignment]
        resolver=live.notification_added,
        permission_classes=[IsAuthenticated],
        description=(
            "Your notifications as they are added, or as a coalesced one grows (same id, higher "
            "`count`). Only yours, from any API process. No current state first: read "
            "`notifications` after subscribing. Sign-in required."
        ),
    )
