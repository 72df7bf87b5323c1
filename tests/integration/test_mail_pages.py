"""Email in development: the mailbox page lists the outbox, its links open `/verify-email` and
`/reset-password` on this server, and those pages complete the flows (forms, no scripts)."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from qraph.settings import Environment, Settings, get_settings
from tests.identity import TEST_PASSWORD
from tests.integration.accounts_support import ME, data, login, new_name, register

PORT = 18167  # never bound: links must name the port the server is configured to serve on
REQUEST_RESET = """
mutation Request($email: String!) {
  requestPasswordReset(email: $email) { __typename }
}
"""
LINK = re.compile(r'href="(http://[^"]+)"')


@pytest.fixture
def settings(database_url: str, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("QRAPH_PORT", str(PORT))
    monkeypatch.delenv("QRAPH_PUBLIC_URL", raising=False)
    get_settings.cache_clear()
    return get_settings().model_copy(update={"env": Environment.DEVELOPMENT})


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def _mailed_link(client: httpx.AsyncClient, recipient: str, path: str) -> str:
    """The link to `path` in the mailbox's newest mail to `recipient`, as path and query."""
    page = await client.get("/dev/mailbox", params={"to": recipient})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    links = [html.unescape(u) for u in LINK.findall(page.text) if urlsplit(u).path == path]
    assert links, page.text
    url = urlsplit(links[0])
    # the link names the host and port this server is served on (no QRAPH_PUBLIC_URL set)
    assert (url.hostname, url.port) == ("127.0.0.1", PORT)
    return f"{url.path}?{url.query}"


def _hidden_token(page: str) -> str:
    found = re.search(r'name=token value="([^"]+)"', page)
    assert found is not None, page
    return html.unescape(found.group(1))


async def test_sign_up_through_the_mailbox_and_the_verify_page(client):
    # given a new registration
    name = new_name()
    email = f"{name}@example.org"
    assert (await register(client, name))["__typename"] == "RegisterSuccess"
    # when the person opens the mailbox, follows the link, and presses the button
    link = await _mailed_link(client, email, "/verify-email")
    shown = await client.get(link)
    assert shown.status_code == 200 and "<script" not in shown.text
    token = _hidden_token(shown.text)
    form = {"token": token}
    confirmed = await client.post("/verify-email", data=form)
    # then the address is verified (opening the page alone verified nothing)
    assert confirmed.status_code == 200 and "confirmed" in confirmed.text
    signed_in = await login(client, name)
    me = (await data(client, ME, token=signed_in["accessToken"]))["me"]
    assert me["emailVerified"] is True
    # and the link works once
    again = await client.post("/verify-email", data=form)
    assert again.status_code == 400 and "not valid" in again.text


async def test_a_verify_page_opened_but_not_submitted_spends_nothing(client):
    # given a registration whose link is only opened (as a mail scanner would)
    name = new_name()
    await register(client, name)
    link = await _mailed_link(client, f"{name}@example.org", "/verify-email")
    await client.get(link)
    # then the account is still unverified
    token = (await login(client, name))["accessToken"]
    assert (await data(client, ME, token=token))["me"]["emailVerified"] is False


async def test_reset_password_through_the_page(client):
    # given an account and a reset request
    name = new_name()
    email = f"{name}@example.org"
    await register(client, name)
    await data(client, REQUEST_RESET, {"email": email})
    link = await _mailed_link(client, email, "/reset-password")
    token = _hidden_token((await client.get(link)).text)
    new_password = "a brand new passphrase 42"
    # when the two entries differ, or the password is too short
    differ = await client.post(
        "/reset-password",
        data={"token": token, "new_password": new_password, "confirm_password": "other"},
    )
    short = await client.post(
        "/reset-password", data={"token": token, "new_password": "x", "confirm_password": "x"}
    )
    # then each is refused on the page, and the token still works
    assert differ.status_code == 400 and "differ" in differ.text
    assert short.status_code == 400 and _hidden_token(short.text) == token
    # when the form is right
    done = await client.post(
        "/reset-password",
        data={"token": token, "new_password": new_password, "confirm_password": new_password},
    )
    # then the new password signs in and the old one does not
    assert done.status_code == 200 and "changed" in done.text
    assert (await login(client, name, new_password))["__typename"] == "LoginSuccess"
    assert (await login(client, name, TEST_PASSWORD))["__typename"] == "InvalidCredentialsError"


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", b"token=\xff\xfe"),  # not UTF-8
        ("application/x-www-form-urlencoded", b"token=qt_a%00b"),  # NUL
        ("application/x-www-form-urlencoded", b"token=" + b"q" * 20_000),  # too large
        ("application/x-www-form-urlencoded", b"token=" + b"q" * 500),  # too long a token
        ("application/x-www-form-urlencoded", b""),  # no token
        ("application/json", b'{"token": "qt_x"}'),  # not a form
        ("multipart/form-data; boundary=x", b"--x--"),
    ],
)
async def test_hostile_form_posts_are_refused_plainly(client, content_type, body):
    for path in ("/verify-email", "/reset-password"):
        response = await client.post(path, content=body, headers={"content-type": content_type})
        assert response.status_code == 400, (path, response.text)
        assert "Traceback" not in response.text and "sqlalchemy" not in response.text.lower()


async def test_pages_forbid_framing_referrers_scripts_and_caching(client):
    for path in ("/verify-email?token=qt_x", "/reset-password?token=qt_x", "/dev/mailbox"):
        response = await client.get(path)
        assert response.status_code == 200
        assert "script-src" not in response.headers["content-security-policy"]
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["cache-control"] == "no-store"
    # a token is escaped into the page, never interpreted
    injected = await client.get("/verify-email", params={"token": 'qt_"><b>x'})
    assert '"><b>x' not in injected.text and "&quot;&gt;&lt;b&gt;x" in injected.text


async def test_the_mailbox_answers_only_on_this_machine(app):
    # given a client from another address (a server started with --host 0.0.0.0)
    transport = httpx.ASGITransport(app=app, client=("192.0.2.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as remote:
        # when it asks for the mailbox
        response = await remote.get("/dev/mailbox")
    # then it is refused, and no mail is shown
    assert response.status_code == 403 and "<pre>" not in response.text


async def test_links_without_a_token_explain_themselves(client):
    for path in ("/verify-email", "/reset-password?token="):
        response = await client.get(path)
        assert response.status_code == 400 and "incomplete" in response.text


async def test_there_is_no_mailbox_outside_development(database_url, redis_url, monkeypatch):
    # given the app in the test environment (production behaves the same)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REDIS_URL", redis_url)
    get_settings.cache_clear()
    from qraph.app import create_app

    app = create_app(get_settings())
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test") as http,
    ):
        # when the mailbox is asked for
        response = await http.get("/dev/mailbox")
        # then it does not exist, while the account pages do
        assert response.status_code == 404
        assert (await http.get("/verify-email?token=qt_x")).status_code == 200
