"""Running circuits on local simulators: ideal Aer backends and noisy IBM device emulators.

`runner` is the entry point (`check`, `run`, `run_many`); this module holds the types its callers
and the two simulators share. Every function here is synchronous and blocking: call it on the
SDK thread (`domain.providers.sdk_thread`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class BackendLike(Protocol):
    """What execution reads from a catalog row (`domain.backends.models.Backend` fits)."""

    @property
    def name(self) -> str: ...
    @property
    def provider(self) -> str: ...
    @property
    def num_qubits(self) -> int: ...
    @property
    def simulation_method(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Outcome:
    """One circuit's result. `execution_ms` covers the simulator call only, not compilation."""

    counts: dict[str, int]  # bitstring -> count, in Qiskit's key order (clbit 0 rightmost)
    shots: int
    method: str  # the simulation method Aer used
    execution_ms: float
    physical_qubits: tuple[int, ...] | None = None  # the device qubits used, on emulators
