"""Helpers for live-update tests: graphql-transport-ws messages, and a barrier for the event hub.

The protocol is spoken by hand (enisdenjo/graphql-ws PROTOCOL.md), so that the tests see every
message and close code the server sends, not what a client library makes of them.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from redis.asyncio import Redis

from domain.events import Event, channel, publish
from qraph.pubsub import EventHub

PROTOCOL = "graphql-transport-ws"
WAIT_S = 10.0  # a safety net against hangs only: a healthy server answers in milliseconds

CONNECTION_INIT: dict[str, Any] = {"type": "connection_init"}
PING: dict[str, Any] = {"type": "ping"}


def subscribe(op_id: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"id": op_id, "type": "subscribe", "payload": {"query": query, "variables": variables}}


def complete(op_id: str) -> dict[str, Any]:
    return {"id": op_id, "type": "complete"}


async def wait_until_live(hub: EventHub, publisher: Redis) -> None:
    """Until an event published now is delivered through `hub`.

    `connected` is set once PSUBSCRIBE has been sent, not once Redis has confirmed it, so a
    probe's round trip through Redis is the barrier that makes "publish, then receive" safe.
    """
    key = uuid.uuid4().hex
    async with asyncio.timeout(WAIT_S), hub.subscribe(channel("probe", key)) as probes:
        await hub.connected.wait()
        while True:
            await publish(publisher, Event("probe", key, "ping"))
            try:
                async with asyncio.timeout(0.05):
                    await anext(probes)
                return
            except TimeoutError:
                continue
