"""The experiments' pure parts: distances, fits on synthetic data with known answers, the
Clifford group and RB sequences, the presets' plans and the KPI verdicts."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from domain.errors import InvalidInput
from domain.experiments import backend_compare, clifford, distances, dpd, fitting, health, kpis
from domain.experiments.control_profile import Profile, validate
from domain.experiments.plans import Analysed, Finished, Spec


def test_distances_of_equal_disjoint_and_half_overlapping_distributions():
    p = {"0": 50, "1": 50}
    assert distances.total_variation(p, p) == 0
    assert distances.hellinger_fidelity(p, p) == pytest.approx(1)
    assert distances.total_variation({"0": 1}, {"1": 1}) == 1
    assert distances.hellinger_distance({"0": 1}, {"1": 1}) == pytest.approx(1)
    assert distances.total_variation(p, {"0": 1}) == pytest.approx(0.5)
    assert distances.hellinger_fidelity(p, {"0": 1.0}) == pytest.approx(0.5)
    assert distances.marginal({"10": 3, "01": 5, "11": 2}, 0) == {"0": 3, "1": 7}


def test_t1_fit_recovers_a_known_decay_with_its_uncertainty():
    rng = np.random.default_rng(7)
    delays = np.linspace(0, 600, 8)
    shots = 2000
    p1 = [rng.binomial(shots, 0.95 * math.exp(-t / 200) + 0.02) / shots for t in delays]
    found = fitting.fit_t1(list(delays), p1, [shots] * 8)
    assert found.stderr is not None and found.stderr < 20
    assert abs(found.value - 200) < 4 * found.stderr
    assert found.quality == "good"


def test_rb_fit_recovers_alpha():
    lengths = [1, 25, 75, 150, 300]
    alpha = 0.995
    p0 = [0.5 * alpha**m + 0.5 for m in lengths]
    a, epc = fitting.fit_rb(lengths, p0, [4000] * 5)
    assert a.value == pytest.approx(alpha, abs=1e-4)
    assert epc.value == pytest.approx((1 - alpha) / 2, abs=1e-4)


def test_the_clifford_group_has_24_elements_and_a_sequence_inverts_itself():
    words, _, _ = clifford.group()
    assert len(words) == 24
    gates = clifford.rb_sequence(40, random.Random(3))
    total = np.eye(2, dtype=complex)
    for gate in gates:
        if gate != "barrier":
            total = clifford._GATES[gate] @ total
    # the identity up to a global phase
    assert abs(abs(np.trace(total)) - 2) < 1e-9


def _spec(**params: object) -> Spec:
    return Spec(("aer_simulator",), (), 100, dict(params), Profile())


def test_plans_check_their_parameters():
    assert len(health.plan(_spec(points=5, rbSequences=1))) == 5 + 5 + 2 + len(health.RB_LENGTHS)
    with pytest.raises(InvalidInput):
        health.plan(_spec(points=1000))
    with pytest.raises(InvalidInput):
        dpd.plan(_spec(strengths=[7.0]))
    with pytest.raises(InvalidInput):
        backend_compare.plan(_spec())  # one backend
    two = Spec(("a", "b"), (), 10, {"benchmark": "qft", "width": 3}, Profile())
    assert [p.backend for p in backend_compare.plan(two)] == ["a", "b"]


def test_kpi_verdicts_follow_the_profile():
    now = datetime.now(UTC)
    job = Finished(
        {},
        "aer_simulator",
        "COMPLETED",
        100,
        {"0": 100},
        now,
        now,
        now + timedelta(seconds=1),
        1.0,
        None,
    )
    profile = Profile()
    ok = kpis.bundle(
        Analysed({}, fidelity=0.95), [job], shot_budget=100, profile=profile, judge_backaction=True
    )
    assert ok["status"] == "OK" and ok["shotsUsed"] == 100 and ok["latencyUs"] == pytest.approx(1e6)
    warn = kpis.bundle(
        Analysed({}, fidelity=0.8), [job], shot_budget=100, profile=profile, judge_backaction=True
    )
    assert warn["status"] == "WARN"
    strict = validate({"fidelity_ok": 0.99, "fidelity_warn": 0.97}, profile)
    fail = kpis.bundle(
        Analysed({}, fidelity=0.95), [job], shot_budget=100, profile=strict, judge_backaction=True
    )
    assert fail["status"] == "FAIL"
    demo = kpis.bundle(
        Analysed({}, backaction=0.5),
        [job],
        shot_budget=100,
        profile=profile,
        judge_backaction=False,
    )
    assert demo["status"] == "OK" and demo["backaction"] == 0.5


def test_t2_echo_fit_by_qiskit_experiments_recovers_a_known_decay():
    rng = np.random.default_rng(11)
    delays = np.linspace(0, 300, 8)
    shots = 2000
    p1 = [rng.binomial(shots, 0.5 * (1 - math.exp(-t / 120)) + 0.01) / shots for t in delays]
    found = fitting.fit_t2_echo(list(delays), p1, [shots] * 8)
    assert found.stderr is not None
    assert abs(found.value - 120) < max(4 * found.stderr, 12)
