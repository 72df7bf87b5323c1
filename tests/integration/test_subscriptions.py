"""Subscriptions over the real ASGI app: graphql-transport-ws spoken by hand, real Redis fan-out.

Starlette's TestClient runs the app (and its lifespan) on its own event loop, so these tests are
synchronous. "Nothing arrives" is checked by order, never by waiting: a sentinel change that the
subscriber does follow is made afterwards, and it must be the next message, because Redis
delivers one connection's messages in order and a subscription handles its events in order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import anyio
import pytest
from redis import Redis as SyncRedis
from starlette.applications import Starlette
from starlette.testclient import TestClient, WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from domain.events import CHANNEL_PREFIX
from domain.identity.principal import Role
from qraph.app import create_app
from qraph.settings import Settings, get_settings
from tests.identity import make_user
from tests.ws import CONNECTION_INIT, PING, PROTOCOL, WAIT_S, subscribe, wait_until_live

FOLLOW = """
subscription Follow($name: String) {
  backendStatusChanged(name: $name) { name status statusReason }
}
"""

SET_STATUS = """
mutation SetStatus($name: String!, $status: BackendStatus!, $reason: String) {
  setBackendStatus(name: $name, status: $status, reason: $reason) {
    __typename
    ... on SetBackendStatusSuccess { backend { name status statusReason } }
    ... on Error { code message }
    ... on InvalidInputError { field }
  }
}
"""

BACKEND = """
query Backend($name: String!) { backend(name: $name) { name status statusReason } }
"""


# The admin credentials of each `api` client, by client identity.
ADMIN_HEADERS: dict[int, dict[str, str]] = {}


@pytest.fixture
def api(settings: Settings) -> Iterator[TestClient]:
    """The real app on the test's database and Redis, with an admin signed in, its hub live."""
    get_settings.cache_clear()
    app = create_app(get_settings())
    with TestClient(app) as client:
        services = app.state.services
        client.portal.call(wait_until_live, services.events, services.redis)
        admin = client.portal.call(make_user, app, Role.ADMIN)
        ADMIN_HEADERS[id(client)] = admin.headers
        yield client
    get_settings.cache_clear()


def receive(ws: WebSocketTestSession) -> dict[str, Any]:
    """The next message; a close raises WebSocketDisconnect. Bounded, so a bug fails, not hangs.

    TestClient's own receive has no timeout, hence the reach into its stream.
    """

    async def next_message() -> Any:
        with anyio.fail_after(WAIT_S):
            return await ws._send_rx.receive()

    message = ws.portal.call(next_message)
    ws._raise_on_close(message)
    return json.loads(message["text"])


@contextmanager
def connection(api: TestClient) -> Iterator[WebSocketTestSession]:
    """A graphql-transport-ws connection, acknowledged."""
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        assert ws.accepted_subprotocol == PROTOCOL
        ws.send_json(CONNECTION_INIT)
        assert receive(ws) == {"type": "connection_ack"}
        yield ws


def follow(api: TestClient, ws: WebSocketTestSession, name: str | None) -> None:
    """Subscribe to `backendStatusChanged(name)` as operation "1".

    With a name, the subscription is live once its first message (the current state) arrives;
    without one there is no first message, so this waits until the process's backend feed has
    the follower.
    """
    before = follower_count(api)
    ws.send_json(subscribe("1", FOLLOW, {"name": name}))
    if name is None:
        wait_for_followers(api, before + 1)


def next_change(ws: WebSocketTestSession) -> dict[str, Any]:
    message = receive(ws)
    assert message["type"] == "next", message
    assert message["id"] == "1"
    assert "errors" not in message["payload"], message
    return message["payload"]["data"]["backendStatusChanged"]


def follower_count(api: TestClient) -> int:
    """Backend subscriptions in the app's process: they follow its one backend feed."""
    feed = _app(api).state.services.backend_feed
    return len(feed._followers)


