"""The buyer flow over HTTP: trial, run the app, convert to paid, hit the cap, create and use a
subscription key, revoke it, cancel, and expire at the period's end; and the period cron, run
twice and after missed runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from domain.billing import periods
from domain.billing.models import PlanSubscription, SubscriptionCharge, UsageRecord
from domain.identity.principal import Role
from domain.jobs.models import Job
from domain.notifications.models import Notification
from tests.identity import make_user
from tests.integration import billing_support as support
from workers.billing import roll_subscription_periods

HEADER = "X-Qraph-Subscription-Key"


async def _count(app, model, *where) -> int:
    async with app.state.services.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)))


async def test_the_buyer_flow(app, client):  # noqa: PLR0915 - one story, told in order
    # given a listed app: 10.00 a month, 2.50 a run, at most 5.00 of runs a period, 7-day trial
    _, _, listing_id, version_id = await support.marketplace_app(
        app, client, "paid-bell", **support.PER_RUN_TERMS
    )
    buyer = await make_user(app, Role.CONSUMER)
    # a marketplace app does not run without a plan
    refused = await support.run(client, buyer.headers, version_id)
    assert refused["__typename"] == "NotEntitledError", refused
    # when the buyer starts a trial, once
    trial = await support.call(client, support.START_TRIAL, {"id": listing_id}, buyer.headers)
    assert trial["__typename"] == "SubscriptionSuccess" and trial["charged"] is False
    subscription = trial["subscription"]
    assert subscription["status"] == "TRIALING" and subscription["app"] == {"slug": "paid-bell"}
    again = await support.call(client, support.START_TRIAL, {"id": listing_id}, buyer.headers)
    assert again["code"] == "ALREADY_SUBSCRIBED", again
    # then the app runs, and its completed run is recorded once; trial runs are not charged
    ran = await support.run(client, buyer.headers, version_id)
    assert ran["__typename"] == "SubmitJobSuccess", ran
    await support.drain(app)
    async with app.state.services.sessionmaker() as session:
        record = await session.scalar(select(UsageRecord).where(UsageRecord.user_id == buyer.id))
        assert record is not None and record.app_charge == 0
        assert record.backend_charge == 0  # the local simulator is free
    [mine] = await support.call(client, support.MY_SUBSCRIPTIONS, {}, buyer.headers)
    assert Decimal(mine["usedInPeriod"]) == 0
    assert Decimal(mine["capRemaining"]) == Decimal("5.00")
    # when the buyer converts to paid: a new period starts and its 10.00 fee is charged
    paid = await support.call(client, support.SUBSCRIBE, {"id": listing_id}, buyer.headers)
    assert paid["charged"] is True and paid["subscription"]["status"] == "ACTIVE"
    assert paid["subscription"]["id"] == subscription["id"]
    assert Decimal(paid["subscription"]["capRemaining"]) == Decimal("5.00")
    assert await _count(app, SubscriptionCharge, SubscriptionCharge.user_id == buyer.id) == 1
    # and a subscription key lets a service account run this app, counted on the key
    made = await support.call(
        client,
        support.CREATE_KEY,
        {"input": {"subscriptionId": subscription["id"], "name": "ci", "rateLimit": 5}},
        buyer.headers,
    )
    assert made["__typename"] == "CreateSubscriptionKeySuccess", made
    secret = made["secret"]
    assert secret.startswith("qs_") and made["key"]["preview"].endswith(secret[-4:])
    service = await make_user(app, Role.CONSUMER)
    keyed = {**service.headers, HEADER: secret}
    assert (await support.run(client, service.headers, version_id))["code"] == "NOT_ENTITLED"
    with_key = await support.run(client, keyed, version_id)
    assert with_key["__typename"] == "SubmitJobSuccess", with_key
    # the buyer's own run fills the cap (2 x 2.50 reserved), and the next run is refused
    assert (await support.run(client, buyer.headers, version_id))["__typename"] == (
        "SubmitJobSuccess"
    )
    jobs_before = await _count(app, Job)
    capped = await support.run(client, buyer.headers, version_id)
    assert capped["__typename"] == "SubscriptionCapReachedError", capped
    assert Decimal(capped["cap"]) == Decimal("5.00") and Decimal(capped["used"]) == Decimal("5.00")
    assert await _count(app, Job) == jobs_before  # refused: nothing written
    await support.drain(app)
    [mine] = await support.call(client, support.MY_SUBSCRIPTIONS, {}, buyer.headers)
    assert Decimal(mine["usedInPeriod"]) == Decimal("5.00") and Decimal(mine["capRemaining"]) == 0
    assert mine["keys"][0]["runs"] == 1
    # when the key is revoked it runs nothing more, even with Redis flushed
    revoked = await support.call(
        client, support.REVOKE_KEY, {"id": made["key"]["id"]}, buyer.headers
    )
    assert revoked["key"]["revokedAt"] is not None
    await app.state.services.redis.flushdb()
    after = await support.run(client, keyed, version_id)
    assert after["__typename"] == "InvalidSubscriptionKeyError", after
    # when the buyer cancels, the subscription stays usable until its period's end
    cancelled = await support.call(
        client, support.CANCEL, {"id": subscription["id"]}, buyer.headers
    )
    assert cancelled["subscription"]["status"] == "CANCELLED"
    end = datetime.fromisoformat(cancelled["subscription"]["currentPeriodEnd"])
    # and the cron expires it at the period's end (twice is the same as once)
    ctx = {"sessionmaker": app.state.services.sessionmaker, "redis": app.state.services.redis}
    first = await roll_subscription_periods(ctx, now=end + timedelta(seconds=1))
    second = await roll_subscription_periods(ctx, now=end + timedelta(seconds=2))
    assert first["expired"] >= 1 and second["expired"] == 0
    [mine] = await support.call(client, support.MY_SUBSCRIPTIONS, {}, buyer.headers)
    assert mine["status"] == "EXPIRED"
    assert (await support.run(client, buyer.headers, version_id))["code"] == "NOT_ENTITLED"
    # one fee for the one paid period; three completed runs, three usage records
    assert await _count(app, SubscriptionCharge, SubscriptionCharge.user_id == buyer.id) == 1
    assert await _count(app, UsageRecord, UsageRecord.subscription_id.is_not(None)) >= 3


async def test_a_trial_converts_and_periods_roll_once_each_even_after_missed_runs(app, client):
    _, _, listing_id, _ = await support.marketplace_app(
        app, client, "rolling-plan", **support.PER_RUN_TERMS
    )
    buyer = await make_user(app, Role.CONSUMER)
    trial = await support.call(client, support.START_TRIAL, {"id": listing_id}, buyer.headers)
    ends = datetime.fromisoformat(trial["subscription"]["currentPeriodEnd"])
    sessionmaker = app.state.services.sessionmaker
    # two days before the end, the trial's end is announced once
    async with sessionmaker() as session:
        warned = await periods.rollover(session, now=ends - timedelta(days=2))
        assert warned.warned >= 1
        again = await periods.rollover(session, now=ends - timedelta(days=1))
    trial_notes = await _count(
        app, Notification, Notification.user_id == buyer.id, Notification.kind == "TRIAL_ENDING"
    )
    assert trial_notes == 1 and again.converted == 0
    # at the trial's end it converts to ACTIVE and the first fee is charged, once
    async with sessionmaker() as session:
        await periods.rollover(session, now=ends + timedelta(minutes=1))
        await periods.rollover(session, now=ends + timedelta(minutes=2))
    charges = SubscriptionCharge.user_id == buyer.id
    assert await _count(app, SubscriptionCharge, charges) == 1
    # after three missed months, one run charges each missed period once
    async with sessionmaker() as session:
        await periods.rollover(session, now=ends + timedelta(days=95))
        await periods.rollover(session, now=ends + timedelta(days=95))
        row = await session.scalar(
            select(PlanSubscription).where(PlanSubscription.user_id == buyer.id)
        )
        assert row is not None and row.status == "ACTIVE"
        assert row.current_period_end > ends + timedelta(days=95)
    assert await _count(app, SubscriptionCharge, charges) == 4
    renewed = await _count(
        app,
        Notification,
        Notification.user_id == buyer.id,
        Notification.kind == "SUBSCRIPTION_RENEWED",
    )
    assert renewed == 1  # coalesced per subscription while unread
    assert datetime.now(UTC) < ends  # the test moved time, not the clock
