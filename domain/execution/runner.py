"""The one entry point for running circuits locally: check at submit time, run in the worker.

`check` is cheap and raises the typed errors a submission should refuse with before a job exists.
`run` and `run_many` block until the simulator returns, on the calling thread, and start no
threads of their own: call them on the SDK thread. They cannot be interrupted, so cancelling a
RUNNING job means the worker discards the result when it comes back; single runs stay short
(ideal Bell pairs take about a millisecond, emulated ones a few).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from domain.backends.models import Provider
from domain.execution import BackendLike, Outcome, aer, emulator
from domain.execution.errors import CircuitTooLarge, ExecutionError, UnsupportedCircuit

if TYPE_CHECKING:
    from qiskit import QuantumCircuit


def _is_emulator(backend: BackendLike) -> bool:
    if backend.provider == Provider.IBM_EMULATOR:
        return True
    if backend.provider == Provider.AER:
        return False
    raise ValueError(f"{backend.name} ({backend.provider}) is not a local simulator")


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
    if _is_emulator(backend):
        emulator.check(backend, circuit)
        return None
    return aer.check(backend, circuit)


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
    simulator = emulator if _is_emulator(backend) else aer
    outcomes = simulator.run_many(backend, [(c, s) for _, c, s in runnable], seed=seed)
    for (position, _, _), outcome in zip(runnable, outcomes, strict=True):
        results[position] = outcome
    return [result for result in results if result is not None]


def warm_up(backend: BackendLike) -> None:
    """Build what a backend's first run would (an emulator's device model: about 0.1-0.3 s)."""
    if _is_emulator(backend):
        emulator.device_model(backend.name)
