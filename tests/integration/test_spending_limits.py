"""Spending limits: concurrent submissions reserve atomically, so exactly those that fit are
accepted; at 80% the result warns and one notification is sent; the money is released when a
job is cancelled; an admin's ceiling lowers the user's limit; myUsage shows the month."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from sqlalchemy import func, select

from domain.identity.principal import Role
from domain.jobs.models import Job
from domain.notifications.models import Notification
from tests.identity import make_user
from tests.integration import billing_support as support

# fake_sherbrooke is an emulated device priced 0.30 per task + 0.00015 per shot: 100 shots are
# estimated at 0.315, so a limit of 1.00 fits exactly three (0.945) and warns from the third.
BACKEND = "fake_sherbrooke"
CIRCUIT = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[1] q;\nbit[1] c;\nc[0] = measure q[0];\n'
SUBMIT = """
mutation S($input: SubmitJobInput!) { submitJob(input: $input) {
  __typename
  ... on SubmitJobSuccess { job { id costEstimate { amount } } warnings
    spendingWarning { limit spent percent } }
  ... on SpendingLimitExceededError { limit spent estimate }
  ... on Error { code message }
} }
"""
CANCEL = "mutation C($id: ID!) { cancelJob(id: $id) { __typename } }"
ADMIN_LIMIT = """
mutation A($id: ID!, $amount: Decimal) { setUserSpendingLimit(userId: $id, amount: $amount) {
  __typename ... on SetSpendingLimitSuccess { userLimit adminLimit usage { limit } }
  ... on Error { code message } } }
"""


async def _submit(client, headers):
    variables = {"input": {"backend": BACKEND, "circuit": CIRCUIT, "shots": 100}}
    return await support.call(client, SUBMIT, variables, headers)


async def _jobs(app, owner_id) -> int:
    async with app.state.services.sessionmaker() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(Job).where(Job.owner_id == owner_id)
            )
        )


async def test_concurrent_submissions_accept_exactly_those_that_fit(app, client):
    user = await make_user(app, Role.CONSUMER)
    limit = await support.call(client, support.SET_LIMIT, {"amount": "1.00"}, user.headers)
    assert limit["__typename"] == "SetSpendingLimitSuccess" and limit["userLimit"] == "1.00"
    # when eight submissions race for a limit that fits three
    results = await asyncio.gather(*(_submit(client, user.headers) for _ in range(8)))
    # then exactly three are accepted and five refused with the figures, and only three rows exist
    kinds = sorted(r["__typename"] for r in results)
    assert kinds == ["SpendingLimitExceededError"] * 5 + ["SubmitJobSuccess"] * 3, results
    refusal = next(r for r in results if r["__typename"] == "SpendingLimitExceededError")
    assert Decimal(refusal["limit"]) == Decimal("1.00")
    assert Decimal(refusal["estimate"]) == Decimal("0.315")
    assert Decimal(refusal["spent"]) == Decimal("0.945")
    assert await _jobs(app, user.id) == 3
    # the submission that crossed 80% warned; one SPENDING_WARNING notification for the month
    warned = [r for r in results if r["__typename"] == "SubmitJobSuccess" and r["spendingWarning"]]
    assert len(warned) == 1 and Decimal(warned[0]["spendingWarning"]["percent"]) == Decimal("94.5")
    async with app.state.services.sessionmaker() as session:
        notes = await session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.kind == "SPENDING_WARNING")
        )
    assert notes == 1
    # myUsage shows the month: nothing spent yet, 0.945 reserved, 0.055 left
    usage = (await support.call(client, support.MY_USAGE, {}, user.headers))["spending"]
    assert Decimal(usage["reserved"]) == Decimal("0.945") and Decimal(usage["spent"]) == 0
    assert Decimal(usage["remaining"]) == Decimal("0.055") and usage["warning"] is True
    # when one queued job is cancelled its reservation is released and another fits
    shots_before = (await support.call(client, support.MY_USAGE, {}, user.headers))["shotsUsed"]
    accepted = next(r for r in results if r["__typename"] == "SubmitJobSuccess")
    body = await support.call(client, CANCEL, {"id": accepted["job"]["id"]}, user.headers)
    assert body["__typename"] == "CancelJobSuccess", body
    found = await support.call(client, support.MY_USAGE, {}, user.headers)
    assert Decimal(found["spending"]["reserved"]) == Decimal("0.630")
    assert found["shotsUsed"] == shots_before - 100  # its shots go back to the budget
    assert (await _submit(client, user.headers))["__typename"] == "SubmitJobSuccess"


async def test_an_admin_lowers_a_users_limit(app, client):
    user = await make_user(app, Role.CONSUMER)
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    await support.call(client, support.SET_LIMIT, {"amount": "100.00"}, user.headers)
    me = await support.call(client, "query { me { id } }", {}, user.headers)
    lowered = await support.call(
        client, ADMIN_LIMIT, {"id": me["id"], "amount": "0.50"}, admin.headers
    )
    assert lowered["adminLimit"] == "0.50" and lowered["usage"]["limit"] == "0.50"
    # the user's own higher limit does not lift the admin's ceiling
    await support.call(client, support.SET_LIMIT, {"amount": "200.00"}, user.headers)
    assert (await _submit(client, user.headers))["__typename"] == "SubmitJobSuccess"
    refused = await _submit(client, user.headers)
    assert refused["__typename"] == "SpendingLimitExceededError", refused
    # a consumer cannot set another's ceiling; bad amounts are typed errors
    body = await support.post_raw(
        client, ADMIN_LIMIT, {"id": me["id"], "amount": "1"}, user.headers
    )
    assert body["errors"][0]["extensions"]["code"] in {"FORBIDDEN", "UNAUTHENTICATED"}
    for bad in ("-1", "1.001", "NaN", "1e9"):
        body = await support.post_raw(client, support.SET_LIMIT, {"amount": bad}, user.headers)
        result = (body.get("data") or {}).get("setSpendingLimit")
        assert (result and result["code"] == "INVALID_INPUT") or body.get("errors"), (bad, body)
