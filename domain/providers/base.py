"""The one interface every backend provider implements, and the specs it returns.

`BackendProvider` is what the catalog sync needs (list backends). `ExecutionAdapter` is the
execution side every provider adapter implements the same way: submit a batch of circuits with
shots, poll status (batched), fetch results, cancel, estimate cost. The runner picks the adapter
by the backend's provider; nothing else knows provider names. Every method may block (SDK or
network calls): call them on the SDK thread (domain/providers/sdk_thread.py) or in a child
process, never on an event loop.

Local adapters (Aer, the IBM snapshot emulators, Braket's local simulators) finish inside
`submit` or soon after; remote ones (IBM Quantum, Azure Quantum, Braket devices) return a
provider job id at once and are polled by the remote-job poller, never holding a worker slot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from domain.backends.models import BackendStatus, Provider, Technology

if TYPE_CHECKING:
    from collections.abc import Sequence

    from qiskit import QuantumCircuit


@dataclass(frozen=True, slots=True)
class QubitSpec:
    qubit: int
    t1_us: float | None = None
    t2_us: float | None = None
    frequency_ghz: float | None = None
    anharmonicity_ghz: float | None = None
    readout_error: float | None = None
    prob_meas0_prep1: float | None = None
    prob_meas1_prep0: float | None = None
    readout_length_ns: float | None = None
    calibrated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class GateSpec:
    gate: str
    qubits: tuple[int, ...]
    error: float | None = None
    duration_ns: float | None = None
    calibrated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Pricing:
    per_shot: Decimal = Decimal(0)
    per_task: Decimal = Decimal(0)
    currency: str = "USD"


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a backend can do beyond its gates; None where the provider does not say."""

    mid_circuit_measurement: bool | None = None
    dynamic_circuits: bool | None = None
    max_shots: int | None = None
    max_circuits_per_job: int | None = None


@dataclass(frozen=True, slots=True)
class BackendSpec:
    """Everything the catalog stores about one backend, as a provider reports it."""

    name: str
    provider: Provider
    technology: Technology
    num_qubits: int
    basis_gates: tuple[str, ...]
    simulator: bool
    status: BackendStatus = BackendStatus.ONLINE
    status_reason: str | None = None
    description: str = ""
    coupling_map: tuple[tuple[int, int], ...] = ()
    simulation_method: str | None = None
    processor_family: str | None = None
    max_shots: int = 100_000
    pricing: Pricing = field(default_factory=Pricing)
    last_calibrated_at: datetime | None = None
    qubits: tuple[QubitSpec, ...] = ()
    gates: tuple[GateSpec, ...] = ()
    queue_length: int | None = None  # jobs waiting at the provider, where it reports them
    region: str | None = None
    capabilities: Capabilities = field(default_factory=Capabilities)


class BackendProvider(Protocol):
    """A source of backends. `list_backends` may block (it reads SDK files or calls out)."""

    provider: Provider

    def list_backends(self) -> list[BackendSpec]: ...


class ProviderJobState(StrEnum):
    """A provider job's state, mapped from the provider's own vocabulary (kept verbatim in
    `ProviderJobStatus.provider_status`)."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True, slots=True)
class ProviderJobStatus:
    state: ProviderJobState
    provider_status: str  # the provider's word for it: "QUEUED", "Waiting", "COMPLETED", ...
    queue_position: int | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class CircuitCounts:
    """One circuit's result within a provider job (same order as submitted)."""

    counts: dict[str, int] | None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ProviderResult:
    circuits: tuple[CircuitCounts, ...]
    quantum_seconds: float | None = None  # billed time, where the provider reports it
    cost: Decimal | None = None  # the provider's charge, where it reports one
    started_at: datetime | None = None  # the provider's own timestamps
    finished_at: datetime | None = None


class ExecutionAdapter(Protocol):
    """The execution interface every provider implements (see the module docstring).

    An adapter may also define `handles(backend: str) -> bool` when it serves only some of its
    provider's backends (BRAKET: the local simulators in one adapter, AWS devices in another);
    `domain.providers.registry.adapter_for` asks it, and takes an adapter without it as serving
    every backend of its provider. Errors: `submit` raises ValueError/TypeError when the provider
    refuses the circuits themselves (the jobs fail); any other exception from any method means
    the provider could not be reached (the breaker counts it, and nothing fails).
    """

    provider: Provider
    remote: bool  # True: submit returns at once and the poller moves the job on

    def list_backends(self) -> list[BackendSpec]: ...

    def submit(self, backend: str, circuits: Sequence[tuple[QuantumCircuit, int]]) -> str:
        """Send circuits (each with its shots) as one provider job; returns its id."""
        ...

    def status(self, provider_job_ids: Sequence[str]) -> dict[str, ProviderJobStatus]:
        """Several provider jobs' states in as few calls as the provider allows."""
        ...

    def result(self, provider_job_id: str) -> ProviderResult: ...

    def cancel(self, provider_job_id: str) -> None: ...

    def estimate_cost(self, backend: str, circuit: QuantumCircuit, shots: int) -> Decimal | None:
        """The provider's own estimate, where it has one; None: Qraph's pricing applies."""
        ...
