"""`dashboardUpdated`: one event listener per process, and per-subscriber coalescing.

`ChangeSignal`: every job and queue event reaches the process once (one hub subscription per
topic, however many dashboards are open) and only bumps a counter and wakes the waiters; no
event is read per subscriber. `coalesced`: a subscriber wakes on the signal, waits until at least
`min_interval_s` has passed since its last push (the rest of a burst lands meanwhile and costs
nothing), then reads its bundle's digest once; it pushes only when the digest differs from the
last one pushed. Without events it re-checks every `recheck_s` (a worker or Redis going away
sends no event). A burst of any size therefore gives at most one push per interval, and a burst
that changed nothing the viewer sees gives none.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import weakref
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING

import strawberry

from domain.analytics import dashboard as dashboard_domain
from domain.analytics import system_status as status_domain
from domain.budgets import shots
from domain.events import channel
from domain.jobs import queues as queues_domain
from domain.jobs import reads
from qraph.context import Context
from qraph.pubsub import EventHub, SlowConsumer
from resolvers.identity.usage import shot_budgets

if TYPE_CHECKING:
    from schema.analytics.operations import Dashboard

log = logging.getLogger("qraph.analytics.live")

TOPICS = ("job", "queue", "backend")
QUEUE_SIZE = 65_536  # a burst Redis hands over in one read lands whole; the reader only counts


class ChangeSignal:
    def __init__(self, hub: EventHub) -> None:
        self._hub = hub
        self._waiters: set[asyncio.Event] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self.events = 0  # events seen by this process, for tests and figures

    @contextlib.contextmanager
    def waiter(self) -> Iterator[asyncio.Event]:
        """An event set on every change while the block runs (listening while any is open)."""
        woken = asyncio.Event()
        self._waiters.add(woken)
        if not self._tasks:
            self._tasks = [
                asyncio.create_task(self._listen(topic), name=f"qraph-dashboard-{topic}")
                for topic in TOPICS
            ]
        try:
            yield woken
        finally:
            self._waiters.discard(woken)
            if not self._waiters:
                for task in self._tasks:
                    task.cancel()
                self._tasks = []

    def _wake(self) -> None:
        self.events += 1
        for woken in self._waiters:
            woken.set()

    async def _listen(self, topic: str) -> None:
        while True:
            try:
                async with self._hub.subscribe(channel(topic), queue_size=QUEUE_SIZE) as events:
                    async for _ in events:
                        self._wake()
                return  # the hub stopped
            except SlowConsumer:
                self._wake()  # something was missed: re-read
                continue


_SIGNALS: weakref.WeakKeyDictionary[EventHub, ChangeSignal] = weakref.WeakKeyDictionary()


def signal_of(hub: EventHub) -> ChangeSignal:
    found = _SIGNALS.get(hub)
    if found is None:
        found = _SIGNALS[hub] = ChangeSignal(hub)
    return found


async def coalesced(
    signal: ChangeSignal,
    digest: Callable[[], Awaitable[str]],
    *,
    min_interval_s: float = 1.0,
    recheck_s: float = 30.0,
) -> AsyncIterator[str]:
    """The digest now, then each new digest: at most once per `min_interval_s`, only on change."""
    with signal.waiter() as woken:
        last = await digest()
        pushed_at = time.monotonic()
        yield last
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(recheck_s):
                    await woken.wait()
            wait = pushed_at + min_interval_s - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)  # the burst's remaining events land meanwhile
            woken.clear()
            now = await digest()
            if now == last:
                continue
            last, pushed_at = now, time.monotonic()
            yield now


# The subscription ---------------------------------------------------------------------------

Info = strawberry.Info[Context, None]
MIN_INTERVAL_S = 1.0


async def bundle_digest(info: Info) -> str:
    """What the viewer's dashboard shows, hashed: the figures behind each part (not the
    instant it was read, nor ages that grow by themselves: the oldest job's time, not its age)."""
    context = info.context
    principal, services = context.principal, context.services
    assert principal.user_id is not None  # IsAuthenticated ran first
    budgets = shot_budgets(context.settings)
    async with context.read_session() as session:
        status = await status_domain.system_status(session, services.redis)
        queues = await queues_domain.queue_infos(session)
        recent = await reads.recent_jobs(
            session, principal=principal, limit=10, columns=frozenset()
        )
        limit = await shots.limit_of(session, user_id=principal.user_id, budgets=budgets)
        used = await shots.usage(
            session,
            services.redis,
            user_id=principal.user_id,
            limit=limit,
            period_s=budgets.period_s,
        )
        top = await dashboard_domain.top_backends(session, n=5)
    return dashboard_domain.digest(
        [
            [
                status.database,
                status.redis,
                status.workers_alive,
                status.queued,
                status.running,
                str(status.oldest_queued_at),
                [(p.provider, p.online) for p in status.providers],
            ],
            [(q.backend.name, q.queued, q.running, q.estimated_wait_p50_s) for q in queues],
            [(str(j.id), j.status, str(j.finished_at)) for j in recent],
            [used.used, used.limit],
            [
                (t.name, t.kpis.summary.jobs if t.kpis.summary else 0, str(t.kpis.status))
                for t in top
            ],
        ]
    )


async def dashboard_updated(info: Info) -> AsyncGenerator[Dashboard, None]:
    from schema.analytics.operations import Dashboard

    signal = signal_of(info.context.services.events)
    updates = coalesced(signal, lambda: bundle_digest(info), min_interval_s=MIN_INTERVAL_S)
    async with contextlib.aclosing(updates) as digests:  # type: ignore[type-var]
        async for _ in digests:
            yield Dashboard()
