"""What the admin's `providers` list reads: each provider's configuration and health."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from domain.backends.models import Backend, Provider
from domain.db import AsyncSession
from domain.jobs.models import Job, JobStatus
from domain.providers.models import ProviderState
from domain.providers.registry import execution_adapters


@dataclass(slots=True)
class ProviderHealth:
    name: Provider
    configured: bool
    reachable: bool
    last_sync_at: datetime | None
    backends: list[Backend] = field(default_factory=list)


async def provider_health(session: AsyncSession, *, with_backends: bool) -> list[ProviderHealth]:
    """Every provider Qraph knows, configured or not (one statement, two with backends)."""
    states = {row.provider: row for row in await session.scalars(select(ProviderState))}
    configured = {str(adapter.provider) for adapter in execution_adapters()}
    found = [
        ProviderHealth(
            name=provider,
            configured=provider in configured,
            reachable=states[provider].reachable if provider in states else provider in configured,
            last_sync_at=states[provider].last_sync_at if provider in states else None,
        )
        for provider in Provider
    ]
    if with_backends:
        by_provider: dict[str, list[Backend]] = {}
        for backend in await session.scalars(select(Backend).order_by(Backend.name)):
            by_provider.setdefault(backend.provider, []).append(backend)
        for health in found:
            health.backends = by_provider.get(health.name, [])
    return found


async def queued_counts(session: AsyncSession, backend_ids: list[int]) -> dict[int, int]:
    """Qraph's own queue length per backend: its QUEUED jobs (one statement)."""
    rows: Any = await session.execute(
        select(Job.backend_id, func.count())
        .where(Job.backend_id.in_(backend_ids), Job.status == JobStatus.QUEUED)
        .group_by(Job.backend_id)
    )
    return {backend_id: int(count) for backend_id, count in rows}
