"""Query cost through the app: refused before execution, charged to an hourly budget, reported."""

from __future__ import annotations

import httpx
import pytest

from domain.identity.principal import Role
from qraph.settings import get_settings
from tests.identity import make_user
from tests.support import MODERN_ACCEPT, graphql

# 1 + 100 × (1 + (1 + (1 + 100 × 1))) = 10,301 with the default maximum of 1,000
TOO_COSTLY = """
query TooCostly($first: Int) { backends(first: $first) { edges { node { name calibration {
  qubits(first: 100) { edges { node { qubit } } } } } } } }
"""
TOO_COSTLY_COST = 10_301
CHEAP = "query Cheap { backends(first: 5) { edges { node { name } } } }"  # 1 + 5 × 1
CHEAP_COST = 6
JSON = "application/json"


@pytest.fixture
def tiny_budget(monkeypatch, settings):
    monkeypatch.setenv("QRAPH_COST_BUDGET_PER_HOUR", "15")
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
async def tiny_app(tiny_budget):
    from qraph.app import create_app

    app = create_app(tiny_budget)
    async with app.router.lifespan_context(app):
        yield app


def _client(app, ip: str = "127.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(ip, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://test", headers=MODERN_ACCEPT)


async def test_a_query_over_the_maximum_is_refused_before_anything_runs(client, sql_statements):
    # given a nested query whose page sizes multiply past the per-request maximum
    variables = {"first": 100}
    # when it is posted
    response = await client.post("/graphql", json={"query": TOO_COSTLY, "variables": variables})
    # then it is refused with its computed cost, as a request error, and no SQL ran
    body = response.json()
    assert response.status_code == 400
    assert "data" not in body
    [error] = body["errors"]
    assert error["message"] == (
        "Query cost 10,301 exceeds the maximum of 1,000 per request. "
        "Reduce `first` on nested connections."
    )
    assert error["extensions"] == {
        "code": "QUERY_TOO_COSTLY",
        "cost": TOO_COSTLY_COST,
        "maximum": 1000,
    }
    assert sql_statements.count == 0
    # and nothing was charged for it
    assert body["extensions"]["cost"] == {
        "requested": TOO_COSTLY_COST,
        "remaining": 50_000,
        "limit": 50_000,
    }


async def test_the_refusal_is_a_200_under_application_json(client):
    response = await client.post(
        "/graphql",
        json={"query": TOO_COSTLY, "variables": {"first": 100}},
        headers={"Accept": JSON},
    )
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


async def test_variables_count_so_a_small_first_passes(client):
    # 1 + 1 × (1 + 1 + 101) = 104
    body = await graphql(client, TOO_COSTLY, {"first": 1})
    assert "errors" not in body
    assert body["extensions"]["cost"]["requested"] == 104


async def test_a_cheap_query_runs_and_reports_its_cost_and_what_is_left(client):
    body = await graphql(client, CHEAP)
    assert "errors" not in body
    assert len(body["data"]["backends"]["edges"]) == 5
    assert body["extensions"]["cost"] == {
        "requested": CHEAP_COST,
        "remaining": 50_000 - CHEAP_COST,
        "limit": 50_000,
    }
    # and the next request sees the budget go down again
    again = await graphql(client, CHEAP)
    # (less what refilled meanwhile: 50,000 an hour is ~14 points a second on a slow machine)
    remaining = again["extensions"]["cost"]["remaining"]
    assert 50_000 - 2 * CHEAP_COST <= remaining <= 50_000 - CHEAP_COST


async def test_a_request_that_fails_validation_reports_a_cost_of_zero(client):
    body = await graphql(client, "{ backends { nope } }")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert body["extensions"]["cost"] == {"requested": 0, "remaining": 50_000, "limit": 50_000}


async def test_the_hourly_budget_runs_out_and_says_when_to_retry(tiny_app):
    async with _client(tiny_app) as http:
        # given a budget of 15 points, and 12 of them spent
        for remaining in (9, 3):
            body = await graphql(http, CHEAP)
            assert "errors" not in body
            assert body["extensions"]["cost"]["remaining"] == remaining
        # when a query costing more than what is left is sent
        response = await http.post("/graphql", json={"query": CHEAP})
    # then it is refused with the budget's code, how long to wait, and what is left
    assert response.status_code == 400
    body = response.json()
    [error] = body["errors"]
    extensions = error["extensions"]
    assert extensions["code"] == "COST_BUDGET_EXHAUSTED"
    assert (extensions["cost"], extensions["remaining"]) == (CHEAP_COST, 3)
    # 3 points refill in 3 × 3600 / 15 = 720 s
    assert 700 <= extensions["retryAfter"] <= 720
    assert response.headers["Retry-After"] == str(extensions["retryAfter"])
    assert "data" not in body
    assert body["extensions"]["cost"] == {"requested": CHEAP_COST, "remaining": 3, "limit": 15}


