"""Limits on depth, aliases and tokens, with the validation cache still hitting."""

from __future__ import annotations

import pytest

from qraph.settings import get_settings
from schema import build_schema
from schema.limits import cached_validate

CHEAP = "query Cheap { backends(first: 1) { edges { node { name } } } }"
DEEP = """
query Deep { backendStats { devices { backend { calibration { qubits(first: 1) {
  edges { node { qubit } } } } } } } }
"""


@pytest.fixture
def tight_settings(monkeypatch, settings):
    monkeypatch.setenv("QRAPH_MAX_QUERY_DEPTH", "5")
    monkeypatch.setenv("QRAPH_MAX_ALIASES", "3")
    monkeypatch.setenv("QRAPH_MAX_TOKENS", "60")
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
async def tight_client(tight_settings):
    import httpx

    from qraph.app import create_app

    app = create_app(tight_settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


async def _errors(client, query):
    response = await client.post("/graphql", json={"query": query})
    return response.json().get("errors") or []


async def test_a_query_deeper_than_the_limit_is_refused(tight_client):
    errors = await _errors(tight_client, DEEP)
    assert errors and "exceeds maximum operation depth of 5" in errors[0]["message"]
    assert errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_too_many_aliases_are_refused(tight_client):
    query = "{ " + " ".join(f"a{i}: backendStats {{ total }}" for i in range(4)) + " }"
    errors = await _errors(tight_client, query)
    assert errors and "aliases" in errors[0]["message"].lower()


async def test_too_many_tokens_are_refused(tight_client):
    query = "{ backendStats { " + " ".join(["total"] * 80) + " } }"
    errors = await _errors(tight_client, query)
    assert errors and "token" in errors[0]["message"].lower()


async def test_a_query_within_the_limits_runs(tight_client):
    assert await _errors(tight_client, CHEAP) == []


async def test_the_validation_cache_hits_with_the_limits_on(settings):
    # given the schema with depth and alias rules on, and the process-wide validation cache
    schema = build_schema(settings)
    cache = cached_validate
    query = "query CacheProbe { backendStats { total maxQubits } }"
    await schema.execute(query, context_value=None)
    before = cache.cache_info()
    # when the same document is executed again
    for _ in range(3):
        await schema.execute(query, context_value=None)
    after = cache.cache_info()
    # then validation came from the cache every time, and nothing new was added to it
    assert after.hits - before.hits == 3
    assert after.misses == before.misses
