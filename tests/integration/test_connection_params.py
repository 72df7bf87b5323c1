"""Connection params over the real WebSocket: every shape clients send authenticates, any other
credential shape closes with 4400, and a wrong credential with 4403, never anonymous."""

from __future__ import annotations

import pytest
from starlette.websockets import WebSocketDisconnect

from tests.integration.test_subscriptions import ADMIN_HEADERS, api, receive  # noqa: F401
from tests.ws import PROTOCOL

SHAPES = [
    lambda auth: {"authorization": auth},
    lambda auth: {"Authorization": auth},
    lambda auth: {"headers": {"Authorization": auth}},
    lambda auth: {"headers": {"authorization": auth}},
]


def close_code(api, payload: object) -> int:  # noqa: F811
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": payload})
        with pytest.raises(WebSocketDisconnect) as closed:
            receive(ws)
    return closed.value.code


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_clients_send_signs_the_connection_in(api, shape):  # noqa: F811
    # given a signed-in admin's header, sent in one of the shapes clients use
    authorization = ADMIN_HEADERS[id(api)]["Authorization"]
    connections = api.app.state.services.connections
    before = len(connections)
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": shape(authorization)})
        # then the connection is acknowledged
        assert receive(ws) == {"type": "connection_ack"}
        # and it is the admin's, not anonymous: only signed-in connections are tracked for
        # revocation
        assert len(connections) == before + 1


@pytest.mark.parametrize(
    "payload",
    [
        {"token": "x"},
        {"headers": {"X-Auth-Token": "x"}},
        {"headers": "Authorization: Bearer x"},
        {"authorization": 42},
        {"authorization": "Token abc"},
        {"apiKey": ["qk_1"]},
    ],
)
def test_a_credential_in_another_shape_closes_with_4400(api, payload):  # noqa: F811
    assert close_code(api, payload) == 4400


@pytest.mark.parametrize(
    "payload",
    [
        {"headers": {"Authorization": "Bearer not-a-token"}},
        {"apiKey": "qk_not_a_key"},
        {"authorization": "Bearer \x00" + "x" * 100_000},
    ],
)
def test_a_wrong_credential_in_a_read_shape_closes_with_4403(api, payload):  # noqa: F811
    assert close_code(api, payload) == 4403