async def test_a_refused_request_does_not_execute(tiny_app):
    async with _client(tiny_app) as http:
        await graphql(http, CHEAP)
        await graphql(http, CHEAP)
        engine = tiny_app.state.services.sessionmaker.kw["bind"].sync_engine
        statements: list[str] = []
        from sqlalchemy import event

        def count(*args):
            statements.append(args[2])

        event.listen(engine, "before_cursor_execute", count)
        try:
            body = await graphql(http, CHEAP)
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert body["errors"][0]["extensions"]["code"] == "COST_BUDGET_EXHAUSTED"
    assert statements == []


async def test_each_client_ip_has_its_own_budget(tiny_app):
    async with _client(tiny_app, "10.0.0.1") as first, _client(tiny_app, "10.0.0.2") as second:
        for _ in range(2):
            await graphql(first, CHEAP)
        refused = await graphql(first, CHEAP)
        accepted = await graphql(second, CHEAP)
    assert refused["errors"][0]["extensions"]["code"] == "COST_BUDGET_EXHAUSTED"
    assert "errors" not in accepted
    assert accepted["extensions"]["cost"]["remaining"] == 15 - CHEAP_COST


async def test_each_user_has_their_own_budget_whatever_their_address(tiny_app):
    ada = await make_user(tiny_app, Role.CONSUMER)
    bob = await make_user(tiny_app, Role.DEVELOPER)
    async with _client(tiny_app) as http:
        for _ in range(2):
            await http.post("/graphql", json={"query": CHEAP}, headers=ada.headers)
        refused = await http.post("/graphql", json={"query": CHEAP}, headers=ada.headers)
        accepted = await http.post("/graphql", json={"query": CHEAP}, headers=bob.headers)
        anonymous = await graphql(http, CHEAP)
    assert refused.json()["errors"][0]["extensions"]["code"] == "COST_BUDGET_EXHAUSTED"
    assert accepted.json()["extensions"]["cost"]["remaining"] == 15 - CHEAP_COST
    assert anonymous["extensions"]["cost"]["remaining"] == 15 - CHEAP_COST


async def test_the_document_is_analysed_once_and_only_variables_apply_per_request(
    client, monkeypatch
):
    # given a counter on the structural analysis
    from schema import cost_model

    built = []
    original = cost_model._Planner.plan

    def counting(self, operation_name):
        built.append(operation_name)
        return original(self, operation_name)

    monkeypatch.setattr(cost_model._Planner, "plan", counting)
    query = "query Sized($n: Int) { backends(first: $n) { edges { node { name } } } }"
    # when the same text is sent three times with different variables
    costs = [
        (await graphql(client, query, {"n": n}))["extensions"]["cost"]["requested"]
        for n in (1, 2, 3)
    ]
    # then each request is priced by its variables, from one analysis
    assert costs == [2, 3, 4]
    assert built == ["Sized"]


def test_a_subscription_over_the_maximum_is_refused_before_it_starts(settings):
    from starlette.testclient import TestClient

    from qraph.app import create_app
    from tests.ws import CONNECTION_INIT, PROTOCOL, subscribe

    # given ten aliases of a full page of qubits: 1 + (1 + 10 × 101) = 1,012
    pages = " ".join(
        f"q{i}: qubits(first: 100) {{ edges {{ node {{ qubit }} }} }}" for i in range(10)
    )
    query = f"subscription {{ backendStatusChanged {{ name calibration {{ {pages} }} }} }}"
    with (
        TestClient(create_app(settings)) as api,
        api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws,
    ):
        ws.send_json(CONNECTION_INIT)
        assert ws.receive_json() == {"type": "connection_ack"}
        # when it is subscribed
        ws.send_json(subscribe("1", query))
        # then its one result is the refusal, and the operation completes
        refusal = ws.receive_json()
        assert ws.receive_json() == {"id": "1", "type": "complete"}
    [error] = refusal["payload"]["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": 1012, "maximum": 1000}


async def _script_calls(app, client, query: str) -> int:
    """EVALSHA calls this database saw while one request ran (Redis MONITOR, then a marker)."""
    redis = app.state.services.redis
    db = redis.connection_pool.connection_kwargs.get("db", 0)
    marker = "qraph-test-end-of-request"
    calls = 0
    async with redis.monitor() as monitor:
        await graphql(client, query)
        await redis.echo(marker)
        while marker not in (command := await monitor.next_command())["command"]:
            calls += command["db"] == db and command["command"].startswith("EVALSHA")
    return calls


@pytest.mark.parametrize(("query", "trips"), [("{ __typename }", 1), (CHEAP, 2)])
async def test_a_request_that_costs_nothing_makes_one_redis_round_trip(app, client, query, trips):
    # given a warm app (the token-bucket script is loaded)
    await graphql(client, query)
    # when a request runs: `{ __typename }` costs nothing, CHEAP costs 6 points
    calls = await _script_calls(app, client, query)
    # then the request token and the budget reading share one script call; a query that costs
    # something takes its points in a second one
    assert calls == trips
