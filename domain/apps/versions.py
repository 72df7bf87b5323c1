"""App versions: create a draft from a template, edit it while a draft, then move its status.

DRAFT → PUBLISHED → DEPRECATED, and PUBLISHED or DEPRECATED → YANKED. A draft's content can
change; a published version's never does (only its status moves, by conditional UPDATEs). A
yanked version still reads (and, later, runs) for those pinned to it, but is never the latest.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from domain.apps import access, estimates, input_schema, semantic_versions, validation
from domain.apps.errors import AppArchived, VersionImmutable, VersionTransitionRefused
from domain.apps.models import AppVersion, QuantumApp, VersionStatus
from domain.apps.quantum_apps import get_for_change
from domain.apps.templates import TemplateFigures, read_template
from domain.circuits import sandbox
from domain.db import AsyncSession
from domain.errors import AlreadyExists, InvalidInput, NotFound
from domain.identity.principal import Principal
from domain.jobs.submission import MAX_SHOTS, MIN_SHOTS
from domain.notifications import emitters as notifications

DEFAULT_SDK = "qiskit"
DEFAULT_SHOTS = 1024


@dataclass(frozen=True, slots=True)
class VersionContent:
    """What a version holds; for an update, None leaves a field as it is."""

    template: str | None = None
    release_notes: str | None = None
    sdk: str | None = None
    documentation: str | None = None
    constraints: Any = None
    default_shots: int | None = None


def _check(content: VersionContent) -> None:
    if content.template is not None and not content.template.strip():
        raise InvalidInput("The template is empty.", field="template")
    for name, maximum in (
        ("release_notes", validation.MAX_RELEASE_NOTES),
        ("documentation", validation.MAX_DOCUMENTATION),
    ):
        value = getattr(content, name)
        if value is not None:
            field = "releaseNotes" if name == "release_notes" else name
            validation.check_text(value, field=field, maximum=maximum)
    if content.sdk is not None:
        validation.check_text(
            content.sdk, field="sdk", maximum=validation.MAX_SDK, required=True, one_line=True
        )
    shots = content.default_shots
    if shots is not None and not MIN_SHOTS <= shots <= MAX_SHOTS:
        raise InvalidInput(
            f"Default shots are between {MIN_SHOTS:,} and {MAX_SHOTS:,}; got {shots:,}.",
            field="defaultShots",
        )


async def _figures(template: str) -> TemplateFigures:
    """The template read in the parsing sandbox, never on the event loop."""
    return await sandbox.run_bounded(read_template, template)


async def _apply(session: AsyncSession, row: AppVersion, content: VersionContent) -> None:
    """Set `content` on the row; a new template or constraints recompute what derives from them."""
    for name in ("release_notes", "sdk", "documentation"):
        value = getattr(content, name)
        if value is not None:
            setattr(row, name, value)
    if content.default_shots is not None:
        row.default_shots = content.default_shots
    if content.template is not None or content.constraints is not None:
        template = content.template if content.template is not None else row.template
        constraints = content.constraints if content.constraints is not None else row.constraints
        figures = await _figures(template)
        row.input_schema = input_schema.derive(figures.inputs, constraints)
        row.template, row.constraints = template, constraints or {}
        row.qubits, row.depth = figures.qubits, figures.depth
        row.two_qubit_gates = figures.two_qubit_gates
    if content.template is not None or content.default_shots is not None:
        row.cost_estimates = await estimates.cost_per_backend(
            session, qubits=row.qubits, shots=row.default_shots
        )


async def create(
    session: AsyncSession,
    *,
    principal: Principal,
    app_id: uuid.UUID,
    version: str,
    content: VersionContent,
) -> AppVersion:
    """A DRAFT version of the owner's app; nothing is written when anything is refused."""
    parsed = semantic_versions.parse_version(version)
    if content.template is None:
        raise InvalidInput("A version needs a template.", field="template")
    content = replace(
        content,
        release_notes=_or(content.release_notes, ""),
        sdk=_or(content.sdk, DEFAULT_SDK),
        documentation=_or(content.documentation, ""),
        default_shots=_or(content.default_shots, DEFAULT_SHOTS),
    )
    _check(content)
    # Checked before the template is parsed (seconds, in a child process), and again under
    # the app's row lock after it, so an archive that commits meanwhile is seen.
    app = await get_for_change(session, principal=principal, app_id=app_id, lock=False)
    _check_not_archived(app)
    precedence = semantic_versions.precedence_key(parsed)
    row = AppVersion(
        app_id=app.id,
        version=str(parsed),
        precedence=precedence,
        prerelease=parsed.prerelease is not None,
        status=VersionStatus.DRAFT,
    )
    await _apply(session, row, replace(content, constraints=_or(content.constraints, {})))
    await session.refresh(app, ["archived_at"], with_for_update=True)
    _check_not_archived(app)
    if await session.scalar(
        select(AppVersion.id).where(
            AppVersion.app_id == app.id, AppVersion.precedence == precedence
        )
    ):
        raise _taken(parsed)
    session.add(row)
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent create of the same version
        if "precedence" in str(exc.orig):
            raise _taken(parsed) from None
        raise
    return row


