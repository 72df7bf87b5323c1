"""KPI verdicts by their documented thresholds."""

from __future__ import annotations

import pytest

from domain.jobs.kpis import KpiStatus, fidelity_status, job_kpis, overall_status
from domain.jobs.models import JobStatus


@pytest.mark.parametrize(
    ("fidelity", "status"),
    [
        (1.0, KpiStatus.OK),
        (0.9, KpiStatus.OK),
        (0.89, KpiStatus.WARN),
        (0.7, KpiStatus.WARN),
        (0.69, KpiStatus.FAIL),
    ],
)
def test_fidelity_thresholds(fidelity, status):
    assert fidelity_status(fidelity) is status


def test_the_worst_figure_decides():
    verdict = overall_status(
        JobStatus.COMPLETED, fidelity=0.95, queue_wait_ms=120_000, execution_ms=1000
    )
    assert verdict is KpiStatus.WARN
    assert (
        overall_status(JobStatus.COMPLETED, fidelity=0.95, queue_wait_ms=1, execution_ms=61_000)
        is KpiStatus.FAIL
    )


def test_failed_jobs_fail_and_unfinished_ones_have_no_verdict():
    assert (
        overall_status(JobStatus.FAILED, fidelity=None, queue_wait_ms=None, execution_ms=None)
        is KpiStatus.FAIL
    )
    assert (
        overall_status(JobStatus.QUEUED, fidelity=None, queue_wait_ms=None, execution_ms=None)
        is None
    )
    kpis = job_kpis(
        JobStatus.COMPLETED, fidelity=None, queue_wait_ms=None, execution_ms=None, shots=5
    )
    assert kpis.status is KpiStatus.OK and kpis.shots_used == 5
