"""Production hides internals: no introspection, no GraphiQL, no suggestions.

Internal errors are masked in every environment (tests/integration/test_hostile_requests.py).
"""

from __future__ import annotations

import httpx
import pytest

from qraph.app import create_app
from qraph.settings import get_settings

BACKENDS = "query Names { backends(first: 1) { edges { node { name } } } }"
INTROSPECTION = "query Probe { __schema { types { name } } }"
TYPO = "query Typo { backendz { totalCount } }"


async def _client_for(monkeypatch, **env):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    return create_app(get_settings())


async def _post(app, query):
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return await http.post(
                "/graphql", json={"query": query}, headers={"Accept": "application/json"}
            )


@pytest.mark.parametrize("environment", ["production", "development"])
async def test_an_unreachable_database_is_a_typed_503_in_every_environment(
    monkeypatch, settings, environment
):
    # given an app whose database cannot be reached (port 1 refuses connections)
    app = await _client_for(
        monkeypatch,
        QRAPH_ENV=environment,
        DATABASE_URL="postgresql://postgres@127.0.0.1:1/nowhere",
    )
    # when a query needs the database
    response = await _post(app, BACKENDS)
    # then every environment answers 503 with a code, never the driver's message
    error = response.json()["errors"][0]
    assert response.status_code == 503
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert "127.0.0.1" not in error["message"] and "Errno" not in error["message"]


async def test_expected_errors_are_not_masked_in_production(monkeypatch, settings):
    app = await _client_for(monkeypatch, QRAPH_ENV="production")
    body = (await _post(app, "{ backends(first: 500) { totalCount } }")).json()
    assert "maximum page size of 100" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"


async def test_introspection_and_field_suggestions_are_off_in_production(monkeypatch, settings):
    app = await _client_for(monkeypatch, QRAPH_ENV="production")
    introspection = (await _post(app, INTROSPECTION)).json()
    assert "introspection" in introspection["errors"][0]["message"].lower()
    typo = (await _post(app, TYPO)).json()
    assert "Did you mean" not in typo["errors"][0]["message"]


async def test_production_can_opt_back_into_introspection(monkeypatch, settings):
    app = await _client_for(monkeypatch, QRAPH_ENV="production", QRAPH_INTROSPECTION="true")
    body = (await _post(app, INTROSPECTION)).json()
    assert "errors" not in body and body["data"]["__schema"]["types"]
