"""What a parsed circuit asks a simulator to do: operations after unrolling, and their shape.

One pass over the instructions, with loops multiplied out and each user gate's definition
counted once (memoised by name), so a gate-definition bomb or a loop of 10^18 iterations is
measured without being expanded. The same pass refuses what no simulator can run faithfully:
non-finite angles and gates without a definition (`opaque`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from qiskit import QuantumCircuit
from qiskit.circuit import (
    ControlFlowOp,
    ForLoopOp,
    Gate,
    Instruction,
    Qubit,
    WhileLoopOp,
)
from qiskit.circuit.library import get_standard_gate_name_mapping

from domain.circuits.errors import CircuitLimitExceeded, InvalidCircuit

MAX_LOOP_ITERATIONS = 1_000_000  # of one loop, nesting included
MAX_OPERATIONS = 2_000_000  # quantum operations after unrolling loops and gate definitions
# A while loop's trip count is unknown until it runs; the cost estimate assumes this many, and
# the run-time limit stops one that goes on longer.
WHILE_ASSUMED_ITERATIONS = 100
# Instructions that change no qubit's state.
_PASSIVE = frozenset({"barrier", "delay", "store"})


@lru_cache(maxsize=1)
def _standard() -> frozenset[str]:
    return frozenset(get_standard_gate_name_mapping())


@dataclass
class Workload:
    """Operations a run executes (per shot when `dynamic`), after unrolling."""

    operations: int = 0
    two_qubit: int = 0
    measurements: int = 0
    # Mid-circuit measurement, reset after use, or control flow: Aer then runs shot by shot.
    dynamic: bool = False
    while_loops: bool = False
    # Most two-qubit operations spanning any cut between neighbouring qubit indices: their
    # number bounds the entanglement (and so the bond dimension) across that cut.
    max_cut: int = 0
    # Operations inside the program's own gate definitions, which a compiler unrolls first.
    defined: int = 0
    cuts: list[int] = field(default_factory=list, repr=False)


def measure_workload(circuit: QuantumCircuit) -> Workload:
    """Count a circuit's unrolled work, or raise CircuitLimitExceeded / InvalidCircuit."""
    work = Workload(cuts=[0] * max(circuit.num_qubits - 1, 0))
    index = {qubit: i for i, qubit in enumerate(circuit.qubits)}
    walker = _Walker(work, index)
    walker.block(circuit, list(circuit.qubits), 1)
    work.max_cut = max(work.cuts, default=0)
    return work


class _Walker:
    def __init__(self, work: Workload, index: dict[Qubit, int]) -> None:
        self.work = work
        self.index = index
        self.measured: set[int] = set()
        self.touched: set[int] = set()
        self.definitions: dict[tuple[str, int], tuple[int, int]] = {}

    def block(self, circuit: QuantumCircuit, outer: list[Qubit], times: int) -> None:
        mapping = dict(zip(circuit.qubits, outer, strict=True))
        for item in circuit.data:
            qubits = [self.index[mapping[q]] for q in item.qubits]
            self.instruction(item.operation, qubits, [mapping[q] for q in item.qubits], times)

    def instruction(
        self, operation: Instruction, qubits: list[int], outer: list[Qubit], times: int
    ) -> None:
        work = self.work
        if isinstance(operation, ControlFlowOp):
            work.dynamic = True
            if isinstance(operation, ForLoopOp):
                times = self._loop(times * _trips(operation.params[0]))
            elif isinstance(operation, WhileLoopOp):
                work.while_loops = True
                times = self._loop(times * WHILE_ASSUMED_ITERATIONS)
            # Only one branch of an `if` or `switch` runs per shot; counting every branch keeps
            # the figure an upper bound.
            for block in operation.blocks:
                self.block(block, outer, times)
            return
        name = operation.name
        if name in _PASSIVE:
            return
        if name == "measure":
            work.measurements += times
            self.measured.update(qubits)
            self._add(times, qubits)
            return
        if name == "reset":
            if self.touched.intersection(qubits):
                work.dynamic = True
            self._add(times, qubits)
            return
        if self.measured.intersection(qubits):
            work.dynamic = True
        self.touched.update(qubits)
        _check_params(operation)
        operations, two_qubit = self._expansion(operation)
        if operation.name not in _standard():
            work.defined += times * operations
        self._add(times * operations, qubits, times * two_qubit)

    def _loop(self, times: int) -> int:
        if times > MAX_LOOP_ITERATIONS:
            raise CircuitLimitExceeded(
                limit="loop_iterations",
                maximum=MAX_LOOP_ITERATIONS,
                requested=times,
                message=(
                    f"a loop runs {_amount(times)} iterations (nesting included); "
                    f"the limit is {MAX_LOOP_ITERATIONS:,}"
                ),
            )
        return times

    def _add(self, operations: int, qubits: list[int], two_qubit: int = 0) -> None:
        work = self.work
        work.operations += operations
        if work.operations > MAX_OPERATIONS:
            raise CircuitLimitExceeded(
                limit="operations",
                maximum=MAX_OPERATIONS,
                requested=work.operations,
                message=(
                    f"the circuit runs more than {_amount(work.operations)} operations once "
                    f"loops and gate definitions are unrolled; the limit is {MAX_OPERATIONS:,}"
                ),
            )
        if len(qubits) >= 2:
            work.two_qubit += max(two_qubit, operations)
            low, high = min(qubits), max(qubits)
            for cut in range(low, min(high, low + 64)):  # a wide span adds its bound to 64 cuts
                work.cuts[cut] += max(two_qubit, operations)

    def _expansion(self, operation: Instruction) -> tuple[int, int]:
        """(operations, two-qubit operations) one application of `operation` unrolls to."""
        if operation.name in _standard() or not isinstance(operation, Gate):
            return 1, int(operation.num_qubits >= 2)
        key = (operation.name, operation.num_qubits)
        if key in self.definitions:
            return self.definitions[key]
        try:
            definition = operation.definition
        except Exception as error:  # e.g. binding an infinite angle into the definition
            raise InvalidCircuit(
                f"gate '{operation.name}' cannot be built: {error}", line=1, column=1
            ) from None
        if definition is None:
            raise InvalidCircuit(
                f"gate '{operation.name}' has no definition, so no simulator can run it",
                line=1,
                column=1,
            )
        operations = two_qubit = 0
        for item in definition.data:
            _check_params(item.operation)
            if item.operation.name in _PASSIVE:
                continue
            inner = self._expansion(item.operation)
            operations, two_qubit = operations + inner[0], two_qubit + inner[1]
        self.definitions[key] = (max(operations, 1), two_qubit)
        return self.definitions[key]


def _trips(indexset: object) -> int:
    """Iterations of a for loop; a range past 2^63 has no len() but does have a size."""
    if isinstance(indexset, range):
        step = indexset.step
        span = indexset.stop - indexset.start
        return max(0, (span + step - (1 if step > 0 else -1)) // step)
    return len(indexset)  # type: ignore[arg-type]


def _check_params(operation: Instruction) -> None:
    for param in operation.params:
        if isinstance(param, float | int) and not math.isfinite(param):
            raise InvalidCircuit(
                f"gate '{operation.name}' has a non-finite angle ({param})", line=1, column=1
            )


def _amount(count: int) -> str:
    return f"{count:,}" if count < 10**12 else f"about 10^{len(str(count)) - 1}"
