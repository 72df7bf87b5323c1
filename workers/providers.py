"""Remote backends in the worker: send claimed jobs to their provider, and the poller's cron.

Seed 004's job manager: a HIGH job goes to its provider alone and at once (IBM: job mode). A
STANDARD job for a remote backend waits in `RemoteBatcher` for others on the same backend, and
the group goes as one provider job (IBM: batch mode, one PUB per job), flushed after
`QRAPH_PROVIDER_BATCH_WINDOW_S` or at `QRAPH_PROVIDER_BATCH_MAX` jobs. Either way the worker
returns once the provider has the job's id: no worker slot waits on a provider's queue.

`poll_providers` (cron, every `QRAPH_PROVIDER_POLL_S`) runs one poller sweep
(`domain.providers.poller`) and publishes what it changed.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain import events
from domain.errors import BackendUnavailable, DomainError
from domain.jobs import execution
from domain.jobs.models import Priority
from domain.providers import breaker as breakers
from domain.providers import poller, remote
from domain.providers.base import ExecutionAdapter
from domain.providers.registry import adapter_for
from workers.publishing import EventPipeline

log = logging.getLogger("qraph.worker.providers")


@dataclass(frozen=True, slots=True)
class Submitted:
    """What `run_remote` did with a job: sent (with the provider job id) or finished at once."""

    status: str
    events: list[events.Event]


@dataclass(slots=True)
class _Pending:
    claim: execution.Claim
    circuit: Any
    future: asyncio.Future[remote.Sent]


class RemoteBatcher:
    """STANDARD jobs per remote backend, sent as one provider job per window or size."""

    def __init__(
        self, sessionmaker: Any, *, window_s: float, max_size: int, breaker: breakers.Breaker
    ) -> None:
        self.sessionmaker = sessionmaker
        self.window_s = window_s
        self.max_size = max_size
        self.breaker = breaker
        self._pending: dict[str, list[_Pending]] = {}
        self._adapters: dict[str, ExecutionAdapter] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._running: set[asyncio.Task[None]] = set()
        self.groups: list[int] = []  # sizes of the groups sent, for tests and benchmarks

    async def send(
        self, adapter: ExecutionAdapter, claim: execution.Claim, circuit: Any
    ) -> remote.Sent:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[remote.Sent] = loop.create_future()
        key = claim.backend.name
        self._adapters[key] = adapter
        group = self._pending.setdefault(key, [])
        group.append(_Pending(claim, circuit, future))
        if len(group) >= self.max_size:
            self._flush(key)
        elif len(group) == 1:
            self._timers[key] = loop.call_later(self.window_s, self._flush, key)
        return await future

    def _flush(self, key: str) -> None:
        timer = self._timers.pop(key, None)
        if timer is not None:
            timer.cancel()
        group = self._pending.pop(key, [])
        if group:
            task = asyncio.get_running_loop().create_task(self._send(self._adapters[key], group))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _send(self, adapter: ExecutionAdapter, group: list[_Pending]) -> None:
        self.groups.append(len(group))
        try:
            sent = await remote.send(
                self.sessionmaker,
                adapter,
                [item.claim for item in group],
                [item.circuit for item in group],
                breaker=self.breaker,
            )
        except BaseException as error:
            for item in group:
                if not item.future.done():
                    item.future.set_exception(error)
            if not isinstance(error, Exception):
                raise
            return
        for item in group:
            if not item.future.done():
                item.future.set_result(sent)


def _breaker(ctx: dict[str, Any]) -> breakers.Breaker:
    breaker: breakers.Breaker | None = ctx.get("provider_breaker")
    return breaker or breakers.Breaker()


async def run_remote(ctx: dict[str, Any], claimed: execution.Claim) -> Submitted | None:
    """Send a claimed job to its remote provider; None when its backend runs locally. A job
    whose provider has no adapter here fails as BACKEND_UNAVAILABLE.

    Raises `remote.ProviderDown` (transient: the caller hands the job back and retries).
    """
    adapter = adapter_for(claimed.backend.provider, claimed.backend.name)
    if adapter is not None and not adapter.remote:
        return None
    sessionmaker = ctx["sessionmaker"]
    if adapter is None:  # its provider's settings are gone: say so rather than retry forever
        error = BackendUnavailable(
            f"{claimed.backend.name}'s provider ({claimed.backend.provider}) is not configured "
            "on this deployment.",
            backend=claimed.backend.name,
            status="UNAVAILABLE",
        )
        finished = await execution.fail(sessionmaker, claimed, error)
        return Submitted(finished.status.value if finished.status else "discarded", finished.events)
    try:
        circuit = await remote.prepare(claimed)
    except DomainError as error:
        finished = await execution.fail(sessionmaker, claimed, error)
        return Submitted(finished.status.value if finished.status else "discarded", finished.events)
    batcher: RemoteBatcher | None = ctx.get("remote_batcher")
    try:
        if claimed.priority == Priority.HIGH or batcher is None:
            sent = await remote.send(
                sessionmaker, adapter, [claimed], [circuit], breaker=_breaker(ctx)
            )
        else:
            sent = await batcher.send(adapter, claimed, circuit)
    except remote.ProviderDown:
        raise
    except DomainError as error:  # the provider refused the circuits themselves
        finished = await execution.fail(sessionmaker, claimed, error)
        return Submitted(finished.status.value if finished.status else "discarded", finished.events)
    mine = [e for e in sent.events if e.topic != "job" or e.key == str(claimed.job_id)]
    if claimed.job_id not in sent.jobs:
        return Submitted("discarded: job left RUNNING before it was sent", mine)
    return Submitted(f"sent: {adapter.provider} job {sent.provider_job_id}", mine)


async def sync_remote_backends(ctx: dict[str, Any]) -> dict[str, int]:
    """Refresh the remote providers' backends (status, pending jobs, calibration) between the
    daily full catalog sync; nothing to do when no remote provider is configured."""
    from domain.backends import sync as catalog_sync
    from domain.errors import ProviderUnavailable
    from domain.providers.registry import remote_providers

    remotes = remote_providers()
    if not remotes:
        return {"providers": 0}
    report = catalog_sync.SyncReport()
    for provider in remotes:
        try:
            async with ctx["sessionmaker"]() as session, session.begin():
                await catalog_sync.sync_provider(session, provider, report)
        except ProviderUnavailable:
            log.warning("could not list %s's backends", provider.provider, exc_info=True)
    for event in report.events():
        await events.publish(ctx["redis"], event)
    return {"providers": len(remotes), "updated": report.updated, "created": report.created}


async def poll_providers(ctx: dict[str, Any], *, now: datetime | None = None) -> dict[str, int]:
    """One poller sweep (cron); publishes the changes it committed. `now`: tests' clock."""
    report = await poller.sweep(ctx["sessionmaker"], adapter_for, breaker=_breaker(ctx), now=now)
    if report.events:
        # One pipelined round trip for the whole sweep (workers.publishing), not two per event.
        pipeline: EventPipeline | None = ctx.get("event_pipeline")
        if pipeline is None:
            pipeline = ctx["event_pipeline"] = EventPipeline(ctx["redis"])
        unique = list({(e.topic, e.key, e.kind): e for e in report.events}.values())
        await pipeline.tell(unique)
    return {
        "claimed": report.claimed,
        "finished": report.finished,
        "recorded": report.recorded,
        "cancelled": report.cancelled,
    }
