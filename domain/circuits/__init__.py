"""OpenQASM circuits: parsing with placed errors, figures for choosing a method, ideal results."""

from __future__ import annotations

from domain.circuits.errors import InvalidCircuit
from domain.circuits.ideal import hellinger_fidelity, ideal_distribution
from domain.circuits.metrics import active_qubits, gate_counts, is_clifford
from domain.circuits.parsing import MAX_CLBITS, MAX_QUBITS, ParsedCircuit, parse_circuit

__all__ = [
    "MAX_CLBITS",
    "MAX_QUBITS",
    "InvalidCircuit",
    "ParsedCircuit",
    "active_qubits",
    "gate_counts",
    "hellinger_fidelity",
    "ideal_distribution",
    "is_clifford",
    "parse_circuit",
]
