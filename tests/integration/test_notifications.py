"""Notifications over HTTP and from the worker, on real PostgreSQL and Redis.

- JOB_FINISHED is coalesced: 100 jobs run by a burst worker make ONE notification (count 100,
  "100 jobs finished: 98 completed, 2 failed"), far fewer than 100 `notificationAdded` pushes,
  and at most one email.
- Preferences: in the app always; email opt-in per kind, through the outbox, in the same
  transaction; opting out sends none.
- NEW_REVIEW to the app's owner, NEW_VERSION to its runners, SHOT_BUDGET_WARNING once when a
  submission crosses 80%.
- markNotificationRead (yours only: another's is not found), markAllNotificationsRead, and the
  statements a page of `notifications` costs (constant in its size).
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import func, select, update

from domain.events import Event, channel
from domain.identity.models import OutboxMessage, User
from domain.identity.principal import Role
from domain.notifications import inbox, preferences
from domain.notifications.models import Notification, NotificationKind
from domain.notifications.send import notification_event, notify
from tests.identity import create_user, make_user
from tests.integration import apps_support as support
from tests.integration.test_job_submission import submit
from tests.integration.test_reconciler import _reconcile, no_grace
from tests.integration.test_reviews import REVIEW, _runner
from tests.integration.test_worker_runs_jobs import BELL, Harness, harness
from workers.publishing import HOLD_S, EventPipeline

__all__ = ["harness", "no_grace"]

BAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\nfoo q[0];\n'
NOTIFICATIONS = """
query N($unreadOnly: Boolean! = false, $first: Int, $after: String) {
  notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {
    totalCount unreadCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind title body link read readAt createdAt count } }
  }
}
"""
PREFERENCES = "{ notificationPreferences { kind inApp email } }"
SET_PREFERENCE = """
mutation P($kind: NotificationKind!, $email: Boolean!) {
  setNotificationPreference(kind: $kind, email: $email) {
    __typename ... on SetNotificationPreferenceSuccess { preference { kind inApp email } }
  }
}
"""
MARK = """
mutation M($id: ID!) { markNotificationRead(id: $id) {
  __typename ... on MarkNotificationReadSuccess { notification { id read readAt } }
  ... on Error { code message } } }
"""
MARK_ALL = """
mutation { markAllNotificationsRead {
  __typename ... on MarkAllNotificationsReadSuccess { marked } } }
