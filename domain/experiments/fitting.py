"""Curve fits for the `health` preset; each value with its standard error and a fit quality.

T1 and T2 (Hahn echo) are fitted by qiskit-experiments' own analyses (`T1Analysis`,
`T2HahnAnalysis`) on the counts our jobs returned: the experiment classes serve as analysis
containers only, since the circuits are Qraph jobs written in domain/experiments/health.py
(the same gates: x, delay, measure; and rx(π/2), delay/2, rx(π), delay/2, rx(π/2), measure).
Standard RB is fitted here with scipy: P0(m) = A·alpha^m + B over m random Cliffords and their
inverse, error per Clifford (1 − alpha)/2 for one qubit, because qiskit-experiments' RBAnalysis
expects the metadata of circuits it generated itself.

qiskit-experiments is imported only here, in the worker's analysis child process (it takes
seconds to import, and pulls pandas and lmfit).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Fit:
    value: float
    stderr: float | None
    reduced_chi2: float | None
    points: int

    @property
    def quality(self) -> str:
        """`good` when the residuals match shot noise (reduced chi-square below 3)."""
        if self.reduced_chi2 is None or self.stderr is None or not math.isfinite(self.stderr):
            return "bad"
        return "good" if self.reduced_chi2 < 3.0 else "bad"

    def as_dict(self) -> dict[str, object]:
        return {
            "value": self.value,
            "stderr": self.stderr,
            "reducedChi2": self.reduced_chi2,
            "quality": self.quality,
            "points": self.points,
        }


def _sigma(p: np.ndarray, shots: np.ndarray) -> np.ndarray:
    # Binomial error, floored so a point at 0 or 1 does not get infinite weight.
    return np.sqrt(np.clip(p * (1 - p), 1.0 / shots, None) / shots)


def _fit(
    value: float, variance: float, fitted: np.ndarray, ps: np.ndarray, sigma: np.ndarray
) -> Fit:
    dof = len(ps) - 3
    chi2 = float(np.sum(((fitted - ps) / sigma) ** 2) / dof) if dof > 0 else None
    stderr = float(math.sqrt(variance)) if math.isfinite(variance) and variance >= 0 else None
    return Fit(float(value), stderr, chi2, len(ps))


def _qiskit_experiments_fit(
    kind: str, delays_us: Sequence[float], p1: Sequence[float], shots: Sequence[int]
) -> Fit:
    """T1 or T2 (µs) by qiskit-experiments, from P(1) per delay."""
    import warnings

    from qiskit_experiments.framework import ExperimentData
    from qiskit_experiments.library import T1, T2Hahn

    delays_s = [d * 1e-6 for d in delays_us]
    experiment = (T1 if kind == "T1" else T2Hahn)(physical_qubits=[0], delays=delays_s)
    experiment.analysis.set_options(plot=False)
    data = ExperimentData(experiment=experiment)
    rows = []
    for delay, p, n in zip(delays_s, p1, shots, strict=True):
        ones = round(p * n)
        rows.append({"counts": {"1": ones, "0": n - ones}, "metadata": {"xval": delay}, "shots": n})
    data.add_data(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        experiment.analysis.run(data, replace_results=True).block_for_results()
        result = data.analysis_results(kind, dataframe=False)
    value = result.value
    stderr = float(value.s) * 1e6 if math.isfinite(value.s) else None
    chi2 = float(result.chisq) if result.chisq is not None else None
    fit = Fit(float(value.n) * 1e6, stderr, chi2, len(rows))
    return fit if str(result.quality).lower().endswith("good") else _bad(fit)


def _bad(fit: Fit) -> Fit:
    """qiskit-experiments judged the fit bad: say so whatever the reduced chi-square."""
    return Fit(fit.value, fit.stderr, max(fit.reduced_chi2 or 0.0, 3.0), fit.points)


def fit_t1(delays_us: Sequence[float], p1: Sequence[float], shots: Sequence[int]) -> Fit:
    """T1 in microseconds (qiskit-experiments' T1Analysis)."""
    return _qiskit_experiments_fit("T1", delays_us, p1, shots)


def fit_t2_echo(delays_us: Sequence[float], p1: Sequence[float], shots: Sequence[int]) -> Fit:
    """T2 (Hahn echo) in microseconds (qiskit-experiments' T2HahnAnalysis); delays are total."""
    return _qiskit_experiments_fit("T2", delays_us, p1, shots)


def fit_rb(lengths: Sequence[int], p0: Sequence[float], shots: Sequence[int]) -> tuple[Fit, Fit]:
    """(alpha, error per Clifford) for one qubit."""
    from scipy.optimize import curve_fit

    xs, ps, ns = np.asarray(lengths, float), np.asarray(p0, float), np.asarray(shots, float)

    def model(m: np.ndarray, a: float, alpha: float, b: float) -> np.ndarray:
        return a * alpha**m + b

    sigma = _sigma(ps, ns)
    params, covariance = curve_fit(
        model,
        xs,
        ps,
        p0=(0.5, 0.99, 0.5),
        sigma=sigma,
        absolute_sigma=True,
        bounds=([0.0, 0.0, 0.0], [1.0, 1.0, 1.0]),
        maxfev=20_000,
    )
    alpha = _fit(params[1], covariance[1, 1], model(xs, *params), ps, sigma)
    epc_stderr = alpha.stderr / 2 if alpha.stderr is not None else None
    epc = Fit((1 - alpha.value) / 2, epc_stderr, alpha.reduced_chi2, alpha.points)
    return alpha, epc
