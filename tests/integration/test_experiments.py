"""runExperiment end to end: the presets run as real jobs on a burst worker against real
PostgreSQL and Redis, the worker's sweep analyses them, and the results make physical sense."""

from __future__ import annotations

from typing import Any

import pytest
from arq.worker import Worker, func

from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration import apps_support as support
from workers import experiments, jobs
from workers.queue import deserialize, redis_settings, serialize
from workers.settings import shutdown, startup

RUN = """
mutation Run($input: RunExperimentInput!) {
  runExperiment(input: $input) {
    __typename
    ... on RunExperimentSuccess { warnings run { id preset status shots jobs { id status } } }
    ... on Error { code message }
    ... on InvalidInputError { field }
  }
}
"""
READ = """
query Runs($first: Int) {
  experimentRuns(first: $first) {
    totalCount
    edges { node { id preset status result errorMessage
      kpis { fidelity latencyUs backaction shotsUsed shotBudget status } jobs { status } } }
  }
}
"""


async def _drain(app: Any) -> None:
    """Run every queued job on a burst worker, then the experiments sweep once."""
    settings = app.state.services.settings
    worker = Worker(
        functions=[func(jobs.run_job, keep_result=0, max_tries=jobs.MAX_TRIES, timeout=600)],  # type: ignore[arg-type]
        redis_settings=redis_settings(settings.redis_url or ""),
        on_startup=startup,
        on_shutdown=shutdown,
        job_serializer=serialize,
        job_deserializer=deserialize,
        burst=True,
        poll_delay=0.01,
        max_jobs=16,
        handle_signals=False,
    )
    try:
        await worker.main()
    finally:
        await worker.close()
    ctx: dict[str, Any] = {"redis": app.state.services.redis}
    ctx["sessionmaker"] = app.state.services.sessionmaker
    await experiments.settle_experiment_runs(ctx)


async def _run(client: Any, headers: Any, **given: Any) -> dict[str, Any]:
    body = await support.post(client, RUN, {"input": given}, headers)
    assert "errors" not in body, body
    return body["data"]["runExperiment"]


async def _only_run(client: Any, headers: Any) -> dict[str, Any]:
    body = await support.post(client, READ, {"first": 5}, headers)
    assert "errors" not in body, body
    [edge] = body["data"]["experimentRuns"]["edges"]
    return edge["node"]


async def test_backend_compare_ranks_the_ideal_simulator_above_a_noisy_emulator(app, client):
    user = await make_user(app, Role.CONSUMER)
    created = await _run(
        client,
        user.headers,
        preset="backend_compare",
        backends=["fake_sherbrooke", "aer_simulator"],
        shots=2000,
        params={"benchmark": "ghz", "width": 4},
    )
    assert created["__typename"] == "RunExperimentSuccess", created
    assert created["run"]["status"] == "QUEUED" and len(created["run"]["jobs"]) == 2
    await _drain(app)
    run = await _only_run(client, user.headers)
    assert run["status"] == "COMPLETED", run
    result = run["result"]
    assert result["ranking"] == ["aer_simulator", "fake_sherbrooke"]
    fidelity = {b["backend"]: b["hellingerFidelity"] for b in result["backends"]}
    assert fidelity["aer_simulator"] > 0.99 and fidelity["fake_sherbrooke"] < 0.98
    [pair] = result["pairs"]
    assert 0 < pair["tvd"] < 1 and 0 < pair["hellingerDistance"] < 1
    assert run["kpis"]["fidelity"] == pytest.approx(fidelity["fake_sherbrooke"])
    assert run["kpis"]["shotsUsed"] == 4000 and run["kpis"]["shotBudget"] == 4000


async def test_dpd_backaction_is_zero_without_a_probe_and_grows_with_strength(app, client):
    user = await make_user(app, Role.CONSUMER)
    strengths = [0.0, 0.8, 1.6, 3.14159]
    created = await _run(
        client,
        user.headers,
        preset="dpd_demo",
        backends=["aer_simulator"],
        shots=4000,
        params={"strengths": strengths},
    )
    assert created["__typename"] == "RunExperimentSuccess", created
    await _drain(app)
    run = await _only_run(client, user.headers)
    assert run["status"] == "COMPLETED", run
    sweep = run["result"]["sweep"]
    backaction = [s["backaction"] for s in sweep]
    assert [s["strength"] for s in sweep] == strengths
    # no probe: only shot noise; a projective probe: the ideal value is 1/2
    assert backaction[0] < 0.04
    assert backaction[-1] == pytest.approx(0.5, abs=0.05)
    assert backaction == sorted(backaction)
    assert run["kpis"]["backaction"] == pytest.approx(backaction[-1])


async def test_latency_reports_percentiles_from_real_timestamps(app, client):
    user = await make_user(app, Role.CONSUMER)
    created = await _run(
        client,
        user.headers,
        preset="latency",
        backends=["aer_simulator"],
        shots=100,
        params={"probes": 4, "rateHz": 20},
    )
    assert created["__typename"] == "RunExperimentSuccess", created
    await _drain(app)
    run = await _only_run(client, user.headers)
    assert run["status"] == "COMPLETED", run
    assert len(run["jobs"]) == 4
    [backend] = run["result"]["backends"]
    for name in ("queueWaitUs", "executionUs", "endToEndUs"):
        figures = backend[name]
        assert figures["n"] == 4
        assert 0 <= figures["p50"] <= figures["p95"] <= figures["max"]
    assert backend["endToEndUs"]["p50"] >= backend["executionUs"]["p50"]
    assert run["kpis"]["latencyUs"] == pytest.approx(backend["endToEndUs"]["p50"])


