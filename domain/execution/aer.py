"""Ideal Aer runs: the method a circuit gets, the qubits each method holds, and the run itself.

Also the Aer call the device emulators share: `simulate` runs a batch of circuits in one Aer
call and reads each experiment back as counts or as a typed error. Aer runs every job on its own
single, long-lived pool thread and `result()` blocks the caller until it is done; nothing here
starts a thread. (Aer's `executor` option would move that, but `AerSimulator.run` ignores it.)
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from domain.execution import BackendLike, Outcome
from domain.execution.errors import CircuitTooLarge, ExecutionError, UnsupportedCircuit

if TYPE_CHECKING:
    from qiskit import QuantumCircuit
    from qiskit.circuit import CircuitInstruction
    from qiskit_aer import AerSimulator

AUTOMATIC = "automatic"
STATEVECTOR = "statevector"
MATRIX_PRODUCT_STATE = "matrix_product_state"
STABILIZER = "stabilizer"
DENSITY_MATRIX = "density_matrix"

# Above this many active qubits a dense statevector gets slow (and soon impossible), so the
# automatic backend hands non-Clifford circuits to the tensor-network method instead.
WIDE_QUBITS = 24
# Aer's own ceilings for the methods whose limit does not come from host memory. The catalog row
# of a method-specific backend holds what Aer reported; the automatic row holds the statevector one.
_FIXED_LIMITS = {MATRIX_PRODUCT_STATE: 63, STABILIZER: 10_000}
# Gates Aer's stabilizer method takes as written (rz only at multiples of pi/2).
_STABILIZER_GATES = frozenset(
    {"h", "id", "pauli", "rz", "s", "sdg", "sx", "sxdg", "x", "y", "z"}  # one qubit
    | {"cx", "cy", "cz", "ecr", "swap"}  # two qubits
)
# Not gates: every method runs them, and they say nothing about a circuit being Clifford.
_NON_GATES = frozenset({"measure", "reset", "barrier", "delay"})
# Aer updates states this small on one thread anyway, but still opens an OpenMP team for each
# run, and when the cores are busy its spinning threads turn a 0.8 ms Bell run into 6-8 ms.
SINGLE_THREAD_QUBITS = 14
_EXPERIMENT_TAG = re.compile(r"ERROR:\s*(\[Experiment \d+\]\s*)?")
# Memory Aer may size a state to, in MB; a simulation process sets it from its memory limit
# (`domain.execution.child`), so a too-large state is refused before it is allocated.
MAX_MEMORY_MB: int | None = None


@dataclass(frozen=True, slots=True)
class Experiment:
    """A circuit ready for the simulator, with what an error or outcome needs to say about it."""

    circuit: QuantumCircuit
    qubits: int
    physical_qubits: tuple[int, ...] | None = None


def leaf_instructions(circuit: QuantumCircuit) -> Iterator[CircuitInstruction]:
    """Every instruction, looking inside control-flow blocks."""
    for instruction in circuit.data:
        blocks = getattr(instruction.operation, "blocks", ())
        if blocks:
            for block in blocks:
                yield from leaf_instructions(block)
        else:
            yield instruction


def active_qubits(circuit: QuantumCircuit) -> int:
    """Qubits something happens to; Aer drops the others before it sizes the state."""
    return len({q for i in circuit.data if i.operation.name != "barrier" for q in i.qubits})


def _quarter_turns(operation: Any) -> bool:
    try:
        return all(abs(math.remainder(float(p), math.pi / 2)) < 1e-9 for p in operation.params)
    except TypeError:  # an unbound parameter
        return False


def _stabilizer_native(operation: Any) -> bool:
    name = operation.name
    if name == "rz":  # the one parametrised gate Aer's stabilizer takes, at Clifford angles only
        return _quarter_turns(operation)
    return name in _NON_GATES or name in _STABILIZER_GATES


def non_clifford_gates(circuit: QuantumCircuit) -> set[str]:
    """Names of the gates a stabilizer simulation cannot run."""
    from qiskit.quantum_info import Clifford

    verdicts: dict[tuple[str, str], bool] = {}
    bad: set[str] = set()
    for op in (i.operation for i in leaf_instructions(circuit)):
        if _stabilizer_native(op):
            continue
        key = (op.name, repr(op.params))
        if key not in verdicts:
            try:
                Clifford(op)
                verdicts[key] = True
            except Exception:  # Clifford raises several types; any of them means "not Clifford"
                verdicts[key] = False
        if not verdicts[key]:
            bad.add(op.name)
    return bad


def method_for(backend: BackendLike, circuit: QuantumCircuit) -> str:
    """The method a method-specific backend forces, or the automatic pick for this circuit."""
    method = backend.simulation_method or AUTOMATIC
    if method != AUTOMATIC:
        return method
    if all(_stabilizer_native(i.operation) for i in leaf_instructions(circuit)):
        return STABILIZER
    return MATRIX_PRODUCT_STATE if active_qubits(circuit) > WIDE_QUBITS else STATEVECTOR


def qubit_limit(backend: BackendLike, method: str) -> int:
    """How many active qubits `method` holds on this backend."""
    if backend.simulation_method == method:
        return backend.num_qubits
    return _FIXED_LIMITS.get(method, backend.num_qubits)


def check(backend: BackendLike, circuit: QuantumCircuit) -> str:
    """Raise if the circuit cannot run on this ideal backend; else return the method it gets."""
    method = method_for(backend, circuit)
    if method == STABILIZER and (bad := non_clifford_gates(circuit)):
        names = ", ".join(sorted(bad))
        raise UnsupportedCircuit(
            f"{backend.name} runs Clifford circuits only (stabilizer simulation); "
            f"not Clifford: {names}."
        )
    used, limit = active_qubits(circuit), qubit_limit(backend, method)
    if used > limit:
        raise CircuitTooLarge(used, limit, backend=backend.name, method=method)
    return method


@lru_cache(maxsize=8)
def _ideal_simulator(method: str) -> AerSimulator:
    from qiskit_aer import AerSimulator

    return AerSimulator(method=method)


@lru_cache(maxsize=8)
def _supported(method: str) -> frozenset[str]:
    configuration = _ideal_simulator(method).configuration()
    return frozenset(configuration.basis_gates) | {"barrier", "measure", "reset"}


def _prepared(circuit: QuantumCircuit, method: str) -> QuantumCircuit:
    """The circuit in gates the method runs natively; most circuits already are, and pass as is."""
    if all(i.operation.name in _supported(method) for i in leaf_instructions(circuit)):
        return circuit
    from qiskit import transpile
    from qiskit.exceptions import QiskitError

    try:  # custom gates and gates Aer lacks (iswap, rccx, ...) are unrolled; nothing optimised
        return transpile(circuit, _ideal_simulator(method), optimization_level=0)
    except QiskitError as error:
        raise UnsupportedCircuit(f"The circuit cannot be compiled for {method}: {error}") from error


@dataclass(slots=True)
class Batch:
    """Circuits that share one Aer call: one simulator (method and noise) and one shot count."""

    simulator: AerSimulator
    method: str
    shots: int
    limit: int  # qubits the method holds here, for a too-large error
    backend: str
    experiments: list[Experiment] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)  # where each goes in the caller's list


def _threads(batch: Batch) -> int:
    """1 for small states, else 0 (Aer's default: every core)."""
    widest = max(e.qubits for e in batch.experiments)
    size = 2 * widest if batch.method == DENSITY_MATRIX else widest
    return 1 if size <= SINGLE_THREAD_QUBITS else 0


def simulate(batch: Batch, seed: int | None) -> list[Outcome | ExecutionError]:
    """Run the batch in one Aer call; each experiment comes back as an outcome or its error."""
    from qiskit.exceptions import QiskitError

    started = time.perf_counter()
    try:
        circuits = [e.circuit for e in batch.experiments]
        options: dict[str, Any] = {"max_parallel_threads": _threads(batch)}
        if MAX_MEMORY_MB is not None:
            options["max_memory_mb"] = MAX_MEMORY_MB
        result = batch.simulator.run(
            circuits, shots=batch.shots, seed_simulator=seed, **options
        ).result()
    except QiskitError as error:
        if len(batch.experiments) > 1:  # one bad circuit must not fail the rest: run them alone
            alone = (replace(batch, experiments=[e]) for e in batch.experiments)
            return [outcome for single in alone for outcome in simulate(single, seed)]
        return [_failure(str(error), batch.experiments[0], batch)]
    elapsed_ms = (time.perf_counter() - started) * 1000
    # One call, one wall time: each circuit of the batch (same shots) is charged an equal share.
    share_ms = elapsed_ms / len(batch.experiments)
    outcomes: list[Outcome | ExecutionError] = []
    for index, (experiment, data) in enumerate(zip(batch.experiments, result.results, strict=True)):
        if not data.success:
            outcomes.append(_failure(str(data.status), experiment, batch))
            continue
        outcomes.append(
            Outcome(
                counts={str(k): int(v) for k, v in result.get_counts(index).items()},
                shots=batch.shots,
                method=str(data.metadata.get("method", batch.method)),
                execution_ms=share_ms,
                physical_qubits=experiment.physical_qubits,
            )
        )
    return outcomes


def _failure(message: str, experiment: Experiment, batch: Batch) -> ExecutionError:
    if "insufficient memory" in message.lower() or "bad_alloc" in message:
        return CircuitTooLarge(
            experiment.qubits, batch.limit, backend=batch.backend, method=batch.method
        )
    text = _EXPERIMENT_TAG.sub("", message).strip(" ,")
    return UnsupportedCircuit(f"{batch.backend} could not run the circuit: {text}")


def settle(
    results: list[Outcome | ExecutionError | None], batches: Iterable[Batch], seed: int | None
) -> list[Outcome | ExecutionError]:
    """Run every batch and put each outcome at its place in `results`, which it fills."""
    for batch in batches:
        for position, outcome in zip(batch.positions, simulate(batch, seed), strict=True):
            results[position] = outcome
    return [result for result in results if result is not None]


def run_many(
    backend: BackendLike, items: Sequence[tuple[QuantumCircuit, int]], *, seed: int | None
) -> list[Outcome | ExecutionError]:
    """Run checked circuits on an ideal backend: one Aer call per (method, shots) group."""
    results: list[Outcome | ExecutionError | None] = [None] * len(items)
    batches: dict[tuple[str, int], Batch] = {}
    for position, (circuit, shots) in enumerate(items):
        method = method_for(backend, circuit)
        try:
            experiment = Experiment(_prepared(circuit, method), active_qubits(circuit))
        except UnsupportedCircuit as error:
            results[position] = error
            continue
        batch = batches.get((method, shots))
        if batch is None:
            limit = qubit_limit(backend, method)
            batch = Batch(_ideal_simulator(method), method, shots, limit, backend.name)
            batches[method, shots] = batch
        batch.experiments.append(experiment)
        batch.positions.append(position)
    return settle(results, batches.values(), seed)
