"""Refused money mutations write nothing and answer with typed errors: wrong or foreign IDs,
NUL bytes, huge or out-of-range values, an unbuyable listing, another user's subscription."""

from __future__ import annotations

from sqlalchemy import func, select

from domain.billing.accounts import SubscriptionKey
from domain.billing.models import PlanSubscription
from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration import billing_support as support

INPUTS = {"inputs": support.INPUTS}
JOB_ID = "Sm9iOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA=="


async def _count(app, model) -> int:
    async with app.state.services.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model)))


async def test_refusals_are_typed_and_write_nothing(app, client):
    developer, _, listing_id, _ = await support.marketplace_app(
        app, client, "refusing-plan", **support.PER_RUN_TERMS
    )
    buyer = await make_user(app, Role.CONSUMER)
    other = await make_user(app, Role.CONSUMER)
    # the app's owner buys nothing of their own; an ID of another type names nothing
    own = await support.call(client, support.START_TRIAL, {"id": listing_id}, developer.headers)
    assert own["code"] == "LISTING_NOT_PURCHASABLE", own
    for bad in (JOB_ID, "not-an-id", "x" * 10_000):
        found = await support.call(client, support.SUBSCRIBE, {"id": bad}, buyer.headers)
        assert found["code"] == "NOT_FOUND", found
    assert await _count(app, PlanSubscription) == 0
    trial = await support.call(client, support.START_TRIAL, {"id": listing_id}, buyer.headers)
    subscription_id = trial["subscription"]["id"]
    # another user can neither cancel it nor make keys for it
    found = await support.call(client, support.CANCEL, {"id": subscription_id}, other.headers)
    assert found["code"] == "NOT_FOUND", found
    key = {"subscriptionId": subscription_id, "name": "mine"}
    found = await support.call(client, support.CREATE_KEY, {"input": key}, other.headers)
    assert found["code"] == "NOT_FOUND", found
    # hostile key inputs are typed refusals (a NUL byte is refused before any resolver runs)
    nul = {"input": {**key, "name": "a\u0000b"}}
    body = await support.post_raw(client, support.CREATE_KEY, nul, buyer.headers)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body
    for changes in (
        {"name": "x" * 101},
        {"name": "   "},
        {"rateLimit": 0},
        {"rateLimit": 10_001},
        {"expiresAt": "2000-01-01T00:00:00Z"},
        {"expiresAt": "2999-01-01T00:00:00Z"},
    ):
        found = await support.call(
            client, support.CREATE_KEY, {"input": {**key, **changes}}, buyer.headers
        )
        assert found["code"] == "INVALID_INPUT", (changes, found)
    assert await _count(app, SubscriptionKey) == 0
    # a key that is not ours or not a key at all runs nothing
    body = await support.post_raw(
        client,
        support.RUN,
        {
            "input": {
                "appSlug": "refusing-plan",
                "backend": "aer_simulator",
                "inputs": support.INPUTS,
            }
        },
        {**other.headers, "X-Qraph-Subscription-Key": "qs_" + "x" * 43},
    )
    assert body["data"]["runApp"]["code"] == "INVALID_SUBSCRIPTION_KEY", body
    # cancelling twice: the second is refused, the subscription stays CANCELLED
    first = await support.call(client, support.CANCEL, {"id": subscription_id}, buyer.headers)
    second = await support.call(client, support.CANCEL, {"id": subscription_id}, buyer.headers)
    assert first["subscription"]["status"] == "CANCELLED"
    assert second["code"] == "SUBSCRIPTION_NOT_CANCELLABLE", second
    # and a trial is once: cancelled or not, a second one is refused
    again = await support.call(client, support.START_TRIAL, {"id": listing_id}, buyer.headers)
    assert again["code"] in {"ALREADY_SUBSCRIBED", "TRIAL_ALREADY_USED"}, again
    assert await _count(app, PlanSubscription) == 1
