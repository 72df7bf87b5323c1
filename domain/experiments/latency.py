"""`latency`: small probe circuits submitted at a controlled rate; queue wait (created to
started), execution (started to finished) and end-to-end (created to finished) per backend,
as p50, p95 and max in microseconds, from the jobs' own timestamps. `latencyUs` is the
end-to-end median over every probe.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import median
from typing import Any

from domain.experiments.plans import (
    QASM2_HEADER,
    Analysed,
    Finished,
    Planned,
    Spec,
    param_float,
    param_int,
)

PROBE = QASM2_HEADER + "qreg q[1];\ncreg c[1];\nh q[0];\nmeasure q[0] -> c[0];\n"
# The mutation paces the probes itself, so their spread is bounded.
MAX_SPREAD_S = 10.0


def plan(spec: Spec) -> list[Planned]:
    from domain.errors import InvalidInput

    rate = param_float(spec.params, "rateHz", spec.profile.latency_probe_rate_hz, 0.1, 50.0)
    probes = param_int(spec.params, "probes", 5, 1, 50)
    if (probes - 1) / rate > MAX_SPREAD_S:
        raise InvalidInput(
            f"`probes / rateHz` spreads the probes over more than {MAX_SPREAD_S:g} s.",
            field="params",
        )
    return [
        Planned(b, PROBE, spec.shots, {"backend": b, "probe": i}, submit_after_s=i / rate)
        for i in range(probes)
        for b in spec.backends
    ]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q from 0 to 100)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def _summary(values: list[float]) -> dict[str, Any] | None:
    if not values:
        return None
    return {
        "p50": median(values),
        "p95": percentile(values, 95),
        "max": max(values),
        "n": len(values),
    }


def analyse(jobs: list[Finished]) -> Analysed:
    waits: dict[str, list[float]] = defaultdict(list)
    runs: dict[str, list[float]] = defaultdict(list)
    ends: dict[str, list[float]] = defaultdict(list)
    for job in jobs:
        if job.status != "COMPLETED" or job.started_at is None or job.finished_at is None:
            continue
        waits[job.backend].append((job.started_at - job.created_at).total_seconds() * 1e6)
        runs[job.backend].append((job.finished_at - job.started_at).total_seconds() * 1e6)
        ends[job.backend].append((job.finished_at - job.created_at).total_seconds() * 1e6)
    per_backend = [
        {
            "backend": b,
            "queueWaitUs": _summary(waits[b]),
            "executionUs": _summary(runs[b]),
            "endToEndUs": _summary(ends[b]),
        }
        for b in sorted(ends)
    ]
    everything = [v for values in ends.values() for v in values]
    return Analysed(
        result={"backends": per_backend, "unit": "us"},
        latency_us=median(everything) if everything else None,
    )
