"""`health`: T1, T2 (Hahn echo), readout assignment error and standard RB on one qubit.

Circuits are written for one qubit; on an emulator Qraph's compiler places them on the
device's best physical qubit, and each job records which (`physical_qubits`), so every fitted
value is compared with the calibration of the qubit it really ran on (`calibrated`). The
emulator relaxes with T2 capped at 2·T1 (Aer's rule), so `calibrated.t2Us` is min(T2, 2·T1).
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from typing import Any

from domain.errors import InvalidInput
from domain.experiments import clifford, fitting
from domain.experiments.plans import (
    QASM3_HEADER,
    Analysed,
    Finished,
    Planned,
    Spec,
    param_float,
    param_int,
)

DEFAULT_T1_US = 200.0
RB_LENGTHS = (1, 25, 75, 150, 300)
_BODY = "qubit[1] q;\nbit[1] c;\n"


def _t1(delay_ns: int) -> str:
    return f"{QASM3_HEADER}{_BODY}x q[0];\ndelay[{delay_ns}ns] q[0];\nc[0] = measure q[0];\n"


def _echo(delay_ns: int) -> str:
    half = delay_ns // 2
    return (
        f"{QASM3_HEADER}{_BODY}sx q[0];\ndelay[{half}ns] q[0];\nx q[0];\n"
        f"delay[{half}ns] q[0];\nsx q[0];\nc[0] = measure q[0];\n"
    )


def _readout(prepared: int) -> str:
    flip = "x q[0];\n" if prepared else ""
    return f"{QASM3_HEADER}{_BODY}{flip}c[0] = measure q[0];\n"


def _rb(length: int, seed: int) -> str:
    gates = clifford.rb_sequence(length, random.Random(seed))
    body = "".join(f"{g} q[0];\n" for g in gates)
    return f"{QASM3_HEADER}{_BODY}{body}c[0] = measure q[0];\n"


def plan(spec: Spec) -> list[Planned]:
    if len(spec.backends) != 1:
        raise InvalidInput("`health` characterises one backend.", field="backends")
    if len(spec.qubits) > 1:
        raise InvalidInput("`health` characterises one qubit per run.", field="qubits")
    backend = spec.backends[0]
    t1_hint, t2_hint = spec.coherence_us.get(backend, (None, None))
    t1_us = param_float(spec.params, "t1GuessUs", t1_hint or DEFAULT_T1_US, 1.0, 10_000.0)
    t2_us = param_float(spec.params, "t2GuessUs", min(t2_hint or t1_us, 2 * t1_us), 1.0, 20_000.0)
    points = param_int(spec.params, "points", 8, 4, 30)
    sequences = param_int(spec.params, "rbSequences", 2, 0, 10)
    planned: list[Planned] = []
    for i in range(points):
        delay_ns = round(3 * t1_us * 1000 * i / (points - 1))
        planned.append(
            Planned(backend, _t1(delay_ns), spec.shots, {"kind": "t1", "delayNs": delay_ns})
        )
    for i in range(points):
        delay_ns = 2 * round(1.5 * t2_us * 1000 * i / (points - 1) / 2)
        planned.append(
            Planned(backend, _echo(delay_ns), spec.shots, {"kind": "t2", "delayNs": delay_ns})
        )
    for prepared in (0, 1):
        planned.append(
            Planned(
                backend, _readout(prepared), spec.shots, {"kind": "readout", "prepared": prepared}
            )
        )
    for length in RB_LENGTHS if sequences else ():
        for seed in range(sequences):
            label = {"kind": "rb", "length": length, "seed": seed}
            planned.append(Planned(backend, _rb(length, seed), spec.shots, label))
    return planned


def _p1(job: Finished) -> float:
    counts = job.counts or {}
    total = sum(counts.values())
    return counts.get("1", 0) / total if total else 0.0


def analyse(jobs: list[Finished], calibration: dict[int, dict[str, float | None]]) -> Analysed:
    """Fits, each beside the calibration of the physical qubit it ran on."""
    done = [j for j in jobs if j.status == "COMPLETED" and j.counts]
    by_kind: dict[str, list[Finished]] = defaultdict(list)
    for job in done:
        by_kind[job.label["kind"]].append(job)
    qubits = Counter(j.physical_qubits[0] for j in done if j.physical_qubits)
    physical = qubits.most_common(1)[0][0] if qubits else None
    calibrated = calibration.get(physical, {}) if physical is not None else {}
    result: dict[str, Any] = {"physicalQubit": physical, "physicalQubits": sorted(qubits)}
    for kind, fit in (("t1", fitting.fit_t1), ("t2", fitting.fit_t2_echo)):
        rows = sorted(by_kind[kind], key=lambda j: j.label["delayNs"])
        if len(rows) < 4:
            continue
        try:
            found = fit(
                [r.label["delayNs"] / 1000 for r in rows],
                [_p1(r) for r in rows],
                [r.shots for r in rows],
            )
        except (RuntimeError, ValueError) as error:
            result[kind] = {"error": f"the fit did not converge: {error}"}
            continue
        result[kind] = {
            "fitted": found.as_dict(),
            "calibrated": calibrated.get(f"{kind}_us"),
            "unit": "us",
            "points": [[r.label["delayNs"] / 1000, _p1(r)] for r in rows],
        }
    readout = {r.label["prepared"]: _p1(r) for r in by_kind["readout"]}
    if len(readout) == 2:
        assignment = (readout[0] + (1 - readout[1])) / 2
        result["readout"] = {
            "fitted": {"value": assignment, "p1Given0": readout[0], "p0Given1": 1 - readout[1]},
            "calibrated": calibrated.get("readout_error"),
        }
    rb_rows = by_kind["rb"]
    if rb_rows:
        lengths: dict[int, list[float]] = defaultdict(list)
        shots: dict[int, int] = defaultdict(int)
        for r in rb_rows:
            lengths[r.label["length"]].append(1 - _p1(r))
            shots[r.label["length"]] += r.shots
        xs = sorted(lengths)
        ys = [sum(lengths[x]) / len(lengths[x]) for x in xs]
        try:
            alpha, epc = fitting.fit_rb(xs, ys, [shots[x] for x in xs])
            result["rb"] = {
                "alpha": alpha.as_dict(),
                "errorPerClifford": epc.as_dict(),
                "points": [[x, y] for x, y in zip(xs, ys, strict=True)],
            }
        except (RuntimeError, ValueError) as error:
            result["rb"] = {"error": f"the fit did not converge: {error}"}
    fidelity = None
    if "rb" in result and "errorPerClifford" in result["rb"]:
        fidelity = 1 - result["rb"]["errorPerClifford"]["value"]
    return Analysed(result=result, fidelity=fidelity)
