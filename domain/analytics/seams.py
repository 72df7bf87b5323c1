"""Where the experiments area plugs into analytics: the `health` preset's latest fits per
backend (beside the snapshot calibration in `Backend.kpis`) and the viewer's latest experiment
runs (the dashboard). One statement each, for every backend or viewer asked about at once, so
the statement counts of `backends { kpis }` and `dashboard` stay constant.

A backend's fitted health is about the backend, not about whoever ran the preset: the latest
COMPLETED `health` run on it is shown to every signed-in viewer of its KPIs (the run itself,
its jobs and its owner stay private).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from domain.backends.models import Backend
from domain.db import AsyncSession
from domain.experiments import runs
from domain.experiments.models import ExperimentRun, Preset, RunStatus
from domain.identity.principal import Principal


@dataclass(frozen=True, slots=True)
class FittedHealth:
    """The `health` preset's latest fitted medians for one backend."""

    t1_us: float | None
    t2_us: float | None
    readout_error: float | None
    error_per_clifford: float | None
    measured_at: datetime


async def latest_health(session: AsyncSession, backend_ids: list[int]) -> dict[int, FittedHealth]:
    """The latest completed `health` run's fits per backend, for the backends asked about."""
    if not backend_ids:
        return {}
    latest = (
        select(
            Backend.id.label("backend_id"),
            ExperimentRun.result,
            ExperimentRun.finished_at,
        )
        .join(Backend, Backend.name == ExperimentRun.backends[1])
        .where(
            ExperimentRun.preset == Preset.health.value,
            ExperimentRun.status == RunStatus.COMPLETED.value,
            ExperimentRun.result.is_not(None),
            Backend.id.in_(backend_ids),
        )
        .order_by(Backend.id, ExperimentRun.finished_at.desc())
        .distinct(Backend.id)
    )
    found: dict[int, FittedHealth] = {}
    for row in await session.execute(latest):
        result = row.result or {}
        found[row.backend_id] = FittedHealth(
            t1_us=_fitted(result, "t1"),
            t2_us=_fitted(result, "t2"),
            readout_error=_fitted(result, "readout"),
            error_per_clifford=_number((result.get("rb") or {}).get("errorPerClifford")),
            measured_at=row.finished_at,
        )
    return found


def _fitted(result: dict[str, Any], kind: str) -> float | None:
    return _number((result.get(kind) or {}).get("fitted"))


def _number(fit: Any) -> float | None:
    value = fit.get("value") if isinstance(fit, dict) else None
    return float(value) if isinstance(value, int | float) else None


async def latest_experiment_runs(
    session: AsyncSession, *, viewer: Principal, limit: int
) -> list[ExperimentRun]:
    """The viewer's latest experiment runs (an admin: anyone's), newest first."""
    return await runs.latest_runs(session, viewer, limit)
