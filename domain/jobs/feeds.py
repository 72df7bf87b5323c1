"""The process's live feeds: one read per batch of events, shared by every follower.

Events carry ids only (domain/events.py), so each one is answered by reading the row. Read per
subscriber, 2,000 admins following every job cost 2,000 reads of each job that changed. Here one
task per API process takes the hub's job events, reads every job that changed since its last
read in one `SELECT ... WHERE id IN (...)`, and hands the rows to each follower's bounded queue;
each follower then checks its viewer and filter in memory (watch.py). Events that arrive while a
read runs make the next batch, so bursts coalesce by themselves. Queue events work the same way,
at most one read per `QUEUE_INTERVAL_S`, and so do backend status changes.

A follower whose queue fills up is dropped (its stream ends with `FellBehind`, or for queues
with a re-read), as the hub drops slow subscribers, so one stuck client never holds the others
back or grows memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Hashable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import async_sessionmaker

from domain.backends import service as backends_service
from domain.backends.models import Backend
from domain.db import AsyncSession
from domain.errors import DomainError
from domain.events import Event, channel
from domain.jobs import queues, reads
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

    def memo(self, key: Hashable, make: Callable[[], T]) -> T:
        try:
            found: T = self._memo[key]
        except KeyError:
            found = self._memo[key] = make()
        return found


@dataclass(frozen=True, slots=True)
class Change:
    """A job's row after one or more events (None: it is gone), from a shared read."""

    job_id: uuid.UUID
    row: Job | None
    kinds: frozenset[str]  # the events' kinds; empty for the current state a follower asked for
    snapshot: Snapshot


class _Follower:
    __slots__ = ("queue",)

    def __init__(self, size: int) -> None:
        self.queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=size)

    def offer(self, item: object) -> bool:
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


class JobFeed(_Feed):
    """Job events for every follower in this process, each batch read once."""

    topic = "job"

    def __init__(
        self,
        source: EventSource,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        size: int = QUEUE_SIZE,
    ) -> None:
        super().__init__(source, sessionmaker, size=size)
        self._everyone: set[_Follower] = set()
        self._by_job: dict[uuid.UUID, set[_Follower]] = {}
        self._changed: dict[uuid.UUID, set[str]] = {}
        self._first: dict[uuid.UUID, list[_Follower]] = {}
        # The status each recent job was last shown in to every-job followers: two events read
        # after both commits show the same row, and it is sent once.
        self._shown: OrderedDict[uuid.UUID, str] = OrderedDict()
        self.reads = 0  # batches read, for tests and figures

    @contextlib.asynccontextmanager
    async def follow(self, job_id: uuid.UUID | None = None) -> AsyncIterator[AsyncIterator[Change]]:
        """Changes to one job, its current state first; or to every job, without one."""
        await self._start()
        follower = _Follower(self._size)
        if job_id is None:
            self._everyone.add(follower)
        else:
            self._by_job.setdefault(job_id, set()).add(follower)
            self._first.setdefault(job_id, []).append(follower)
            self._wake.set()
        try:
            yield follower.items()
        finally:
            self._forget(follower)

    def _forget(self, follower: _Follower) -> None:
        self._everyone.discard(follower)
        for job_id, followers in list(self._by_job.items()):
            followers.discard(follower)
            if not followers:
                del self._by_job[job_id]

    def _drop(self, follower: _Follower) -> None:
        self._forget(follower)
        follower.end(FellBehind())

    def _note(self, event: Event) -> None:
        try:
            job_id = uuid.UUID(event.key)
        except ValueError:
            return
        self._changed.setdefault(job_id, set()).add(event.kind)

    async def _answer(self) -> None:
        changed, self._changed = self._changed, {}
        first, self._first = self._first, {}
        wanted = [i for i in changed if self._everyone or i in self._by_job]
        wanted += [i for i in first if i not in changed]
        if not wanted:
            return
        try:
            async with self._sessionmaker() as session:
                found = await reads.get_many(session, ids=wanted)
        except Exception:
            # Whoever waited for these rows missed a change: they re-subscribe and re-read.
            log.exception("a live feed could not read the jobs that changed")
            missed = [f for i in wanted for f in self._by_job.get(i, ())]
            for follower in [*missed, *(self._everyone if changed else ())]:
                self._drop(follower)
            return
        self.reads += 1
        rows = dict(zip(wanted, found, strict=True))
        self._dispatch(rows, changed, first, Snapshot())

    def _dispatch(
        self,
        rows: Mapping[uuid.UUID, Job | None],
        changed: Mapping[uuid.UUID, set[str]],
        first: Mapping[uuid.UUID, list[_Follower]],
        snapshot: Snapshot,
    ) -> None:
        for job_id, row in rows.items():
            waiting = first.get(job_id, ())
            for follower in waiting:
                if not follower.offer(Change(job_id, row, frozenset(), snapshot)):
                    self._drop(follower)
            kinds = changed.get(job_id)
            if kinds is None:
                continue
            change = Change(job_id, row, frozenset(kinds), snapshot)
            followers = [f for f in self._by_job.get(job_id, ()) if f not in waiting]
            if row is not None and self._news(job_id, row, kinds):
                followers += self._everyone
            for follower in followers:
                if not follower.offer(change):
                    self._drop(follower)

    def _news(self, job_id: uuid.UUID, row: Job, kinds: set[str]) -> bool:
        """Whether every-job followers have not seen this state yet (status changes only)."""
        shown = self._shown.pop(job_id, None)
        self._shown[job_id] = row.status
        if len(self._shown) > SHOWN_SIZE:
            self._shown.popitem(last=False)
        return shown != row.status or not kinds <= {"status_changed"}

    def _lost_events(self) -> None:
        self._changed.clear()
        self._end_all(FellBehind())

    def _end_all(self, marker: object) -> None:
        followers = {*self._everyone, *(f for fs in self._by_job.values() for f in fs)}
        self._everyone.clear()
        self._by_job.clear()
        self._first.clear()
        for follower in followers:
            follower.end(marker)


