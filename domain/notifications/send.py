"""`notify`: the one way any area tells a user something.

Call it inside the transaction of the change it reports, and publish the returned event after
the commit (like a job's transition). With a `coalesce_key`, a second notification while the
first is still unread updates that row (count + 1, new title and body) instead of adding one.
The notification, and the email for a user who opted in to its kind, are one statement.
"""

from __future__ import annotations

import uuid
from contextlib import suppress
from typing import Any

from redis.exceptions import RedisError
from sqlalchemy import func, literal_column
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.sql.elements import Label

from domain import events
from domain.db import AsyncSession
from domain.events import Event
from domain.notifications.mail import mail_new
from domain.notifications.models import Notification, NotificationKind

TITLE_MAX = 200
BODY_MAX = 2_000
TOPIC = "notification"
EVERYONE = "all"  # an event key: notifications for many users were added at once

# `xmax = 0` on the row an upsert returns: it was inserted, not updated.
INSERTED: Label[bool] = literal_column("(notifications.xmax = 0)").label("inserted")


async def notify(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    kind: NotificationKind,
    title: str,
    body: str,
    link: str | None = None,
    coalesce_key: str | None = None,
) -> Event:
    """Record the notification; returns the event to publish after the commit."""
    values = {
        "id": uuid.uuid4(),
        "user_id": user_id,
        "kind": kind.value,
        "title": title[:TITLE_MAX],
        "body": body[:BODY_MAX],
        "link": link,
        "coalesce_key": coalesce_key,
    }
    statement = insert(Notification).values(**values)
    if coalesce_key is not None:
        statement = statement.on_conflict_do_update(
            index_elements=["user_id", "coalesce_key"],
            index_where=(Notification.read_at.is_(None) & Notification.coalesce_key.is_not(None)),
            set_={
                "title": statement.excluded.title,
                "body": statement.excluded.body,
                "link": statement.excluded.link,
                "count": Notification.count + 1,
                "updated_at": func.now(),
            },
        )
    notified = statement.returning(*returned()).cte("notified")
    await session.execute(mail_new(notified).add_cte(notified))
    return notification_event(user_id)


def returned() -> list[Any]:
    """What an upsert of notifications returns for `mail_new`."""
    return [
        Notification.user_id,
        Notification.kind,
        Notification.title,
        Notification.body,
        INSERTED,
    ]


def notification_event(user_id: uuid.UUID) -> Event:
    """Published after a commit that added or changed one of the user's notifications."""
    return Event(TOPIC, str(user_id), "added")


def everyone_event() -> Event:
    """Published after a commit that added notifications for many users at once."""
    return Event(TOPIC, EVERYONE, "added")


async def publish(redis: Any, event: Event | None) -> None:
    """Tell subscribers, after the commit. A Redis failure only delays what they see: the
    notification is in PostgreSQL, and `notifications` reads it."""
    if event is None:
        return
    with suppress(RedisError, OSError):
        await events.publish(redis, event)
