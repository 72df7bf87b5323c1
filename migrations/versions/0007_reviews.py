"""reviews: app reviews with the owner's reply, and each app's rating histogram

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 21:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "quantum_apps",
        sa.Column(
            "rating_histogram",
            postgresql.ARRAY(sa.Integer()),
            server_default="{0,0,0,0,0}",
            nullable=False,
        ),
    )
    op.create_table(
        "app_reviews",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("app_id", sa.UUID(), nullable=False),
        sa.Column("author_id", sa.UUID(), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
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
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_app_reviews_rating_stars")),
        sa.ForeignKeyConstraint(
            ["app_id"],
            ["quantum_apps.id"],
            name=op.f("fk_app_reviews_app_id_quantum_apps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_app_reviews_author_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_reviews")),
        sa.UniqueConstraint("app_id", "author_id", name=op.f("uq_app_reviews_app_id_author_id")),
    )
    op.create_index(
        "ix_app_reviews_app_created", "app_reviews", ["app_id", "created_at", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_app_reviews_app_created", table_name="app_reviews")
    op.drop_table("app_reviews")
    op.drop_column("quantum_apps", "rating_histogram")
