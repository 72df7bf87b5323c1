"""Hostile requests at the HTTP boundary: typed refusals, nothing written, no internals shown.

Text PostgreSQL cannot hold (NUL bytes, lone surrogates) in every kind of string argument, bodies
that are not UTF-8 or nest absurdly deep, documents that select no single operation, and the
database or Redis out of reach. Every answer is a GraphQL-shaped error with a code; none is a
plain-text 500, and none quotes SQL, parameters, sockets or tracebacks.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import shutil
import socket
import subprocess
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import strawberry
from sqlalchemy import func, select
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from domain.backends.models import Backend
from domain.identity.models import ApiKey, ShotUsage, User
from domain.identity.principal import Role
from domain.jobs.models import Job, JobTransition
from qraph import observability
from qraph.app import create_app
from qraph.http import GraphQLView
from qraph.settings import Settings
from schema import QraphSchema
from tests.identity import create_user, make_user
from tests.support import MODERN_ACCEPT

NUL, SURROGATE = "a\x00b", "a\ud800b"
BELL = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\nh q[0];\ncx q[0], q[1];\n'
SUBMIT = """mutation Submit($input: SubmitJobInput!) {
  submitJob(input: $input) { __typename ... on Error { code message } } }"""
SUBMIT_MANY = """mutation Many($inputs: [SubmitJobInput!]!) {
  submitJobs(inputs: $inputs) { __typename } }"""
SET_STATUS = """mutation Status($name: String!, $reason: String) {
  setBackendStatus(name: $name, status: MAINTENANCE, reason: $reason) { __typename } }"""
CREATE_KEY = """mutation Key($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { __typename } }"""
BACKEND = "query One($name: String!) { backend(name: $name) { name } }"
JOBS = "query Mine($filter: JobFilter) { jobs(filter: $filter, first: 1) { totalCount } }"


def _job(**fields: Any) -> dict[str, Any]:
    return {"backend": "aer_simulator", "circuit": BELL, **fields}


# (case, query, variables, the argument path the refusal names); "{}" marks where the bad text
# goes, a NUL byte or a lone surrogate.
VARIABLE_CASES = [
    ("backend", SUBMIT, {"input": _job(backend="{}")}, "$input.backend"),
    ("circuit", SUBMIT, {"input": _job(circuit="{}")}, "$input.circuit"),
    ("name", SUBMIT, {"input": _job(name="{}")}, "$input.name"),
    ("tags", SUBMIT, {"input": _job(tags=["ok", "{}"])}, "$input.tags[1]"),
    ("idempotency-key", SUBMIT, {"input": _job(idempotencyKey="{}")}, "$input.idempotencyKey"),
    ("batch", SUBMIT_MANY, {"inputs": [_job(), _job(backend="{}")]}, "$inputs[1].backend"),
    ("set-status-name", SET_STATUS, {"name": "{}"}, "$name"),
    ("set-status-reason", SET_STATUS, {"name": "aer_simulator", "reason": "{}"}, "$reason"),
    ("api-key-name", CREATE_KEY, {"input": {"name": "{}", "scopes": []}}, "$input.name"),
    ("backend-read", BACKEND, {"name": "{}"}, "$name"),
    ("job-filter", JOBS, {"filter": {"backend": "{}"}}, "$filter.backend"),
]
TAGGED = (
    'mutation { submitJob(input: {backend: "b", circuit: "", tags: ["\\u0000"]}) { __typename } }'
)
LITERAL_CASES = [
    ("literal-argument", '{ backend(name: "a\\u0000b") { name } }', "name"),
    (
        "literal-nested",
        '{ jobs(filter: {nameContains: "\\u0000"}) { totalCount } }',
        "filter.nameContains",
    ),
    ("literal-raw-nul", '{ backend(name: "a\x00b") { name } }', "name"),
    ("literal-list", TAGGED, "input.tags"),
    ("variable-default", 'query D($n: String = "\\u0000") { backend(name: $n) { name } }', "$n"),
]


def _fill(value: Any, text: str) -> Any:
    if isinstance(value, str):
        return text if value == "{}" else value
    if isinstance(value, list):
        return [_fill(v, text) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, text) for k, v in value.items()}
    return value


async def _written(app: Any) -> tuple[Any, ...]:
    """Row counts and backend statuses: what a refused request must leave as it was."""
    async with app.state.services.sessionmaker() as session:
        counts = [
            await session.scalar(select(func.count()).select_from(model))
            for model in (Job, JobTransition, ShotUsage, ApiKey, User)
        ]
        statuses = (await session.execute(select(Backend.name, Backend.status))).all()
    return (*counts, sorted(statuses))


@pytest.fixture
async def admin(app: Any) -> Any:
    return await make_user(app, Role.ADMIN, Role.DEVELOPER)


def _refused(body: dict[str, Any], path: str) -> None:
    assert "data" not in body or body["data"] is None, body
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", body
    assert f"`{path}`" in error["message"] and "SQL" not in error["message"]


@pytest.mark.parametrize("text", [NUL, SURROGATE], ids=["nul", "surrogate"])
@pytest.mark.parametrize(
    ("query", "variables", "path"),
    [case[1:] for case in VARIABLE_CASES],
    ids=[case[0] for case in VARIABLE_CASES],
)
async def test_bad_text_in_any_variable_is_refused_and_writes_nothing(
    app: Any,
    client: httpx.AsyncClient,
    admin: Any,
    text: str,
    query: str,
    variables: Any,
    path: str,
) -> None:
    # given an admin (who may call every mutation here) and what the database holds
    before = await _written(app)
    # when a string variable, at any depth, carries a NUL byte or a lone surrogate; Python's
    # json writes the surrogate as the escape `\ud800`, the way a hostile client would
    body = json.dumps({"query": query, "variables": _fill(variables, text)}).encode()
    headers = {**admin.headers, "content-type": "application/json"}
    response = await client.post("/graphql", content=body, headers=headers)
    # then it is refused before anything runs: a typed error naming the argument, or, for a
    # lone surrogate, a 400 from the JSON decoder, which does not accept one
    assert response.status_code == 400, response.text
    payload = response.json()
    if text == NUL:
        _refused(payload, path)
    else:
        error = payload["errors"][0]
        assert error["extensions"]["code"] == "BAD_REQUEST"
        assert error["message"].startswith("Unable to parse request body as JSON")
    assert await _written(app) == before


@pytest.mark.parametrize(
    ("query", "path"), [c[1:] for c in LITERAL_CASES], ids=[c[0] for c in LITERAL_CASES]
)
async def test_bad_text_in_an_inline_literal_is_refused(
    app: Any, client: httpx.AsyncClient, admin: Any, query: str, path: str
) -> None:
    before = await _written(app)
    response = await client.post("/graphql", json={"query": query}, headers=admin.headers)
    assert response.status_code == 400
    _refused(response.json(), path)
    assert await _written(app) == before


async def test_a_lone_surrogate_escape_in_a_literal_is_a_parse_error(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/graphql", json={"query": '{ backend(name: "\\uD800") { name } }'}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


@pytest.mark.parametrize(
    "content",
    [
        b'{"query": "{ __typename }", "variables": {"x": "\xff\xfe"}}',  # invalid UTF-8
        b'{"query": "{ backend(name: \\"\xed\xa0\x80\\") { name } }"}',  # UTF-8 of a surrogate
        b"[" * 100_000 + b"]" * 100_000,  # nested 100,000 levels deep
        b'{"query": "{ __typename }", "variables": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5001,
    ],
    ids=["invalid-utf8", "encoded-surrogate", "deep-array", "deep-variables"],
)
@pytest.mark.parametrize("accept", ["application/graphql-response+json", "application/json"])
async def test_bodies_that_are_not_sane_json_are_400_in_the_graphql_shape(
    client: httpx.AsyncClient, content: bytes, accept: str
) -> None:
    headers = {"content-type": "application/json", "accept": accept}
    response = await client.post("/graphql", content=content, headers=headers)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(accept)
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["message"].startswith("Unable to parse request body as JSON")


async def test_a_get_with_bad_variables_is_400(client: httpx.AsyncClient) -> None:
    params = {"query": BACKEND, "variables": '{"name": "a\\u0000b"}'}
    response = await client.get("/graphql", params=params)
    assert response.status_code == 400
    _refused(response.json(), "$name")


TWO_OPERATIONS = "query A { backendStats { total } } query B { __typename }"


@pytest.mark.parametrize("accept", ["application/graphql-response+json", "application/json"])
async def test_several_operations_without_an_operation_name_is_a_400(
    client: httpx.AsyncClient, accept: str
) -> None:
    headers = {"accept": accept}
    response = await client.post("/graphql", json={"query": TWO_OPERATIONS}, headers=headers)
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "OPERATION_RESOLUTION_FAILURE"
    # while naming one runs that one
    chosen = {"query": TWO_OPERATIONS, "operationName": "B"}
    named = await client.post("/graphql", json=chosen, headers=headers)
    assert (named.status_code, named.json()["data"]) == (200, {"__typename": "Query"})


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ backendStats { total }", "GRAPHQL_PARSE_FAILED"),
        ("{ backendStats { total } } }", "GRAPHQL_PARSE_FAILED"),
        ("{ backendStats { nope } }", "GRAPHQL_VALIDATION_FAILED"),
        ("query Q($n: Int!) { backends(first: $n) { totalCount } }", "BAD_USER_INPUT"),
    ],
)
async def test_parse_and_validation_errors_carry_a_code(
    client: httpx.AsyncClient, query: str, code: str
) -> None:
    response = await client.post("/graphql", json={"query": query})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == code


async def test_a_variable_of_the_wrong_type_is_bad_user_input(client: httpx.AsyncClient) -> None:
    query = "query Q($n: Int!) { backends(first: $n) { totalCount } }"
    response = await client.post("/graphql", json={"query": query, "variables": {"n": "x"}})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


# --- internal errors -------------------------------------------------------------------------

SECRET_SQL = "SELECT * FROM users WHERE id = 'owner-7f3a' -- parameters"


@strawberry.type
class BrokenQuery:
    @strawberry.field
    async def broken(self) -> str:
        raise RuntimeError(SECRET_SQL)

    @strawberry.field
    def fine(self) -> str:
        return "ok"


@pytest.mark.parametrize("environment", ["development", "test", "production"])
async def test_an_internal_error_shows_only_a_code_and_the_request_id_in_every_environment(
    settings: Settings, environment: str, caplog: pytest.LogCaptureFixture
) -> None:
    # given the real app in this environment, serving a field whose resolver fails with a
    # message that quotes SQL (what a driver error does)
    app = create_app(settings.model_copy(update={"env": environment}))
    async with app.router.lifespan_context(app):
        schema = QraphSchema(query=BrokenQuery)
        schema.request_id = observability.correlation_id  # type: ignore[method-assign]
        app.state.graphql = GraphQLView(schema, app.state.services)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=MODERN_ACCEPT
        ) as client:
            # when a client asks for it, next to a field that works
            with caplog.at_level(logging.ERROR, logger="qraph.errors"):
                response = await client.post("/graphql", json={"query": "{ fine broken }"})
    # then the client sees a code and a request id, never the message
    body = response.json()
    assert response.status_code == 200 and body["data"] is None  # `broken` is non-null
    error = body["errors"][0]
    assert error["message"] == "Unexpected error." and SECRET_SQL not in response.text
    assert error["extensions"] == {
        "code": "INTERNAL_SERVER_ERROR",
        "requestId": response.headers["x-request-id"],
    }
    # and the log line with the traceback carries the same id
    logged = [
        r
        for r in caplog.records
        if getattr(r, "correlation_id", None) == error["extensions"]["requestId"]
    ]
    assert logged and logged[0].exc_info is not None
    assert SECRET_SQL in logging.Formatter().formatException(logged[0].exc_info)


# --- dependencies down -----------------------------------------------------------------------

UNREACHABLE_DATABASES = {
    "refused-port": "postgresql://postgres@127.0.0.1:1/nowhere",
    "missing-socket": "postgresql://postgres@/nowhere?host=/nonexistent/qraph-socket-dir",
}


@contextlib.asynccontextmanager
async def _serving(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=MODERN_ACCEPT
        ) as client:
            yield client


def _unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"].isdigit()
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    for leak in ("127.0.0.1", "nonexistent", "Errno", "SELECT", "Traceback"):
        assert leak not in response.text


@pytest.mark.parametrize("url", UNREACHABLE_DATABASES.values(), ids=UNREACHABLE_DATABASES.keys())
async def test_with_the_database_down_requests_get_a_typed_503(
    settings: Settings, url: str
) -> None:
    # given an app whose PostgreSQL refuses connections (or whose socket is gone)
    async with _serving(settings.model_copy(update={"database_url": url})) as client:
        # when an anonymous read needs the database, and when an API key must be checked
        read = await client.post(
            "/graphql", json={"query": "{ backends(first: 1) { totalCount } }"}
        )
        keyed = await client.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"x-api-key": "qk_" + "x" * 40}
        )
    # then both are 503 with a code and Retry-After, not a plain-text 500
    _unavailable(read)
    _unavailable(keyed)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs a redis-server binary")
async def test_with_redis_down_requests_are_served_or_get_a_typed_503(
    settings: Settings, admin: Any
) -> None:
    # given an app on its own Redis, which then stops
    port = _free_port()
    server = subprocess.Popen(  # noqa: ASYNC220 (started once; the test waits on its port)
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
                break
            await asyncio.sleep(0.05)
        own = settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{port}/0"})
        async with _serving(own) as client:
            server.terminate()
            server.wait(timeout=10)
            # when an anonymous read (limiters fail open) and a signed-in read arrive
            anonymous = await client.post("/graphql", json={"query": "{ backendStats { total } }"})
            signed_in = await client.post(
                "/graphql", json={"query": "{ me { username } }"}, headers=admin.headers
            )
    finally:
        if server.poll() is None:
            server.kill()
    # then the read is served, and the signed-in one is served or refused as unavailable
    assert anonymous.status_code == 200 and anonymous.json()["data"]["backendStats"]["total"] > 0
    if signed_in.status_code != 200:
        _unavailable(signed_in)


def test_a_websocket_that_cannot_be_authenticated_for_an_outage_is_refused(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # given an app whose PostgreSQL refuses connections
    down = settings.model_copy(update={"database_url": UNREACHABLE_DATABASES["refused-port"]})
    app = create_app(down)
    with (
        caplog.at_level(logging.WARNING),
        TestClient(app) as api,
        api.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws,
    ):
        # when a client authenticates with an API key, which must be checked in the record
        ws.send_json({"type": "connection_init", "payload": {"apiKey": "qk_" + "x" * 40}})
        # then the connection is refused as one to try again later, not ended by an internal
        # error, nor closed as forbidden (which clients take as final)
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert (closed.value.code, closed.value.reason) == (1013, "SERVICE_UNAVAILABLE")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(r.name == "qraph.http" and r.levelno == logging.WARNING for r in caplog.records)


async def test_the_api_starts_with_redis_down_and_serves_what_needs_no_redis(
    settings: Settings,
) -> None:
    # given Redis refusing connections (a port nothing listens on) when the API starts
    own = settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{_free_port()}/0"})
    app = create_app(own)
    async with app.router.lifespan_context(app):
        services = app.state.services
        user = await create_user(services.sessionmaker, services.jwt_secret, Role.DEVELOPER)
        before = await _written(app)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", headers=MODERN_ACCEPT
        ) as client:
            # when /health is asked, an anonymous read arrives, and a job is submitted
            health = await client.get("/health")
            read = await client.post("/graphql", json={"query": "{ backendStats { total } }"})
            submitted = await client.post(
                "/graphql",
                json={"query": SUBMIT, "variables": {"input": _job()}},
                headers=user.headers,
            )
        after = await _written(app)
    # then the process is up and says which dependency is down
    assert health.status_code == 503
    assert health.json()["status"] == "degraded"
    assert health.json()["database"]["ok"] is True and health.json()["redis"]["ok"] is False
    # and the read is served, while the submission is a typed 503 that wrote nothing
    assert read.status_code == 200 and read.json()["data"]["backendStats"]["total"] > 0
    _unavailable(submitted)
    assert after == before
