"""One Redis pub/sub listener per API process, fanned out to bounded per-subscriber queues.

Not `broadcaster`: it keeps unbounded queues and hangs when Redis drops the connection. Here the
listener reconnects with backoff and resubscribes, and a subscriber that falls `QUEUE_SIZE`
events behind is dropped (its stream ends with `SlowConsumer`) instead of growing memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from domain.events import CHANNEL_PREFIX, Event

log = logging.getLogger("qraph.pubsub")

QUEUE_SIZE = 256
_CLOSED = object()


class SlowConsumer(Exception):
    """The subscriber fell too far behind and was dropped."""


class EventHub:
    def __init__(self, redis: Redis, *, queue_size: int = QUEUE_SIZE) -> None:
        self._redis = redis
        self._queue_size = queue_size
        self._subscribers: dict[str, set[asyncio.Queue[Any]]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self.connected = asyncio.Event()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="qraph-event-hub")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for queues in self._subscribers.values():
            for queue in queues:
                if not _offer(queue, _CLOSED):  # full: the end matters more than the backlog
                    while not queue.empty():
                        queue.get_nowait()
                    _offer(queue, _CLOSED)

    async def _listen(self) -> None:
        backoff = 0.1
        while True:
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(CHANNEL_PREFIX + "*")
                self.connected.set()
                backoff = 0.1
                async for message in pubsub.listen():
                    if message["type"] == "pmessage":
                        self._dispatch(message["channel"], message["data"])
            except (RedisError, OSError) as exc:
                self.connected.clear()
                log.warning("event listener lost Redis; reconnecting", extra={"error": str(exc)})
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()

    def _dispatch(self, raw_channel: bytes | str, data: bytes | str) -> None:
        name = raw_channel.decode() if isinstance(raw_channel, bytes) else raw_channel
        queues = self._subscribers.get(name)
        if not queues:
            return
        try:
            event = Event.decode(data)
        except (ValueError, KeyError):
            log.warning("dropped a malformed event", extra={"channel": name})
            return
        for queue in list(queues):
            if not _offer(queue, event):
                # Full: replace its backlog with one marker so the consumer ends cleanly.
                while not queue.empty():
                    queue.get_nowait()
                _offer(queue, SlowConsumer())
                queues.discard(queue)

    @contextlib.asynccontextmanager
    async def subscribe(
        self, channel: str, *, queue_size: int | None = None
    ) -> AsyncIterator[AsyncIterator[Event]]:
        """Events on `channel` from now on, until the block exits.

        `queue_size` overrides the hub's bound for this subscriber: the process's shared feeds
        (domain/jobs/feeds/) only note ids, but a burst of messages that Redis delivers in one
        read reaches them before they get to run.
        """
        queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=queue_size or self._queue_size)
        self._subscribers[channel].add(queue)

        async def events() -> AsyncIterator[Event]:
            while True:
                item = await queue.get()
                if item is _CLOSED:
                    return
                if isinstance(item, SlowConsumer):
                    raise item
                yield item

        try:
            yield events()
        finally:
            subscribers = self._subscribers.get(channel)
            if subscribers is not None:
                subscribers.discard(queue)
                if not subscribers:
                    del self._subscribers[channel]


def _offer(queue: asyncio.Queue[Any], item: object) -> bool:
    try:
        queue.put_nowait(item)
    except asyncio.QueueFull:
        return False
    return True
