"""The GraphiQL page pre-fills the local admin's header in development, for this machine only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from starlette.requests import Request

from qraph import graphiql
from qraph.settings import Settings

KEY = "qk_" + "A1b2" * 10
CONFIG = re.compile(r'<script type="application/json" id="qraph-graphiql-config">(.*?)</script>')


def request_from(host: str | None) -> Request:
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/graphql",
        "headers": [(b"accept", b"text/html")],
        "query_string": b"",
        "client": (host, 50000) if host is not None else None,
    }
    return Request(scope)


def settings_for(
    tmp_path: Path, env: str, *, key: str | bytes | None = KEY, **extra: str
) -> Settings:
    if key is not None:
        data = key.encode() if isinstance(key, str) else key
        (tmp_path / graphiql.DEV_ADMIN_KEY_FILE).write_bytes(data)
    return Settings(QRAPH_ENV=env, QRAPH_DATA_DIR=str(tmp_path), **extra)  # type: ignore[call-arg]


def config_of(body: bytes) -> dict[str, object]:
    match = CONFIG.search(body.decode())
    assert match is not None
    value: dict[str, object] = json.loads(match.group(1))
    return value


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "127.8.9.10"])
def test_in_development_a_browser_on_this_machine_gets_the_admins_header(
    tmp_path: Path, host: str
) -> None:
    # given a development install whose `make run` saved the local admin's key
    settings = settings_for(tmp_path, "development")
    # when the page is opened from this machine
    response = graphiql.page(request_from(host), settings)
    # then the Headers tab starts with the header `make run` printed, and is not cached
    headers = config_of(response.body)["defaultHeaders"]
    assert isinstance(headers, str)
    assert json.loads(headers) == {"Authorization": f"Bearer {KEY}"}
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "host", ["203.0.113.7", "10.0.0.2", "::ffff:198.51.100.1", "testclient", None]
)
def test_a_browser_elsewhere_never_gets_the_admins_key(tmp_path: Path, host: str | None) -> None:
    # given a development server bound to a public address
    settings = settings_for(tmp_path, "development")
    # when someone else's browser (or one we cannot place) opens the page
    response = graphiql.page(request_from(host), settings)
    # then no header is pre-filled and the key appears nowhere in the page
    assert config_of(response.body)["defaultHeaders"] is None
    assert KEY.encode() not in response.body


@pytest.mark.parametrize(
    ("env", "extra"),
    [
        ("test", {}),
        ("production", {"QRAPH_GRAPHIQL": "true"}),
        ("development", {"QRAPH_CREATE_DEV_ADMIN": "false"}),
    ],
)
def test_only_development_with_the_local_admin_prefills(
    tmp_path: Path, env: str, extra: dict[str, str]
) -> None:
    # given a key file, but not a development install with the local admin
    settings = settings_for(tmp_path, env, **extra)
    # when the page is opened from this machine
    response = graphiql.page(request_from("127.0.0.1"), settings)
    # then nothing is pre-filled
    assert config_of(response.body)["defaultHeaders"] is None
    assert KEY.encode() not in response.body


@pytest.mark.parametrize(
    "content",
    [
        None,  # no key file yet
        b"",
        b"\xff\xfe not utf-8",
        b"qk_abc</script><script>alert(1)</script>",
        b"qk_\x00abc",
        "qk_ключ".encode(),
        b"Bearer qk_abc",
        b"qk_" + b"a" * 100_000 + b"\n</script>",
    ],
)
def test_a_missing_or_odd_key_file_prefills_nothing_and_breaks_nothing(
    tmp_path: Path, content: bytes | None
) -> None:
    # given a key file that is missing, empty, not text, or hostile
    settings = settings_for(tmp_path, "development", key=content)
    # when the page is opened from this machine
    response = graphiql.page(request_from("127.0.0.1"), settings)
    # then the page still renders, with its config intact and no markup injected
    config = config_of(response.body)
    if config["defaultHeaders"] is not None:  # only a plain printable key is ever used
        assert "<" not in str(config["defaultHeaders"])
    assert response.body.count(b"<script") == len(graphiql.SCRIPTS) + 1
    assert b"alert(1)" not in response.body


def test_the_config_cannot_close_its_script_element() -> None:
    # given text that would end the script element and open another
    hostile = "</script><script>alert(1)</script><!--"
    # when it is embedded as the page's JSON config
    embedded = graphiql._script_json({"defaultQuery": hostile})
    # then no tag or comment opener survives, and the JSON still decodes to the same text
    assert "<" not in embedded and ">" not in embedded
    assert json.loads(embedded) == {"defaultQuery": hostile}
