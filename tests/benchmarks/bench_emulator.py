"""Emulator figures: a Bell pair on fake_sherbrooke through Qraph's runner, against raw Aer.

Run with `make bench` or `python tests/benchmarks/bench_emulator.py`. Prints, for 1024 shots:
  - raw ideal Aer (the floor: what any run costs),
  - the fake_sherbrooke emulator through `domain.execution.runner` (compile for the device,
    reduced noise model, simulate), cold first call and warm runs,
  - the naive `AerSimulator.from_backend(FakeSherbrooke())` run of the same compiled circuit.
No database or Redis: this is the simulation alone.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from qiskit import QuantumCircuit
from qiskit_aer import AerSimulator

from domain.backends.models import Provider
from domain.execution import emulator, runner
from tests.benchmarks.common import summary

SHOTS = 1024
ROUNDS = 100
NAIVE_ROUNDS = 5
BATCH = 10


@dataclass(frozen=True)
class Row:
    name: str = "fake_sherbrooke"
    provider: str = Provider.IBM_EMULATOR
    num_qubits: int = 127
    simulation_method: str | None = None


def bell() -> QuantumCircuit:
    circuit = QuantumCircuit(2)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure_all()
    return circuit


def timed(call: Callable[[], object], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    circuit, row = bell(), Row()
    ideal, single = AerSimulator(), AerSimulator(max_parallel_threads=1)
    ideal.run(circuit, shots=SHOTS).result()  # load Aer's native side once
    raw = timed(lambda: ideal.run(circuit, shots=SHOTS, seed_simulator=1).result(), ROUNDS)
    print(f"raw Aer, ideal Bell:               {summary(raw)}")
    # What the runner does for small states; Aer's OpenMP team is slow on busy cores.
    raw_single = timed(lambda: single.run(circuit, shots=SHOTS, seed_simulator=1).result(), ROUNDS)
    print(f"raw Aer, ideal Bell, one thread:   {summary(raw_single)}")

    started = time.perf_counter()
    from qiskit_ibm_runtime.fake_provider import FakeSherbrooke

    print(f"import qiskit_ibm_runtime.fake_provider: {time.perf_counter() - started:6.2f} s")
    started = time.perf_counter()
    first = runner.run(row, circuit, SHOTS, seed=1)
    cold_ms = (time.perf_counter() - started) * 1000
    print(f"emulated Bell, cold first call:    {cold_ms:8.1f} ms  (device model + noise + run)")
    warm = timed(lambda: runner.run(row, circuit, SHOTS, seed=2), ROUNDS)
    print(f"emulated Bell, warm (runner.run):  {summary(warm)}")
    print(f"  simulation only (Outcome.execution_ms of the first run): {first.execution_ms:.2f} ms")
    print(f"  physical qubits {first.physical_qubits}, method {first.method}, {first.counts}")
    batch = [(circuit, SHOTS)] * BATCH
    batched = timed(lambda: runner.run_many(row, batch, seed=3), ROUNDS // 5)
    per_circuit = [sample / BATCH for sample in batched]
    print(f"emulated Bell, batch of {BATCH}, per circuit: {summary(per_circuit)}")

    started = time.perf_counter()
    naive = AerSimulator.from_backend(FakeSherbrooke())
    print(f"naive from_backend construction:   {time.perf_counter() - started:8.2f} s")
    compiled = emulator.compile_for_device(emulator.device_model(row.name), circuit)
    naive_ms = timed(
        lambda: naive.run(compiled, shots=SHOTS, seed_simulator=1).result(), NAIVE_ROUNDS
    )
    print(f"naive from_backend Bell run:       {summary(naive_ms)}")
    ratio = sorted(naive_ms)[len(naive_ms) // 2] / sorted(warm)[len(warm) // 2]
    floor = min(sorted(raw)[len(raw) // 2], sorted(raw_single)[len(raw_single) // 2])
    overhead = sorted(warm)[len(warm) // 2] / floor
    print(f"naive / emulated (p50):            {ratio:8.0f}x")
    print(f"emulated / fastest raw ideal Aer (p50): {overhead:5.1f}x")


if __name__ == "__main__":
    main()
