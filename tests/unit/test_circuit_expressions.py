"""OpenQASM 3 classical expressions as Qiskit's exporter writes them, and standard-gate twins."""

from __future__ import annotations

import pytest
from qiskit import QuantumCircuit, qasm2, qasm3
from qiskit.circuit import IfElseOp
from qiskit.circuit.classical import expr
from qiskit.circuit.library import ECRGate, RZXGate

from domain.circuits import InvalidCircuit, ideal_distribution, parse_circuit

HEADER = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\nbit[2] c;\n'


@pytest.mark.parametrize(
    "condition",
    [
        "c[0] ^ c[1]",
        "c[0] & c[1]",
        "c[0] | c[1]",
        "!c[0] && c[1]",
        "c[0] || !c[1]",
        "c == 2",
        "c != 0",
        "c < 2",
        "c >= 1",
        "(c & 3) != 0",
        "~c == 1",
        "(c >> 1) == 1",
    ],
)
def test_conditions_with_classical_expressions_parse_to_qiskit_expressions(condition):
    source = HEADER + f"h q[0];\nc[0] = measure q[0];\nif ({condition}) {{ x q[1]; }}\n"
    circuit = parse_circuit(source).circuit
    [branch] = [i.operation for i in circuit.data if isinstance(i.operation, IfElseOp)]
    assert isinstance(branch.condition, expr.Expr | tuple)


def test_an_xor_condition_runs_the_branch_exactly_when_the_parity_is_odd():
    source = HEADER + (
        "x q[0];\nc[0] = measure q[0];\nif (c[0] ^ c[1]) { x q[1]; }\nc[1] = measure q[1];\n"
    )
    assert ideal_distribution(parse_circuit(source).circuit) == {"11": 1.0}


@pytest.mark.parametrize(
    ("assignment", "expected"),
    [("c[1] = c[0];", {"11": 1.0}), ("c[1] = !c[0];", {"01": 1.0}), ("c ^= 3;", {"10": 1.0})],
)
def test_assignments_store_into_bits(assignment, expected):
    source = HEADER + f"x q[0];\nc[0] = measure q[0];\n{assignment}\n"
    assert ideal_distribution(parse_circuit(source).circuit) == expected


def test_an_operator_the_simulator_cannot_run_is_a_placed_error():
    source = HEADER + "c[0] = measure q[0];\nif (c + 1 == 2) { x q[1]; }\n"
    with pytest.raises(InvalidCircuit) as refused:
        parse_circuit(source)
    assert refused.value.line == 6


def test_qiskit_round_trips_a_dynamic_circuit_with_expressions():
    qc = QuantumCircuit(2, 2)
    qc.h(0)
    qc.measure(0, 0)
    with qc.if_test(expr.logic_and(expr.bit_xor(qc.clbits[0], qc.clbits[1]), qc.clbits[0])):
        qc.x(1)
    qc.measure(1, 1)
    parsed = parse_circuit(qasm3.dumps(qc))
    assert ideal_distribution(parsed.circuit) == pytest.approx({"00": 0.5, "11": 0.5})


@pytest.mark.parametrize("dumps", [qasm2.dumps, qasm3.dumps], ids=["qasm2", "qasm3"])
@pytest.mark.parametrize("gate", [ECRGate(), RZXGate(0.4)], ids=["ecr", "rzx"])
def test_an_exported_definition_of_a_standard_gate_is_that_gate(gate, dumps):
    qc = QuantumCircuit(2, 2)
    qc.append(gate, [1, 0])
    qc.measure([0, 1], [0, 1])
    parsed = parse_circuit(dumps(qc))
    [operation] = [i.operation for i in parsed.circuit.data if i.operation.name == gate.name]
    assert type(operation) is type(gate)
    assert list(map(float, operation.params)) == pytest.approx(list(map(float, gate.params)))


def test_a_definition_that_only_borrows_a_standard_name_stays_custom():
    source = HEADER + "gate ecr a, b { h a; }\necr q[0], q[1];\nc = measure q;\n"
    [operation] = [
        i.operation for i in parse_circuit(source).circuit.data if i.operation.name == "ecr"
    ]
    assert not isinstance(operation, ECRGate)
