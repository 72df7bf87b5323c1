"""Braket's local simulators (state vector, density matrix): a non-Qiskit SDK behind the runner.

Circuits are converted from Qiskit by qiskit-braket-provider (which translates to Braket's gate
set) and executed by the Braket SDK's own local simulator, on the calling thread. Counts come
back in Qiskit's key order (clbit 0 rightmost), as every other runner returns them.

The Braket SDK takes seconds to import, so it is imported on the first Braket run in a process,
never when the catalog or the worker starts.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from domain.execution import BackendLike, Outcome
from domain.execution.errors import CircuitTooLarge, ExecutionError, UnsupportedCircuit

if TYPE_CHECKING:
    from qiskit import QuantumCircuit

# Catalog name -> (Braket's local device name, the qubits Braket's simulator holds).
DEVICES: dict[str, tuple[str, int]] = {
    "braket_sv": ("braket_sv", 26),
    "braket_dm": ("braket_dm", 13),
}


def device(name: str) -> tuple[str, int]:
    try:
        return DEVICES[name]
    except KeyError:
        raise ValueError(f"{name} is not a Braket local simulator") from None


def check(backend: BackendLike, circuit: QuantumCircuit) -> None:
    """Raise if the circuit has more qubits than the simulator holds."""
    _, limit = device(backend.name)
    limit = min(limit, backend.num_qubits)
    if circuit.num_qubits > limit:
        raise CircuitTooLarge(circuit.num_qubits, limit, backend=backend.name)


@lru_cache(maxsize=4)
def _backend(name: str) -> Any:
    from qiskit_braket_provider import BraketLocalBackend

    return BraketLocalBackend(device(name)[0])


def run_many(
    backend: BackendLike, items: Sequence[tuple[QuantumCircuit, int]], *, seed: int | None = None
) -> list[Outcome | ExecutionError]:
    """Run checked circuits one Braket task each (Braket's local tasks take one shot count)."""
    simulator = _backend(backend.name)
    results: list[Outcome | ExecutionError] = []
    for circuit, shots in items:
        started = time.perf_counter()
        try:
            with warnings.catch_warnings():
                # "noise-free circuit on the density matrix simulator": the user chose it.
                warnings.simplefilter("ignore", UserWarning)
                counts = simulator.run(circuit, shots=shots).result().get_counts()
        except Exception as error:  # the converter or the simulator refused the circuit
            results.append(UnsupportedCircuit(f"Braket cannot run this circuit: {error}"))
            continue
        elapsed_ms = (time.perf_counter() - started) * 1000
        results.append(
            Outcome(
                counts={str(k): int(v) for k, v in dict(counts).items()},
                shots=shots,
                method=device(backend.name)[0],
                execution_ms=elapsed_ms,
            )
        )
    return results
