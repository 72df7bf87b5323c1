"""The execution adapter of the local simulators (Aer, the IBM snapshot emulators, Braket local).

In the worker, local jobs run in the simulation processes (`domain.execution.pool`), which call
the same runner (`domain.execution.runner`) this adapter calls; the adapter is the interface
form of that path, for callers outside the worker (the contract suite, benchmarks, scripts).
`submit` runs the circuits at once, on the calling thread, so a local provider job is DONE when
`submit` returns; `cancel` then has nothing left to stop.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from domain.backends.models import Provider
from domain.execution import Outcome, runner
from domain.providers.base import (
    BackendProvider,
    BackendSpec,
    CircuitCounts,
    ProviderJobState,
    ProviderJobStatus,
    ProviderResult,
)

if TYPE_CHECKING:
    from qiskit import QuantumCircuit


@dataclass(frozen=True, slots=True)
class _Row:
    name: str
    provider: str
    num_qubits: int
    simulation_method: str | None


class LocalAdapter:
    """A catalog provider whose backends run in this process, through the runner."""

    remote = False

    def __init__(self, catalog: BackendProvider, *, keep: int = 1000) -> None:
        self.catalog = catalog
        self.provider: Provider = catalog.provider
        self.keep = keep
        self._specs: dict[str, BackendSpec] | None = None
        self._results: dict[str, ProviderResult] = {}
        self._lock = threading.Lock()

    def list_backends(self) -> list[BackendSpec]:
        specs = self.catalog.list_backends()
        self._specs = {spec.name: spec for spec in specs}
        return specs

    def handles(self, backend: str) -> bool:
        return backend in self._known()

    def _known(self) -> dict[str, BackendSpec]:
        if self._specs is None:
            self.list_backends()
        assert self._specs is not None
        return self._specs

    def submit(self, backend: str, circuits: Sequence[tuple[QuantumCircuit, int]]) -> str:
        spec = self._known().get(backend)
        if spec is None:
            raise ValueError(f"{self.provider} has no backend named {backend}")
        row = _Row(spec.name, spec.provider, spec.num_qubits, spec.simulation_method)
        outcomes = runner.run_many(row, list(circuits))
        result = ProviderResult(
            circuits=tuple(
                CircuitCounts(counts=o.counts)
                if isinstance(o, Outcome)
                else CircuitCounts(counts=None, error=str(o))
                for o in outcomes
            )
        )
        job_id = f"local-{uuid.uuid4()}"
        with self._lock:
            if len(self._results) >= self.keep:  # forget the oldest: results are fetched once
                self._results.pop(next(iter(self._results)))
            self._results[job_id] = result
        return job_id

    def status(self, provider_job_ids: Sequence[str]) -> dict[str, ProviderJobStatus]:
        with self._lock:
            return {
                job_id: ProviderJobStatus(ProviderJobState.DONE, "DONE")
                if job_id in self._results
                else ProviderJobStatus(ProviderJobState.FAILED, "UNKNOWN", error="unknown job")
                for job_id in provider_job_ids
            }

    def result(self, provider_job_id: str) -> ProviderResult:
        with self._lock:
            try:
                return self._results[provider_job_id]
            except KeyError:
                raise ValueError(f"no local job {provider_job_id}") from None

    def cancel(self, provider_job_id: str) -> None:
        """A local job finished inside `submit`: nothing is left to stop."""

    def estimate_cost(self, backend: str, circuit: QuantumCircuit, shots: int) -> Decimal | None:
        spec = self._known().get(backend)
        if spec is None:
            return None
        return spec.pricing.per_task + spec.pricing.per_shot * shots
