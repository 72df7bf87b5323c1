"""Figures about a circuit that choose how to run it: size, Clifford-ness, the qubits in use."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from qiskit import QuantumCircuit
from qiskit.circuit import CONTROL_FLOW_OP_NAMES, CircuitInstruction, ControlFlowOp, Qubit

# Instructions Aer's stabilizer method runs, less the simulator-only ones (save_*, set_*, noise
# bookkeeping). The check is by name because that is how Aer decides: rz(pi/2) is a Clifford
# operation, but the stabilizer method still refuses it.
CLIFFORD_INSTRUCTIONS = frozenset(
    {
        "id", "x", "y", "z", "h", "s", "sdg", "sx", "sxdg", "cx", "cy", "cz", "swap", "ecr",
        "pauli", "measure", "reset", "barrier", "delay",
        "if_else", "switch_case", "while_loop", "for_loop", "break_loop", "continue_loop",
    }
)  # fmt: skip
# Instructions that touch no qubit's state, so a qubit they name is still idle.
_PASSIVE = frozenset({"barrier", "delay"})


def depth(circuit: QuantumCircuit) -> int:
    """Layers of operations on the critical path (`QuantumCircuit.depth`)."""
    return circuit.depth()


def gate_counts(circuit: QuantumCircuit) -> dict[str, int]:
    """How many of each instruction as written, those inside control-flow blocks included."""
    return dict(_counts(circuit).most_common())


def is_measured(circuit: QuantumCircuit) -> bool:
    """Whether any qubit is measured anywhere, control-flow blocks included."""
    return "measure" in _counts(circuit)


def is_clifford(circuit: QuantumCircuit) -> bool:
    """Whether every instruction is one Aer's stabilizer method accepts by name."""
    return _counts(circuit).keys() <= CLIFFORD_INSTRUCTIONS


def active_qubits(circuit: QuantumCircuit) -> list[int]:
    """Indices of qubits that some instruction other than barrier or delay acts on."""
    index = {qubit: position for position, qubit in enumerate(circuit.qubits)}
    touched = {
        index[qubit]
        for item, qubits in _instructions(circuit, circuit.qubits)
        if item.operation.name not in _PASSIVE and not isinstance(item.operation, ControlFlowOp)
        for qubit in qubits
    }
    return sorted(touched)


def _counts(circuit: QuantumCircuit) -> Counter[str]:
    # count_ops runs natively; walking the instructions in Python costs a microsecond each, so
    # that is done only for circuits with blocks to look into.
    counts = Counter(circuit.count_ops())
    if counts.keys() & CONTROL_FLOW_OP_NAMES:
        for item in circuit.data:
            if isinstance(item.operation, ControlFlowOp):
                for block in item.operation.blocks:
                    counts.update(_counts(block))
    return counts


def _instructions(
    circuit: QuantumCircuit, outer: list[Qubit]
) -> Iterator[tuple[CircuitInstruction, tuple[Qubit, ...]]]:
    """Every instruction with the outermost circuit's qubits it acts on, blocks included."""
    mapping = dict(zip(circuit.qubits, outer, strict=True))
    for item in circuit.data:
        qubits = tuple(mapping[qubit] for qubit in item.qubits)
        yield item, qubits
        if isinstance(item.operation, ControlFlowOp):
            for block in item.operation.blocks:
                # A block's qubits are the instruction's qubits, in order.
                yield from _instructions(block, list(qubits))
