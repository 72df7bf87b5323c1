"""Many synthetic jobs in one statement (generate_series), for plans and benchmarks."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text

# Final jobs spread over `days` days before now, on the catalog's first `backends` backends,
# owned round-robin by `owners`; one in 10 FAILED, one in 50 CANCELLED, the rest COMPLETED;
# waits of 0.1 to 60 s and runs of 5 ms to 20 s, so the histograms spread.
BULK = text(
    """
    INSERT INTO jobs (id, owner_id, backend_id, name, circuit, circuit_format, qubits, depth,
      shots, priority, tags, status, created_at, started_at, finished_at, cost_estimate,
      actual_cost, currency, fidelity, execution_ms, attempts, source, details, app_id)
    SELECT gen_random_uuid(), (CAST(:owners AS uuid[]))[1 + i % cardinality(CAST(:owners AS uuid[]))],
      (CAST(:backend_ids AS int[]))[1 + (i / 7) % cardinality(CAST(:backend_ids AS int[]))], 'synthetic ' || i,
      'OPENQASM 2.0;', 'QASM2', 2, 3, 100 + (i % 10) * 100, 'STANDARD', '{}',
      CASE WHEN i % 50 = 0 THEN 'CANCELLED' WHEN i % 10 = 0 THEN 'FAILED' ELSE 'COMPLETED' END,
      f - make_interval(secs => 0.005 + (i % 97) * 0.2) - make_interval(secs => 0.1 + (i % 61)),
      f - make_interval(secs => 0.005 + (i % 97) * 0.2),
      f, 0.3, CASE WHEN i % 10 = 0 OR i % 50 = 0 THEN 0 ELSE 0.3 + (i % 10) * 0.01 END, 'USD',
      CASE WHEN i % 10 = 0 THEN NULL ELSE 0.8 + (i % 20) * 0.01 END,
      5 + (i % 97) * 200.0, 1, 'QRAPH', '{}', NULL
    FROM generate_series(1, CAST(:n AS int)) AS i,
      LATERAL (SELECT now() - make_interval(secs => (i::float8 / CAST(:n AS int)) * CAST(:days AS int) * 86400)) AS t(f)
    """
)


async def bulk_jobs(
    session: Any, *, n: int, days: int, owners: list[uuid.UUID], backend_ids: list[int]
) -> None:
    await session.execute(
        BULK, {"n": n, "days": days, "owners": owners, "backend_ids": backend_ids}
    )
