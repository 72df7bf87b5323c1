"""The backend feed: one read per batch of backend status changes, for every follower."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import async_sessionmaker

from domain.backends import service as backends_service
from domain.backends.models import Backend
from domain.db import AsyncSession
from domain.events import Event
from domain.jobs.feeds.base import (
    QUEUE_SIZE,
    EventSource,
    FellBehind,
    Snapshot,
    _Feed,
    _Follower,
    log,
)


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
