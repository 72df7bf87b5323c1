"""`Backend.kpis(window)`: a backend's figures over everyone's finished jobs, with verdicts.

Thresholds, judged alone per figure like the job KPIs (domain.jobs.kpis); the backend's status
is the worst of them, and null while it has no finished job in the window:

- success rate (COMPLETED / (COMPLETED + FAILED)): ok ≥ 0.95, warn ≥ 0.80, else fail;
- queue wait p95: the job thresholds (ok ≤ 60 s, warn ≤ 600 s);
- execution p95: the job thresholds (ok ≤ 10 s, warn ≤ 60 s);
- utilization (busy time over the window): ok ≤ 0.80, warn ≤ 0.95, else fail (saturated).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.analytics import views
from domain.analytics.summary import Summary
from domain.analytics.window import Window
from domain.db import AsyncSession
from domain.jobs.kpis import KpiStatus, execution_status, queue_wait_status

SUCCESS_OK = 0.95
SUCCESS_WARN = 0.80
UTILIZATION_OK = 0.80
UTILIZATION_WARN = 0.95

_RANK = {KpiStatus.OK: 0, KpiStatus.WARN: 1, KpiStatus.FAIL: 2}


@dataclass(frozen=True, slots=True)
class BackendKpis:
    backend_id: int
    window: Window
    summary: Summary | None

    @property
    def utilization(self) -> float:
        busy = self.summary.busy_ms / 1000 if self.summary else 0.0
        return busy / (self.window.hours * 3600)

    @property
    def jobs_per_hour(self) -> float:
        return (self.summary.jobs if self.summary else 0) / self.window.hours

    @property
    def status(self) -> KpiStatus | None:
        s = self.summary
        if s is None or s.jobs == 0:
            return None
        verdicts = [utilization_status(self.utilization)]
        if s.success_rate is not None:
            verdicts.append(success_status(s.success_rate))
        if s.wait.p95 is not None:
            verdicts.append(queue_wait_status(s.wait.p95))
        if s.execution.p95 is not None:
            verdicts.append(execution_status(s.execution.p95))
        return max(verdicts, key=_RANK.__getitem__)


def success_status(rate: float) -> KpiStatus:
    if rate >= SUCCESS_OK:
        return KpiStatus.OK
    return KpiStatus.WARN if rate >= SUCCESS_WARN else KpiStatus.FAIL


def utilization_status(share: float) -> KpiStatus:
    if share <= UTILIZATION_OK:
        return KpiStatus.OK
    return KpiStatus.WARN if share <= UTILIZATION_WARN else KpiStatus.FAIL


async def backend_kpis(
    session: AsyncSession, *, backend_ids: list[int], window: Window
) -> dict[int, BackendKpis]:
    """Each backend's KPIs, in one statement for all of them."""
    found = await views.backend_comparison(
        session, principal=None, window=window, backend_ids=backend_ids
    )
    by_id = {f.backend_id: f.summary for f in found}
    return {i: BackendKpis(i, window, by_id.get(i)) for i in backend_ids}
