"""Searching the marketplace and the registry: full-text ranking by weight (name > summary >
description), typo tolerance, filters, orders, keyset pages, hostile queries, and a page of 50
listings with their app, latest version and rating in a constant number of statements."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import update

from domain.apps.models import QuantumApp
from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration import apps_support as support
from tests.integration.search_support import add_apps

SEARCH = """
query Search($query: String, $filter: AppSearchFilter, $order: SearchOrder, $first: Int,
             $after: String) {
  %s(query: $query, filter: $filter, orderBy: $order, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { app { slug name rating ratingCount latestVersion { version } } } }
  }
}
"""


async def _search(client, where="marketplace", headers=None, **variables):
    body = await support.post(client, SEARCH % where, variables, headers)
    assert "errors" not in body, body
    found = body["data"][where]
    return [e["node"]["app"]["slug"] for e in found["edges"]], found


@pytest.fixture
async def owner(app):
    return await make_user(app, Role.CONSUMER, Role.DEVELOPER)


@pytest.mark.parametrize("where", ["marketplace", "registry"])
async def test_the_name_outranks_the_summary_which_outranks_the_description(
    app, client, owner, where
):
    # given the word in one app's name, another's summary and a third's description
    slugs = await add_apps(
        app,
        owner.id,
        [
            {"name": "Beta", "description": "Finds the ground state of a Hamiltonian."},
            {"name": "Hamiltonian Solver"},
            {"name": "Alpha", "summary": "Builds a Hamiltonian."},
            {"name": "Unrelated", "summary": "Sorts things."},
        ],
    )
    # when searching for it
    found, page = await _search(client, where, query="hamiltonian")
    # then the name's app comes first, then the summary's, then the description's
    assert found == [slugs[1], slugs[2], slugs[0]]
    assert page["totalCount"] == 3
    assert page["edges"][0]["node"]["app"]["latestVersion"]["version"] == "1.0.0"


@pytest.mark.parametrize("where", ["marketplace", "registry"])
async def test_a_misspelt_name_still_finds_the_app(app, client, owner, where):
    slugs = await add_apps(
        app,
        owner.id,
        [{"name": "Hamiltonian Solver"}, {"name": "Portfolio Optimizer"}],
    )
    # when the words are misspelt, the closest words of apps' names are searched instead
    for query in ("hamiltonain", "Hamiltonain solvr", "portfolo optimiser"):
        found, page = await _search(client, where, query=query)
        expected = slugs[1] if query.startswith("portfolo") else slugs[0]
        assert found == [expected], query
        assert page["totalCount"] == 1
    # and nothing close finds nothing
    found, page = await _search(client, where, query="zzyzx")
    assert found == [] and page["totalCount"] == 0


async def test_filters_narrow_the_listings(app, client, owner):
    slugs = await add_apps(
        app,
        owner.id,
        [
            {"name": "Free Chem", "category": "CHEMISTRY", "price": Decimal(0), "tags": ["vqe"]},
            {
                "name": "Paid Chem",
                "category": "CHEMISTRY",
                "price": Decimal("30"),
                "tags": ["vqe", "h2"],
                "rating": Decimal("4.5"),
            },
            {"name": "Finance", "category": "FINANCE", "price": Decimal("5"), "rating": 3},
            {"name": "Euro", "category": "FINANCE", "price": Decimal("5"), "currency": "EUR"},
        ],
    )

    async def found(**given):
        result, _ = await _search(client, filter=given, order="NEWEST")
        return set(result)

    assert await found(category="CHEMISTRY") == {slugs[0], slugs[1]}
    assert await found(tags=["vqe"]) == {slugs[0], slugs[1]}
    assert await found(tags=["vqe", "h2"]) == {slugs[1]}
    assert await found(free=True) == {slugs[0]}
    assert await found(free=False) == {slugs[1], slugs[2], slugs[3]}
    assert await found(maxPrice={"amount": "10", "currency": "USD"}) == {slugs[0], slugs[2]}
    assert await found(maxPrice={"amount": "10", "currency": "EUR"}) == {slugs[3]}
    assert await found(minRating="4") == {slugs[1]}
    assert await found(minRating="3", category="FINANCE") == {slugs[2]}
    # and the registry is all free
    registry, _ = await _search(client, "registry", filter={"free": False})
    assert registry == []


async def test_orders_and_keyset_pages(app, client, owner):
    slugs = await add_apps(
        app,
        owner.id,
        [
            {"name": f"Qubit tool {i}", "rating": Decimal(i), "downloads": 10 - i, "age": i}
            for i in range(1, 6)
        ],
    )
    rating, _ = await _search(client, order="RATING")
    assert rating == list(reversed(slugs))
    downloads, _ = await _search(client, order="DOWNLOADS")
    assert downloads == slugs
    newest, _ = await _search(client, order="NEWEST")
    assert newest == slugs
    # when paging two at a time by relevance, every app comes once
    seen, after = [], None
    while True:
        page, found = await _search(client, query="qubit", first=2, after=after)
        seen += page
        assert found["totalCount"] == 5
        if not found["pageInfo"]["hasNextPage"]:
            break
        after = found["pageInfo"]["endCursor"]
    assert sorted(seen) == sorted(slugs) and len(seen) == 5


async def test_archived_and_unlisted_apps_are_hidden(app, client, owner):
    slugs = await add_apps(app, owner.id, [{"name": "Shown"}, {"name": "Archived"}])
    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(
            update(QuantumApp)
            .where(QuantumApp.slug == slugs[1])
            .values(archived_at=datetime.now(UTC))
        )
    for where in ("marketplace", "registry"):
        found, _ = await _search(client, where)
        assert found == [slugs[0]]


async def test_hostile_searches_get_clear_errors_or_nothing(app, client, owner):
    await add_apps(app, owner.id, [{"name": "Hamiltonian Solver"}])
    for query in ('"unclosed', "-", "or or or", "ünïcödé ∑", "a & | ! ( ) : * <->", "'; DROP"):
        found, _ = await _search(client, query=query)
        assert isinstance(found, list)
    for variables, field in (
        ({"query": "x" * 201}, "query"),
        ({"filter": {"minRating": "6"}}, "minRating"),
        ({"filter": {"tags": [f"t{i}" for i in range(11)]}}, "tags"),
        ({"filter": {"maxPrice": {"amount": "-1", "currency": "USD"}}}, "maxPrice"),
        ({"first": 101}, "first"),
        ({"after": "garbage"}, "after"),
    ):
        body = await support.post(client, SEARCH % "marketplace", variables, None)
        assert body["errors"][0]["extensions"]["code"] in {
            "INVALID_INPUT",
            "PAGE_SIZE_EXCEEDED",
            "INVALID_CURSOR",
        }, (variables, body)
        assert body["data"] is None or body["data"].get("marketplace") is None, field


@pytest.mark.parametrize("where", ["marketplace", "registry"])
@pytest.mark.parametrize("size", [10, 50])
async def test_a_page_of_listings_with_app_latest_version_and_rating_is_constant(
    app, client, owner, sql_statements, size, where
):
    await add_apps(app, owner.id, [{"name": f"Grover search {i}"} for i in range(size)])
    sql_statements.statements.clear()
    # when a page of them is read with each app, its latest version and rating
    found, page = await _search(client, where, first=50)
    assert len(found) == size and page["totalCount"] == size
    # then it costs the page, its count and the latest versions: three statements at any size
    assert sql_statements.count == 3, sql_statements.statements
    sql_statements.statements.clear()
    # and a search by words costs the same
    found, _ = await _search(client, where, query="grover", first=50)
    assert len(found) == size
    assert sql_statements.count == 3, sql_statements.statements
