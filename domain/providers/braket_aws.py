"""The Amazon Braket adapter for AWS devices (QPUs and managed simulators).

Circuits are converted from Qiskit by qiskit-braket-provider and sent as OpenQASM 3 programs
(`braket.ir.openqasm.program`) with boto3's Braket client: CreateQuantumTask (idempotent through
`clientToken`), GetQuantumTask, CancelQuantumTask, SearchDevices and GetDevice. Results are read
from the task's S3 output (`results.json`) and parsed with the Braket SDK's own result model.
Enabled when `QRAPH_BRAKET_REGION` and `QRAPH_BRAKET_S3_BUCKET` are set and boto3 finds AWS
credentials (its usual chain: environment, profile, instance role). Every method blocks: call it
on the SDK thread.

Exercised offline only (tests/integration/test_braket_aws_adapter.py): against a local server
that answers those Braket and S3 REST calls. Never against AWS from here.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from domain.backends.models import BackendStatus, Provider, Technology
from domain.errors import ProviderUnavailable
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

_STATES = {
    "CREATED": ProviderJobState.QUEUED,
    "QUEUED": ProviderJobState.QUEUED,
    "RUNNING": ProviderJobState.RUNNING,
    "CANCELLING": ProviderJobState.RUNNING,  # not final: the task may still complete
    "COMPLETED": ProviderJobState.DONE,
    "FAILED": ProviderJobState.FAILED,
    "CANCELLED": ProviderJobState.CANCELLED,
}
_DEVICE_STATUS = {
    "ONLINE": BackendStatus.ONLINE,
    "OFFLINE": BackendStatus.OFFLINE,
    "RETIRED": BackendStatus.RETIRED,
}
_TECHNOLOGY = {
    "ionq": Technology.TRAPPED_ION,
    "aqt": Technology.TRAPPED_ION,
    "rigetti": Technology.SUPERCONDUCTING,
    "iqm": Technology.SUPERCONDUCTING,
    "oqc": Technology.SUPERCONDUCTING,
}
# Braket's published QPU prices: per task plus per shot (USD). Simulators bill per minute.
PER_TASK = Decimal("0.30")
PER_SHOT: dict[str, Decimal] = {
    "ionq/aria-1": Decimal("0.03"),
    "ionq/aria-2": Decimal("0.03"),
    "ionq/forte-1": Decimal("0.08"),
    "rigetti/ankaa-3": Decimal("0.00090"),
    "iqm/garnet": Decimal("0.00145"),
}
OPENQASM_ACTION = "braket.ir.openqasm.program"


@dataclass(frozen=True, slots=True)
class Device:
    arn: str
    name: str  # Qraph's backend name: `braket_<provider>_<device>`
    provider_name: str
    device_name: str
    device_type: str  # QPU or SIMULATOR
    status: str
    capabilities: dict[str, Any]
    queue_size: int | None


def _braket_call(method: Callable[..., Any]) -> Callable[..., Any]:
    """boto3's connection, HTTP and credential failures as ProviderUnavailable."""

    def call(*args: Any, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return method(*args, **kwargs)
        except (BotoCoreError, ClientError) as error:
            raise ProviderUnavailable(
                f"Amazon Braket could not be reached ({type(error).__name__}).",
                provider=Provider.BRAKET,
            ) from error

    call.__name__, call.__doc__ = method.__name__, method.__doc__
    return call


def backend_name(provider_name: str, device_name: str) -> str:
    """`braket_ionq_aria-1`, `braket_amazon-braket_sv1`: unique beside the local simulators."""
    slug = "-".join(provider_name.lower().split())
    return f"braket_{slug}_{device_name.lower()}"[:100]


class BraketAwsAdapter:
    """`ExecutionAdapter` over Braket on AWS, with boto3 clients built from one session. Every
    call raises ProviderUnavailable when Braket or S3 cannot be reached."""

    provider = Provider.BRAKET
    remote = True
    max_circuits_per_job = 1  # one quantum task per circuit

    def __init__(
        self,
        *,
        session: Any,
        bucket: str,
        prefix: str = "qraph",
        endpoint_url: str | None = None,
    ) -> None:
        from botocore.config import Config

        config = Config(retries={"max_attempts": 3, "mode": "standard"})
        self._region: str | None = getattr(session, "region_name", None)
        self._braket = session.client("braket", endpoint_url=endpoint_url, config=config)
        s3_config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3})
        self._s3 = session.client("s3", endpoint_url=endpoint_url, config=s3_config)
        self._bucket = bucket
        self._prefix = prefix.strip("/")
        self._devices: dict[str, Device] = {}
        self._lock = threading.Lock()

    @_braket_call
    def devices(self) -> list[Device]:
        """Gate-model devices, each read in full (capabilities and queue)."""
        found = []
        token: str | None = None
        while True:
            page = self._braket.search_devices(
                filters=[], **({"nextToken": token} if token else {})
            )
            found.extend(page.get("devices", []))
            token = page.get("nextToken")
            if not token:
                break
        devices = []
        for summary in found:
            full = self._braket.get_device(deviceArn=summary["deviceArn"])
            capabilities = json.loads(full.get("deviceCapabilities") or "{}")
            if OPENQASM_ACTION not in (capabilities.get("action") or {}):
                continue  # annealers and analog Hamiltonian devices: not gate model
            queue = next(
                (
                    int(q["queueSize"])
                    for q in full.get("deviceQueueInfo") or []
                    if q.get("queue") == "QUANTUM_TASKS_QUEUE"
                    and q.get("queuePriority", "Normal") == "Normal"
                ),
                None,
            )
            devices.append(
                Device(
                    arn=full["deviceArn"],
                    name=backend_name(full["providerName"], full["deviceName"]),
                    provider_name=full["providerName"],
                    device_name=full["deviceName"],
                    device_type=full["deviceType"],
                    status=full["deviceStatus"],
                    capabilities=capabilities,
                    queue_size=queue,
                )
            )
        with self._lock:
            self._devices = {d.name: d for d in devices}
        return devices

    @_braket_call
    def list_backends(self) -> list[BackendSpec]:
        specs = []
        for device in self.devices():
            simulator = device.device_type == "SIMULATOR"
            caps = device.capabilities
            action = caps["action"][OPENQASM_ACTION]
            shots = (caps.get("service") or {}).get("shotsRange") or [1, 100_000]
            specs.append(
                BackendSpec(
                    name=device.name,
                    provider=Provider.BRAKET,
                    technology=Technology.SIMULATOR
                    if simulator
                    else _TECHNOLOGY.get(device.provider_name.lower(), Technology.SUPERCONDUCTING),
                    num_qubits=int((caps.get("paradigm") or {}).get("qubitCount") or 0),
                    basis_gates=tuple(
                        str(g).lower() for g in action.get("supportedOperations") or ()
                    ),
                    simulator=simulator,
                    status=_DEVICE_STATUS.get(device.status, BackendStatus.OFFLINE),
                    description=f"{device.provider_name} {device.device_name} on Amazon Braket.",
                    max_shots=int(shots[1]),
                    processor_family=device.provider_name,
                    queue_length=device.queue_size,
                    region=self._region,
                    capabilities=Capabilities(
                        mid_circuit_measurement=False,  # OpenQASM tasks measure at the end
                        dynamic_circuits=False,
                        max_shots=int(shots[1]),
                        max_circuits_per_job=1,  # one circuit per quantum task
                    ),
                )
            )
        return specs

    def _device(self, name: str) -> Device:
        with self._lock:
            device = self._devices.get(name)
        if device is None:
            self.devices()
            with self._lock:
                device = self._devices.get(name)
        if device is None:
            raise ValueError(f"No Braket device is called {name}.")
        return device

    def program(self, circuit: QuantumCircuit) -> dict[str, Any]:
        """The OpenQASM 3 action Braket runs, converted by qiskit-braket-provider."""
        from braket.circuits.serialization import IRType
        from qiskit_braket_provider.providers.adapter import to_braket

        return json.loads(to_braket(circuit).to_ir(IRType.OPENQASM).json())

    @_braket_call
    def submit(self, backend: str, circuits: Sequence[tuple[QuantumCircuit, int]]) -> str:
        if len(circuits) != 1:
            raise ValueError("Braket takes one circuit per quantum task.")
        circuit, shots = circuits[0]
        device = self._device(backend)
        task = self._braket.create_quantum_task(
            clientToken=str(uuid.uuid4()),
            deviceArn=device.arn,
            action=json.dumps(self.program(circuit)),
            deviceParameters=json.dumps(_parameters(device, circuit.num_qubits)),
            outputS3Bucket=self._bucket,
            outputS3KeyPrefix=self._prefix,
            shots=shots,
        )
        return str(task["quantumTaskArn"])

    @_braket_call
    def status(self, provider_job_ids: Sequence[str]) -> dict[str, ProviderJobStatus]:
        found = {}
        for arn in provider_job_ids:
            task = self._braket.get_quantum_task(
                quantumTaskArn=arn, additionalAttributeNames=["QueueInfo"]
            )
            word = str(task["status"])
            position = (task.get("queueInfo") or {}).get("position")
            found[arn] = ProviderJobStatus(
                _STATES.get(word, ProviderJobState.QUEUED),
                word,
                queue_position=int(position) if position and str(position).isdigit() else None,
                error=task.get("failureReason"),
            )
        return found

    @_braket_call
    def result(self, provider_job_id: str) -> ProviderResult:
        from braket.tasks import GateModelQuantumTaskResult

        task = self._braket.get_quantum_task(quantumTaskArn=provider_job_id)
        if task["status"] != "COMPLETED":
            error = task.get("failureReason") or task["status"]
            return ProviderResult(circuits=(CircuitCounts(None, error),))
        body = self._s3.get_object(
            Bucket=task["outputS3Bucket"], Key=f"{task['outputS3Directory']}/results.json"
        )["Body"].read()
        parsed = GateModelQuantumTaskResult.from_string(body.decode())
        # Braket's bitstrings read qubit 0 first; Qiskit's read it last.
        counts = {str(k)[::-1]: int(v) for k, v in parsed.measurement_counts.items()}
        return ProviderResult(
            circuits=(CircuitCounts(counts),),
            started_at=_when(task.get("createdAt")),
            finished_at=_when(task.get("endedAt")),
        )

    @_braket_call
    def cancel(self, provider_job_id: str) -> None:
        task = self._braket.get_quantum_task(quantumTaskArn=provider_job_id)
        if task["status"] in ("CREATED", "QUEUED", "RUNNING"):
            self._braket.cancel_quantum_task(
                quantumTaskArn=provider_job_id, clientToken=str(uuid.uuid4())
            )

    def estimate_cost(self, backend: str, circuit: QuantumCircuit, shots: int) -> Decimal | None:
        """Per task plus per shot for the QPUs with a published price; None otherwise."""
        device = self._device(backend)
        per_shot = PER_SHOT.get(f"{device.provider_name.lower()}/{device.device_name.lower()}")
        if per_shot is None:
            return None
        return PER_TASK + per_shot * shots

    def queue_length(self, backend: str) -> int | None:
        """The device's normal-priority task queue, as Braket last reported it."""
        return self._device(backend).queue_size


def _parameters(device: Device, qubits: int) -> dict[str, Any]:
    paradigm = {
        "braketSchemaHeader": {
            "name": "braket.device_schema.gate_model_parameters",
            "version": "1",
        },
        "qubitCount": qubits,
        "disableQubitRewiring": False,
    }
    if device.device_type == "SIMULATOR":
        schema = "braket.device_schema.simulators.gate_model_simulator_device_parameters"
    else:
        vendor = device.provider_name.lower()
        schema = f"braket.device_schema.{vendor}.{vendor}_device_parameters"
    return {"braketSchemaHeader": {"name": schema, "version": "1"}, "paradigmParameters": paradigm}


def _when(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


def configured_adapter(settings: Settings) -> BraketAwsAdapter | None:
    """The adapter when a region, a results bucket and AWS credentials are all present."""
    if not settings.braket_region or not settings.braket_s3_bucket:
        return None
    import boto3

    session = boto3.Session(region_name=settings.braket_region)
    if session.get_credentials() is None:
        return None
    return BraketAwsAdapter(
        session=session,
        bucket=settings.braket_s3_bucket,
        prefix=settings.braket_s3_prefix,
        endpoint_url=settings.braket_endpoint_url,
    )
