"""distribution: registry entries, marketplace listings, search, app runs

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 21:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As domain.apps.models.SEARCH_VECTOR was at this revision (a migration never follows the code).
SEARCH_VECTOR = (
    "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')"
)
# The words of an app's name and summary, for typo-tolerant search (domain.apps.search).
WORDS_FUNCTION = r"""
CREATE FUNCTION app_words_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO app_words (word)
  SELECT DISTINCT w FROM regexp_split_to_table(
    lower(coalesce(NEW.name, '') || ' ' || coalesce(NEW.summary, '')), '[^[:alnum:]]+') AS w
  WHERE length(w) BETWEEN 3 AND 64
  ON CONFLICT (word) DO NOTHING;
  RETURN NULL;
END $$
"""
WORDS_TRIGGER = """
CREATE TRIGGER app_words_collect AFTER INSERT OR UPDATE OF name, summary ON quantum_apps
FOR EACH ROW EXECUTE FUNCTION app_words_collect()
"""
# Trigram similarity of our own (pg_trgm's measure: shared trigrams of the padded word over
# all its trigrams), in plain SQL, because the embedded PostgreSQL has no pg_trgm.
TRIGRAMS_FUNCTION = """
CREATE FUNCTION qraph_trigrams(word text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT
PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(padded, i, 3)), '{}')
  FROM (SELECT '  ' || lower(word) || ' ' AS padded) AS p,
       generate_series(1, length(padded) - 2) AS i
$$
"""
SIMILARITY_FUNCTION = """
CREATE FUNCTION qraph_similarity(a text, b text) RETURNS real LANGUAGE sql IMMUTABLE STRICT
PARALLEL SAFE AS $$
  SELECT CASE WHEN u.n = 0 THEN 0::real ELSE (i.n::real / u.n::real) END
  FROM (SELECT count(*) AS n FROM (SELECT unnest(qraph_trigrams(a))
        INTERSECT SELECT unnest(qraph_trigrams(b))) AS x) AS i,
       (SELECT count(*) AS n FROM (SELECT unnest(qraph_trigrams(a))
        UNION SELECT unnest(qraph_trigrams(b))) AS y) AS u
$$
"""
# An app's completed runs: counted in the transaction of the job's COMPLETED transition.
# COMPLETED is terminal and transitions are conditional, so a job counts once.
RUNS_FUNCTION = """
CREATE FUNCTION quantum_apps_count_run() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE quantum_apps SET run_count = run_count + 1 WHERE id = NEW.app_id;
  RETURN NULL;
END $$
"""
RUNS_TRIGGER = """
CREATE TRIGGER quantum_apps_count_run AFTER UPDATE OF status ON jobs
FOR EACH ROW WHEN (NEW.status = 'COMPLETED' AND OLD.status IS DISTINCT FROM 'COMPLETED'
                   AND NEW.app_id IS NOT NULL)
