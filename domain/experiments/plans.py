"""What every preset shares: a planned job, a finished job, and what a preset's analysis returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.experiments.control_profile import Profile


@dataclass(frozen=True, slots=True)
class Spec:
    """A run as asked for, after the input checks, with what planning may need to know."""

    backends: tuple[str, ...]
    qubits: tuple[int, ...]
    shots: int
    params: dict[str, Any]
    profile: Profile
    # Per backend: (median T1, median T2) in microseconds from its calibration, when it has one.
    coherence_us: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Planned:
    backend: str
    circuit: str
    shots: int
    label: dict[str, Any]
    # Seconds after the run's start to submit it (latency probes at a controlled rate).
    submit_after_s: float = 0.0


@dataclass(frozen=True, slots=True)
class Finished:
    """One job of a run as the analysis sees it: plain values that cross a process boundary."""

    label: dict[str, Any]
    backend: str
    status: str
    shots: int
    counts: dict[str, int] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    execution_ms: float | None
    physical_qubits: tuple[int, ...] | None


@dataclass(frozen=True, slots=True)
class Analysed:
    result: dict[str, Any]
    fidelity: float | None = None
    latency_us: float | None = None
    backaction: float | None = None


QASM2_HEADER = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n'
QASM3_HEADER = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n'


def param_int(params: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    from domain.errors import InvalidInput

    value = params.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(
            f"`params.{name}` must be an integer from {low} to {high}.", field="params"
        )
    return value


def param_float(
    params: dict[str, Any], name: str, default: float, low: float, high: float
) -> float:
    import math

    from domain.errors import InvalidInput

    value = params.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"`params.{name}` must be a number.", field="params")
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise InvalidInput(f"`params.{name}` must be from {low:g} to {high:g}.", field="params")
    return number
