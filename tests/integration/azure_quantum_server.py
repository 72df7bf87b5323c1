"""A local HTTP server answering the Azure Quantum data-plane REST calls the azure-quantum SDK
makes (`providerStatus`, `storage/sasUri`, `jobs/{id}` PUT/GET, `jobs/{id}:cancel`), plus the
few Blob Storage calls its storage helper makes (create container, put blob, get blob).

Every JSON body is built from the SDK's own generated models (`azure.quantum._client.models`,
serialised with their `as_dict()`), so the shapes are those the SDK itself parses. The server
"runs" a job by sampling the circuit's ideal distribution with Qiskit's reference sampler when a
test calls `finish`, and writes the output blob in the target family's result format.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlparse

ACCOUNT = "devstoreaccount1"
WORKSPACE = re.compile(
    r"^/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)/providers/Microsoft\.Quantum/"
    r"workspaces/(?P<ws>[^/]+)/(?P<rest>.*)$"
)


class AzureQuantumServer:
    def __init__(
        self,
        targets: dict[str, list[tuple[str, str, int]]] | None = None,
        *,
        auto_run: float | None = None,
    ) -> None:
        # auto_run: a Waiting job read this many seconds after it was created runs (run_qir),
        # as the service would; None: a test moves jobs on itself (start/finish/fail).
        self.auto_run = auto_run
        # provider id -> [(target id, availability, average queue seconds)]
        self.targets = targets or {
            "ionq": [("ionq.simulator", "Available", 3), ("ionq.qpu.aria-1", "Degraded", 3600)],
            "quantinuum": [("quantinuum.sim.h2-1sc", "Available", 10)],
            "rigetti": [("rigetti.sim.qvm", "Available", 5)],
        }
        self.jobs: dict[str, dict[str, Any]] = {}
        self.created: dict[str, float] = {}
        self.blobs: dict[str, bytes] = {}
        self.requests: list[tuple[str, str]] = []
        self.down = False
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def do_GET(self) -> None:
                server._handle(self, "GET", b"")

            def do_HEAD(self) -> None:
                server._handle(self, "HEAD", b"")

            def do_PUT(self) -> None:
                server._handle(self, "PUT", self._body())

            def do_POST(self) -> None:
                server._handle(self, "POST", self._body())

            def do_DELETE(self) -> None:
                server._handle(self, "DELETE", b"")

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}/"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    def __enter__(self) -> AzureQuantumServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.shutdown()
        self._http.server_close()

    # ---- routing -------------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler, method: str, body: bytes) -> None:
        url = urlparse(h.path)
        self.requests.append((method, url.path))
        if self.down:
            return _send(h, 503, {"error": {"code": "ServiceUnavailable", "message": "down"}})
        match = WORKSPACE.match(url.path)
        if match is None:
            return self._blob(h, method, url.path, body)
        rest = match["rest"]
        if rest == "providerStatus" and method == "GET":
            return _send(h, 200, {"value": self._provider_status(), "nextLink": None})
        if rest == "storage/sasUri" and method == "POST":
            from azure.quantum._client.models import SasUriResponse

            request = json.loads(body or b"{}")
            container = request.get("containerName") or "jobs"
            # Path-style blob URLs (as Azurite serves them): /<account>/<container>/<blob>.
            sas = f"{self.url}{ACCOUNT}/{container}?sv=2023-01-03&sig=local"
            if request.get("blobName"):
                sas = (
                    f"{self.url}{ACCOUNT}/{container}/{request['blobName']}?sv=2023-01-03&sig=local"
                )
            return _send(h, 200, SasUriResponse(sas_uri=sas).as_dict())
        jobs = re.fullmatch(r"jobs/(?P<id>[^/:]+)(?P<cancel>:cancel)?", rest)
        if jobs is not None:
            return self._job(h, method, jobs["id"], bool(jobs["cancel"]), body)
        return _send(h, 404, {"error": {"code": "NotFound", "message": rest}})

    def _provider_status(self) -> list[dict[str, Any]]:
        from azure.quantum._client.models import ProviderStatus, TargetStatus

        return [
            ProviderStatus(
                id=provider,
                current_availability="Available",
                targets=[
                    TargetStatus(
                        id=t, current_availability=a, average_queue_time=q, status_page=None
                    )
                    for t, a, q in targets
                ],
            ).as_dict()
            for provider, targets in self.targets.items()
        ]

    def _job(
        self, h: BaseHTTPRequestHandler, method: str, job_id: str, cancel: bool, body: bytes
    ) -> None:
        from azure.quantum._client.models import JobDetails

        if method == "PUT":
            sent = json.loads(body)
            sent.update(
                {
                    "id": job_id,
                    "status": "Waiting",
                    "creationTime": _now(),
                    "itemType": "Job",
                    "outputDataUri": f"{self.url}{ACCOUNT}/job-{job_id}/rawOutputData",
                }
            )
            self.jobs[job_id] = JobDetails(sent).as_dict()
            self.created[job_id] = time.monotonic()
            return _send(h, 201, self.jobs[job_id])
        job = self.jobs.get(job_id)
        if job is None:
            return _send(h, 404, {"error": {"code": "JobNotFound", "message": job_id}})
        if cancel and method == "POST":
            if job["status"] in ("Waiting", "Executing"):
                job.update(status="Cancelled", cancellationTime=_now(), endExecutionTime=_now())
            return _send(h, 200, job)
        if method == "DELETE":
            job.update(status="Cancelled", cancellationTime=_now())
            return _send(h, 204, None)
        waited = time.monotonic() - self.created[job_id]
        if self.auto_run is not None and job["status"] == "Waiting" and waited >= self.auto_run:
            run_job(self, job_id)
        return _send(h, 200, job)

    def _blob(self, h: BaseHTTPRequestHandler, method: str, path: str, body: bytes) -> None:
        if method == "PUT" and "restype=container" in urlparse(h.path).query:
            return _send(h, 201, None, _blob_headers())
        if method == "PUT":
            self.blobs[path] = body
            return _send(h, 201, None, _blob_headers())
        data = self.blobs.get(path)
        if data is None:
            return _send(
                h, 404, None, {"x-ms-error-code": "BlobNotFound", "x-ms-version": "2023-01-03"}
            )
        headers = _blob_headers() | {
            "Content-Type": "application/json",
            "x-ms-blob-type": "BlockBlob",
            "Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}",
        }
        _send_bytes(
            h, 200 if "range" not in h.headers else 206, data, headers, head=method == "HEAD"
        )
        return None

    # ---- what a test does --------------------------------------------------------------------
    def input_of(self, job_id: str) -> bytes:
        job = self.jobs[job_id]
        path = urlparse(job["inputDataUri"]).path
        return self.blobs[path]

    def start(self, job_id: str) -> None:
        self.jobs[job_id].update(status="Executing", beginExecutionTime=_now())

    def finish(self, job_id: str, output: dict[str, Any] | list[Any]) -> None:
        """Write the output blob and mark the job Succeeded, as the service does."""
        job = self.jobs[job_id]
        self.blobs[urlparse(job["outputDataUri"]).path] = json.dumps(output).encode()
        job.update(status="Succeeded", endExecutionTime=_now())

    def fail(self, job_id: str, message: str) -> None:
        job = self.jobs[job_id]
        job.update(
            status="Failed",
            endExecutionTime=_now(),
            errorData={"code": "ExecutionFailed", "message": message},
        )


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _blob_headers() -> dict[str, str]:
    return {
        "ETag": '"0x8DC0000000000000"',
        "Last-Modified": "Sun, 06 Dec 2026 23:00:00 GMT",
        "x-ms-version": "2023-01-03",
        "x-ms-request-server-encrypted": "true",
    }


def _send(
    h: BaseHTTPRequestHandler, code: int, body: Any, headers: dict[str, str] | None = None
) -> None:
    data = b"" if body is None else json.dumps(body).encode()
    _send_bytes(h, code, data, {"Content-Type": "application/json"} | (headers or {}))


def _send_bytes(
    h: BaseHTTPRequestHandler, code: int, data: bytes, headers: dict[str, str], head: bool = False
) -> None:
    h.send_response(code)
    for key, value in headers.items():
        h.send_header(key, value)
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    if data and not head:
        h.wfile.write(data)


# ---- running QIR, for tests that want the "service" to execute jobs itself ----------------
_CALL = re.compile(r"call \S+ @__quantum__(qis|rt)__(\w+?)(?:__body)?\((.*)\)")
_QUBIT = re.compile(r"%(?:Qubit|Result)\* (?:null|inttoptr \(i64 (\d+) to %(?:Qubit|Result)\*\))")
_DOUBLE = re.compile(r"double ([-+0-9.eE]+)")


def run_qir(program: bytes, shots: int, seed: int = 7) -> dict[str, Any]:
    """Execute a base-profile QIR program by rebuilding it as a Qiskit circuit and sampling its
    statevector; the output blob in `microsoft.quantum-results.v2`, registers as recorded."""
    import pyqir
    from qiskit import QuantumCircuit
    from qiskit.primitives import StatevectorSampler

    if program.startswith(b"BC"):
        text = str(pyqir.Module.from_bitcode(pyqir.Context(), program))
    else:  # the SDK uploads QIR as LLVM text
        text = program.decode()
    calls = [m.groups() for m in _CALL.finditer(text)]
    indices = [int(i or 0) for _, _, args in calls for i in _QUBIT.findall(args)]
    width = max(indices, default=0) + 1
    circuit = QuantumCircuit(width, width)
    registers: list[list[int]] = []  # the recorded output: a list per array, of result ids
    for kind, name, args in calls:
        ids = [int(i or 0) for i in _QUBIT.findall(args)]
        angles = [float(a) for a in _DOUBLE.findall(args)]
        if kind == "qis" and name in ("m", "mz", "mresetz"):
            circuit.measure(ids[0], ids[1])
        elif kind == "qis" and name in ("cnot", "cx"):
            circuit.cx(ids[0], ids[1])
        elif kind == "qis" and name in ("h", "x", "y", "z", "s", "t", "sdg", "tdg", "cz", "swap"):
            getattr(circuit, name)(*ids)
        elif kind == "qis" and name in ("rx", "ry", "rz"):
            getattr(circuit, name)(angles[0], ids[0])
        elif kind == "qis" and name.endswith("__adj") and name[:-5] in ("s", "t"):
            getattr(circuit, name[:-5] + "dg")(ids[0])
        elif kind == "rt" and name == "array_record_output":
            registers.append([])
        elif kind == "rt" and name == "result_record_output":
            if not registers:
                registers.append([])
            registers[-1].append(ids[0])
    bits = StatevectorSampler(seed=seed).run([circuit], shots=shots).result()[0].data.c
    outcomes: dict[str, tuple[list[list[int]], int]] = {}
    shot_list = []
    for row in bits.array:
        value = int.from_bytes(bytes(row), "big")
        outcome = [[(value >> r) & 1 for r in register] for register in registers]
        shape: Any = outcome[0] if len(outcome) == 1 else tuple(outcome)
        display = str(shape)
        count = outcomes.get(display, (shape, 0))[1]
        outcomes[display] = (shape, count + 1)
        shot_list.append(shape)
    histogram = [
        {"Outcome": shape, "Display": display, "Count": count}
        for display, (shape, count) in outcomes.items()
    ]
    return {
        "DataFormat": "microsoft.quantum-results.v2",
        "Results": [{"Histogram": histogram, "Shots": shot_list}],
    }


def run_job(server: AzureQuantumServer, job_id: str) -> None:
    """What the service does for a job: run its QIR input and write the output."""
    job = server.jobs[job_id]
    shots = int((job.get("inputParams") or {}).get("shots") or 100)
    server.start(job_id)
    server.finish(job_id, run_qir(server.input_of(job_id), shots))


def local_adapter(server: AzureQuantumServer) -> Any:
    """The production `AzureAdapter`, its workspace pointed at this server (API-key auth)."""
    from azure.core.credentials import AzureKeyCredential
    from azure.quantum import Workspace

    from domain.providers.azure import AzureAdapter

    def workspace() -> Any:
        return Workspace(
            subscription_id="00000000-0000-0000-0000-000000000000",
            resource_group="qraph-tests",
            name="qraph-local",
            location="eastus",
            credential=AzureKeyCredential("local-key"),
            _quantum_endpoint=server.url,
        )

    return AzureAdapter(workspace)


@contextmanager
def contract_adapter() -> Iterator[tuple[Any, str]]:
    """For the provider contract suite: the adapter, and a target it may run a Bell circuit on.
    The local service runs each job half a second after it was submitted."""
    with AzureQuantumServer(auto_run=0.5) as server:
        yield local_adapter(server), "ionq.simulator"
