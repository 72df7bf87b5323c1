"""Permission classes on fields and mutations, by role and scope. Ownership is checked in the
resolvers (an object someone else owns reads as not found), see `Principal.owns`."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from domain.identity.principal import Scope


class IsAuthenticated(BasePermission):
    """Any signed-in caller (a session or an API key)."""

    message = "Sign in first: send `Authorization: Bearer <access token or API key>`."
    error_extensions = {"code": "UNAUTHENTICATED"}  # noqa: RUF012

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return bool(info.context.principal.authenticated)


class IsAdmin(BasePermission):
    """The ADMIN role, and (for an API key) the `admin` scope."""

    message = "This operation is for administrators only."
    error_extensions = {"code": "FORBIDDEN"}  # noqa: RUF012

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return bool(info.context.principal.is_admin)


def _scope_permission(scope: Scope) -> type[BasePermission]:
    class HasScope(BasePermission):
        message = f"This needs the `{scope.value}` scope."
        error_extensions = {"code": "FORBIDDEN"}  # noqa: RUF012

        def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
            principal = info.context.principal
            return bool(principal.authenticated and principal.can(scope))

    HasScope.__name__ = HasScope.__qualname__ = f"Has_{scope.name}"
    return HasScope


# Built once, so each scope has one class (stable for caches and for the policy test).
HAS_SCOPE: dict[Scope, type[BasePermission]] = {scope: _scope_permission(scope) for scope in Scope}
