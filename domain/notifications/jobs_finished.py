"""JOB_FINISHED: the worker's record of a batch tells each owner once, coalesced.

`notify_finished` adds to the worker's one-statement record of a batch (domain.jobs.
batch_transitions.record) the CTEs that upsert one unread `jobs-finished` notification per owner
and the email for owners who opted in. While that notification is unread, every later batch adds
to it: its `count` is how many jobs finished, its `tally` how many by final status, and its
title and body are reworded from them ("100 jobs finished: 98 completed, 2 failed"). The
`notificationAdded` event goes out once per owner per published pipeline (workers.publishing
de-duplicates), so 100 jobs are one notification and a few pushes, not 100.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Integer, String, cast, func, literal, literal_column, select
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.sql.expression import CTE

from domain.db import AsyncSession
from domain.events import Event
from domain.notifications.mail import mail_new
from domain.notifications.models import Notification, NotificationKind
from domain.notifications.send import notification_event, returned

COALESCE_KEY = "jobs-finished"
FINAL = ("COMPLETED", "FAILED", "CANCELLED")


def _wording(total: str, completed: str, failed: str) -> tuple[str, str]:
    """SQL for the title and body, from SQL expressions of the three counts."""
    jobs = f"CASE WHEN {total} = 1 THEN '1 job' ELSE ({total})::text || ' jobs' END"
    title = f"{jobs} || ' finished'"
    body = (
        f"{jobs} || ' finished: ' || ({completed})::text || ' completed, ' || "
        f"({failed})::text || ' failed'"
    )
    return title, body


_NEW_TITLE, _NEW_BODY = _wording("n", "completed", "failed")
_SUM = (
    "coalesce((notifications.tally->>'{0}')::int, 0) + coalesce((excluded.tally->>'{0}')::int, 0)"
)
_MERGED_TITLE, _MERGED_BODY = _wording(
    "notifications.count + excluded.count", _SUM.format("COMPLETED"), _SUM.format("FAILED")
)


def notify_finished(done: CTE) -> CTE:
    """The CTE (with its own) that notifies the owners of the jobs `done` moved to a final
    state; `done` has the columns id, status and owner_id. Add it to the record's statement."""
    per_owner = (
        select(
            done.c.owner_id.label("user_id"),
            func.count().label("n"),
            func.count().filter(done.c.status == "COMPLETED").label("completed"),
            func.count().filter(done.c.status == "FAILED").label("failed"),
            # The job's global ID when there is one job (a Relay ID: base64 of "Job:<uuid>").
            func.encode(
                func.convert_to(
                    literal("Job:") + cast(func.min(cast(done.c.id, String)), String), "UTF8"
                ),
                "base64",
            ).label("link"),
        )
        .where(done.c.status.in_(FINAL))
        .group_by(done.c.owner_id)
        .cte("finished_per_owner")
    )
    rows = select(
        func.gen_random_uuid(),
        per_owner.c.user_id,
        literal(NotificationKind.JOB_FINISHED.value),
        literal_column(_NEW_TITLE),
        literal_column(_NEW_BODY),
        literal_column("CASE WHEN n = 1 THEN link END"),
        literal(COALESCE_KEY),
        cast(per_owner.c.n, Integer),
        func.jsonb_build_object("COMPLETED", per_owner.c.completed, "FAILED", per_owner.c.failed),
    ).order_by(per_owner.c.user_id)  # a fixed lock order against concurrent batches
    statement = insert(Notification).from_select(
        ["id", "user_id", "kind", "title", "body", "link", "coalesce_key", "count", "tally"], rows
    )
    statement = statement.on_conflict_do_update(
        index_elements=["user_id", "coalesce_key"],
        index_where=(Notification.read_at.is_(None) & Notification.coalesce_key.is_not(None)),
        set_={
            "title": literal_column(_MERGED_TITLE),
            "body": literal_column(_MERGED_BODY),
            "link": None,
            "count": literal_column("notifications.count + excluded.count"),
            "tally": literal_column(
                "jsonb_build_object('COMPLETED', "
                + _SUM.format("COMPLETED")
                + ", 'FAILED', "
                + _SUM.format("FAILED")
                + ")"
            ),
            "updated_at": func.now(),
        },
    )
    notified = statement.returning(*returned()).cte("notified")
    return mail_new(notified).add_cte(notified).cte("mailed")


async def notify_one(
    session: AsyncSession, *, job_id: uuid.UUID, status: str, owner_id: uuid.UUID
) -> Event:
    """The same for one job moved outside a batch (the reconciler failing a poison job), in the
    caller's transaction; returns the event to publish after the commit."""
    done = select(
        literal(job_id, UUID(as_uuid=True)).label("id"),
        literal(status).label("status"),
        literal(owner_id, UUID(as_uuid=True)).label("owner_id"),
    ).cte("done")
    await session.execute(select(done.c.id).add_cte(notify_finished(done)))
    return notification_event(owner_id)
