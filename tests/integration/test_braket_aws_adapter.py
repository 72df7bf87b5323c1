"""The Braket AWS adapter, offline: the production adapter and real boto3 clients against
`braket_aws_server`, a local server answering the Braket REST calls (SearchDevices, GetDevice,
CreateQuantumTask, GetQuantumTask, CancelQuantumTask) and the S3 GetObject of `results.json`.
Results are produced by the Braket default simulator running the task's OpenQASM program.
Nothing here has touched AWS.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from qiskit import QuantumCircuit

from domain.backends.models import BackendStatus, Provider, Technology
from domain.providers import braket_aws
from domain.providers.base import ProviderJobState
from qraph.settings import Settings
from tests.integration.braket_aws_server import BraketAwsServer, local_adapter

SV1 = "braket_amazon-braket_sv1"
ARIA = "braket_ionq_aria-1"


def ghz_with_flag() -> QuantumCircuit:
    circuit = QuantumCircuit(3, 3)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.x(2)
    circuit.measure([0, 1, 2], [0, 1, 2])
    return circuit


@pytest.fixture
def server() -> Iterator[BraketAwsServer]:
    with BraketAwsServer() as running:
        yield running


@pytest.fixture
def adapter(server: BraketAwsServer) -> Any:
    return local_adapter(server)


def test_devices_with_status_capabilities_and_queue(adapter: Any) -> None:
    specs = {s.name: s for s in adapter.list_backends()}
    assert set(specs) == {SV1, ARIA, "braket_rigetti_ankaa-3"}
    assert specs[SV1].simulator and specs[SV1].technology is Technology.SIMULATOR
    assert specs[SV1].num_qubits == 34 and specs[SV1].max_shots == 100_000
    assert specs[ARIA].provider is Provider.BRAKET
    assert specs[ARIA].technology is Technology.TRAPPED_ION and specs[ARIA].max_shots == 50_000
    assert "cnot" in specs[ARIA].basis_gates
    assert specs["braket_rigetti_ankaa-3"].status is BackendStatus.OFFLINE
    assert adapter.queue_length(ARIA) == 7  # the normal-priority task queue only


def test_the_program_is_openqasm_from_qiskit_braket_provider(adapter: Any) -> None:
    program = adapter.program(ghz_with_flag())
    assert program["braketSchemaHeader"]["name"] == "braket.ir.openqasm.program"
    source = program["source"]
    assert source.startswith("OPENQASM 3.0;") and "cnot q[0], q[1];" in source
    assert "x q[2];" in source and "b[2] = measure q[2];" in source


def test_submit_status_result_against_the_local_service(
    adapter: Any, server: BraketAwsServer
) -> None:
    arn = adapter.submit(SV1, [(ghz_with_flag(), 200)])

    task = server.tasks[arn]
    assert task["deviceArn"].endswith("/amazon/sv1") and task["shots"] == 200
    assert task["outputS3Bucket"] == "qraph-results"
    parameters = json.loads(task["deviceParameters"])
    assert parameters["paradigmParameters"]["qubitCount"] == 3
    status = adapter.status([arn])[arn]
    assert (status.state, status.provider_status, status.queue_position) == (
        ProviderJobState.QUEUED,
        "QUEUED",
        3,
    )
    server.start(arn)
    assert adapter.status([arn])[arn].state is ProviderJobState.RUNNING
    server.run(arn)
    assert adapter.status([arn])[arn].state is ProviderJobState.DONE

    result = adapter.result(arn)
    counts = result.circuits[0].counts
    # Qiskit's bit order: clbit 2 (always 1) is the leftmost character.
    assert counts is not None and set(counts) <= {"100", "111"} and sum(counts.values()) == 200
    assert len(counts) == 2
    assert result.finished_at is not None
    assert ("GET", f"/qraph-results/{task['outputS3Directory']}/results.json") in server.requests


def test_a_failed_task_reports_its_reason(adapter: Any, server: BraketAwsServer) -> None:
    arn = adapter.submit(ARIA, [(ghz_with_flag(), 10)])
    server.fail(arn, "Device calibration in progress")
    status = adapter.status([arn])[arn]
    assert status.state is ProviderJobState.FAILED
    assert status.error == "Device calibration in progress"
    assert adapter.result(arn).circuits[0].error == "Device calibration in progress"


def test_cancel_reaches_braket_while_queued(adapter: Any, server: BraketAwsServer) -> None:
    arn = adapter.submit(ARIA, [(ghz_with_flag(), 10)])
    adapter.cancel(arn)
    assert ("PUT", f"/quantum-task/{arn}/cancel") in server.requests
    assert adapter.status([arn])[arn].state is ProviderJobState.CANCELLED
    adapter.cancel(arn)  # already final: no second cancel call
    assert server.requests.count(("PUT", f"/quantum-task/{arn}/cancel")) == 1


def test_cost_is_per_task_plus_per_shot_where_published(adapter: Any) -> None:
    assert adapter.estimate_cost(ARIA, ghz_with_flag(), 100) == Decimal("3.30")
    assert adapter.estimate_cost(SV1, ghz_with_flag(), 100) is None  # billed per minute


def test_unknown_device_and_batches_are_refused(adapter: Any) -> None:
    with pytest.raises(ValueError, match="No Braket device"):
        adapter.submit("braket_nowhere_x", [(ghz_with_flag(), 10)])
    with pytest.raises(ValueError, match="one circuit per quantum task"):
        adapter.submit(SV1, [(ghz_with_flag(), 10), (ghz_with_flag(), 10)])


def test_the_service_runs_tasks_itself_when_asked() -> None:
    with BraketAwsServer(auto_run=0.5) as server:
        adapter = local_adapter(server)
        arn = adapter.submit(SV1, [(ghz_with_flag(), 32)])
        states = [adapter.status([arn])[arn].state]
        time.sleep(0.6)
        states.append(adapter.status([arn])[arn].state)
        assert states == [ProviderJobState.QUEUED, ProviderJobState.DONE]
        assert sum((adapter.result(arn).circuits[0].counts or {}).values()) == 32


def test_configured_only_with_region_bucket_and_credentials(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    assert braket_aws.configured_adapter(Settings()) is None  # type: ignore[call-arg]
    configured = Settings(  # type: ignore[call-arg]
        QRAPH_BRAKET_REGION="us-east-1", QRAPH_BRAKET_S3_BUCKET="amazon-braket-qraph"
    )
    assert braket_aws.configured_adapter(configured) is None  # no credentials found
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDLOCAL")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local-secret")
    assert isinstance(braket_aws.configured_adapter(configured), braket_aws.BraketAwsAdapter)


def test_the_contract_factory_runs_a_bell_circuit_to_done_and_cancels() -> None:
    from tests.integration.braket_aws_server import contract_adapter

    circuit = QuantumCircuit(2, 2)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure([0, 1], [0, 1])
    with contract_adapter() as (adapter, backend):
        assert backend in {s.name for s in adapter.list_backends()}
        done = adapter.submit(backend, [(circuit, 100)])
        cancelled = adapter.submit(backend, [(circuit, 100)])
        adapter.cancel(cancelled)
        for _ in range(50):
            if adapter.status([done])[done].state is ProviderJobState.DONE:
                break
            time.sleep(0.1)
        counts = adapter.result(done).circuits[0].counts
        assert counts is not None and set(counts) <= {"00", "11"} and sum(counts.values()) == 100
        assert adapter.status([cancelled])[cancelled].state is ProviderJobState.CANCELLED


def test_an_unreachable_braket_is_provider_unavailable(
    adapter: Any, server: BraketAwsServer
) -> None:
    from domain.errors import ProviderUnavailable

    arn = adapter.submit(SV1, [(ghz_with_flag(), 10)])
    server.down = True
    with pytest.raises(ProviderUnavailable) as raised:
        adapter.status([arn])
    assert raised.value.provider == Provider.BRAKET
    with pytest.raises(ProviderUnavailable):
        adapter.list_backends()
    server.down = False  # back: nothing was lost
    assert adapter.status([arn])[arn].state is ProviderJobState.QUEUED
