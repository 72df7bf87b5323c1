"""Noisy emulators of IBM devices, from the calibration snapshots qiskit-ibm-runtime ships."""

from __future__ import annotations

import functools
import json
import logging
import math
import warnings
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from domain.backends.models import BackendStatus, Provider, Technology
from domain.providers.base import BackendSpec, Capabilities, GateSpec, Pricing, QubitSpec

logger = logging.getLogger(__name__)

# Qraph's own list price for emulated IBM devices, not IBM's. It mirrors the per-task + per-shot
# model cloud QPUs charge, so a cost estimate made on an emulator carries over to the real device.
EMULATED_QPU_PRICING = Pricing(
    per_task=Decimal("0.30"), per_shot=Decimal("0.00015"), currency="USD"
)

DEFAULT_MAX_SHOTS = 100_000

# Factors to one base unit per dimension. Older snapshots spell microseconds with the micro sign.
_UNIT_FACTORS: dict[str, dict[str, float]] = {
    "time": {"s": 1.0, "ms": 1e-3, "us": 1e-6, "\u00b5s": 1e-6, "\u03bcs": 1e-6, "ns": 1e-9},
    "frequency": {"Hz": 1.0, "kHz": 1e3, "MHz": 1e6, "GHz": 1e9},
    "ratio": {"": 1.0},
}

# Snapshot qubit property -> (QubitSpec field, unit the catalog stores it in).
_QUBIT_PROPERTIES: dict[str, tuple[str, str]] = {
    "T1": ("t1_us", "us"),
    "T2": ("t2_us", "us"),
    "frequency": ("frequency_ghz", "GHz"),
    "anharmonicity": ("anharmonicity_ghz", "GHz"),
    "readout_error": ("readout_error", ""),
    "prob_meas0_prep1": ("prob_meas0_prep1", ""),
    "prob_meas1_prep0": ("prob_meas1_prep0", ""),
    "readout_length": ("readout_length_ns", "ns"),
}


def convert_unit(value: Any, unit: str | None, to: str) -> float | None:
    """Convert a snapshot value between units of one dimension; None if that is impossible."""
    # NaN and infinities would survive into Postgres but cannot be serialised as GraphQL Floats.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    for factors in _UNIT_FACTORS.values():
        if (unit or "") in factors and to in factors:
            return float(value) * factors[unit or ""] / factors[to]
    return None


def parse_datetime(raw: Any) -> datetime | None:
    """Parse a snapshot's ISO timestamp to an aware datetime (naive ones are taken as UTC)."""
    return _parse_iso(raw) if isinstance(raw, str) else None


