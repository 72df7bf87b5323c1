"""Ideal Aer execution: the method a circuit gets, what each method refuses, batching, outcomes."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from qiskit import ClassicalRegister, QuantumCircuit, QuantumRegister
from qiskit.circuit import Parameter
from qiskit.circuit.library import iSwapGate
from qiskit_aer import AerSimulator

from domain.backends.models import Provider
from domain.execution import Outcome, runner
from domain.execution.errors import CircuitTooLarge, UnsupportedCircuit
from domain.providers.aer import AerProvider
from domain.providers.base import BackendSpec

SHOTS = 256


@dataclass(frozen=True)
class Row:
    name: str
    provider: str
    num_qubits: int
    simulation_method: str | None


@pytest.fixture(scope="module")
def aer() -> dict[str, BackendSpec]:
    """The catalog's own Aer rows, with the limits Aer reports on this host."""
    return {spec.simulation_method or "": spec for spec in AerProvider().list_backends()}


def bell() -> QuantumCircuit:
    circuit = QuantumCircuit(2)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure_all()
    return circuit


def ghz(qubits: int, *, t_gate: bool = False) -> QuantumCircuit:
    circuit = QuantumCircuit(qubits)
    circuit.h(0)
    if t_gate:
        circuit.t(0)
    for target in range(1, qubits):
        circuit.cx(target - 1, target)
    circuit.measure_all()
    return circuit


def test_automatic_picks_stabilizer_statevector_or_mps_by_circuit(aer):
    automatic = aer["automatic"]
    cases = [(bell(), "stabilizer"), (ghz(3, t_gate=True), "statevector")]
    cases.append((ghz(30, t_gate=True), "matrix_product_state"))
    for circuit, method in cases:
        assert runner.check(automatic, circuit) == method
        outcome = runner.run(automatic, circuit, SHOTS, seed=7)
        assert isinstance(outcome, Outcome)
        assert outcome.method == method
        assert sum(outcome.counts.values()) == SHOTS
        assert outcome.physical_qubits is None
    # a wide Clifford circuit stays on the stabilizer method, far past any statevector
    assert runner.check(automatic, ghz(200)) == "stabilizer"


@pytest.mark.parametrize(
    "method", ["statevector", "matrix_product_state", "stabilizer", "density_matrix"]
)
def test_method_specific_backends_force_their_method(aer, method):
    outcome = runner.run(aer[method], bell(), SHOTS, seed=3)
    assert outcome.method == method
    assert set(outcome.counts) == {"00", "11"}  # ideal: a Bell pair never disagrees


def test_too_wide_for_the_method_is_refused_before_running(aer):
    statevector, density = aer["statevector"], aer["density_matrix"]
    with pytest.raises(CircuitTooLarge) as raised:
        runner.check(statevector, ghz(40, t_gate=True))
    error = raised.value
    assert (error.code, error.circuit_qubits) == ("CIRCUIT_TOO_LARGE", 40)
    assert error.backend_qubits == statevector.num_qubits
    with pytest.raises(CircuitTooLarge):
        runner.check(density, ghz(density.num_qubits + 1))
    with pytest.raises(CircuitTooLarge):  # run() checks too, before any simulation
        runner.run(statevector, ghz(40), SHOTS)


def test_only_qubits_in_use_count_against_the_limit(aer):
    circuit = QuantumCircuit(40, 2)  # declared wide, two qubits used
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure([0, 1], [0, 1])
    outcome = runner.run(aer["statevector"], circuit, SHOTS, seed=1)
    assert set(outcome.counts) == {"00", "11"}


def test_stabilizer_refuses_non_clifford_gates_by_name(aer):
    with pytest.raises(UnsupportedCircuit) as raised:
        runner.check(aer["stabilizer"], ghz(3, t_gate=True))
    assert raised.value.code == "UNSUPPORTED_CIRCUIT"
    assert "t" in raised.value.message.split("not Clifford: ")[1]
    rotated = QuantumCircuit(1)
    rotated.rz(0.3, 0)
    rotated.measure_all()
    with pytest.raises(UnsupportedCircuit):
        runner.check(aer["stabilizer"], rotated)


def test_clifford_gates_aer_lacks_are_compiled_for_the_stabilizer(aer):
    circuit = QuantumCircuit(3)
    circuit.u(1.5707963267948966, 0, 3.141592653589793, 0)  # a Hadamard, spelled as U
    circuit.append(iSwapGate(), [0, 1])
    circuit.rz(1.5707963267948966, 2)
    circuit.measure_all()
    assert runner.check(aer["stabilizer"], circuit) == "stabilizer"
    outcome = runner.run(aer["stabilizer"], circuit, SHOTS, seed=2)
    assert set(outcome.counts) <= {"000", "010", "001"}


