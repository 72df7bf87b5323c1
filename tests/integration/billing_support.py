"""Shared steps of the money tests: a listed marketplace app, plans and runs, over HTTP."""

from __future__ import annotations

from typing import Any

from arq.worker import Worker, func

from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration import apps_support as support
from workers import jobs
from workers.queue import deserialize, redis_settings, serialize
from workers.settings import shutdown, startup

PER_RUN_TERMS = {
    "pricingModel": "FLAT_AND_PER_RUN",
    "flatPrice": {"amount": "10.00", "currency": "USD"},
    "period": "MONTH",
    "perRunPrice": {"amount": "2.50", "currency": "USD"},
    "capPerPeriod": {"amount": "5.00", "currency": "USD"},
    "trialDays": 7,
}
SUBSCRIPTION = """
  __typename
  ... on SubscriptionSuccess { charged subscription { id status currentPeriodStart
    currentPeriodEnd trialEndsAt usedInPeriod reservedInPeriod capRemaining capPerPeriod
    perRunPrice flatPrice app { slug } } }
  ... on Error { code message }
"""
START_TRIAL = "mutation T($id: ID!) { startTrial(listingId: $id) { " + SUBSCRIPTION + " } }"
SUBSCRIBE = "mutation S($id: ID!) { subscribe(listingId: $id) { " + SUBSCRIPTION + " } }"
CANCEL = "mutation C($id: ID!) { cancelSubscription(id: $id) { " + SUBSCRIPTION + " } }"
CREATE_KEY = """
mutation K($input: CreateSubscriptionKeyInput!) { createSubscriptionKey(input: $input) {
  __typename
  ... on CreateSubscriptionKeySuccess { secret key { id name preview rateLimit runs } }
  ... on Error { code message }
} }
"""
REVOKE_KEY = """
mutation R($id: ID!) { revokeSubscriptionKey(id: $id) {
  __typename ... on RevokeSubscriptionKeySuccess { key { id revokedAt } }
  ... on Error { code message } } }
"""
MY_SUBSCRIPTIONS = """
query { mySubscriptions(first: 10) { edges { node { id status currentPeriodEnd usedInPeriod
  capRemaining keys { id name runs revokedAt } } } } }
"""
RUN = """
mutation Run($input: RunAppInput!) {
  runApp(input: $input) {
    __typename
    ... on SubmitJobSuccess { job { id status } warnings spendingWarning { limit spent percent } }
    ... on SubscriptionCapReachedError { cap used }
    ... on SpendingLimitExceededError { limit spent estimate }
    ... on Error { code message }
  }
}
"""
SET_LIMIT = """
mutation L($amount: Decimal) { setSpendingLimit(amount: $amount) {
  __typename ... on SetSpendingLimitSuccess { userLimit adminLimit usage { limit remaining } }
  ... on Error { code message } } }
"""
MY_USAGE = """
query { myUsage { shotsUsed spending { spent reserved limit remaining warning periodStart } } }
"""
INPUTS = {"theta": 0.5, "phi": -1.25}


async def marketplace_app(
    app: Any, client: Any, slug: str, **terms: Any
) -> tuple[Any, str, str, str]:
    """A developer's app, published and LISTED: (developer, app id, listing id, version id)."""
    developer = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    found = await support.release(client, developer.headers, slug)
    version_id = await support.published(client, developer.headers, found["id"], "1.0.0")
    listing = await support.listed(client, developer.headers, found["id"], **terms)
    return developer, found["id"], listing["id"], version_id


async def call(client: Any, query: str, variables: dict[str, Any], headers: Any) -> Any:
    body = await support.post(client, query, variables, headers)
    assert "errors" not in body, body
    found = next(iter(body["data"].values()))
    if isinstance(found, dict) and "edges" in found:  # a connection: its nodes
        return [edge["node"] for edge in found["edges"]]
    return found


async def run(client: Any, headers: Any, version_id: str, **run: Any) -> dict[str, Any]:
    run.setdefault("backend", "aer_simulator")
    run.setdefault("inputs", INPUTS)
    run.setdefault("shots", 10)
    return await call(client, RUN, {"input": {"versionId": version_id, **run}}, headers)  # type: ignore[no-any-return]


async def drain(app: Any) -> None:
    """Run every queued job on a burst worker."""
    settings = app.state.services.settings
    worker = Worker(
        functions=[func(jobs.run_job, keep_result=0, max_tries=jobs.MAX_TRIES, timeout=60)],  # type: ignore[arg-type]
        redis_settings=redis_settings(settings.redis_url or ""),
        on_startup=startup,
        on_shutdown=shutdown,
        job_serializer=serialize,
        job_deserializer=deserialize,
        burst=True,
        poll_delay=0.01,
        handle_signals=False,
    )
    try:
        await worker.main()
    finally:
        await worker.close()


async def post_raw(client: Any, query: str, variables: dict[str, Any], headers: Any) -> Any:
    return await support.post(client, query, variables, headers)
