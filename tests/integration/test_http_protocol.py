"""GraphQL over HTTP (graphql-over-http spec, 2025): media types, status codes, GET, CSRF."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import httpx
import pytest
import strawberry

from qraph.app import create_app
from qraph.http import SUBSCRIPTION_OVER_HTTP, GraphQLView
from qraph.settings import Settings

GRAPHQL_RESPONSE = "application/graphql-response+json; charset=utf-8"
JSON = "application/json; charset=utf-8"

QUERY = "query Stats { backendStats { total } }"
UNKNOWN_FIELD = "query Broken { backendStats { nope } }"
UNPARSABLE = "query Broken { backendStats { total }"
TYPED_PAGE = "query Page($first: Int!) { backends(first: $first) { totalCount } }"
DEEP = "{ backends(first: 1) { edges { node { calibration { qubits { edges { cursor } } } } } } }"
ALIASES = "query Many { " + " ".join(f"a{i}: backendStats {{ total }}" for i in range(4)) + " }"
TOKENS = "query Long { backendStats { " + " ".join(["total"] * 80) + " } }"
MUTATION = "mutation Sync { syncBackends { __typename } }"
SUBSCRIPTION = "subscription Ticks { ticks }"
REAL_SUBSCRIPTION = "subscription Changes { backendStatusChanged { name } }"
SUBSCRIPTION_REFUSAL = {
    "errors": [
        {"message": SUBSCRIPTION_OVER_HTTP, "extensions": {"code": "SUBSCRIPTION_OVER_HTTP"}}
    ]
}

REQUEST_ERRORS = {
    "parse": {"query": UNPARSABLE},
    "validation": {"query": UNKNOWN_FIELD},
    "variable-coercion": {"query": TYPED_PAGE, "variables": {"first": "ten"}},
    "missing-variable": {"query": TYPED_PAGE},
    "depth-limit": {"query": DEEP},
    "alias-limit": {"query": ALIASES},
    "token-limit": {"query": TOKENS},
}
# No operation selected: a malformed request, so 400 whatever the media type.
UNRESOLVED = {
    "unknown-operation": {"query": QUERY, "operationName": "Other"},
    "several-operations": {"query": f"{QUERY} query Other {{ __typename }}"},
}
BY_MEDIA_TYPE = [(GRAPHQL_RESPONSE, (400, GRAPHQL_RESPONSE)), (JSON, (200, JSON))]
MALFORMED = {
    b'{"query": ': "Unable to parse request body as JSON",
    b'{"qeury": "{ __typename }"}': "No GraphQL query found in the request.",
    b'{"query": "{ __typename }", "variables": [7]}': "`variables` must be an object",
}
# Streamed when asked for (Accept: text/event-stream or multipart subscriptionSpec): see
# tests/e2e/test_http_streams.py. Asked for a plain GraphQL response, refused.
SUBSCRIPTION_CASES = [("POST", None, 400), ("POST", JSON, 400), ("GET", "*/*", 400)]
SIMPLE_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data;boundary=x"]
BODY_CASES = [(True, 1100, 413), (False, 1100, 413), (False, 500, 200)]
IDE_CASES = [(True, "text/html", 200), (False, "text/html", 406), (True, "*/*", 400)]


@contextlib.asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client on a second app built from `settings`, its lifespan running."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.fixture
async def tight_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    limits = {"max_query_depth": 5, "max_aliases": 3, "max_tokens": 60, "max_body_bytes": 1024}
    async with running(settings.model_copy(update=limits)) as client:
        yield client


async def post(client: httpx.AsyncClient, body: Any, accept: str | None = "*/*") -> httpx.Response:
    """POST `body` as JSON; `accept=None` sends no Accept header at all."""
    request = client.build_request("POST", "/graphql", json=body, headers={"accept": accept or ""})
    if accept is None:
        del request.headers["accept"]
    return await client.send(request)


@pytest.mark.parametrize(
    ("accept", "status", "media_type"),
    [
        # Naming neither type: application/json, which every client reads (the spec's SHOULD).
        (None, 200, JSON),
        ("*/*", 200, JSON),
        ("application/*", 200, JSON),
        ("application/graphql-response+json", 200, GRAPHQL_RESPONSE),
        ("*/*, application/graphql-response+json", 200, GRAPHQL_RESPONSE),
        ("application/graphql-response+json, application/json", 200, GRAPHQL_RESPONSE),
        ("application/json", 200, JSON),
        ("application/json, application/graphql-response+json;q=0.5", 200, JSON),
        ("application/json;q=0.9, */*;q=0.1", 200, JSON),
        ("application/xml", 406, JSON),
    ],
)
async def test_the_response_media_type_follows_accept(
    client: httpx.AsyncClient, accept: str | None, status: int, media_type: str
) -> None:
    # given a valid query, when it is posted with this Accept header (or none)
    response = await post(client, {"query": QUERY}, accept)
    # then the preferred type we serve answers it, or 406 when it lists none of ours
    assert (response.status_code, response.headers["content-type"]) == (status, media_type)
    if status == 200:
        assert response.json()["data"]["backendStats"]["total"] > 0


@pytest.mark.parametrize(("accept", "expected"), BY_MEDIA_TYPE)
@pytest.mark.parametrize("body", REQUEST_ERRORS.values(), ids=REQUEST_ERRORS.keys())
async def test_request_errors_have_no_data_and_a_status_by_media_type(
    tight_client: httpx.AsyncClient, body: dict[str, Any], accept: str, expected: tuple[int, str]
) -> None:
    # given an operation that cannot execute, when it is posted with this Accept
    response = await post(tight_client, body, accept)
    # then graphql-response+json says 400, application/json keeps 200; neither has `data`
    assert (response.status_code, response.headers["content-type"]) == expected
    payload = response.json()
    assert "data" not in payload and payload["errors"][0]["message"]


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, JSON])
@pytest.mark.parametrize("body", UNRESOLVED.values(), ids=UNRESOLVED.keys())
async def test_a_request_that_selects_no_operation_is_400_in_both_media_types(
    client: httpx.AsyncClient, body: dict[str, Any], accept: str
) -> None:
    response = await post(client, body, accept)
    assert response.status_code == 400
    payload = response.json()
    assert "data" not in payload
    assert payload["errors"][0]["extensions"]["code"] == "OPERATION_RESOLUTION_FAILURE"


async def test_a_field_error_with_null_data_is_still_200(client: httpx.AsyncClient) -> None:
    # given a page size above the maximum: the operation executes and its field fails
    body = {"query": TYPED_PAGE, "variables": {"first": 101}}
    # when it is posted asking for graphql-response+json
    response = await post(client, body, "application/graphql-response+json")
    # then `data` is present (null), so the status is 200
    assert response.status_code == 200
    payload = response.json()
    assert "data" in payload and payload["data"] is None
    assert payload["errors"][0]["path"] == ["backends"]


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, JSON])
@pytest.mark.parametrize(("content", "message"), MALFORMED.items())
async def test_malformed_requests_are_400_in_both_media_types(
    client: httpx.AsyncClient, accept: str, content: bytes, message: str
) -> None:
    # given a body that is not a well-formed GraphQL-over-HTTP request, when it is posted
    headers = {"accept": accept, "content-type": "application/json"}
    response = await client.post("/graphql", content=content, headers=headers)
    # then it is a 400 with a GraphQL-shaped error body
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert message in error["message"] and error["extensions"]["code"] == "BAD_REQUEST"


async def test_get_runs_queries_but_refuses_mutations(client: httpx.AsyncClient) -> None:
    # given a query and a mutation in URLs, when each is sent with GET
    query = await client.get("/graphql", params={"query": QUERY})
    mutation = await client.get("/graphql", params={"query": MUTATION})
    # then the query runs, and the mutation gets 405 naming the method to use
    assert query.status_code == 200 and query.json()["data"]["backendStats"]["total"] > 0
    assert (mutation.status_code, mutation.headers["allow"]) == (405, "POST")
    error = mutation.json()["errors"][0]
    assert error["message"] == "Send mutations with POST."
    assert error["extensions"]["code"] == "METHOD_NOT_ALLOWED"


@pytest.fixture
def entered(app: Any) -> list[str]:
    """Serve a small schema with a subscription root; returns the resolver's entry log."""
    entered: list[str] = []

    @strawberry.type
    class Query:
        ping: str = "pong"

    @strawberry.type
    class Subscription:
        @strawberry.subscription
        async def ticks(self) -> AsyncGenerator[int, None]:
            entered.append("ticks")
            yield 1

    schema = strawberry.Schema(query=Query, subscription=Subscription)
    app.state.graphql = GraphQLView(schema, app.state.services)
    return entered


