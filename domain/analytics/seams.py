"""Where the experiments work plugs in (the `health` preset and `ExperimentRun`).

Until experiments exist these answer nothing rather than anything made up: `latest_health`
gives no fitted values (the calibration beside them is still shown), and `latest_experiment_runs`
no runs. On merge, point them at `domain.experiments` (one statement each, for every backend
or viewer asked about at once, so the dashboard's statement count stays constant).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.db import AsyncSession


@dataclass(frozen=True, slots=True)
class FittedHealth:
    """The `health` preset's latest fitted medians for one backend."""

    t1_us: float | None
    t2_us: float | None
    readout_error: float | None
    error_per_clifford: float | None
    measured_at: datetime


async def latest_health(session: AsyncSession, backend_ids: list[int]) -> dict[int, FittedHealth]:
    """The latest `health` results per backend; none until experiments are merged."""
    del session, backend_ids
    return {}


async def latest_experiment_runs(
    session: AsyncSession, *, owner_id: uuid.UUID | None, limit: int
) -> list[Any]:
    """The viewer's latest experiment runs (an admin: anyone's); none until experiments merge."""
    del session, owner_id, limit
    return []
