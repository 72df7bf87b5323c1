"""The dashboard: top backends by KPI, and what `dashboardUpdated` compares between pushes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.analytics import views
from domain.analytics.backend_kpis import BackendKpis
from domain.analytics.window import Bucket, window
from domain.db import AsyncSession

TOP_WINDOW_HOURS = 24
_RANK = {"OK": 0, "WARN": 1, "FAIL": 2}


@dataclass(frozen=True, slots=True)
class TopBackend:
    name: str
    provider: str
    kpis: BackendKpis


async def top_backends(
    session: AsyncSession, *, n: int, now: datetime | None = None
) -> list[TopBackend]:
    """The `n` backends with finished jobs in the last 24 hours with the best KPIs: the best
    verdict first, then the higher success rate, the more jobs, the shorter median wait."""
    now = now or datetime.now(UTC)
    span = window(now - timedelta(hours=TOP_WINDOW_HOURS), now, Bucket.HOUR, now=now)
    found = await views.backend_comparison(session, principal=None, window=span)
    ranked = [
        TopBackend(f.backend_name, f.provider, BackendKpis(f.backend_id, span, f.summary))
        for f in found
        if f.summary.jobs
    ]

    def order(t: TopBackend) -> tuple[Any, ...]:
        s = t.kpis.summary
        assert s is not None
        status = t.kpis.status
        return (
            _RANK[status.value] if status else 3,
            -(s.success_rate if s.success_rate is not None else -1.0),
            -s.jobs,
            s.wait.p50 if s.wait.p50 is not None else float("inf"),
            t.name,
        )

    return sorted(ranked, key=order)[:n]


def digest(payload: Any) -> str:
    """A stable hash of a rendered payload (its JSON), to push only what changed."""
    import orjson

    return hashlib.blake2b(
        orjson.dumps(payload, option=orjson.OPT_SORT_KEYS), digest_size=16
    ).hexdigest()
