"""What a version costs to run, per backend, at its default shots: the backends' list prices."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from domain.backends.models import Backend, BackendStatus
from domain.db import AsyncSession
from domain.jobs.cost import estimate_cost


async def cost_per_backend(
    session: AsyncSession, *, qubits: int, shots: int
) -> list[dict[str, Any]]:
    """`estimate_cost` on every backend that is not retired and holds the circuit, by name."""
    rows = await session.execute(
        select(
            Backend.name, Backend.price_per_shot, Backend.price_per_task, Backend.currency
        ).where(Backend.status != BackendStatus.RETIRED, Backend.num_qubits >= qubits)
    )
    costs = []
    for row in rows.all():
        cost = estimate_cost(row, shots=shots)
        costs.append({"backend": row.name, "amount": str(cost.amount), "currency": cost.currency})
    # Sorted here, by code point, as pages of them are cut (the database's collation may differ).
    return sorted(costs, key=lambda c: c["backend"])
