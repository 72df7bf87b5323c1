"""`appUpdated` over a real WebSocket: an app's new versions, rating changes and status changes
reach its subscribers, from mutations served by another app instance (another process's hub,
through Redis), and a viewer who may no longer read the app gets nothing until they may again.

Sync, as tests/integration/test_subscriptions.py: Starlette's TestClient runs each app on its
own loop; the apps tests' async helpers run against it through a thin adapter.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import update
from starlette.testclient import TestClient

from domain.identity.principal import Role
from domain.jobs.models import Job
from qraph.app import create_app
from qraph.settings import Settings, get_settings
from tests.identity import make_user
from tests.integration import apps_support as support
from tests.integration.test_job_subscriptions import connection
from tests.integration.test_reviews import REVIEW, RUN
from tests.integration.test_subscriptions import receive
from tests.ws import subscribe, wait_until_live

FOLLOW = """
subscription Follow($slug: String!) {
  appUpdated(slug: $slug) { changes app { slug archived rating ratingCount
    ratingSummary { histogram { stars count } } latestVersion { version } } }
}
"""
ARCHIVE = """
mutation A($id: ID!, $archived: Boolean!) { archiveApp(id: $id, archived: $archived) {
  __typename } }
"""


class _Async:
    """The async `post` the apps helpers await, over a TestClient."""

    def __init__(self, client: TestClient) -> None:
        self._client = client

    async def post(self, *args: Any, **kwargs: Any) -> Any:
        return self._client.post(*args, **kwargs)


def _started(settings: Settings) -> Iterator[TestClient]:
    get_settings.cache_clear()
    app = create_app(get_settings())
    with TestClient(app) as client:
        services = app.state.services
        client.portal.call(wait_until_live, services.events, services.redis)
        yield client


@pytest.fixture
def apis(settings: Settings) -> Iterator[tuple[TestClient, TestClient]]:
    """Two app instances on one database and Redis: one serves sockets, the other mutations."""
    served, mutating = _started(settings), _started(settings)
    with_sockets, with_mutations = next(served), next(mutating)
    try:
        yield with_sockets, with_mutations
    finally:
        for started in (served, mutating):
            with pytest.raises(StopIteration):
                next(started)
    get_settings.cache_clear()


def _next(ws: Any) -> dict[str, Any]:
    message = receive(ws)
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    return message["payload"]["data"]["appUpdated"]


def test_new_versions_ratings_and_status_changes_reach_subscribers(apis):
    api, other = apis
    app = other.app
    call = other.portal.call
    client = _Async(other)
    developer = call(make_user, app, Role.CONSUMER, Role.DEVELOPER)
    found = asyncio.run(support.release(client, developer.headers, "live-app"))
    version_id = asyncio.run(support.published(client, developer.headers, found["id"], "1.0.0"))
    asyncio.run(support.in_registry(client, developer.headers, version_id))
    runner = call(make_user, app, Role.CONSUMER)
    run = {"appSlug": "live-app", "inputs": {"theta": 0.5, "phi": 0.25}, "backend": "aer_simulator"}
    body = other.post(
        "/graphql", json={"query": RUN, "variables": {"input": run}}, headers=runner.headers
    ).json()
    assert body["data"]["runApp"]["__typename"] == "SubmitJobSuccess", body

    async def complete_runs() -> None:
        async with app.state.services.sessionmaker() as session, session.begin():
            await session.execute(update(Job).values(status="COMPLETED"))

    call(complete_runs)
    # given an anonymous subscriber and the owner, each seeing the current state first
    with connection(api, None) as anonymous, connection(api, developer) as owner:
        anonymous.send_json(subscribe("1", FOLLOW, {"slug": "live-app"}))
        owner.send_json(subscribe("1", FOLLOW, {"slug": "live-app"}))
        for ws in (anonymous, owner):
            first = _next(ws)
            assert first["changes"] == [] and first["app"]["latestVersion"]["version"] == "1.0.0"
        # when the developer publishes 1.1.0 (through the other instance)
        asyncio.run(support.published(client, developer.headers, found["id"], "1.1.0"))
        # then both see the new version (created, then published: one or two events)
        for ws in (anonymous, owner):
            seen = _next(ws)
            assert seen["changes"] == ["VERSION"]
            if seen["app"]["latestVersion"]["version"] != "1.1.0":
                seen = _next(ws)
            assert seen["app"]["latestVersion"]["version"] == "1.1.0", seen
        # when the runner reviews it
        feed = api.app.state.services.app_feed
        reads = feed.reads
        review = {"appId": found["id"], "input": {"rating": 5, "text": "Live!"}}
        body = other.post(
            "/graphql", json={"query": REVIEW, "variables": review}, headers=runner.headers
        ).json()
        assert body["data"]["reviewApp"]["__typename"] == "ReviewAppSuccess", body
        # then both see the new rating
        for ws in (anonymous, owner):
            seen = _next(ws)
            assert seen["changes"] == ["RATING"], seen
            assert seen["app"]["rating"] == "5.00" and seen["app"]["ratingCount"] == 1
            assert seen["app"]["ratingSummary"]["histogram"][4] == {"stars": 5, "count": 1}
        # and the process read the app once for both subscribers
        assert feed.reads == reads + 1
        # when the developer archives it, then the owner sees it archived
        for archived in (True, False):
            variables = {"id": found["id"], "archived": archived}
            other.post(
                "/graphql",
                json={"query": ARCHIVE, "variables": variables},
                headers=developer.headers,
            )
            assert _next(owner)["app"]["archived"] is archived
        # and the anonymous viewer, who may not read an archived app, gets nothing for the
        # archiving: its next message is the restoring
        restored = _next(anonymous)
        assert restored["changes"] == ["STATUS"] and restored["app"]["archived"] is False


def test_an_app_the_viewer_may_not_read_ends_the_stream_at_once(apis):
    api, other = apis
    developer = other.portal.call(make_user, other.app, Role.CONSUMER, Role.DEVELOPER)
    asyncio.run(
        support.release(_Async(other), developer.headers, "hidden-app", visibility="UNLISTED")
    )
    with connection(api, None) as ws:
        for op_id, slug in (("1", "hidden-app"), ("2", "no-such-app"), ("3", "x" * 10_000)):
            ws.send_json(subscribe(op_id, FOLLOW, {"slug": slug}))
            assert receive(ws) == {"id": op_id, "type": "complete"}
