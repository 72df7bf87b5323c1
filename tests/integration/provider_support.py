"""A remote provider's stand-in for lifecycle tests: held QUEUED, made unreachable, brought back.

`StandInProvider` is a real `ExecutionAdapter` (remote) whose "provider" lives in this process:
`submit` stores the circuits and returns an id; jobs stay QUEUED while `hold` is set; once
released, `result` runs the circuits on Aer (Qraph's own runner), so counts are real. Setting
`reachable = False` makes every call raise ConnectionError, as a provider that is down would.
It counts every call, so tests can say what reached the provider and how often.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from domain.backends.models import Backend, BackendStatus, Provider, Technology
from domain.execution import Outcome, runner
from domain.providers.base import (
    BackendSpec,
    CircuitCounts,
    Pricing,
    ProviderJobState,
    ProviderJobStatus,
    ProviderResult,
)

STANDIN_BACKEND = "standin_qpu"
STANDIN_PROVIDER = Provider.IBM_QUANTUM


@dataclass(frozen=True, slots=True)
class _AerRow:
    name: str = "aer_simulator"
    provider: str = "AER"
    num_qubits: int = 30
    simulation_method: str | None = None


@dataclass(slots=True)
class _Job:
    circuits: list[tuple[Any, int]]
    state: ProviderJobState = ProviderJobState.QUEUED
    result: ProviderResult | None = None


@dataclass
class StandInProvider:
    provider: Provider = STANDIN_PROVIDER
    remote: bool = True
    hold: bool = True
    reachable: bool = True
    refuse: bool = False  # submit refuses the circuits themselves (ValueError)
    seconds_per_shot: float = 0.001
    jobs: dict[str, _Job] = field(default_factory=dict)
    calls: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _call(self, name: str) -> None:
        self.calls[name] += 1
        if not self.reachable:
            raise ConnectionError("stand-in provider unreachable")

    def handles(self, backend: str) -> bool:
        return backend.startswith("standin_")

    def list_backends(self) -> list[BackendSpec]:
        self._call("list_backends")
        return [spec()]

    def submit(self, backend: str, circuits: Sequence[tuple[Any, int]]) -> str:
        self._call("submit")
        if self.refuse:
            raise ValueError("the stand-in refuses these circuits")
        job_id = f"standin-{uuid.uuid4()}"
        with self._lock:
            self.jobs[job_id] = _Job(list(circuits))
        return job_id

    def status(self, provider_job_ids: Sequence[str]) -> dict[str, ProviderJobStatus]:
        self._call("status")
        out = {}
        with self._lock:
            for job_id in provider_job_ids:
                job = self.jobs[job_id]
                if job.state is ProviderJobState.QUEUED and not self.hold:
                    job.state = ProviderJobState.DONE
                out[job_id] = ProviderJobStatus(
                    job.state, {"QUEUED": "Waiting", "DONE": "Succeeded"}.get(job.state, job.state)
                )
        return out

    def result(self, provider_job_id: str) -> ProviderResult:
        self._call("result")
        job = self.jobs[provider_job_id]
        if job.result is None:
            outcomes = runner.run_many(_AerRow(), job.circuits)
            shots = sum(s for _, s in job.circuits)
            job.result = ProviderResult(
                circuits=tuple(
                    CircuitCounts(o.counts if isinstance(o, Outcome) else None) for o in outcomes
                ),
                quantum_seconds=shots * self.seconds_per_shot,
                cost=Decimal(shots) * Decimal("0.01"),
                started_at=datetime.now(UTC),
                finished_at=datetime.now(UTC),
            )
        return job.result

    def cancel(self, provider_job_id: str) -> None:
        self._call("cancel")
        with self._lock:
            job = self.jobs[provider_job_id]
            if job.state in (ProviderJobState.QUEUED, ProviderJobState.RUNNING):
                job.state = ProviderJobState.CANCELLED

    def estimate_cost(self, backend: str, circuit: Any, shots: int) -> Decimal | None:
        return Decimal(shots) * Decimal("0.01")


def spec() -> BackendSpec:
    return BackendSpec(
        name=STANDIN_BACKEND,
        provider=STANDIN_PROVIDER,
        technology=Technology.SUPERCONDUCTING,
        num_qubits=5,
        basis_gates=("cx", "h", "measure", "rz", "sx", "x"),
        simulator=False,
        status=BackendStatus.ONLINE,
        description="A remote provider's stand-in (tests only).",
        pricing=Pricing(per_task=Decimal("0.5"), per_shot=Decimal("0.001")),
        queue_length=3,
        region="test-region-1",
    )


async def add_backend(sessionmaker: Any, backend: BackendSpec | None = None) -> int:
    """Put a backend row in the catalog (as the catalog sync would) and return its id."""
    from domain.backends.sync import _row

    row = _row(backend or spec(), datetime.now(UTC))
    async with sessionmaker() as session, session.begin():
        await session.execute(pg_insert(Backend).values(**row).on_conflict_do_nothing())
        return int(
            (
                await session.execute(select(Backend.id).where(Backend.name == row["name"]))
            ).scalar_one()
        )


class FileStandIn(StandInProvider):
    """The stand-in with its provider-side state in a directory, shared across processes: a
    worker process can submit, be killed, and another process's poller still finds the job.
    `hold` is a file too (`<dir>/hold`): present, jobs stay QUEUED."""

    def __init__(self, directory: str) -> None:
        super().__init__()
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def set_hold(self, hold: bool) -> None:
        (self.directory / "hold").touch() if hold else (self.directory / "hold").unlink(True)

    def _load(self, job_id: str) -> _Job:
        from qiskit import qasm2

        stored = json.loads((self.directory / f"{job_id}.json").read_text())
        circuits = [(qasm2.loads(source), shots) for source, shots in stored["circuits"]]
        return _Job(circuits, ProviderJobState(stored["state"]))

    def _save(self, job_id: str, job: _Job) -> None:
        from qiskit import qasm2

        circuits = [(qasm2.dumps(circuit), shots) for circuit, shots in job.circuits]
        data = {"circuits": circuits, "state": job.state.value}
        (self.directory / f"{job_id}.json").write_text(json.dumps(data))

    def submit(self, backend: str, circuits: Sequence[tuple[Any, int]]) -> str:
        job_id = super().submit(backend, circuits)
        self._save(job_id, self.jobs.pop(job_id))
        self.calls_file("submit")
        return job_id

    def calls_file(self, name: str) -> None:
        with (self.directory / f"calls-{name}").open("a") as out:
            out.write("1")

    def count(self, name: str) -> int:
        path = self.directory / f"calls-{name}"
        return len(path.read_text()) if path.exists() else 0

    def status(self, provider_job_ids: Sequence[str]) -> dict[str, ProviderJobStatus]:
        self.hold = (self.directory / "hold").exists()
        self.jobs = {job_id: self._load(job_id) for job_id in provider_job_ids}
        found = super().status(provider_job_ids)
        for job_id in provider_job_ids:
            self._save(job_id, self.jobs[job_id])
        return found

    def result(self, provider_job_id: str) -> ProviderResult:
        self.jobs[provider_job_id] = self._load(provider_job_id)
        self.calls_file("result")
        return super().result(provider_job_id)
