"""Real programs, exported by Qiskit's own OpenQASM 2 and 3 writers, run right.

The corpus (tests/unit/circuits/corpus/, written by its build.py from qiskit.circuit.library
and hand-built benchmark circuits) has GHZ, QFT, Grover, Bernstein-Vazirani, custom gate
definitions, ecr pairs in both directions, teleportation with mid-circuit measurement and `if`,
a dynamic GHZ with xor parities, and reset-and-reuse. For each file:
- the parsed circuit's ideal distribution equals one computed independently from the original
  circuit: exactly with `Statevector` for static circuits; for dynamic ones, against 40,000
  shots of Aer's ideal simulator on the original (Hellinger fidelity >= 0.995, which sampling
  noise over at most 16 outcomes misses with negligible probability);
- the parsed circuit run on the ideal `aer_simulator` agrees with that distribution (>= 0.99).
Two device-emulator runs are compared with Aer's full device noise model
(`AerSimulator.from_backend(FakeSherbrooke())`, same compiler, level and seed): two samplings
of 4,000 shots of one distribution differ by sampling noise only, so fidelity >= 0.97.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from qiskit import QuantumCircuit, transpile
from qiskit.quantum_info import Statevector
from qiskit_aer import AerSimulator

from domain.circuits import hellinger_fidelity, ideal_distribution, parse_circuit
from domain.execution import runner
from domain.jobs.admission import BackendSpec
from tests.unit.circuits.corpus.build import PROGRAMS

CORPUS = Path(__file__).parent / "circuits" / "corpus"
CASES = [(name, fmt) for name, (_, formats) in PROGRAMS.items() for fmt in formats]
DYNAMIC = {"teleport", "dynamic_ghz4", "reset_reuse"}
AER = BackendSpec("aer_simulator", "AER", 30, "automatic")
SHERBROOKE = BackendSpec("fake_sherbrooke", "IBM_EMULATOR", 127, None)


def _bare(distribution: dict[str, float]) -> dict[str, float]:
    total = sum(distribution.values())
    out: dict[str, float] = {}
    for key, value in distribution.items():
        out[key.replace(" ", "")] = out.get(key.replace(" ", ""), 0.0) + value / total
    return out


def _statevector_reference(original: QuantumCircuit) -> dict[str, float]:
    """Final-measurement circuits: probabilities of the measured qubits, keyed by clbits."""
    measured = {
        original.find_bit(item.clbits[0]).index: original.find_bit(item.qubits[0]).index
        for item in original.data
        if item.operation.name == "measure"
    }
    unitary = original.remove_final_measurements(inplace=False)
    state = Statevector(unitary)
    order = [measured[c] for c in range(original.num_clbits)]
    return {k: v for k, v in state.probabilities_dict(order).items() if v > 1e-12}


def _sampled_reference(original: QuantumCircuit, shots: int = 40_000) -> dict[str, int]:
    simulator = AerSimulator()
    compiled = transpile(original, simulator, optimization_level=0)
    return simulator.run(compiled, shots=shots, seed_simulator=7).result().get_counts()


def test_the_corpus_spans_the_families_in_both_versions() -> None:
    assert len(CASES) >= 15
    assert {fmt for _, fmt in CASES} == {"qasm2", "qasm3"}
    assert {name for name, _ in CASES} >= DYNAMIC


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_the_ideal_distribution_matches_an_independent_one(name: str, fmt: str) -> None:
    original = PROGRAMS[name][0]()
    parsed = parse_circuit((CORPUS / f"{name}.{fmt}").read_text())
    found = ideal_distribution(parsed.circuit)
    assert found is not None, f"{name}.{fmt} has no ideal distribution"
    if name in DYNAMIC:
        assert hellinger_fidelity(_sampled_reference(original), found) >= 0.995
    else:
        expected = _statevector_reference(original)
        ours = {k: v for k, v in _bare(found).items() if v > 1e-9}
        assert ours.keys() == expected.keys()
        assert all(ours[k] == pytest.approx(expected[k], abs=1e-9) for k in expected)


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_the_ideal_simulator_runs_each_program_right(name: str, fmt: str) -> None:
    parsed = parse_circuit((CORPUS / f"{name}.{fmt}").read_text())
    outcome = runner.run(AER, parsed.circuit, 20_000, seed=11)
    ideal = ideal_distribution(parsed.circuit)
    assert ideal is not None
    assert hellinger_fidelity(outcome.counts, ideal) >= 0.99


@pytest.mark.parametrize(
    ("name", "fmt"), [("ghz5", "qasm3"), ("ecr_pairs", "qasm3"), ("ecr_pairs", "qasm2")]
)
def test_the_device_emulator_agrees_with_aers_full_device_noise_model(name: str, fmt: str) -> None:
    from qiskit_ibm_runtime.fake_provider import FakeSherbrooke

    from domain.execution import emulator

    parsed = parse_circuit((CORPUS / f"{name}.{fmt}").read_text())
    # ours: compiled for the device, only the qubits used, their reduced noise model
    ours = runner.run(SHERBROOKE, parsed.circuit, 4000, seed=5).counts
    # theirs: the same compiler and seed, Aer's noise model of the whole device
    device = FakeSherbrooke()
    compiled = emulator.compile_for_device(emulator.device_model("fake_sherbrooke"), parsed.circuit)
    theirs = (
        AerSimulator.from_backend(device)
        .run(compiled, shots=4000, seed_simulator=9)
        .result()
        .get_counts()
    )
    assert hellinger_fidelity(ours, _bare({k: float(v) for k, v in theirs.items()})) >= 0.97
    # and the noise is visible: the emulator is not the ideal simulator
    ideal = ideal_distribution(parsed.circuit)
    assert ideal is not None and hellinger_fidelity(ours, ideal) < 0.999
