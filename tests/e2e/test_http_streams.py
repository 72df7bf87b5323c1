"""GraphQL over Server-Sent Events and multipart subscriptions, against a real server process:
the framing, and the WebSocket's rules (authentication, limits, revocation) on both.

The protocol is read by hand here (the reference clients are in test_reference_clients.py), so
the tests see every frame the server writes.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from domain.identity.principal import Role
from tests.e2e.live_server import serving, signed_in
from tests.e2e.test_live_updates import Server
from tests.identity import SignedInUser

WAIT_S = 20.0  # a safety net against hangs only
SSE = "text/event-stream"
MULTIPART = 'multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json'
STREAMS_PER_CALLER = 2
FOLLOW = "subscription Follow($name: String) { backendStatusChanged(name: $name) { name status } }"
SET_STATUS = """
mutation Set($status: BackendStatus!) {
  setBackendStatus(name: "aer_simulator_statevector", status: $status, reason: "e2e") {
    __typename
  }
}
"""
STATEVECTOR = {"name": "aer_simulator_statevector"}
DEEP = (  # depth 6, past the module's QRAPH_MAX_QUERY_DEPTH
    "subscription { backendStatusChanged { calibration { qubits(first: 1) { edges { node { "
    "qubit } } } } } }"
)


@dataclass
class Live:
    server: Server
    database_url: str
    admin: SignedInUser
    consumer: SignedInUser


@pytest.fixture(scope="module")
def live(
    service_urls: tuple[str, str], template_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    """The server, an admin and a consumer."""
    logs = tmp_path_factory.mktemp("streams")
    env = {"QRAPH_MAX_STREAMS_PER_CALLER": str(STREAMS_PER_CALLER), "QRAPH_MAX_QUERY_DEPTH": "4"}
    with serving(service_urls, logs, env=env) as (server, database_url):
        admin = asyncio.run(signed_in(database_url, Role.CONSUMER, Role.ADMIN))
        consumer = asyncio.run(signed_in(database_url, Role.CONSUMER))
        yield Live(server, database_url, admin, consumer)


@pytest.fixture
async def http(live: Live) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live.server.http, timeout=WAIT_S) as client:
        yield client


class Frames:
    """The frames of one streamed response, parsed as they arrive."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.multipart = response.headers["content-type"].startswith("multipart/mixed")
        self._chunks = response.aiter_bytes()
        self._buffer = b""

    async def next(self) -> tuple[str, Any]:
        """('next', result) / ('complete', None) for SSE; ('part', value) / ('end', None) for
        multipart. Heartbeats are returned too, as ('heartbeat', None)."""
        async with asyncio.timeout(WAIT_S):
            while True:
                frame = self._take()
                if frame is not None:
                    return frame
                self._buffer += await anext(self._chunks)

    def _take(self) -> tuple[str, Any] | None:
        if self.multipart:
            delimiter = b"\r\n--graphql"
            start = self._buffer.find(delimiter)
            if start < 0:
                return None
            rest = self._buffer[start + len(delimiter) :]
            if rest.startswith(b"--"):
                self._buffer = b""
                return ("end", None)
            end = rest.find(delimiter)
            if end < 0:
                return None
            part, self._buffer = rest[:end], rest[end:]
            value = json.loads(part.split(b"\r\n\r\n", 1)[1])
            return ("heartbeat", None) if value == {} else ("part", value)
        if b"\n\n" not in self._buffer:
            return None
        block, self._buffer = self._buffer.split(b"\n\n", 1)
        lines = block.decode().split("\n")
        if all(line.startswith(":") for line in lines):
            return ("heartbeat", None)
        fields = dict(
            line.split(": ", 1) if ": " in line else (line.rstrip(":"), "") for line in lines
        )
        data = fields.get("data") or None
        return (fields["event"], json.loads(data) if data else None)

    async def next_data(self) -> tuple[str, Any]:
        """The next frame that is not a heartbeat (bounded: heartbeats never end)."""
        async with asyncio.timeout(WAIT_S):
            while (frame := await self.next())[0] == "heartbeat":
                pass
            return frame


