"""The `run_job` task: an idempotent state machine over the job row, plus in-process batching.

Delivery is at least once, so `run_job` re-reads the row and only a conditional QUEUED -> RUNNING
claims it; a second delivery finds it RUNNING or finished and returns. The circuit is parsed,
checked and simulated in a simulation process of the worker's pool (`ctx["pool"]`), never in the
worker's event loop or its threads, so claims, heartbeats, cron jobs and cancels go on whatever
a circuit does. After the run, a conditional RUNNING -> COMPLETED records the result, or loses to
a cancel and discards it.

- A circuit that cannot run (invalid, too large, unsupported): FAILED at once.
- A cancel while the job runs: the `CancelWatch` sees the row leave RUNNING within about 0.2 s
  and the process computing it is killed (and replaced).
- Past the time limit (`QRAPH_JOB_TIME_LIMIT_S`) or the memory limit (`QRAPH_JOB_MEMORY_LIMIT_MB`):
  FAILED as TIME_LIMIT_EXCEEDED or MEMORY_LIMIT_EXCEEDED; the worker goes on.
- A job whose process dies under it twice: FAILED as POISON (`domain.execution.isolated`).
- A transient fault (a lost database or Redis socket, a provider unavailable): the job is handed
  back (RUNNING -> QUEUED, attempt refunded) when the database allows, and `Retry` with a
  backoff; arq retries up to `MAX_TRIES`. A job left RUNNING by a fault or a dead worker is the
  reconciler's to recover.
- Shutdown: arq waits `job_completion_wait` seconds, then cancels; a cancelled run kills its
  process, hands its job back, and arq requeues the cancelled delivery.
- A backend of a remote provider (IBM Quantum, Azure Quantum, Braket devices): the job is sent
  to the provider (`workers.providers`) and left RUNNING with its provider job id; the poller
  moves it on, and no worker slot waits. A provider down hands the job back and retries later.
- HIGH jobs run on their own process call. STANDARD jobs on one backend share one call
  (`Batcher`), flushed after `BATCH_WINDOW_S` or at `BATCH_MAX` circuits.

Test-only: `QRAPH_TEST_JOB_DELAY_S` (seconds, default 0) makes every run sleep after its claim,
so crash tests can kill a worker while a job is RUNNING. Never set it elsewhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import asyncpg
from arq.worker import Retry
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from domain import events
from domain.billing import refunds
from domain.errors import ProviderUnavailable
from domain.execution import BackendSpec, runner
from domain.execution.isolated import Work, run_alone, run_batch
from domain.execution.pool import SimulationPool
from domain.jobs import execution, reconciler
from domain.jobs.models import JobStatus, Priority
from domain.jobs.queue import arq_job_id
from domain.providers import remote
from qraph.settings import get_settings
from workers import providers
from workers.cancels import CancelWatch
from workers.publishing import EventPipeline

log = logging.getLogger("qraph.worker.jobs")

MAX_TRIES = 5  # arq deliveries of one enqueue, transient retries included
BATCH_WINDOW_S = 0.002  # how long the first STANDARD job of a batch waits for company
BATCH_MAX = 16  # circuits per simulator call
HEAVY_LANE_RETRY_S = 2.0  # how soon a heavy job waiting for its owner's lane is tried again
CLAIM_WINDOW_S = 0.001  # how long a claim waits for others to share its transaction
TEST_DELAY_ENV = "QRAPH_TEST_JOB_DELAY_S"

TRANSIENT: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
    OSError,  # ConnectionError, TimeoutError, and a unix socket gone (FileNotFoundError)
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.CannotConnectNowError,  # the server is starting up or shutting down
    ProviderUnavailable,
)


def backoff(job_try: int) -> float:
    """Seconds before the next delivery: 0.5, 1, 2, 4 ... capped at 30."""
    return float(min(30.0, 0.5 * 2 ** max(0, job_try - 1)))


def _is_transient(error: BaseException) -> bool:
    """A lost socket or a server restarting, however deep SQLAlchemy or redis wrapped it."""
    seen: BaseException | None = error
    for _ in range(5):
        if seen is None:
            return False
        if isinstance(seen, DBAPIError) and seen.connection_invalidated:
            return True
        if isinstance(seen, TRANSIENT):
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__
    return False


@dataclass(slots=True)
class _Pending:
    claim: execution.Claim
    work: Work
    future: asyncio.Future[execution.Finished]


class Batcher:
    """Per-backend batches of STANDARD jobs: one simulation-process call and one transaction
    to record the results, per batch."""

    def __init__(
        self,
        pool: SimulationPool,
        sessionmaker: Any,
        *,
        time_limit_s: float,
        window_s: float = BATCH_WINDOW_S,
        max_size: int = BATCH_MAX,
    ) -> None:
        self.pool = pool
        self.sessionmaker = sessionmaker
        self.time_limit_s = time_limit_s
        self.window_s = window_s
        self.max_size = max_size
        self._pending: dict[BackendSpec, list[_Pending]] = {}
        self._timers: dict[BackendSpec, asyncio.TimerHandle] = {}
        self._running: set[asyncio.Task[None]] = set()
        self.batches: list[int] = []  # sizes of the batches run, for tests and benchmarks

    async def run(self, claim: execution.Claim, work: Work) -> execution.Finished:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[execution.Finished] = loop.create_future()
        backend = claim.spec
        batch = self._pending.setdefault(backend, [])
        batch.append(_Pending(claim, work, future))
        if len(batch) >= self.max_size:
            self._flush(backend)
        elif len(batch) == 1:
            self._timers[backend] = loop.call_later(self.window_s, self._flush, backend)
        return await future

    def _flush(self, backend: BackendSpec) -> None:
        timer = self._timers.pop(backend, None)
        if timer is not None:
            timer.cancel()
        batch = self._pending.pop(backend, [])
        if batch:
            task = asyncio.get_running_loop().create_task(self._run(backend, batch))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _run(self, backend: BackendSpec, batch: list[_Pending]) -> None:
        self.batches.append(len(batch))
        try:
            results = await run_batch(
                self.pool, backend, [item.work for item in batch], time_limit_s=self.time_limit_s
            )
            ran = [(item, r) for item, r in zip(batch, results, strict=True) if r is not None]
            recorded = await execution.record_many(
                self.sessionmaker, [(item.claim, result) for item, result in ran]
            )
        except BaseException as error:
            for item in batch:
                if not item.future.done():
                    item.future.set_exception(error)
            if not isinstance(error, Exception):
                raise
            return
        finished = {id(item): done for (item, _), done in zip(ran, recorded, strict=True)}
        for item in batch:
            if not item.future.done():  # a waiter cancelled at shutdown
                # No result: the job was cancelled (or taken from us) while it ran.
                item.future.set_result(finished.get(id(item), execution.Finished(None, [])))


_Claimed = execution.Claim | execution.Waiting | None


class Claimer:
    """Claims of deliveries that arrive within `window_s` of each other, in one transaction."""

    def __init__(
        self,
        sessionmaker: Any,
        worker: str,
        window_s: float = CLAIM_WINDOW_S,
        *,
        heavy: execution.HeavyLane | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.worker = worker
        self.window_s = window_s
        self.heavy = heavy
        self._pending: list[tuple[uuid.UUID, asyncio.Future[_Claimed]]] = []
        self._running: set[asyncio.Task[None]] = set()

    async def claim(self, job_id: uuid.UUID) -> _Claimed:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[_Claimed] = loop.create_future()
        self._pending.append((job_id, future))
        if len(self._pending) == 1:
            loop.call_later(self.window_s, self._flush)
        return await future

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        task = asyncio.get_running_loop().create_task(self._run(pending))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _run(self, pending: list[tuple[uuid.UUID, asyncio.Future[_Claimed]]]) -> None:
        try:
            claims = await execution.claim_many(
                self.sessionmaker,
                [job_id for job_id, _ in pending],
                worker=self.worker,
                heavy=self.heavy,
            )
        except BaseException as error:
            for _, future in pending:
                if not future.done():
                    future.set_exception(error)
            if not isinstance(error, Exception):
                raise
            return
        for job_id, future in pending:
            # A second delivery of the same job in one batch: only the first gets the claim.
            if not future.done():
                future.set_result(claims.pop(job_id, None))


def _tell(ctx: dict[str, Any], to_publish: Iterable[events.Event]) -> asyncio.Future[None]:
    """Publish after the commit, in the worker's shared pipeline (`workers.publishing`)."""
    pipeline: EventPipeline | None = ctx.get("event_pipeline")
    if pipeline is None:  # a context without the worker's startup (tests)
        pipeline = ctx["event_pipeline"] = EventPipeline(ctx["redis"])
    return pipeline.tell(to_publish)


