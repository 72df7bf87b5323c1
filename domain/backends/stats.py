"""Catalog-wide figures: counts by provider, status and technology; qubits; device medians."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from domain.backends.models import Backend
from domain.db import AsyncSession


@dataclass(frozen=True, slots=True)
class CatalogStats:
    total: int
    by_provider: dict[str, int]
    by_status: dict[str, int]
    by_technology: dict[str, int]
    total_qubits: int
    max_qubits: int
    device_qubits: int
    median_t1_us: float | None
    median_t2_us: float | None
    median_two_qubit_error: float | None
    devices: list[Backend]


async def catalog_stats(session: AsyncSession) -> CatalogStats:
    """Every figure in three statements: grouped counts, device medians, the device rows."""
    grouped = (
        await session.execute(
            select(
                Backend.provider,
                Backend.status,
                Backend.technology,
                func.count(),
                func.sum(Backend.num_qubits),
                func.max(Backend.num_qubits),
            ).group_by(Backend.provider, Backend.status, Backend.technology)
        )
    ).all()
    by_provider: dict[str, int] = {}
    by_status: dict[str, int] = {}
    by_technology: dict[str, int] = {}
    total = total_qubits = max_qubits = 0
    for provider, status, technology, count, qubits, most in grouped:
        by_provider[provider] = by_provider.get(provider, 0) + count
        by_status[status] = by_status.get(status, 0) + count
        by_technology[technology] = by_technology.get(technology, 0) + count
        total += count
        total_qubits += int(qubits or 0)
        max_qubits = max(max_qubits, int(most or 0))

    def pct(column: Any) -> Any:
        return func.percentile_cont(0.5).within_group(column)

    medians = (
        await session.execute(
            select(
                pct(Backend.median_t1_us),
                pct(Backend.median_t2_us),
                pct(Backend.median_two_qubit_error),
                func.coalesce(func.sum(Backend.num_qubits), 0),
            ).where(Backend.simulator.is_(False))
        )
    ).one()
    devices = list(
        (
            await session.scalars(
                select(Backend).where(Backend.simulator.is_(False)).order_by(Backend.name)
            )
        ).all()
    )
    return CatalogStats(
        total=total,
        by_provider=by_provider,
        by_status=by_status,
        by_technology=by_technology,
        total_qubits=total_qubits,
        max_qubits=max_qubits,
        device_qubits=int(medians[3]),
        median_t1_us=medians[0],
        median_t2_us=medians[1],
        median_two_qubit_error=medians[2],
        devices=devices,
    )
