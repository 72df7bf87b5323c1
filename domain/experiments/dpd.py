"""`dpd_demo`: drive, probe, drive, on a system qubit and an ancilla.

drive: RY(α) on the system; probe: CRY(θ) from the system onto the ancilla, then the ancilla is
measured (θ = 0: no probe; θ = π: a projective measurement of the system); drive: RY(β) on the
system; then the system is measured. Each strength θ runs with the probe and the same circuit
without it (θ = 0). Backaction = TVD(p_with, p_without) = ½ Σ_x |p_with(x) − p_without(x)| over
the system qubit's final outcome x ∈ {0, 1}: 0 for no disturbance, growing with θ.
"""

from __future__ import annotations

import math

from domain.errors import InvalidInput
from domain.experiments import distances
from domain.experiments.plans import QASM2_HEADER, Analysed, Finished, Planned, Spec, param_float

DEFAULT_STRENGTHS = (0.0, math.pi / 4, math.pi / 2, math.pi)
MAX_STRENGTHS = 12


def circuit(alpha: float, beta: float, theta: float) -> str:
    lines = ["qreg q[2];", "creg c[2];", f"ry({alpha!r}) q[0];"]
    if theta:
        lines.append(f"cry({theta!r}) q[0],q[1];")
    lines.append("measure q[1] -> c[1];")
    lines.append(f"ry({beta!r}) q[0];")
    lines.append("measure q[0] -> c[0];")
    return QASM2_HEADER + "\n".join(lines) + "\n"


def strengths(spec: Spec) -> list[float]:
    raw = spec.params.get("strengths", list(DEFAULT_STRENGTHS))
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_STRENGTHS:
        raise InvalidInput(
            f"`params.strengths` is a list of 1 to {MAX_STRENGTHS} angles.", field="params"
        )
    found = []
    for value in raw:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInput("Each strength is a number of radians.", field="params")
        if not math.isfinite(value) or not 0 <= value <= math.pi:
            raise InvalidInput("Each strength is from 0 to π radians.", field="params")
        found.append(float(value))
    return found


def plan(spec: Spec) -> list[Planned]:
    if len(spec.backends) != 1:
        raise InvalidInput("`dpd_demo` runs on one backend.", field="backends")
    alpha = param_float(spec.params, "drive1", math.pi / 2, -2 * math.pi, 2 * math.pi)
    beta = param_float(spec.params, "drive2", math.pi / 2, -2 * math.pi, 2 * math.pi)
    backend = spec.backends[0]
    planned = [Planned(backend, circuit(alpha, beta, 0.0), spec.shots, {"strength": None})]
    for theta in strengths(spec):
        planned.append(
            Planned(backend, circuit(alpha, beta, theta), spec.shots, {"strength": theta})
        )
    return planned


def analyse(jobs: list[Finished]) -> Analysed:
    done = [j for j in jobs if j.status == "COMPLETED" and j.counts]
    reference = next((j for j in done if j.label["strength"] is None), None)
    if reference is None or reference.counts is None:
        return Analysed(result={"error": "the run without a probe did not complete"})
    without = distances.marginal(reference.counts, 0)
    sweep = []
    for job in sorted(
        (j for j in done if j.label["strength"] is not None), key=lambda j: j.label["strength"]
    ):
        assert job.counts is not None
        with_probe = distances.marginal(job.counts, 0)
        sweep.append(
            {
                "strength": job.label["strength"],
                "backaction": distances.total_variation(with_probe, without),
                "systemCounts": with_probe,
            }
        )
    result = {"withoutProbe": without, "sweep": sweep}
    strongest = max(sweep, key=lambda s: s["strength"])["backaction"] if sweep else None
    return Analysed(result=result, backaction=strongest)
