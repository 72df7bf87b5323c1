"""Operator series on /metrics beside the HTTP and GraphQL ones (seed 002's operations).

What PostgreSQL or Redis knows is read at scrape time, with a few cheap, bounded statements:
queue depth and oldest queued age per backend (the partial index of active jobs), jobs by final
status and latency histograms over the last hour (the created_at index), experiment runs by
preset and status, workers alive (their liveness keys) with busy against capacity, and whether
Redis answers. A failed read leaves its series out of that scrape, never the whole page.

`REJECTIONS` is a process counter: the submission path counts shot-budget refusals with
`REJECTIONS.labels(reason="shot_budget").inc()`, and spending limits use
`reason="spending_limit"` the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import prometheus_client as prom
from prometheus_client.core import GaugeHistogramMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import text

from qraph.observability import REGISTRY

log = logging.getLogger("qraph.metrics")

REJECTIONS = prom.Counter(
    "qraph_submission_rejections",
    "Submissions refused by a budget: reason is shot_budget or spending_limit.",
    ["reason"],
    registry=REGISTRY,
)
for _reason in ("shot_budget", "spending_limit"):
    REJECTIONS.labels(reason=_reason)


@contextlib.asynccontextmanager
async def counting_rejections() -> AsyncIterator[None]:
    """Count a shot-budget refusal raised in the block (and let it through)."""
    from domain.errors import QuotaExceeded

    try:
        yield
    except QuotaExceeded:
        REJECTIONS.labels(reason="shot_budget").inc()
        raise


WINDOW_S = 3600
READ_TIMEOUT_S = 2.0  # per part: a scrape answers even while a service hangs
MAX_WORKER_KEYS = 1000
BUCKETS_S = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)

_QUEUES = text(
    """
    SELECT b.name, count(*) AS depth,
           extract(epoch FROM now() - min(j.created_at)) AS oldest
    FROM jobs j JOIN backends b ON b.id = j.backend_id
    WHERE j.status = 'QUEUED'
    GROUP BY b.name
    """
)
_BUSY = text("SELECT count(*) FROM jobs WHERE status = 'RUNNING'")
_FINAL = text(
    """
    SELECT status, count(*) FROM jobs
    WHERE created_at > now() - make_interval(secs => :window)
      AND status IN ('COMPLETED', 'FAILED', 'CANCELLED')
    GROUP BY status
    """
)
_LATENCIES = text(
    """
    SELECT extract(epoch FROM finished_at - started_at) AS execution,
           extract(epoch FROM finished_at - created_at) AS end_to_end
    FROM jobs
    WHERE created_at > now() - make_interval(secs => :window)
      AND status = 'COMPLETED' AND started_at IS NOT NULL AND finished_at IS NOT NULL
    LIMIT 100000
    """
)
_EXPERIMENTS = text(
    """
    SELECT preset, coalesce(status, 'OPEN'), count(*) FROM experiment_runs
    GROUP BY preset, coalesce(status, 'OPEN')
    """
)


@dataclass(slots=True)
class Snapshot:
    queues: list[tuple[str, int, float]] | None = None
    busy: int | None = None
    final: dict[str, int] | None = None
    execution: list[float] = field(default_factory=list)
    end_to_end: list[float] = field(default_factory=list)
    latencies_read: bool = False
    experiments: list[tuple[str, str, int]] | None = None
    workers_alive: int | None = None
    capacity_per_worker: int = 1
    redis_connected: bool = False
    at: float = 0.0


class OperationsCollector(Collector):
    """Yields the last snapshot `refresh` read; refreshed by the /metrics handler."""

    def __init__(self) -> None:
        self.snapshot = Snapshot()

    def collect(self) -> Iterator[Any]:
        s = self.snapshot
        if s.queues is not None:
            depth = GaugeMetricFamily(
                "qraph_queue_depth", "QUEUED jobs per backend.", labels=["backend"]
            )
            oldest = GaugeMetricFamily(
                "qraph_queue_oldest_age_seconds",
                "Age of the oldest QUEUED job per backend.",
                labels=["backend"],
            )
            for name, count, age in s.queues:
                depth.add_metric([name], count)
                oldest.add_metric([name], age)
            yield depth
            yield oldest
        if s.final is not None:
            final = GaugeMetricFamily(
                "qraph_jobs_final",
                f"Jobs submitted in the last {WINDOW_S} s that ended, by final status.",
                labels=["status"],
            )
            for status in ("COMPLETED", "FAILED", "CANCELLED"):
                final.add_metric([status], s.final.get(status, 0))
            yield final
        if s.latencies_read:
            for name, values, what in (
                ("qraph_job_execution_seconds", s.execution, "Execution (started to finished)"),
                (
                    "qraph_job_end_to_end_seconds",
                    s.end_to_end,
                    "End to end (submitted to finished)",
                ),
            ):
                yield _histogram(
                    name, f"{what} of jobs completed in the last {WINDOW_S} s.", values
                )
        if s.experiments is not None:
            runs = GaugeMetricFamily(
                "qraph_experiment_runs",
                "Experiment runs by preset and status (OPEN: not analysed yet).",
                labels=["preset", "status"],
            )
            for preset, status, count in s.experiments:
                runs.add_metric([preset, status], count)
            yield runs
        if s.workers_alive is not None:
            yield GaugeMetricFamily(
                "qraph_workers_alive", "Workers with a live heartbeat key.", value=s.workers_alive
            )
            yield GaugeMetricFamily(
                "qraph_workers_capacity",
                "Jobs the live workers can run at once (simulation processes each).",
                value=s.workers_alive * s.capacity_per_worker,
            )
        if s.busy is not None:
            yield GaugeMetricFamily("qraph_workers_busy", "RUNNING jobs.", value=s.busy)
        yield GaugeMetricFamily(
            "qraph_redis_connected", "1 when Redis answered a PING.", value=int(s.redis_connected)
        )


def _histogram(name: str, documentation: str, values: list[float]) -> GaugeHistogramMetricFamily:
    ordered = sorted(values)
    buckets = []
    index = 0
    for bound in BUCKETS_S:
        while index < len(ordered) and ordered[index] <= bound:
            index += 1
        buckets.append((repr(bound), index))
    buckets.append(("+Inf", len(ordered)))
    return GaugeHistogramMetricFamily(name, documentation, buckets=buckets, gsum_value=sum(ordered))


COLLECTOR = OperationsCollector()
REGISTRY.register(COLLECTOR)


async def refresh(services: Any) -> Snapshot:
    """Read the figures now; each part that fails is left out of this scrape."""
    from domain.execution.pool import default_size
    from domain.jobs.reconciler import worker_key

    s = Snapshot(at=time.time())
    s.capacity_per_worker = default_size(services.settings.simulation_processes)
    try:
        await asyncio.wait_for(_read_database(services, s), READ_TIMEOUT_S)
    except Exception:  # a scrape must answer: the database's series are left out
        log.warning("metrics: the database could not be read", exc_info=True)
    try:
        await asyncio.wait_for(_read_redis(services, s, worker_key("*")), READ_TIMEOUT_S)
    except Exception:
        s.redis_connected = False
        s.workers_alive = None
    COLLECTOR.snapshot = s
    return s


async def _read_database(services: Any, s: Snapshot) -> None:
    async with services.sessionmaker() as session:
        rows = await session.execute(_QUEUES)
        s.queues = [(name, int(depth), float(oldest or 0.0)) for name, depth, oldest in rows]
        s.busy = int(await session.scalar(_BUSY) or 0)
        rows = await session.execute(_FINAL, {"window": WINDOW_S})
        s.final = {status: int(count) for status, count in rows}
        for execution, end_to_end in await session.execute(_LATENCIES, {"window": WINDOW_S}):
            s.execution.append(float(execution))
            s.end_to_end.append(float(end_to_end))
        s.latencies_read = True
        rows = await session.execute(_EXPERIMENTS)
        s.experiments = [(p, st, int(c)) for p, st, c in rows]


async def _read_redis(services: Any, s: Snapshot, pattern: str) -> None:
    redis = services.redis
    s.redis_connected = bool(await redis.ping())
    alive = 0
    async for _ in redis.scan_iter(match=pattern, count=200):
        alive += 1
        if alive >= MAX_WORKER_KEYS:
            break
    s.workers_alive = alive
