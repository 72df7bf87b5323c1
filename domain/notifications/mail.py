"""Email for notifications: an outbox row (domain.identity.delivery) in the notification's own
statement, for users who opted in to that kind and whose address is verified.

A mail goes out when a notification row is made, not when a coalesced row is bumped: a batch of
100 finished jobs is one notification and at most one email.
"""

from __future__ import annotations

from sqlalchemy import and_, func, insert, literal, select
from sqlalchemy.sql.dml import Insert
from sqlalchemy.sql.expression import CTE

from domain.identity.models import OutboxMessage, User
from domain.notifications.models import NotificationPreference

MAIL_KIND = "notification"
FOOTER = (
    "\n\nYou get this email because you turned on email for this kind of Qraph notification. "
    "Turn it off with setNotificationPreference(kind, email: false)."
)


def mail_new(notified: CTE) -> Insert:
    """Outbox rows for the notifications `notified` made (its columns: user_id, kind, title,
    body, inserted), to the users who want that kind by email."""
    wanted = (
        select(
            func.gen_random_uuid(),
            literal(MAIL_KIND),
            User.email,
            func.left(notified.c.title, 200),
            notified.c.body + FOOTER,
        )
        .select_from(notified)
        .join(User, User.id == notified.c.user_id)
        .join(
            NotificationPreference,
            and_(
                NotificationPreference.user_id == notified.c.user_id,
                NotificationPreference.kind == notified.c.kind,
                NotificationPreference.email.is_(True),
            ),
        )
        .where(notified.c.inserted, User.email_verified_at.is_not(None))
    )
    return insert(OutboxMessage).from_select(["id", "kind", "recipient", "subject", "body"], wanted)
