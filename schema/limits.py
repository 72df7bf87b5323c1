"""Request limits, request checks and error shaping, as schema extensions.

The depth, alias and text rules are built once per schema. Strawberry's own limiter extensions
mint a new rule class per request, which keys the ValidationCache differently every time, so it
never hits (strawberry issue 4635). Passing the same rule objects keeps the cache key stable.

Errors are shaped once, on the way out (`shape_errors`, called by the schema for every result
of `execute` and `stream`), so every path gets it: parse failures that Strawberry reports after
the extensions have finished, subscription events, and exceptions raised by extensions.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from graphql import (
    ASTValidationRule,
    GraphQLError,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    parse,
    specified_rules,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.schema import validate_document
from strawberry.types.graphql import OperationType

from domain import outages
from domain.errors import DomainError, InvalidInput
from schema.cost import QueryCost
from schema.text_inputs import TextLiterals, variable_refusal

CACHE_SIZE = 1024
INTERNAL = "INTERNAL_SERVER_ERROR"
UNAVAILABLE = "SERVICE_UNAVAILABLE"
UNRESOLVED = "OPERATION_RESOLUTION_FAILURE"  # Apollo's code for GetOperation() failing
MASKED_MESSAGE = "Unexpected error."

log = logging.getLogger("qraph.errors")
cached_parse = functools.lru_cache(maxsize=CACHE_SIZE)(parse)
cached_validate = functools.lru_cache(maxsize=CACHE_SIZE)(validate_document)


def _root_cause(error: GraphQLError) -> BaseException | None:
    original: BaseException | None = error.original_error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    return original


def error_code(error: GraphQLError) -> str:
    """A stable code for any error in a response (Apollo's names where they exist)."""
    if code := (error.extensions or {}).get("code"):
        return str(code)
    cause = _root_cause(error)
    if isinstance(cause, DomainError):
        return cause.code
    if outages.is_outage(cause):
        return UNAVAILABLE
    # Parse, validation and variable errors have no path: nothing ran yet. One that wraps a
    # scalar's ValueError still points into the document, so it is about the client's input.
    if error.path is None and (cause is None or isinstance(cause, GraphQLError) or error.locations):
        if error.message.startswith("Syntax Error"):
            return "GRAPHQL_PARSE_FAILED"
        if error.message.startswith("Variable '$"):
            return "BAD_USER_INPUT"
        return "GRAPHQL_VALIDATION_FAILED"
    if isinstance(cause, GraphQLError):  # raised on purpose by a resolver, for the client
        return str((cause.extensions or {}).get("code") or "GRAPHQL_VALIDATION_FAILED")
    # Anything else is a bug, including graphql-core's own errors while executing (a null
    # for a non-null field).
    return INTERNAL


def is_internal(error: GraphQLError) -> bool:
    """Errors a client did not cause: bugs and outages, whose text must not leave the server."""
    return error_code(error) in (INTERNAL, UNAVAILABLE)


def shape_errors(
    errors: list[GraphQLError], request_id: Callable[[], str | None]
) -> list[GraphQLError]:
    """Give every error `extensions.code`; replace internal ones by a code and a request id.

    An internal error is logged here, with its traceback and the id the client is shown, and
    reaches the client only as `{message: "Unexpected error.", extensions: {code, requestId}}`,
    in every environment: driver messages quote SQL, parameters and socket paths.
    """
    shaped = []
    for error in errors:
        code = error_code(error)
        if code not in (INTERNAL, UNAVAILABLE):
            extensions = {**(error.extensions or {}), "code": code}
            cause = _root_cause(error)
            if isinstance(cause, InvalidInput) and cause.field:
                extensions.setdefault("field", cause.field)
            error.extensions = extensions
            shaped.append(error)
            continue
        reference = request_id() or uuid.uuid4().hex
        extensions = {"code": code, "requestId": reference}
        if code == UNAVAILABLE:
            extensions["retryAfter"] = outages.RETRY_AFTER_S
        level = logging.WARNING if code == UNAVAILABLE else logging.ERROR
        log.log(
            level,
            "%s at %s: %s",
            code,
            ".".join(map(str, error.path or ())) or "request",
            error.message,
            exc_info=error.original_error or error,
            extra={"correlation_id": reference},
        )
        message = outages.MESSAGE if code == UNAVAILABLE else MASKED_MESSAGE
        shaped.append(
            GraphQLError(
                message,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions=extensions,
            )
        )
    return shaped


class DocumentCache(SchemaExtension):
    """Parsing under the token limit, with an LRU cache of parsed documents per text.

    Strawberry's ParserCache raises from `on_parse` when a document does not parse, which skips
    the rest of the extension lifecycle; this one leaves such a document unparsed, and Strawberry
    parses it again (with the same token limit) and reports the syntax error the ordinary way.
    It also replaces MaxTokensLimiter: one extension fewer to enter on every request.
    """

    def __init__(self, *, max_tokens: int) -> None:
        super().__init__()
        self.max_tokens = max_tokens

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = self.max_tokens
        if context.query:
            with contextlib.suppress(GraphQLError):
                context.graphql_document = cached_parse(context.query, max_tokens=self.max_tokens)
        yield


class CachedValidation(SchemaExtension):
    """Validation with this schema's rules, built once, and an LRU cache of results per document.

    One extension instead of ValidationCache, AddValidationRules and DisableIntrospection: the
    rule tuple is the same object on every request, so the cache key is stable and hits.
    """

    def __init__(self, *, rules: tuple[type[ASTValidationRule], ...]) -> None:
        super().__init__()
        self.rules = rules

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = self.rules
        if context.graphql_document is not None:
            context.pre_execution_errors = cached_validate(
                context.schema._schema, context.graphql_document, self.rules
            )
        yield


class OperationChecks(SchemaExtension):
    """Before execution: exactly one operation is selected, and variables hold storable text.

    Strawberry runs a document's first operation when several are sent without
    `operationName`; the GraphQL spec's GetOperation() says that is a request error.
    """

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        error = variable_refusal(context.variables)
        # `provided_operation_name` is an InitVar: the instance keeps it under this name.
        named = context._provided_operation_name is not None
        if not named and context.graphql_document is not None:
            operations = sum(
                isinstance(d, OperationDefinitionNode) for d in context.graphql_document.definitions
            )
            if operations > 1:
                error = GraphQLError(
                    "Must provide operationName when the document contains several operations.",
                    extensions={"code": UNRESOLVED},
                )
        if error is not None:
            if context.operation_type is OperationType.SUBSCRIPTION:
                raise error  # Strawberry turns it into the stream's one error result
            context.result = GraphQLExecutionResult(data=None, errors=[error])
        yield


def build_extensions(
    *,
    max_depth: int,
    max_aliases: int,
    max_tokens: int,
    introspection: bool,
    max_query_cost: int,
    cost_budget_per_hour: int,
    default_page_size: int,
) -> list[Callable[[], Any]]:
    """Extension factories for one schema; every rule object is created here, once."""
    rules: tuple[type[ASTValidationRule], ...] = (
        *specified_rules,
        depth_rule(max_depth=max_depth, should_ignore=None),
        alias_rule(max_aliases),
        TextLiterals,
        *(() if introspection else (NoSchemaIntrospectionCustomRule,)),
    )
    return [
        functools.partial(DocumentCache, max_tokens=max_tokens),
        functools.partial(CachedValidation, rules=rules),
        OperationChecks,
        functools.partial(
            QueryCost,
            max_cost=max_query_cost,
            budget_per_hour=cost_budget_per_hour,
            default_page_size=default_page_size,
        ),
    ]