async def _claim(ctx: dict[str, Any], job_id: str, job_try: int) -> _Claimed:
    """The claim (batched by the worker's Claimer); a transient fault retries the delivery."""
    # Say who holds arq's in-progress key, so the reconciler can free it if this worker dies;
    # beside the claim rather than before it: one round trip less on every job's path.
    marking = asyncio.ensure_future(_mark_holder(ctx["redis"], ctx, job_id))
    try:
        claimer: Claimer | None = ctx.get("claimer")
        if claimer is not None:
            return await claimer.claim(uuid.UUID(job_id))
        return await execution.claim(
            ctx["sessionmaker"],
            uuid.UUID(job_id),
            worker=ctx["worker_id"],
            heavy=ctx.get("heavy_lane"),
        )
    except Exception as error:
        if _is_transient(error):
            raise Retry(defer=backoff(job_try)) from error
        raise
    finally:
        await marking


async def _mark_holder(redis: Any, ctx: dict[str, Any], job_id: str) -> None:
    with contextlib.suppress(Exception):
        await reconciler.mark_holder(
            redis, ctx.get("job_id") or arq_job_id(job_id), ctx["worker_id"]
        )


def _test_delay() -> float:
    return float(os.environ.get(TEST_DELAY_ENV) or 0)


async def run_job(ctx: dict[str, Any], job_id: str) -> str:
    """Run one job if it is still QUEUED; returns what happened (for logs and arq)."""
    job_try = int(ctx.get("job_try") or 1)
    claimed = await _claim(ctx, job_id, job_try)
    if claimed is None:
        return "skipped: not QUEUED"
    if isinstance(claimed, execution.Waiting):
        # The owner's heavy lane is full. Retrying costs a try; past the last one arq drops the
        # delivery and the reconciler, which requeues QUEUED jobs Redis does not hold, takes over.
        if job_try < MAX_TRIES:
            raise Retry(defer=HEAVY_LANE_RETRY_S)
        return "waiting: the owner's heavy lane is full; the reconciler requeues it"
    if not runner.is_local(claimed.spec):  # a remote provider: send it, the poller moves it on
        return await _run_remote(ctx, claimed, job_try)
    # RUNNING is told while the job runs, not before: subscribers re-read the row anyway.
    telling = _tell(ctx, claimed.events)
    watch: CancelWatch = ctx["cancels"]
    work = Work(claimed.circuit, claimed.shots, watch.watch(claimed.job_id))
    try:
        if delay := _test_delay():
            await asyncio.sleep(delay)
        finished = await _run(ctx, claimed, work)
    except asyncio.CancelledError:
        # Shutdown past job_completion_wait: hand the job back; arq requeues this delivery.
        await asyncio.shield(_hand_back(ctx, claimed, "handed back: worker shutting down"))
        raise
    except Exception as error:
        if not _is_transient(error):
            raise
        await _hand_back(ctx, claimed, f"handed back: transient fault ({type(error).__name__})")
        raise Retry(defer=backoff(job_try)) from error
    finally:
        watch.forget(claimed.job_id)
        await telling  # events in order: RUNNING before what follows it
    await _tell(ctx, finished.events)
    if finished.status == JobStatus.FAILED:  # its shots go back (domain.billing.refunds)
        await refunds.credit(
            ctx["redis"],
            ctx["sessionmaker"],
            [claimed.job_id],
            period_s=get_settings().shot_budget_period_s,
        )
    return finished.status.value if finished.status else "discarded: job left RUNNING"


