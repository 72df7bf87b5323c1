"""Noisy emulators of IBM devices: compile for the device, then simulate only the qubits used.

`AerSimulator.from_backend(FakeSherbrooke())` carries the noise of all 127 qubits into every run
and takes over a second for a Bell pair. A run's physics only involves the physical qubits its
compiled circuit touches, so the circuit is remapped onto qubits 0..k-1 and run with a noise model
built for those k qubits alone: the depolarizing and thermal-relaxation gate errors and readout
errors Aer's `from_backend` derives, from the same calibration snapshot, through the same Aer
functions. Neither model puts noise on idle qubits (nothing schedules idle time), so the two give
the same distribution; `tests/unit/test_execution_emulator.py` checks it exactly.

The device's Target (which holds all of its calibration) and compiler are cached per backend
name, the reduced models per (backend, physical qubits); both caches are bounded LRUs.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from domain.errors import ProviderUnavailable
from domain.execution import BackendLike, Outcome
from domain.execution.aer import (
    DENSITY_MATRIX,
    MATRIX_PRODUCT_STATE,
    STATEVECTOR,
    WIDE_QUBITS,
    Batch,
    Experiment,
    leaf_instructions,
    settle,
)
from domain.execution.errors import CircuitTooLarge, ExecutionError, UnsupportedCircuit

if TYPE_CHECKING:
    from qiskit import QuantumCircuit
    from qiskit.passmanager import BasePassManager
    from qiskit.transpiler import Target
    from qiskit_aer import AerSimulator
    from qiskit_aer.noise import NoiseModel, RelaxationNoisePass

DEVICE_CACHE_SIZE = 8  # a 127-qubit Target and its compiler take a few MB
REDUCED_CACHE_SIZE = 256
# Qiskit's default level: its noise-aware layout puts the circuit on the device's best qubits.
OPTIMIZATION_LEVEL = 2
SEED_TRANSPILER = 1234  # fixed, so a circuit compiles onto the same qubits every time
# A density matrix is exact in one pass; sampling trajectories costs a statevector per shot.
# The matrix wins while 2**k <= shots and stays small (4**10 amplitudes) up to here.
DENSITY_MATRIX_QUBITS = 10
_SECONDS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "ps": 1e-12}


@dataclass(frozen=True, slots=True)
class DeviceModel:
    name: str
    target: Target  # the snapshot's gates, coupling map, errors, durations and T1/T2
    compiler: BasePassManager


@dataclass(slots=True)
class ReducedModel:
    """Noise for k physical qubits, renumbered 0..k-1 in ascending physical order."""

    physical_qubits: tuple[int, ...]
    noise_model: NoiseModel
    delay_noise: RelaxationNoisePass
    simulators: dict[str, AerSimulator] = field(default_factory=dict)

    def simulator(self, method: str) -> AerSimulator:
        if method not in self.simulators:
            from qiskit_aer import AerSimulator

            self.simulators[method] = AerSimulator(method=method, noise_model=self.noise_model)
        return self.simulators[method]


@lru_cache(maxsize=1)
def _fake_backend_classes() -> dict[str, type[Any]]:
    from qiskit_ibm_runtime.fake_provider import FakeProviderForBackendV2

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Properties of fake_", category=UserWarning)
        return {str(b.name): type(b) for b in FakeProviderForBackendV2().backends()}


@lru_cache(maxsize=DEVICE_CACHE_SIZE)
def device_model(name: str) -> DeviceModel:
    """The device's Target and a compiler for it; the first call per name builds the Target."""
    from qiskit.transpiler import generate_preset_pass_manager

    backend_class = _fake_backend_classes().get(name)
    if backend_class is None:
        raise ProviderUnavailable(f"No calibration snapshot for {name}.", provider="IBM_EMULATOR")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Properties of fake_", category=UserWarning)
        # A fresh instance per model: the target it builds is then evicted with the model.
        target = backend_class().target
    compiler = generate_preset_pass_manager(
        optimization_level=OPTIMIZATION_LEVEL, target=target, seed_transpiler=SEED_TRANSPILER
    )
    return DeviceModel(name=name, target=target, compiler=compiler)


def _aligned_delays(circuit: QuantumCircuit, target: Target) -> QuantumCircuit:
    """Delays as whole, aligned device cycles (dt), as the device takes them.

    The compiler refuses any other delay for an IBM target, with an error about scheduling
    (Qiskit issue #8985); rounding moves a delay by at most half an alignment step (2 ns).
    """
    from qiskit.circuit import Delay

    if target.dt is None or not any(i.operation.name == "delay" for i in circuit.data):
        return circuit
    step = math.lcm(target.granularity, target.pulse_alignment, target.acquire_alignment) or 1
    aligned = circuit.copy_empty_like()
    for instruction in circuit.data:
        operation = instruction.operation
        if operation.name == "delay" and (operation.unit == "dt" or operation.unit in _SECONDS):
            seconds = _SECONDS.get(operation.unit, target.dt)
            cycles = float(operation.duration) * seconds / target.dt
            operation = Delay(step * round(cycles / step), unit="dt")
        aligned._append(instruction.replace(operation=operation))
    return aligned


def compile_for_device(device: DeviceModel, circuit: QuantumCircuit) -> QuantumCircuit:
    """Lay out, route and translate the circuit to the device's gates and coupling map."""
    from qiskit.exceptions import QiskitError

    try:
        return device.compiler.run(_aligned_delays(circuit, device.target))
    except QiskitError as error:
        raise UnsupportedCircuit(
            f"The circuit cannot be compiled for {device.name}: {error}"
        ) from error


