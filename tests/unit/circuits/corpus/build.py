"""Builds the circuits of the real-program corpus; `python -m tests.unit.circuits.corpus.build`
writes each as OpenQASM 2 and/or 3 (Qiskit's own exporters) next to this file.

The test reads the written files, never this module's output at test time, so the files are
what a user would submit. The builders are also the independent reference: the test computes
each original circuit's distribution with `qiskit.quantum_info.Statevector` (or, for dynamic
circuits, Aer) and compares it with what Qraph's parser and ideal distribution make of the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qiskit import ClassicalRegister, QuantumCircuit, QuantumRegister, qasm2, qasm3
from qiskit.circuit.classical import expr
from qiskit.circuit.library import QFTGate, grover_operator

HERE = Path(__file__).parent


def ghz(n: int = 5) -> QuantumCircuit:
    qc = QuantumCircuit(n, n, name="ghz")
    qc.h(0)
    for i in range(n - 1):
        qc.cx(i, i + 1)
    qc.measure(range(n), range(n))
    return qc


def qft(n: int = 4) -> QuantumCircuit:
    qc = QuantumCircuit(n, n, name="qft")
    qc.x(0)
    qc.h(2)
    qc.append(QFTGate(n), range(n))
    qc.measure(range(n), range(n))
    return qc


def grover(n: int = 3, marked: str = "101") -> QuantumCircuit:
    oracle = QuantumCircuit(n)
    for i, bit in enumerate(reversed(marked)):
        if bit == "0":
            oracle.x(i)
    oracle.h(n - 1)
    oracle.mcx(list(range(n - 1)), n - 1)
    oracle.h(n - 1)
    for i, bit in enumerate(reversed(marked)):
        if bit == "0":
            oracle.x(i)
    qc = QuantumCircuit(n, n, name="grover")
    qc.h(range(n))
    step = grover_operator(oracle)
    qc.compose(step, inplace=True)
    qc.compose(step, inplace=True)
    qc.measure(range(n), range(n))
    return qc


def bernstein_vazirani(secret: str = "10110") -> QuantumCircuit:
    n = len(secret)
    qc = QuantumCircuit(n + 1, n, name="bv")
    qc.x(n)
    qc.h(range(n + 1))
    for i, bit in enumerate(reversed(secret)):
        if bit == "1":
            qc.cx(i, n)
    qc.h(range(n))
    qc.measure(range(n), range(n))
    return qc


def custom_gates() -> QuantumCircuit:
    bell = QuantumCircuit(2, name="bell")
    bell.h(0)
    bell.cx(0, 1)
    rot = QuantumCircuit(1, name="rot")
    rot.ry(0.7, 0)
    rot.rz(0.3, 0)
    qc = QuantumCircuit(3, 3, name="custom")
    qc.append(bell.to_gate(), [0, 1])
    qc.append(rot.to_gate(), [2])
    qc.append(bell.to_gate(), [1, 2])
    qc.ecr(0, 2)
    qc.measure(range(3), range(3))
    return qc


def ecr_pairs() -> QuantumCircuit:
    qc = QuantumCircuit(3, 3, name="ecr")
    qc.h(0)
    qc.ecr(0, 1)
    qc.ecr(2, 1)
    qc.ecr(1, 0)
    qc.measure(range(3), range(3))
    return qc


def teleport() -> QuantumCircuit:
    q = QuantumRegister(3, "q")
    a, b, out = ClassicalRegister(1, "a"), ClassicalRegister(1, "b"), ClassicalRegister(1, "out")
    qc = QuantumCircuit(q, a, b, out, name="teleport")
    qc.ry(1.1, 0)
    qc.h(1)
    qc.cx(1, 2)
    qc.cx(0, 1)
    qc.h(0)
    qc.measure(0, a[0])
    qc.measure(1, b[0])
    with qc.if_test((b, 1)):
        qc.x(2)
    with qc.if_test((a, 1)):
        qc.z(2)
    qc.measure(2, out[0])
    return qc


def dynamic_ghz(n: int = 4) -> QuantumCircuit:
    """GHZ by measurement and feed-forward, with the xor parities Qiskit writes as `^`."""
    q = QuantumRegister(n, "q")
    m = ClassicalRegister(n - 1, "m")
    out = ClassicalRegister(n, "out")
    qc = QuantumCircuit(q, m, out, name="dynamic_ghz")
    for i in range(0, n, 2):
        qc.h(i)
    for i in range(0, n - 1, 2):
        qc.cx(i, i + 1)
    for i in range(1, n - 1, 2):
        qc.cx(i, i + 1)
        qc.measure(i + 1, m[i])
    for i in range(1, n - 1, 2):
        parity = m[1] if i == 1 else expr.bit_xor(m[1], m[i])
        with qc.if_test(parity if isinstance(parity, expr.Expr) else (parity, 1)):
            qc.x(i + 1)
    with qc.if_test(expr.logic_and(expr.bit_xor(m[0], m[1]), expr.logic_not(m[0]))):
        qc.x(0)
    qc.measure(q, out)
    return qc


def reset_reuse() -> QuantumCircuit:
    qc = QuantumCircuit(2, 3, name="reset_reuse")
    qc.h(0)
    qc.measure(0, 0)
    qc.reset(0)
    qc.ry(0.9, 0)
    qc.cx(0, 1)
    qc.measure(0, 1)
    qc.measure(1, 2)
    return qc


# name -> (builder, formats written)
PROGRAMS: dict[str, tuple[Callable[[], QuantumCircuit], tuple[str, ...]]] = {
    "ghz5": (ghz, ("qasm2", "qasm3")),
    "qft4": (qft, ("qasm2", "qasm3")),
    "grover3": (grover, ("qasm2", "qasm3")),
    "bv5": (bernstein_vazirani, ("qasm2", "qasm3")),
    "custom_gates": (custom_gates, ("qasm2", "qasm3")),
    "ecr_pairs": (ecr_pairs, ("qasm2", "qasm3")),
    "teleport": (teleport, ("qasm2", "qasm3")),
    "dynamic_ghz4": (dynamic_ghz, ("qasm3",)),
    "reset_reuse": (reset_reuse, ("qasm2", "qasm3")),
}


def main() -> None:
    for name, (builder, formats) in PROGRAMS.items():
        circuit = builder()
        for fmt in formats:
            text = qasm2.dumps(circuit) if fmt == "qasm2" else qasm3.dumps(circuit)
            (HERE / f"{name}.{fmt}").write_text(text)


if __name__ == "__main__":
    main()
