"""The Azure Quantum adapter: IonQ, Quantinuum and Rigetti targets of one workspace.

Jobs go through the SDK's Qiskit provider (`azure.quantum.qiskit.AzureQuantumProvider`): the
SDK translates each circuit to QIR for the target's profile, uploads it to the workspace's
linked storage and creates the job; status, results and cancel are the SDK's calls too. The
workspace comes from `QRAPH_AZURE_RESOURCE_ID` and `QRAPH_AZURE_LOCATION`, with credentials from
azure-identity's usual environment variables (DefaultAzureCredential). Every method blocks: the
runner and poller call it on the SDK thread.

Exercised offline only (tests/integration/test_azure_adapter.py): against a local server that
answers the REST calls the SDK makes. Never against a live workspace from here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from domain.backends.models import BackendStatus, Provider, Technology
from domain.errors import ProviderUnavailable
from domain.providers import azure_pricing
from domain.providers.base import (
    BackendSpec,
    Capabilities,
    CircuitCounts,
    ProviderJobState,
    ProviderJobStatus,
    ProviderResult,
)

if TYPE_CHECKING:
    from qiskit import QuantumCircuit

    from qraph.settings import Settings

FAMILIES: dict[str, Technology] = {
    "ionq": Technology.TRAPPED_ION,
    "quantinuum": Technology.TRAPPED_ION,
    "rigetti": Technology.SUPERCONDUCTING,
}
_STATES = {
    "Waiting": ProviderJobState.QUEUED,
    "Executing": ProviderJobState.RUNNING,
    "Finishing": ProviderJobState.RUNNING,
    "Succeeded": ProviderJobState.DONE,
    "Completed": ProviderJobState.DONE,
    "Failed": ProviderJobState.FAILED,
    "Cancelled": ProviderJobState.CANCELLED,
}
_AVAILABILITY = {
    "Available": BackendStatus.ONLINE,
    "Degraded": BackendStatus.ONLINE,
    "Unavailable": BackendStatus.OFFLINE,
}


@contextmanager
def _reaching_azure() -> Iterator[None]:
    """The SDK's transport, HTTP and credential failures as ProviderUnavailable, so the runner
    and poller treat an unreachable workspace like any unreachable provider."""
    from azure.core.exceptions import AzureError

    try:
        yield
    except AzureError as error:
        raise ProviderUnavailable(
            f"Azure Quantum could not be reached ({type(error).__name__}).",
            provider=Provider.AZURE_QUANTUM,
        ) from error


def family_of(target: str) -> str:
    """`ionq`, `quantinuum` or `rigetti`: the first part of an Azure target id."""
    return target.split(".", 1)[0].lower()


@dataclass(frozen=True, slots=True)
class TargetStatus:
    target: str
    availability: str
    average_queue_seconds: int | None


def _azure_call(method: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        with _reaching_azure():
            return method(*args, **kwargs)

    call.__name__, call.__doc__ = method.__name__, method.__doc__
    return call


class AzureAdapter:
    """`ExecutionAdapter` over an Azure Quantum workspace (built lazily, on the SDK thread).
    Every call raises ProviderUnavailable when the workspace cannot be reached."""

    provider = Provider.AZURE_QUANTUM
    remote = True
    max_circuits_per_job = 1  # the SDK's QIR backends take one circuit per job

    def __init__(self, workspace_factory: Callable[[], Any]) -> None:
        self._workspace_factory = workspace_factory
        self._lock = threading.Lock()
        self._azure: Any = None

    def _provider(self) -> Any:
        with self._lock:
            if self._azure is None:
                from azure.quantum.qiskit import AzureQuantumProvider

                self._azure = AzureQuantumProvider(self._workspace_factory())
            return self._azure

    def _workspace(self) -> Any:
        return self._provider().get_workspace()

    def _backend(self, name: str) -> Any:
        if family_of(name) not in FAMILIES:
            raise ValueError(f"{name} is not an IonQ, Quantinuum or Rigetti target.")
        return self._provider().get_backend(name)

    @_azure_call
    def target_statuses(self) -> list[TargetStatus]:
        """Each target's availability and average queue time (the workspace's providerStatus)."""
        return [
            TargetStatus(t.name, _word(t.current_availability), t.average_queue_time)
            for t in self._workspace().get_targets()
            if family_of(t.name) in FAMILIES
        ]

    @_azure_call
    def list_backends(self) -> list[BackendSpec]:
        statuses = {s.target: s for s in self.target_statuses()}
        specs = []
        for backend in self._provider().backends():
            name = backend.name
            family = family_of(name)
            if family not in FAMILIES or name not in statuses:
                continue
            status = statuses[name]
            simulator = ".sim" in name or "simulator" in name
            specs.append(
                BackendSpec(
                    name=name,
                    provider=Provider.AZURE_QUANTUM,
                    technology=Technology.SIMULATOR if simulator else FAMILIES[family],
                    num_qubits=int(getattr(backend, "num_qubits", 0) or 0),
                    basis_gates=_basis_gates(backend),
                    simulator=simulator,
                    status=_AVAILABILITY.get(status.availability, BackendStatus.OFFLINE),
                    status_reason=None
                    if status.availability == "Available"
                    else f"Azure reports {status.availability}.",
                    description=f"{family.capitalize()} on Azure Quantum ({name}).",
                    processor_family=family,
                    capabilities=Capabilities(
                        # Quantinuum runs the adaptive QIR profile; IonQ and Rigetti the base one.
                        mid_circuit_measurement=family == "quantinuum",
                        dynamic_circuits=family == "quantinuum",
                        max_shots=_max_shots(backend),
                        max_circuits_per_job=1,  # one QIR program per Azure job
                    ),
                )
            )
        return specs

    def translate(self, backend: str, circuit: QuantumCircuit) -> str:
        """The QIR (text) the SDK sends for this circuit on this target's profile."""
        target = self._backend(backend)
        profile = target._get_target_profile({})
        return str(target._get_qir_str(circuit, profile, skip_transpilation=True))

    @_azure_call
    def submit(self, backend: str, circuits: Sequence[tuple[QuantumCircuit, int]]) -> str:
        if len(circuits) != 1:
            raise ValueError("Azure Quantum takes one circuit per job.")
        circuit, shots = circuits[0]
        job = self._backend(backend).run(circuit, shots=shots)
        return str(job.id())

    @_azure_call
    def status(self, provider_job_ids: Sequence[str]) -> dict[str, ProviderJobStatus]:
        workspace = self._workspace()
        found = {}
        for job_id in provider_job_ids:
            details = workspace.get_job(job_id).details
            word = _word(details.status)
            error = details.error_data.message if details.error_data is not None else None
            found[job_id] = ProviderJobStatus(
                _STATES.get(word, ProviderJobState.QUEUED), word, error=error
            )
        return found

    @_azure_call
    def result(self, provider_job_id: str) -> ProviderResult:
        job = self._provider().get_job(provider_job_id)
        details = job._azure_job.details
        if _word(details.status) not in ("Succeeded", "Completed"):
            message = details.error_data.message if details.error_data else _word(details.status)
            return ProviderResult(circuits=(CircuitCounts(None, message),))
        result = job.result()
        circuits = tuple(
            CircuitCounts({str(k): int(v) for k, v in result.get_counts(i).items()})
            for i in range(len(result.results))
        )
        cost = None
        if details.cost_estimate is not None and details.cost_estimate.estimated_total is not None:
            cost = Decimal(str(details.cost_estimate.estimated_total))
        return ProviderResult(
            circuits=circuits,
            cost=cost,
            started_at=details.begin_execution_time,
            finished_at=details.end_execution_time,
        )

    @_azure_call
    def cancel(self, provider_job_id: str) -> None:
        workspace = self._workspace()
        job = workspace.get_job(provider_job_id)
        if _word(job.details.status) in ("Waiting", "Executing"):
            workspace.cancel_job(job)

    def estimate_cost(self, backend: str, circuit: QuantumCircuit, shots: int) -> Decimal | None:
        """USD where the target is priced in USD (IonQ); None otherwise (Quantinuum bills HQC)."""
        estimate = azure_pricing.estimate(backend, circuit, shots)
        if estimate is None or estimate.currency != "USD":
            return None
        return estimate.amount


def _word(value: Any) -> str:
    """The service's own word for an SDK enum member (`JobStatus.WAITING` is "Waiting")."""
    return str(getattr(value, "value", value))


def _max_shots(backend: Any) -> int:
    configuration = getattr(backend, "configuration", None)
    found = getattr(configuration() if callable(configuration) else None, "max_shots", None)
    return int(found) if isinstance(found, int) and found > 0 else 10_000


def _basis_gates(backend: Any) -> tuple[str, ...]:
    config = getattr(backend, "_config", None)
    gates = getattr(config, "basis_gates", None) or sorted(getattr(backend, "operation_names", []))
    return tuple(str(g) for g in gates if g not in ("measure", "barrier", "reset", "delay"))


def configured_adapter(settings: Settings) -> AzureAdapter | None:
    """The adapter for the configured workspace; None when Azure Quantum is not configured."""
    if not settings.azure_resource_id or not settings.azure_location:
        return None
    resource_id, location = settings.azure_resource_id, settings.azure_location

    def workspace() -> Any:
        from azure.quantum import Workspace

        return Workspace(resource_id=resource_id, location=location)

    return AzureAdapter(workspace)
