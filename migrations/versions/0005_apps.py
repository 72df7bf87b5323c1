"""apps: projects, apps, tags, versions; developer terms

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 20:05:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTENT_COLUMNS = (
    "app_id", "version", "precedence", "prerelease", "release_notes", "sdk", "template",
    "input_schema", "constraints", "documentation", "default_shots", "qubits", "depth",
    "two_qubit_gates", "cost_estimates", "created_at",
)  # fmt: skip
IMMUTABLE_FUNCTION = f"""
CREATE FUNCTION app_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'DRAFT' AND ({
    " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in CONTENT_COLUMNS)
}) THEN
    RAISE EXCEPTION 'app version % is %, and a published version is immutable',
      OLD.version, OLD.status USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status <> 'DRAFT' AND NEW.status = 'DRAFT' THEN
    RAISE EXCEPTION 'app version % cannot return to DRAFT', OLD.version
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$
"""
IMMUTABLE_TRIGGER = """
CREATE TRIGGER app_versions_immutable BEFORE UPDATE ON app_versions
FOR EACH ROW EXECUTE FUNCTION app_versions_immutable()
"""


def upgrade() -> None:
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("name", name=op.f("uq_tags_name")),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("owner_id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
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
            ["owner_id"], ["users.id"], name=op.f("fk_projects_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
    )
    op.create_index(
        "ix_projects_owner_created", "projects", ["owner_id", "created_at", "id"], unique=False
    )
    op.create_table(
        "quantum_apps",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("owner_id", sa.UUID(), nullable=False),
        sa.Column("project_id", sa.UUID(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
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
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_quantum_apps_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_quantum_apps_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quantum_apps")),
        sa.UniqueConstraint("project_id", name=op.f("uq_quantum_apps_project_id")),
        sa.UniqueConstraint("slug", name=op.f("uq_quantum_apps_slug")),
    )
    op.create_index(
        "ix_quantum_apps_owner_created",
        "quantum_apps",
        ["owner_id", "created_at", "id"],
        unique=False,
    )
    op.create_table(
        "app_tags",
        sa.Column("app_id", sa.UUID(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["app_id"],
            ["quantum_apps.id"],
            name=op.f("fk_app_tags_app_id_quantum_apps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_app_tags_tag_id_tags"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("app_id", "tag_id", name=op.f("pk_app_tags")),
    )
    op.create_index(op.f("ix_app_tags_tag_id"), "app_tags", ["tag_id"], unique=False)
    op.create_table(
        "app_versions",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("app_id", sa.UUID(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("precedence", sa.String(length=160, collation="C"), nullable=False),
        sa.Column("prerelease", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("release_notes", sa.Text(), nullable=False),
        sa.Column("sdk", sa.String(length=64), nullable=False),
        sa.Column("template", sa.Text(), nullable=False),
        sa.Column("input_schema", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("constraints", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("documentation", sa.Text(), nullable=False),
        sa.Column("default_shots", sa.Integer(), nullable=False),
        sa.Column("qubits", sa.Integer(), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("two_qubit_gates", sa.Integer(), nullable=False),
        sa.Column("cost_estimates", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
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
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deprecated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("yanked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("yank_reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["app_id"],
            ["quantum_apps.id"],
            name=op.f("fk_app_versions_app_id_quantum_apps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_versions")),
        sa.UniqueConstraint("app_id", "precedence", name=op.f("uq_app_versions_app_id_precedence")),
    )
    op.create_index(
        "ix_app_versions_app_status_precedence",
        "app_versions",
        ["app_id", "status", "precedence"],
        unique=False,
    )
    # A published version is immutable in the database too: only its status, the status
    # timestamps and the yank reason may change once it leaves DRAFT (the domain refuses
    # first, with VersionImmutable; this catches any other writer).
    op.execute(IMMUTABLE_FUNCTION)
    op.execute(IMMUTABLE_TRIGGER)
    op.add_column(
        "users", sa.Column("developer_terms_accepted_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS app_versions_immutable ON app_versions")
    op.execute("DROP FUNCTION IF EXISTS app_versions_immutable()")
    op.drop_column("users", "developer_terms_accepted_at")
    op.drop_index("ix_app_versions_app_status_precedence", table_name="app_versions")
    op.drop_table("app_versions")
    op.drop_index(op.f("ix_app_tags_tag_id"), table_name="app_tags")
    op.drop_table("app_tags")
    op.drop_index("ix_quantum_apps_owner_created", table_name="quantum_apps")
    op.drop_table("quantum_apps")
    op.drop_index("ix_projects_owner_created", table_name="projects")
    op.drop_table("projects")
    op.drop_table("tags")
