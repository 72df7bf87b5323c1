"""Shared set-up for benchmarks: real services (configured or embedded) and percentiles."""

from __future__ import annotations

import contextlib
import os
import statistics
import tempfile
from collections.abc import Iterator
from pathlib import Path

from qraph import embedded
from qraph.settings import get_settings


@contextlib.contextmanager
def services() -> Iterator[None]:
    """DATABASE_URL/REDIS_URL from BENCH_DATABASE_URL/BENCH_REDIS_URL, else embedded ones."""
    database, redis_url = os.environ.get("BENCH_DATABASE_URL"), os.environ.get("BENCH_REDIS_URL")
    started = None
    if not database or not redis_url:
        started = embedded.start(Path(tempfile.mkdtemp(prefix="qraph-bench-")))
        database, redis_url = started.database_url, started.redis_url
    os.environ["DATABASE_URL"], os.environ["REDIS_URL"] = database, redis_url
    os.environ.setdefault("QRAPH_LOG_LEVEL", "WARNING")
    # Benchmarks measure the request path, not the limiters: one client sends thousands of
    # requests, so the per-caller rate limits and hourly cost budget are lifted here.
    for name in (
        "QRAPH_RATE_LIMIT_ANONYMOUS",
        "QRAPH_RATE_LIMIT_CONSUMER",
        "QRAPH_RATE_LIMIT_DEVELOPER",
        "QRAPH_RATE_LIMIT_ADMIN",
        "QRAPH_MUTATION_RATE_LIMIT",
        "QRAPH_COST_BUDGET_PER_HOUR",
    ):
        os.environ.setdefault(name, "100000000")
    get_settings.cache_clear()
    try:
        yield
    finally:
        if started is not None:
            started.stop()


def summary(samples_ms: list[float]) -> str:
    """p50 / p99 / mean of latencies in milliseconds."""
    ordered = sorted(samples_ms)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (
        f"p50 {statistics.median(ordered):7.2f} ms   p99 {p99:7.2f} ms   "
        f"mean {statistics.fmean(ordered):7.2f} ms   (n={len(ordered)})"
    )
