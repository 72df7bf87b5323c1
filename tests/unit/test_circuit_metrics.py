"""Circuit figures that pick the Aer method: Clifford detection, active qubits, counts, depth."""

from __future__ import annotations

import pytest
from qiskit import QuantumCircuit
from qiskit_aer import AerSimulator

from domain.circuits import active_qubits, gate_counts, is_clifford, parse_circuit
from domain.circuits.metrics import depth, is_measured

HEADER = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n'

CLIFFORD = [
    "qubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n",
    "qubit[3] q;\nx q[0];\ny q[1];\nz q[2];\ns q[0];\nsdg q[1];\nsx q[2];\nswap q[0], q[1];\n",
    "qubit[2] q;\ncz q[0], q[1];\ncy q[1], q[0];\nreset q;\nbarrier q;\n",
    "qubit[2] q;\nbit c;\nc = measure q[0];\nif (c) { x q[1]; }\n",
]
NOT_CLIFFORD = [
    "qubit q;\nt q;\n",
    "qubit q;\nrz(pi/2) q;\n",  # Clifford in effect, but Aer's stabilizer method refuses it
    "qubit[3] q;\nccx q[0], q[1], q[2];\n",
    "qubit[2] q;\nbit c;\nc = measure q[0];\nif (c) { t q[1]; }\n",
]


def circuit(body: str) -> QuantumCircuit:
    return parse_circuit(HEADER + body).circuit


@pytest.mark.parametrize("body", CLIFFORD)
def test_clifford_circuits_are_detected(body: str) -> None:
    assert is_clifford(circuit(body))


@pytest.mark.parametrize("body", NOT_CLIFFORD)
def test_non_clifford_circuits_are_not(body: str) -> None:
    assert not is_clifford(circuit(body))


@pytest.mark.parametrize("body", CLIFFORD[:3])
def test_what_is_called_clifford_runs_on_the_stabilizer_method(body: str) -> None:
    qc = circuit(body)
    qc.measure_all()

    result = AerSimulator(method="stabilizer").run(qc, shots=10).result()

    assert result.success


def test_active_qubits_ignore_barriers_and_delays() -> None:
    qc = QuantumCircuit(5, 1)
    qc.barrier()
    qc.delay(100, 0)
    qc.h(3)
    qc.cx(3, 1)
    qc.measure(1, 0)

    assert active_qubits(qc) == [1, 3]


def test_active_qubits_follow_control_flow_blocks_to_the_outer_qubits() -> None:
    qc = circuit("qubit[4] q;\nbit c;\nc = measure q[2];\nif (c) { x q[3]; }\n")

    assert active_qubits(qc) == [2, 3]


def test_idle_circuit_has_no_active_qubits() -> None:
    qc = QuantumCircuit(3)
    qc.barrier()

    assert active_qubits(qc) == []


def test_gate_counts_include_instructions_inside_blocks() -> None:
    qc = circuit("qubit[2] q;\nbit c;\nh q[0];\nc = measure q[0];\nif (c) { x q[1]; x q[1]; }\n")

    assert gate_counts(qc) == {"x": 2, "h": 1, "measure": 1, "if_else": 1}


def test_depth_and_measured() -> None:
    bell = circuit("qubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n")
    unmeasured = circuit("qubit[2] q;\nh q[0];\n")

    assert depth(bell) == 3
    assert is_measured(bell)
    assert not is_measured(unmeasured)
    assert not parse_circuit(HEADER + "qubit[2] q;\nh q[0];\n").measured
