"""Query cost as a schema extension: refuse what costs too much, charge the rest to a budget.

Before execution (`on_execute`, after parsing and validation) the operation's requested cost is
computed from the parsed document and the request's variables (`schema.cost_model`):

- above `max_cost` it is refused with QUERY_TOO_COSTLY, and no resolver runs;
- otherwise it is taken from the caller's hourly bucket (`domain.budgets.query_cost`: per API
  key, else per user, else per client IP); when the bucket holds less, it is refused with
  COST_BUDGET_EXHAUSTED, `retryAfter` and a `Retry-After` header.

A refused query or mutation gets `execution_context.result` set to the error, which Strawberry
returns instead of executing, so every other extension still sees a normal result; a refused
subscription raises, which is how Strawberry reports errors before a stream starts. Nothing
here adds a validation rule, so the ValidationCache keeps hitting.

Every response carries Shopify-style `extensions.cost = {requested, remaining, limit}`:
`remaining` is what the bucket holds after this request (null when Redis is unreachable or the
schema runs without the app's context). A request that failed to parse or validate ran
nothing and reports `requested: 0`. If Redis is down the budget is not enforced (the per-request
maximum still is): an outage of the limiter should not become an outage of the API.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from redis.exceptions import RedisError
from starlette.responses import Response
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import CannotGetOperationTypeError
from strawberry.types.graphql import OperationType

from domain.budgets.query_cost import CostDecision, spend
from domain.limits.rate import caller_key
from schema.cost_model import query_cost

log = logging.getLogger(__name__)


def too_costly(cost: int, maximum: int) -> GraphQLError:
    return GraphQLError(
        f"Query cost {cost:,} exceeds the maximum of {maximum:,} per request. "
        "Reduce `first` on nested connections.",
        extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "maximum": maximum},
    )


def budget_exhausted(cost: int, decision: CostDecision) -> GraphQLError:
    return GraphQLError(
        f"Query cost {cost:,} exceeds the {decision.remaining:,} points left of your budget of "
        f"{decision.limit:,} per hour. Try again in {decision.retry_after} s.",
        extensions={
            "code": "COST_BUDGET_EXHAUSTED",
            "cost": cost,
            "remaining": decision.remaining,
            "retryAfter": decision.retry_after,
        },
    )


class QueryCost(SchemaExtension):
    """Pass it as a factory: `functools.partial(QueryCost, max_cost=..., ...)`."""

    def __init__(self, *, max_cost: int, budget_per_hour: int, default_page_size: int) -> None:
        super().__init__()
        self.max_cost = max_cost
        self.budget_per_hour = budget_per_hour
        self.default_page_size = default_page_size
        self.requested: int | None = None
        self.decision: CostDecision | None = None

    async def on_execute(self) -> AsyncIterator[None]:
        execution_context = self.execution_context
        if execution_context.result is not None:  # refused by an earlier check: charge nothing
            yield
            return
        assert execution_context.graphql_document is not None  # on_execute follows parsing
        self.requested = requested = query_cost(
            execution_context.schema._schema,
            execution_context.graphql_document,
            execution_context.variables,
            operation_name=execution_context.operation_name,
            default_page_size=self.default_page_size,
        )
        if requested > self.max_cost:
            self.decision = await self._spend(0)
            self._refuse(too_costly(requested, self.max_cost))
        else:
            self.decision = await self._spend(requested)
            if self.decision is not None and not self.decision.allowed:
                self._set_retry_after(self.decision.retry_after)
                self._refuse(budget_exhausted(requested, self.decision))
        yield

    async def get_results(self) -> dict[str, Any]:
        # A subscription is charged once, when it starts; its events don't repeat the bill.
        try:
            if self.execution_context.operation_type is OperationType.SUBSCRIPTION:
                return {}
        except (RuntimeError, CannotGetOperationTypeError):  # no document, or no such operation
            pass
        if self.requested is None:  # parsing or validation failed: nothing ran or was charged
            self.requested = 0
            self.decision = await self._spend(0)
        remaining = self.decision.remaining if self.decision is not None else None
        return {
            "cost": {
                "requested": self.requested,
                "remaining": remaining,
                "limit": self.budget_per_hour,
            }
        }

    def _refuse(self, error: GraphQLError) -> None:
        execution_context = self.execution_context
        if execution_context.operation_type is OperationType.SUBSCRIPTION:
            raise error  # Strawberry turns it into the stream's one error result
        execution_context.result = GraphQLExecutionResult(data=None, errors=[error])

    async def _spend(self, cost: int) -> CostDecision | None:
        context = self.execution_context.context
        reading = getattr(context, "budget_reading", None)
        if cost == 0 and reading is not None:
            return reading  # read with the request token: nothing to take, no second trip
        services = getattr(context, "services", None)
        principal = getattr(context, "principal", None)
        if services is None or principal is None:
            return None  # executed without the app's context (scripts, schema tests)
        client = getattr(getattr(context, "request", None), "client", None)
        caller = caller_key(principal, client.host if client else None)
        try:
            return await spend(
                services.redis, caller=caller, cost=cost, capacity=self.budget_per_hour
            )
        except (RedisError, OSError):
            log.warning("query cost budget unavailable; not enforced", exc_info=True)
            return None

    def _set_retry_after(self, seconds: int) -> None:
        response = getattr(self.execution_context.context, "response", None)
        if isinstance(response, Response):
            response.headers["Retry-After"] = str(seconds)
