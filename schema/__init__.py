"""Builds Qraph's GraphQL schema from its roots and the configured limits."""

from __future__ import annotations

import functools
from collections.abc import AsyncGenerator, Callable, Sequence
from typing import Any

import graphql
import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, ExecutionResult

from qraph.settings import Settings
from schema.execution import PlainFields
from schema.limits import build_extensions, shape_errors
from schema.mutation import Mutation
from schema.query import Query
from schema.subscription import Subscription
from schema.trusted_documents import TrustedDocuments, load_manifest


def _no_request_id() -> str | None:
    return None


class QraphSchema(strawberry.Schema):
    """Every result leaves through `shape_errors`: codes on all errors, internals masked."""

    request_id: Callable[[], str | None] = staticmethod(_no_request_id)

    def process_errors(
        self, errors: list[graphql.GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Nothing: `shape_errors` logs internal errors once, with the id the client is shown."""

    def _shaped(self, result: Any) -> Any:
        if getattr(result, "errors", None):
            result.errors = shape_errors(result.errors, self.request_id)
        return result

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        return self._shaped(await super().execute(*args, **kwargs))  # type: ignore[no-any-return]

    async def stream(self, *args: Any, **kwargs: Any) -> Any:
        source = await super().stream(*args, **kwargs)

        async def shaped() -> AsyncGenerator[Any, None]:
            try:
                async for result in source:
                    yield self._shaped(result)
            finally:
                await source.aclose()

        return shaped()


def _trusted_documents(settings: Settings) -> list[Callable[[], Any]]:
    """The allow-list extension when a manifest is configured (after validation's cache)."""
    if settings.trusted_documents is None:
        return []
    manifest = load_manifest(settings.trusted_documents)
    return [functools.partial(TrustedDocuments, manifest=manifest)]


def export_sdl(settings: Settings) -> str:
    """The SDL with types and fields sorted, as committed in `schema.graphql` for codegen."""
    # Sorted from the printed SDL: Strawberry's own `sort_schema` rebuilds the GraphQL types,
    # after which union results and enum defaults no longer resolve.
    printed = graphql.build_schema(build_schema(settings).as_str())
    return graphql.print_schema(graphql.lexicographic_sort_schema(printed)) + "\n"


def build_schema(
    settings: Settings,
    *,
    instrumentation: Sequence[Callable[[], Any]] = (),
    request_id: Callable[[], str | None] | None = None,
) -> QraphSchema:
    """The schema with this deployment's limits; build it once per process.

    `instrumentation` extensions (metrics, tracing) come from the composition root and wrap
    every other extension; `request_id` gives the correlation id of the request being served,
    which masked errors carry and their log lines repeat.
    """
    schema = QraphSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            *instrumentation,
            *build_extensions(
                max_depth=settings.max_query_depth,
                max_aliases=settings.max_aliases,
                max_tokens=settings.max_tokens,
                introspection=settings.introspection_enabled,
                max_query_cost=settings.max_query_cost,
                cost_budget_per_hour=settings.cost_budget_per_hour,
                default_page_size=settings.default_page_size,
            ),
            *_trusted_documents(settings),
        ],
        # Plain leaf fields take a short path (schema/execution.py); subscription events shared
        # by many subscribers execute once (schema/subscription.py).
        execution_context_class=PlainFields,
        config=StrawberryConfig(
            relay_max_results=settings.max_page_size,
            disable_field_suggestions=not settings.introspection_enabled,
        ),
    )
    if request_id is not None:
        schema.request_id = request_id  # type: ignore[method-assign]
    return schema
