"""The notification feed: `notificationAdded` for every subscriber of this process.

`notify` returns an event keyed by the user (or `all`, when a statement notified many users),
published through Redis after the commit, so every API process hears it. In each process one
feed follows the topic, reads each batch of users' latest notification once (one statement for
the batch, however many subscribers), and offers each row to that user's followers only. A row
already offered unchanged (the same id, count and time) is not offered again, so a burst of
events for one notification is one push.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import async_sessionmaker

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
from domain.notifications import inbox
from domain.notifications.models import Notification
from domain.notifications.send import EVERYONE, TOPIC


@dataclass(frozen=True, slots=True)
class NotificationChange:
    """A user's latest notification, from a read shared by every follower it reaches."""

    user_id: uuid.UUID
    row: Notification
    snapshot: Snapshot


class NotificationFeed(_Feed):
    """Notification events for every follower in this process, each batch read once."""

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
        self._changed: set[uuid.UUID] = set()
        self._everyone = False
        # What each followed user was last offered: (id, count, updated_at).
        self._offered: dict[uuid.UUID, tuple[uuid.UUID, int, datetime]] = {}
        self.reads = 0
        self.offers = 0

    @contextlib.asynccontextmanager
    async def follow(self, user_id: uuid.UUID) -> AsyncIterator[AsyncIterator[NotificationChange]]:
        """One user's notifications as they are added or coalesced, from now on."""
        await self._start()
        follower = _Follower(self._size)
        self._followers[follower] = user_id
        try:
            yield follower.items()
        finally:
            self._followers.pop(follower, None)
            if user_id not in self._followers.values():
                self._offered.pop(user_id, None)

    def _note(self, event: Event) -> None:
        if event.key == EVERYONE:
            self._everyone = True
            return
        try:
            self._changed.add(uuid.UUID(event.key))
        except ValueError:
            log.warning("a notification event that is not ours was ignored")

    async def _answer(self) -> None:
        changed, everyone = self._changed, self._everyone
        self._changed, self._everyone = set(), False
        followed = set(self._followers.values())
        ids = sorted(followed if everyone else changed & followed)
        if not ids:
            return
        try:
            async with self._sessionmaker() as session:
                rows = await inbox.latest_for_users(session, user_ids=ids)
        except Exception:
            log.exception("the notification feed could not read what changed")
            for follower, user_id in list(self._followers.items()):
                if user_id in ids:
                    self._drop(follower)
            return
        self.reads += 1
        snapshot = Snapshot()
        for row in rows:
            version = (row.id, row.count, row.updated_at)
            if self._offered.get(row.user_id) == version:
                continue  # already offered as it is
            self._offered[row.user_id] = version
            change = NotificationChange(row.user_id, row, snapshot)
            for follower, wanted in list(self._followers.items()):
                if wanted == row.user_id:
                    self.offers += 1
                    if not follower.offer(change):
                        self._drop(follower)

    def _drop(self, follower: _Follower) -> None:
        self._followers.pop(follower, None)
        follower.end(FellBehind())

    def _lost_events(self) -> None:
        self._changed.clear()
        self._everyone = False
        self._end_all(FellBehind())

    def _end_all(self, marker: object) -> None:
        followers, self._followers = self._followers, {}
        self._offered.clear()
        for follower in followers:
            follower.end(marker)