@dataclass(frozen=True, slots=True)
class QueueBatch:
    """Queues read together; None: everything followed must be re-read (a drop, or the start)."""

    infos: list[queues.QueueInfo] | None
    snapshot: Snapshot


class QueueFeed(_Feed):
    """Queue events for every follower in this process: one read per batch, batches at most
    one per `interval_s`. A burst therefore becomes a batch at its start and one at its end, and
    since each batch is read after it is taken, the last one reflects the final state."""

    topic = "queue"

    def __init__(
        self,
        source: EventSource,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        size: int = QUEUE_SIZE,
        interval_s: float = QUEUE_INTERVAL_S,
    ) -> None:
        super().__init__(source, sessionmaker, size=size)
        self._interval_s = interval_s
        self._followers: dict[_Follower, str | None] = {}
        self._dirty: set[str] = set()
        self.reads = 0

    @contextlib.asynccontextmanager
    async def follow(self, backend: str | None) -> AsyncIterator[AsyncIterator[QueueBatch]]:
        """Batches of changed queues (one backend's, or all), starting with a re-read marker."""
        await self._start()
        follower = _Follower(self._size)
        follower.offer(QueueBatch(None, Snapshot()))
        self._followers[follower] = backend
        try:
            yield follower.items()
        finally:
            self._followers.pop(follower, None)

    def _note(self, event: Event) -> None:
        self._dirty.add(event.key)

    async def _answer(self) -> None:
        wanted, self._dirty = self._dirty, set()
        followed = set(self._followers.values())
        if None not in followed:
            wanted = {name for name in wanted if name in followed}
        if not wanted:
            return
        try:
            async with self._sessionmaker() as session:
                infos = await queues.queue_infos(session, names=sorted(wanted), include_idle=True)
        except Exception:
            log.exception("a live feed could not read the queues that changed")
            infos = None  # each follower re-reads for itself
        self.reads += 1
        snapshot = Snapshot()
        for follower, backend in list(self._followers.items()):
            if infos is None:
                self._offer(follower, QueueBatch(None, snapshot))
                continue
            mine = [i for i in infos if backend is None or i.backend.name == backend]
            if mine:
                self._offer(follower, QueueBatch(mine, snapshot))
        await asyncio.sleep(self._interval_s)

    def _offer(self, follower: _Follower, batch: QueueBatch) -> None:
        # Losing queue events is harmless: only "something changed" matters, so a follower
        # that falls behind re-reads instead of ending.
        if not follower.offer(batch):
            follower.end(QueueBatch(None, Snapshot()))

    def _lost_events(self) -> None:
        self._dirty.clear()
        for follower in self._followers:
            follower.end(QueueBatch(None, Snapshot()))

    def _end_all(self, marker: object) -> None:
        followers, self._followers = self._followers, {}
        for follower in followers:
            follower.end(marker)


@dataclass(frozen=True, slots=True)
class BackendChange:
    """A backend's row after one or more status changes, from a shared read."""

    name: str
    row: Backend
    snapshot: Snapshot


class BackendFeed(_Feed):
    """Backend status changes for every follower in this process, each batch read once."""

    topic = "backend"

    def __init__(
        self,
        source: EventSource,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        size: int = QUEUE_SIZE,
    ) -> None:
        super().__init__(source, sessionmaker, size=size)
        self._followers: dict[_Follower, str | None] = {}
        self._changed: dict[str, None] = {}  # in the order they changed
        self.reads = 0

    @contextlib.asynccontextmanager
    async def follow(self, name: str | None) -> AsyncIterator[AsyncIterator[BackendChange]]:
        """Changes to one backend, or to every backend."""
        await self._start()
        follower = _Follower(self._size)
        self._followers[follower] = name
        try:
            yield follower.items()
        finally:
            self._followers.pop(follower, None)

    def _note(self, event: Event) -> None:
        self._changed[event.key] = None

    async def _answer(self) -> None:
        changed, self._changed = self._changed, {}
        followed = set(self._followers.values())
        names = [n for n in changed if None in followed or n in followed]
        if not names:
            return
        try:
            async with self._sessionmaker() as session:
                rows = await backends_service.get_many_by_names(session, names=names)
        except Exception:
            log.exception("a live feed could not read the backends that changed")
            for follower, name in list(self._followers.items()):
                if name is None or name in names:
                    self._drop(follower)
            return
        self.reads += 1
        snapshot = Snapshot()
        for name, row in zip(names, rows, strict=True):
            if row is None:
                continue
            change = BackendChange(name, row, snapshot)
            for follower, wanted in list(self._followers.items()):
                if (wanted is None or wanted == name) and not follower.offer(change):
                    self._drop(follower)

    def _drop(self, follower: _Follower) -> None:
        self._followers.pop(follower, None)
        follower.end(FellBehind())

    def _lost_events(self) -> None:
        self._changed.clear()
        self._end_all(FellBehind())

    def _end_all(self, marker: object) -> None:
        followers, self._followers = self._followers, {}
        for follower in followers:
            follower.end(marker)
