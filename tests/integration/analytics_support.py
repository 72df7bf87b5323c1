"""Helpers for the analytics tests: jobs written with chosen times, and the rollup read back."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select

from domain.analytics.models import JobRollupHourly
from domain.backends.models import Backend
from domain.jobs.models import Job


async def backend_id(sessionmaker: Any, name: str = "aer_simulator") -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(Backend.id).where(Backend.name == name)))


async def add_finished(
    sessionmaker: Any,
    owner: uuid.UUID,
    *,
    finished_at: datetime,
    status: str = "COMPLETED",
    backend: str = "aer_simulator",
    wait_s: float = 2.0,
    run_s: float = 1.0,
    shots: int = 100,
    cost: Decimal = Decimal("0.5"),
    fidelity: float | None = 0.9,
    n: int = 1,
) -> list[uuid.UUID]:
    """`n` final jobs written straight to `jobs` (not counted in the rollup: repair does that)."""
    bid = await backend_id(sessionmaker, backend)
    started = finished_at - timedelta(seconds=run_s)
    rows = [
        {
            "id": uuid.uuid4(),
            "owner_id": owner,
            "backend_id": bid,
            "circuit": "OPENQASM 2.0;",
            "circuit_format": "QASM2",
            "qubits": 2,
            "depth": 3,
            "shots": shots,
            "priority": "STANDARD",
            "tags": [],
            "status": status,
            "created_at": started - timedelta(seconds=wait_s),
            "started_at": started,
            "finished_at": finished_at,
            "cost_estimate": cost,
            "actual_cost": cost if status == "COMPLETED" else Decimal(0),
            "currency": "USD",
            "fidelity": fidelity if status == "COMPLETED" else None,
            "execution_ms": run_s * 1000,
            "details": {},
        }
        for _ in range(n)
    ]
    async with sessionmaker() as session, session.begin():
        await session.execute(insert(Job), rows)
    return [r["id"] for r in rows]


async def rollup_rows(
    sessionmaker: Any, *, all_users: bool = False, **where: Any
) -> list[JobRollupHourly]:
    """The per-owner rows (or, with `all_users`, the all-users rows), by hour and status."""
    async with sessionmaker() as session:
        owner = JobRollupHourly.owner_id
        statement = (
            select(JobRollupHourly)
            .where(owner.is_(None) if all_users else owner.is_not(None))
            .order_by(JobRollupHourly.hour, JobRollupHourly.status)
        )
        for name, value in where.items():
            statement = statement.where(getattr(JobRollupHourly, name) == value)
        return list((await session.scalars(statement)).all())
