"""Verification gates what costs money: an unverified account signs in and browses, but may not
run circuits or create API keys until it opens the mailed link (`QRAPH_REQUIRE_VERIFIED_EMAIL`)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from domain.identity.models import ApiKey
from domain.jobs.models import Job
from qraph.settings import get_settings
from tests.identity import TEST_PASSWORD
from tests.integration.accounts_support import (
    VERIFY,
    data,
    login,
    mailed_token,
    new_name,
    register,
)

BELL = """OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
c = measure q;
"""
SUBMIT = """
mutation Submit($input: SubmitJobInput!) {
  submitJob(input: $input) {
    __typename
    ... on SubmitJobSuccess { job { id } }
    ... on Error { code message }
  }
}
"""
SUBMIT_MANY = """
mutation SubmitMany($inputs: [SubmitJobInput!]!) {
  submitJobs(inputs: $inputs) {
    __typename
    ... on SubmitJobsSuccess { jobs { id } }
    ... on Error { code message }
  }
}
"""
CREATE_KEY = """
mutation Key { createApiKey(input: {name: "laptop", scopes: [JOBS_READ, JOBS_WRITE]}) {
  __typename
  ... on CreateApiKeySuccess { secret }
  ... on Error { code message }
} }
"""
BROWSE = "query Browse { me { username emailVerified } backends(first: 2) { totalCount } }"
JOB = {"backend": "aer_simulator", "circuit": BELL, "shots": 10}


async def _unverified(client: Any) -> tuple[str, str]:
    """(username, access token) of a freshly registered user who never opened the mail."""
    name = new_name()
    assert (await register(client, name))["__typename"] == "RegisterSuccess"
    signed_in = await login(client, name, TEST_PASSWORD)
    assert signed_in["__typename"] == "LoginSuccess", signed_in
    return name, signed_in["accessToken"]


async def _counts(app: Any) -> tuple[int, int]:
    async with app.state.services.sessionmaker() as session:
        jobs = await session.scalar(select(func.count()).select_from(Job))
        keys = await session.scalar(select(func.count()).select_from(ApiKey))
    return int(jobs or 0), int(keys or 0)


async def test_an_unverified_account_browses_but_cannot_submit_or_create_keys(client, app):
    # given a user who signed in without verifying
    _, token = await _unverified(client)
    before = await _counts(app)
    # when they browse
    browsed = await data(client, BROWSE, token=token)
    # then reads work
    assert browsed["me"]["emailVerified"] is False and browsed["backends"]["totalCount"] > 0
    # when they submit one job, a batch, or create a key
    one = (await data(client, SUBMIT, {"input": JOB}, token))["submitJob"]
    many = (await data(client, SUBMIT_MANY, {"inputs": [JOB, JOB]}, token))["submitJobs"]
    key = (await data(client, CREATE_KEY, token=token))["createApiKey"]
    # then each is refused with the typed error, and nothing is written
    for refused in (one, many, key):
        assert refused["__typename"] == "EmailNotVerifiedError", refused
        assert refused["code"] == "EMAIL_NOT_VERIFIED"
        assert "verif" in refused["message"].lower() or "confirm" in refused["message"].lower()
    assert await _counts(app) == before


async def test_verifying_lifts_the_gate_for_the_token_already_held(client, app):
    # given an unverified user holding an access token issued before verification
    name, token = await _unverified(client)
    assert (await data(client, SUBMIT, {"input": JOB}, token))["submitJob"]["__typename"] == (
        "EmailNotVerifiedError"
    )
    # when they open the mailed link's token
    mailed = await mailed_token(app, f"{name}@example.org", "verify_email")
    verified = (await data(client, VERIFY, {"token": mailed}))["verifyEmail"]
    assert verified["__typename"] == "VerifyEmailSuccess"
    # then the same token may submit and create keys, without signing in again
    assert (await data(client, SUBMIT, {"input": JOB}, token))["submitJob"]["__typename"] == (
        "SubmitJobSuccess"
    )
    created = (await data(client, CREATE_KEY, token=token))["createApiKey"]
    assert created["__typename"] == "CreateApiKeySuccess"
    # and a new sign-in carries the verification in its token
    fresh = (await login(client, name))["accessToken"]
    assert (await data(client, SUBMIT, {"input": JOB}, fresh))["submitJob"]["__typename"] == (
        "SubmitJobSuccess"
    )


async def test_a_verified_callers_submission_reads_no_extra_row(client, app, sql_statements):
    # given a verified user (signed in after verifying: the token says so)
    name, _ = await _unverified(client)
    mailed = await mailed_token(app, f"{name}@example.org", "verify_email")
    await data(client, VERIFY, {"token": mailed})
    token = (await login(client, name))["accessToken"]
    # when they submit
    sql_statements.statements.clear()
    result = (await data(client, SUBMIT, {"input": JOB}, token))["submitJob"]
    # then nothing read the account's verification again
    assert result["__typename"] == "SubmitJobSuccess"
    assert not [s for s in sql_statements.statements if "email_verified_at" in s]


@pytest.fixture
def gate_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QRAPH_REQUIRE_VERIFIED_EMAIL", "false")
    get_settings.cache_clear()


async def test_the_gate_can_be_turned_off(gate_off, client, app):
    # given the setting off (a closed deployment that trusts its users' addresses)
    assert app.state.settings.require_verified_email is False
    _, token = await _unverified(client)
    # when an unverified user submits and creates a key
    submitted = (await data(client, SUBMIT, {"input": JOB}, token))["submitJob"]
    created = (await data(client, CREATE_KEY, token=token))["createApiKey"]
    # then both go through
    assert submitted["__typename"] == "SubmitJobSuccess", submitted
    assert created["__typename"] == "CreateApiKeySuccess", created
