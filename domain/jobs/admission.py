"""Admission at the door: will this job finish within the limits, on this machine?

`fit` is what a submission runs for each job, in a bounded child process (`domain.circuits.
sandbox`): parse, check the circuit against the backend, and estimate the simulation's time and
memory from the method Aer will use. A job over a limit is refused with CircuitLimitExceeded
naming the limit and how far over it is, before any row is written.

The constants were measured on the 2-core development VM with six other engineers' test suites
running (`/tmp` throwaway script: Aer 0.18.2, `max_parallel_threads=1`, best of one run), so
they are pessimistic by roughly 2x against a quiet machine; the issue's own figures agree (a
2,000-qubit GHZ on the stabilizer method took 15 s there, 36 s by this model).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from domain.backends.models import Provider
from domain.circuits import metrics
from domain.circuits.errors import CircuitLimitExceeded
from domain.circuits.parsing import ParsedCircuit, parse_circuit
from domain.execution import BackendLike, aer, emulator, runner
from domain.execution.errors import CircuitTooLarge

# Aer's cost per instruction per pass, whatever the state size (measured: 170 operations on
# 10 qubits, 1,000 shots with a mid-circuit measurement, took 3.3 s, ~20 us per operation-shot).
SECONDS_PER_OPERATION = 1.5e-5
# Ideal statevector, per amplitude per operation (measured 1.4e-9 at 20 qubits, 4.2e-9 at 16).
SECONDS_PER_AMPLITUDE = 3e-9
# Noisy statevector trajectory on a device emulator, per amplitude per compiled operation per
# shot (measured: 12 qubits, 120 compiled operations, 300 shots took 4.3 s: 2.9e-8).
SECONDS_PER_NOISY_AMPLITUDE = 3e-8
# Noisy density matrix, per matrix element per compiled operation, plus a per-operation cost
# for the noise channels (measured: 6 qubits, 60 compiled operations, 1,000 shots, 0.08 s).
SECONDS_PER_MATRIX_ELEMENT = 3e-8
SECONDS_PER_NOISY_OPERATION = 1.2e-3
# Stabilizer: a measurement costs O(n^2) per shot, and Aer repeats them for every shot
# (measured GHZ, 10 shots: 500 qubits 0.55 s, 1,000 qubits 4.0 s; 500 qubits, 100 shots 5.1 s).
SECONDS_PER_STABILIZER_MEASUREMENT = 4.5e-10  # per shot x qubits^2
SECONDS_PER_STABILIZER_GATE = 1e-9  # per shot x qubits
# Matrix product state: an operation costs about chi^3, sampling a qubit chi^2 (measured GHZ of
# 200 qubits, 100 shots: 0.18 s, nearly all of it sampling).
SECONDS_PER_BOND_CUBE = 1e-8
SECONDS_PER_SAMPLED_QUBIT = 1e-5  # per shot x qubit x chi^2 / 4
# Compiling: for a device (layout, routing, translation at level 2) and for Aer (unrolling).
SECONDS_PER_DEVICE_COMPILED_OPERATION = 3e-4
SECONDS_PER_UNROLLED_OPERATION = 5e-5
# Compiled operations per logical one on a device: a one-qubit gate becomes rz-sx-rz chains, a
# two-qubit one an ecr plus single-qubit corrections and, on average, routing swaps.
DEVICE_ONE_QUBIT_FACTOR = 2
DEVICE_TWO_QUBIT_FACTOR = 6
MAX_BOND_QUBITS = 40  # chi is at most 2^(cut), and 2^40 is past any limit anyway
_BYTES_PER_AMPLITUDE = 16
_MB = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """What one job may take: wall time to simulate, and memory (from the settings)."""

    time_s: float = 60.0
    memory_mb: float = 4096.0


@dataclass(frozen=True, slots=True)
class BackendSpec:
    """The catalog fields execution reads, detached from the session so a child can take it."""

    name: str
    provider: str
    num_qubits: int
    simulation_method: str | None


@dataclass(frozen=True, slots=True)
class Estimate:
    method: str
    qubits: int  # qubits the simulator holds
    seconds: float
    memory_mb: float
    noisy: bool


@dataclass(frozen=True, slots=True)
class Fitted:
    """What a submission keeps of a circuit that passed every check."""

    format: str
    qubits: int
    depth: int
    estimate: Estimate
    # A `while` loop runs until its condition says so: the estimate assumes a few iterations,
    # but the run may last until the time limit, so the heavy lane treats it as that long.
    unbounded: bool = False


def fit(circuit_text: str, backend: BackendSpec, shots: int, limits: Limits) -> Fitted:
    """Parse, check and admit one job's circuit. Blocking and CPU-bound: run it in the sandbox."""
    parsed = parse_circuit(circuit_text)
    if backend.provider in (Provider.AER, Provider.IBM_EMULATOR):
        runner.check(backend, parsed.circuit)
        found = estimate(backend, parsed, shots)
        admit(backend, found, parsed, shots, limits)
    elif parsed.qubits > backend.num_qubits:
        raise CircuitTooLarge(parsed.qubits, backend.num_qubits, backend=backend.name)
    else:  # a remote device: its own queue and limits apply, nothing is simulated here
        found = Estimate("device", parsed.qubits, 0.0, 0.0, noisy=True)
    unbounded = parsed.workload.while_loops
    return Fitted(parsed.format, parsed.qubits, parsed.depth, found, unbounded)


