"""Marketplace listings over HTTP: prices as decimals in known currencies, pricing models,
trials and support contacts validated with clear errors; drafts, updates, delisting and who
may do what. A refused change writes nothing."""

from __future__ import annotations

from domain.apps.models import MarketplaceListing
from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration import apps_support as support

UPDATE = """
mutation Update($id: ID!, $input: UpdateMarketplaceListingInput!) {
  updateMarketplaceListing(id: $id, input: $input) {
    __typename
    ... on MarketplaceListingChanged { listing { status pricingModel flatPrice { amount }
      perRunPrice { amount currency } capPerPeriod { amount } period trialDays } }
    ... on Error { code message }
    ... on InvalidInputError { field }
  }
}
"""
DELIST = """
mutation Delist($id: ID!) {
  delistMarketplaceListing(id: $id) {
    __typename ... on MarketplaceListingChanged { listing { status delistedAt } }
    ... on Error { code }
  }
}
"""
NODE = "query Node($id: ID!) { node(id: $id) { ... on MarketplaceListing { id status } } }"
APP_LISTING = "query A($slug: String!) { app(slug: $slug) { marketplaceListing { status } } }"


async def _developer_app(app, client, slug: str, *, publish: bool = True):
    developer = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    found = await support.release(client, developer.headers, slug)
    if publish:
        await support.published(client, developer.headers, found["id"], "1.0.0")
    return developer, found


async def test_a_developer_lists_an_app_with_a_monthly_price(app, client):
    # given a developer's app with a published version
    developer, found = await _developer_app(app, client, "priced-app")
    # when they list it for 19.99 USD a month with a 14-day trial
    listing = await support.listed(client, developer.headers, found["id"])
    # then it is LISTED with exactly those terms, as decimals
    assert listing["status"] == "LISTED" and listing["pricingModel"] == "FLAT"
    assert listing["flatPrice"] == {"amount": "19.99", "currency": "USD"}
    assert listing["period"] == "MONTH" and listing["perRunPrice"] is None
    assert listing["trialDays"] == 14 and listing["free"] is False
    assert listing["app"]["slug"] == "priced-app"
    # and anyone reads it through the app
    body = await support.post(client, APP_LISTING, {"slug": "priced-app"}, None)
    assert body["data"]["app"]["marketplaceListing"]["status"] == "LISTED"


async def test_bad_terms_are_refused_with_the_field_and_nothing_is_written(app, client):
    developer, found = await _developer_app(app, client, "refused-terms")
    usd = "USD"
    cases = [
        ({"flatPrice": {"amount": "-1", "currency": usd}}, "flatPrice"),
        ({"flatPrice": {"amount": "1.999", "currency": usd}}, "flatPrice"),
        ({"flatPrice": {"amount": "10.5", "currency": "JPY"}}, "flatPrice"),
        ({"flatPrice": {"amount": "1", "currency": "XXX"}}, "flatPrice"),
        ({"flatPrice": {"amount": "1" + "0" * 40, "currency": usd}}, "flatPrice"),
        ({"period": None}, "period"),
        ({"perRunPrice": {"amount": "0.10", "currency": usd}}, "perRunPrice"),
        ({"capPerPeriod": {"amount": "100", "currency": usd}}, "cap"),
        (
            {
                "pricingModel": "FLAT_AND_PER_RUN",
                "perRunPrice": {"amount": "0.10", "currency": "EUR"},
            },
            "currency",
        ),
        (
            {
                "pricingModel": "PER_RUN",
                "flatPrice": None,
                "period": None,
                "perRunPrice": {"amount": "5", "currency": usd},
                "capPerPeriod": {"amount": "1", "currency": usd},
            },
            "cap",
        ),
        ({"trialDays": 91}, "trialDays"),
        ({"trialDays": -1}, "trialDays"),
        ({"supportEmail": "not-an-email"}, "supportEmail"),
        ({"supportEmail": "x" * 300 + "@example.org"}, "supportEmail"),
        ({"supportUrl": "javascript:alert(1)"}, "supportUrl"),
        ({"supportUrl": "https://example.org/" + "a" * 3000}, "supportUrl"),
    ]
    for terms, field in cases:
        body = await support.post(
            client,
            support.PUBLISH_TO_MARKETPLACE,
            {"appId": found["id"], "input": {**support.LISTING_TERMS, **terms}},
            developer.headers,
        )
        assert "errors" not in body, (terms, body)
        result = body["data"]["publishToMarketplace"]
        assert result["__typename"] == "InvalidInputError", (terms, result)
        assert result["field"] == field, (terms, result)
        assert result["message"]
    # NUL bytes and a list where a decimal belongs are refused before any resolver runs
    for terms in (
        {"supportEmail": "a@b.org\u0000"},
        {"flatPrice": {"amount": "1", "currency": "USD\u0000"}},
        {"flatPrice": {"amount": [1], "currency": usd}},
    ):
        body = await support.post(
            client,
            support.PUBLISH_TO_MARKETPLACE,
            {"appId": found["id"], "input": {**support.LISTING_TERMS, **terms}},
            developer.headers,
        )
        assert body["errors"][0]["message"], terms
    assert await support.count_rows(app, MarketplaceListing) == 0


