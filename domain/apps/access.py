"""Who may read and change apps: the rules every read and mutation of the area goes through.

- Reading needs the `apps:read` scope for a signed-in caller (every session has it; an API key
  only if given it). The anonymous read public apps.
- An app is readable by its owner and admins; by others only while PUBLIC and not archived.
  An archived public app also stays readable to those who ran it (resolvers.apps.reads).
- A DRAFT version is readable by the app's owner and admins only.
- Only the owner changes an app, a project or a version. Admins moderate: they archive apps and
  deprecate or yank versions.
"""

from __future__ import annotations

from domain.apps.models import AppVersion, AppVisibility, QuantumApp, VersionStatus
from domain.errors import Forbidden, NotFound
from domain.identity.principal import Principal, Role, Scope


def may_read(principal: Principal) -> bool:
    return not principal.authenticated or principal.can(Scope.APPS_READ)


def may_read_app(principal: Principal, app: QuantumApp) -> bool:
    if not may_read(principal):
        return False
    if principal.owns(app.owner_id):
        return True
    return app.visibility == AppVisibility.PUBLIC and app.archived_at is None


def may_read_version(principal: Principal, app: QuantumApp, version: AppVersion) -> bool:
    if not may_read_app(principal, app):
        return False
    return version.status != VersionStatus.DRAFT or principal.owns(app.owner_id)


def check_developer(principal: Principal) -> None:
    """Projects and apps are made by developers (and admins) holding `apps:write`."""
    if not ({Role.DEVELOPER, Role.ADMIN} & principal.roles) or not principal.can(Scope.APPS_WRITE):
        raise Forbidden(
            "Creating projects and apps needs a developer account (enableDeveloperAccount) "
            "and the `apps:write` scope."
        )


def check_owner(principal: Principal, owner_id: object, *, visible: bool, what: str) -> None:
    """Only the owner edits. What the caller cannot see reads as not found."""
    if principal.authenticated and principal.user_id == owner_id:
        return
    if not visible:
        raise NotFound(f"No such {what}.")
    raise Forbidden(f"Only the {what}'s owner may change it.")


def check_moderator(principal: Principal, owner_id: object, *, visible: bool, what: str) -> None:
    """The owner, or an admin moderating."""
    if principal.is_admin:
        return
    check_owner(principal, owner_id, visible=visible, what=what)
