"""A local HTTP server speaking the IBM Cloud IAM token call and the IBM Quantum runtime REST
routes the account client reads (`/jobs`, `/jobs/{id}`, `/jobs/{id}/results`,
`/jobs/{id}/metrics`).

Payload shapes follow the runtime OpenAPI (`{jobs, count, offset, limit}`; a job's `status`,
`state`, `backend`, `program`, `created`, `tags`, `params`). Params and results are encoded by
qiskit-ibm-runtime's own `RuntimeEncoder`, from real SamplerV2 runs in local testing mode on a
fake backend, so the client decodes exactly what the SDK would send and receive.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class FakeJob:
    id: str
    backend: str
    status: str  # IBM's word
    params: str  # RuntimeEncoder JSON
    result: str | None = None  # RuntimeEncoder JSON, once Completed
    created: datetime = field(default_factory=lambda: datetime.now(UTC) - timedelta(minutes=10))
    tags: list[str] = field(default_factory=list)


def sampler_job(
    job_id: str, *, status: str, shots: int = 200, backend: str = "fake_manila"
) -> FakeJob:
    """A Bell-circuit SamplerV2 job; Completed ones carry the real local-mode result."""
    from qiskit import QuantumCircuit, transpile
    from qiskit_ibm_runtime.fake_provider import FakeManilaV2
    from qiskit_ibm_runtime.json import RuntimeEncoder

    fake = FakeManilaV2()
    bell = QuantumCircuit(2)
    bell.h(0)
    bell.cx(0, 1)
    bell.measure_all()
    isa = transpile(bell, fake, seed_transpiler=7)
    params = json.dumps({"pubs": [(isa, None, shots)], "version": 2}, cls=RuntimeEncoder)
    job = FakeJob(id=job_id, backend=backend, status=status, params=params, tags=["bell"])
    if status == "Completed":
        job.result = _run(isa, shots)
    return job


def complete(job: FakeJob, shots: int = 200) -> None:
    """Finish a job as IBM would: run it (local testing mode) and store the encoded result."""
    from qiskit_ibm_runtime.json import RuntimeDecoder

    pub = json.loads(job.params, cls=RuntimeDecoder)["pubs"][0]
    job.result = _run(pub[0], shots)
    job.status = "Completed"


def _run(circuit: Any, shots: int) -> str:
    from qiskit_ibm_runtime import SamplerV2
    from qiskit_ibm_runtime.fake_provider import FakeManilaV2
    from qiskit_ibm_runtime.json import RuntimeEncoder

    result = SamplerV2(mode=FakeManilaV2()).run([circuit], shots=shots).result()
    return json.dumps(result, cls=RuntimeEncoder)


class IbmRuntimeServer:
    """Accounts by API key; each account's jobs; a log of every request's path and headers."""

    def __init__(self) -> None:
        self.jobs: dict[str, list[FakeJob]] = {}  # API key -> jobs
        self._bearers: dict[str, str] = {}  # bearer -> API key
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.down = False
        self.unreadable: set[str] = set()  # listed, but 404 when read (deleted meanwhile)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                server._record(self)
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                key = (form.get("apikey") or [""])[0]
                if urlparse(self.path).path != "/identity/token" or key not in server.jobs:
                    self._send(400, {"errorCode": "BXNIM0415E", "errorMessage": "bad key"})
                    return
                bearer = secrets.token_hex(16)
                server._bearers[bearer] = key
                self._send(
                    200, {"access_token": bearer, "token_type": "Bearer", "expires_in": 3600}
                )

            def do_GET(self) -> None:
                server._record(self)
                if server.down:
                    return self._send(503, {"errors": [{"message": "down"}]})
                bearer = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                key = server._bearers.get(bearer)
                if key is None:
                    return self._send(401, {"errors": [{"message": "unauthorized"}]})
                url = urlparse(self.path)
                parts = [p for p in url.path.split("/") if p][2:]  # after /api/v1
                jobs = server.jobs[key]
                if parts == ["jobs"]:
                    query = parse_qs(url.query)
                    limit = int((query.get("limit") or ["200"])[0])
                    offset = int((query.get("offset") or ["0"])[0])
                    page = [_summary(j) for j in jobs[offset : offset + limit]]
                    return self._send(
                        200, {"jobs": page, "count": len(jobs), "offset": offset, "limit": limit}
                    )
                job = next((j for j in jobs if parts and j.id == parts[1]), None)
                if job is None or job.id in server.unreadable:
                    return self._send(404, {"errors": [{"message": "Job not found"}]})
                if len(parts) == 2:
                    body = {**_summary(job), "params": json.loads(job.params)}
                    return self._send(200, body)
                if parts[2] == "results" and job.result is not None:
                    return self._send_text(200, job.result)
                if parts[2] == "metrics":
                    return self._send(200, _metrics(job))
                return self._send(404, {"errors": [{"message": "not found"}]})

            def _send(self, code: int, body: Any) -> None:
                self._send_text(code, json.dumps(body))

            def _send_text(self, code: int, text: str) -> None:
                data = text.encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    def _record(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests.append((handler.command, handler.path, dict(handler.headers.items())))

    def __enter__(self) -> IbmRuntimeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.shutdown()
        self._http.server_close()


def _summary(job: FakeJob) -> dict[str, Any]:
    state = job.status.split(" - ")[0]
    return {
        "id": job.id,
        "backend": job.backend,
        "status": job.status,
        "state": {"status": state, "reason": "Ran too long" if " - " in job.status else None},
        "program": {"id": "sampler"},
        "created": job.created.isoformat().replace("+00:00", "Z"),
        "tags": job.tags,
        "cost": 2,
        "private": True,
        "usage": {"quantum_seconds": 2, "seconds": 2} if job.result else {},
    }


def _metrics(job: FakeJob) -> dict[str, Any]:
    running = job.created + timedelta(minutes=5)
    finished = job.created + timedelta(minutes=6) if job.result else None
    return {
        "timestamps": {
            "created": job.created.isoformat(),
            "running": running.isoformat() if job.status != "Queued" else None,
            "finished": finished.isoformat() if finished else None,
        },
        "usage": {"quantum_seconds": 2, "seconds": 2},
        "qiskit_version": "qiskit_ibm_runtime-0.51.0,qiskit-2.6.2*",
    }
