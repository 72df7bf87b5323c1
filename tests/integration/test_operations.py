"""What operators rely on: /health, /metrics, correlation ids and JSON log lines."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from typing import Any

import httpx
import pytest
import strawberry
from arq.worker import Worker
from prometheus_client.parser import text_string_to_metric_families
from starlette.types import Message, Receive, Scope, Send

from qraph.app import create_app
from qraph.http import GraphQLView
from qraph.observability import OperationMetrics, RequestTelemetry, configure_logging
from qraph.settings import Settings
from workers.queue import HEALTH_CHECK_KEY, redis_settings

QUERY = "query Stats { backendStats { total } }"
PING = "query Ping { ping }"
LONG_NAME = "Q" + "x" * 100
LONG_NAMED = f"query {LONG_NAME} {{ ping }}"
INVALID = "query Broken { nope }"
CLOSED_DATABASE = "postgresql://postgres@127.0.0.1:1/x"
HEX_ID = re.compile(r"[0-9a-f]{32}")
OPERATION_CASES = [
    (PING, {"operation_name": "Ping", "operation_type": "query", "outcome": "ok"}),
    ("{ ping }", {"operation_name": "anonymous", "operation_type": "query", "outcome": "ok"}),
    (INVALID, {"operation_name": "Broken", "operation_type": "query", "outcome": "rejected"}),
    ("{", {"operation_name": "anonymous", "operation_type": "unknown", "outcome": "rejected"}),
    (LONG_NAMED, {"operation_name": LONG_NAME[:64], "operation_type": "query"}),
]
REQUEST_ID_CASES = [("req-42_a.b", "req-42_a.b"), ("x" * 129, None), ("bad id;drop", None)]
REQUEST_ID_CASES += [(None, None)]


def sample(metrics_text: str, name: str, **labels: str) -> float:
    """One sample's value from a Prometheus text page (0 when the series does not exist yet)."""
    for family in text_string_to_metric_families(metrics_text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return float(s.value)
    return 0.0


@pytest.fixture
def pinging_app(app: Any) -> Any:
    """The real app serving a small schema with OperationMetrics whose resolver logs."""

    @strawberry.type
    class Query:
        @strawberry.field
        def ping(self) -> str:
            logging.getLogger("qraph.tests").warning("resolving ping", extra={"probe": "inside"})
            return "pong"

    schema = strawberry.Schema(query=Query, extensions=[OperationMetrics])
    app.state.graphql = GraphQLView(schema, app.state.services)
    return app


async def test_health_reports_each_dependency_a_missing_worker_and_the_queue(
    app: Any, client: httpx.AsyncClient
) -> None:
    # given the real database and Redis, no worker running, and two jobs waiting in the queue
    for _ in range(2):
        await app.state.services.queue.enqueue_job("sync_backends")
    # when /health is asked
    response = await client.get("/health")
    # then both dependencies are up (200), the missing worker makes it degraded, depth is 2
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"]["ok"] is True and body["database"]["latency_ms"] >= 0
    assert body["redis"]["ok"] is True and body["redis"]["latency_ms"] >= 0
    assert body["worker"] == {"ok": False, "last_heartbeat_age_s": None}
    assert body["queue"] == {"depth": 2}


async def test_health_is_ok_while_a_worker_heartbeats(
    app: Any, client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a real arq worker on the test Redis, heartbeating at the configured interval
    async def noop(ctx: dict[str, Any]) -> None:
        return None

    queue, interval = redis_settings(settings.redis_url or ""), settings.worker_heartbeat_s
    worker = Worker(
        functions=[noop], redis_settings=queue, health_check_interval=interval, handle_signals=False
    )
    task = asyncio.create_task(worker.main())
    try:
        for _ in range(400):  # arq writes the key on its first loop; wait for it, bounded
            if await app.state.services.redis.exists(HEALTH_CHECK_KEY):
                break
            await asyncio.sleep(0.05)
        # when /health is asked
        response = await client.get("/health")
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await worker.close()
    # then the worker is reported alive with the age of its last heartbeat
    body = response.json()
    assert (response.status_code, body["status"], body["worker"]["ok"]) == (200, "ok", True)
    assert body["worker"]["last_heartbeat_age_s"] >= 0


async def test_health_is_503_when_the_database_is_down(settings: Settings) -> None:
    # given an app whose database URL points at a closed port
    app = create_app(settings.model_copy(update={"database_url": CLOSED_DATABASE}))
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport) as client:
        # when /health is asked
        response = await client.get("http://test/health")
    # then it answers (it does not raise or hang) with 503 and names the failed dependency
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded" and body["redis"]["ok"] is True
    assert body["database"] == {"ok": False, "latency_ms": None}


async def test_metrics_count_http_requests_by_route_template(client: httpx.AsyncClient) -> None:
    # given the current request count for POST /graphql 200
    labels = {"method": "POST", "path": "/graphql", "status": "200"}
    before = sample((await client.get("/metrics")).text, "qraph_http_requests_total", **labels)
    # when a query is posted, and a scanner probes a random URL
    await client.post("/graphql", json={"query": QUERY})
    await client.get("/wp-login.php")
    # then the Prometheus page counts both, by route template (never the raw path)
    response = await client.get("/metrics")
    text = response.text
    assert response.headers["content-type"].startswith("text/plain")
    assert sample(text, "qraph_http_requests_total", **labels) == before + 1
    assert sample(text, "qraph_http_request_duration_seconds_count", path="/graphql") >= 1
    assert sample(text, "qraph_http_requests_total", path="unmatched", status="404") >= 1
    assert "wp-login" not in text


@pytest.mark.parametrize(("query", "labels"), OPERATION_CASES)
async def test_graphql_operations_are_counted_with_bounded_labels(
    pinging_app: Any, client: httpx.AsyncClient, query: str, labels: dict[str, str]
) -> None:
    # given a schema carrying OperationMetrics
    name = "qraph_graphql_operations_total"
    before = sample((await client.get("/metrics")).text, name, **labels)
    # when an operation is posted
    await client.post("/graphql", json={"query": query})
    # then it is counted under a short, safe name, its type and its outcome
    text = (await client.get("/metrics")).text
    assert sample(text, name, **labels) == before + 1
    assert LONG_NAME not in text
    count = "qraph_graphql_operation_duration_seconds_count"
    assert sample(text, count, operation_type=labels["operation_type"]) >= 1


async def test_the_real_schema_records_operation_metrics(client: httpx.AsyncClient) -> None:
    # given the app's own schema (OperationMetrics belongs in schema/limits.py's extensions)
    labels = {"operation_name": "Stats", "operation_type": "query", "outcome": "ok"}
    before = sample((await client.get("/metrics")).text, "qraph_graphql_operations_total", **labels)
    # when a named query runs
    await client.post("/graphql", json={"query": QUERY})
    # then it was counted
    text = (await client.get("/metrics")).text
    assert sample(text, "qraph_graphql_operations_total", **labels) == before + 1


@pytest.mark.parametrize(("incoming", "echoed"), REQUEST_ID_CASES)
async def test_the_request_id_is_echoed_or_generated(
    client: httpx.AsyncClient, incoming: str | None, echoed: str | None
) -> None:
    # given a request with a sane, an oversized, an unsafe or no X-Request-ID
    headers = {"x-request-id": incoming} if incoming else {}
    # when it is served
    response = await client.get("/health", headers=headers)
    # then a sane id comes back as is; anything else is replaced by a fresh uuid4 hex
    if echoed:
        assert response.headers["x-request-id"] == echoed
    else:
        assert HEX_ID.fullmatch(response.headers["x-request-id"])


async def test_log_lines_are_json_and_carry_the_correlation_id(
    pinging_app: Any, client: httpx.AsyncClient, settings: Settings, capsys: Any
) -> None:
    # given JSON logging at INFO, configured twice (as the CLI and the app factory both do)
    for _ in range(2):
        configure_logging(settings.model_copy(update={"log_level": "INFO"}))
    try:
        capsys.readouterr()
        # when a GraphQL request with a correlation id is served, and uvicorn logs an error
        await client.post("/graphql", json={"query": PING}, headers={"x-request-id": "corr-1"})
        logging.getLogger("uvicorn.error").error("bind failed", extra={"port": 8000})
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    finally:
        configure_logging(settings)
    mine = [line for line in lines if line["correlation_id"] == "corr-1"]
    # then the resolver's own line carries the id and its extra fields
    inside = next(line for line in mine if line["logger"] == "qraph.tests")
    assert inside["level"] == "WARNING" and inside["probe"] == "inside"
    assert inside["ts"].endswith("+00:00")
    # and exactly one access line has the method, path, status, duration and operation
    (access,) = [line for line in mine if line["logger"] == "qraph.access"]
    assert access["method"] == "POST" and access["path"] == "/graphql"
    assert access["status"] == 200 and access["duration_ms"] >= 0
    assert access["operation_name"] == "Ping" and access["operation_type"] == "query"
    # and uvicorn's line went through the same (single) handler, outside any request
    (uvicorn,) = [line for line in lines if line["logger"] == "uvicorn.error"]
    assert uvicorn["message"] == "bind failed" and uvicorn["port"] == 8000
    assert uvicorn["correlation_id"] is None


async def test_streamed_responses_pass_through_unbuffered() -> None:
    # given an app that streams a first chunk and waits before sending the rest
    first_seen = asyncio.Event()

    async def streaming(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"one", "more_body": True})
        await first_seen.wait()
        await send({"type": "http.response.body", "body": b"two", "more_body": False})

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)
        if message.get("body") == b"one":
            first_seen.set()

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": "GET", "path": "/stream", "headers": []}
    # when it runs behind RequestTelemetry
    async with asyncio.timeout(10):
        await RequestTelemetry(streaming)(scope, receive, send)
    # then the first chunk reached the client before the app finished, with the id header
    assert [m.get("body") for m in sent[1:]] == [b"one", b"two"]
    assert any(name == b"x-request-id" for name, _ in sent[0]["headers"])


async def test_a_websocket_handshake_echoes_the_request_id(app: Any) -> None:
    # given a graphql-transport-ws handshake carrying an X-Request-ID
    inbox: asyncio.Queue[Message] = asyncio.Queue()
    await inbox.put({"type": "websocket.connect"})
    await inbox.put({"type": "websocket.receive", "text": '{"type": "connection_init"}'})
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)
        if message["type"] == "websocket.send":  # the ack: hang up
            await inbox.put({"type": "websocket.disconnect", "code": 1000})

    headers = [(b"x-request-id", b"ws-7"), (b"host", b"test")]
    scope = {"type": "websocket", "path": "/graphql", "headers": headers, "query_string": b""}
    scope["subprotocols"] = ["graphql-transport-ws"]
    # when the connection is served
    async with asyncio.timeout(10):
        await app(scope, inbox.get, send)
    # then the accept carries the id and the protocol acknowledged the init
    accept = next(m for m in sent if m["type"] == "websocket.accept")
    assert (b"x-request-id", b"ws-7") in accept["headers"]
    assert any(json.loads(m["text"]) == {"type": "connection_ack"} for m in sent if "text" in m)
