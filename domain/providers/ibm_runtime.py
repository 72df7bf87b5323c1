"""IBM Quantum through qiskit-ibm-runtime: SamplerV2 jobs, polled like every remote job.

Live: `QRAPH_IBM_TOKEN`, `QRAPH_IBM_INSTANCE` and `QRAPH_IBM_CHANNEL` build a
`QiskitRuntimeService`; `list_backends` reports its backends with their real status, pending
jobs (`queue_length`) and calibration, and jobs run on them.

Local testing mode (`local_backends=...`): the same code with qiskit-ibm-runtime's fake backends
as the mode, where SamplerV2 runs on the fake device's noise model in this process. That is how
every offline test and benchmark exercises this adapter. Catalog names in local mode are the
fake backend's name prefixed with `LOCAL_PREFIX`, so they never collide with the snapshot
emulators (provider IBM_EMULATOR), which run the same snapshots in Qraph's own simulator.

One circuit is sent in job mode; several (a group of STANDARD jobs) in batch mode, as one
SamplerV2 job of many PUBs, each with its own shots. Quantum seconds come from `job.usage()`
(live); `actual_cost` is those seconds at `price_per_second`, split over the group by shots.
Every method blocks: call them on the SDK thread or in a child process.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from domain.backends.models import BackendStatus, Provider, Technology
from domain.providers.base import (
    BackendSpec,
    Capabilities,
    CircuitCounts,
    GateSpec,
    Pricing,
    ProviderJobState,
    ProviderJobStatus,
    ProviderResult,
    QubitSpec,
)

if TYPE_CHECKING:
    from qiskit import QuantumCircuit

LOCAL_PREFIX = "ibm_local_"
PRICE_PER_SECOND = Decimal("1.60")  # IBM's pay-as-you-go list rate: USD 96 a quantum minute
# Qraph's estimate before a run: about a quantum second per job plus 0.1 ms per shot.
PRICING = Pricing(per_task=PRICE_PER_SECOND, per_shot=PRICE_PER_SECOND / 10_000)
MAX_SHOTS = 100_000
MAX_CIRCUITS_PER_JOB = 300  # what IBM's Sampler takes in one job (PUBs), conservatively

_STATES = {
    "INITIALIZING": ProviderJobState.QUEUED,
    "QUEUED": ProviderJobState.QUEUED,
    "VALIDATING": ProviderJobState.QUEUED,
    "RUNNING": ProviderJobState.RUNNING,
    "DONE": ProviderJobState.DONE,
    "ERROR": ProviderJobState.FAILED,
    "CANCELLED": ProviderJobState.CANCELLED,
}


def _status_word(status: Any) -> str:
    """`job.status()` is a string live and a `JobStatus` enum in local mode."""
    return str(getattr(status, "name", status)).upper()


class IbmRuntimeAdapter:
    """The IBM Quantum execution adapter (live service, or local testing mode)."""

    provider = Provider.IBM_QUANTUM
    remote = True

    def __init__(
        self,
        *,
        token: str | None = None,
        instance: str | None = None,
        channel: str | None = None,
        local_backends: Sequence[str] | None = None,
        price_per_second: Decimal = PRICE_PER_SECOND,
    ) -> None:
        self._credentials = (token, instance, channel)
        self.local_backends = tuple(local_backends or ())
        self.price_per_second = price_per_second
        self._service: Any = None
        self._backends: dict[str, Any] = {}
        self._jobs: dict[str, Any] = {}  # local mode: jobs are not retrievable by id
        self._lock = threading.Lock()

    @property
    def local(self) -> bool:
        return bool(self.local_backends)

    def __repr__(self) -> str:  # never the token
        return f"IbmRuntimeAdapter(local={self.local})"

    # -- backends --------------------------------------------------------------------------
    def _service_or_none(self) -> Any:
        if self.local:
            return None
        if self._service is None:
            from qiskit_ibm_runtime import QiskitRuntimeService

            token, instance, channel = self._credentials
            self._service = QiskitRuntimeService(
                channel=channel or "ibm_quantum_platform", token=token, instance=instance
            )
        return self._service

    def _backend(self, name: str) -> Any:
        backend = self._backends.get(name)
        if backend is not None:
            return backend
        if self.local:
            if not name.startswith(LOCAL_PREFIX):
                raise ValueError(f"{name} is not an IBM local-mode backend")
            from qiskit_ibm_runtime.fake_provider import FakeProviderForBackendV2

            backend = FakeProviderForBackendV2().backend(name.removeprefix(LOCAL_PREFIX))
        else:
            backend = self._service_or_none().backend(name)
        self._backends[name] = backend
        return backend

    def handles(self, backend: str) -> bool:
        return backend.startswith(LOCAL_PREFIX) if self.local else True

    def list_backends(self) -> list[BackendSpec]:
        if self.local:
            names = [LOCAL_PREFIX + name for name in self.local_backends]
            return [self._spec(name, self._backend(name), None) for name in names]
        service = self._service_or_none()
        specs = []
        for backend in service.backends():
            self._backends[backend.name] = backend
            specs.append(self._spec(backend.name, backend, backend.status()))
        return specs

    def _spec(self, name: str, backend: Any, status: Any) -> BackendSpec:
        operational = True if status is None else bool(status.operational)
        target = backend.target
        coupling = target.build_coupling_map()
        edges = sorted({tuple(q) for q in coupling.get_edges()}) if coupling is not None else []
        operations = {str(op) for op in target.operation_names}
        dynamic = bool({"if_else", "for_loop", "while_loop", "switch_case"} & operations)
        return BackendSpec(
            name=name,
            provider=Provider.IBM_QUANTUM,
            technology=Technology.SUPERCONDUCTING,
            num_qubits=int(backend.num_qubits),
            basis_gates=tuple(
                sorted(operations - {"if_else", "for_loop", "while_loop", "switch_case", "delay"})
            ),
            simulator=False,
            status=BackendStatus.ONLINE if operational else BackendStatus.MAINTENANCE,
            status_reason=None if operational else str(getattr(status, "status_msg", "")),
            description=(
                f"IBM Quantum {backend.name} through qiskit-ibm-runtime"
                + (" (local testing mode: a fake backend in this process)." if self.local else ".")
            ),
            coupling_map=tuple((int(a), int(b)) for a, b in edges),
            processor_family=None,
            max_shots=MAX_SHOTS,
            pricing=PRICING,
            last_calibrated_at=_calibrated_at(backend),
            qubits=_qubits(target),
            gates=_gates(target),
            queue_length=int(getattr(status, "pending_jobs", 0) or 0) if status else 0,
            capabilities=Capabilities(
                mid_circuit_measurement=True,
                dynamic_circuits=dynamic,
                max_shots=MAX_SHOTS,
                max_circuits_per_job=MAX_CIRCUITS_PER_JOB,
            ),
        )

    # -- jobs ------------------------------------------------------------------------------
    def submit(self, backend: str, circuits: Sequence[tuple[QuantumCircuit, int]]) -> str:
        from qiskit.transpiler.preset_passmanagers import generate_preset_pass_manager
        from qiskit_ibm_runtime import Batch, SamplerV2

        device = self._backend(backend)
        manager = generate_preset_pass_manager(optimization_level=1, backend=device)
        pubs = [(manager.run(circuit), None, shots) for circuit, shots in circuits]
        with warnings.catch_warnings():
            # SamplerV2 and per-PUB shots are deprecated in 0.50 (still supported): the issue
            # names SamplerV2, and a group of jobs keeps each job's own shots.
            warnings.simplefilter("ignore", DeprecationWarning)
            if len(pubs) == 1:  # job mode: a HIGH job, alone and at once
                job = SamplerV2(mode=device).run(pubs)
            else:  # batch mode: a group of STANDARD jobs, one PUB each
                with Batch(backend=device) as batch:
                    job = SamplerV2(mode=batch).run(pubs)
        job_id = str(job.job_id())
        with self._lock:
            self._jobs[job_id] = job
        return job_id

    def _job(self, provider_job_id: str) -> Any:
        with self._lock:
            job = self._jobs.get(provider_job_id)
        if job is not None:
            return job
        service = self._service_or_none()
        if service is None:
            raise LookupError(f"local-mode job {provider_job_id} is not in this process")
        job = service.job(provider_job_id)
        with self._lock:
            self._jobs[provider_job_id] = job
        return job

    def status(self, provider_job_ids: Sequence[str]) -> dict[str, ProviderJobStatus]:
        statuses: dict[str, ProviderJobStatus] = {}
        for job_id in provider_job_ids:
            try:
                job = self._job(job_id)
            except LookupError as lost:
                statuses[job_id] = ProviderJobStatus(
                    ProviderJobState.FAILED, "UNKNOWN", error=str(lost)
                )
                continue
            word = _status_word(job.status())
            state = _STATES.get(word, ProviderJobState.RUNNING)
            message = None
            if state is ProviderJobState.FAILED:
                message = str(getattr(job, "error_message", lambda: None)() or word)
            statuses[job_id] = ProviderJobStatus(state, word, error=message)
        return statuses

    def result(self, provider_job_id: str) -> ProviderResult:
        job = self._job(provider_job_id)
        primitive = job.result()
        circuits = tuple(
            CircuitCounts(counts={str(k): int(v) for k, v in pub.join_data().get_counts().items()})
            for pub in primitive
        )
        seconds = None
        try:
            usage = job.usage()
            seconds = float(usage) if usage else None
        except Exception:  # local mode and older servers report none
            seconds = None
        started = finished = None
        try:
            stamps = (job.metrics() or {}).get("timestamps") or {}
            started, finished = stamps.get("running"), stamps.get("finished")
        except Exception:
            pass
        cost = None
        if seconds is not None:
            cost = (Decimal(str(seconds)) * self.price_per_second).quantize(Decimal("0.000001"))
        return ProviderResult(
            circuits=circuits,
            quantum_seconds=seconds,
            cost=cost,
            started_at=_parse(started),
            finished_at=_parse(finished),
        )

    def cancel(self, provider_job_id: str) -> None:
        job = self._job(provider_job_id)
        if _status_word(job.status()) in {"DONE", "ERROR", "CANCELLED"}:
            return
        job.cancel()

    def estimate_cost(self, backend: str, circuit: QuantumCircuit, shots: int) -> Decimal | None:
        """IBM has no price before a run; Qraph's estimate (`PRICING`) applies."""
        return None


