"""Rate limits as resolvers and the HTTP view use them: settings in, one bucket per caller."""

from __future__ import annotations

import logging

import strawberry
from redis.exceptions import RedisError

from domain.budgets import query_cost
from domain.identity.principal import Role
from domain.limits import rate
from qraph.context import Context
from qraph.settings import Settings

Info = strawberry.Info[Context, None]
log = logging.getLogger(__name__)


def rate_limits(settings: Settings) -> rate.RateLimits:
    """The per-minute defaults this deployment is configured with."""
    return rate.RateLimits(
        anonymous=settings.rate_limit_anonymous,
        roles={
            Role.CONSUMER: settings.rate_limit_consumer,
            Role.DEVELOPER: settings.rate_limit_developer,
            Role.ADMIN: settings.rate_limit_admin,
        },
        mutations=settings.mutation_rate_limit,
    )


def client_ip(context: Context) -> str | None:
    """The peer address (uvicorn's `--proxy-headers` puts the forwarded client here)."""
    client = context.request.client
    return client.host if client else None


async def take_request_token(context: Context) -> rate.Decision | None:
    """One token from the caller's request bucket; None when Redis cannot be reached.

    The same round trip reads the caller's query-cost budget into `context.budget_reading`,
    so a request that costs nothing (`{ __typename }`, a document that fails validation)
    reports its budget without a second one; and concurrent requests share round trips
    (`rate.TokenBatcher`).

    An outage of the limiter should not become an outage of the API (the query-cost budget
    makes the same choice), so requests are then served unlimited, with a warning logged.
    """
    principal, ip = context.principal, client_ip(context)
    bucket = rate.request_bucket(principal, client_ip=ip, limits=rate_limits(context.settings))
    caller = rate.caller_key(principal, ip)
    budget = query_cost.budget(caller, capacity=context.settings.cost_budget_per_hour)
    try:
        charges = [(bucket, 1), (budget, 0)]
        decision, reading = await rate.batcher(context.services.redis).take_each(charges)
    except (RedisError, OSError):
        log.warning("request rate limit unavailable; not enforced", exc_info=True)
        return None
    context.budget_reading = query_cost.cost_decision(reading)
    return decision


async def check_mutation_rate(info: Info) -> None:
    """For mutations that opt in: raises RateLimited once the caller's mutation bucket is empty.

    Call it first in the resolver, inside the `try` that maps DomainError onto the result union,
    and list `RateLimitedError` among the union's members.
    """
    context = info.context
    bucket = rate.mutation_bucket(
        context.principal, client_ip=client_ip(context), limits=rate_limits(context.settings)
    )
    try:
        decision = await rate.take(context.services.redis, bucket)
    except (RedisError, OSError):
        log.warning("mutation rate limit unavailable; not enforced", exc_info=True)
        return
    if not decision.allowed:
        raise decision.refusal()
