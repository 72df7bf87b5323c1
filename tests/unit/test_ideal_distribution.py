"""Exact outcome distributions keyed like Aer's counts, and Hellinger fidelity against them."""

from __future__ import annotations

import pytest
from qiskit import ClassicalRegister, QuantumCircuit, QuantumRegister
from qiskit.quantum_info import hellinger_fidelity as qiskit_hellinger_fidelity
from qiskit_aer import AerSimulator

from domain.circuits import hellinger_fidelity, ideal_distribution, parse_circuit

HEADER = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n'
BELL = HEADER + "qubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n"
GHZ3 = HEADER + "qubit[3] q;\nbit[3] c;\nh q[0];\ncx q[0], q[1];\ncx q[1], q[2];\nc = measure q;\n"


def circuit(text: str) -> QuantumCircuit:
    return parse_circuit(text).circuit


def test_bell_and_ghz() -> None:
    assert ideal_distribution(circuit(BELL)) == pytest.approx({"00": 0.5, "11": 0.5})
    assert ideal_distribution(circuit(GHZ3)) == pytest.approx({"000": 0.5, "111": 0.5})


def test_key_order_is_clbit_n_minus_1_first() -> None:
    qc = circuit(HEADER + "qubit[2] q;\nbit[2] c;\nx q[0];\nc[0] = measure q[0];\n")

    assert ideal_distribution(qc) == {"01": 1.0}


def test_measuring_into_a_different_clbit_moves_the_one() -> None:
    qc = circuit(HEADER + "qubit[2] q;\nbit[3] c;\nx q[0];\nc[2] = measure q[0];\n")

    assert ideal_distribution(qc) == {"100": 1.0}


def test_uneven_superposition() -> None:
    qc = circuit(HEADER + "qubit q;\nbit c;\nry(pi/3) q;\nc = measure q;\n")

    assert ideal_distribution(qc) == pytest.approx({"0": 0.75, "1": 0.25})


def test_two_registers_are_keyed_like_aer_with_a_space() -> None:
    qc = QuantumCircuit(
        QuantumRegister(2, "q"), ClassicalRegister(1, "a"), ClassicalRegister(2, "b")
    )
    qc.x(0)
    qc.measure(0, 0)
    qc.measure(0, 2)

    ideal = ideal_distribution(qc)
    counts = AerSimulator().run(qc, shots=50).result().get_counts()

    assert ideal == {"10 1": 1.0}
    assert set(counts) == set(ideal)


@pytest.mark.parametrize("text", [BELL, GHZ3])
def test_keys_match_aer_counts(text: str) -> None:
    qc = circuit(text)

    ideal = ideal_distribution(qc)
    counts = AerSimulator(seed_simulator=11).run(qc, shots=4000).result().get_counts()

    assert ideal is not None
    assert set(counts) == set(ideal)
    assert hellinger_fidelity(counts, ideal) > 0.99


def test_reset_before_any_gate_is_the_identity() -> None:
    qc = circuit(HEADER + "qubit[2] q;\nbit[2] c;\nreset q;\nx q[1];\nc = measure q;\n")

    assert ideal_distribution(qc) == {"10": 1.0}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A mid-circuit measurement: q[0] is acted on after it was measured.
        (
            "qubit[2] q;\nbit[2] c;\nh q[0];\nc[0] = measure q[0];\nx q[0];\n"
            "c[1] = measure q[0];\n",
            {"10": 0.5, "01": 0.5},
        ),
        # A reset after the qubit was used projects it and returns it to |0>.
        ("qubit q;\nbit c;\nh q;\nreset q;\nc = measure q;\n", {"0": 1.0}),
        # Classical control: c[1] is never written, so it reads 0.
        (
            "qubit[2] q;\nbit[2] c;\nh q[0];\nc[0] = measure q[0];\nif (c[0]) { x q[1]; }\n",
            {"00": 0.5, "01": 0.5},
        ),
        # Teleportation-style feed-forward with a Qiskit classical expression.
        (
            "qubit[2] q;\nbit[2] c;\nh q[0];\nc[0] = measure q[0];\n"
            "if (c[0] ^ c[1]) { x q[1]; }\nc[1] = measure q[1];\n",
            {"00": 0.5, "11": 0.5},
        ),
    ],
)
def test_dynamic_circuits_are_followed_branch_by_branch(
    body: str, expected: dict[str, float]
) -> None:
    found = ideal_distribution(circuit(HEADER + body))

    assert found is not None and found.keys() == expected.keys()
    assert all(found[key] == pytest.approx(value) for key, value in expected.items())


@pytest.mark.parametrize(
    "body",
    [
        # Nothing measured: there is no distribution over classical bits.
        "qubit[2] q;\nh q[0];\n",
        # An unbound parameter.
        "input float theta;\nqubit q;\nbit c;\nrx(theta) q;\nc = measure q;\n",
        # A while loop that a branch never leaves.
        "qubit q;\nbit c;\nx q;\nc = measure q;\nwhile (c) { x q; x q; c = measure q; }\n",
    ],
)
def test_circuits_without_an_exact_answer_give_none(body: str) -> None:
    assert ideal_distribution(circuit(HEADER + body)) is None


def test_more_than_20_qubits_gives_none() -> None:
    qc = QuantumCircuit(21, 1)
    qc.h(0)
    qc.measure(0, 0)

    assert ideal_distribution(qc) is None


def test_statevector_work_past_the_budget_gives_none() -> None:
    qc = QuantumCircuit(20, 1)
    for _ in range(65):
        qc.h(0)
    qc.measure(0, 0)

    assert ideal_distribution(qc) is None


def test_gates_on_other_qubits_after_a_measurement_are_fine() -> None:
    qc = circuit(
        HEADER + "qubit[2] q;\nbit[2] c;\nc[0] = measure q[0];\nx q[1];\nc[1] = measure q[1];\n"
    )

    assert ideal_distribution(qc) == {"10": 1.0}


HELLINGER_EXAMPLES = [
    ({"00": 500, "11": 500}, {"00": 0.5, "11": 0.5}, 1.0),
    ({"00": 1000}, {"00": 0.5, "11": 0.5}, 0.5),
    ({"01": 10}, {"00": 0.5, "11": 0.5}, 0.0),
    ({"00": 480, "11": 470, "01": 30, "10": 20}, {"00": 0.5, "11": 0.5}, None),
    ({"0": 3, "1": 1}, {"0": 0.75, "1": 0.25}, 1.0),
]


@pytest.mark.parametrize(("counts", "ideal", "expected"), HELLINGER_EXAMPLES)
def test_hellinger_fidelity_matches_qiskit(
    counts: dict[str, int], ideal: dict[str, float], expected: float | None
) -> None:
    ours = hellinger_fidelity(counts, ideal)

    assert ours == pytest.approx(qiskit_hellinger_fidelity(counts, ideal), abs=1e-12)
    if expected is not None:
        assert ours == pytest.approx(expected, abs=1e-12)


def test_hellinger_fidelity_ignores_register_spaces() -> None:
    assert hellinger_fidelity({"1 01": 7}, {"101": 1.0}) == pytest.approx(1.0)


def test_hellinger_fidelity_needs_counts() -> None:
    with pytest.raises(ValueError, match="positive total"):
        hellinger_fidelity({}, {"0": 1.0})
