"""Permission classes. Identity and roles arrive with accounts; for now, the operator token."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission


class IsOperator(BasePermission):
    """Operator-only fields need `Authorization: Bearer <QRAPH_OPERATOR_TOKEN>`."""

    message = "This operation is for operators only."
    error_extensions = {"code": "FORBIDDEN"}  # noqa: RUF012  (BasePermission declares it so)

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return bool(info.context.is_operator)
