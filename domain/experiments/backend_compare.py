"""`backend_compare`: one circuit on two or more backends, each against the ideal and each
other. Hellinger fidelity F = (Σ_x √(p(x)·q(x)))², Hellinger distance H = √(1 − Σ_x √(p(x)·q(x))),
total variation distance TVD = ½ Σ_x |p(x) − q(x)|; ranked by fidelity to the ideal, best first.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from domain.errors import InvalidInput
from domain.experiments import distances
from domain.experiments.plans import QASM2_HEADER, Analysed, Finished, Planned, Spec, param_int

MAX_CIRCUIT = 20_000
BENCHMARKS = ("ghz", "qft")


def ghz(n: int) -> str:
    lines = [f"qreg q[{n}];", f"creg c[{n}];", "h q[0];"]
    lines += [f"cx q[{i}],q[{i + 1}];" for i in range(n - 1)]
    lines.append("measure q -> c;")
    return QASM2_HEADER + "\n".join(lines) + "\n"


def qft(n: int) -> str:
    """QFT of the basis state |1> (x on qubit 0): a uniform-magnitude, phase-sensitive test."""
    import math

    lines = [f"qreg q[{n}];", f"creg c[{n}];", "x q[0];"]
    for target in reversed(range(n)):
        lines.append(f"h q[{target}];")
        for control in reversed(range(target)):
            angle = math.pi / 2 ** (target - control)
            lines.append(f"cu1({angle!r}) q[{control}],q[{target}];")
    # and back again, so the ideal outcome is one bitstring and noise shows clearly
    for target in range(n):
        for control in range(target):
            angle = -math.pi / 2 ** (target - control)
            lines.append(f"cu1({angle!r}) q[{control}],q[{target}];")
        lines.append(f"h q[{target}];")
    lines.append("measure q -> c;")
    return QASM2_HEADER + "\n".join(lines) + "\n"


def circuit_of(params: dict[str, Any]) -> tuple[str, str]:
    """(name, source): `params.circuit` as given, or `params.benchmark` (ghz, qft) on n qubits."""
    given = params.get("circuit")
    if given is not None:
        if not isinstance(given, str) or not given.strip() or len(given) > MAX_CIRCUIT:
            raise InvalidInput(
                f"`params.circuit` is OpenQASM of 1 to {MAX_CIRCUIT} characters.", field="params"
            )
        return "custom", given
    name = params.get("benchmark", "ghz")
    if name not in BENCHMARKS:
        raise InvalidInput("`params.benchmark` is `ghz` or `qft`.", field="params")
    n = param_int(params, "width", 3, 2, 8)
    return f"{name}{n}", ghz(n) if name == "ghz" else qft(n)


def plan(spec: Spec) -> list[Planned]:
    if len(set(spec.backends)) < 2:
        raise InvalidInput("`backend_compare` needs two or more backends.", field="backends")
    name, source = circuit_of(spec.params)
    return [Planned(b, source, spec.shots, {"backend": b, "circuit": name}) for b in spec.backends]


def analyse(jobs: list[Finished], ideal: dict[str, float] | None) -> Analysed:
    done = {j.backend: j.counts for j in jobs if j.status == "COMPLETED" and j.counts}
    per_backend: list[dict[str, Any]] = []
    for backend, counts in done.items():
        fidelity = distances.hellinger_fidelity(counts, ideal) if ideal else None
        per_backend.append({"backend": backend, "hellingerFidelity": fidelity, "counts": counts})
    pairs = [
        {
            "a": a,
            "b": b,
            "hellingerDistance": distances.hellinger_distance(done[a], done[b]),
            "tvd": distances.total_variation(done[a], done[b]),
        }
        for a, b in combinations(sorted(done), 2)
    ]
    ranking = [
        e["backend"] for e in sorted(per_backend, key=lambda e: -(e["hellingerFidelity"] or 0.0))
    ]
    fidelities = [e["hellingerFidelity"] for e in per_backend if e["hellingerFidelity"] is not None]
    result = {
        "backends": per_backend,
        "pairs": pairs,
        "ranking": ranking,
        "idealKnown": ideal is not None,
    }
    return Analysed(result=result, fidelity=min(fidelities) if fidelities else None)