def test_custom_gates_are_unrolled_for_the_simulator(aer):
    definition = QuantumCircuit(2, name="entangle")
    definition.h(0)
    definition.cx(0, 1)
    circuit = QuantumCircuit(2)
    circuit.append(definition.to_gate(), [0, 1])
    circuit.measure_all()
    outcome = runner.run(aer["automatic"], circuit, SHOTS, seed=4)
    assert outcome.method == "statevector"  # not natively stabilizer, so not picked
    assert set(outcome.counts) == {"00", "11"}


def test_unbound_parameters_and_missing_measurements_are_refused(aer):
    theta = Parameter("theta")
    parametrised = QuantumCircuit(1)
    parametrised.rx(theta, 0)
    parametrised.measure_all()
    unmeasured = QuantumCircuit(1)
    unmeasured.h(0)
    for circuit in (parametrised, unmeasured):
        with pytest.raises(UnsupportedCircuit):
            runner.check(aer["automatic"], circuit)


def test_counts_keep_qiskit_key_order_and_a_seed_repeats_them(aer):
    qubits, low, high = (
        QuantumRegister(3, "q"),
        ClassicalRegister(1, "a"),
        ClassicalRegister(2, "b"),
    )
    circuit = QuantumCircuit(qubits, low, high)
    circuit.x(1)
    circuit.h(2)
    circuit.measure(0, low[0])
    circuit.measure([1, 2], [high[0], high[1]])
    first = runner.run(aer["statevector"], circuit, SHOTS, seed=11)
    again = runner.run(aer["statevector"], circuit, SHOTS, seed=11)
    assert set(first.counts) == {"01 0", "11 0"}  # register b left of a; bit 0 rightmost
    assert first.counts == again.counts
    assert first.execution_ms > 0


def test_run_many_shares_one_aer_call_per_method_and_shot_count(aer, monkeypatch):
    calls: list[int] = []
    original = AerSimulator.run

    def counting(self, circuits, **options):
        calls.append(len(circuits))
        return original(self, circuits, **options)

    monkeypatch.setattr(AerSimulator, "run", counting)
    items = [(ghz(3, t_gate=True), 100), (ghz(4, t_gate=True), 100), (ghz(2, t_gate=True), 200)]
    items.append((ghz(40, t_gate=True), 100))  # too wide: its error takes its place
    results = runner.run_many(aer["statevector"], items, seed=5)
    assert sorted(calls) == [1, 2]
    assert [type(r) for r in results] == [Outcome, Outcome, Outcome, CircuitTooLarge]
    assert [r.shots for r in results[:3] if isinstance(r, Outcome)] == [100, 100, 200]
    assert set(results[1].counts) <= {"0000", "1111"}  # each keeps its own circuit's counts


def test_a_failure_aer_reports_at_run_time_is_typed_and_spares_the_batch():
    # A row that claims more than the host holds: the check passes, Aer refuses the memory.
    generous = Row("aer_simulator_statevector", Provider.AER, 64, "statevector")
    results = runner.run_many(generous, [(ghz(3), SHOTS), (ghz(45), SHOTS)], seed=1)
    assert isinstance(results[0], Outcome)
    assert isinstance(results[1], CircuitTooLarge)
    assert results[1].circuit_qubits == 45


def test_the_runner_runs_local_simulators_and_leaves_remote_backends_to_their_adapters():
    # Remote providers are no bug any more: the worker sends them through their adapter
    # (domain.providers), and only the local simulators reach the runner.
    assert runner.is_local(Row("aer_simulator", Provider.AER, 30, None))
    assert runner.is_local(Row("fake_manila", Provider.IBM_EMULATOR, 5, None))
    assert runner.is_local(Row("braket_sv", Provider.BRAKET, 26, None))
    assert not runner.is_local(Row("ibm_brisbane", Provider.IBM_QUANTUM, 127, None))
    assert not runner.is_local(
        Row("arn:aws:braket:::device/qpu/ionq/Aria-1", Provider.BRAKET, 25, None)
    )
    hardware = Row("ibm_brisbane", Provider.IBM_QUANTUM, 127, None)
    with pytest.raises(ValueError, match="not a local simulator"):
        runner.check(hardware, bell())