def _or(value: Any, default: Any) -> Any:
    """`value`, or `default` when it was not given (an empty value is checked, not replaced)."""
    return default if value is None else value


def _taken(parsed: Any) -> AlreadyExists:
    return AlreadyExists(
        f"Version {parsed} (or one equal to it in precedence) exists.", field="version"
    )


def _check_not_archived(app: QuantumApp) -> None:
    if app.archived_at is not None:
        raise AppArchived(f"{app.slug} is archived; restore it before adding or publishing.")


async def _for_change(
    session: AsyncSession, *, principal: Principal, version_id: uuid.UUID, moderate: bool = False
) -> tuple[AppVersion, QuantumApp]:
    """The version (locked) and its app, if the caller may change it; NotFound otherwise."""
    found = (
        await session.execute(
            select(AppVersion, QuantumApp)
            .join(QuantumApp, QuantumApp.id == AppVersion.app_id)
            .where(AppVersion.id == version_id)
            .with_for_update(of=AppVersion)
        )
    ).first()
    if found is None:
        raise NotFound("No such version.")
    row, app = found
    visible = access.may_read_version(principal, app, row)
    check = access.check_moderator if moderate else access.check_owner
    check(principal, app.owner_id, visible=visible, what="version")
    return row, app


async def update_draft(
    session: AsyncSession, *, principal: Principal, version_id: uuid.UUID, content: VersionContent
) -> AppVersion:
    """Change a DRAFT version's content; VersionImmutable once it was published."""
    _check(content)
    row, _ = await _for_change(session, principal=principal, version_id=version_id)
    if row.status != VersionStatus.DRAFT:
        raise VersionImmutable(
            f"Version {row.version} is {row.status.lower()}, and a published version never "
            "changes; create a new version instead.",
            status=row.status,
        )
    await _apply(session, row, content)
    row.updated_at = datetime.now(UTC)
    await session.flush()
    return row


# Each move: the statuses it starts from, where it goes, the timestamp it sets, and whether
# an admin may make it (moderation) or only the owner.
TRANSITIONS: dict[str, tuple[frozenset[VersionStatus], VersionStatus, str, bool]] = {
    "publish": (
        frozenset({VersionStatus.DRAFT}),
        VersionStatus.PUBLISHED,
        "published_at",
        False,
    ),
    "deprecate": (
        frozenset({VersionStatus.PUBLISHED}),
        VersionStatus.DEPRECATED,
        "deprecated_at",
        True,
    ),
    "yank": (
        frozenset({VersionStatus.PUBLISHED, VersionStatus.DEPRECATED}),
        VersionStatus.YANKED,
        "yanked_at",
        True,
    ),
}


async def move(
    session: AsyncSession,
    *,
    principal: Principal,
    version_id: uuid.UUID,
    transition: str,
    reason: str | None = None,
) -> AppVersion:
    """Publish, deprecate or yank a version (a conditional UPDATE: races cannot double-move)."""
    sources, target, stamp, moderated = TRANSITIONS[transition]
    if reason is not None:
        validation.check_text(reason, field="reason", maximum=validation.MAX_YANK_REASON)
    row, app = await _for_change(
        session, principal=principal, version_id=version_id, moderate=moderated
    )
    if row.status not in sources:
        raise VersionTransitionRefused(
            f"Version {row.version} is {row.status.lower()}, so it cannot be {transition}ed "
            f"(only a {' or '.join(sorted(s.lower() for s in sources))} version can).",
            status=row.status,
            requested=target,
        )
    if transition == "publish":
        _check_not_archived(app)
    now = datetime.now(UTC)
    values: dict[str, Any] = {"status": target, stamp: now}
    if transition == "yank":
        values["yank_reason"] = reason
    await session.execute(
        update(AppVersion)
        .where(AppVersion.id == row.id, AppVersion.status.in_(sources))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    for name, value in values.items():
        setattr(row, name, value)
    if transition == "publish":  # NEW_VERSION to its runners and subscribers, one statement
        await notifications.new_version(
            session,
            app_id=app.id,
            owner_id=app.owner_id,
            app_name=app.name,
            version_id=row.id,
            version=row.version,
        )
    return row
