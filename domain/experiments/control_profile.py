"""The engineering control profile (seed 002): the knobs admins turn without a restart.

PostgreSQL is the record: every change is a new row (who, when, the values), and the newest
row is in force. Each process keeps the profile for at most `TTL_S` seconds, and forgets it at
once when it writes a new one itself, so another API or worker process sees a change within
that time, and the process that made it sees it on its next use.
"""

from __future__ import annotations

import math
import time
import uuid
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select

from domain.db import AsyncSession
from domain.errors import InvalidInput
from domain.experiments.models import ControlProfile as ProfileRow

TTL_S = 2.0
MAX_HISTORY = 50


@dataclass(frozen=True, slots=True)
class Profile:
    """The values in force. The KPI thresholds judge an experiment run's `kpis` bundle."""

    default_shots: int = 1024
    latency_probe_rate_hz: float = 5.0
    experiment_shot_cap: int = 200_000
    # A run that spends more than this many shots on a non-simulator backend gets a warning.
    large_budget_warning_shots: int = 50_000
    fidelity_ok: float = 0.9
    fidelity_warn: float = 0.7
    latency_ok_us: float = 2_000_000.0
    latency_warn_us: float = 20_000_000.0
    backaction_ok: float = 0.1
    backaction_warn: float = 0.3


_LIMITS: dict[str, tuple[float, float]] = {
    "default_shots": (1, 100_000),
    "latency_probe_rate_hz": (0.1, 50.0),
    "experiment_shot_cap": (1, 10_000_000),
    "large_budget_warning_shots": (1, 10_000_000),
    "fidelity_ok": (0.0, 1.0),
    "fidelity_warn": (0.0, 1.0),
    "latency_ok_us": (1.0, 3.6e9),
    "latency_warn_us": (1.0, 3.6e9),
    "backaction_ok": (0.0, 1.0),
    "backaction_warn": (0.0, 1.0),
}


@dataclass(frozen=True, slots=True)
class Version:
    profile: Profile
    changed_by: uuid.UUID | None
    changed_at: datetime | None  # None: the defaults, never set


@dataclass(slots=True)
class _Cached:
    version: Version | None = None
    read_at: float = -math.inf


_CACHE = _Cached()


def forget() -> None:
    """Drop this process's copy: the next use reads the database."""
    _CACHE.version = None
    _CACHE.read_at = -math.inf


def _from_values(values: dict[str, Any]) -> Profile:
    known = {f.name for f in fields(Profile)}
    return Profile(**{k: v for k, v in values.items() if k in known})


async def current(session: AsyncSession) -> Version:
    """The profile in force (cached for at most TTL_S seconds in this process)."""
    now = time.monotonic()
    if _CACHE.version is not None and now - _CACHE.read_at < TTL_S:
        return _CACHE.version
    row = await session.scalar(select(ProfileRow).order_by(ProfileRow.id.desc()).limit(1))
    version = (
        Version(Profile(), None, None)
        if row is None
        else Version(_from_values(row.values), row.changed_by, row.changed_at)
    )
    _CACHE.version, _CACHE.read_at = version, now
    return version


def validate(changes: dict[str, Any], base: Profile) -> Profile:
    """`base` with `changes` applied, or InvalidInput naming the first bad value."""
    for name, value in changes.items():
        low, high = _LIMITS[name]
        if value is None:
            continue
        number = float(value)
        if not math.isfinite(number) or not low <= number <= high:
            raise InvalidInput(f"`{name}` must be between {low:g} and {high:g}.", field=name)
    profile = replace(base, **{k: v for k, v in changes.items() if v is not None})
    if profile.fidelity_warn > profile.fidelity_ok:
        raise InvalidInput("`fidelityWarn` must not exceed `fidelityOk`.", field="fidelityWarn")
    if profile.latency_warn_us < profile.latency_ok_us:
        raise InvalidInput(
            "`latencyWarnUs` must not be below `latencyOkUs`.", field="latencyWarnUs"
        )
    if profile.backaction_warn < profile.backaction_ok:
        raise InvalidInput(
            "`backactionWarn` must not be below `backactionOk`.", field="backactionWarn"
        )
    return profile


async def update(
    session: AsyncSession, *, changed_by: uuid.UUID | None, changes: dict[str, Any]
) -> Version:
    """Record a new version (the caller commits); effective in this process at once."""
    forget()
    base = (await current(session)).profile
    profile = validate(changes, base)
    row = ProfileRow(values=asdict(profile), changed_by=changed_by)
    session.add(row)
    await session.flush()
    await session.refresh(row, ["changed_at"])
    forget()
    return Version(profile, changed_by, row.changed_at)


async def history(session: AsyncSession, *, limit: int = 20) -> list[Version]:
    """The newest changes first."""
    rows = await session.scalars(
        select(ProfileRow).order_by(ProfileRow.id.desc()).limit(min(limit, MAX_HISTORY))
    )
    return [Version(_from_values(r.values), r.changed_by, r.changed_at) for r in rows]
