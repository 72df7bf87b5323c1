"""Refusals particular to apps and versions; the schema maps each to an error type."""

from __future__ import annotations

from domain.errors import DomainError


class AppArchived(DomainError):
    """The app is archived: it takes no new versions and no publishing until restored."""

    code = "APP_ARCHIVED"


class VersionImmutable(DomainError):
    """Only a DRAFT version's content can change; a published one never does."""

    code = "VERSION_IMMUTABLE"

    def __init__(self, message: str, *, status: str) -> None:
        super().__init__(message)
        self.status = status


class VersionTransitionRefused(DomainError):
    """The version's status does not allow this move (e.g. yanking a draft)."""

    code = "INVALID_VERSION_TRANSITION"

    def __init__(self, message: str, *, status: str, requested: str) -> None:
        super().__init__(message)
        self.status = status
        self.requested = requested


class ProjectHasPublishedVersions(DomainError):
    """A project whose app ever published a version stays: people may depend on it."""

    code = "PROJECT_HAS_PUBLISHED_VERSIONS"


class NotEntitled(DomainError):
    """The caller may not run this app now (domain.apps.entitlements says why)."""

    code = "NOT_ENTITLED"


class InvalidAppInputs(DomainError):
    """The inputs do not match the version's input schema: one (path, message) per path."""

    code = "INVALID_APP_INPUTS"

    def __init__(self, message: str, *, errors: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.errors = errors
