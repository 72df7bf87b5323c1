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
