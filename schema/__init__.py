"""Builds Qraph's GraphQL schema from its roots and the configured limits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import graphql
import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from qraph.settings import Settings
from schema.limits import build_extensions, is_internal
from schema.mutation import Mutation
from schema.query import Query
from schema.subscription import SharedEventExecutor, Subscription


class QraphSchema(strawberry.Schema):
    """Logs only internal errors: expected ones (bad input, not found) are the client's story."""

    def process_errors(
        self, errors: list[graphql.GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        super().process_errors([e for e in errors if is_internal(e)], execution_context)


def export_sdl(settings: Settings) -> str:
    """The SDL with types and fields sorted, as committed in `schema.graphql` for codegen."""
    # Sorted from the printed SDL: Strawberry's own `sort_schema` rebuilds the GraphQL types,
    # after which union results and enum defaults no longer resolve.
    printed = graphql.build_schema(build_schema(settings).as_str())
    return graphql.print_schema(graphql.lexicographic_sort_schema(printed)) + "\n"


def build_schema(
    settings: Settings, *, instrumentation: Sequence[Callable[[], Any]] = ()
) -> QraphSchema:
    """The schema with this deployment's limits; build it once per process.

    `instrumentation` extensions (metrics, tracing) come from the composition root and wrap
    every other extension.
    """
    return QraphSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            *instrumentation,
            *build_extensions(
                max_depth=settings.max_query_depth,
                max_aliases=settings.max_aliases,
                max_tokens=settings.max_tokens,
                production=settings.production,
                introspection=settings.introspection_enabled,
                max_query_cost=settings.max_query_cost,
                cost_budget_per_hour=settings.cost_budget_per_hour,
                default_page_size=settings.default_page_size,
            ),
        ],
        # Subscription events shared by many subscribers execute once (schema/subscription.py).
        execution_context_class=SharedEventExecutor,
        config=StrawberryConfig(
            relay_max_results=settings.max_page_size,
            disable_field_suggestions=not settings.introspection_enabled,
        ),
    )
