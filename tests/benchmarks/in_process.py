"""Reads run in process: the schema executed without HTTP, timed, counted and profiled.

The read benchmarks print these figures beside a raw asyncpg query for the same rows, so the
ratio says what the GraphQL layer costs on top of fetching the data. `--profile` runs cProfile
over the same executions and prints where the time went.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import make_url

from domain.identity.principal import ANONYMOUS, Principal
from qraph.context import Context
from resolvers.loaders import Loaders


class Statements:
    """The SQL statements an engine sends while it listens."""

    def __init__(self, app: Any) -> None:
        self.seen: list[str] = []
        engine = app.state.services.sessionmaker.kw["bind"].sync_engine
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.seen.append(statement)


def executor(app: Any, principal: Principal = ANONYMOUS) -> Callable[[str], Awaitable[Any]]:
    """Runs a query through the app's schema with a fresh context, as one HTTP request would."""
    services = app.state.services
    schema = app.state.graphql.schema

    async def execute(query: str) -> Any:
        context = Context(
            services=services,
            request=None,  # type: ignore[arg-type]  # nothing on the read path reads it
            response=None,
            loaders=Loaders(services.sessionmaker),
            principal=principal,
        )
        result = await schema.execute(query, context_value=context)
        assert not result.errors, result.errors
        return result.data

    return execute


async def raw_connection(url: str) -> asyncpg.Connection:
    """A plain asyncpg connection to the app's database, for baselines."""
    parsed = make_url(url)
    return await asyncpg.connect(
        user=parsed.username or "postgres",
        password=parsed.password or None,
        host=parsed.query.get("host") or parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        database=parsed.database,
    )


@dataclass
class Timings:
    samples_ms: list[float]  # wall clock of each run
    cpu_ms: float  # this process's CPU per run: steadier than wall clock on a busy machine


async def latencies(run: Callable[[], Awaitable[Any]], rounds: int) -> Timings:
    """Timings of `rounds` sequential runs (after one warm-up)."""
    await run()
    samples = []
    cpu_started = time.process_time()
    for _ in range(rounds):
        started = time.perf_counter()
        await run()
        samples.append((time.perf_counter() - started) * 1000)
    return Timings(samples, (time.process_time() - cpu_started) * 1000 / rounds)


async def profile(run: Callable[[], Awaitable[Any]], rounds: int, top: int = 25) -> str:
    """cProfile over `rounds` runs: the functions with the most cumulative time."""
    await run()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        await run()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timing_line(name: str, timings: Timings) -> str:
    """p50, p99 and CPU per run."""
    p50, p99 = _pct(timings.samples_ms, 0.5), _pct(timings.samples_ms, 0.99)
    return f"{name:44s} p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  CPU {timings.cpu_ms:6.2f} ms"


def ratio_line(name: str, timings: Timings, baseline: Timings) -> str:
    """A case's figures, and their ratios to the baseline's (p50, p99, CPU)."""
    ratios = [_pct(timings.samples_ms, q) / _pct(baseline.samples_ms, q) for q in (0.5, 0.99)] + [
        timings.cpu_ms / baseline.cpu_ms
    ]
    return timing_line(name, timings) + "   ×{:.1f} / ×{:.1f} / ×{:.1f}".format(*ratios)
