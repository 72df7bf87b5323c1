"""Gates a program defines under a standard name, with the standard matrix, read as that gate.

Qiskit's OpenQASM exporters write a definition for every gate their include file lacks (`ecr`,
`rzx`, ...), and the importers build a generic gate from it. A compiler knows nothing about a
generic gate: a device emulator then cannot flip an `ecr` to the device's native direction
("would be supported if the direction was swapped"). A definition that equals the standard gate
of its name (up to global phase) is replaced by that gate; one that merely borrows the name
stays as written.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from qiskit import QuantumCircuit
from qiskit.circuit import Gate
from qiskit.circuit.library import get_standard_gate_name_mapping
from qiskit.quantum_info import Operator

MAX_QUBITS = 3  # larger standard gates (mcx and friends) are left to the compiler's unrolling


@lru_cache(maxsize=1)
def _mapping() -> dict[str, Any]:
    return dict(get_standard_gate_name_mapping())


def standard_twin(operation: Any) -> Gate | None:
    """The standard gate `operation` equals, or None when it is one already or equals none."""
    standard = _mapping().get(operation.name)
    if (
        not isinstance(operation, Gate)
        or not isinstance(standard, Gate)
        or type(operation) is type(standard)
        or standard.num_qubits != operation.num_qubits
        or standard.num_qubits > MAX_QUBITS
        or len(standard.params) != len(operation.params)
    ):
        return None
    try:
        params = [float(p) for p in operation.params]
        twin = type(standard)(*params)
        if Operator(operation).equiv(Operator(twin)):
            return twin
    except Exception:  # unbound parameters, or a definition Operator cannot build
        return None
    return None


def standardise(circuit: QuantumCircuit) -> QuantumCircuit:
    """The circuit with each defined twin of a standard gate replaced (top level only)."""
    verdicts: dict[tuple[str, tuple[Any, ...]], Gate | None] = {}
    replaced: list[Any] = []
    for item in circuit.data:
        operation = item.operation
        key = (operation.name, tuple(map(repr, operation.params)))
        if key not in verdicts:
            verdicts[key] = standard_twin(operation)
        replaced.append(verdicts[key])
    if not any(replaced):
        return circuit
    out = circuit.copy_empty_like()
    for item, twin in zip(circuit.data, replaced, strict=True):
        out._append(item.replace(operation=twin) if twin is not None else item)
    return out
