"""A local HTTP server answering the Amazon Braket REST calls boto3 makes (SearchDevices,
GetDevice, CreateQuantumTask, GetQuantumTask, CancelQuantumTask) and the S3 GetObject that
reads a task's `results.json` (path-style: `/<bucket>/<key>`).

Bodies follow botocore's own service model for Braket; device capabilities are the Braket SDK's
`GateModelSimulatorDeviceCapabilities` model (from its state-vector simulator) and results are
the `GateModelTaskResult` model produced by running the task's OpenQASM program on the Braket
default simulator, so the adapter parses what the SDK defines.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

REGION = "us-east-1"


@dataclass
class FakeDevice:
    arn: str
    name: str
    provider: str
    type: str  # QPU or SIMULATOR
    status: str = "ONLINE"
    qubits: int = 25
    queue: int = 7


DEVICES = [
    FakeDevice(
        "arn:aws:braket:::device/quantum-simulator/amazon/sv1",
        "SV1",
        "Amazon Braket",
        "SIMULATOR",
        qubits=34,
        queue=0,
    ),
    FakeDevice("arn:aws:braket:us-east-1::device/qpu/ionq/Aria-1", "Aria-1", "IonQ", "QPU"),
    FakeDevice(
        "arn:aws:braket:us-west-1::device/qpu/rigetti/Ankaa-3",
        "Ankaa-3",
        "Rigetti",
        "QPU",
        status="OFFLINE",
        qubits=84,
    ),
]


class BraketAwsServer:
    def __init__(self, *, auto_run: float | None = None) -> None:
        # auto_run: a QUEUED task read this many seconds after its creation runs, as AWS would
        self.auto_run = auto_run
        self.devices = {d.arn: d for d in DEVICES}
        self.tasks: dict[str, dict[str, Any]] = {}
        self.objects: dict[str, bytes] = {}
        self.requests: list[tuple[str, str]] = []
        self.down = False
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _route(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server._handle(self, method, body)

            def do_GET(self) -> None:
                self._route("GET")

            def do_POST(self) -> None:
                self._route("POST")

            def do_PUT(self) -> None:
                self._route("PUT")

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    def __enter__(self) -> BraketAwsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.shutdown()
        self._http.server_close()

    def _handle(self, h: BaseHTTPRequestHandler, method: str, body: bytes) -> None:  # noqa: PLR0912
        url = urlparse(h.path)
        path = unquote(url.path)
        self.requests.append((method, path))
        if self.down:
            return _send(h, 503, {"message": "Service unavailable"})
        if method == "POST" and path == "/devices":
            return _send(h, 200, {"devices": [_summary(d) for d in self.devices.values()]})
        if method == "GET" and path.startswith("/device/"):
            device = self.devices.get(path.removeprefix("/device/"))
            if device is None:
                return _send(h, 404, {"message": "Device not found"}, "ResourceNotFoundException")
            return _send(h, 200, _device(device))
        if method == "POST" and path == "/quantum-task":
            return _send(h, 201, self._create(json.loads(body)))
        if path.startswith("/quantum-task/"):
            arn = path.removeprefix("/quantum-task/").removesuffix("/cancel")
            task = self.tasks.get(arn)
            if task is None:
                return _send(h, 404, {"message": "Task not found"}, "ResourceNotFoundException")
            if method == "PUT" and path.endswith("/cancel"):
                if task["status"] in ("CREATED", "QUEUED", "RUNNING"):
                    task["status"] = "CANCELLED"
                    task["endedAt"] = _now()
                return _send(h, 200, {"quantumTaskArn": arn, "cancellationStatus": "CANCELLING"})
            waited = time.monotonic() - task["_created"]
            if self.auto_run is not None and task["status"] == "QUEUED" and waited >= self.auto_run:
                self.run(arn)
            shown = {k: v for k, v in task.items() if not k.startswith("_")}
            asked = parse_qs(url.query).get("additionalAttributeNames", [])
            if "QueueInfo" in asked and task["status"] == "QUEUED":
                shown["queueInfo"] = {
                    "queue": "QUANTUM_TASKS_QUEUE",
                    "position": "3",
                    "queuePriority": "Normal",
                }
            return _send(h, 200, shown)
        if method == "GET":  # S3 GetObject, path-style
            data = self.objects.get(path)
            if data is None:
                return _send(h, 404, {"message": "NoSuchKey"}, "NoSuchKey")
            return _send_bytes(h, 200, data, "application/json")
        return _send(h, 404, {"message": f"no route {method} {path}"})

    def _create(self, request: dict[str, Any]) -> dict[str, Any]:
        for arn, task in self.tasks.items():  # clientToken: the same request is the same task
            if task["_token"] == request["clientToken"]:
                return {"quantumTaskArn": arn}
        task_id = str(uuid.uuid4())
        arn = f"arn:aws:braket:{REGION}:123456789012:quantum-task/{task_id}"
        self.tasks[arn] = {
            "quantumTaskArn": arn,
            "status": "QUEUED",
            "deviceArn": request["deviceArn"],
            "deviceParameters": request["deviceParameters"],
            "shots": request["shots"],
            "outputS3Bucket": request["outputS3Bucket"],
            "outputS3Directory": f"{request['outputS3KeyPrefix']}/{task_id}",
            "createdAt": _now(),
            "_token": request["clientToken"],
            "_action": json.loads(request["action"]),
            "_created": time.monotonic(),
        }
        return {"quantumTaskArn": arn}

    # ---- what a test does -------------------------------------------------------------------
    def start(self, arn: str) -> None:
        self.tasks[arn]["status"] = "RUNNING"

    def run(self, arn: str) -> None:
        """Run the task's OpenQASM program on the Braket default simulator; write results.json."""
        from braket.default_simulator import StateVectorSimulator
        from braket.ir.openqasm import Program

        task = self.tasks[arn]
        program = Program(source=task["_action"]["source"], inputs=task["_action"].get("inputs"))
        result = StateVectorSimulator().run(program, shots=task["shots"])
        key = f"/{task['outputS3Bucket']}/{task['outputS3Directory']}/results.json"
        self.objects[key] = result.json().encode()
        task.update(status="COMPLETED", endedAt=_now())

    def fail(self, arn: str, reason: str) -> None:
        self.tasks[arn].update(status="FAILED", failureReason=reason, endedAt=_now())