_CALIBRATED_GATES = ("sx", "x", "cx", "ecr", "cz")


def _calibrated_at(backend: Any) -> Any:
    try:
        properties = backend.properties()
    except Exception:  # a backend without properties (simulators)
        return None
    return getattr(properties, "last_update_date", None) if properties is not None else None


def _qubits(target: Any) -> tuple[QubitSpec, ...]:
    """T1, T2, frequency and readout error per qubit, from the backend's target."""
    found = []
    measure = target["measure"] if "measure" in target.operation_names else {}
    for index, props in enumerate(target.qubit_properties or ()):
        readout = measure.get((index,)) if measure else None
        found.append(
            QubitSpec(
                qubit=index,
                t1_us=props.t1 * 1e6 if props and props.t1 is not None else None,
                t2_us=props.t2 * 1e6 if props and props.t2 is not None else None,
                frequency_ghz=props.frequency / 1e9 if props and props.frequency else None,
                readout_error=readout.error if readout is not None else None,
                readout_length_ns=readout.duration * 1e9
                if readout is not None and readout.duration
                else None,
            )
        )
    return tuple(found)


def _gates(target: Any) -> tuple[GateSpec, ...]:
    """Error and duration of the native one- and two-qubit gates on each qubit tuple."""
    found = []
    for gate in _CALIBRATED_GATES:
        if gate not in target.operation_names:
            continue
        for qargs, props in target[gate].items():
            if qargs is None or props is None:
                continue
            found.append(
                GateSpec(
                    gate=gate,
                    qubits=tuple(int(q) for q in qargs),
                    error=props.error,
                    duration_ns=props.duration * 1e9 if props.duration else None,
                )
            )
    return tuple(found)


def _parse(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "tzinfo"):
        return value
    from datetime import datetime

    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
