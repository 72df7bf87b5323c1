"""The one entry point for running circuits locally: check at submit time, run in the worker.

`check` is cheap and raises the typed errors a submission should refuse with before a job exists.
`run` and `run_many` block until the simulator returns, on the calling thread, and start no
threads of their own: call them on the SDK thread. They cannot be interrupted, so cancelling a
RUNNING job means the worker discards the result when it comes back; single runs stay short
(ideal Bell pairs take about a millisecond, emulated ones a few).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from domain.backends.models import Provider
from domain.execution import BackendLike, Outcome, aer, braket_local, emulator
from domain.execution.errors import CircuitTooLarge, ExecutionError, UnsupportedCircuit

if TYPE_CHECKING:
    from qiskit import QuantumCircuit

# The local simulators, by the provider of the backend: each module has `check` and `run_many`.
# Remote providers never reach this module: their adapters (domain.providers) submit and poll.
LOCAL: dict[str, ModuleType] = {
    Provider.AER: aer,
    Provider.IBM_EMULATOR: emulator,
    Provider.BRAKET: braket_local,
}


def is_local(backend: BackendLike) -> bool:
    """True when this backend runs in a simulation process (Aer, emulators, Braket local)."""
    if backend.provider == Provider.BRAKET:
        return backend.name in braket_local.DEVICES
    return backend.provider in LOCAL


def _simulator(backend: BackendLike) -> ModuleType:
    if not is_local(backend):
        raise ValueError(f"{backend.name} ({backend.provider}) is not a local simulator")
    return LOCAL[backend.provider]


def _is_emulator(backend: BackendLike) -> bool:
    return _simulator(backend) is emulator


def check(backend: BackendLike, circuit: QuantumCircuit) -> str | None:
    """Raise `CircuitTooLarge` or `UnsupportedCircuit` if the circuit cannot run here.

    Returns the Aer method an ideal backend will use; None on emulators, where the method
    depends on the qubits the compiler picks.
    """
    if circuit.parameters:
        names = ", ".join(sorted(p.name for p in circuit.parameters))
        raise UnsupportedCircuit(f"The circuit has parameters without values: {names}.")
    if not any(i.operation.name == "measure" for i in aer.leaf_instructions(circuit)):
        raise UnsupportedCircuit("The circuit measures no qubit, so a run would have no counts.")
    simulator = _simulator(backend)
    if simulator is aer:
        return aer.check(backend, circuit)
    simulator.check(backend, circuit)
    return None


def run(
    backend: BackendLike, circuit: QuantumCircuit, shots: int, seed: int | None = None
) -> Outcome:
    """Run one circuit; the same seed gives the same counts."""
    [outcome] = run_many(backend, [(circuit, shots)], seed=seed)
    if isinstance(outcome, CircuitTooLarge | UnsupportedCircuit):
        raise outcome
    return outcome


def run_many(
    backend: BackendLike,
    circuits_with_shots: Sequence[tuple[QuantumCircuit, int]],
    *,
    seed: int | None = None,
) -> list[Outcome | ExecutionError]:
    """Run several jobs' circuits on one backend, in as few Aer calls as possible.

    Circuits that share a simulator configuration (method, and on emulators the noise of the same
    physical qubits) and a shot count go in one call: Aer takes one `shots` for a whole call.
    The list comes back in input order; a circuit that cannot run gets its error in its place,
    and never fails the others. With a seed the batch is reproducible as a batch.
    """
    results: list[Outcome | ExecutionError | None] = [None] * len(circuits_with_shots)
    runnable: list[tuple[int, QuantumCircuit, int]] = []
    for position, (circuit, shots) in enumerate(circuits_with_shots):
        try:
            check(backend, circuit)
        except (CircuitTooLarge, UnsupportedCircuit) as error:
            results[position] = error
        else:
            runnable.append((position, circuit, shots))
    simulator = _simulator(backend)
    outcomes = simulator.run_many(backend, [(c, s) for _, c, s in runnable], seed=seed)
    for (position, _, _), outcome in zip(runnable, outcomes, strict=True):
        results[position] = outcome
    return [result for result in results if result is not None]


def warm_up(backend: BackendLike) -> None:
    """Build what a backend's first run would (an emulator's device model: about 0.1-0.3 s)."""
    if _is_emulator(backend):
        emulator.device_model(backend.name)
