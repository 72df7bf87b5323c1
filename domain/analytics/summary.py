"""Summing rollup rows: the aggregate columns a view selects, and their figures in Python."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Float, Numeric, cast, func
from sqlalchemy.sql import ColumnElement

from domain.analytics import figures, histogram


@dataclass(frozen=True, slots=True)
class Latency:
    """Milliseconds over the jobs that have the figure (`count` of them)."""

    count: int
    mean: float | None
    p50: float | None
    p95: float | None
    p99: float | None
    max: float | None

    @classmethod
    def of(cls, total: float, count: int, maximum: float | None, hist: Sequence[int]) -> Latency:
        if count <= 0:
            return cls(0, None, None, None, None, None)
        return cls(
            count=count,
            mean=total / count,
            p50=histogram.percentile(hist, 0.50, maximum=maximum),
            p95=histogram.percentile(hist, 0.95, maximum=maximum),
            p99=histogram.percentile(hist, 0.99, maximum=maximum),
            max=maximum,
        )


@dataclass(frozen=True, slots=True)
class Summary:
    jobs: int
    completed: int
    failed: int
    cancelled: int
    shots: int
    cost: Decimal
    wait: Latency
    execution: Latency
    mean_fidelity: float | None
    busy_ms: float

    @property
    def success_rate(self) -> float | None:
        """COMPLETED / (COMPLETED + FAILED); cancelled jobs left out, as in `jobStats`."""
        done = self.completed + self.failed
        return self.completed / done if done else None


def columns(facts: Any, *, latencies: bool = True) -> list[ColumnElement[Any]]:
    """The aggregates `summary(row)` reads, labelled `s_*`, over the rows of `facts`."""
    c = facts.c

    def total(column: Any, kind: Any = BigInteger) -> ColumnElement[Any]:
        return cast(func.coalesce(func.sum(column), 0), kind)

    def of_status(status: str) -> ColumnElement[Any]:
        return cast(func.coalesce(func.sum(c.jobs).filter(c.status == status), 0), BigInteger)

    out: list[ColumnElement[Any]] = [
        total(c.jobs).label("s_jobs"),
        of_status("COMPLETED").label("s_completed"),
        of_status("FAILED").label("s_failed"),
        of_status("CANCELLED").label("s_cancelled"),
        total(c.shots).label("s_shots"),
        total(c.cost, Numeric(18, 6)).label("s_cost"),
        total(c.wait_ms_sum, Float).label("s_wait_sum"),
        total(c.wait_count).label("s_wait_count"),
        func.max(c.wait_ms_max).label("s_wait_max"),
        total(c.execution_ms_sum, Float).label("s_exec_sum"),
        total(c.execution_count).label("s_exec_count"),
        func.max(c.execution_ms_max).label("s_exec_max"),
        total(c.fidelity_sum, Float).label("s_fid_sum"),
        total(c.fidelity_count).label("s_fid_count"),
    ]
    if latencies:
        out.append(figures.summed_histograms(c.wait_hist).label("s_wait_hist"))
        out.append(figures.summed_histograms(c.execution_hist).label("s_exec_hist"))
    return out


def summary(row: Any) -> Summary:
    m = row._mapping
    wait_hist = m.get("s_wait_hist") or []
    exec_hist = m.get("s_exec_hist") or []
    fid_count = int(m["s_fid_count"])
    return Summary(
        jobs=int(m["s_jobs"]),
        completed=int(m["s_completed"]),
        failed=int(m["s_failed"]),
        cancelled=int(m["s_cancelled"]),
        shots=int(m["s_shots"]),
        cost=Decimal(m["s_cost"]),
        wait=Latency.of(float(m["s_wait_sum"]), int(m["s_wait_count"]), m["s_wait_max"], wait_hist),
        execution=Latency.of(
            float(m["s_exec_sum"]), int(m["s_exec_count"]), m["s_exec_max"], exec_hist
        ),
        mean_fidelity=float(m["s_fid_sum"]) / fid_count if fid_count else None,
        busy_ms=float(m["s_exec_sum"]),
    )
