"""Request limits and error shaping, as schema extensions.

The depth and alias rules are built once per schema. Strawberry's own limiter extensions mint a
new rule class per request, which keys the ValidationCache differently every time, so it never
hits (strawberry issue 4635). Passing the same rule objects keeps the cache key stable.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from domain.errors import DomainError, InvalidInput
from schema.cost import QueryCost

CACHE_SIZE = 1024


def error_code(error: GraphQLError) -> str:
    """A stable code for any error in a response (Apollo's names where they exist)."""
    original = error.original_error
    if isinstance(original, DomainError):
        return original.code
    if original is None:
        if error.message.startswith("Syntax Error"):
            return "GRAPHQL_PARSE_FAILED"
        return "GRAPHQL_VALIDATION_FAILED"
    if isinstance(original, GraphQLError):
        return error_code(original)
    return "INTERNAL_SERVER_ERROR"


def is_internal(error: GraphQLError) -> bool:
    """Errors a client did not cause: bugs and outages, whose text must not leave the server."""
    return error_code(error) == "INTERNAL_SERVER_ERROR" and not (error.extensions or {}).get("code")


class ErrorCodes(SchemaExtension):
    """Give every error `extensions.code` (and `field` for invalid input)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = [
            *(getattr(result, "errors", None) or []),
            *(self.execution_context.pre_execution_errors or []),
        ]
        for error in {id(e): e for e in errors}.values():
            extensions = dict(error.extensions or {})
            extensions.setdefault("code", error_code(error))
            if isinstance(error.original_error, InvalidInput) and error.original_error.field:
                extensions.setdefault("field", error.original_error.field)
            error.extensions = extensions


class MaskInternalErrors(MaskErrors):
    """MaskErrors that keeps the code, so clients can still tell an outage from their own bug."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_internal)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked


def build_extensions(
    *,
    max_depth: int,
    max_aliases: int,
    max_tokens: int,
    production: bool,
    introspection: bool,
    max_query_cost: int,
    cost_budget_per_hour: int,
    default_page_size: int,
) -> list[Callable[[], Any]]:
    """Extension factories for one schema; every rule object is created here, once."""
    rules = [depth_rule(max_depth=max_depth, should_ignore=None), alias_rule(max_aliases)]
    extensions: list[Callable[[], Any]] = [
        ErrorCodes,
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
        lambda: AddValidationRules(rules),  # type: ignore[arg-type]
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        functools.partial(
            QueryCost,
            max_cost=max_query_cost,
            budget_per_hour=cost_budget_per_hour,
            default_page_size=default_page_size,
        ),
    ]
    if production:
        extensions.append(MaskInternalErrors)
    if not introspection:
        extensions.append(DisableIntrospection)
    return extensions