def wait_for_followers(api: TestClient, count: int) -> None:
    async def poll() -> None:
        # Polled: the feed has no hook for "someone followed", and tests must not add one.
        with anyio.fail_after(WAIT_S):
            while True:
                if follower_count(api) >= count:
                    return
                await anyio.sleep(0.01)

    api.portal.call(poll)


def _app(api: TestClient) -> Starlette:
    app = api.app
    assert isinstance(app, Starlette)
    return app


def set_status(
    api: TestClient,
    name: str,
    status: str,
    reason: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Set a status as the fixture's admin, or with the given headers ({} is anonymous)."""
    response = api.post(
        "/graphql",
        json={"query": SET_STATUS, "variables": {"name": name, "status": status, "reason": reason}},
        headers=ADMIN_HEADERS[id(api)] if headers is None else headers,
    )
    # 200 for a result and for a field error alike; anything else is not what these tests send
    assert response.status_code == 200, response.text
    return response.json()


def current(api: TestClient, name: str) -> dict[str, Any]:
    response = api.post("/graphql", json={"query": BACKEND, "variables": {"name": name}})
    return response.json()["data"]["backend"]


def state(name: str, status: str, reason: str | None = None) -> dict[str, Any]:
    return {"name": name, "status": status, "statusReason": reason}


def test_the_legacy_graphql_ws_protocol_is_refused(api):
    # given a client that only speaks the legacy graphql-ws protocol
    with api.websocket_connect("/graphql", subprotocols=["graphql-ws"]) as ws:
        # then the handshake agrees on no subprotocol
        assert ws.accepted_subprotocol is None
        # and whatever it sends, the server closes with 4406 without answering
        ws.send_json({"type": "connection_init", "payload": {}})
        ws.send_json({"id": "1", "type": "start", "payload": {"query": FOLLOW}})
        with pytest.raises(WebSocketDisconnect) as closed:
            receive(ws)
    assert closed.value.code == 4406


def test_a_backend_subscription_yields_its_state_then_each_change(api):
    # given one subscriber to fake_sherbrooke and one to fake_kyiv, each seeing its state first
    with connection(api) as sherbrooke, connection(api) as kyiv:
        follow(api, sherbrooke, "fake_sherbrooke")
        follow(api, kyiv, "fake_kyiv")
        assert next_change(sherbrooke) == state("fake_sherbrooke", "ONLINE")
        assert next_change(kyiv) == state("fake_kyiv", "ONLINE")

        # when an admin takes fake_sherbrooke down for maintenance
        body = set_status(api, "fake_sherbrooke", "MAINTENANCE", "Cryostat warm-up")
        maintenance = state("fake_sherbrooke", "MAINTENANCE", "Cryostat warm-up")
        assert body["data"]["setBackendStatus"] == {
            "__typename": "SetBackendStatusSuccess",
            "backend": maintenance,
        }
        # then its subscriber sees the change with the reason
        assert next_change(sherbrooke) == maintenance

        # when it is brought back ONLINE
        set_status(api, "fake_sherbrooke", "ONLINE")
        # then its subscriber sees that too, without the reason
        assert next_change(sherbrooke) == state("fake_sherbrooke", "ONLINE")

        # and fake_kyiv's subscriber saw neither: its next message is its own backend's change
        set_status(api, "fake_kyiv", "OFFLINE", "Sentinel")
        assert next_change(kyiv) == state("fake_kyiv", "OFFLINE", "Sentinel")


def test_without_a_name_the_subscription_follows_the_whole_catalog(api):
    # given a subscriber to every backend
    with connection(api) as ws:
        follow(api, ws, None)

        # when two different backends change
        set_status(api, "fake_kyiv", "MAINTENANCE", "Recalibration")
        set_status(api, "fake_sherbrooke", "OFFLINE", "Power outage")

        # then it sees both, in order, and the first message is a change: no initial state
        assert next_change(ws) == state("fake_kyiv", "MAINTENANCE", "Recalibration")
        assert next_change(ws) == state("fake_sherbrooke", "OFFLINE", "Power outage")


def test_refused_and_no_op_status_changes_publish_nothing(api, redis_url):
    # given a subscriber to every backend, and a raw listener on every Qraph channel in Redis
    with connection(api) as ws, SyncRedis.from_url(redis_url).pubsub() as raw:
        raw.psubscribe(CHANNEL_PREFIX + "*")
        assert raw.get_message(timeout=WAIT_S)["type"] == "psubscribe"
        follow(api, ws, None)

        # when the change is sent anonymously
        body = set_status(api, "fake_sherbrooke", "MAINTENANCE", "Sneaky", headers={})
        # then it is forbidden
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert body["errors"][0]["path"] == ["setBackendStatus"]

        # when MAINTENANCE comes without a reason
        body = set_status(api, "fake_sherbrooke", "MAINTENANCE")
        # then the union says which argument is wrong
        invalid = body["data"]["setBackendStatus"]
        assert invalid["__typename"] == "InvalidInputError"
        assert (invalid["code"], invalid["field"]) == ("INVALID_INPUT", "reason")

        # when the backend does not exist
        body = set_status(api, "fake_nowhere", "ONLINE")
        # then it is not found
        not_found = body["data"]["setBackendStatus"]
        assert (not_found["__typename"], not_found["code"]) == ("NotFoundError", "NOT_FOUND")

        # and nothing changed
        assert current(api, "fake_sherbrooke") == state("fake_sherbrooke", "ONLINE")

        # when an ONLINE backend is set ONLINE again
        body = set_status(api, "fake_sherbrooke", "ONLINE")
        # then that succeeds, but is no change
        assert body["data"]["setBackendStatus"]["__typename"] == "SetBackendStatusSuccess"

        # and nothing was published: the next event on any channel, and the subscriber's next
        # message, are both the sentinel change made now
        set_status(api, "fake_kyiv", "MAINTENANCE", "Sentinel")
        first = raw.get_message(timeout=WAIT_S)
        assert first is not None
        assert json.loads(first["data"])["key"] == "fake_kyiv"
        assert next_change(ws) == state("fake_kyiv", "MAINTENANCE", "Sentinel")


def test_a_subscription_to_an_unknown_backend_completes_without_a_value(api):
    # given an acknowledged connection
    with connection(api) as ws:
        # when it subscribes to a backend that does not exist
        ws.send_json(subscribe("1", FOLLOW, {"name": "fake_nowhere"}))
        # then the operation completes at once, with no value
        assert receive(ws) == {"id": "1", "type": "complete"}
        # and the connection stays usable
        ws.send_json(PING)
        assert receive(ws) == {"type": "pong"}


def test_a_subscribe_before_connection_init_closes_with_4401(api):
    # given a connection that skipped connection_init
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        # when it subscribes
        ws.send_json(subscribe("1", FOLLOW, {"name": "fake_sherbrooke"}))
        # then the server closes it as unauthorized, without running the operation
        with pytest.raises(WebSocketDisconnect) as closed:
            receive(ws)
    assert closed.value.code == 4401


def test_a_connection_with_a_bad_credential_is_closed_with_4403(api):
    # given a client that authenticates with a token nobody issued
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        init = {"type": "connection_init", "payload": {"authorization": "Bearer not-a-token"}}
        ws.send_json(init)
        # then the connection is refused with the protocol's forbidden code
        with pytest.raises(WebSocketDisconnect) as closed:
            receive(ws)
    assert closed.value.code == 4403


def test_a_connection_with_a_valid_credential_is_acknowledged(api):
    authorization = ADMIN_HEADERS[id(api)]["Authorization"]
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"authorization": authorization}})
        assert receive(ws) == {"type": "connection_ack"}
