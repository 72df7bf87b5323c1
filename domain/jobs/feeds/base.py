"""What every feed shares: followers' bounded queues, the read loop over the hub, snapshots."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Hashable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import async_sessionmaker

from domain.db import AsyncSession
from domain.errors import DomainError
from domain.events import Event, channel
from domain.jobs.models import Job

log = logging.getLogger("qraph.feeds")

QUEUE_SIZE = 256  # changes a follower may have waiting before it is dropped
HUB_QUEUE_SIZE = 65_536  # the feed's own hub queue: a burst arrives before the feed runs
QUEUE_INTERVAL_S = 0.25  # at most one queue read (and message per backend) per this long
SHOWN_SIZE = 10_000  # recent jobs whose last state shown to every-job followers is remembered

T = TypeVar("T")
_CLOSED = object()


class FellBehind(DomainError):
    """The viewer's stream could not keep up and was dropped; subscribe again and re-read."""

    code = "FELL_BEHIND"

    def __init__(self) -> None:
        super().__init__(
            "This subscription fell too far behind the live events and was ended; "
            "subscribe again, and re-read what you follow."
        )


class EventSource(Protocol):
    """The process's event hub (qraph.pubsub.EventHub)."""

    def subscribe(
        self, channel: str, *, queue_size: int | None = None
    ) -> AbstractAsyncContextManager[AsyncIterator[Event]]: ...


class Snapshot:
    """One read, shared by every follower it reaches.

    `memo` lets the layers above build what they derive from the read (the API object, the
    loaders its fields use, a rendered result) once per snapshot too, instead of per follower.
    """

    __slots__ = ("_memo",)

    def __init__(self) -> None:
        self._memo: dict[Hashable, Any] = {}

    def memo(self, key: Hashable, make: Callable[..., T], *args: Any) -> T:
        """What `make(*args)` built for `key` in this snapshot, built on the first call."""
        try:
            found: T = self._memo[key]
        except KeyError:
            found = self._memo[key] = make(*args)
        return found


@dataclass(frozen=True, slots=True)
class Change:
    """A job's row after one or more events (None: it is gone), from a shared read."""

    job_id: uuid.UUID
    row: Job | None
    kinds: frozenset[str]  # the events' kinds; empty for the current state a follower asked for
    snapshot: Snapshot


Sink = Callable[[Any], bool]  # takes a change as the feed reads it; False: it fell behind


class _Follower:
    """A follower's bounded queue; or, with a sink, a callback that takes each change as the
    feed reads it (no task switch per change), the queue then carrying only the stream's end."""

    __slots__ = ("queue", "sink")

    def __init__(self, size: int, sink: Sink | None = None) -> None:
        self.queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=size)
        self.sink = sink

    def offer(self, item: object) -> bool:
        if self.sink is not None:
            return self.sink(item)
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            return False
        return True

    def end(self, marker: object) -> None:
        """Replace the backlog with `marker`: the end matters more than stale changes."""
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(marker)

    async def items(self) -> AsyncIterator[Any]:
        while True:
            item = await self.queue.get()
            if item is _CLOSED:
                return
            if isinstance(item, BaseException):
                raise item
            yield item


class _Feed:
    """A hub subscription whose events are noted by a pump and answered in batches."""

    topic = ""

    def __init__(
        self, source: EventSource, sessionmaker: async_sessionmaker[AsyncSession], *, size: int
    ) -> None:
        self._source = source
        self._sessionmaker = sessionmaker
        self._size = size
        self._wake = asyncio.Event()
        self._live = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    async def _start(self) -> None:
        if self._task is None or self._task.done():
            self._live = asyncio.Event()
            self._closed = False
            self._task = asyncio.create_task(self._run(), name=f"qraph-{self.topic}-feed")
        # Subscribed to the hub before the follower reads anything: no change is lost between.
        await self._live.wait()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._end_all(_CLOSED)

    async def _run(self) -> None:
        try:
            await self._follow_hub()
        except Exception:
            # A bug must not leave followers waiting for ever: they end, and re-subscribing
            # starts the feed again.
            log.exception("a live feed failed")
            self._end_all(FellBehind())

    async def _follow_hub(self) -> None:
        while True:
            async with self._source.subscribe(
                channel(self.topic), queue_size=HUB_QUEUE_SIZE
            ) as stream:
                self._live.set()
                pump = asyncio.create_task(self._pump(stream), name=f"qraph-{self.topic}-pump")
                try:
                    await self._serve(pump)
                finally:
                    pump.cancel()
                    await asyncio.wait([pump])
            if self._closed:  # the hub stopped: so does every stream
                self._end_all(_CLOSED)
                return
            log.warning("a live feed fell behind its events; its followers re-read")
            self._lost_events()

    async def _pump(self, stream: AsyncIterator[Event]) -> None:
        try:
            async for event in stream:
                self._note(event)
                self._wake.set()
            self._closed = True
        finally:
            self._wake.set()

    async def _serve(self, pump: asyncio.Task[None]) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            if pump.done():
                return
            await self._answer()

    def _note(self, event: Event) -> None:
        raise NotImplementedError

    async def _answer(self) -> None:
        raise NotImplementedError

    def _lost_events(self) -> None:
        raise NotImplementedError

    def _end_all(self, marker: object) -> None:
        raise NotImplementedError
