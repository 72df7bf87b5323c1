"""GraphiQL in a real headless Chromium, with no network beyond the API: a query, an
authenticated subscription and a live one, all through the page as a person would use it.

Chromium is Debian's (`apt-get install chromium`), driven by Playwright (a dev dependency, which
never downloads a browser here). Every request to a host other than 127.0.0.1 is aborted and
recorded, and a dead proxy catches whatever the interception cannot see, so a script, style or
font fetched from a CDN fails the test. Without Chromium the test is skipped, saying so.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx
import pytest

from domain.db import make_engine, make_sessionmaker
from domain.identity.bootstrap import ensure_dev_admin
from tests.e2e.test_live_updates import Server, start, stop, wait_until_healthy

if TYPE_CHECKING:
    from playwright.async_api import Page

CHROMIUM = os.environ.get("QRAPH_CHROMIUM") or next(
    filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on this machine: `apt-get install -y chromium` (or set QRAPH_CHROMIUM)",
)
LOCAL_HOSTS = ("127.0.0.1", "localhost")
WAIT_MS = 30_000
WAIT_S = WAIT_MS / 1000

SUBSCRIBE_QUEUE = 'subscription SignedIn { queueUpdated(backend: "aer_simulator") { queued } }'
SUBSCRIBE_STATUS = """subscription Follow {
  backendStatusChanged(name: "fake_sherbrooke") { name status statusReason }
}"""
SET_STATUS = """
mutation { setBackendStatus(name: "fake_sherbrooke", status: MAINTENANCE, reason: "Cooldown") {
  __typename
} }
"""
# The text of every CodeMirror editor on the page (query, variables, headers, response).
EDITORS = (
    "() => Array.from(document.querySelectorAll('.CodeMirror')).map(e => e.CodeMirror.getValue())"
)
RESPONSE = "() => document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue()"
QUERY_EDITOR = "document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror"


async def poll(page: Page, expression: str, arg: object, done: Callable[[object], bool]) -> object:
    """Evaluate until `done` holds (not wait_for_function: it evals a string, which the page's
    CSP forbids, as it should)."""
    deadline = asyncio.get_running_loop().time() + WAIT_S
    while True:
        value = await page.evaluate(expression, arg)
        if done(value):
            return value
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"gave up waiting on {expression}; it gives:\n{value}")
        await asyncio.sleep(0.1)


async def response_with(page: Page, needle: str) -> str:
    """The response pane's text once it shows `needle`."""
    return str(await poll(page, RESPONSE, None, lambda text: needle in str(text)))


async def type_operation(page: Page, text: str, name: str) -> None:
    """Replace the query editor's text, then wait for GraphiQL to take it in (it parses edits
    after a short debounce, and runs the operation it last parsed)."""
    await page.evaluate(f"(text) => {QUERY_EDITOR}.setValue(text)", text)
    await poll(page, f"() => {QUERY_EDITOR}.operationName", None, lambda value: value == name)


async def _dev_admin_key(database_url: str) -> str:
    """The local admin `make run` creates, through the same code, in the test's database."""
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine).begin() as session:
            return (await ensure_dev_admin(session, saved_key=None)).api_key
    finally:
        await engine.dispose()


@pytest.fixture
async def development_server(
    database_url: str, redis_url: str, tmp_path: Path
) -> AsyncIterator[tuple[Server, str]]:
    """One API process in development, with the local admin's key where `make run` keeps it."""
    key = await _dev_admin_key(database_url)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "dev-admin-key").write_text(key)
    env = os.environ | {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "QRAPH_ENV": "development",
        "QRAPH_DATA_DIR": str(data_dir),
        "QRAPH_LOG_LEVEL": "WARNING",
    }
    server = start(env, tmp_path / "api.log")
    try:
        await asyncio.to_thread(wait_until_healthy, server)
        yield server, key
    finally:
        stop(server)


async def test_graphiql_runs_a_query_and_subscriptions_with_nothing_but_the_api(
    development_server: tuple[Server, str],
) -> None:
    from playwright.async_api import Route, async_playwright

    server, key = development_server
    blocked: list[str] = []
    problems: list[str] = []
    sockets: list[str] = []

    async def only_local(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            await route.continue_()
        else:
            blocked.append(route.request.url)
            await route.abort("internetdisconnected")

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            # Anything the interception misses (a WebSocket, a preconnect) meets a dead proxy;
            # Chromium never proxies loopback, so the API itself stays reachable.
            args=["--proxy-server=http://127.0.0.1:9", "--disable-background-networking"],
        )
        try:
            context = await browser.new_context()
            await context.route("**/*", only_local)
            page = await context.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("websocket", lambda ws: sockets.append(ws.url))

            # given GraphiQL opened from the development server
            await page.goto(f"{server.http}/graphql", wait_until="load")
            await page.wait_for_selector(".graphiql-query-editor .CodeMirror", timeout=WAIT_MS)
            # then its Headers tab already holds the local admin's header
            editors = await page.evaluate(EDITORS)
            assert any(f"Bearer {key}" in text for text in editors), editors

            # when the default query is run
            await page.click(".graphiql-execute-button")
            # then the catalog's devices come back
            assert '"name": "fake_' in await response_with(page, '"totalCount"')

            # when a subscription that needs a signed-in caller is run
            await type_operation(page, SUBSCRIBE_QUEUE, "SignedIn")
            await page.click(".graphiql-execute-button")
            # then it answers over the WebSocket, signed in with the Headers tab's key
            assert '"errors"' not in await response_with(page, '"queued"')
            await page.click(".graphiql-execute-button")  # stop it

            # when a live subscription is run
            await type_operation(page, SUBSCRIBE_STATUS, "Follow")
            await page.click(".graphiql-execute-button")
            await response_with(page, "ONLINE")
            # and the backend changes through the API meanwhile
            async with httpx.AsyncClient(timeout=WAIT_S) as http:
                changed = await http.post(
                    f"{server.http}/graphql",
                    json={"query": SET_STATUS},
                    headers={"Authorization": f"Bearer {key}"},
                )
            assert changed.status_code == 200, changed.text
            # then the page shows the change as it happens
            assert "Cooldown" in await response_with(page, "MAINTENANCE")
        finally:
            await browser.close()

    # and nothing was fetched from anywhere but the API, and nothing failed on the page
    assert blocked == []
    assert problems == []
    assert sockets and all(url == server.ws for url in sockets), sockets
