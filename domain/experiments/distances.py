"""Distances between measured distributions: Hellinger and total variation. Pure."""

from __future__ import annotations

import math
from collections.abc import Mapping


def probabilities(counts: Mapping[str, float]) -> dict[str, float]:
    total = float(sum(counts.values()))
    return {k: v / total for k, v in counts.items()} if total > 0 else {}


def hellinger_distance(p: Mapping[str, float], q: Mapping[str, float]) -> float:
    """H(p, q) = sqrt(1 - sum_x sqrt(p(x) q(x))), from 0 (same) to 1 (disjoint)."""
    p, q = probabilities(p), probabilities(q)
    overlap = sum(math.sqrt(p[k] * q[k]) for k in p.keys() & q.keys())
    return math.sqrt(max(0.0, 1.0 - overlap))


def hellinger_fidelity(p: Mapping[str, float], q: Mapping[str, float]) -> float:
    """Qiskit's Hellinger fidelity: (1 - H^2)^2 = (sum_x sqrt(p(x) q(x)))^2."""
    return (1.0 - hellinger_distance(p, q) ** 2) ** 2


def total_variation(p: Mapping[str, float], q: Mapping[str, float]) -> float:
    """TVD(p, q) = 1/2 sum_x |p(x) - q(x)|, from 0 to 1."""
    p, q = probabilities(p), probabilities(q)
    return 0.5 * sum(abs(p.get(k, 0.0) - q.get(k, 0.0)) for k in p.keys() | q.keys())


def marginal(counts: Mapping[str, int], bit: int) -> dict[str, int]:
    """Counts of one classical bit (bit 0 is the rightmost character, as Qiskit keys them)."""
    out: dict[str, int] = {"0": 0, "1": 0}
    for key, count in counts.items():
        plain = key.replace(" ", "")
        out[plain[len(plain) - 1 - bit]] += count
    return out