def used_qubits(compiled: QuantumCircuit) -> tuple[int, ...]:
    """The physical qubits a compiled circuit does something to, ascending."""
    index = {qubit: i for i, qubit in enumerate(compiled.qubits)}
    return tuple(
        sorted({index[q] for i in compiled.data if i.operation.name != "barrier" for q in i.qubits})
    )


def compact(compiled: QuantumCircuit, physical: Sequence[int]) -> QuantumCircuit:
    """The compiled circuit on qubits 0..k-1 (physical[i] becomes i); clbits stay as they are."""
    from qiskit import QuantumCircuit, QuantumRegister
    from qiskit.circuit import CircuitInstruction

    out = QuantumCircuit(
        QuantumRegister(len(physical), "q"),
        list(compiled.clbits),
        *compiled.cregs,
        global_phase=compiled.global_phase,
        name=compiled.name,
    )
    moved = {compiled.qubits[p]: out.qubits[i] for i, p in enumerate(physical)}
    for instruction in compiled.data:
        qubits = [moved[q] for q in instruction.qubits if q in moved]
        if not qubits:  # a barrier across idle qubits only
            continue
        out._append(CircuitInstruction(instruction.operation, qubits, instruction.clbits))
    return out


def _sub_target(target: Target, physical: Sequence[int]) -> Target:
    from qiskit.transpiler import Target

    position = {p: i for i, p in enumerate(physical)}
    properties = target.qubit_properties
    small = Target(
        num_qubits=len(physical),
        dt=target.dt,
        qubit_properties=[properties[p] for p in physical] if properties else None,
    )
    for name in target.operation_names:
        operation = target.operation_from_name(name)
        if isinstance(operation, type):  # control flow: no calibration, no noise
            continue
        kept = {
            tuple(position[q] for q in qargs): props
            for qargs, props in target[name].items()
            if qargs is not None and all(q in position for q in qargs)
        }
        if kept:
            small.add_instruction(operation, kept, name=name)
    return small


@lru_cache(maxsize=REDUCED_CACHE_SIZE)
def reduced_model(name: str, physical: tuple[int, ...]) -> ReducedModel:
    """Gate, readout and delay noise for just these physical qubits of the device."""
    from qiskit.circuit import Delay
    from qiskit.quantum_info import Kraus
    from qiskit_aer.noise import NoiseModel, QuantumError, RelaxationNoisePass
    from qiskit_aer.noise.device import basic_device_gate_errors, basic_device_readout_errors

    target = device_model(name).target
    small = _sub_target(target, physical)
    noise_model = NoiseModel(basis_gates=list(target.operation_names))
    for qubits, readout in basic_device_readout_errors(target=small):
        noise_model.add_readout_error(readout, qubits)
    relaxation = small.qubit_properties is not None  # without T1/T2 Aer cannot relax
    errors = basic_device_gate_errors(target=small, thermal_relaxation=relaxation)
    for gate, qubits, error in errors:
        # Aer serialises the noise model to JSON and parses it again on every run. As one Kraus
        # channel (the same map) an error is 2-3x smaller than the mixture of circuits the device
        # functions build, and an emulated Bell pair runs in 2 ms instead of 7.
        noise_model.add_quantum_error(QuantumError(Kraus(error.to_quantumchannel())), gate, qubits)
    # Explicit delays relax the qubits they idle, as `NoiseModel.from_backend` arranges with the
    # same pass (through a private hook, so it is applied here to the circuit instead).
    t1s, t2s = [], []
    for props in small.qubit_properties or [None] * len(physical):
        t1 = getattr(props, "t1", None) or math.inf
        t2 = getattr(props, "t2", None) or math.inf
        t1s.append(t1)
        t2s.append(min(t2, 2 * t1))
    delay_noise = RelaxationNoisePass(t1s=t1s, t2s=t2s, dt=target.dt, op_types=Delay)
    return ReducedModel(physical, noise_model, delay_noise)


def _method(qubits: int, shots: int) -> str:
    if qubits <= DENSITY_MATRIX_QUBITS and 2**qubits <= shots:
        return DENSITY_MATRIX
    return STATEVECTOR if qubits <= WIDE_QUBITS else MATRIX_PRODUCT_STATE


def check(backend: BackendLike, circuit: QuantumCircuit) -> None:
    """Raise if the circuit has more qubits than the device (the compiler maps every one)."""
    if circuit.num_qubits > backend.num_qubits:
        raise CircuitTooLarge(circuit.num_qubits, backend.num_qubits, backend=backend.name)


def run_many(
    backend: BackendLike, items: Sequence[tuple[QuantumCircuit, int]], *, seed: int | None
) -> list[Outcome | ExecutionError]:
    """Run checked circuits: one Aer call per (physical qubits, method, shots) group."""
    device = device_model(backend.name)
    results: list[Outcome | ExecutionError | None] = [None] * len(items)
    batches: dict[tuple[tuple[int, ...], str, int], Batch] = {}
    for position, (circuit, shots) in enumerate(items):
        try:
            compiled = compile_for_device(device, circuit)
        except UnsupportedCircuit as error:
            results[position] = error
            continue
        physical = used_qubits(compiled)
        model = reduced_model(backend.name, physical)
        runnable = compact(compiled, physical)
        if any(i.operation.name == "delay" for i in leaf_instructions(runnable)):
            runnable = model.delay_noise(runnable)
        method = _method(len(physical), shots)
        batch = batches.get((physical, method, shots))
        if batch is None:
            simulator = model.simulator(method)
            batch = Batch(simulator, method, shots, backend.num_qubits, backend.name)
            batches[physical, method, shots] = batch
        batch.experiments.append(Experiment(runnable, len(physical), physical))
        batch.positions.append(position)
    return settle(results, batches.values(), seed)
