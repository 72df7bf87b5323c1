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
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

from domain import events

log = logging.getLogger("qraph.worker.jobs")


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class EventPipeline:
    """`tell` events; they are published with the rest of this loop turn's, in one trip."""

    def __init__(self, redis: Any) -> None:
        self.redis = redis
        self._pending: list[events.Event] = []
        self._sent: asyncio.Future[None] | None = None
        self.trips = 0  # pipelines sent, for tests and figures

    def tell(self, to_publish: Iterable[events.Event]) -> asyncio.Future[None]:
        """A future done once these events (and their turn's company) are published."""
        self._pending.extend(to_publish)
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
