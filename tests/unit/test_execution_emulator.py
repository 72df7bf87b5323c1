"""IBM device emulators: the reduced noise model is the full device model's physics, only faster.

Offline throughout: the devices are qiskit-ibm-runtime's fake backends (calibration snapshots),
and the reference is Aer's own `from_backend` noise model of the whole device.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from qiskit import QuantumCircuit
from qiskit.quantum_info import hellinger_fidelity
from qiskit_aer import AerSimulator
from qiskit_aer.noise import NoiseModel
from qiskit_ibm_runtime.fake_provider import FakeSherbrooke

from domain.backends.models import Provider
from domain.errors import ProviderUnavailable
from domain.execution import Outcome, emulator, runner
from domain.execution.errors import CircuitTooLarge, UnsupportedCircuit

SHERBROOKE = "fake_sherbrooke"


@dataclass(frozen=True)
class Row:
    name: str
    provider: str = Provider.IBM_EMULATOR
    num_qubits: int = 127
    simulation_method: str | None = None


@pytest.fixture(scope="module")
def full_noise() -> NoiseModel:
    """Aer's model of all 127 qubits: the slow reference the reduced model must match."""
    return NoiseModel.from_backend(FakeSherbrooke())


def bell() -> QuantumCircuit:
    circuit = QuantumCircuit(2)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure_all()
    return circuit


def routed() -> QuantumCircuit:
    """Three qubits in a triangle (no triangle on a heavy-hex device) and a non-Clifford gate."""
    circuit = QuantumCircuit(3)
    circuit.h(0)
    circuit.t(0)
    circuit.cx(0, 1)
    circuit.cx(1, 2)
    circuit.cx(2, 0)
    circuit.measure_all()
    return circuit


def decay() -> QuantumCircuit:
    circuit = QuantumCircuit(1, 1)
    circuit.x(0)
    circuit.delay(40, 0, unit="us")  # not a whole number of aligned cycles: realigned
    circuit.measure(0, 0)
    return circuit


def test_a_bell_pair_runs_on_two_physical_qubits_with_fidelity_just_below_one():
    outcome = runner.run(Row(SHERBROOKE), bell(), 2000, seed=7)
    assert isinstance(outcome, Outcome)
    assert outcome.physical_qubits is not None and len(outcome.physical_qubits) == 2
    assert all(0 <= q < 127 for q in outcome.physical_qubits)
    assert outcome.method == "density_matrix"
    assert sum(outcome.counts.values()) == 2000
    assert set(outcome.counts) == {"00", "01", "10", "11"}  # noise: some pairs disagree
    assert 0.9 < hellinger_fidelity(outcome.counts, {"00": 0.5, "11": 0.5}) < 0.999


def test_a_seed_makes_the_run_reproducible():
    first = runner.run(Row(SHERBROOKE), routed(), 500, seed=3)
    again = runner.run(Row(SHERBROOKE), routed(), 500, seed=3)
    assert (first.counts, first.physical_qubits) == (again.counts, again.physical_qubits)


@pytest.mark.parametrize("make", [bell, routed, decay], ids=["bell", "routed", "delay"])
def test_reduced_model_gives_exactly_the_full_device_distribution(full_noise, make):
    # Before readout both are exact density-matrix runs, so they agree to rounding.
    device = emulator.device_model(SHERBROOKE)
    compiled = emulator.compile_for_device(device, make())
    physical = emulator.used_qubits(compiled)
    unmeasured = compiled.remove_final_measurements(inplace=False)
    physical_full = unmeasured.copy()
    physical_full.save_probabilities(list(physical))
    full = AerSimulator(method="density_matrix", noise_model=full_noise)
    expected = full.run(physical_full).result().data()["probabilities"]

    model = emulator.reduced_model(SHERBROOKE, physical)
    plain = emulator.compact(unmeasured, physical)
    plain.save_probabilities()
    small = model.delay_noise(plain) if "delay" in plain.count_ops() else plain
    reduced = model.simulator("density_matrix").run(small).result().data()["probabilities"]
    assert np.allclose(reduced, expected, atol=1e-10)
    ideal = AerSimulator(method="density_matrix").run(plain).result().data()["probabilities"]
    assert np.abs(ideal - expected).sum() > 1e-3  # and the noise is really there


