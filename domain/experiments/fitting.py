"""Curve fits for the `health` preset, with scipy: each value with its standard error and a
fit quality (reduced chi-square over binomial shot noise). Pure, and cheap for the few points a
run has; the worker still calls it off its event loop (domain/experiments/analysis.py).

qiskit-experiments would fit these too; it installs beside our qiskit, but brings pandas,
matplotlib and lmfit into the worker for four small fits, so the models are written here:

- T1: P1(t) = A exp(-t / T1) + B  (prepare |1>, wait t, measure);
- T2 (Hahn echo): P1(t) = A exp(-t / T2) + B  (sx, wait t/2, x, wait t/2, sx, measure): the
  echo refocuses static detuning and the amplitude-damping part lands off the measured axis;
- RB: P0(m) = A alpha^m + B over m random Cliffords and their inverse; the error per Clifford
  is (1 - alpha) / 2 for one qubit.
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


def _decay(x: Sequence[float], p: Sequence[float], shots: Sequence[int], scale0: float) -> Fit:
    """Fit A exp(-x / tau) + B; the Fit's value is tau."""
    from scipy.optimize import curve_fit

    xs, ps, ns = np.asarray(x, float), np.asarray(p, float), np.asarray(shots, float)

    def model(t: np.ndarray, a: float, tau: float, b: float) -> np.ndarray:
        return a * np.exp(-t / tau) + b

    sigma = _sigma(ps, ns)
    guess = (ps[0] - ps[-1], scale0, ps[-1])
    params, covariance = curve_fit(
        model,
        xs,
        ps,
        p0=guess,
        sigma=sigma,
        absolute_sigma=True,
        bounds=([-2.0, 1e-9, -1.0], [2.0, 1e9, 2.0]),
        maxfev=20_000,
    )
    return _fit(params[1], covariance[1, 1], model(xs, *params), ps, sigma)


def _fit(
    value: float, variance: float, fitted: np.ndarray, ps: np.ndarray, sigma: np.ndarray
) -> Fit:
    dof = len(ps) - 3
    chi2 = float(np.sum(((fitted - ps) / sigma) ** 2) / dof) if dof > 0 else None
    stderr = float(math.sqrt(variance)) if math.isfinite(variance) and variance >= 0 else None
    return Fit(float(value), stderr, chi2, len(ps))


def fit_t1(delays_us: Sequence[float], p1: Sequence[float], shots: Sequence[int]) -> Fit:
    """T1 in microseconds."""
    return _decay(delays_us, p1, shots, scale0=max(delays_us) / 2 or 1.0)


def fit_t2_echo(delays_us: Sequence[float], p1: Sequence[float], shots: Sequence[int]) -> Fit:
    """T2 (echo) in microseconds."""
    return _decay(delays_us, p1, shots, scale0=max(delays_us) / 2 or 1.0)


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