async def test_an_app_is_listed_once_public_published_and_unarchived(app, client):
    # given an app without a published version
    developer, found = await _developer_app(app, client, "not-yet-listable", publish=False)
    variables = {"appId": found["id"], "input": support.LISTING_TERMS}
    body = await support.post(client, support.PUBLISH_TO_MARKETPLACE, variables, developer.headers)
    assert body["data"]["publishToMarketplace"]["field"] == "appId"
    # when it is kept a draft, it is made, and others read it as null
    draft_input = {**support.LISTING_TERMS, "draft": True}
    draft = await support.listed(client, developer.headers, found["id"], draft=True)
    assert draft["status"] == "DRAFT" and draft_input["draft"]
    other = await make_user(app, Role.CONSUMER)
    body = await support.post(client, NODE, {"id": draft["id"]}, other.headers)
    assert body["data"]["node"] is None
    body = await support.post(client, NODE, {"id": draft["id"]}, developer.headers)
    assert body["data"]["node"]["status"] == "DRAFT"
    # and a second listing of the same app is refused
    body = await support.post(client, support.PUBLISH_TO_MARKETPLACE, variables, developer.headers)
    assert body["data"]["publishToMarketplace"]["code"] == "ALREADY_EXISTS"
    # and listing the draft waits for a published version
    body = await support.post(
        client, UPDATE, {"id": draft["id"], "input": {"listed": True}}, developer.headers
    )
    assert body["data"]["updateMarketplaceListing"]["field"] == "appId"
    await support.published(client, developer.headers, found["id"], "1.0.0")
    body = await support.post(
        client, UPDATE, {"id": draft["id"], "input": {"listed": True}}, developer.headers
    )
    assert body["data"]["updateMarketplaceListing"]["listing"]["status"] == "LISTED"
    assert await support.count_rows(app, MarketplaceListing) == 1


async def test_the_owner_changes_the_terms_and_an_admin_delists(app, client):
    developer, found = await _developer_app(app, client, "changing-terms")
    listing = await support.listed(client, developer.headers, found["id"])
    # a price in another currency must come with every price the listing keeps
    mixed = {
        "pricingModel": "FLAT_AND_PER_RUN",
        "perRunPrice": {"amount": "1", "currency": "EUR"},
    }
    body = await support.post(
        client, UPDATE, {"id": listing["id"], "input": mixed}, developer.headers
    )
    assert body["data"]["updateMarketplaceListing"]["field"] == "currency", body
    # when the owner moves to a price per run with a cap
    change = {
        "pricingModel": "PER_RUN",
        "perRunPrice": {"amount": "0.25", "currency": "USD"},
        "capPerPeriod": {"amount": "50", "currency": "USD"},
    }
    body = await support.post(
        client, UPDATE, {"id": listing["id"], "input": change}, developer.headers
    )
    changed = body["data"]["updateMarketplaceListing"]["listing"]
    # then the flat price and period are dropped, and the new prices kept exactly
    assert changed["pricingModel"] == "PER_RUN" and changed["flatPrice"] is None
    assert changed["period"] is None and changed["perRunPrice"]["amount"] == "0.25"
    assert changed["capPerPeriod"]["amount"] == "50"
    # when another developer tries to change or delist it, they are refused
    other = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    body = await support.post(
        client, UPDATE, {"id": listing["id"], "input": {"trialDays": 1}}, other.headers
    )
    assert body["data"]["updateMarketplaceListing"]["code"] == "FORBIDDEN"
    body = await support.post(client, DELIST, {"id": listing["id"]}, other.headers)
    assert body["data"]["delistMarketplaceListing"]["code"] == "FORBIDDEN"
    # and an admin moderating delists it
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    body = await support.post(client, DELIST, {"id": listing["id"]}, admin.headers)
    assert body["data"]["delistMarketplaceListing"]["listing"]["status"] == "DELISTED"
    # and the owner may relist it
    body = await support.post(
        client, UPDATE, {"id": listing["id"], "input": {"listed": True}}, developer.headers
    )
    assert body["data"]["updateMarketplaceListing"]["listing"]["status"] == "LISTED"
