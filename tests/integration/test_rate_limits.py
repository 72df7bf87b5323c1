"""Rate limits: a token bucket per caller over HTTP (429), and a mutation bucket (typed error)."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from domain.errors import RateLimited
from domain.identity.principal import Role
from domain.limits import rate
from qraph.settings import get_settings
from tests.identity import make_user

PING = "query Ping { __typename }"
CREATE_KEY = """
mutation Create($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    __typename
    ... on CreateApiKeySuccess { secret }
    ... on RateLimitedError { code message retryAfter }
  }
}
"""
REFUSAL = re.compile(r"Rate limit exceeded: (\d+) (\w+) per minute\. Retry after (\d+) s\.")


@contextlib.asynccontextmanager
async def limited_app(monkeypatch: pytest.MonkeyPatch, **env: int) -> AsyncIterator[Any]:
    """The real app, built with some limits changed through the environment."""
    from qraph.app import create_app

    for name, value in env.items():
        monkeypatch.setenv(name, str(value))
    get_settings.cache_clear()
    app = create_app(get_settings())
    async with app.router.lifespan_context(app):
        yield app


def client_of(app: Any, ip: str = "127.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


async def ping(http: httpx.AsyncClient, headers: dict[str, str] | None = None) -> httpx.Response:
    return await http.post("/graphql", json={"query": PING}, headers=headers or {})


async def test_past_the_limit_requests_get_429_with_retry_after(monkeypatch, settings):
    async with (
        limited_app(monkeypatch, QRAPH_RATE_LIMIT_ANONYMOUS=3) as app,
        client_of(app) as http,
    ):
        # given an anonymous caller allowed 3 requests a minute, who made them
        allowed = [await ping(http) for _ in range(3)]
        # when it makes a fourth
        refused = await ping(http)
    # then the first three carried the budget, and the fourth is refused with a retry time
    assert [r.status_code for r in allowed] == [200, 200, 200]
    assert [r.headers["X-RateLimit-Remaining"] for r in allowed] == ["2", "1", "0"]
    assert {r.headers["X-RateLimit-Limit"] for r in allowed} == {"3"}
    assert refused.status_code == 429
    retry_after = int(refused.headers["Retry-After"])
    assert retry_after > 0
    body = refused.json()
    assert "data" not in body
    error = body["errors"][0]
    assert error["extensions"] == {"code": "RATE_LIMITED", "retryAfter": retry_after}
    assert REFUSAL.fullmatch(error["message"]).groups() == ("3", "requests", str(retry_after))


async def test_a_drained_bucket_refills_at_limit_per_60_seconds(monkeypatch, settings):
    # given 120 requests a minute: one token every half second
    async with (
        limited_app(monkeypatch, QRAPH_RATE_LIMIT_ANONYMOUS=120) as app,
        client_of(app) as http,
    ):
        for _ in range(1000):  # well past 120, however slowly this machine sends them
            refused = await ping(http)
            if refused.status_code == 429:
                break
        # when the bucket ran dry and the caller waits as long as Retry-After says
        assert refused.status_code == 429
        await asyncio.sleep(int(refused.headers["Retry-After"]))
        again = await ping(http)
    # then the request is served again
    assert again.status_code == 200


async def test_the_anonymous_limit_is_per_client_address(monkeypatch, settings):
    async with (
        limited_app(monkeypatch, QRAPH_RATE_LIMIT_ANONYMOUS=2) as app,
        client_of(app, "1.2.3.4") as first,
        client_of(app, "5.6.7.8") as second,
    ):
        drained = [(await ping(first)).status_code for _ in range(3)]
        other = await ping(second)
    assert drained == [200, 200, 429]
    assert other.status_code == 200


async def test_signed_in_callers_have_their_roles_limit_and_their_own_bucket(monkeypatch, settings):
    limits = {
        "QRAPH_RATE_LIMIT_ANONYMOUS": 1,
        "QRAPH_RATE_LIMIT_CONSUMER": 2,
        "QRAPH_RATE_LIMIT_DEVELOPER": 4,
    }
    async with limited_app(monkeypatch, **limits) as app, client_of(app) as http:
        consumer = await make_user(app, Role.CONSUMER)
        both = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
        assert (await ping(http)).status_code == 200  # the anonymous bucket is now empty
        consumer_codes = [(await ping(http, consumer.headers)).status_code for _ in range(3)]
        both_codes = [(await ping(http, both.headers)).status_code for _ in range(5)]
    assert consumer_codes == [200, 200, 429]
    # the highest of a user's roles counts
    assert both_codes == [200, 200, 200, 200, 429]


async def test_an_api_key_has_its_own_bucket_and_never_exceeds_its_owners_limit(
    monkeypatch, settings
):
    limits = {"QRAPH_RATE_LIMIT_CONSUMER": 3, "QRAPH_MUTATION_RATE_LIMIT": 10}
    async with limited_app(monkeypatch, **limits) as app, client_of(app) as http:
        owner = await make_user(app)
        # a key asking for more than the role's 3 a minute still gets 3
        created = await http.post(
            "/graphql",
            json={
                "query": CREATE_KEY,
                "variables": {"input": {"name": "k", "scopes": ["JOBS_READ"], "rateLimit": 100}},
            },
            headers=owner.headers,
        )
        as_key = {"X-API-Key": created.json()["data"]["createApiKey"]["secret"]}
        key_codes = [(await ping(http, as_key)).status_code for _ in range(4)]
        # the owner's session, having spent one request on creating the key, has two left
        session_codes = [(await ping(http, owner.headers)).status_code for _ in range(3)]
    assert key_codes == [200, 200, 200, 429]
    assert session_codes == [200, 200, 429]


async def test_an_api_keys_own_rate_limit_applies_to_it(monkeypatch, settings):
    async with limited_app(monkeypatch) as app, client_of(app) as http:
        owner = await make_user(app)
        created = await http.post(
            "/graphql",
            json={
                "query": CREATE_KEY,
                "variables": {"input": {"name": "k", "scopes": ["JOBS_READ"], "rateLimit": 2}},
            },
            headers=owner.headers,
        )
        as_key = {"Authorization": f"Bearer {created.json()['data']['createApiKey']['secret']}"}
        responses = [await ping(http, as_key) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert responses[0].headers["X-RateLimit-Limit"] == "2"
    message = responses[2].json()["errors"][0]["message"]
    assert message.startswith("Rate limit exceeded: 2 requests per minute.")


async def test_mutations_past_their_limit_return_a_rate_limited_error(monkeypatch, settings):
    async with limited_app(monkeypatch, QRAPH_MUTATION_RATE_LIMIT=2) as app, client_of(app) as http:
        user = await make_user(app)
        variables = {"input": {"name": "k", "scopes": ["JOBS_READ"]}}
        results = [
            (
                await http.post(
                    "/graphql",
                    json={"query": CREATE_KEY, "variables": variables},
                    headers=user.headers,
                )
            ).json()["data"]["createApiKey"]
            for _ in range(3)
        ]
    assert [r["__typename"] for r in results] == [
        "CreateApiKeySuccess",
        "CreateApiKeySuccess",
        "RateLimitedError",
    ]
    limited = results[2]
    assert limited["code"] == "RATE_LIMITED" and limited["retryAfter"] > 0
    assert REFUSAL.fullmatch(limited["message"]).group(2) == "mutations"


async def test_the_bucket_is_atomic_under_concurrent_callers(redis_url):
    redis = Redis.from_url(redis_url)
    try:
        bucket = rate.Bucket("qraph:rate:test:concurrent", limit=10)
        decisions = await asyncio.gather(*(rate.take(redis, bucket) for _ in range(40)))
    finally:
        await redis.aclose()
    assert sum(d.allowed for d in decisions) == 10
    assert sorted(d.remaining for d in decisions if d.allowed) == list(range(10))
    assert all(d.retry_after >= 1 for d in decisions if not d.allowed)


async def test_check_charges_a_cost_and_raises_when_it_does_not_fit(redis_url):
    redis = Redis.from_url(redis_url)
    try:
        jobs = rate.owned_bucket("jobs", "user-1", limit=5, unit="jobs")
        first = await rate.check(redis, jobs, cost=4)
        with pytest.raises(RateLimited) as refused:
            await rate.check(redis, jobs, cost=2)
        peek = await rate.take(redis, jobs, cost=0)
        with pytest.raises(ValueError, match="never fit"):
            await rate.take(redis, jobs, cost=6)
    finally:
        await redis.aclose()
    assert first.remaining == 1
    assert refused.value.retry_after >= 1
    assert refused.value.message.startswith("Rate limit exceeded: 5 jobs per minute.")
    assert peek.allowed and peek.remaining == 1


async def test_concurrent_requests_share_round_trips_and_keep_counts_exact(monkeypatch, settings):
    async with (
        limited_app(monkeypatch, QRAPH_RATE_LIMIT_ANONYMOUS=10) as app,
        client_of(app) as http,
    ):
        redis = app.state.services.redis
        db = redis.connection_pool.connection_kwargs.get("db", 0)
        calls = 0
        # given an anonymous caller allowed 10 requests a minute
        async with redis.monitor() as monitor:
            # when it sends 20 at once
            responses = await asyncio.gather(*(ping(http) for _ in range(20)))
            await redis.echo("qraph-test-end")
            while "qraph-test-end" not in (command := await monitor.next_command())["command"]:
                calls += command["db"] == db and command["command"].startswith("EVALSHA")
    # then exactly 10 are served, each with its own remaining count, and the rest get 429
    served = [r for r in responses if r.status_code == 200]
    assert len(served) == 10 and sum(r.status_code == 429 for r in responses) == 10
    assert sorted(int(r.headers["X-RateLimit-Remaining"]) for r in served) == list(range(10))
    # and the tokens were taken in fewer script calls than there were requests
    assert 1 <= calls < 20


async def test_the_batcher_hands_each_caller_its_own_decisions(redis_url):
    redis = Redis.from_url(redis_url)
    try:
        batcher = rate.batcher(redis)
        small = rate.Bucket("qraph:rate:test:batched-small", limit=3)
        large = rate.Bucket("qraph:rate:test:batched-large", limit=100)
        results = await asyncio.gather(
            *(batcher.take_each([(small, 1), (large, 2)]) for _ in range(5))
        )
    finally:
        await redis.aclose()
    assert [r[0].allowed for r in results].count(True) == 3
    assert sorted(r[0].remaining for r in results if r[0].allowed) == [0, 1, 2]
    assert sorted(r[1].remaining for r in results) == [90, 92, 94, 96, 98]
