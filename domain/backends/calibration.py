"""Calibration summaries: the medians a page of backends shows without loading every qubit."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass
from statistics import median

from domain.providers.base import BackendSpec

# Gates that exist in the snapshots but say nothing about a device's quality.
_NOT_SINGLE_QUBIT_QUALITY = {"id", "rz", "measure", "reset", "delay"}


@dataclass(frozen=True, slots=True)
class CalibrationSummary:
    median_t1_us: float | None
    median_t2_us: float | None
    median_readout_error: float | None
    median_single_qubit_error: float | None
    median_two_qubit_error: float | None
    two_qubit_gate: str | None


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return median(present) if present else None


def summarize(spec: BackendSpec) -> CalibrationSummary:
    """Medians over qubits and gates; the two-qubit gate is the device's most calibrated one."""
    two_qubit = Counter(g.gate for g in spec.gates if len(g.qubits) == 2)
    gate = two_qubit.most_common(1)[0][0] if two_qubit else None
    return CalibrationSummary(
        median_t1_us=_median([q.t1_us for q in spec.qubits]),
        median_t2_us=_median([q.t2_us for q in spec.qubits]),
        median_readout_error=_median([q.readout_error for q in spec.qubits]),
        median_single_qubit_error=_median(
            [
                g.error
                for g in spec.gates
                if len(g.qubits) == 1 and g.gate not in _NOT_SINGLE_QUBIT_QUALITY
            ]
        ),
        median_two_qubit_error=_median([g.error for g in spec.gates if g.gate == gate]),
        two_qubit_gate=gate,
    )


def fingerprint(spec: BackendSpec) -> str | None:
    """A digest of the calibration rows, so an unchanged snapshot is not rewritten on re-sync."""
    if not spec.qubits and not spec.gates:
        return None
    payload = json.dumps(
        [[asdict(q) for q in spec.qubits], [asdict(g) for g in spec.gates]],
        default=str,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()
