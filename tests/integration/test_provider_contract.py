"""The execution contract, once for every adapter: list, submit a Bell circuit, poll to done,
fetch counts, cancel, estimate cost.

To add an adapter, append one `Case` to `CASES`: an id, a factory that builds the adapter, and
the backend to run on. A remote adapter's factory is a context manager that starts the local
server speaking its provider's REST calls and yields `(adapter, backend)` (`Case.serving`).
Each test then runs against it unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from qiskit import QuantumCircuit

from domain.providers.aer import AerProvider
from domain.providers.base import ExecutionAdapter, ProviderJobState, ProviderResult
from domain.providers.braket_local import BraketLocalProvider
from domain.providers.ibm_runtime import LOCAL_PREFIX, IbmRuntimeAdapter
from domain.providers.ibm_snapshots import IbmSnapshotProvider
from domain.providers.local import LocalAdapter
from tests.integration.azure_quantum_server import contract_adapter as azure_contract
from tests.integration.braket_aws_server import contract_adapter as braket_contract

SHOTS = 400
POLL_TIMEOUT_S = 120.0  # a starved machine; a local run takes well under a second


@dataclass(frozen=True)
class Case:
    id: str
    factory: Callable[[], Any]
    backend: str
    noisy: bool = False  # an emulated device: a few counts outside 00/11
    serving: bool = False  # factory() is a context manager yielding (adapter, backend)
    circuits_per_job: int = 100  # the provider's own limit (Azure's QIR targets, Braket: one)


CASES = [
    Case("aer", lambda: LocalAdapter(AerProvider()), "aer_simulator"),
    Case("ibm-emulator", lambda: LocalAdapter(IbmSnapshotProvider()), "fake_manila", noisy=True),
    Case("braket-sv", lambda: LocalAdapter(BraketLocalProvider()), "braket_sv"),
    Case("braket-dm", lambda: LocalAdapter(BraketLocalProvider()), "braket_dm"),
    Case(
        "ibm-runtime-local",
        lambda: IbmRuntimeAdapter(local_backends=["fake_manila"]),
        LOCAL_PREFIX + "fake_manila",
        noisy=True,
    ),
    # Remote providers, each against a local server answering its REST calls (never live).
    Case("azure-local-server", azure_contract, "ionq.simulator", serving=True, circuits_per_job=1),
    Case(
        "braket-aws-local-server",
        braket_contract,
        "braket_amazon-braket_sv1",
        serving=True,
        circuits_per_job=1,
    ),
]


def bell() -> QuantumCircuit:
    circuit = QuantumCircuit(2, 2)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure([0, 1], [0, 1])
    return circuit


@pytest.fixture(scope="module", params=CASES, ids=lambda case: case.id)
def case(request: pytest.FixtureRequest) -> Iterator[tuple[Case, ExecutionAdapter]]:
    spec: Case = request.param
    if not spec.serving:
        yield spec, spec.factory()
        return
    with spec.factory() as (adapter, backend):
        assert backend == spec.backend
        yield spec, adapter


def poll_until_final(adapter: ExecutionAdapter, job_id: str) -> ProviderJobState:
    deadline = time.monotonic() + POLL_TIMEOUT_S
    while True:
        status = adapter.status([job_id])[job_id]
        if status.state in (
            ProviderJobState.DONE,
            ProviderJobState.FAILED,
            ProviderJobState.CANCELLED,
        ):
            return status.state
        assert time.monotonic() < deadline, f"still {status.provider_status}"
        time.sleep(0.05)


def test_lists_the_backend_with_its_provider(case: tuple[Case, ExecutionAdapter]) -> None:
    spec, adapter = case
    backends = {b.name: b for b in adapter.list_backends()}
    assert spec.backend in backends
    backend = backends[spec.backend]
    assert backend.provider == adapter.provider
    assert backend.num_qubits >= 2
    assert backend.capabilities.max_shots and backend.capabilities.max_shots >= SHOTS


def test_a_bell_circuit_runs_to_done_with_its_counts(case: tuple[Case, ExecutionAdapter]) -> None:
    spec, adapter = case
    job_id = adapter.submit(spec.backend, [(bell(), SHOTS)])
    assert isinstance(job_id, str) and job_id
    assert poll_until_final(adapter, job_id) is ProviderJobState.DONE
    result = adapter.result(job_id)
    assert isinstance(result, ProviderResult)
    [circuit] = result.circuits
    assert circuit.counts is not None
    assert sum(circuit.counts.values()) == SHOTS
    correlated = circuit.counts.get("00", 0) + circuit.counts.get("11", 0)
    assert correlated >= (0.8 if spec.noisy else 1.0) * SHOTS
    assert circuit.counts.get("00", 0) > SHOTS / 4 and circuit.counts.get("11", 0) > SHOTS / 4


def test_several_circuits_come_back_in_order(case: tuple[Case, ExecutionAdapter]) -> None:
    spec, adapter = case
    if spec.circuits_per_job < 2:
        pytest.skip(f"{spec.id} takes one circuit per provider job")
    ones = QuantumCircuit(2, 2)
    ones.x([0, 1])
    ones.measure([0, 1], [0, 1])
    one_zero = QuantumCircuit(2, 2)
    one_zero.x(0)
    one_zero.measure([0, 1], [0, 1])
    job_id = adapter.submit(spec.backend, [(ones, 100), (one_zero, 200)])
    assert poll_until_final(adapter, job_id) is ProviderJobState.DONE
    first, second = adapter.result(job_id).circuits
    assert first.counts is not None and second.counts is not None
    assert sum(first.counts.values()) == 100 and sum(second.counts.values()) == 200
    assert max(first.counts, key=first.counts.__getitem__) == "11"
    assert max(second.counts, key=second.counts.__getitem__) == "01"  # clbit 0 rightmost


def test_cancel_is_accepted_and_leaves_the_job_final(case: tuple[Case, ExecutionAdapter]) -> None:
    spec, adapter = case
    job_id = adapter.submit(spec.backend, [(bell(), SHOTS)])
    adapter.cancel(job_id)
    # A local run may finish before the cancel arrives; either way the job ends, never hangs.
    assert poll_until_final(adapter, job_id) in (ProviderJobState.DONE, ProviderJobState.CANCELLED)


def test_estimate_cost_is_money_or_none(case: tuple[Case, ExecutionAdapter]) -> None:
    spec, adapter = case
    estimate = adapter.estimate_cost(spec.backend, bell(), SHOTS)
    assert estimate is None or (isinstance(estimate, Decimal) and estimate >= 0)
