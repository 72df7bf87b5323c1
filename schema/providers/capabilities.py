"""A backend's capabilities, as its provider reports them (`Backend.capabilities`)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import strawberry


@strawberry.enum(description="What a backend can do beyond its gates.")
class CapabilityName(StrEnum):
    MID_CIRCUIT_MEASUREMENT = "MID_CIRCUIT_MEASUREMENT"
    DYNAMIC_CIRCUITS = "DYNAMIC_CIRCUITS"
    MAX_SHOTS = "MAX_SHOTS"
    MAX_CIRCUITS_PER_JOB = "MAX_CIRCUITS_PER_JOB"


_KEYS = {
    "mid_circuit_measurement": CapabilityName.MID_CIRCUIT_MEASUREMENT,
    "dynamic_circuits": CapabilityName.DYNAMIC_CIRCUITS,
    "max_shots": CapabilityName.MAX_SHOTS,
    "max_circuits_per_job": CapabilityName.MAX_CIRCUITS_PER_JOB,
}


@strawberry.type(description="One capability a backend's provider reports.")
class BackendCapability:
    name: CapabilityName = strawberry.field(description="Which capability.")
    supported: bool = strawberry.field(description="Whether the backend has it.")
    limit: int | None = strawberry.field(
        description="Its limit, for MAX_SHOTS and MAX_CIRCUITS_PER_JOB; null otherwise."
    )


def capabilities(row: Any) -> list[BackendCapability]:
    """The capabilities the provider reported, in a fixed order; unknown ones are left out."""
    stored: dict[str, Any] = row.capabilities or {}
    found = []
    for key, name in _KEYS.items():
        value = stored.get(key)
        if value is None:
            continue
        if isinstance(value, bool):
            found.append(BackendCapability(name=name, supported=value, limit=None))
        else:
            found.append(BackendCapability(name=name, supported=int(value) > 0, limit=int(value)))
    return found
