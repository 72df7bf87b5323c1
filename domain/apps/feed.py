"""The app feed: an app's new versions, status changes and rating changes, live.

Mutations publish an `app` event (the app's id and what changed) through Redis after their
commit (resolvers.apps.changes.announce), so every API process hears it. In each process one
feed follows the topic, reads each batch of changed apps once, and offers the rows to every
follower of those apps; visibility is then checked per subscriber in memory.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import async_sessionmaker

from domain.apps import quantum_apps
from domain.apps.models import QuantumApp
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

TOPIC = "app"


class AppChangeKind(StrEnum):
    VERSION = "VERSION"  # a version was created or moved (published, deprecated, yanked)
    STATUS = "STATUS"  # the app itself changed: archived, restored, visibility, details
    RATING = "RATING"  # a review was written or hidden: the rating was recomputed


def event(app_id: uuid.UUID, kind: AppChangeKind) -> Event:
    return Event(TOPIC, str(app_id), kind.value)


@dataclass(frozen=True, slots=True)
class AppChange:
    """An app's row after one or more events (None: it is gone), from a shared read."""

    app_id: uuid.UUID
    row: QuantumApp | None
    kinds: frozenset[AppChangeKind]
    snapshot: Snapshot


class AppFeed(_Feed):
    """App events for every follower in this process, each batch of apps read once."""

    topic = TOPIC

    def __init__(
        self,
        source: EventSource,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        size: int = QUEUE_SIZE,
    ) -> None:
        super().__init__(source, sessionmaker, size=size)
        self._followers: dict[_Follower, uuid.UUID] = {}
        self._changed: dict[uuid.UUID, set[AppChangeKind]] = {}  # in the order they changed
        self.reads = 0

    @contextlib.asynccontextmanager
    async def follow(self, app_id: uuid.UUID) -> AsyncIterator[AsyncIterator[AppChange]]:
        """Changes to one app, from now on."""
        await self._start()
        follower = _Follower(self._size)
        self._followers[follower] = app_id
        try:
            yield follower.items()
        finally:
            self._followers.pop(follower, None)

    def _note(self, event: Event) -> None:
        try:
            app_id, kind = uuid.UUID(event.key), AppChangeKind(event.kind)
        except ValueError:
            log.warning("an app event that is not ours was ignored")
            return
        self._changed.setdefault(app_id, set()).add(kind)

    async def _answer(self) -> None:
        changed, self._changed = self._changed, {}
        followed = set(self._followers.values())
        ids = [i for i in changed if i in followed]
        if not ids:
            return
        try:
            async with self._sessionmaker() as session:
                rows = await quantum_apps.get_many(session, ids=ids)
        except Exception:
            log.exception("a live feed could not read the apps that changed")
            for follower, app_id in list(self._followers.items()):
                if app_id in changed:
                    self._drop(follower)
            return
        self.reads += 1
        snapshot = Snapshot()
        for app_id, row in zip(ids, rows, strict=True):
            change = AppChange(app_id, row, frozenset(changed[app_id]), snapshot)
            for follower, wanted in list(self._followers.items()):
                if wanted == app_id and not follower.offer(change):
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
