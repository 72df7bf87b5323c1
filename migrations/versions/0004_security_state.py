"""security state in PostgreSQL: token cut-off per user, failed sign-ins

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 21:45:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "users", sa.Column("tokens_valid_after", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("account", sa.String(length=100), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index(
        "ix_login_failures_account_failed_at", "login_failures", ["account", "failed_at"]
    )
    op.create_index("ix_login_failures_ip_failed_at", "login_failures", ["ip", "failed_at"])


def downgrade() -> None:
    op.drop_index("ix_login_failures_ip_failed_at", table_name="login_failures")
    op.drop_index("ix_login_failures_account_failed_at", table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_column("users", "tokens_valid_after")
