"""The credential in a subscription's connection params: every shape clients send, and the rest
refused as malformed (close 4400), never read as anonymous."""

from __future__ import annotations

import pytest

from domain.identity.authn import Credentials
from qraph.credentials import MalformedConnectionParams, credentials_from_params

TOKEN = "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig"
KEY = "qk_live_0123456789"

ACCEPTED = [
    (None, Credentials()),
    ({}, Credentials()),
    ({"client": "web", "version": 3}, Credentials()),  # not a credential: the client's business
    ({"authorization": TOKEN}, Credentials(bearer=TOKEN.split()[1])),
    ({"Authorization": TOKEN}, Credentials(bearer=TOKEN.split()[1])),
    ({"headers": {"Authorization": TOKEN}}, Credentials(bearer=TOKEN.split()[1])),
    ({"headers": {"authorization": TOKEN, "x-trace": "1"}}, Credentials(bearer=TOKEN.split()[1])),
    ({"apiKey": KEY}, Credentials(api_key=KEY)),
    ({"headers": {"X-API-Key": KEY}}, Credentials(api_key=KEY)),
    (
        {"authorization": TOKEN, "headers": {"Authorization": TOKEN}},
        Credentials(bearer=TOKEN.split()[1]),
    ),
    ({"authorization": None}, Credentials()),
]

MALFORMED = [
    ["a list"],
    "Bearer x",
    {"token": TOKEN},
    {"accessToken": TOKEN},
    {"access_token": TOKEN},
    {"jwt": TOKEN},
    {"headers": {"token": TOKEN}},
    {"headers": {"X-Auth-Token": TOKEN}},
    {"headers": "Authorization: Bearer x"},
    {"headers": ["Authorization", TOKEN]},
    {"authorization": 42},
    {"authorization": {"Bearer": TOKEN}},
    {"headers": {"Authorization": ["Bearer", "x"]}},
    {"apiKey": 123},
    {"authorization": "Basic dXNlcjpwYXNz"},
    {"authorization": "Bearer "},
    {"authorization": TOKEN, "apiKey": KEY},  # two different credentials
    {"authorization": TOKEN, "headers": {"Authorization": "Bearer other"}},
]


@pytest.mark.parametrize(("params", "expected"), ACCEPTED)
def test_the_shapes_clients_send_are_read(params: object, expected: Credentials) -> None:
    assert credentials_from_params(params) == expected


@pytest.mark.parametrize("params", MALFORMED)
def test_any_other_credential_shape_is_refused_never_anonymous(params: object) -> None:
    with pytest.raises(MalformedConnectionParams) as refused:
        credentials_from_params(params)
    # the reason fits a WebSocket close frame (123 bytes)
    assert 0 < len(refused.value.reason.encode()) <= 123
