"""EventHub against real Redis: routing by channel, slow consumers, reconnects, no leaks.

Redis pub/sub ignores the database number, so each test uses its own topic and names its hub's
connection: other Qraph processes on the same Redis server stay out of the way.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from domain.events import Event, channel, publish
from qraph.pubsub import EventHub, SlowConsumer
from tests.ws import WAIT_S, wait_until_live


@pytest.fixture
def topic() -> str:
    """A topic of this test's own (the hub routes any topic alike)."""
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def client_name() -> str:
    return f"qraph-test-hub-{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def redis(redis_url: str, client_name: str) -> AsyncIterator[Redis]:
    """The hub's client, named so that the reconnect test can find its pub/sub connection."""
    client = Redis.from_url(redis_url, client_name=client_name)
    yield client
    await client.aclose()


@pytest.fixture
async def publisher(redis_url: str) -> AsyncIterator[Redis]:
    """A separate client for publishing and administration, as another process would use."""
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


@contextlib.asynccontextmanager
async def running_hub(redis: Redis, publisher: Redis, **options: int) -> AsyncIterator[EventHub]:
    hub = EventHub(redis, **options)
    await hub.start()
    try:
        await wait_until_live(hub, publisher)
        yield hub
    finally:
        await hub.stop()


async def next_event(stream: AsyncIterator[Event]) -> Event:
    async with asyncio.timeout(WAIT_S):
        return await anext(stream)


async def test_an_event_reaches_its_object_and_topic_channels_only(redis, publisher, topic):
    # given a live hub with subscribers on one object, on its whole topic, and on another object
    one, other = f"one-{uuid.uuid4().hex}", f"other-{uuid.uuid4().hex}"
    async with (
        running_hub(redis, publisher) as hub,
        hub.subscribe(channel(topic, one)) as object_stream,
        hub.subscribe(channel(topic)) as topic_stream,
        hub.subscribe(channel(topic, other)) as other_stream,
    ):
        # when an event about the first object is published, then one about the other
        await publish(publisher, Event(topic, one, "status_changed"))
        await publish(publisher, Event(topic, other, "status_changed"))

        # then the object subscriber gets its event, the topic subscriber gets both in order
        assert (await next_event(object_stream)).key == one
        assert [(await next_event(topic_stream)).key for _ in range(2)] == [one, other]
        # and the other object's subscriber gets nothing before its own event (Redis keeps order)
        received = await next_event(other_stream)
        assert (received.topic, received.key, received.kind) == (topic, other, "status_changed")


async def test_a_slow_consumer_is_dropped_while_a_fast_one_gets_every_event(
    redis, publisher, topic
):
    # given a hub with room for 2 queued events, and a slow and a fast subscriber on one object
    key = f"busy-{uuid.uuid4().hex}"
    busy = channel(topic, key)
    async with running_hub(redis, publisher, queue_size=2) as hub:
        async with hub.subscribe(busy) as slow, hub.subscribe(busy) as fast:
            # when 10 events are published and only the fast subscriber reads (in step, so that the
            # test does not depend on how many messages one socket read happens to carry)
            sent = [Event(topic, key, f"change-{i}") for i in range(10)]
            received = []
            for event in sent:
                await publish(publisher, event)
                received.append(await next_event(fast))

            # then the fast subscriber got all of them, in order
            assert [e.kind for e in received] == [e.kind for e in sent]
            # and the slow one's stream ends with SlowConsumer instead of its stale backlog
            late = []
            with pytest.raises(SlowConsumer):
                async with asyncio.timeout(WAIT_S):
                    async for event in slow:
                        late.append(event)
            assert late == []
            # and only the fast subscriber is still registered
            assert len(hub._subscribers.get(busy, ())) == 1
        # and once both have left, the dropped one left nothing behind
        assert busy not in hub._subscribers


async def test_the_hub_reconnects_after_redis_drops_its_connection(
    redis, publisher, topic, client_name
):
    # given a live hub and a subscriber created before the connection is lost
    key = f"survivor-{uuid.uuid4().hex}"
    async with (
        running_hub(redis, publisher) as hub,
        hub.subscribe(channel(topic, key)) as before,
    ):
        # when Redis kills the hub's pub/sub connection (and only that one)
        ids = [
            c["id"] for c in await publisher.client_list(_type="pubsub") if c["name"] == client_name
        ]
        assert len(ids) == 1
        killed = await publisher.execute_command("CLIENT", "KILL", "ID", ids[0], "TYPE", "pubsub")
        assert killed == 1

        # then the hub gets a new pub/sub connection and says it is connected again
        async with asyncio.timeout(WAIT_S):
            while True:
                names = {c["id"]: c["name"] for c in await publisher.client_list(_type="pubsub")}
                new = [i for i, name in names.items() if name == client_name and i != ids[0]]
                if new and hub.connected.is_set():
                    break
                await asyncio.sleep(0.02)
        await wait_until_live(hub, publisher)

        # and subscribers from before and after the loss both get a newly published event
        async with hub.subscribe(channel(topic, key)) as after:
            await publish(publisher, Event(topic, key, "status_changed"))
            assert (await next_event(before)).key == key
            assert (await next_event(after)).key == key


async def test_leaving_the_subscribe_block_removes_the_subscriber(redis, publisher, topic):
    # given a live hub
    key = f"brief-{uuid.uuid4().hex}"
    wanted = channel(topic, key)
    async with running_hub(redis, publisher) as hub:
        # when two subscribers join the same channel and one of them leaves
        async with hub.subscribe(wanted):
            async with hub.subscribe(wanted):
                assert len(hub._subscribers.get(wanted, ())) == 2
            # then only the other one is left
            assert len(hub._subscribers.get(wanted, ())) == 1
        # and when the last one leaves, the channel's entry is gone too
        assert wanted not in hub._subscribers

        # when a subscriber's block ends with an error
        with pytest.raises(RuntimeError):
            async with hub.subscribe(wanted):
                raise RuntimeError("the client went away")
        # then it is removed all the same
        assert wanted not in hub._subscribers


async def test_stopping_the_hub_ends_every_stream_even_a_full_one(redis, publisher, topic):
    # given a hub with room for 2 events, and a subscriber whose queue is exactly full
    key = f"full-{uuid.uuid4().hex}"
    hub = EventHub(redis, queue_size=2)
    await hub.start()
    await wait_until_live(hub, publisher)
    async with (
        hub.subscribe(channel(topic, key)) as full,
        hub.subscribe(channel(topic, key)) as pace,
    ):
        for i in range(2):
            await publish(publisher, Event(topic, key, f"change-{i}"))
            await next_event(pace)  # both queues have it once this one has
        # when the hub stops (the app's shutdown)
        await hub.stop()
        # then the stream ends (with or without its backlog) rather than waiting for ever
        received = []
        async with asyncio.timeout(1):  # it ends at once or never; 1 s is only a safety net
            async for event in full:
                received.append(event.kind)
        assert set(received) <= {"change-0", "change-1"}