async def _run(ctx: dict[str, Any], claimed: execution.Claim, work: Work) -> execution.Finished:
    batcher: Batcher | None = ctx.get("batcher")
    if claimed.priority != Priority.HIGH and batcher is not None:
        return await batcher.run(claimed, work)
    result = await run_alone(ctx["pool"], claimed.spec, work, time_limit_s=ctx["job_time_limit_s"])
    if result is None:
        return execution.Finished(None, [])  # cancelled (or taken from us) meanwhile
    [finished] = await execution.record_many(ctx["sessionmaker"], [(claimed, result)])
    return finished


async def _run_remote(ctx: dict[str, Any], claimed: execution.Claim, job_try: int) -> str:
    """Send the job to its provider (`workers.providers`); a provider down hands it back."""
    telling = _tell(ctx, claimed.events)
    try:
        submitted = await providers.run_remote(ctx, claimed)
    except remote.ProviderDown as down:
        await telling
        await _tell(ctx, down.events)
        await _hand_back(ctx, claimed, f"handed back: {down.message}")
        raise Retry(defer=backoff(job_try)) from down
    except Exception as error:
        await telling
        if not _is_transient(error):
            raise
        await _hand_back(ctx, claimed, f"handed back: transient fault ({type(error).__name__})")
        raise Retry(defer=backoff(job_try)) from error
    await telling
    if submitted is None:  # a local backend after all (never: run_job checked); run it later
        await _hand_back(ctx, claimed, "handed back: not a remote backend")
        raise Retry(defer=backoff(job_try))
    await _tell(ctx, submitted.events)
    return submitted.status


async def _hand_back(ctx: dict[str, Any], claimed: execution.Claim, note: str) -> None:
    try:
        finished = await execution.hand_back(ctx["sessionmaker"], claimed, note=note)
    except Exception:
        log.warning("could not hand job %s back", claimed.job_id, exc_info=True)
        return
    await _tell(ctx, finished.events)
