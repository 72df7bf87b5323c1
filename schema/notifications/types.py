"""The Notification node, its connection (with the unread count), preferences, and results."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from strawberry import relay

from domain.notifications import models
from resolvers.notifications import reads as resolve
from schema.errors import InvalidInputError, NotFoundError
from schema.lazy import of_row, reads_row
from schema.relay import Connection

if TYPE_CHECKING:
    from strawberry.types import Info


@strawberry.enum(description="What a notification is about.")
class NotificationKind(Enum):
    JOB_FINISHED = "JOB_FINISHED"
    SHOT_BUDGET_WARNING = "SHOT_BUDGET_WARNING"
    SPENDING_WARNING = "SPENDING_WARNING"
    TRIAL_ENDING = "TRIAL_ENDING"
    SUBSCRIPTION_RENEWED = "SUBSCRIPTION_RENEWED"
    BILL_ISSUED = "BILL_ISSUED"
    NEW_REVIEW = "NEW_REVIEW"
    NEW_VERSION = "NEW_VERSION"


@reads_row(
    key=lambda row: str(row.id),
    kind=lambda row: NotificationKind(row.kind),
    title="title",
    body="body",
    link="link",
    read=lambda row: row.read_at is not None,
    read_at="read_at",
    created_at="created_at",
    updated_at="updated_at",
    count="count",
)
@strawberry.type(description="Something Qraph told you: in the app always, by email if you opt in.")
class Notification(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[models.Notification]
    kind: NotificationKind = strawberry.field(description="What it is about.")
    title: str = strawberry.field(description="One line.")
    body: str = strawberry.field(description="The details.")
    link: strawberry.ID | None = strawberry.field(
        description="The global ID of what it is about (a Job, a Review, an AppVersion, ...); "
        "read it with `node(id:)`. Null when it stands for many things."
    )
    read: bool = strawberry.field(description="Marked read.")
    read_at: datetime | None = strawberry.field(description="When it was marked read.")
    created_at: datetime = strawberry.field(description="When it was first made.")
    updated_at: datetime = strawberry.field(
        description="When it last changed (a coalesced notification changes as events add up)."
    )
    count: int = strawberry.field(
        description="How many events it stands for: like events coalesce while it is unread "
        "(100 finished jobs are one JOB_FINISHED notification with count 100)."
    )

    @classmethod
    def from_model(cls, row: models.Notification) -> Self:
        return of_row(cls, row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Any, Any], node_ids: Any, required: bool = False
    ) -> list[Self | None]:
        rows = await resolve.own_notifications(info, node_ids)
        return [cls.from_model(row) if row is not None else None for row in rows]


@strawberry.type(description="A page of your notifications, newest first.")
class NotificationConnection(Connection[Notification]):
    unread: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many of your notifications are unread (all of them).")
    async def unread_count(self) -> int:
        return await self.unread()


@strawberry.type(description="How you are told about one kind of notification.")
class NotificationPreference:
    kind: NotificationKind = strawberry.field(description="The kind.")
    in_app: bool = strawberry.field(description="Always true: every notification is in the app.")
    email: bool = strawberry.field(description="Also sent by email (opt-in; off by default).")


@strawberry.type(description="The notification is marked read.")
class MarkNotificationReadSuccess:
    notification: Notification = strawberry.field(description="The notification, now read.")


@strawberry.type(description="Every unread notification of yours is marked read.")
class MarkAllNotificationsReadSuccess:
    marked: int = strawberry.field(description="How many were unread and are now read.")


@strawberry.type(description="The preference is saved.")
class SetNotificationPreferenceSuccess:
    preference: NotificationPreference = strawberry.field(description="The kind's preference.")


MarkNotificationReadResult = Annotated[
    MarkNotificationReadSuccess | NotFoundError,
    strawberry.union(
        "MarkNotificationReadResult", description="The outcome of `markNotificationRead`."
    ),
]
MarkAllNotificationsReadResult = Annotated[
    MarkAllNotificationsReadSuccess | InvalidInputError,
    strawberry.union(
        "MarkAllNotificationsReadResult", description="The outcome of `markAllNotificationsRead`."
    ),
]
SetNotificationPreferenceResult = Annotated[
    SetNotificationPreferenceSuccess | InvalidInputError,
    strawberry.union(
        "SetNotificationPreferenceResult",
        description="The outcome of `setNotificationPreference`.",
    ),
]
