"""Projects, the apps released from them, shared tags, and each app's versions.

Later parts of the apps issue hang off these rows without changing them: a registry entry or a
marketplace listing references an app (or a version), a run is a job that references a
version, reviews and metrics reference an app, and the search vector is a column added to
`quantum_apps`.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR, UUID
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import Base, Timestamped


class AppCategory(StrEnum):
    CHEMISTRY = "CHEMISTRY"
    OPTIMIZATION = "OPTIMIZATION"
    FINANCE = "FINANCE"
    MACHINE_LEARNING = "MACHINE_LEARNING"
    CRYPTOGRAPHY = "CRYPTOGRAPHY"
    SIMULATION = "SIMULATION"
    BENCHMARKING = "BENCHMARKING"
    EDUCATION = "EDUCATION"
    OTHER = "OTHER"


class AppVisibility(StrEnum):
    PUBLIC = "PUBLIC"  # anyone may read it (and, later, find it)
    UNLISTED = "UNLISTED"  # its owner and admins only


class VersionStatus(StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    DEPRECATED = "DEPRECATED"
    YANKED = "YANKED"


class Project(Timestamped, Base):
    """A developer's work in progress; released, it becomes a QuantumApp."""

    __tablename__ = "projects"
    __table_args__ = (Index("ix_projects_owner_created", "owner_id", "created_at", "id"),)
    # Server-made timestamps come back in the INSERT/UPDATE (RETURNING), not a later SELECT.
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)


