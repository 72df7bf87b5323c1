"""The job feed: one read per batch of job events, for the followers of one job or of all."""

from __future__ import annotations

import contextlib
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping

from sqlalchemy.ext.asyncio import async_sessionmaker

from domain.db import AsyncSession
from domain.events import Event
from domain.jobs import reads
from domain.jobs.feeds.base import (
    QUEUE_SIZE,
    SHOWN_SIZE,
    Change,
    EventSource,
    FellBehind,
    Sink,
    Snapshot,
    _Feed,
    _Follower,
    log,
)
from domain.jobs.models import Job


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
    async def follow(
        self, job_id: uuid.UUID | None = None, *, sink: Sink | None = None
    ) -> AsyncIterator[AsyncIterator[Change]]:
        """Changes to one job, its current state first; or to every job, without one.

        With a `sink`, each change goes to it as it is read, and the stream yields nothing:
        it only ends, as it would (FellBehind once the sink answers False, or the feed stops).
        """
        await self._start()
        follower = _Follower(self._size, sink)
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
