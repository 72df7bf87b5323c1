"""The free registry: a published version becomes a RegistryEntry with a package to download.

The package is a .tar.gz built once, when the version is published to the registry (a
published version is immutable, so its bytes and SHA-256 never change): `manifest.json` (name,
version, inputs, estimates), the `.qasm` template and the documentation. Downloads go through
a short-lived signed link (domain.apps.download_links) to an HTTP route; each download served
is counted by one UPDATE ... SET downloads = downloads + 1, exact under concurrency.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from domain.apps import access
from domain.apps.errors import AppArchived, VersionTransitionRefused
from domain.apps.models import AppVersion, AppVisibility, QuantumApp, RegistryEntry, VersionStatus
from domain.db import AsyncSession
from domain.errors import AlreadyExists, InvalidInput, NotFound
from domain.identity.principal import Principal

PACKAGE_MEDIA_TYPE = "application/gzip"


def package_name(app: QuantumApp, version: AppVersion) -> str:
    return f"{app.slug}-{version.version}.tar.gz"


def manifest(app: QuantumApp, version: AppVersion) -> dict[str, object]:
    """What the package says about itself: name, version, inputs and estimates."""
    return {
        "name": app.name,
        "slug": app.slug,
        "version": version.version,
        "summary": app.summary,
        "sdk": version.sdk,
        "template": "circuit.qasm",
        "documentation": "README.md",
        "inputs": version.input_schema,
        "estimates": {
            "qubits": version.qubits,
            "depth": version.depth,
            "twoQubitGates": version.two_qubit_gates,
            "shots": version.default_shots,
            "costs": version.cost_estimates,
        },
    }


def build_package(app: QuantumApp, version: AppVersion) -> bytes:
    """The .tar.gz; deterministic (fixed times, sorted members) for the same version."""
    mtime = int(version.published_at.timestamp()) if version.published_at else 0
    root = f"{app.slug}-{version.version}"
    members = [
        ("manifest.json", json.dumps(manifest(app, version), indent=2, sort_keys=True)),
        ("circuit.qasm", version.template),
        ("README.md", version.documentation or f"# {app.name}\n\n{app.summary}\n"),
    ]
    tar_bytes = io.BytesIO()
    with tarfile.open(fileobj=tar_bytes, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, content in members:
            data = content.encode()
            info = tarfile.TarInfo(f"{root}/{name}")
            info.size, info.mtime, info.mode = len(data), mtime, 0o644
            archive.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as compressed:
        compressed.write(tar_bytes.getvalue())
    return out.getvalue()


async def publish(
    session: AsyncSession, *, principal: Principal, version_id: uuid.UUID
) -> RegistryEntry:
    """Offer a PUBLISHED version of the caller's public app in the registry, free."""
    found = (
        await session.execute(
            select(AppVersion, QuantumApp)
            .join(QuantumApp, QuantumApp.id == AppVersion.app_id)
            .where(AppVersion.id == version_id)
            .with_for_update(of=QuantumApp)
        )
    ).first()
    if found is None:
        raise NotFound("No such version.")
    version, app = found
    visible = access.may_read_version(principal, app, version)
    access.check_owner(principal, app.owner_id, visible=visible, what="version")
    if app.archived_at is not None:
        raise AppArchived(f"{app.slug} is archived; restore it before publishing.")
    if app.visibility != AppVisibility.PUBLIC:
        raise InvalidInput(
            "The registry is public: make the app PUBLIC (updateApp) before publishing to it.",
            field="versionId",
        )
    if version.status != VersionStatus.PUBLISHED:
        raise VersionTransitionRefused(
            f"Version {version.version} is {version.status.lower()}; only a published version "
            "goes into the registry.",
            status=version.status,
            requested="REGISTRY",
        )
    if await session.scalar(select(RegistryEntry.id).where(RegistryEntry.version_id == version.id)):
        raise AlreadyExists(f"Version {version.version} is in the registry.", field="versionId")
    package = build_package(app, version)
    entry = RegistryEntry(
        app_id=app.id,
        version_id=version.id,
        package=package,
        package_sha256=hashlib.sha256(package).hexdigest(),
        package_size=len(package),
        published_by=principal.user_id,
    )
    session.add(entry)
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent publish of the same version
        if "version_id" in str(exc.orig):
            raise AlreadyExists(
                f"Version {version.version} is in the registry.", field="versionId"
            ) from None
        raise
    return entry


@dataclass(frozen=True, slots=True)
class Served:
    """One download: the bytes, their digest, the file name and the count after it."""

    package: bytes
    sha256: str
    filename: str
    downloads: int


# One statement: the entry's count and its app's, each + 1, and the package to serve.
_COUNT_AND_READ = text(
    """
    WITH entry AS (
      UPDATE registry_entries SET downloads = downloads + 1 WHERE id = :id
      RETURNING app_id, version_id, package, package_sha256, downloads
    ), app AS (
      UPDATE quantum_apps SET downloads = quantum_apps.downloads + 1
      FROM entry WHERE quantum_apps.id = entry.app_id
      RETURNING quantum_apps.slug
    )
    SELECT entry.package, entry.package_sha256, entry.downloads, app.slug, v.version
    FROM entry, app, app_versions AS v WHERE v.id = entry.version_id
    """
)


async def serve(session: AsyncSession, *, entry_id: uuid.UUID) -> Served | None:
    """Count one download and return what to send; None for an entry that is gone."""
    row = (await session.execute(_COUNT_AND_READ, {"id": entry_id})).first()
    if row is None:
        return None
    package, digest, downloads, slug, version = row
    return Served(bytes(package), digest, f"{slug}-{version}.tar.gz", downloads)


async def get_by_version(session: AsyncSession, *, version_id: uuid.UUID) -> RegistryEntry | None:
    return await session.scalar(select(RegistryEntry).where(RegistryEntry.version_id == version_id))


async def get_many(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[RegistryEntry | None]:
    rows = await session.scalars(select(RegistryEntry).where(RegistryEntry.id.in_(ids)))
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]


async def by_versions(
    session: AsyncSession, version_ids: Sequence[uuid.UUID]
) -> list[RegistryEntry | None]:
    rows = await session.scalars(
        select(RegistryEntry).where(RegistryEntry.version_id.in_(version_ids))
    )
    by_version = {row.version_id: row for row in rows}
    return [by_version.get(i) for i in version_ids]
