"""The run's KPI bundle (seed 002) and its ok/warn/fail status. Pure.

Thresholds come from the control profile (`domain.experiments.control_profile.Profile`); each
figure is judged alone and the run's status is the worst of them, as for job KPIs:

- fidelity: OK ≥ fidelity_ok (0.9), WARN ≥ fidelity_warn (0.7), else FAIL;
- latencyUs (end-to-end median of the run's jobs): OK ≤ latency_ok_us (2 s), WARN ≤
  latency_warn_us (20 s), else FAIL;
- backaction: OK ≤ backaction_ok (0.1), WARN ≤ backaction_warn (0.3), else FAIL — except in
  `dpd_demo`, whose purpose is to measure it, where it is reported and not judged;
- a run with a FAILED job is FAIL; a cancelled run has no status.
"""

from __future__ import annotations

from statistics import median
from typing import Any

from domain.experiments.control_profile import Profile
from domain.experiments.plans import Analysed, Finished
from domain.jobs.kpis import KpiStatus

_RANK = {KpiStatus.OK: 0, KpiStatus.WARN: 1, KpiStatus.FAIL: 2}


def _at_least(value: float, ok: float, warn: float) -> KpiStatus:
    if value >= ok:
        return KpiStatus.OK
    return KpiStatus.WARN if value >= warn else KpiStatus.FAIL


def _at_most(value: float, ok: float, warn: float) -> KpiStatus:
    if value <= ok:
        return KpiStatus.OK
    return KpiStatus.WARN if value <= warn else KpiStatus.FAIL


def end_to_end_us(job: Finished) -> float | None:
    if job.finished_at is None:
        return None
    return (job.finished_at - job.created_at).total_seconds() * 1e6


def bundle(
    analysed: Analysed,
    jobs: list[Finished],
    *,
    shot_budget: int,
    profile: Profile,
    judge_backaction: bool,
) -> dict[str, Any]:
    latencies = [v for v in map(end_to_end_us, jobs) if v is not None]
    latency = analysed.latency_us
    if latency is None and latencies:
        latency = median(latencies)
    verdicts = []
    if analysed.fidelity is not None:
        verdicts.append(_at_least(analysed.fidelity, profile.fidelity_ok, profile.fidelity_warn))
    if latency is not None:
        verdicts.append(_at_most(latency, profile.latency_ok_us, profile.latency_warn_us))
    if analysed.backaction is not None and judge_backaction:
        verdicts.append(
            _at_most(analysed.backaction, profile.backaction_ok, profile.backaction_warn)
        )
    if any(j.status == "FAILED" for j in jobs):
        verdicts.append(KpiStatus.FAIL)
    status = max(verdicts, key=_RANK.__getitem__) if verdicts else None
    return {
        "fidelity": analysed.fidelity,
        "latencyUs": latency,
        "backaction": analysed.backaction,
        "shotsUsed": sum(j.shots for j in jobs if j.status == "COMPLETED"),
        "shotBudget": shot_budget,
        "status": status.value if status is not None else None,
    }
