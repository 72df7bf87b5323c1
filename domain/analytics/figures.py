"""A finished job's figures as SQL expressions, and their sums over a group of jobs.

Shared by the rollup writes (domain.analytics.rollups) and the current hour's reads
(domain.analytics.facts), so both count a job the same way:

- queue wait: started − created (jobs that started);
- execution: the simulator's or device's `execution_ms`, else finished − started;
- cost: `actual_cost` (0 when unset);
- the hour: the UTC hour of `finished_at`.

Constants are written into the SQL (`literal_column`), not bound: a histogram has BUCKETS
entries, and a bound parameter for each would make every statement carry hundreds of them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Float, Integer, Numeric, case, cast, func, literal_column
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.sql import ColumnElement

from domain.analytics.histogram import BUCKETS

LN2 = "0.6931471805599453"


def n(value: int | str) -> ColumnElement[Any]:
    """A constant written into the statement."""
    return literal_column(str(value))


def hour_of(at: Any) -> ColumnElement[Any]:
    return func.date_trunc(literal_column("'hour'"), at, literal_column("'UTC'"))


def wait_ms(created_at: Any, started_at: Any) -> ColumnElement[Any]:
    return cast(func.extract("epoch", started_at - created_at) * n(1000), Float)


def execution_ms(execution: Any, started_at: Any, finished_at: Any) -> ColumnElement[Any]:
    measured = cast(func.extract("epoch", finished_at - started_at) * n(1000), Float)
    return case((started_at.is_(None), None), else_=func.coalesce(execution, measured))


def bucket(ms: Any) -> ColumnElement[Any]:
    """SQL mirror of `histogram.bucket_of` (NULL for a NULL latency)."""
    return case(
        (ms < n(1), n(0)),
        else_=cast(
            func.least(n(BUCKETS - 1), n(1) + func.floor(n(2) * func.ln(ms) / n(LN2))), Integer
        ),
    )


def histogram_of(bucket_column: Any) -> ColumnElement[Any]:
    """An aggregate: how many rows of the group fall in each bucket (NULLs in none)."""
    return array([func.count().filter(bucket_column == n(k)) for k in range(BUCKETS)])


def summed_histograms(column: Any) -> ColumnElement[Any]:
    """An aggregate: the element-wise sum of a histogram column over the group."""
    return array(
        [cast(func.coalesce(func.sum(column[n(k + 1)]), n(0)), BigInteger) for k in range(BUCKETS)]
    )


def added_histograms(left: Any, right: Any) -> ColumnElement[Any]:
    """Element-wise `left + right` of two histogram arrays (`qraph_add_counts`, migration 0015)."""
    return func.qraph_add_counts(left, right, type_=left.type)


def per_job(c: Any) -> list[ColumnElement[Any]]:
    """A job's figures, labelled, for `group_figures` to sum: select them in a subquery first."""
    wait = wait_ms(c.created_at, c.started_at)
    execution = execution_ms(c.execution_ms, c.started_at, c.finished_at)
    return [
        hour_of(c.finished_at).label("hour"),
        c.backend_id,
        c.owner_id,
        c.app_id,
        c.status,
        c.shots,
        func.coalesce(c.actual_cost, n(0)).label("cost"),
        c.fidelity,
        wait.label("wait"),
        execution.label("execution"),
        bucket(wait).label("wait_bucket"),
        bucket(execution).label("execution_bucket"),
    ]


def group_figures(j: Any) -> dict[str, ColumnElement[Any]]:
    """The rollup's summed columns over a group of `per_job` rows, by rollup column name."""
    return {
        "jobs": func.count(),
        "shots": cast(func.coalesce(func.sum(j.shots), n(0)), BigInteger),
        "cost": cast(func.coalesce(func.sum(j.cost), n(0)), Numeric(18, 6)),
        "wait_ms_sum": cast(func.coalesce(func.sum(j.wait), n(0)), Float),
        "wait_count": func.count(j.wait),
        "wait_ms_max": func.max(j.wait),
        "wait_hist": histogram_of(j.wait_bucket),
        "execution_ms_sum": cast(func.coalesce(func.sum(j.execution), n(0)), Float),
        "execution_count": func.count(j.execution),
        "execution_ms_max": func.max(j.execution),
        "execution_hist": histogram_of(j.execution_bucket),
        "fidelity_sum": cast(func.coalesce(func.sum(j.fidelity), n(0)), Float),
        "fidelity_count": func.count(j.fidelity),
    }
