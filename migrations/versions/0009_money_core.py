"""Money core: spending limits and months, subscription keys, jobs' subscription, the settle trigger

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 22:45:25.931408
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Money follows a job's terminal transition, in its transaction, whatever path made it (the
# worker's single or batch record, a cancel, the reconciler): the spending reservation (its
# estimate plus the app's per-run price) and the subscription's reserved per-run price are
# released; on COMPLETED the usage record is written, keyed by the job (ON CONFLICT DO NOTHING:
# exactly once), and only when it was written are the month's spend and the subscription's
# used amount raised; on FAILED or CANCELLED the job's shots are given back (a negative
# shot_usage row). Transitions are conditional and terminal states final, so this runs once.
SETTLE_FUNCTION = """
CREATE FUNCTION jobs_settle_money() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  app_price numeric := coalesce(NEW.app_charge, 0);
  written int;
BEGIN
  -- The subscription's row before the month's, the order a submission locks them in.
  IF NEW.subscription_id IS NOT NULL AND app_price > 0 THEN
    UPDATE plan_subscriptions
       SET reserved_in_period = greatest(reserved_in_period - app_price, 0)
     WHERE id = NEW.subscription_id;
  END IF;
  UPDATE spending_months
     SET reserved = greatest(reserved - NEW.cost_estimate - app_price, 0)
   WHERE user_id = NEW.owner_id
     AND month = date_trunc('month', NEW.created_at AT TIME ZONE 'UTC')::date;
  IF NEW.status <> 'COMPLETED' THEN
    -- Not charged, and its shots go back to the budget: a negative usage row dated like the
    -- submission's, so the two age out of the rolling window together.
    INSERT INTO shot_usage (id, user_id, shots, reference, used_at)
    VALUES (gen_random_uuid(), NEW.owner_id, -NEW.shots, 'refund:' || NEW.id, NEW.created_at);
  END IF;
  IF NEW.status = 'COMPLETED' THEN
    INSERT INTO usage_records (id, job_id, user_id, backend_id, app_id, subscription_id, shots,
                               backend_charge, app_charge, currency, recorded_at)
    VALUES (gen_random_uuid(), NEW.id, NEW.owner_id, NEW.backend_id, NEW.app_id,
            NEW.subscription_id, NEW.shots, coalesce(NEW.actual_cost, NEW.cost_estimate),
            app_price, NEW.currency, coalesce(NEW.finished_at, now()))
    ON CONFLICT (job_id) DO NOTHING;
    GET DIAGNOSTICS written = ROW_COUNT;
    IF written > 0 THEN
      INSERT INTO spending_months (user_id, month, spent, reserved)
      VALUES (NEW.owner_id,
              date_trunc('month', coalesce(NEW.finished_at, now()) AT TIME ZONE 'UTC')::date,
              coalesce(NEW.actual_cost, NEW.cost_estimate) + app_price, 0)
      ON CONFLICT (user_id, month) DO UPDATE SET spent = spending_months.spent + excluded.spent;
      IF NEW.subscription_id IS NOT NULL AND app_price > 0 THEN
        UPDATE plan_subscriptions SET used_in_period = used_in_period + app_price
         WHERE id = NEW.subscription_id;
      END IF;
    END IF;
  END IF;
  RETURN NULL;
END $$
"""
SETTLE_TRIGGER = """
CREATE TRIGGER jobs_settle_money AFTER UPDATE OF status ON jobs
FOR EACH ROW WHEN (OLD.status IN ('QUEUED', 'RUNNING')
                   AND NEW.status IN ('COMPLETED', 'FAILED', 'CANCELLED')
                   AND NEW.source = 'QRAPH')
EXECUTE FUNCTION jobs_settle_money()
"""


def upgrade() -> None:
    op.create_table(
        "spending_limits",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("user_limit", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("admin_limit", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_spending_limits_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_spending_limits")),
    )
    op.create_table(
        "spending_months",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("spent", sa.Numeric(precision=14, scale=6), server_default="0", nullable=False),
        sa.Column(
            "reserved", sa.Numeric(precision=14, scale=6), server_default="0", nullable=False
        ),
        sa.Column("warned_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_spending_months_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "month", name=op.f("pk_spending_months")),
    )
    op.create_table(
        "subscription_keys",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("subscription_id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("app_id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("last4", sa.String(length=4), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rate_limit", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("runs", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["app_id"],
            ["quantum_apps.id"],
            name=op.f("fk_subscription_keys_app_id_quantum_apps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["plan_subscriptions.id"],
            name=op.f("fk_subscription_keys_subscription_id_plan_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_subscription_keys_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscription_keys")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_subscription_keys_secret_hash")),
    )
    op.create_index(
        op.f("ix_subscription_keys_subscription_id"),
        "subscription_keys",
        ["subscription_id"],
        unique=False,
    )
    op.add_column("jobs", sa.Column("subscription_id", sa.UUID(), nullable=True))
    op.add_column("jobs", sa.Column("app_charge", sa.Numeric(precision=12, scale=6), nullable=True))
    op.create_foreign_key(
        op.f("fk_jobs_subscription_id_plan_subscriptions"),
        "jobs",
        "plan_subscriptions",
        ["subscription_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.add_column(
        "plan_subscriptions",
        sa.Column("trial_warned_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.execute(SETTLE_FUNCTION)
    op.execute(SETTLE_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS jobs_settle_money ON jobs")
    op.execute("DROP FUNCTION IF EXISTS jobs_settle_money()")
    op.drop_column("plan_subscriptions", "trial_warned_at")
    op.drop_constraint(
        op.f("fk_jobs_subscription_id_plan_subscriptions"), "jobs", type_="foreignkey"
    )
    op.drop_column("jobs", "app_charge")
    op.drop_column("jobs", "subscription_id")
    op.drop_index(op.f("ix_subscription_keys_subscription_id"), table_name="subscription_keys")
    op.drop_table("subscription_keys")
    op.drop_table("spending_months")
    op.drop_table("spending_limits")