@pytest.mark.parametrize(("method", "accept", "status"), SUBSCRIPTION_CASES)
async def test_a_subscription_over_plain_http_is_refused(
    client: httpx.AsyncClient, entered: list[str], method: str, accept: str, status: int
) -> None:
    # given a schema with a subscription, when a client sends it over HTTP (even for multipart)
    if method == "GET":
        response = await client.get("/graphql", params={"query": SUBSCRIPTION})
    else:
        response = await post(client, {"query": SUBSCRIPTION}, accept)
    # then it is refused before its resolver starts: 400 naming the transports that stream
    assert response.status_code == status
    assert response.json() == SUBSCRIPTION_REFUSAL
    assert entered == []


async def test_the_real_subscription_root_is_refused_over_http(client: httpx.AsyncClient) -> None:
    # given the app's own subscription, when it is posted over plain HTTP
    response = await post(client, {"query": REAL_SUBSCRIPTION})
    # then the same refusal answers
    assert (response.status_code, response.json()) == (400, SUBSCRIPTION_REFUSAL)


@pytest.mark.parametrize("content_type", [*SIMPLE_TYPES, "application/json; charset=latin-1", None])
async def test_posts_without_a_json_body_are_refused_with_415(
    client: httpx.AsyncClient, content_type: str | None
) -> None:
    # given a body a cross-site form could send (no CORS preflight), or no content type
    request = client.build_request("POST", "/graphql", content=f'{{"query": "{QUERY}"}}')
    if content_type:
        request.headers["content-type"] = content_type
    # when it is posted
    response = await client.send(request)
    # then it never reaches the schema
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


