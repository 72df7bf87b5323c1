"""Permission classes on fields and mutations, by role and scope. Ownership is checked in the
resolvers (an object someone else owns reads as not found), see `Principal.owns`."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from strawberry.permission import BasePermission

from domain.identity.principal import Principal, Scope
from schema.policy import scope_for


class IsAuthenticated(BasePermission):
    """A signed-in caller (a session or an API key) holding the scope `schema/policy.SCOPES`
    names for the field. An API key is refused a field the table names no scope for."""

    message = "Sign in first: send `Authorization: Bearer <access token or API key>`."
    error_extensions = {"code": "UNAUTHENTICATED"}  # noqa: RUF012

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        principal: Principal = info.context.principal
        if not principal.authenticated:
            return False
        _check_scope(principal, info)
        return True


class ScopedViewer(BasePermission):
    """Anyone may ask (the resolver answers nothing to the anonymous), but a signed-in caller
    needs the field's scope from `schema/policy.SCOPES`."""

    message = "Sign in first."
    error_extensions = {"code": "UNAUTHENTICATED"}  # noqa: RUF012

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        principal: Principal = info.context.principal
        if principal.authenticated:
            _check_scope(principal, info)
        return True


def _check_scope(principal: Principal, info: Any) -> None:
    scope = scope_for(info.path.typename or "", info.field_name)
    if scope is None and principal.api_key_id is None:
        return  # a session: its roles decide (IsAdmin and the resolvers)
    if scope is None or not principal.can(scope):
        needs = f"the `{scope.value}` scope" if scope is not None else "a session, not an API key"
        raise GraphQLError(f"This needs {needs}.", extensions={"code": "FORBIDDEN"})


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
