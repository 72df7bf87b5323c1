"""`notificationAdded` over a real WebSocket across two API processes (two app instances, each
with its own event hub, on one database and Redis): a notification made by a mutation served
by one instance reaches its user's subscription on the other, and no one else's; the process
reads each batch once for all its subscribers; a coalesced notification arrives again with its
higher count, and a broadcast (NEW_VERSION) pushes nothing to a user whose latest is unchanged.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import update

from domain.identity.principal import Role
from domain.jobs.models import Job
from tests.identity import make_user
from tests.integration import apps_support as support
from tests.integration.test_app_updates import RUN, _Async, apis
from tests.integration.test_job_subscriptions import connection
from tests.integration.test_reviews import REVIEW
from tests.integration.test_subscriptions import receive
from tests.ws import subscribe

__all__ = ["apis"]

ADDED = """
subscription { notificationAdded { id kind title body count read link } }
"""


def _next(ws: Any) -> dict[str, Any]:
    message = receive(ws)
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    return message["payload"]["data"]["notificationAdded"]


def _runner(other: Any, slug: str) -> Any:
    """A user with a completed run of the app, made through the other instance."""
    runner = other.portal.call(make_user, other.app, Role.CONSUMER)
    run = {"appSlug": slug, "inputs": {"theta": 0.5, "phi": 0.25}, "backend": "aer_simulator"}
    body = other.post(
        "/graphql", json={"query": RUN, "variables": {"input": run}}, headers=runner.headers
    ).json()
    assert body["data"]["runApp"]["__typename"] == "SubmitJobSuccess", body

    async def complete() -> None:
        async with other.app.state.services.sessionmaker() as session, session.begin():
            await session.execute(
                update(Job).where(Job.owner_id == runner.id).values(status="COMPLETED")
            )

    other.portal.call(complete)
    return runner


def _review(other: Any, who: Any, app_id: str, rating: int) -> None:
    variables = {"appId": app_id, "input": {"rating": rating, "text": "Live"}}
    body = other.post(
        "/graphql", json={"query": REVIEW, "variables": variables}, headers=who.headers
    ).json()
    assert body["data"]["reviewApp"]["__typename"] == "ReviewAppSuccess", body


def test_notifications_reach_their_user_from_another_process_and_no_one_else(apis):
    api, other = apis
    client = _Async(other)
    developer = other.portal.call(make_user, other.app, Role.CONSUMER, Role.DEVELOPER)
    found = asyncio.run(support.release(client, developer.headers, "notified-app"))
    version_id = asyncio.run(support.published(client, developer.headers, found["id"], "1.0.0"))
    asyncio.run(support.in_registry(client, developer.headers, version_id))
    runner, second = _runner(other, "notified-app"), _runner(other, "notified-app")
    feed = api.app.state.services.notification_feed
    # given the developer and a runner subscribed on one instance
    with connection(api, developer) as owner_ws, connection(api, runner) as runner_ws:
        owner_ws.send_json(subscribe("1", ADDED))
        runner_ws.send_json(subscribe("1", ADDED))
        # (both followed before anything happens: a first event reaches both feeds' followers)
        for _ in range(100):
            if len(feed._followers) == 2:
                break
            api.portal.call(asyncio.sleep, 0.05)
        assert len(feed._followers) == 2
        reads = feed.reads
        # when the runner reviews the app through the other instance
        _review(other, runner, found["id"], 5)
        # then the developer hears of it, once, from a single read of this process
        added = _next(owner_ws)
        assert added["kind"] == "NEW_REVIEW" and added["count"] == 1 and added["read"] is False
        assert added["body"] == "5 stars: Live"
        assert feed.reads == reads + 1
        # when the developer publishes 1.1.0 (a broadcast: every follower's latest is re-read)
        asyncio.run(support.published(client, developer.headers, found["id"], "1.1.0"))
        # then the runner's first message is NEW_VERSION: it never got the developer's review
        news = _next(runner_ws)
        assert news["kind"] == "NEW_VERSION" and "1.1.0" in news["title"]
        # when a second runner reviews, then the developer's notification arrives again,
        # coalesced (same id, count 2): the broadcast pushed nothing unchanged in between
        _review(other, second, found["id"], 4)
        again = _next(owner_ws)
        assert again["id"] == added["id"] and again["count"] == 2
        assert again["body"] == "4 stars: Live"


def test_an_anonymous_subscriber_is_refused(apis):
    api, _ = apis
    with connection(api, None) as ws:
        ws.send_json(subscribe("1", ADDED))
        message = receive(ws)
        assert message["type"] == "error", message
        assert message["payload"][0]["extensions"]["code"] == "UNAUTHENTICATED"