"""
NODE = "query N($id: ID!) { node(id: $id) { ... on Notification { id title } } }"


async def _gql(client: Any, user: Any, query: str, variables: dict[str, Any] | None = None) -> Any:
    body = await support.post(client, query, variables or {}, user.headers)
    assert "errors" not in body, body
    return body["data"]


async def _mails(sessionmaker: Any, email: str) -> list[OutboxMessage]:
    async with sessionmaker() as session:
        rows = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == email, OutboxMessage.kind == "notification")
            .order_by(OutboxMessage.created_at)
        )
        return list(rows)


async def _email_of(sessionmaker: Any, user_id: uuid.UUID) -> str:
    async with sessionmaker() as session:
        return str(await session.scalar(select(User.email).where(User.id == user_id)))


# --- coalescing: 100 finished jobs, one notification -------------------------------------------


async def test_a_batch_of_100_jobs_gives_one_notification_and_few_pushes(harness: Harness):
    owner = harness.owner
    async with harness.sessionmaker() as session, session.begin():
        await session.execute(
            update(User).where(User.id == owner).values(email_verified_at=func.now())
        )
    async with harness.sessionmaker() as session, session.begin():
        await preferences.set_email(
            session, user_id=owner, kind=NotificationKind.JOB_FINISHED, email=True
        )
    listener = Redis.from_url(harness.settings.redis_url or "")
    pubsub = listener.pubsub()
    await pubsub.subscribe(channel("notification", str(owner)))
    await pubsub.get_message(timeout=1)
    # given 98 good jobs and 2 bad ones, queued
    for index in range(100):
        await harness.add_job(circuit=BAD if index in (10, 60) else BELL, shots=100)
    # when a burst worker runs them all
    started = time.monotonic()
    await harness.drain()
    windows = (time.monotonic() - started) / HOLD_S  # how many holds the run spanned
    # then the owner has ONE notification for all 100, worded from its tally
    async with harness.sessionmaker() as session:
        rows = list(
            await session.scalars(select(Notification).where(Notification.user_id == owner))
        )
    assert len(rows) == 1, [(r.title, r.count) for r in rows]
    [found] = rows
    assert found.kind == NotificationKind.JOB_FINISHED and found.count == 100
    assert found.title == "100 jobs finished"
    assert found.body == "100 jobs finished: 98 completed, 2 failed"
    assert found.tally == {"COMPLETED": 98, "FAILED": 2}
    assert found.link is None  # it stands for many jobs
    # and far fewer than 100 notificationAdded events were published for it
    pushes = 0
    while await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.5) is not None:
        pushes += 1
    # (at most one per hold of the worker's pipeline, not one per job)
    assert 1 <= pushes <= windows + 2, (pushes, windows)
    print(f"100 finished jobs: {pushes} notification events published")
    # and the opted-in owner got one email, not 100
    mails = await _mails(harness.sessionmaker, await _email_of(harness.sessionmaker, owner))
    assert len(mails) == 1 and mails[0].subject.endswith("finished")
    await pubsub.aclose()
    await listener.aclose()


async def test_one_job_links_to_it_and_a_read_notification_starts_a_new_one(harness: Harness):
    job_id = await harness.add_job(shots=100)
    await harness.drain()
    async with harness.sessionmaker() as session:
        [first] = await session.scalars(
            select(Notification).where(Notification.user_id == harness.owner)
        )
    assert first.count == 1 and first.title == "1 job finished"
    assert first.body == "1 job finished: 1 completed, 0 failed"
    assert base64.b64decode(first.link or "").decode() == f"Job:{job_id}"
    # when the user reads it, then the next finished job makes a new notification
    async with harness.sessionmaker() as session, session.begin():
        await inbox.mark_read(session, user_id=harness.owner, notification_id=first.id)
    await harness.add_job(circuit=BAD)
    await harness.drain()
    async with harness.sessionmaker() as session:
        rows = list(
            await session.scalars(
                select(Notification)
                .where(Notification.user_id == harness.owner)
                .order_by(Notification.created_at)
            )
        )
    assert [(r.count, r.body, r.read_at is None) for r in rows] == [
        (1, "1 job finished: 1 completed, 0 failed", False),
        (1, "1 job finished: 0 completed, 1 failed", True),
    ]


async def test_notification_events_are_held_and_sent_once_per_user(harness: Harness):
    pipeline = EventPipeline(harness.queue, hold_s=0.3)
    listener = Redis.from_url(harness.settings.redis_url or "")
    pubsub = listener.pubsub()
    await pubsub.subscribe(channel("notification"), channel("job"))
    await pubsub.get_message(timeout=1)
    await pubsub.get_message(timeout=1)
    users = [uuid.uuid4(), uuid.uuid4()]
    job = Event("job", str(uuid.uuid4()), "status_changed")
    # when 50 jobs of one user finish one per loop turn, then one of another user's
    for _ in range(50):
        await pipeline.tell([job, notification_event(users[0])])
    await pipeline.tell([notification_event(users[1])])
    # then the job events went out at once, turn by turn
    assert pipeline.trips == 50
    # and, once the hold is over, one trip carried one notification event per user
    heard = []
    while (m := await pubsub.get_message(ignore_subscribe_messages=True, timeout=1)) is not None:
        heard.append((json.loads(m["data"])["topic"], json.loads(m["data"])["key"]))
    assert heard == [("job", job.key)] * 50 + [("notification", str(u)) for u in users]
    assert pipeline.trips == 51
    await pubsub.aclose()
    await listener.aclose()


# --- preferences ------------------------------------------------------------------------------


async def test_email_is_opt_in_per_kind_and_in_app_is_always_on(app, client):
    sessionmaker = app.state.services.sessionmaker
    developer = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    found = await support.release(client, developer.headers, "told-app")
    version_id = await support.published(client, developer.headers, found["id"], "1.0.0")
    await support.in_registry(client, developer.headers, version_id)
    # given the defaults: every kind in the app, none by email
    prefs = (await _gql(client, developer, PREFERENCES))["notificationPreferences"]
    assert [p["kind"] for p in prefs] == [k.value for k in NotificationKind]
    assert all(p["inApp"] and not p["email"] for p in prefs)
    # when the developer opts in to email for NEW_REVIEW
    saved = await _gql(client, developer, SET_PREFERENCE, {"kind": "NEW_REVIEW", "email": True})
    assert saved["setNotificationPreference"]["preference"] == {
        "kind": "NEW_REVIEW",
        "inApp": True,
        "email": True,
    }
    # and a runner reviews the app
    runner = await _runner(app, client, "told-app")
    body = await support.post(
        client,
        REVIEW,
        {"appId": found["id"], "input": {"rating": 5, "text": "Great"}},
        runner.headers,
    )
    assert body["data"]["reviewApp"]["__typename"] == "ReviewAppSuccess", body
    review_id = body["data"]["reviewApp"]["review"]["id"]
    # then the developer has it in the app, linking to the review, and one email in the outbox
    page = (await _gql(client, developer, NOTIFICATIONS))["notifications"]
    [edge] = page["edges"]
    assert edge["node"]["kind"] == "NEW_REVIEW" and edge["node"]["link"] == review_id
    assert edge["node"]["title"] == "New review of Told-App"
    assert edge["node"]["body"] == "5 stars: Great"
    email = await _email_of(sessionmaker, developer.id)
    mails = await _mails(sessionmaker, email)
    assert len(mails) == 1 and "5 stars: Great" in mails[0].body
    # when the developer opts out, reads it, and another runner reviews
    await _gql(client, developer, SET_PREFERENCE, {"kind": "NEW_REVIEW", "email": False})
    await _gql(client, developer, MARK_ALL)
    other = await _runner(app, client, "told-app")
    body = await support.post(
        client, REVIEW, {"appId": found["id"], "input": {"rating": 3}}, other.headers
    )
    assert body["data"]["reviewApp"]["__typename"] == "ReviewAppSuccess", body
    # then it is in the app, unread, but no email was written
    page = (await _gql(client, developer, NOTIFICATIONS, {"unreadOnly": True}))["notifications"]
    assert [e["node"]["body"] for e in page["edges"]] == ["3 stars"]
    assert len(await _mails(sessionmaker, email)) == 1
    # and the runners got NEW_VERSION when 1.1.0 was published (not the developer)
    await support.published(client, developer.headers, found["id"], "1.1.0")
    for user in (runner, other):
        page = (await _gql(client, user, NOTIFICATIONS))["notifications"]
        assert [e["node"]["kind"] for e in page["edges"]] == ["NEW_VERSION"], page
        assert "1.1.0" in page["edges"][0]["node"]["title"]
    kinds = [
        e["node"]["kind"]
        for e in (await _gql(client, developer, NOTIFICATIONS))["notifications"]["edges"]
    ]
    assert "NEW_VERSION" not in kinds


async def test_an_unverified_address_gets_no_email(app):
    sessionmaker = app.state.services.sessionmaker
    user = await make_user(app, Role.CONSUMER)
    async with sessionmaker() as session, session.begin():
        await session.execute(update(User).where(User.id == user.id).values(email_verified_at=None))
        await preferences.set_email(
            session, user_id=user.id, kind=NotificationKind.BILL_ISSUED, email=True
        )
    async with sessionmaker() as session, session.begin():
        await notify(
            session, user_id=user.id, kind=NotificationKind.BILL_ISSUED, title="Bill", body="b"
        )
    assert await _mails(sessionmaker, await _email_of(sessionmaker, user.id)) == []


# --- the shot budget --------------------------------------------------------------------------


async def test_crossing_80_percent_of_the_shot_budget_notifies_once(app, client):
    user = await make_user(app, Role.CONSUMER)
    sessionmaker = app.state.services.sessionmaker
    async with sessionmaker() as session, session.begin():
        await session.execute(update(User).where(User.id == user.id).values(shot_budget=10_000))
    # 5,000 shots: 50%, no warning
    await submit(client, user, shots=5_000)
    assert (await _gql(client, user, NOTIFICATIONS))["notifications"]["edges"] == []
    # 3,500 more: 85%, a warning; 1,000 more: 95%, still the one warning (no second crossing)
    await submit(client, user, shots=3_500)
    await submit(client, user, shots=1_000)
    page = (await _gql(client, user, NOTIFICATIONS))["notifications"]
    assert [(e["node"]["kind"], e["node"]["count"]) for e in page["edges"]] == [
        ("SHOT_BUDGET_WARNING", 1)
    ]
    assert page["edges"][0]["node"]["title"] == "You have used 85% of your shot budget"


# --- reading and marking ----------------------------------------------------------------------


async def _notified(app: Any, user_id: uuid.UUID, n: int) -> None:
    for index in range(n):  # one transaction each: each its own time
        async with app.state.services.sessionmaker() as session, session.begin():
            await notify(
                session,
                user_id=user_id,
                kind=NotificationKind.BILL_ISSUED,
                title=f"Bill {index}",
                body="Your bill is ready.",
            )


async def test_mark_read_mark_all_read_and_only_your_own(app, client):
    user = await make_user(app, Role.CONSUMER)
    stranger = await make_user(app, Role.CONSUMER)
    await _notified(app, user.id, 3)
    page = (await _gql(client, user, NOTIFICATIONS))["notifications"]
    assert page["totalCount"] == 3 and page["unreadCount"] == 3
    first = page["edges"][0]["node"]
    assert first["read"] is False and first["readAt"] is None and first["count"] == 1
    # a stranger cannot read or mark it, nor can an admin read it
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    assert (await _gql(client, admin, NODE, {"id": first["id"]}))["node"] is None
    assert (await _gql(client, stranger, NODE, {"id": first["id"]}))["node"] is None
    refused = await _gql(client, stranger, MARK, {"id": first["id"]})
    assert refused["markNotificationRead"]["code"] == "NOT_FOUND"
    assert (await _gql(client, stranger, NOTIFICATIONS))["notifications"]["totalCount"] == 0
    for bad in ("x" * 10_000, "not-an-id", "UXVhbnR1bUFwcDox"):
        refused = await _gql(client, user, MARK, {"id": bad})
        assert refused["markNotificationRead"]["code"] == "NOT_FOUND"
    body = await support.post(client, MARK, {"id": "a\x00b"}, user.headers)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body
    # the owner marks one read (twice: the same answer)
    for _ in range(2):
        marked = (await _gql(client, user, MARK, {"id": first["id"]}))["markNotificationRead"]
        assert marked["notification"]["read"] is True and marked["notification"]["readAt"]
    assert (await _gql(client, user, NODE, {"id": first["id"]}))["node"]["id"] == first["id"]
    page = (await _gql(client, user, NOTIFICATIONS, {"unreadOnly": True}))["notifications"]
    assert page["totalCount"] == 2 and page["unreadCount"] == 2
    assert first["id"] not in [e["node"]["id"] for e in page["edges"]]
    # then all
    assert (await _gql(client, user, MARK_ALL))["markAllNotificationsRead"]["marked"] == 2
    assert (await _gql(client, user, MARK_ALL))["markAllNotificationsRead"]["marked"] == 0
    page = (await _gql(client, user, NOTIFICATIONS))["notifications"]
    assert page["unreadCount"] == 0 and page["totalCount"] == 3
    assert all(e["node"]["read"] for e in page["edges"])


async def test_pages_go_newest_first_and_cost_the_same_statements_whatever_their_size(
    app, client, sql_statements
):
    user = await make_user(app, Role.CONSUMER)
    await _notified(app, user.id, 30)
    counts = []
    seen: list[str] = []
    after = None
    for size in (5, 25):
        sql_statements.statements.clear()
        page = (await _gql(client, user, NOTIFICATIONS, {"first": size, "after": after}))[
            "notifications"
        ]
        counts.append(sql_statements.count)
        seen += [e["node"]["title"] for e in page["edges"]]
        after = page["pageInfo"]["endCursor"]
    # the page, its totalCount and its unreadCount: three statements for 5 rows or 25
    assert counts == [3, 3], counts
    assert seen == [f"Bill {i}" for i in reversed(range(30))]
    # a cursor of the unread list is refused by the full list
    unread = await _gql(client, user, NOTIFICATIONS, {"unreadOnly": True, "first": 1})
    cursor = unread["notifications"]["pageInfo"]["endCursor"]
    body = await support.post(client, NOTIFICATIONS, {"after": cursor}, user.headers)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR", body


async def test_notify_coalesces_by_key_while_unread(app):
    sessionmaker = app.state.services.sessionmaker
    user = await create_user(sessionmaker, "unused-secret-0123456789abcdef0123456789")
    async with sessionmaker() as session, session.begin():
        for index in range(3):
            await notify(
                session,
                user_id=user.id,
                kind=NotificationKind.NEW_REVIEW,
                title=f"Review {index}",
                body="b",
                coalesce_key="review:x",
            )
    async with sessionmaker() as session:
        rows = list(
            await session.scalars(select(Notification).where(Notification.user_id == user.id))
        )
    assert [(r.title, r.count) for r in rows] == [("Review 2", 3)]


async def test_new_version_reaches_live_plan_subscribers_in_one_statement(app, client):
    from datetime import UTC, datetime, timedelta

    from domain.billing.models import PlanSubscription

    sessionmaker = app.state.services.sessionmaker
    developer = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    found = await support.release(client, developer.headers, "sold-app")
    await support.published(client, developer.headers, found["id"], "1.0.0")
    listing = await support.listed(client, developer.headers, found["id"])
    subscribers = [await make_user(app, Role.CONSUMER) for _ in range(3)]
    statuses = ["ACTIVE", "TRIALING", "EXPIRED"]
    now = datetime.now(UTC)
    async with sessionmaker() as session, session.begin():
        for user, status in zip(subscribers, statuses, strict=True):
            session.add(
                PlanSubscription(
                    user_id=user.id,
                    listing_id=uuid.UUID(relay_id(listing["id"])),
                    app_id=uuid.UUID(relay_id(found["id"])),
                    status=status,
                    pricing_model="FLAT",
                    currency="USD",
                    current_period_start=now,
                    current_period_end=now + timedelta(days=30),
                )
            )
    # when the developer publishes 1.1.0
    await support.published(client, developer.headers, found["id"], "1.1.0")
    # then the ACTIVE and TRIALING subscribers are told, the EXPIRED one and the owner not
    told = []
    for user in [*subscribers, developer]:
        page = (await _gql(client, user, NOTIFICATIONS))["notifications"]
        told.append([e["node"]["kind"] for e in page["edges"]])
    assert told == [["NEW_VERSION"], ["NEW_VERSION"], [], []]


def relay_id(global_id: str) -> str:
    return base64.b64decode(global_id).decode().split(":", 1)[1]


async def test_a_job_the_reconciler_fails_is_told_too(
    harness: Harness, no_grace: None, monkeypatch
):
    from domain.jobs import execution, reconciler

    monkeypatch.setattr(reconciler, "MAX_ATTEMPTS", 1)
    job_id = await harness.add_job(enqueued=False)
    assert await execution.claim(harness.sessionmaker, job_id, worker="gone:1:abc")
    # when the reconciler fails it (its worker was lost once too often)
    assert (await _reconcile(harness))["failed"] == 1
    # then its owner has a JOB_FINISHED notification for it
    async with harness.sessionmaker() as session:
        [found] = await session.scalars(
            select(Notification).where(Notification.user_id == harness.owner)
        )
    assert found.kind == NotificationKind.JOB_FINISHED
    assert found.body == "1 job finished: 0 completed, 1 failed"
    assert base64.b64decode(found.link or "").decode() == f"Job:{job_id}"
