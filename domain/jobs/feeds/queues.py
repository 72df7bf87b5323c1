"""The queue feed: at most one queue read per interval, shared by every follower."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import async_sessionmaker

from domain.db import AsyncSession
from domain.events import Event
from domain.jobs import queues
from domain.jobs.feeds.base import (
    QUEUE_INTERVAL_S,
    QUEUE_SIZE,
    EventSource,
    Snapshot,
    _Feed,
    _Follower,
    log,
)


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
