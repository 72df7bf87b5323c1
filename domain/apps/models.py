"""Projects, the apps released from them, shared tags, and each app's versions.

Later parts of the apps issue hang off these rows without changing them: a registry entry or a
marketplace listing references an app (or a version), a run is a job that references a
version, reviews and metrics reference an app, and the search vector is a column added to
`quantum_apps`.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
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


class QuantumApp(Timestamped, Base):
    """A released project: what consumers find, read about and (later) run."""

    __tablename__ = "quantum_apps"
    __table_args__ = (Index("ix_quantum_apps_owner_created", "owner_id", "created_at", "id"),)
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
