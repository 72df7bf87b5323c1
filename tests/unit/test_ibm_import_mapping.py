"""How IBM's job vocabulary and payloads map onto imported Qraph jobs."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from qiskit import QuantumCircuit
from qiskit_ibm_runtime.json import RuntimeEncoder

from domain.jobs.models import JobStatus
from domain.providers import ibm_decoding, ibm_imports
from domain.providers.ibm_account_client import IbmJobRecord


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Queued", JobStatus.QUEUED),
        ("Running", JobStatus.RUNNING),
        ("Completed", JobStatus.COMPLETED),
        ("Cancelled", JobStatus.CANCELLED),
        ("Cancelled - Ran too long", JobStatus.CANCELLED),
        ("Failed", JobStatus.FAILED),
        ("ERROR", JobStatus.FAILED),
        ("Initializing", JobStatus.QUEUED),
    ],
)
def test_ibm_words_map_to_qraph_statuses(word: str, status: JobStatus) -> None:
    assert ibm_imports._state(word) is status


def test_history_uses_ibm_timestamps_and_stops_where_the_job_is() -> None:
    created = datetime(2026, 12, 1, 9, tzinfo=UTC)
    record = IbmJobRecord(
        id="d1",
        backend="ibm_torino",
        status="Completed",
        created=created,
        running=created + timedelta(minutes=3),
        finished=created + timedelta(minutes=4),
    )
    assert ibm_imports._history(record, JobStatus.COMPLETED) == [
        (JobStatus.QUEUED, created),
        (JobStatus.RUNNING, created + timedelta(minutes=3)),
        (JobStatus.COMPLETED, created + timedelta(minutes=4)),
    ]
    queued = IbmJobRecord(id="d2", backend="ibm_torino", status="Queued", created=created)
    assert ibm_imports._history(queued, JobStatus.QUEUED) == [(JobStatus.QUEUED, created)]
    # Cancelled before it ran: no RUNNING step
    cancelled = IbmJobRecord(id="d3", backend="ibm_torino", status="Cancelled", created=created)
    assert [s for s, _ in ibm_imports._history(cancelled, JobStatus.CANCELLED)] == [
        JobStatus.QUEUED,
        JobStatus.CANCELLED,
    ]


def test_the_first_pub_circuit_and_its_shots_are_decoded() -> None:
    circuit = QuantumCircuit(3)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.cx(1, 2)
    circuit.measure_all()
    params = json.loads(
        json.dumps(
            {"pubs": [(circuit, None, None)], "options": {"default_shots": 4096}, "version": 2},
            cls=RuntimeEncoder,
        )
    )
    decoded = ibm_decoding.first_circuit(params)
    assert decoded is not None
    assert (decoded.qubits, decoded.shots) == (3, 4096)
    assert decoded.qasm is not None and decoded.qasm.startswith("OPENQASM 3.0;")
    assert decoded.depth == circuit.depth()


def test_payloads_that_are_not_sampler_results_or_circuits_give_nothing() -> None:
    assert ibm_decoding.counts_from_results('{"values": [0.5, 0.25]}') is None
    assert ibm_decoding.counts_from_results("not json") is None
    assert ibm_decoding.first_circuit(None) is None
    assert ibm_decoding.first_circuit({"circuits": "x"}) is None