def estimate(backend: BackendLike, parsed: ParsedCircuit, shots: int) -> Estimate:
    """Seconds and megabytes a local simulation of `parsed` with `shots` shots will take."""
    work, circuit = parsed.workload, parsed.circuit
    qubits = len(metrics.active_qubits(circuit)) or 1
    operations = max(work.operations, 1)
    if backend.provider == Provider.IBM_EMULATOR:
        method = _emulator_method(qubits, shots)
        one_qubit = max(operations - work.two_qubit - work.measurements, 0)
        compiled = (
            DEVICE_ONE_QUBIT_FACTOR * one_qubit
            + DEVICE_TWO_QUBIT_FACTOR * work.two_qubit
            + work.measurements
        )
        seconds = compiled * SECONDS_PER_DEVICE_COMPILED_OPERATION
        seconds += _noisy_seconds(method, qubits, compiled, shots, work.max_cut)
        return Estimate(method, qubits, seconds, _memory_mb(method, qubits, work.max_cut), True)
    method = aer.method_for(backend, circuit)
    passes = shots if work.dynamic else 1
    seconds = work.defined * SECONDS_PER_UNROLLED_OPERATION
    if method == aer.STABILIZER:
        per_shot = (
            work.measurements * qubits**2 * SECONDS_PER_STABILIZER_MEASUREMENT
            + operations * qubits * SECONDS_PER_STABILIZER_GATE
        )
        seconds += shots * per_shot + passes * operations * SECONDS_PER_OPERATION
    elif method == aer.MATRIX_PRODUCT_STATE:
        bond = _bond(qubits, work.max_cut)
        seconds += passes * operations * (SECONDS_PER_OPERATION + bond**3 * SECONDS_PER_BOND_CUBE)
        seconds += shots * qubits * SECONDS_PER_SAMPLED_QUBIT * max(bond**2 / 4, 1)
    elif method == aer.DENSITY_MATRIX:
        elements = 4.0**qubits
        seconds += passes * operations * (SECONDS_PER_OPERATION + elements * 3e-9)
    else:  # statevector, and the automatic method's other picks
        amplitudes = 2.0**qubits
        seconds += (
            passes * operations * (SECONDS_PER_OPERATION + amplitudes * SECONDS_PER_AMPLITUDE)
        )
    return Estimate(method, qubits, seconds, _memory_mb(method, qubits, work.max_cut), False)


def admit(
    backend: BackendLike, found: Estimate, parsed: ParsedCircuit, shots: int, limits: Limits
) -> None:
    """Raise CircuitLimitExceeded if the estimate is past the time or memory limit."""
    what = (
        f"{found.method.replace('_', ' ')}{' with noise' if found.noisy else ''}, "
        f"{found.qubits:,} qubits, {parsed.workload.operations:,} operations, {shots:,} shots"
    )
    if found.memory_mb > limits.memory_mb:
        raise CircuitLimitExceeded(
            f"{backend.name} would need about {_figure(found.memory_mb)} MB to simulate this job "
            f"({what}); the memory limit per job is {limits.memory_mb:,.0f} MB, so it is "
            f"{found.memory_mb / limits.memory_mb:,.1f} times over",
            limit="simulation_memory_mb",
            maximum=limits.memory_mb,
            requested=found.memory_mb,
        )
    if found.seconds > limits.time_s:
        raise CircuitLimitExceeded(
            f"{backend.name} would need about {_figure(found.seconds)} s to simulate this job "
            f"({what}); the time limit per job is {limits.time_s:,.0f} s, so it is "
            f"{found.seconds / limits.time_s:,.1f} times over. Fewer shots or qubits would fit",
            limit="simulation_seconds",
            maximum=limits.time_s,
            requested=found.seconds,
        )


def _emulator_method(qubits: int, shots: int) -> str:
    # The emulator's own choice (emulator._method), from the qubits the circuit uses.
    if qubits <= emulator.DENSITY_MATRIX_QUBITS and 2**qubits <= shots:
        return aer.DENSITY_MATRIX
    return aer.STATEVECTOR if qubits <= aer.WIDE_QUBITS else aer.MATRIX_PRODUCT_STATE


def _noisy_seconds(method: str, qubits: int, compiled: int, shots: int, cut: int) -> float:
    if method == aer.DENSITY_MATRIX:  # one pass, exact
        return compiled * (SECONDS_PER_NOISY_OPERATION + 4.0**qubits * SECONDS_PER_MATRIX_ELEMENT)
    if method == aer.MATRIX_PRODUCT_STATE:
        bond = _bond(qubits, cut)
        return shots * compiled * (SECONDS_PER_OPERATION + bond**3 * SECONDS_PER_BOND_CUBE)
    # Trajectories: every shot is a fresh statevector run through the noisy circuit.
    amplitudes = 2.0**qubits
    return shots * compiled * (SECONDS_PER_OPERATION + amplitudes * SECONDS_PER_NOISY_AMPLITUDE)


def _bond(qubits: int, cut: int) -> float:
    """Bond dimension bound: two-qubit operations across a cut at most double it each."""
    return 2.0 ** min(cut, qubits // 2, MAX_BOND_QUBITS)


def _memory_mb(method: str, qubits: int, cut: int) -> float:
    if method == aer.STABILIZER:
        return qubits**2 / 4 / _MB  # a tableau of 2n x 2n bits
    if method == aer.MATRIX_PRODUCT_STATE:
        return 2 * qubits * _bond(qubits, cut) ** 2 * _BYTES_PER_AMPLITUDE / _MB
    if method == aer.DENSITY_MATRIX:
        return 4.0**qubits * _BYTES_PER_AMPLITUDE / _MB
    return 2.0**qubits * _BYTES_PER_AMPLITUDE / _MB


def _figure(value: float) -> str:
    if value >= 1e6:
        return f"10^{math.floor(math.log10(value))}"
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"
