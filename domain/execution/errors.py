"""Why a circuit cannot run on a backend: too wide for it, or using what it cannot simulate."""

from __future__ import annotations

from domain.errors import DomainError


class CircuitTooLarge(DomainError):
    """The circuit needs more qubits than the backend (or its simulation method) can hold."""

    code = "CIRCUIT_TOO_LARGE"

    def __init__(
        self,
        circuit_qubits: int,
        backend_qubits: int,
        *,
        backend: str | None = None,
        method: str | None = None,
    ) -> None:
        target = backend or "the backend"
        if method:
            target = f"{target} ({method.replace('_', ' ')} simulation)"
        super().__init__(
            f"The circuit uses {circuit_qubits} qubits; {target} holds at most {backend_qubits}."
        )
        self.circuit_qubits = circuit_qubits
        self.backend_qubits = backend_qubits


class UnsupportedCircuit(DomainError):
    """The backend cannot run this circuit as written: a gate, a parameter or a missing measure."""

    code = "UNSUPPORTED_CIRCUIT"


# What a single run can fail with, circuit by circuit; a batch returns these in place of outcomes.
ExecutionError = CircuitTooLarge | UnsupportedCircuit


class TimeLimitExceeded(DomainError):
    """The job's computation ran past the per-job time limit and was stopped."""

    code = "TIME_LIMIT_EXCEEDED"

    def __init__(self, limit_s: float) -> None:
        super().__init__(f"The job ran past the time limit of {limit_s:g} s and was stopped.")
        self.limit_s = limit_s


class MemoryLimitExceeded(DomainError):
    """The job's computation needed more memory than a simulation process may use."""

    code = "MEMORY_LIMIT_EXCEEDED"

    def __init__(self, limit_mb: int) -> None:
        super().__init__(
            f"The job needed more than the {limit_mb} MB a simulation process may use."
        )
        self.limit_mb = limit_mb


class PoisonJob(DomainError):
    """The job's computation killed its process twice; it is not run again."""

    code = "POISON"
