"""Losing access ends open subscriptions: the connection is closed with 4403.

The real app over Starlette's TestClient, graphql-transport-ws spoken by hand, real Redis pub/sub
and PostgreSQL. The periodic recheck is pushed out to an hour here, so a close seen by the tests
that revoke through the API came from the `access` event; the recheck has its own test, which
runs it directly after a revocation whose event was never published.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import anyio
import pytest
from sqlalchemy import update
from starlette.testclient import TestClient, WebSocketTestSession
from starlette.websockets import WebSocketDisconnect
from strawberry import relay

from domain.identity.models import ApiKey
from domain.identity.principal import Role
from qraph import live_connections
from qraph.app import create_app
from qraph.settings import Settings, get_settings
from tests.identity import SignedInUser, make_user
from tests.ws import PING, PROTOCOL, WAIT_S, subscribe, wait_until_live

JOB_UPDATES = "subscription Mine { jobUpdates { id status } }"
LOGOUT_ALL = "mutation { logoutAll }"
CREATE_KEY = """
mutation Key { createApiKey(input: {name: "watcher", scopes: [JOBS_READ]}) {
  ... on CreateApiKeySuccess { secret apiKey { id } } } }
"""
REVOKE_KEY = """
mutation Revoke($id: ID!) { revokeApiKey(id: $id) { __typename } }
"""
SET_ROLES = """
mutation SetRoles($id: ID!, $roles: [Role!]!) {
  setUserRoles(userId: $id, roles: $roles) { __typename }
}
"""


@pytest.fixture
def api(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setattr(live_connections, "RECHECK_S", 3600.0)
    get_settings.cache_clear()
    app = create_app(get_settings())
    with TestClient(app) as client:
        services = app.state.services
        client.portal.call(wait_until_live, services.events, services.redis)
        yield client
    get_settings.cache_clear()


def user(api: TestClient, *roles: Role) -> SignedInUser:
    return api.portal.call(make_user, api.app, *roles)


def post(api: TestClient, query: str, headers: dict[str, str], **variables: Any) -> Any:
    response = api.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def receive(ws: WebSocketTestSession) -> dict[str, Any]:
    """The next message; a close raises WebSocketDisconnect. Bounded, so a bug fails, not hangs."""

    async def next_message() -> Any:
        with anyio.fail_after(WAIT_S):
            return await ws._send_rx.receive()

    message = ws.portal.call(next_message)
    ws._raise_on_close(message)
    return json.loads(message["text"])


@contextmanager
def following_jobs(api: TestClient, authorization: str) -> Iterator[WebSocketTestSession]:
    """An acknowledged connection with a live `jobUpdates` subscription."""
    # Every-job subscriptions follow the process's one job feed (domain/jobs/feeds/).
    feed = api.app.state.services.job_feed  # type: ignore[attr-defined]
    before = len(feed._everyone)
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"authorization": authorization}})
        assert receive(ws) == {"type": "connection_ack"}
        ws.send_json(subscribe("1", JOB_UPDATES))
        ws.send_json(PING)
        assert receive(ws) == {"type": "pong"}

        async def until_subscribed() -> None:
            # Polled: the feed has no hook for "someone followed", and tests must not add one.
            with anyio.fail_after(WAIT_S):
                while True:
                    if len(feed._everyone) > before:
                        return
                    await anyio.sleep(0.01)

        api.portal.call(until_subscribed)
        yield ws


def assert_closed_as_forbidden(ws: WebSocketTestSession) -> None:
    with pytest.raises(WebSocketDisconnect) as closed:
        receive(ws)
    assert closed.value.code == 4403


def test_logout_all_closes_the_subscriptions_its_sessions_opened(api):
    # given a user following their jobs with an access token, and another user doing the same
    person, bystander = user(api), user(api)
    with (
        following_jobs(api, person.headers["Authorization"]) as ws,
        following_jobs(api, bystander.headers["Authorization"]) as other,
    ):
        # when the user signs out everywhere
        assert post(api, LOGOUT_ALL, person.headers)["logoutAll"] == 1
        # then their subscription's connection is closed as forbidden
        assert_closed_as_forbidden(ws)
        # and the other user's connection still answers
        other.send_json(PING)
        assert receive(other) == {"type": "pong"}


def test_revoking_an_api_key_closes_the_subscriptions_it_opened(api):
    # given a key that follows its owner's jobs
    owner = user(api)
    created = post(api, CREATE_KEY, owner.headers)["createApiKey"]
    with following_jobs(api, f"Bearer {created['secret']}") as ws:
        # when the owner revokes the key
        revoked = post(api, REVOKE_KEY, owner.headers, id=created["apiKey"]["id"])
        assert revoked["revokeApiKey"]["__typename"] == "RevokeApiKeySuccess"
        # then the key's connection is closed as forbidden
        assert_closed_as_forbidden(ws)


def test_a_role_change_closes_the_users_subscriptions(api):
    # given an admin following every job, and another admin
    watcher, boss = user(api, Role.CONSUMER, Role.ADMIN), user(api, Role.CONSUMER, Role.ADMIN)
    with following_jobs(api, watcher.headers["Authorization"]) as ws:
        # when the other admin demotes them
        variables = {"id": relay.to_base64("User", watcher.id), "roles": ["CONSUMER"]}
        changed = post(api, SET_ROLES, boss.headers, **variables)
        assert changed["setUserRoles"]["__typename"] == "SetUserRolesSuccess"
        # then the connection opened with ADMIN is closed as forbidden
        assert_closed_as_forbidden(ws)


def test_the_recheck_closes_a_connection_whose_revocation_event_was_lost(api):
    # given a key following jobs
    owner = user(api)
    created = post(api, CREATE_KEY, owner.headers)["createApiKey"]
    with following_jobs(api, f"Bearer {created['secret']}") as ws:
        # when the key is revoked in PostgreSQL without any event (as if pub/sub lost it)
        services = api.app.state.services  # type: ignore[attr-defined]

        async def revoke_quietly() -> None:
            async with services.sessionmaker() as session, session.begin():
                await session.execute(update(ApiKey).values(revoked_at=datetime.now(UTC)))

        api.portal.call(revoke_quietly)
        # then the connection still answers until the recheck runs
        ws.send_json(PING)
        assert receive(ws) == {"type": "pong"}
        # and the recheck closes it as forbidden
        assert api.portal.call(services.connections.recheck) == 1
        assert_closed_as_forbidden(ws)
