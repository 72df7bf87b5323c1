"""A finished job's figures as SQL expressions, and their sums over a group of jobs.

Shared by the rollup writes (domain.analytics.rollups) and the current hour's reads
(domain.analytics.facts), so both count a job the same way:

- queue wait: started − created (jobs that started);
- execution: the simulator's or device's `execution_ms`, else finished − started;
- cost: `actual_cost` (0 when unset);
- the hour: the UTC hour of `finished_at`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Float, Integer, Numeric, case, cast, func
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.sql import ColumnElement

from domain.analytics.histogram import BUCKETS

LN2 = 0.6931471805599453


def hour_of(at: Any) -> ColumnElement[Any]:
    return func.date_trunc("hour", at, "UTC")


def wait_ms(created_at: Any, started_at: Any) -> ColumnElement[Any]:
    return cast(func.extract("epoch", started_at - created_at) * 1000, Float)


def execution_ms(execution: Any, started_at: Any, finished_at: Any) -> ColumnElement[Any]:
    measured = cast(func.extract("epoch", finished_at - started_at) * 1000, Float)
    return case((started_at.is_(None), None), else_=func.coalesce(execution, measured))


def bucket(ms: Any) -> ColumnElement[Any]:
    """SQL mirror of `histogram.bucket_of` (NULL for a NULL latency)."""
    return case(
        (ms.is_(None), None),
        (ms < 1, 0),
        else_=cast(
            func.least(BUCKETS - 1, 1 + func.floor(2 * func.ln(cast(ms, Float)) / LN2)), Integer
        ),
    )


def histogram_of(ms: Any) -> ColumnElement[Any]:
    """An aggregate: the counts per bucket of `ms` over the group (NULLs left out)."""
    b = bucket(ms)
    return array(
        [
            cast(func.count().filter(b == k), BigInteger)  # type: ignore[no-untyped-call]
            for k in range(BUCKETS)
        ]
    )


def summed_histograms(column: Any) -> ColumnElement[Any]:
    """An aggregate: the element-wise sum of a histogram column over the group."""
    return array(
        [
            cast(func.coalesce(func.sum(column[k + 1]), 0), BigInteger)
            for k in range(BUCKETS)
        ]
    )


def added_histograms(left: Any, right: Any) -> ColumnElement[Any]:
    """Element-wise `left + right` of two histogram arrays of one row."""
    return array(
        [
            cast(func.coalesce(left[k + 1], 0) + func.coalesce(right[k + 1], 0), BigInteger)
            for k in range(BUCKETS)
        ]
    )


def group_figures(
    *,
    shots: Any,
    cost: Any,
    wait: ColumnElement[Any],
    execution: ColumnElement[Any],
    fidelity: Any,
) -> dict[str, ColumnElement[Any]]:
    """The rollup's summed columns over a group of jobs, by rollup column name."""
    return {
        "jobs": cast(func.count(), BigInteger),
        "shots": cast(func.coalesce(func.sum(shots), 0), BigInteger),
        "cost": cast(func.coalesce(func.sum(func.coalesce(cost, 0)), 0), Numeric(18, 6)),
        "wait_ms_sum": cast(func.coalesce(func.sum(wait), 0.0), Float),
        "wait_count": cast(func.count(wait), BigInteger),
        "wait_ms_max": cast(func.max(wait), Float),
        "wait_hist": histogram_of(wait),
        "execution_ms_sum": cast(func.coalesce(func.sum(execution), 0.0), Float),
        "execution_count": cast(func.count(execution), BigInteger),
        "execution_ms_max": cast(func.max(execution), Float),
        "execution_hist": histogram_of(execution),
        "fidelity_sum": cast(func.coalesce(func.sum(fidelity), 0.0), Float),
        "fidelity_count": cast(func.count(fidelity), BigInteger),
    }