async def _streamed(size: int) -> AsyncIterator[bytes]:
    yield b'{"query": "' + QUERY.encode()
    for _ in range(size // 100):
        yield b" " * 100
    yield b'"}'


@pytest.mark.parametrize(("declared", "size", "status"), BODY_CASES)
async def test_bodies_over_the_limit_are_refused(
    tight_client: httpx.AsyncClient, declared: bool, size: int, status: int
) -> None:
    # given a body of `size` bytes against a 1024-byte limit, with a Content-Length or chunked
    content = b"".join([chunk async for chunk in _streamed(size)]) if declared else _streamed(size)
    # when it is posted
    headers = {"content-type": "application/json"}
    response = await tight_client.post("/graphql", content=content, headers=headers)
    # then what goes past the limit is refused as too large, counted as the bytes arrive
    assert response.status_code == status
    if status == 413:
        assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_ENTITY_TOO_LARGE"


@pytest.mark.parametrize(("enabled", "accept", "status"), IDE_CASES)
async def test_graphiql_is_served_to_browsers_only_when_enabled(
    settings: Settings, enabled: bool, accept: str, status: int
) -> None:
    # given GraphiQL on or off
    async with running(settings.model_copy(update={"graphiql": enabled})) as client:
        # when /graphql is opened with no query, by a browser or by curl (Accept: */*)
        response = await client.get("/graphql", headers={"accept": accept})
    # then only the browser gets the IDE, and only when it is on; curl gets a 400, not HTML
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html") is (status == 200)


async def test_a_client_that_leaves_mid_body_ends_quietly(
    app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # given a POST whose client disconnects after the first part of its body
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
        "client": ("127.0.0.1", 50000),
        "server": ("test", 80),
    }
    incoming = [
        {"type": "http.request", "body": b'{"query": "{ backendS', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    # when the app serves it
    with caplog.at_level(logging.DEBUG):
        await app(scope, receive, send)
    # then nothing is raised or logged as a failure, and the access log says 499, not 500
    starts = [m["status"] for m in sent if m["type"] == "http.response.start"]
    assert starts == [499]
    failures = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert failures == [], [r.getMessage() for r in failures]
    access = [r for r in caplog.records if r.name == "qraph.access"]
    assert [getattr(r, "status", None) for r in access] == [499]