def _summary(device: FakeDevice) -> dict[str, Any]:
    return {
        "deviceArn": device.arn,
        "deviceName": device.name,
        "providerName": device.provider,
        "deviceType": device.type,
        "deviceStatus": device.status,
    }


def _device(device: FakeDevice) -> dict[str, Any]:
    from braket.default_simulator import StateVectorSimulator

    capabilities = json.loads(StateVectorSimulator().properties.json())
    capabilities["paradigm"]["qubitCount"] = device.qubits
    capabilities["service"]["shotsRange"] = [1, 50_000 if device.type == "QPU" else 100_000]
    return {
        **_summary(device),
        "deviceCapabilities": json.dumps(capabilities),
        "deviceQueueInfo": [
            {
                "queue": "QUANTUM_TASKS_QUEUE",
                "queueSize": str(device.queue),
                "queuePriority": "Normal",
            },
            {"queue": "QUANTUM_TASKS_QUEUE", "queueSize": "1", "queuePriority": "Priority"},
            {"queue": "JOBS_QUEUE", "queueSize": "0"},
        ],
    }


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _send(h: BaseHTTPRequestHandler, code: int, body: Any, error: str | None = None) -> None:
    headers = {"x-amzn-ErrorType": error} if error else {}
    _send_bytes(h, code, json.dumps(body).encode(), "application/json", headers)


def _send_bytes(
    h: BaseHTTPRequestHandler,
    code: int,
    data: bytes,
    content_type: str,
    headers: dict[str, str] | None = None,
) -> None:
    h.send_response(code)
    h.send_header("Content-Type", content_type)
    h.send_header("x-amzn-RequestId", str(uuid.uuid4()))
    for key, value in (headers or {}).items():
        h.send_header(key, value)
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    h.wfile.write(data)


def local_adapter(server: BraketAwsServer) -> Any:
    """The production `BraketAwsAdapter`, its boto3 clients pointed at this server."""
    import boto3

    from domain.providers.braket_aws import BraketAwsAdapter

    session = boto3.Session(
        aws_access_key_id="AKIDLOCAL", aws_secret_access_key="local-secret", region_name=REGION
    )
    return BraketAwsAdapter(
        session=session, bucket="qraph-results", prefix="tasks", endpoint_url=server.url
    )


@contextmanager
def contract_adapter() -> Iterator[tuple[Any, str]]:
    """For the provider contract suite: the adapter, and a device it may run a Bell circuit on.
    The local service runs each task half a second after it was created."""
    with BraketAwsServer(auto_run=0.5) as server:
        yield local_adapter(server), "braket_amazon-braket_sv1"
