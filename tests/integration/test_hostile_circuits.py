"""The hostile circuit corpus through the real `submitJobs` and `submitJob` mutations.

Given a user and the real catalog, when each hostile circuit is submitted, then it is refused
with its typed error within a generous bound, and nothing is written: no job row, no history,
no shot usage, nothing queued in arq.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from tests.hostile_circuits import HOSTILE, Hostile
from tests.identity import make_user
from tests.integration.test_job_submission import row_counts

SUBMIT_MANY = """
mutation Many($inputs: [SubmitJobInput!]!) {
  submitJobs(inputs: $inputs) {
    __typename
    ... on SubmitJobsRejected {
      errors { index error { __typename code message
        ... on CircuitLimitExceededError { limit maximum requested line column } } }
    }
    ... on Error { code message }
  }
}
"""
SUBMIT = """
mutation Submit($input: SubmitJobInput!) {
  submitJob(input: $input) {
    __typename
    ... on Error { code message }
    ... on InvalidCircuitError { line column }
    ... on CircuitLimitExceededError { limit maximum requested line column }
  }
}
"""
BOUND_S = 600.0  # generous: a refusal takes milliseconds to seconds; this only catches a hang
BODY_BUDGET = 700_000  # bytes of JSON per request, under QRAPH_MAX_BODY_BYTES (1,000,000)
# Characters no program holds may be refused at the GraphQL boundary, before the circuit is
# read, as an invalid input; either refusal is typed and writes nothing.
CHARACTER_CASES = {"nul-", "surrogate-", "escape-", "delete-"}
# A few driven one by one through submitJob, one per class.
SINGLE = [
    "for-10^18", "gate-doubling-40-q3", "minus-50000-q3", "nan-q3", "inf-u3-q2",
    "opaque-used-q2", "nul-in-name", "surrogate-in-name", "ghz-5000-stabilizer",
    "sherbrooke-12q-20000-shots", "statements-over-limit", "for-nested-10^4x10^4",
]  # fmt: skip


def _input(case: Hostile) -> dict[str, Any]:
    return {"backend": case.backend, "circuit": case.circuit, "shots": case.shots}


def _batches(cases: list[Hostile]) -> list[list[Hostile]]:
    batches: list[list[Hostile]] = [[]]
    size = 0
    for case in cases:
        cost = len(json.dumps(_input(case)))
        if batches[-1] and (size + cost > BODY_BUDGET or len(batches[-1]) == 100):
            batches.append([])
            size = 0
        batches[-1].append(case)
        size += cost
    return batches


def _accepts(case: Hostile, typename: str) -> bool:
    if typename == case.expect:
        return True
    return typename == "InvalidInputError" and any(case.id.startswith(p) for p in CHARACTER_CASES)


def _refused_at_boundary(case: Hostile) -> bool:
    return any(ch == "\x00" or "\ud800" <= ch <= "\udfff" for ch in case.circuit)


async def _post(client: Any, user: Any, query: str, variables: dict[str, Any]) -> Any:
    answer = await _answer(client, user, query, variables)
    assert "errors" not in answer, answer
    return answer["data"]


async def _answer(client: Any, user: Any, query: str, variables: dict[str, Any]) -> Any:
    try:
        # ASCII JSON: lone surrogates travel as `\ud800` escapes, as a browser would send them.
        body = json.dumps({"query": query, "variables": variables}, ensure_ascii=True)
        headers = {**user.headers, "Content-Type": "application/json"}
        response = await asyncio.wait_for(
            client.post("/graphql", content=body.encode(), headers=headers), BOUND_S
        )
    except TimeoutError:
        pytest.fail(f"no answer within {BOUND_S:.0f} s")
    return response.json()


async def _nothing_written(app: Any) -> None:
    assert await row_counts(app) == (0, 0, 0)
    assert await app.state.services.redis.zcard("arq:queue") == 0


async def test_every_hostile_circuit_is_refused_in_batches_and_nothing_is_written(app, client):
    user = await make_user(app)
    cases = [case for case in HOSTILE if case.expect != "ShotsOutOfRangeError"]
    # NUL bytes and lone surrogates never reach a resolver: the boundary refuses the request.
    for case in [c for c in cases if _refused_at_boundary(c)]:
        answer = await _answer(client, user, SUBMIT_MANY, {"inputs": [_input(case)]})
        assert answer["errors"][0]["extensions"]["code"] in ("BAD_USER_INPUT", "BAD_REQUEST")
    seen = sum(1 for c in cases if _refused_at_boundary(c))
    cases = [c for c in cases if not _refused_at_boundary(c)]
    for batch in _batches(cases):
        # when the batch is submitted
        data = await _post(client, user, SUBMIT_MANY, {"inputs": [_input(c) for c in batch]})
        result = data["submitJobs"]
        # then every job in it is refused, each with its own typed error
        assert result["__typename"] == "SubmitJobsRejected", result
        errors = {e["index"]: e["error"] for e in result["errors"]}
        assert sorted(errors) == list(range(len(batch))), result
        for index, case in enumerate(batch):
            error = errors[index]
            assert _accepts(case, error["__typename"]), (case.id, error)
            if case.limit is not None and error["__typename"] == "CircuitLimitExceededError":
                assert error["limit"] == case.limit, (case.id, error)
                assert error["requested"] > error["maximum"], (case.id, error)
        seen += len(batch)
    assert seen >= 60
    # and nothing was written or queued
    await _nothing_written(app)


@pytest.mark.parametrize("case", [c for c in HOSTILE if c.id in SINGLE], ids=lambda c: c.id)
async def test_hostile_circuits_through_submit_job_are_typed_and_write_nothing(
    app, client, case: Hostile
):
    user = await make_user(app)
    answer = await _answer(client, user, SUBMIT, {"input": _input(case)})
    if "errors" in answer:
        # NUL bytes and lone surrogates are refused at the GraphQL boundary, before any
        # resolver reads the circuit: a request error with a client code, never an internal one.
        assert any(case.id.startswith(p) for p in CHARACTER_CASES), answer
        assert answer["errors"][0]["extensions"]["code"] in ("BAD_USER_INPUT", "BAD_REQUEST")
        await _nothing_written(app)
        return
    result = answer["data"]["submitJob"]
    assert _accepts(case, result["__typename"]), result
    assert result["message"] and "Traceback" not in result["message"]
    if result["__typename"] == "CircuitLimitExceededError":
        assert result["limit"] == case.limit
    await _nothing_written(app)


async def test_shots_past_the_limits_are_refused_before_the_circuit_is_read(app, client):
    user = await make_user(app)
    for case in [c for c in HOSTILE if c.expect == "ShotsOutOfRangeError"]:
        data = await _post(client, user, SUBMIT, {"input": _input(case)})
        assert data["submitJob"]["__typename"] == "ShotsOutOfRangeError", case.id
    await _nothing_written(app)


async def test_a_valid_job_after_the_corpus_is_still_accepted(app, client):
    user = await make_user(app)
    hostile = next(c for c in HOSTILE if c.id == "gate-doubling-40-q3")
    await _post(client, user, SUBMIT, {"input": _input(hostile)})
    bell = (
        'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\nbit[2] c;\nh q[0];\n'
        "cx q[0], q[1];\nc = measure q;\n"
    )
    data = await _post(
        client, user, SUBMIT, {"input": {"backend": "aer_simulator", "circuit": bell}}
    )
    assert data["submitJob"]["__typename"] == "SubmitJobSuccess", data
    assert await row_counts(app) == (1, 1, 1)