app_tags = Table(
    "app_tags",
    Base.metadata,
    Column("app_id", ForeignKey("quantum_apps.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(Base):
    """A lowercase label shared by every app that carries it."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# Name (A) > summary (B) > description (C), English stemming; websearch_to_tsquery queries it.
SEARCH_VECTOR = (
    "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')"
)


class QuantumApp(Timestamped, Base):
    """A released project: what consumers find, read about and run."""

    __tablename__ = "quantum_apps"
    __table_args__ = (
        Index("ix_quantum_apps_owner_created", "owner_id", "created_at", "id"),
        Index("ix_quantum_apps_search", "search_vector", postgresql_using="gin"),
    )
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # One app per project; deleting a project (allowed only before any version was published)
    # takes its app along.
    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), unique=True
    )
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[AppCategory] = mapped_column(String(32))
    visibility: Mapped[AppVisibility] = mapped_column(String(16))
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Jobs of this app that reached COMPLETED, counted by a trigger on jobs in the same
    # transaction as the transition (migration 0006), so a job never counts twice.
    run_count: Mapped[int] = mapped_column(BigInteger, server_default="0")
    # Packages served, over all its registry entries (same statement as the entry's count).
    downloads: Mapped[int] = mapped_column(BigInteger, server_default="0")
    # The average of its visible reviews (null when none) and how many there are.
    rating: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    rating_count: Mapped[int] = mapped_column(Integer, server_default="0")
    # Visible reviews by star: [ones, twos, threes, fours, fives] (domain.apps.reviews keeps
    # rating, rating_count and this in the transaction of each review write).
    rating_histogram: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), server_default="{0,0,0,0,0}"
    )
    search_vector: Mapped[Any] = mapped_column(
        TSVECTOR, Computed(SEARCH_VECTOR, persisted=True), deferred=True
    )


# Every word of every app's name and summary (lowercase), kept by a trigger on quantum_apps:
# what a misspelt search term is matched against (domain.apps.search), on any PostgreSQL.
app_words = Table(
    "app_words",
    Base.metadata,
    Column("word", String(64), primary_key=True),
)


class AppVersion(Base):
    """One semantic version of an app. Immutable once published, except for its status."""

    __tablename__ = "app_versions"
    __table_args__ = (
        # Versions equal in precedence (1.0.0+a and 1.0.0+b) are one version.
        UniqueConstraint("app_id", "precedence"),
        # latestVersion and versions(): an app's versions by status, in precedence order.
        Index("ix_app_versions_app_status_precedence", "app_id", "status", "precedence"),
    )
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    app_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("quantum_apps.id", ondelete="CASCADE"))
    version: Mapped[str] = mapped_column(String(64))
    # A byte-ordered key whose order is the semver library's precedence order (see
    # domain.apps.semantic_versions); "C" collation so PostgreSQL compares it byte by byte.
    precedence: Mapped[str] = mapped_column(String(160, collation="C"))
    prerelease: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[VersionStatus] = mapped_column(String(16))
    release_notes: Mapped[str] = mapped_column(Text)
    sdk: Mapped[str] = mapped_column(String(64))
    template: Mapped[str] = mapped_column(Text)
    # The JSON Schema of the inputs: derived from the template's `input` declarations, with
    # the developer's constraints applied; and the constraints as given.
    input_schema: Mapped[dict[str, Any]] = mapped_column(JSONB)
    constraints: Mapped[dict[str, Any]] = mapped_column(JSONB)
    documentation: Mapped[str] = mapped_column(Text)
    default_shots: Mapped[int] = mapped_column(Integer)
    qubits: Mapped[int] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer)
    two_qubit_gates: Mapped[int] = mapped_column(Integer)
    # [{"backend": name, "amount": "0.012000", "currency": "USD"}] for the default shots.
    cost_estimates: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deprecated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    yanked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    yank_reason: Mapped[str | None] = mapped_column(String(500))


class RegistryEntry(Base):
    """A published version offered free in the registry, with its package and download count."""

    __tablename__ = "registry_entries"
    __table_args__ = (Index("ix_registry_entries_app_published", "app_id", "published_at"),)
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    app_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("quantum_apps.id", ondelete="CASCADE"))
    version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("app_versions.id", ondelete="CASCADE"), unique=True
    )
    # The package (a .tar.gz) is built once, at publishing: the version is immutable, so its
    # bytes and digest never change, and every download serves exactly these bytes.
    package: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    package_sha256: Mapped[str] = mapped_column(String(64))
    package_size: Mapped[int] = mapped_column(Integer)
    downloads: Mapped[int] = mapped_column(BigInteger, server_default="0")
    published_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    published_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class PricingModel(StrEnum):
    FLAT = "FLAT"  # a flat price per period
    PER_RUN = "PER_RUN"  # a price per run
    FLAT_AND_PER_RUN = "FLAT_AND_PER_RUN"  # both


class BillingPeriod(StrEnum):
    MONTH = "MONTH"
    YEAR = "YEAR"


class ListingStatus(StrEnum):
    DRAFT = "DRAFT"
    LISTED = "LISTED"
    DELISTED = "DELISTED"


class MarketplaceListing(Timestamped, Base):
    """An app offered for a price: one listing per app, DRAFT → LISTED ⇄ DELISTED."""

    __tablename__ = "marketplace_listings"
    __table_args__ = (Index("ix_marketplace_listings_status", "status", "listed_at", "id"),)
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    app_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("quantum_apps.id", ondelete="CASCADE"), unique=True
    )
    pricing_model: Mapped[PricingModel] = mapped_column(String(20))
    currency: Mapped[str] = mapped_column(String(3))
    # FLAT (and FLAT_AND_PER_RUN): the price per period; PER_RUN (and both): the price per run.
    flat_price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    period: Mapped[BillingPeriod | None] = mapped_column(String(8))
    per_run_price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    # At most this much is charged per period, whatever the runs (optional).
    cap_per_period: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    trial_days: Mapped[int] = mapped_column(Integer)
    support_email: Mapped[str] = mapped_column(String(254))
    support_url: Mapped[str | None] = mapped_column(String(2048))
    status: Mapped[ListingStatus] = mapped_column(String(16))
    listed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delisted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AppReview(Base):
    """One user's review of one app (a second review updates the first), with the owner's
    one reply. A hidden review (admins moderate) counts in no rating and shows only to its
    author and admins."""

    __tablename__ = "app_reviews"
    __table_args__ = (
        UniqueConstraint("app_id", "author_id"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_stars"),
        Index("ix_app_reviews_app_created", "app_id", "created_at", "id"),
    )
    __mapper_args__ = {"eager_defaults": True}  # noqa: RUF012

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    app_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("quantum_apps.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(Text)
    reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
