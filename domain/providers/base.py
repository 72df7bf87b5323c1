"""The one interface every backend provider implements, and the specs it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from domain.backends.models import BackendStatus, Provider, Technology


@dataclass(frozen=True, slots=True)
class QubitSpec:
    qubit: int
    t1_us: float | None = None
    t2_us: float | None = None
    frequency_ghz: float | None = None
    anharmonicity_ghz: float | None = None
    readout_error: float | None = None
    prob_meas0_prep1: float | None = None
    prob_meas1_prep0: float | None = None
    readout_length_ns: float | None = None
    calibrated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class GateSpec:
    gate: str
    qubits: tuple[int, ...]
    error: float | None = None
    duration_ns: float | None = None
    calibrated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Pricing:
    per_shot: Decimal = Decimal(0)
    per_task: Decimal = Decimal(0)
    currency: str = "USD"


@dataclass(frozen=True, slots=True)
class BackendSpec:
    """Everything the catalog stores about one backend, as a provider reports it."""

    name: str
    provider: Provider
    technology: Technology
    num_qubits: int
    basis_gates: tuple[str, ...]
    simulator: bool
    status: BackendStatus = BackendStatus.ONLINE
    status_reason: str | None = None
    description: str = ""
    coupling_map: tuple[tuple[int, int], ...] = ()
    simulation_method: str | None = None
    processor_family: str | None = None
    max_shots: int = 100_000
    pricing: Pricing = field(default_factory=Pricing)
    last_calibrated_at: datetime | None = None
    qubits: tuple[QubitSpec, ...] = ()
    gates: tuple[GateSpec, ...] = ()


class BackendProvider(Protocol):
    """A source of backends. `list_backends` may block (it reads SDK files or calls out)."""

    provider: Provider

    def list_backends(self) -> list[BackendSpec]: ...
