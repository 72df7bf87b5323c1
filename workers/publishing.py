"""Job events leave the worker in pipelines: everything told in one turn of the loop, one trip.

A batch of claims resolves its deliveries' futures in one turn of the event loop, and so does a
batch of results; each delivery then tells its own events. `EventPipeline` gathers what is told
within a turn and sends it in one pipelined round trip to Redis, so a batch of N jobs costs
one trip per step instead of N. Each caller still awaits its own events, so one job's events
keep their order (RUNNING is out before COMPLETED is told).

The transitions are committed before their events are told; a lost event is repaired by
subscribers re-reading state, so a failed publish is logged, never raised. For the same reason
an event told twice in one turn (the same topic, key and kind: a batch of 100 jobs of one user
each telling that user's `notification`) is sent once.

Notification events are held a little longer (`HOLD_S`) and gathered across turns: a batch of
100 jobs finishing one by one would otherwise push 100 `notificationAdded` messages for one
coalesced notification. They wait at most `HOLD_S` (the notification is committed already, and
`notifications` reads it at once), and `close` sends what is still held.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

from domain import events

log = logging.getLogger("qraph.worker.jobs")

HELD_TOPIC = "notification"
HOLD_S = 1.0


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class EventPipeline:
    """`tell` events; they are published with the rest of this loop turn's, in one trip."""

    def __init__(self, redis: Any, *, hold_s: float = HOLD_S) -> None:
        self.redis = redis
        self.hold_s = hold_s
        self._pending: list[events.Event] = []
        self._sent: asyncio.Future[None] | None = None
        self._held: dict[tuple[str, str, str], events.Event] = {}
        self._release: asyncio.TimerHandle | None = None
        self.trips = 0  # pipelines sent, for tests and figures

    def tell(self, to_publish: Iterable[events.Event]) -> asyncio.Future[None]:
        """A future done once these events (and their turn's company) are published; a
        notification event goes out with the next release of held ones instead."""
        for event in to_publish:
            if event.topic == HELD_TOPIC:
                self._hold(event)
            else:
                self._pending.append(event)
        return self._flushing()

    def _hold(self, event: events.Event) -> None:
        self._held.setdefault((event.topic, event.key, event.kind), event)
        if self._release is None:
            loop = asyncio.get_running_loop()
            self._release = loop.call_later(self.hold_s, self._release_held)

    def _release_held(self) -> None:
        self._release = None
        held, self._held = list(self._held.values()), {}
        self._pending.extend(held)
        self._flushing()

    async def close(self) -> None:
        """Send what is held now (the worker stops)."""
        if self._release is not None:
            self._release.cancel()
            self._release_held()
        if self._sent is not None:
            await self._sent

    def _flushing(self) -> asyncio.Future[None]:
        if self._sent is None:
            loop = asyncio.get_running_loop()
            self._sent = loop.create_future()
            loop.call_soon(self._flush)
        return self._sent

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        sent, self._sent = self._sent, None
        assert sent is not None
        task = asyncio.get_running_loop().create_task(self._send(pending))
        task.add_done_callback(lambda _: _settle(sent))

    async def _send(self, to_publish: list[events.Event]) -> None:
        if not to_publish:
            return
        self.trips += 1
        # Events carry IDs only, so equal ones say the same thing: the first of each is sent.
        unique: dict[tuple[str, str, str], events.Event] = {}
        for event in to_publish:
            unique.setdefault((event.topic, event.key, event.kind), event)
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for event in unique.values():
                    message = event.encode()
                    pipe.publish(events.channel(event.topic), message)
                    pipe.publish(events.channel(event.topic, event.key), message)
                await pipe.execute()
        except Exception:
            log.warning("could not publish job events", exc_info=True)
