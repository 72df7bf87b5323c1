"""The Aer and IBM-snapshot providers report real limits and real calibration data."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from domain.backends.models import BackendStatus, Provider, Technology
from domain.providers.aer import AerProvider
from domain.providers.base import BackendSpec
from domain.providers.ibm_snapshots import (
    EMULATED_QPU_PRICING,
    IbmSnapshotProvider,
    convert_unit,
    parse_datetime,
    snapshot_spec,
)
from domain.providers.registry import default_providers

AER_METHODS = ("automatic", "statevector", "matrix_product_state", "stabilizer", "density_matrix")


@pytest.fixture(scope="module")
def aer() -> dict[str, BackendSpec]:
    return {spec.simulation_method or "": spec for spec in AerProvider().list_backends()}


@pytest.fixture(scope="module")
def ibm_specs() -> list[BackendSpec]:
    return IbmSnapshotProvider().list_backends()


@pytest.fixture(scope="module")
def ibm(ibm_specs: list[BackendSpec]) -> dict[str, BackendSpec]:
    return {spec.name: spec for spec in ibm_specs}


def test_every_aer_method_is_listed_with_a_positive_qubit_limit(
    aer: dict[str, BackendSpec],
) -> None:
    assert sorted(aer) == sorted(AER_METHODS)
    for method, spec in aer.items():
        assert spec.num_qubits > 0
        assert spec.name == (
            "aer_simulator" if method == "automatic" else f"aer_simulator_{method}"
        )
        assert spec.provider is Provider.AER
        assert spec.technology is Technology.SIMULATOR
        assert spec.simulator is True
        assert spec.status is BackendStatus.ONLINE
        assert spec.coupling_map == ()
        assert spec.pricing.per_shot == 0 and spec.pricing.per_task == 0
        assert spec.qubits == () and spec.gates == () and spec.last_calibrated_at is None
        assert spec.description


def test_aer_limits_are_ordered_as_the_methods_scale(aer: dict[str, BackendSpec]) -> None:
    statevector = aer["statevector"].num_qubits
    assert aer["stabilizer"].num_qubits > statevector
    assert aer["matrix_product_state"].num_qubits > statevector
    assert aer["density_matrix"].num_qubits < statevector


def test_aer_basis_gates_are_sorted_gates_without_control_flow(aer: dict[str, BackendSpec]) -> None:
    for spec in aer.values():
        assert list(spec.basis_gates) == sorted(set(spec.basis_gates))
        assert {"measure", "reset", "cx"} <= set(spec.basis_gates)
        assert not {"if_else", "for_loop", "while_loop", "delay"} & set(spec.basis_gates)
        assert not any(g.startswith(("save_", "set_")) for g in spec.basis_gates)
    assert "t" not in aer["stabilizer"].basis_gates
    assert "t" in aer["statevector"].basis_gates


def test_ibm_snapshots_are_many_and_uniquely_named(ibm_specs: list[BackendSpec]) -> None:
    assert len(ibm_specs) >= 60
    assert len({spec.name for spec in ibm_specs}) == len(ibm_specs)
    assert all(spec.name.startswith("fake_") for spec in ibm_specs)


def test_ibm_snapshots_are_priced_emulators_not_simulators(ibm: dict[str, BackendSpec]) -> None:
    for spec in ibm.values():
        assert spec.provider is Provider.IBM_EMULATOR
        assert spec.technology is Technology.SUPERCONDUCTING
        assert spec.simulator is False
        assert spec.simulation_method is None
        assert spec.pricing == EMULATED_QPU_PRICING
        assert spec.pricing.per_task > 0 and spec.pricing.per_shot > 0
        assert spec.max_shots > 0


def test_fake_sherbrooke_matches_its_snapshot(ibm: dict[str, BackendSpec]) -> None:
    spec = ibm["fake_sherbrooke"]
    assert spec.num_qubits == 127
    assert len(spec.coupling_map) == 144
    assert spec.basis_gates == ("ecr", "id", "rz", "sx", "x")
    assert spec.processor_family == "Eagle r3"
    assert "ibm_sherbrooke" in spec.description and "2025-02-26" in spec.description
    assert len(spec.qubits) == 127
    qubit0 = spec.qubits[0]
    assert qubit0.qubit == 0
    assert qubit0.t1_us == pytest.approx(381.57, abs=0.01)
    assert qubit0.t2_us == pytest.approx(131.70, abs=0.01)
    assert qubit0.frequency_ghz == pytest.approx(4.6356, abs=1e-3)
    assert qubit0.readout_length_ns == pytest.approx(1216)
    ecr = [g for g in spec.gates if g.gate == "ecr" and g.qubits == (1, 0)]
    assert len(ecr) == 1
    assert ecr[0].error == pytest.approx(7.5e-3, rel=0.01)
    assert ecr[0].duration_ns == pytest.approx(533.33, abs=0.01)
    assert spec.last_calibrated_at == datetime(2025, 2, 26, 19, 43, 10, tzinfo=UTC)


def test_microsecond_sign_snapshots_are_converted(ibm: dict[str, BackendSpec]) -> None:
    # Older snapshots write T1/T2 in 'µs'; they must not be dropped as an unknown unit.
    qubit0 = ibm["fake_almaden"].qubits[0]
    assert qubit0.t1_us is not None and 1 < qubit0.t1_us < 10_000
    assert qubit0.t2_us is not None


def test_ibm_indices_stay_within_the_device(ibm: dict[str, BackendSpec]) -> None:
    for spec in ibm.values():
        assert list(spec.coupling_map) == sorted(set(spec.coupling_map))
        for a, b in spec.coupling_map:
            assert 0 <= a < spec.num_qubits and 0 <= b < spec.num_qubits
        assert [q.qubit for q in spec.qubits] in ([], list(range(spec.num_qubits)))
        seen: set[tuple[str, tuple[int, ...]]] = set()
        for gate in spec.gates:
            assert all(0 <= q < spec.num_qubits for q in gate.qubits)
            assert (gate.gate, gate.qubits) not in seen
            seen.add((gate.gate, gate.qubits))


def test_all_ibm_datetimes_are_timezone_aware(ibm: dict[str, BackendSpec]) -> None:
    stamps: list[datetime | None] = []
    for spec in ibm.values():
        stamps.append(spec.last_calibrated_at)
        stamps.extend(q.calibrated_at for q in spec.qubits)
        stamps.extend(g.calibrated_at for g in spec.gates)
    present = [s for s in stamps if s is not None]
    assert len(present) > 1000
    assert all(s.tzinfo is not None and s.utcoffset() is not None for s in present)


def test_ibm_numbers_are_finite(ibm: dict[str, BackendSpec]) -> None:
    for spec in ibm.values():
        for q in spec.qubits:
            for value in (q.t1_us, q.t2_us, q.frequency_ghz, q.readout_error, q.readout_length_ns):
                assert value is None or math.isfinite(value)
        for g in spec.gates:
            assert g.error is None or 0 <= g.error <= 1
            assert g.duration_ns is None or g.duration_ns >= 0


@pytest.mark.parametrize(
    ("value", "unit", "to", "expected"),
    [
        (381.5, "us", "us", 381.5),
        (381.5, "\u00b5s", "us", 381.5),
        (0.0002, "s", "us", 200.0),
        (0.5, "ms", "us", 500.0),
        (1500, "ns", "us", 1.5),
        (1.2, "us", "ns", 1200.0),
        (4.6e9, "Hz", "GHz", 4.6),
        (-313.0, "MHz", "GHz", -0.313),
        (0.011, "", "", 0.011),
        (0.011, None, "", 0.011),
    ],
)
def test_convert_unit(value: float, unit: str | None, to: str, expected: float) -> None:
    assert convert_unit(value, unit, to) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "unit", "to"),
    [(5.0, "GHz", "us"), (5.0, "furlongs", "us"), (None, "us", "us"), (math.nan, "us", "us")],
)
def test_convert_unit_refuses_what_it_cannot_convert(
    value: float | None, unit: str, to: str
) -> None:
    assert convert_unit(value, unit, to) is None


def test_parse_datetime_keeps_offsets_and_makes_naive_times_utc() -> None:
    offset = parse_datetime("2025-02-26T14:43:10-05:00")
    assert offset == datetime(2025, 2, 26, 14, 43, 10, tzinfo=timezone(timedelta(hours=-5)))
    assert parse_datetime("2020-01-01T00:00:00") == datetime(2020, 1, 1, tzinfo=UTC)
    assert parse_datetime("not a date") is None
    assert parse_datetime(None) is None


def test_snapshot_without_properties_is_listed_uncalibrated() -> None:
    conf = {"backend_name": "ibm_test", "n_qubits": 2, "basis_gates": ["x", "cz", "x"]}
    spec = snapshot_spec("fake_test", conf, None)
    assert spec.num_qubits == 2
    assert spec.basis_gates == ("cz", "x")
    assert spec.coupling_map == ()
    assert spec.max_shots == 100_000
    assert spec.qubits == () and spec.gates == () and spec.last_calibrated_at is None
    assert "without calibration data" in spec.description
    assert spec.pricing.per_task == Decimal("0.30")


def test_registry_lists_the_local_providers_without_remote_settings() -> None:
    providers = [p.provider for p in default_providers()]
    assert providers == [Provider.AER, Provider.IBM_EMULATOR, Provider.BRAKET]


def test_braket_local_simulators_are_listed_with_their_capabilities() -> None:
    from domain.providers.braket_local import BraketLocalProvider

    specs = {spec.name: spec for spec in BraketLocalProvider().list_backends()}
    assert sorted(specs) == ["braket_dm", "braket_sv"]
    assert specs["braket_sv"].num_qubits > specs["braket_dm"].num_qubits
    for spec in specs.values():
        assert spec.provider is Provider.BRAKET and spec.simulator
        assert spec.capabilities.max_circuits_per_job == 1
        assert spec.capabilities.mid_circuit_measurement is False


def test_adapters_are_found_by_provider_and_backend() -> None:
    from domain.providers.registry import adapter_for, use_adapter

    aer = adapter_for("AER", "aer_simulator")
    braket = adapter_for("BRAKET", "braket_sv")
    assert aer is not None and not aer.remote and aer.provider is Provider.AER
    assert braket is not None and not braket.remote
    assert adapter_for("BRAKET", "arn:aws:braket:::device/qpu/ionq/Aria-1") is None
    assert adapter_for("IBM_QUANTUM", "ibm_brisbane") is None  # not configured here

    class Remote:
        provider = Provider.IBM_QUANTUM
        remote = True

    stand_in = Remote()
    remove = use_adapter(stand_in)  # type: ignore[arg-type]
    try:
        assert adapter_for("IBM_QUANTUM", "ibm_brisbane") is stand_in
    finally:
        remove()
    assert adapter_for("IBM_QUANTUM", "ibm_brisbane") is None


def test_poll_backoff_grows_with_jitter_and_is_capped() -> None:
    from domain.providers.poller import next_delay

    for attempts in range(12):
        delay = next_delay(attempts, base=2.0, cap=60.0)
        bound = min(60.0, 2.0 * 2**attempts)
        assert bound / 2 <= delay <= bound
    assert len({next_delay(3) for _ in range(20)}) > 1  # jittered


def test_ibm_runtime_lists_its_backends_with_calibration_in_local_mode() -> None:
    from domain.backends.calibration import summarize
    from domain.providers.ibm_runtime import LOCAL_PREFIX, IbmRuntimeAdapter

    [spec] = IbmRuntimeAdapter(local_backends=["fake_manila"]).list_backends()
    assert spec.name == LOCAL_PREFIX + "fake_manila"
    assert spec.provider is Provider.IBM_QUANTUM and not spec.simulator
    assert spec.num_qubits == 5 and (0, 1) in spec.coupling_map
    assert spec.last_calibrated_at is not None
    assert len(spec.qubits) == 5 and all(q.t1_us and q.t1_us > 1 for q in spec.qubits)
    assert {g.gate for g in spec.gates} >= {"sx", "cx"}
    summary = summarize(spec)
    assert summary.two_qubit_gate == "cx" and summary.median_readout_error
    assert spec.queue_length == 0 and spec.capabilities.max_circuits_per_job
