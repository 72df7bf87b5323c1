"""Per-job KPIs and their ok/warn/fail status. Pure: figures in, verdicts out.

Thresholds (each figure is judged alone; the job's status is the worst of them):

- fidelity (Hellinger, observed counts against the ideal distribution): ok ≥ 0.9, warn ≥ 0.7,
  else fail;
- queue wait (created to started): ok ≤ 60 s, warn ≤ 600 s, else fail;
- execution (the simulator's or device's run time): ok ≤ 10 s, warn ≤ 60 s, else fail.

A FAILED job is `fail` whatever its figures. A job that has not finished (or was cancelled)
has no status: its figures are incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.jobs.models import JobStatus

FIDELITY_OK = 0.9
FIDELITY_WARN = 0.7
QUEUE_WAIT_OK_MS = 60_000.0
QUEUE_WAIT_WARN_MS = 600_000.0
EXECUTION_OK_MS = 10_000.0
EXECUTION_WARN_MS = 60_000.0


class KpiStatus(StrEnum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"


_RANK = {KpiStatus.OK: 0, KpiStatus.WARN: 1, KpiStatus.FAIL: 2}


@dataclass(frozen=True, slots=True)
class JobKpis:
    fidelity: float | None
    queue_wait_ms: float | None
    execution_ms: float | None
    shots_used: int
    status: KpiStatus | None


def fidelity_status(fidelity: float) -> KpiStatus:
    if fidelity >= FIDELITY_OK:
        return KpiStatus.OK
    return KpiStatus.WARN if fidelity >= FIDELITY_WARN else KpiStatus.FAIL


def _at_most(value: float, ok: float, warn: float) -> KpiStatus:
    if value <= ok:
        return KpiStatus.OK
    return KpiStatus.WARN if value <= warn else KpiStatus.FAIL


def queue_wait_status(ms: float) -> KpiStatus:
    return _at_most(ms, QUEUE_WAIT_OK_MS, QUEUE_WAIT_WARN_MS)


def execution_status(ms: float) -> KpiStatus:
    return _at_most(ms, EXECUTION_OK_MS, EXECUTION_WARN_MS)


def overall_status(
    status: JobStatus,
    *,
    fidelity: float | None,
    queue_wait_ms: float | None,
    execution_ms: float | None,
) -> KpiStatus | None:
    """The worst of the figures' verdicts; FAIL for a failed job, None until it finished."""
    if status == JobStatus.FAILED:
        return KpiStatus.FAIL
    if status != JobStatus.COMPLETED:
        return None
    verdicts = [KpiStatus.OK]
    if fidelity is not None:
        verdicts.append(fidelity_status(fidelity))
    if queue_wait_ms is not None:
        verdicts.append(queue_wait_status(queue_wait_ms))
    if execution_ms is not None:
        verdicts.append(execution_status(execution_ms))
    return max(verdicts, key=_RANK.__getitem__)


def job_kpis(
    status: JobStatus,
    *,
    fidelity: float | None,
    queue_wait_ms: float | None,
    execution_ms: float | None,
    shots: int,
) -> JobKpis:
    """A job's figures with their combined verdict."""
    return JobKpis(
        fidelity=fidelity,
        queue_wait_ms=queue_wait_ms,
        execution_ms=execution_ms,
        shots_used=shots,
        status=overall_status(
            status, fidelity=fidelity, queue_wait_ms=queue_wait_ms, execution_ms=execution_ms
        ),
    )
