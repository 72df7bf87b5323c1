"""The `run_job` task: an idempotent state machine over the job row, plus in-process batching.

Delivery is at least once, so `run_job` re-reads the row and only a conditional QUEUED -> RUNNING
claims it; a second delivery finds it RUNNING or finished and returns. After the run, a
conditional RUNNING -> COMPLETED records the result, or loses to a cancel and discards it.

- A circuit that cannot run (InvalidCircuit, CircuitTooLarge, UnsupportedCircuit): FAILED at once.
- A transient fault (database or Redis connection, provider unavailable): the job is handed back
  (RUNNING -> QUEUED) when the database allows, and `Retry` with a backoff; arq retries up to
  `MAX_TRIES`. A job left RUNNING by a fault or a dead worker is the reconciler's to recover.
- Shutdown: arq waits `job_completion_wait` seconds, then cancels; a cancelled run hands its job
  back, and arq requeues the cancelled delivery.
- HIGH jobs run on their own simulator call. STANDARD jobs on one backend share one
  `runner.run_many` call (`Batcher`), flushed after `BATCH_WINDOW_S` or at `BATCH_MAX` circuits.

Test-only: `QRAPH_TEST_JOB_DELAY_S` (seconds, default 0) makes every run sleep after its claim,
so crash tests can kill a worker while a job is RUNNING. Never set it elsewhere.
"""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from arq.worker import Retry
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from domain import events
from domain.errors import ProviderUnavailable
from domain.execution import Outcome, runner
from domain.execution.errors import CircuitTooLarge, UnsupportedCircuit
from domain.jobs import execution
from domain.jobs.models import Priority
from domain.providers.sdk_thread import run_in_sdk_thread

if TYPE_CHECKING:
    from qiskit import QuantumCircuit

    from domain.backends.models import Backend

log = logging.getLogger("qraph.worker.jobs")

MAX_TRIES = 5  # arq deliveries of one enqueue, transient retries included
BATCH_WINDOW_S = 0.002  # how long the first STANDARD job of a batch waits for company
BATCH_MAX = 16  # circuits per simulator call
TEST_DELAY_ENV = "QRAPH_TEST_JOB_DELAY_S"

TRANSIENT: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
    ProviderUnavailable,
)


def backoff(job_try: int) -> float:
    """Seconds before the next delivery: 0.5, 1, 2, 4 ... capped at 30."""
    return float(min(30.0, 0.5 * 2 ** max(0, job_try - 1)))


def _is_transient(error: BaseException) -> bool:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, TRANSIENT)


@dataclass(slots=True)
class _Pending:
    backend: Backend
    circuit: QuantumCircuit
    shots: int
    future: asyncio.Future[Outcome | CircuitTooLarge | UnsupportedCircuit]


class Batcher:
    """Per-backend batches of STANDARD jobs, one `runner.run_many` call per batch."""

    def __init__(self, window_s: float = BATCH_WINDOW_S, max_size: int = BATCH_MAX) -> None:
        self.window_s = window_s
        self.max_size = max_size
        self._pending: dict[str, list[_Pending]] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._running: set[asyncio.Task[None]] = set()
        self.batches: list[int] = []  # sizes of the batches run, for tests and benchmarks

    async def run(self, backend: Backend, circuit: QuantumCircuit, shots: int) -> Outcome:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Outcome | CircuitTooLarge | UnsupportedCircuit] = (
            loop.create_future()
        )
        batch = self._pending.setdefault(backend.name, [])
        batch.append(_Pending(backend, circuit, shots, future))
        if len(batch) >= self.max_size:
            self._flush(backend.name)
        elif len(batch) == 1:
            self._timers[backend.name] = loop.call_later(self.window_s, self._flush, backend.name)
        result = await future
        if isinstance(result, CircuitTooLarge | UnsupportedCircuit):
            raise result
        return result

    def _flush(self, name: str) -> None:
        timer = self._timers.pop(name, None)
        if timer is not None:
            timer.cancel()
        batch = self._pending.pop(name, [])
        if batch:
            task = asyncio.get_running_loop().create_task(self._run(batch))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _run(self, batch: list[_Pending]) -> None:
        backend = batch[0].backend
        work = [(item.circuit, item.shots) for item in batch]
        self.batches.append(len(batch))
        try:
            results = await run_in_sdk_thread(lambda: runner.run_many(backend, work))
        except BaseException as error:
            for item in batch:
                if not item.future.done():
                    item.future.set_exception(error)
            if not isinstance(error, Exception):
                raise
            return
        for item, result in zip(batch, results, strict=True):
            if not item.future.done():  # a waiter cancelled at shutdown
                item.future.set_result(result)


async def _publish(redis: Any, to_publish: Iterable[events.Event]) -> None:
    # The transition is committed; a lost event is repaired by subscribers re-reading state.
    try:
        for event in to_publish:
            await events.publish(redis, event)
    except Exception:
        log.warning("could not publish job events", exc_info=True)


def _test_delay() -> float:
    return float(os.environ.get(TEST_DELAY_ENV) or 0)


async def run_job(ctx: dict[str, Any], job_id: str) -> str:
    """Run one job if it is still QUEUED; returns what happened (for logs and arq)."""
    sessionmaker = ctx["sessionmaker"]
    redis = ctx["redis"]
    job_try = int(ctx.get("job_try") or 1)
    try:
        claimed = await execution.claim(sessionmaker, uuid.UUID(job_id), worker=ctx["worker_id"])
    except Exception as error:
        if _is_transient(error):
            raise Retry(defer=backoff(job_try)) from error
        raise
    if claimed is None:
        return "skipped: not QUEUED"
    await _publish(redis, claimed.events)
    try:
        if delay := _test_delay():
            await asyncio.sleep(delay)
        try:
            prepared = await execution.prepare(claimed.circuit, claimed.backend)
            batcher: Batcher | None = ctx.get("batcher")
            if claimed.priority == Priority.HIGH or batcher is None:
                outcome = await execution.simulate_one(
                    claimed.backend, prepared.circuit, claimed.shots
                )
            else:
                outcome = await batcher.run(claimed.backend, prepared.circuit, claimed.shots)
        except execution.BAD_CIRCUIT as error:
            finished = await execution.fail(sessionmaker, claimed, error)
        else:
            finished = await execution.complete(sessionmaker, claimed, prepared, outcome)
    except asyncio.CancelledError:
        # Shutdown past job_completion_wait: hand the job back; arq requeues this delivery.
        await asyncio.shield(_hand_back(ctx, claimed, "handed back: worker shutting down"))
        raise
    except Exception as error:
        if not _is_transient(error):
            raise
        await _hand_back(ctx, claimed, f"handed back: transient fault ({type(error).__name__})")
        raise Retry(defer=backoff(job_try)) from error
    await _publish(redis, finished.events)
    return finished.status.value if finished.status else "discarded: job left RUNNING"


async def _hand_back(ctx: dict[str, Any], claimed: execution.Claim, note: str) -> None:
    try:
        finished = await execution.hand_back(ctx["sessionmaker"], claimed, note=note)
    except Exception:
        log.warning("could not hand job %s back", claimed.job_id, exc_info=True)
        return
    await _publish(ctx["redis"], finished.events)
