"""The notifications other areas raise: a new review, a new version, a shot budget at 80%.

Each runs in the transaction of the change it reports and returns the event to publish after
the commit (send.publish). JOB_FINISHED is in jobs_finished (the worker's batch statement);
SPENDING_WARNING, TRIAL_ENDING, SUBSCRIPTION_RENEWED and BILL_ISSUED are raised by billing
through `notify`.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, literal, select, union
from sqlalchemy.dialects.postgresql import insert

from domain.billing.models import LIVE_STATUSES, PlanSubscription
from domain.db import AsyncSession
from domain.events import Event
from domain.jobs.models import Job
from domain.notifications.links import global_id
from domain.notifications.mail import mail_new
from domain.notifications.models import Notification, NotificationKind
from domain.notifications.send import everyone_event, notify, returned

BUDGET_KEY = "shot-budget-warning"


async def new_review(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    app_id: uuid.UUID,
    app_name: str,
    review_id: uuid.UUID,
    rating: int,
    text: str,
) -> Event:
    """NEW_REVIEW to the app's owner; reviews of one app coalesce while unread."""
    said = f": {text[:300]}" if text else ""
    return await notify(
        session,
        user_id=owner_id,
        kind=NotificationKind.NEW_REVIEW,
        title=f"New review of {app_name}",
        body=f"{rating} star{'s' if rating != 1 else ''}{said}",
        link=global_id("Review", review_id),
        coalesce_key=f"review:{app_id}",
    )


async def new_version(
    session: AsyncSession,
    *,
    app_id: uuid.UUID,
    owner_id: uuid.UUID,
    app_name: str,
    version_id: uuid.UUID,
    version: str,
) -> Event:
    """NEW_VERSION to everyone who has run the app or holds a live plan subscription to it
    (not its owner): one INSERT ... SELECT, whatever their number, and their emails with it."""
    audience = union(
        select(Job.owner_id.label("user_id")).where(Job.app_id == app_id),
        select(PlanSubscription.user_id).where(
            PlanSubscription.app_id == app_id,
            PlanSubscription.status.in_([s.value for s in LIVE_STATUSES]),
        ),
    ).subquery("audience")
    rows = (
        select(
            func.gen_random_uuid(),
            audience.c.user_id,
            literal(NotificationKind.NEW_VERSION.value),
            literal(f"{app_name} {version} is out"[:200]),
            literal(f"{app_name} has a new version, {version}."),
            literal(global_id("AppVersion", version_id)),
            literal(f"new-version:{app_id}"),
        )
        .where(audience.c.user_id != owner_id)
        .order_by(audience.c.user_id)
    )
    statement = insert(Notification).from_select(
        ["id", "user_id", "kind", "title", "body", "link", "coalesce_key"], rows
    )
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
    return everyone_event()


async def shot_budget_warning(
    session: AsyncSession, *, user_id: uuid.UUID, used: int, limit: int, added: int
) -> Event | None:
    """SHOT_BUDGET_WARNING when this charge of `added` shots took the user past 80% of their
    budget (None when it did not cross the line: one warning per crossing, not per job)."""
    before = used - added
    if added <= 0 or limit <= 0 or not (before * 5 < limit * 4 <= used * 5):
        return None
    percent = 100 * used // limit
    return await notify(
        session,
        user_id=user_id,
        kind=NotificationKind.SHOT_BUDGET_WARNING,
        title=f"You have used {percent}% of your shot budget",
        body=f"{used:,} of your {limit:,} shots for this period are used.",
        coalesce_key=BUDGET_KEY,
    )