EXECUTE FUNCTION quantum_apps_count_run()
"""


def upgrade() -> None:
    op.add_column(
        "quantum_apps",
        sa.Column("run_count", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column(
        "quantum_apps",
        sa.Column("downloads", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column(
        "quantum_apps", sa.Column("rating", sa.Numeric(precision=3, scale=2), nullable=True)
    )
    op.add_column(
        "quantum_apps",
        sa.Column("rating_count", sa.Integer(), server_default="0", nullable=False),
    )
    op.add_column(
        "quantum_apps",
        sa.Column(
            "search_vector",
            postgresql.TSVECTOR(),
            sa.Computed(SEARCH_VECTOR, persisted=True),
            nullable=True,
        ),
    )
    op.create_index(
        "ix_quantum_apps_search",
        "quantum_apps",
        ["search_vector"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_table(
        "app_words",
        sa.Column("word", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_app_words")),
    )
    op.execute(WORDS_FUNCTION)
    op.execute(WORDS_TRIGGER)
    op.execute(TRIGRAMS_FUNCTION)
    op.execute(SIMILARITY_FUNCTION)
    # Apps released before this revision get their words too.
    op.execute("UPDATE quantum_apps SET name = name")
    op.create_table(
        "registry_entries",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("app_id", sa.UUID(), nullable=False),
        sa.Column("version_id", sa.UUID(), nullable=False),
        sa.Column("package", sa.LargeBinary(), nullable=False),
        sa.Column("package_sha256", sa.String(length=64), nullable=False),
        sa.Column("package_size", sa.Integer(), nullable=False),
        sa.Column("downloads", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("published_by", sa.UUID(), nullable=False),
        sa.Column(
            "published_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["app_id"],
            ["quantum_apps.id"],
            name=op.f("fk_registry_entries_app_id_quantum_apps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["app_versions.id"],
            name=op.f("fk_registry_entries_version_id_app_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by"],
            ["users.id"],
            name=op.f("fk_registry_entries_published_by_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_entries")),
        sa.UniqueConstraint("version_id", name=op.f("uq_registry_entries_version_id")),
    )
    op.create_index(
        "ix_registry_entries_app_published",
        "registry_entries",
        ["app_id", "published_at"],
        unique=False,
    )
    op.create_table(
        "marketplace_listings",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("app_id", sa.UUID(), nullable=False),
        sa.Column("pricing_model", sa.String(length=20), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("flat_price", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("period", sa.String(length=8), nullable=True),
        sa.Column("per_run_price", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("cap_per_period", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("trial_days", sa.Integer(), nullable=False),
        sa.Column("support_email", sa.String(length=254), nullable=False),
        sa.Column("support_url", sa.String(length=2048), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("listed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delisted_at", sa.DateTime(timezone=True), nullable=True),
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
            name=op.f("fk_marketplace_listings_app_id_quantum_apps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketplace_listings")),
        sa.UniqueConstraint("app_id", name=op.f("uq_marketplace_listings_app_id")),
    )
    op.create_index(
        "ix_marketplace_listings_status",
        "marketplace_listings",
        ["status", "listed_at", "id"],
        unique=False,
    )
    op.add_column("jobs", sa.Column("app_id", sa.UUID(), nullable=True))
    op.add_column("jobs", sa.Column("app_version_id", sa.UUID(), nullable=True))
    op.create_foreign_key(
        op.f("fk_jobs_app_id_quantum_apps"),
        "jobs",
        "quantum_apps",
        ["app_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_foreign_key(
        op.f("fk_jobs_app_version_id_app_versions"),
        "jobs",
        "app_versions",
        ["app_version_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_index(
        "ix_jobs_app_owner",
        "jobs",
        ["app_id", "owner_id"],
        unique=False,
        postgresql_where=sa.text("app_id IS NOT NULL"),
    )
    op.execute(RUNS_FUNCTION)
    op.execute(RUNS_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS quantum_apps_count_run ON jobs")
    op.execute("DROP FUNCTION IF EXISTS quantum_apps_count_run()")
    op.drop_index("ix_jobs_app_owner", table_name="jobs")
    op.drop_constraint(op.f("fk_jobs_app_version_id_app_versions"), "jobs", type_="foreignkey")
    op.drop_constraint(op.f("fk_jobs_app_id_quantum_apps"), "jobs", type_="foreignkey")
    op.drop_column("jobs", "app_version_id")
    op.drop_column("jobs", "app_id")
    op.drop_index("ix_marketplace_listings_status", table_name="marketplace_listings")
    op.drop_table("marketplace_listings")
    op.drop_index("ix_registry_entries_app_published", table_name="registry_entries")
    op.drop_table("registry_entries")
    op.execute("DROP TRIGGER IF EXISTS app_words_collect ON quantum_apps")
    op.execute("DROP FUNCTION IF EXISTS app_words_collect()")
    op.execute("DROP FUNCTION IF EXISTS qraph_similarity(text, text)")
    op.execute("DROP FUNCTION IF EXISTS qraph_trigrams(text)")
    op.drop_table("app_words")
    op.drop_index("ix_quantum_apps_search", table_name="quantum_apps")
    op.drop_column("quantum_apps", "search_vector")
    op.drop_column("quantum_apps", "rating_count")
    op.drop_column("quantum_apps", "rating")
    op.drop_column("quantum_apps", "downloads")
    op.drop_column("quantum_apps", "run_count")
