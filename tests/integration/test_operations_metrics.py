"""/metrics after a known workload: queue depth and age, final statuses, latency histograms,
workers, Redis, shot-budget rejections and experiment runs, read from the real services."""

from __future__ import annotations

import re

from sqlalchemy import update

from domain.identity.models import User
from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration import apps_support as support
from tests.integration.test_experiments import RUN, _drain

SUBMIT = """
mutation S($input: SubmitJobInput!) {
  submitJob(input: $input) { __typename ... on Error { code } }
}
"""
BELL = (
    'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\n'
    "h q[0];\ncx q[0],q[1];\nmeasure q -> c;\n"
)


def _value(page: str, series: str) -> float | None:
    match = re.search(rf"^{re.escape(series)} ([0-9.e+-]+)$", page, re.MULTILINE)
    return float(match.group(1)) if match else None


async def _scrape(client) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200
    return response.text


async def test_metrics_after_a_known_workload(app, client):
    user = await make_user(app, Role.CONSUMER)
    before = _value(
        await _scrape(client), 'qraph_submission_rejections_total{reason="shot_budget"}'
    )
    # given three queued Bell jobs on the ideal simulator and one experiment run
    for _ in range(3):
        body = await support.post(
            client,
            SUBMIT,
            {"input": {"backend": "aer_simulator", "circuit": BELL, "shots": 100}},
            user.headers,
        )
        assert body["data"]["submitJob"]["__typename"] == "SubmitJobSuccess", body
    run = {
        "preset": "dpd_demo",
        "backends": ["aer_simulator"],
        "shots": 100,
        "params": {"strengths": [1.0]},
    }
    body = await support.post(client, RUN, {"input": run}, user.headers)
    assert body["data"]["runExperiment"]["__typename"] == "RunExperimentSuccess", body
    # and a submission over the user's shot budget
    async with app.state.services.sessionmaker() as session, session.begin():
        await session.execute(update(User).where(User.id == user.id).values(shot_budget=500))
    body = await support.post(
        client,
        SUBMIT,
        {"input": {"backend": "aer_simulator", "circuit": BELL, "shots": 1000}},
        user.headers,
    )
    assert body["data"]["submitJob"]["__typename"] == "QuotaExceededError", body

    page = await _scrape(client)
    # then the queue shows five jobs (three plus the run's two), nothing ran, no worker lives
    assert _value(page, 'qraph_queue_depth{backend="aer_simulator"}') == 5
    assert (_value(page, 'qraph_queue_oldest_age_seconds{backend="aer_simulator"}') or 0) >= 0
    assert _value(page, "qraph_workers_alive") == 0
    assert _value(page, "qraph_workers_busy") == 0
    assert _value(page, "qraph_redis_connected") == 1
    assert _value(page, 'qraph_experiment_runs{preset="dpd_demo",status="OPEN"}') == 1
    assert (
        _value(page, 'qraph_submission_rejections_total{reason="shot_budget"}') == (before or 0) + 1
    )
    assert _value(page, 'qraph_jobs_final{status="COMPLETED"}') == 0

    # when a worker runs them and the sweep analyses the run
    await _drain(app)
    page = await _scrape(client)
    # then the queue is empty, five jobs completed, and each histogram counted five
    assert 'qraph_queue_depth{backend="aer_simulator"}' not in page
    assert _value(page, 'qraph_jobs_final{status="COMPLETED"}') == 5
    assert _value(page, "qraph_job_execution_seconds_gcount") == 5
    assert _value(page, 'qraph_job_end_to_end_seconds_bucket{le="+Inf"}') == 5
    assert _value(page, 'qraph_experiment_runs{preset="dpd_demo",status="COMPLETED"}') == 1
