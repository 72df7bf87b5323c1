"""`notify`: the one way any area tells a user something.

Call it inside the transaction of the change it reports, and publish the returned event after
the commit (like a job's transition). With a `coalesce_key`, a second notification while the
first is still unread updates that row (count + 1, new title and body) instead of adding one.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert

from domain.db import AsyncSession
from domain.events import Event
from domain.notifications.models import Notification, NotificationKind

TITLE_MAX = 200


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
        "user_id": user_id,
        "kind": kind.value,
        "title": title[:TITLE_MAX],
        "body": body,
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
    await session.execute(statement)
    return notification_event(user_id)


def notification_event(user_id: uuid.UUID) -> Event:
    """Published after a commit that added or changed one of the user's notifications."""
    return Event("notification", str(user_id), "added")
