"""Reads of the money area: mySubscriptions and myUsage cost a constant number of statements
whatever the number of subscriptions and keys; revenue is the app owner's, with the platform
fee taken once, and AppMetrics carries it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import insert, select
from strawberry import relay

from domain.apps.models import MarketplaceListing
from domain.billing.accounts import SubscriptionKey
from domain.billing.models import PlanSubscription, SubscriptionCharge, UsageRecord
from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration import billing_support as support

MY_SUBSCRIPTIONS = """
{ mySubscriptions(first: 50) { edges { node { id status currentPeriodEnd capRemaining
  app { slug } keys { id name preview runs } } } } }
"""
MY_USAGE = "{ myUsage { shotsUsed spending { spent reserved limit remaining } } }"
REVENUE = """
query R($id: ID!, $period: String) { revenue(appId: $id, period: $period) {
  __typename ... on AppRevenue { gross platformFee net runs subscribers currency }
  ... on Error { code message } } }
"""
METRICS = """
query M($slug: String!) { app(slug: $slug) { metrics { runs revenue { gross net } } } }
"""


async def _listing(app, client, slug):
    developer, app_id, listing_id, _ = await support.marketplace_app(
        app, client, slug, **support.PER_RUN_TERMS
    )
    async with app.state.services.sessionmaker() as session:
        listing_uuid = uuid.UUID(relay.GlobalID.from_id(listing_id).node_id)
        listing = await session.get(MarketplaceListing, listing_uuid)
    assert listing is not None
    return developer, app_id, listing


async def _subscriptions(app, listing, user_id, n: int) -> None:
    """`n` expired subscriptions and one live one, each with two keys, written directly."""
    now = datetime.now(UTC)
    rows, keys = [], []
    for i in range(n + 1):
        sid = uuid.uuid4()
        rows.append(
            {
                "id": sid,
                "user_id": user_id,
                "listing_id": listing.id,
                "app_id": listing.app_id,
                "status": "ACTIVE" if i == n else "EXPIRED",
                "pricing_model": "FLAT_AND_PER_RUN",
                "currency": "USD",
                "flat_price": Decimal("10.00"),
                "per_run_price": Decimal("2.50"),
                "cap_per_period": Decimal("5.00"),
                "period": "MONTH",
                "current_period_start": now - timedelta(days=1),
                "current_period_end": now + timedelta(days=29),
            }
        )
        for k in range(2):
            keys.append(
                {
                    "id": uuid.uuid4(),
                    "subscription_id": sid,
                    "user_id": user_id,
                    "app_id": listing.app_id,
                    "name": f"key {k}",
                    "secret_hash": uuid.uuid4().hex + uuid.uuid4().hex,
                    "last4": "abcd",
                }
            )
    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(insert(PlanSubscription), rows)
        await session.execute(insert(SubscriptionKey), keys)


@pytest.mark.parametrize("n", [2, 20])
async def test_a_page_of_my_subscriptions_costs_three_statements(app, client, sql_statements, n):
    _, _, listing = await _listing(app, client, f"reads-{n}-{uuid.uuid4().hex[:6]}")
    buyer = await make_user(app, Role.CONSUMER)
    await _subscriptions(app, listing, buyer.id, n)
    sql_statements.statements.clear()
    body = await support.post_raw(client, MY_SUBSCRIPTIONS, {}, buyer.headers)
    found = [edge["node"] for edge in body["data"]["mySubscriptions"]["edges"]]
    assert len(found) == n + 1 and all(len(s["keys"]) == 2 for s in found)
    assert found[0]["app"]["slug"].startswith("reads-")
    # the subscriptions, their keys (one batch), their apps (one batch)
    assert sql_statements.count == 3, sql_statements.statements


async def test_my_usage_costs_a_constant_number_of_statements(app, client, sql_statements):
    user = await make_user(app, Role.CONSUMER)
    await support.call(client, support.SET_LIMIT, {"amount": "10.00"}, user.headers)
    await support.post_raw(client, "{ myUsage { shotsUsed } }", {}, user.headers)  # warm
    sql_statements.statements.clear()
    body = await support.post_raw(client, MY_USAGE, {}, user.headers)
    assert body["data"]["myUsage"]["spending"]["limit"] == "10.00", body
    # the shot budget's user row (the window is in Redis), and the month with its limit
    assert sql_statements.count == 2, sql_statements.statements


async def test_revenue_is_the_owners_with_the_platform_fee(app, client):
    slug = f"earning-{uuid.uuid4().hex[:6]}"
    developer, app_id, listing = await _listing(app, client, slug)
    buyer = await make_user(app, Role.CONSUMER)
    await _subscriptions(app, listing, buyer.id, 0)
    async with app.state.services.sessionmaker() as session, session.begin():
        sid = await session.scalar(
            select(PlanSubscription.id).where(PlanSubscription.user_id == buyer.id)
        )
        now = datetime.now(UTC)
        await session.execute(
            insert(SubscriptionCharge).values(
                subscription_id=sid,
                user_id=buyer.id,
                app_id=listing.app_id,
                amount=Decimal("10.00"),
                currency="USD",
                period_start=now,
                period_end=now + timedelta(days=30),
            )
        )
        backend_id = await session.scalar(
            select(__import__("domain.backends.models", fromlist=["Backend"]).Backend.id).limit(1)
        )
        for _ in range(3):
            await session.execute(
                insert(UsageRecord).values(
                    user_id=buyer.id,
                    backend_id=backend_id,
                    app_id=listing.app_id,
                    subscription_id=sid,
                    shots=10,
                    backend_charge=Decimal("0.001"),
                    app_charge=Decimal("2.333333"),
                    currency="USD",
                )
            )
    found = await support.call(client, REVENUE, {"id": app_id}, developer.headers)
    # gross 10.00 + 3 x 2.333333 = 16.999999 -> 17.00; the fee 20% = 3.40; net 13.60
    assert found["__typename"] == "AppRevenue", found
    assert (found["gross"], found["platformFee"], found["net"]) == ("17.00", "3.40", "13.60")
    assert found["runs"] == 3 and found["subscribers"] == 1 and found["currency"] == "USD"
    # another user (even the buyer) reads NotFound; a bad period is a typed error
    assert (await support.call(client, REVENUE, {"id": app_id}, buyer.headers))["code"] == (
        "NOT_FOUND"
    )
    for period in ("2026-13", "9999-12", "1969-12"):  # 9999-12 would end in year 10000
        bad = await support.call(
            client, REVENUE, {"id": app_id, "period": period}, developer.headers
        )
        assert bad["code"] == "INVALID_INPUT", (period, bad)
    empty = await support.call(
        client, REVENUE, {"id": app_id, "period": "2020-01"}, developer.headers
    )
    assert (empty["gross"], empty["runs"]) == ("0.00", 0)
    # and the owner's metrics carry this month's revenue
    metrics = await support.call(client, METRICS, {"slug": slug}, developer.headers)
    assert metrics["metrics"]["revenue"] == {"gross": "17.00", "net": "13.60"}