def test_counts_match_the_naive_full_device_simulation(full_noise):
    # Readout errors act on counts only, so this compares sampled counts, same shots and seed.
    shots = 8000
    device = emulator.device_model(SHERBROOKE)
    compiled = emulator.compile_for_device(device, bell())
    naive = AerSimulator(noise_model=full_noise).run(compiled, shots=shots, seed_simulator=5)
    expected = naive.result().get_counts()
    outcome = runner.run(Row(SHERBROOKE), bell(), shots, seed=5)

    def agree(counts: dict[str, int]) -> float:
        return (counts.get("00", 0) + counts.get("11", 0)) / shots

    assert abs(agree(outcome.counts) - agree(expected)) < 0.02
    distance = sum(abs(outcome.counts.get(k, 0) - expected.get(k, 0)) for k in expected) / shots
    assert distance / 2 < 0.03  # total variation


def test_device_and_reduced_models_are_cached_and_bounded():
    assert emulator.device_model(SHERBROOKE) is emulator.device_model(SHERBROOKE)
    runner.run(Row(SHERBROOKE), bell(), 100, seed=1)
    before = emulator.reduced_model.cache_info()
    runner.run(Row(SHERBROOKE), bell(), 100, seed=1)
    after = emulator.reduced_model.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)
    assert emulator.device_model.cache_info().maxsize == emulator.DEVICE_CACHE_SIZE
    assert after.maxsize == emulator.REDUCED_CACHE_SIZE


def test_run_many_shares_one_aer_call_per_qubits_and_shot_count(monkeypatch):
    calls: list[int] = []
    original = AerSimulator.run

    def counting(self, circuits, **options):
        calls.append(len(circuits))
        return original(self, circuits, **options)

    monkeypatch.setattr(AerSimulator, "run", counting)
    items = [(bell(), 200), (bell(), 200), (bell(), 300), (bell(), 200)]
    results = runner.run_many(Row(SHERBROOKE), items, seed=9)
    assert sorted(calls) == [1, 3]
    assert [r.shots for r in results if isinstance(r, Outcome)] == [200, 200, 300, 200]


def test_wider_than_the_device_is_refused_at_check_time():
    circuit = QuantumCircuit(130)
    circuit.h(0)
    circuit.measure_all()
    with pytest.raises(CircuitTooLarge) as raised:
        runner.check(Row(SHERBROOKE), circuit)
    assert (raised.value.circuit_qubits, raised.value.backend_qubits) == (130, 127)
    assert runner.check(Row(SHERBROOKE), bell()) is None


def test_delays_in_seconds_are_realigned_to_device_cycles():
    # Qiskit's compiler refuses delays off the device's 16-cycle grid (Qiskit issue #8985).
    circuit = QuantumCircuit(1, 1)
    circuit.x(0)
    circuit.delay(1.234, 0, unit="us")
    circuit.measure(0, 0)
    outcome = runner.run(Row(SHERBROOKE), circuit, 50, seed=1)
    assert isinstance(outcome, Outcome)


def test_a_circuit_the_compiler_rejects_is_an_unsupported_circuit():
    circuit = QuantumCircuit.from_qasm_str(_OPAQUE)  # a gate with no definition
    circuit.measure_all()
    result = runner.run_many(Row(SHERBROOKE), [(circuit, 10), (bell(), 10)], seed=1)
    assert isinstance(result[0], UnsupportedCircuit)
    assert isinstance(result[1], Outcome)


_OPAQUE = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nopaque magic q;\nqreg q[1];\nmagic q[0];\n'


def test_a_backend_without_a_snapshot_is_unavailable():
    with pytest.raises(ProviderUnavailable):
        runner.run(Row("fake_nowhere"), bell(), 10)


def test_a_cz_device_with_an_uncalibrated_qubit_runs_too():
    # fake_kingston: CZ gates, and one qubit without T1/T2 in its snapshot.
    outcome = runner.run(Row("fake_kingston", num_qubits=156), bell(), 500, seed=2)
    assert 0.8 < hellinger_fidelity(outcome.counts, {"00": 0.5, "11": 0.5}) < 1
