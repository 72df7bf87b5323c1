"""job rollups hourly: finished jobs summed per hour, backend, owner, app and status

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 22:46:08.714753
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


BUCKETS = 56  # domain.analytics.histogram.BUCKETS, frozen here as of this revision


def _histogram(ms: str) -> str:
    bucket = (
        f"CASE WHEN {ms} IS NULL THEN NULL WHEN {ms} < 1 THEN 0 ELSE "
        f"least({BUCKETS - 1}, 1 + floor(2 * ln({ms}) / 0.6931471805599453))::int END"
    )
    return "ARRAY[" + ", ".join(
        f"count(*) FILTER (WHERE {bucket} = {k})::bigint" for k in range(BUCKETS)
    ) + "]"


_WAIT = "(extract(epoch FROM started_at - created_at) * 1000)::float8"
_EXECUTION = (
    "(CASE WHEN started_at IS NULL THEN NULL ELSE coalesce(execution_ms, "
    "(extract(epoch FROM finished_at - started_at) * 1000)::float8) END)"
)
BACKFILL = f"""
INSERT INTO job_rollups_hourly (hour, backend_id, owner_id, app_id, status, jobs, shots, cost,
  wait_ms_sum, wait_count, wait_ms_max, wait_hist, execution_ms_sum, execution_count,
  execution_ms_max, execution_hist, fidelity_sum, fidelity_count)
SELECT date_trunc('hour', finished_at, 'UTC'), backend_id, owner_id, app_id, status,
  count(*), coalesce(sum(shots), 0), coalesce(sum(coalesce(actual_cost, 0)), 0),
  coalesce(sum({_WAIT}), 0), count({_WAIT}), max({_WAIT}), {_histogram(_WAIT)},
  coalesce(sum({_EXECUTION}), 0), count({_EXECUTION}), max({_EXECUTION}),
  {_histogram(_EXECUTION)},
  coalesce(sum(fidelity), 0), count(fidelity)
FROM jobs
WHERE finished_at IS NOT NULL AND status IN ('COMPLETED', 'FAILED', 'CANCELLED')
GROUP BY GROUPING SETS (
  (date_trunc('hour', finished_at, 'UTC'), backend_id, owner_id, app_id, status),
  (date_trunc('hour', finished_at, 'UTC'), backend_id, app_id, status)
)
"""


ADD_COUNTS = """
CREATE FUNCTION qraph_add_counts(a bigint[], b bigint[]) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i), '{}')
  FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i)
$$
"""


def upgrade() -> None:
    op.create_table('job_rollups_hourly',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('hour', sa.DateTime(timezone=True), nullable=False),
    sa.Column('backend_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.UUID(), nullable=True),
    sa.Column('app_id', sa.UUID(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('jobs', sa.BigInteger(), nullable=False),
    sa.Column('shots', sa.BigInteger(), nullable=False),
    sa.Column('cost', sa.Numeric(precision=18, scale=6), nullable=False),
    sa.Column('wait_ms_sum', sa.Float(), nullable=False),
    sa.Column('wait_count', sa.BigInteger(), nullable=False),
    sa.Column('wait_ms_max', sa.Float(), nullable=True),
    sa.Column('wait_hist', postgresql.ARRAY(sa.BigInteger()), nullable=False),
    sa.Column('execution_ms_sum', sa.Float(), nullable=False),
    sa.Column('execution_count', sa.BigInteger(), nullable=False),
    sa.Column('execution_ms_max', sa.Float(), nullable=True),
    sa.Column('execution_hist', postgresql.ARRAY(sa.BigInteger()), nullable=False),
    sa.Column('fidelity_sum', sa.Float(), nullable=False),
    sa.Column('fidelity_count', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_rollups_hourly'))
    )
    op.create_index('ix_job_rollups_hourly_key', 'job_rollups_hourly', ['hour', 'backend_id', 'owner_id', 'app_id', 'status'], unique=True, postgresql_nulls_not_distinct=True)
    op.create_index('ix_job_rollups_hourly_owner_hour', 'job_rollups_hourly', ['owner_id', 'hour'], unique=False)
    op.create_index('ix_jobs_finished', 'jobs', ['finished_at'], unique=False, postgresql_where=sa.text('finished_at IS NOT NULL'))
    # Element-wise sum of two histograms: an increment added to its hour's row.
    op.execute(ADD_COUNTS)
    # The jobs that finished before this revision, counted once (the worker counts the rest).
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_index('ix_jobs_finished', table_name='jobs', postgresql_where=sa.text('finished_at IS NOT NULL'))
    op.drop_index('ix_job_rollups_hourly_owner_hour', table_name='job_rollups_hourly')
    op.drop_index('ix_job_rollups_hourly_key', table_name='job_rollups_hourly', postgresql_nulls_not_distinct=True)
    op.drop_table('job_rollups_hourly')
    op.execute("DROP FUNCTION qraph_add_counts(bigint[], bigint[])")
