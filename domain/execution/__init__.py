"""Running circuits on local simulators: ideal Aer backends and noisy IBM device emulators.

`runner` is the entry point (`check`, `run`, `run_many`); this module holds the types its callers
and the two simulators share, and those that cross into and out of a simulation process
(`BackendSpec`, `Ran`, `Refused`). Workers run circuits only in simulation processes
(`pool`, `child`), never on a thread of their own; every function under `domain.execution`
except `pool` is synchronous and blocking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from domain.errors import DomainError


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


@dataclass(frozen=True, slots=True)
class BackendSpec:
    """The catalog fields a simulation needs, as plain values that cross a process boundary."""

    name: str
    provider: str
    num_qubits: int
    simulation_method: str | None

    @classmethod
    def of(cls, backend: Any) -> BackendSpec:
        return cls(
            name=backend.name,
            provider=str(backend.provider),
            num_qubits=backend.num_qubits,
            simulation_method=backend.simulation_method,
        )


@dataclass(frozen=True, slots=True)
class Ran:
    """A job's counts, and its fidelity to the ideal distribution when that is computable."""

    outcome: Outcome
    fidelity: float | None


@dataclass(frozen=True, slots=True)
class Refused:
    """A job that cannot run; errors cross the process boundary as a code and a message."""

    code: str
    message: str

    @classmethod
    def of(cls, error: DomainError) -> Refused:
        return cls(code=error.code, message=str(error))


JobResult = Ran | Refused