# A snapshot repeats a handful of timestamps tens of thousands of times; parsing dominated.
@functools.lru_cache(maxsize=4096)
def _parse_iso(raw: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _latest(entries: Iterable[Mapping[str, Any]]) -> datetime | None:
    dates = [d for d in (parse_datetime(e.get("date")) for e in entries) if d is not None]
    return max(dates, default=None)


def _qubit(index: int, entries: list[Mapping[str, Any]]) -> QubitSpec:
    values: dict[str, float | None] = {}
    for entry in entries:
        known = _QUBIT_PROPERTIES.get(entry.get("name", ""))
        if known is not None:
            values[known[0]] = convert_unit(entry.get("value"), entry.get("unit"), known[1])
    return QubitSpec(
        qubit=index,
        t1_us=values.get("t1_us"),
        t2_us=values.get("t2_us"),
        frequency_ghz=values.get("frequency_ghz"),
        anharmonicity_ghz=values.get("anharmonicity_ghz"),
        readout_error=values.get("readout_error"),
        prob_meas0_prep1=values.get("prob_meas0_prep1"),
        prob_meas1_prep0=values.get("prob_meas1_prep0"),
        readout_length_ns=values.get("readout_length_ns"),
        calibrated_at=_latest(entries),
    )


def _gates(raw_gates: Iterable[Mapping[str, Any]]) -> tuple[GateSpec, ...]:
    gates: dict[tuple[str, tuple[int, ...]], GateSpec] = {}
    for raw in raw_gates:
        key = (str(raw["gate"]), tuple(int(q) for q in raw["qubits"]))
        if key in gates:  # the catalog keys gates on (gate, qubits); the first entry wins
            continue
        params = {p.get("name"): p for p in raw.get("parameters", [])}
        error, length = params.get("gate_error", {}), params.get("gate_length", {})
        gates[key] = GateSpec(
            gate=key[0],
            qubits=key[1],
            error=convert_unit(error.get("value"), error.get("unit"), ""),
            duration_ns=convert_unit(length.get("value"), length.get("unit"), "ns"),
            calibrated_at=_latest(raw.get("parameters", [])),
        )
    return tuple(gates.values())


def _processor_family(conf: Mapping[str, Any]) -> str | None:
    processor = conf.get("processor_type")
    if not isinstance(processor, dict) or not processor.get("family"):
        return None
    revision, segment = processor.get("revision"), processor.get("segment") or ""
    # IBM's own spelling: family, 'r' + revision, then the segment letter ("Falcon r5.11H").
    return f"{processor['family']} r{revision}{segment}" if revision else str(processor["family"])


def _description(conf: Mapping[str, Any], family: str | None, snapshot: datetime | None) -> str:
    device = str(conf.get("backend_name", "an IBM device"))
    size = f"{conf['n_qubits']}-qubit {family or 'device'}"
    when = f"snapshot of {snapshot.astimezone(UTC).date().isoformat()}" if snapshot else None
    # A few snapshots (fake_nighthawk, fake_fractional) model no real machine.
    if device.startswith("fake_"):
        dated = f" ({when})" if when else ""
        return (
            f"Noisy emulator of a synthetic {size} from IBM, with illustrative error rates{dated}."
        )
    source = f"from the calibration {when}" if when else "without calibration data"
    return f"Noisy emulator of IBM's {device} ({size}), {source}."


def snapshot_spec(
    name: str, conf: Mapping[str, Any], props: Mapping[str, Any] | None
) -> BackendSpec:
    """Turn one snapshot's configuration and (optional) properties into a catalog spec."""
    family = _processor_family(conf)
    last_update = parse_datetime(props.get("last_update_date")) if props else None
    edges = {(int(a), int(b)) for a, b in conf.get("coupling_map") or ()}
    return BackendSpec(
        name=name,
        provider=Provider.IBM_EMULATOR,
        technology=Technology.SUPERCONDUCTING,
        num_qubits=int(conf["n_qubits"]),
        basis_gates=tuple(sorted(set(conf.get("basis_gates") or ()))),
        # An emulator of a real device: users filter `simulator: false` to find devices.
        simulator=False,
        status=BackendStatus.ONLINE,
        description=_description(conf, family, last_update),
        coupling_map=tuple(sorted(edges)),
        processor_family=family,
        max_shots=int(conf.get("max_shots") or DEFAULT_MAX_SHOTS),
        pricing=EMULATED_QPU_PRICING,
        last_calibrated_at=last_update,
        qubits=tuple(_qubit(i, q) for i, q in enumerate(props.get("qubits", []))) if props else (),
        gates=_gates(props.get("gates", [])) if props else (),
        capabilities=Capabilities(
            mid_circuit_measurement=True,  # Aer runs the emulation, control flow included
            dynamic_circuits=True,
            max_shots=int(conf.get("max_shots") or DEFAULT_MAX_SHOTS),
            max_circuits_per_job=conf.get("max_experiments"),
        ),
    )


def _read_json(directory: str, filename: str | None) -> dict[str, Any] | None:
    if not filename:
        return None
    path = Path(directory) / filename
    if not path.is_file():
        return None
    loaded = json.loads(path.read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else None


def _fake_backends() -> list[Any]:
    # Imported here so that importing the catalog does not pay seconds for loading Qiskit.
    from qiskit_ibm_runtime.fake_provider import FakeProviderForBackendV2

    with warnings.catch_warnings():
        # fake_nighthawk warns that its error rates are illustrative; the description says so.
        warnings.filterwarnings(
            "ignore", message="Properties of fake_nighthawk", category=UserWarning
        )
        return list(FakeProviderForBackendV2().backends())


def _load(backend: Any) -> BackendSpec | None:
    name, directory = str(backend.name), str(backend.dirname)
    # Read the file rather than the fake's parsed `_conf_dict`: that is private, and it replaces
    # the device's real `backend_name` (which the description needs) with the fake's name.
    try:
        conf = _read_json(directory, getattr(backend, "conf_filename", None))
    except (OSError, ValueError):
        conf = None
    if conf is None:
        logger.warning("IBM snapshot %s has no readable configuration; skipped", name)
        return None
    try:
        props = _read_json(directory, getattr(backend, "props_filename", None))
        return snapshot_spec(name, conf, props)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # Damaged calibration should not hide the device itself from the catalog.
        logger.exception("IBM snapshot %s has unreadable properties; listed uncalibrated", name)
    try:
        return snapshot_spec(name, conf, None)
    except (ValueError, KeyError, TypeError):
        logger.exception("IBM snapshot %s has an unusable configuration; skipped", name)
        return None


class IbmSnapshotProvider:
    """Lists every IBM device snapshot shipped as a qiskit-ibm-runtime fake backend."""

    provider = Provider.IBM_EMULATOR

    def list_backends(self) -> list[BackendSpec]:
        """Read each fake backend's JSON directly, far faster than building Qiskit Targets."""
        return [spec for spec in map(_load, _fake_backends()) if spec is not None]