async def test_health_recovers_the_snapshot_t1_and_t2_on_an_emulator(app, client):
    user = await make_user(app, Role.CONSUMER)
    created = await _run(
        client,
        user.headers,
        preset="health",
        backends=["fake_sherbrooke"],
        qubits=[0],
        shots=1000,
        params={"points": 7, "rbSequences": 1},
    )
    assert created["__typename"] == "RunExperimentSuccess", created
    await _drain(app)
    run = await _only_run(client, user.headers)
    assert run["status"] == "COMPLETED", run
    result = run["result"]
    assert result["physicalQubit"] is not None
    for kind in ("t1", "t2"):
        found = result[kind]
        fitted, calibrated = found["fitted"], found["calibrated"]
        assert calibrated is not None and fitted["stderr"] is not None
        # The documented tolerance: within 3 standard errors or 15% of the calibration.
        tolerance = max(3 * fitted["stderr"], 0.15 * calibrated)
        assert abs(fitted["value"] - calibrated) <= tolerance, (kind, found)
    assert 0 <= result["readout"]["fitted"]["value"] < 0.2
    assert 0 <= result["rb"]["errorPerClifford"]["value"] < 0.05


async def test_guardrails_refuse_over_the_cap_and_write_nothing(app, client):
    user = await make_user(app, Role.CONSUMER)
    refused = await _run(
        client,
        user.headers,
        preset="dpd_demo",
        backends=["aer_simulator"],
        shots=100_000,
        params={"strengths": [0.5, 1.0, 1.5]},
    )
    assert refused["__typename"] == "ShotsOutOfRangeError", refused
    bad = await _run(
        client,
        user.headers,
        preset="dpd_demo",
        backends=["aer_simulator"],
        params={"strengths": ["x"]},
    )
    assert bad["__typename"] == "InvalidInputError" and bad["field"] == "params"
    one = await _run(client, user.headers, preset="backend_compare", backends=["aer_simulator"])
    assert one["__typename"] == "InvalidInputError" and one["field"] == "backends"
    body = await support.post(client, READ, {"first": 5}, user.headers)
    assert body["data"]["experimentRuns"]["totalCount"] == 0


async def test_an_idempotency_key_returns_the_first_run(app, client):
    user = await make_user(app, Role.CONSUMER)
    given = {
        "preset": "dpd_demo",
        "backends": ["aer_simulator"],
        "shots": 100,
        "params": {"strengths": [1.0]},
        "idempotencyKey": "k-1",
    }
    first = await _run(client, user.headers, **given)
    again = await _run(client, user.headers, **given)
    assert first["run"]["id"] == again["run"]["id"]
    assert {j["id"] for j in first["run"]["jobs"]} == {j["id"] for j in again["run"]["jobs"]}
    other = await make_user(app, Role.CONSUMER)
    body = await support.post(client, READ, {"first": 5}, other.headers)
    assert body["data"]["experimentRuns"]["totalCount"] == 0


async def test_a_run_past_the_spending_limit_is_a_typed_refusal(app, client):
    from tests.integration import billing_support

    user = await make_user(app, Role.CONSUMER)
    limited = await billing_support.call(
        client, billing_support.SET_LIMIT, {"amount": "0.01"}, user.headers
    )
    assert limited["__typename"] == "SetSpendingLimitSuccess", limited
    given = {"preset": "dpd_demo", "backends": ["fake_sherbrooke"], "shots": 1000}
    result = await _run(client, user.headers, **given, params={"strengths": [1.0]})
    assert result["__typename"] == "SpendingLimitExceededError", result
    body = await support.post(client, READ, {"first": 5}, user.headers)
    assert body["data"]["experimentRuns"]["totalCount"] == 0


async def test_hostile_input_gets_typed_errors_and_writes_nothing(app, client):
    user = await make_user(app, Role.CONSUMER)
    dpd = {"preset": "dpd_demo", "backends": ["aer_simulator"], "shots": 10}
    cases = [
        ({**dpd, "params": {"strengths": [1.0], "note": "a\x00b"}}, "params"),
        ({**dpd, "backends": ["aer\x00simulator"]}, "backends"),
        ({**dpd, "params": {"strengths": list(range(10_000))}}, "params"),
        (
            {**dpd, "params": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": {}}}}}}}}}}},
            "params",
        ),
        ({**dpd, "idempotencyKey": "k" * 500}, "idempotencyKey"),
        ({**dpd, "params": {"strengths": [1.0]}, "idempotencyKey": "k\x00"}, "idempotencyKey"),
        ({**dpd, "params": {"strengths": [10**400]}}, "params"),  # float() would overflow
        ({**dpd, "params": {"strengths": [1.0], "drive1": -(10**400)}}, "params"),
        ({**dpd, "shots": 0}, "shots"),
        ({**dpd, "qubits": [-1]}, "qubits"),
        (
            {
                "preset": "backend_compare",
                "backends": ["aer_simulator", "fake_sherbrooke"],
                "params": {"circuit": "OPENQASM 2.0; not a circuit"},
            },
            None,
        ),
        ({**dpd, "backends": ["no_such_backend"]}, None),
    ]
    for given, field in cases:
        body = await support.post(client, RUN, {"input": given}, user.headers)
        if "errors" in body:  # refused by GraphQL validation itself (not a 500)
            assert all(e["extensions"]["code"] != "INTERNAL_SERVER_ERROR" for e in body["errors"])
            continue
        result = body["data"]["runExperiment"]
        assert result["__typename"] != "RunExperimentSuccess", (given, result)
        assert result["code"] and "Traceback" not in result["message"]
        if field is not None:
            assert result.get("field") == field, (given, result)
    body = await support.post(client, READ, {"first": 5}, user.headers)
    assert body["data"]["experimentRuns"]["totalCount"] == 0