def stream(
    http: httpx.AsyncClient,
    accept: str,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    body = {"query": query, "variables": variables or {}}
    return http.stream("POST", "/graphql", json=body, headers={"accept": accept, **(headers or {})})


async def set_status(http: httpx.AsyncClient, admin: SignedInUser, status: str) -> None:
    response = await http.post(
        "/graphql",
        json={"query": SET_STATUS, "variables": {"status": status}},
        headers=admin.headers,
    )
    assert response.json()["data"]["setBackendStatus"]["__typename"] == "SetBackendStatusSuccess"


async def test_sse_streams_the_current_state_then_each_change(http, live):
    admin, consumer = live.admin, live.consumer
    # given a consumer following a backend over Server-Sent Events
    async with stream(http, SSE, FOLLOW, STATEVECTOR, consumer.headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
        assert response.headers["cache-control"] == "no-cache, no-transform"
        frames = Frames(response)
        # then its current state comes first
        event, first = await frames.next_data()
        assert event == "next"
        assert first["data"]["backendStatusChanged"]["name"] == "aer_simulator_statevector"
        # when an admin takes it down, then the change arrives as the next event
        await set_status(http, admin, "MAINTENANCE")
        event, changed = await frames.next_data()
        assert (event, changed["data"]["backendStatusChanged"]["status"]) == (
            "next",
            "MAINTENANCE",
        )
        await set_status(http, admin, "ONLINE")
        assert (await frames.next_data())[1]["data"]["backendStatusChanged"]["status"] == "ONLINE"


async def test_multipart_streams_apollo_parts_and_heartbeats(http, live):
    admin = live.admin
    # given an anonymous client following a public subscription as Apollo Client does
    async with stream(http, MULTIPART, FOLLOW, STATEVECTOR) as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == (
            'multipart/mixed;boundary="graphql";subscriptionSpec="1.0"'
        )
        frames = Frames(response)
        # then each result is a part with a payload
        kind, part = await frames.next_data()
        assert kind == "part"
        assert part["payload"]["data"]["backendStatusChanged"]["name"] == STATEVECTOR["name"]
        # and an empty part keeps an idle stream alive (every 5 s)
        assert (await frames.next())[0] == "heartbeat"
        await set_status(http, admin, "OFFLINE")
        kind, part = await frames.next_data()
        assert part["payload"]["data"]["backendStatusChanged"]["status"] == "OFFLINE"
        await set_status(http, admin, "ONLINE")


async def test_a_query_over_sse_is_one_event_then_complete(http, live):
    async with stream(http, SSE, "query Stats { backendStats { total } }") as response:
        frames = Frames(response)
        event, result = await frames.next_data()
        assert event == "next" and result["data"]["backendStats"]["total"] > 0
        assert await frames.next_data() == ("complete", None)


@pytest.mark.parametrize("accept", [SSE, MULTIPART])
@pytest.mark.parametrize(
    ("query", "code", "says"),
    [
        ("subscription { nope }", "GRAPHQL_VALIDATION_FAILED", "nope"),
        (DEEP, "GRAPHQL_VALIDATION_FAILED", "depth"),  # deeper than QRAPH_MAX_QUERY_DEPTH
        ("subscription {", "GRAPHQL_PARSE_FAILED", "Syntax Error"),
    ],
)
async def test_an_operation_that_cannot_run_is_one_error_then_the_end(
    http, live, accept, query, code, says
):
    # given a document the schema refuses (unknown field, over the depth limit, unparsable)
    async with stream(http, accept, query) as response:
        frames = Frames(response)
        kind, value = await frames.next_data()
        # then the stream carries the error, without data, and ends
        errors = value["errors"] if kind == "next" else value["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == code
        assert says in errors[0]["message"]
        assert "data" not in (value if kind == "next" else value["payload"])
        assert (await frames.next_data())[0] in ("complete", "end")


async def test_a_multipart_request_for_a_query_runs_nothing(http, live):
    async with stream(http, MULTIPART, "query Stats { backendStats { total } }") as response:
        _, value = await Frames(response).next_data()
        assert "data" not in value["payload"]
        assert value["payload"]["errors"]


@pytest.mark.parametrize("accept", [SSE, MULTIPART])
async def test_a_wrong_credential_is_refused_before_any_stream(http, live, accept):
    headers = {"authorization": "Bearer not-a-token"}
    async with stream(http, accept, FOLLOW, STATEVECTOR, headers) as response:
        await response.aread()
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b'{"query": "subscription { x }"}', "text/plain", 415),
        (b'{"query": ', "application/json", 400),
        (b'[{"query": "{ __typename }"}]', "application/json", 400),
        (b'{"query": "' + b" " * 1_100_000 + b'"}', "application/json", 413),
        (b'{"query": "\xff\xfe"}', "application/json", 400),
    ],
)
async def test_bad_bodies_are_refused_as_for_any_request(http, live, content, content_type, status):
    headers = {"accept": SSE, "content-type": content_type}
    response = await http.post("/graphql", content=content, headers=headers)
    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"]


async def test_each_caller_holds_at_most_its_share_of_open_streams(http, live):
    consumer = live.consumer
    # given a consumer holding as many open streams as allowed
    async with (
        stream(http, SSE, FOLLOW, STATEVECTOR, consumer.headers) as one,
        stream(http, MULTIPART, FOLLOW, STATEVECTOR, consumer.headers) as two,
    ):
        # (the readers are kept: a dropped one's byte iterator closes its connection)
        readers = Frames(one), Frames(two)
        assert [(await reader.next_data())[0] for reader in readers] == ["next", "part"]
        # when it opens one more, then it is refused with a typed 429
        async with stream(http, SSE, FOLLOW, STATEVECTOR, consumer.headers) as three:
            await three.aread()
        assert three.status_code == 429
        assert three.json()["errors"][0]["extensions"]["code"] == "TOO_MANY_SUBSCRIPTIONS"
    # and once it closes them, it may open another (the server notices the departure)
    async with asyncio.timeout(WAIT_S):
        while True:
            async with stream(http, SSE, FOLLOW, STATEVECTOR, consumer.headers) as again:
                if again.status_code == 200:
                    break
            await asyncio.sleep(0.05)


@pytest.mark.parametrize("accept", [SSE, MULTIPART])
async def test_revoking_the_credential_ends_the_stream(http, live, accept):
    # given a user of its own (signing it out touches no other test's user), following
    user = await signed_in(live.database_url, Role.CONSUMER)
    async with stream(http, accept, FOLLOW, STATEVECTOR, user.headers) as response:
        frames = Frames(response)
        await frames.next_data()  # the current state: the stream is live
        # when the user signs out everywhere
        signed_out = await http.post(
            "/graphql", json={"query": "mutation { logoutAll }"}, headers=user.headers
        )
        assert signed_out.json()["data"]["logoutAll"] >= 1
        # then the stream reports it and ends
        _, value = await frames.next_data()
        errors = value["errors"]  # SSE: a result's errors; multipart: the transport's
        assert errors == [{"message": "Access revoked", "extensions": {"code": "FORBIDDEN"}}]
        assert (await frames.next_data())[0] in ("complete", "end")
