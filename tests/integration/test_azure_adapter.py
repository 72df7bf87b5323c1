"""The Azure Quantum adapter, offline.

What the SDK does locally is tested for real: its Qiskit-to-QIR translation for each target
family. The cost formulas are Qraph's (azure-quantum 3.x ships no local estimator). The job
calls run the production adapter and the real SDK against `azure_quantum_server`, a local server
answering the data-plane and blob REST calls the SDK makes with bodies built from the SDK's own
models. Nothing here has touched a live Azure Quantum workspace.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from qiskit import QuantumCircuit

from domain.backends.models import BackendStatus, Provider, Technology
from domain.providers import azure, azure_pricing
from domain.providers.base import ProviderJobState
from qraph.settings import Settings
from tests.integration.azure_quantum_server import AzureQuantumServer, local_adapter, run_job


def bell() -> QuantumCircuit:
    circuit = QuantumCircuit(2, 2)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure([0, 1], [0, 1])
    return circuit


@pytest.fixture
def server() -> Iterator[AzureQuantumServer]:
    with AzureQuantumServer() as running:
        yield running


@pytest.fixture
def adapter(server: AzureQuantumServer) -> Any:
    return local_adapter(server)


@pytest.mark.parametrize(
    ("target", "profile"),
    [
        ("ionq.simulator", "base_profile"),
        ("quantinuum.sim.h2-1sc", "adaptive_profile"),
        ("rigetti.sim.qvm", "base_profile"),
    ],
)
def test_each_family_gets_qir_for_its_profile(adapter: Any, target: str, profile: str) -> None:
    qir = adapter.translate(target, bell())
    calls = [
        line.strip() for line in qir.splitlines() if "@__quantum__qis__" in line and "call" in line
    ]
    assert [c.split("@__quantum__qis__")[1].split("__")[0] for c in calls] == ["h", "cx", "m", "m"]
    assert f'"qir_profiles"="{profile}"' in qir
    assert '"required_num_qubits"="2"' in qir and '"required_num_results"="2"' in qir


def test_a_target_outside_the_three_families_is_refused(adapter: Any) -> None:
    with pytest.raises(ValueError, match="IonQ, Quantinuum or Rigetti"):
        adapter.translate("pasqal.sim.emu-tn", bell())


def test_ionq_cost_is_gate_shots_at_list_price_with_the_minimum() -> None:
    wide = QuantumCircuit(3, 3)
    for _ in range(50):
        wide.h(0)
        wide.cx(0, 1)
    wide.ccx(0, 1, 2)  # decomposed: 9 one-qubit gates and 6 cx
    wide.measure([0, 1, 2], [0, 1, 2])
    counts = azure_pricing.gate_counts(wide)
    assert (counts.one_qubit, counts.two_qubit, counts.measurements) == (59, 56, 3)

    small = azure_pricing.estimate("ionq.qpu.aria-1", bell(), 1000)
    assert small is not None and (small.amount, small.currency) == (Decimal("97.50"), "USD")
    large = azure_pricing.estimate("ionq.qpu.aria-1", wide, 10_000)
    # 10 000 × (59 × 0.000220 + 56 × 0.000975) = 10 000 × 0.06758
    assert large is not None and large.amount == Decimal("675.80")
    assert azure_pricing.estimate("ionq.simulator", wide, 10_000).amount == Decimal("0.00")  # type: ignore[union-attr]


def test_quantinuum_cost_is_hqc() -> None:
    estimate = azure_pricing.estimate("quantinuum.qpu.h2-1", bell(), 1000)
    # 5 + 1000 × (1 + 10 × 1 + 5 × 2) / 5000
    assert estimate is not None and (estimate.amount, estimate.currency) == (Decimal("9.20"), "HQC")
    checker = azure_pricing.estimate("quantinuum.sim.h2-1sc", bell(), 1000)
    assert checker is not None and checker.amount == Decimal("0.00")
    assert azure_pricing.estimate("rigetti.sim.qvm", bell(), 1000) is None


def test_adapter_cost_is_usd_only(adapter: Any) -> None:
    assert adapter.estimate_cost("ionq.qpu.aria-1", bell(), 1000) == Decimal("97.50")
    assert adapter.estimate_cost("quantinuum.qpu.h2-1", bell(), 1000) is None  # HQC, not USD


def test_targets_with_status_and_queue_time(adapter: Any) -> None:
    specs = {s.name: s for s in adapter.list_backends()}
    assert set(specs) == {
        "ionq.simulator",
        "ionq.qpu.aria-1",
        "quantinuum.sim.h2-1sc",
        "rigetti.sim.qvm",
    }
    aria = specs["ionq.qpu.aria-1"]
    assert aria.provider is Provider.AZURE_QUANTUM and aria.technology is Technology.TRAPPED_ION
    assert aria.status is BackendStatus.ONLINE and aria.status_reason == "Azure reports Degraded."
    assert specs["ionq.simulator"].simulator and specs["ionq.simulator"].status_reason is None
    assert specs["rigetti.sim.qvm"].num_qubits > 0
    queue = {s.target: s.average_queue_seconds for s in adapter.target_statuses()}
    assert queue["ionq.qpu.aria-1"] == 3600


def test_submit_status_result_against_the_local_service(
    adapter: Any, server: AzureQuantumServer
) -> None:
    job_id = adapter.submit("ionq.simulator", [(bell(), 300)])

    job = server.jobs[job_id]
    assert job["target"] == "ionq.simulator" and job["inputDataFormat"] == "qir.v1"
    assert job["inputParams"]["shots"] == 300
    assert b"__quantum__qis__cx__body" in server.input_of(job_id)
    assert adapter.status([job_id])[job_id].state is ProviderJobState.QUEUED
    assert adapter.status([job_id])[job_id].provider_status == "Waiting"
    server.start(job_id)
    assert adapter.status([job_id])[job_id].state is ProviderJobState.RUNNING

    run_job(server, job_id)
    assert adapter.status([job_id])[job_id].state is ProviderJobState.DONE
    result = adapter.result(job_id)
    counts = result.circuits[0].counts
    assert counts is not None and set(counts) == {"00", "11"} and sum(counts.values()) == 300
    assert result.started_at is not None and result.finished_at is not None


def test_bit_order_follows_qiskit(adapter: Any, server: AzureQuantumServer) -> None:
    circuit = QuantumCircuit(3, 3)
    circuit.x(0)
    circuit.measure([0, 1, 2], [0, 1, 2])
    job_id = adapter.submit("rigetti.sim.qvm", [(circuit, 50)])
    run_job(server, job_id)
    assert adapter.result(job_id).circuits[0].counts == {"001": 50}


def test_a_failed_job_reports_its_error(adapter: Any, server: AzureQuantumServer) -> None:
    job_id = adapter.submit("quantinuum.sim.h2-1sc", [(bell(), 10)])
    server.fail(job_id, "Syntax check failed at line 3")
    status = adapter.status([job_id])[job_id]
    assert status.state is ProviderJobState.FAILED
    assert status.error == "Syntax check failed at line 3"
    assert adapter.result(job_id).circuits[0].error == "Syntax check failed at line 3"


def test_cancel_reaches_the_service_while_queued(adapter: Any, server: AzureQuantumServer) -> None:
    job_id = adapter.submit("rigetti.sim.qvm", [(bell(), 10)])
    adapter.cancel(job_id)
    assert ("POST", next(p for m, p in server.requests if p.endswith(":cancel"))) in server.requests
    assert adapter.status([job_id])[job_id].state is ProviderJobState.CANCELLED
    adapter.cancel(job_id)  # a second cancel is harmless and calls nothing
    assert sum(1 for _, p in server.requests if p.endswith(":cancel")) == 1


def test_one_circuit_per_job(adapter: Any) -> None:
    with pytest.raises(ValueError, match="one circuit per job"):
        adapter.submit("ionq.simulator", [(bell(), 10), (bell(), 10)])


def test_the_service_runs_jobs_itself_when_asked() -> None:
    with AzureQuantumServer(auto_run=0.5) as server:
        adapter = local_adapter(server)
        job_id = adapter.submit("ionq.simulator", [(bell(), 64)])
        states = [adapter.status([job_id])[job_id].state]
        time.sleep(0.6)
        states.append(adapter.status([job_id])[job_id].state)
        assert states == [ProviderJobState.QUEUED, ProviderJobState.DONE]
        assert sum((adapter.result(job_id).circuits[0].counts or {}).values()) == 64


def test_configured_only_with_resource_id_and_location() -> None:
    assert azure.configured_adapter(Settings()) is None  # type: ignore[call-arg]
    configured = Settings(  # type: ignore[call-arg]
        QRAPH_AZURE_RESOURCE_ID="/subscriptions/0/resourceGroups/rg/providers/"
        "Microsoft.Quantum/Workspaces/ws",
        QRAPH_AZURE_LOCATION="eastus",
    )
    assert isinstance(azure.configured_adapter(configured), azure.AzureAdapter)


def test_the_contract_factory_runs_a_bell_circuit_to_done_and_cancels() -> None:
    from tests.integration.azure_quantum_server import contract_adapter

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


def test_an_unreachable_workspace_is_provider_unavailable(
    adapter: Any, server: AzureQuantumServer
) -> None:
    from domain.errors import ProviderUnavailable

    job_id = adapter.submit("ionq.simulator", [(bell(), 10)])
    server.down = True
    with pytest.raises(ProviderUnavailable) as raised:
        adapter.status([job_id])
    assert raised.value.provider == Provider.AZURE_QUANTUM
    with pytest.raises(ProviderUnavailable):
        adapter.list_backends()
    server.down = False  # back: nothing was lost
    assert adapter.status([job_id])[job_id].state is ProviderJobState.QUEUED
