"""The exact, noise-free outcome distribution of a circuit, and how close measured counts come."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from qiskit import QuantumCircuit
from qiskit.circuit import Gate
from qiskit.quantum_info import Statevector

from domain.circuits.branching import branch_distribution
from domain.circuits.metrics import is_measured

IDEAL_MAX_QUBITS = 20
# Amplitude updates (2**qubits per gate) the statevector may cost: at most about half a second
# on the SDK thread, e.g. 64 gates on 20 qubits or 1,024 on 16.
IDEAL_MAX_WORK = 1 << 26
# Past this many outcomes a few thousand shots cannot estimate the distribution anyway, and
# the dictionary alone would cost seconds on the SDK thread.
IDEAL_MAX_OUTCOMES = 1 << 16
# Amplitudes that are zero up to rounding (an "01" of 1e-33 in a Bell state) are left out.
_ZERO = 1e-12
_PASSIVE = frozenset({"barrier", "delay"})


def ideal_distribution(circuit: QuantumCircuit) -> dict[str, float] | None:
    """Outcome probabilities keyed like Aer's `get_counts()`, or None when not exact this way.

    Keys read clbit n-1 ... clbit 0, one group per classical register (last register first,
    separated by spaces) when registers hold every bit exactly once, else one group of all
    clbits. Computed from a statevector, so only for circuits of at most 20 qubits (and within
    IDEAL_MAX_WORK) with no parameters; None otherwise, or when nothing is measured. Dynamic
    circuits (mid-circuit measurement, reset after use, `if`, `switch`, loops, stores) are
    followed branch by branch (`branching`), within the same work bound.
    """
    if circuit.num_qubits > IDEAL_MAX_QUBITS or circuit.num_parameters:
        return None
    split = _split_final_measurements(circuit)
    if split is None:
        return _dynamic_distribution(circuit)
    unitary, measured = split
    if len(unitary.data) << unitary.num_qubits > IDEAL_MAX_WORK:
        return None
    try:
        state = Statevector(unitary)
    except Exception:  # an opaque gate without a definition, or one Qiskit cannot simulate
        return None
    order = sorted(set(measured.values()))
    probabilities = state.probabilities(order)
    outcomes = np.flatnonzero(probabilities > _ZERO)
    if len(outcomes) > IDEAL_MAX_OUTCOMES:
        return None
    layout = _key_layout(circuit)
    chars = np.full((len(outcomes), len(layout)), ord(" "), dtype=np.uint8)
    for column, clbit in enumerate(layout):
        if clbit is None:
            continue
        if clbit in measured:
            bits = (outcomes >> order.index(measured[clbit])) & 1
            chars[:, column] = ord("0") + bits
        else:
            chars[:, column] = ord("0")
    kept = probabilities[outcomes]
    kept = kept / kept.sum()
    return {row.tobytes().decode(): float(p) for row, p in zip(chars, kept, strict=True)}


def _dynamic_distribution(circuit: QuantumCircuit) -> dict[str, float] | None:
    if not is_measured(circuit):
        return None
    try:
        outcomes = branch_distribution(circuit, IDEAL_MAX_WORK)
    except (ValueError, KeyError):  # outside what branching follows, or past its bounds
        return None
    if not outcomes or len(outcomes) > IDEAL_MAX_OUTCOMES:
        return None
    layout = _key_layout(circuit)
    total = sum(outcomes.values())
    distribution: dict[str, float] = {}
    for bits, probability in outcomes.items():
        if probability <= _ZERO:
            continue
        key = "".join(" " if clbit is None else str(bits[clbit]) for clbit in layout)
        distribution[key] = distribution.get(key, 0.0) + probability / total
    return distribution


def hellinger_fidelity(counts: Mapping[str, int], ideal: Mapping[str, float]) -> float:
    """(1 - H²)² between normalised counts and a distribution, as in qiskit.quantum_info.

    Spaces in keys are ignored, so Aer's "1 01" and "101" name the same outcome.
    """
    p, q = _normalised(counts), _normalised(ideal)
    overlap = sum(math.sqrt(value * q[key]) for key, value in p.items() if key in q)
    return min(1.0, overlap) ** 2


def _split_final_measurements(
    circuit: QuantumCircuit,
) -> tuple[QuantumCircuit, dict[int, int]] | None:
    """The unitary part and {clbit: qubit} of the final measurements, or None if not so split."""
    qubit_index = {qubit: index for index, qubit in enumerate(circuit.qubits)}
    clbit_index = {clbit: index for index, clbit in enumerate(circuit.clbits)}
    unitary = QuantumCircuit(circuit.num_qubits)
    measured: dict[int, int] = {}
    finished: set[int] = set()  # measured qubits: any later gate makes the measurement mid-circuit
    used: set[int] = set()
    for item in circuit.data:
        operation, qubits = item.operation, [qubit_index[q] for q in item.qubits]
        if operation.name in _PASSIVE:
            continue
        if operation.name == "measure":
            finished.add(qubits[0])
            measured[clbit_index[item.clbits[0]]] = qubits[0]
            continue
        if operation.name == "reset":
            # A reset before anything else acts on a qubit that is already |0>: the identity.
            if qubits[0] in used or qubits[0] in finished:
                return None
            continue
        # Control flow and other non-gates, or a gate after a measurement of one of its qubits.
        if not isinstance(operation, Gate) or finished.intersection(qubits):
            return None
        used.update(qubits)
        unitary.append(operation, qubits, copy=False)
    return (unitary, measured) if measured else None


def _key_layout(circuit: QuantumCircuit) -> list[int | None]:
    """Clbit index per key character, left to right; None is the space between registers."""
    registers = circuit.cregs
    in_registers = [circuit.find_bit(bit).index for register in registers for bit in register]
    if not registers or sorted(in_registers) != list(range(circuit.num_clbits)):
        return list(reversed(range(circuit.num_clbits)))
    layout: list[int | None] = []
    for register in reversed(registers):
        if layout:
            layout.append(None)
        layout.extend(circuit.find_bit(bit).index for bit in reversed(list(register)))
    return layout


def _normalised(distribution: Mapping[str, float]) -> dict[str, float]:
    total = sum(distribution.values())
    if total <= 0:
        raise ValueError("a distribution needs a positive total")
    merged: dict[str, float] = {}
    for key, value in distribution.items():
        bare = key.replace(" ", "")
        merged[bare] = merged.get(bare, 0.0) + value / total
    return merged
