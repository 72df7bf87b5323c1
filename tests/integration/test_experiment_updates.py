"""experimentUpdated over the real app, PostgreSQL and Redis: the run's state first, then a
push for each change of its jobs, then the analysed run, and the operation completes."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import update
from strawberry import relay

from domain import events
from domain.experiments import analysis
from domain.jobs.models import Job, JobStatus
from tests.integration.test_experiment_reads import _insert_runs
from tests.integration.test_job_subscriptions import api, connection, move, next_value, user
from tests.integration.test_subscriptions import receive
from tests.ws import subscribe

__all__ = ["api"]  # the fixture, imported so pytest finds it here

UPDATED = """
subscription S($id: ID!) { experimentUpdated(id: $id) { id status kpis { status shotsUsed } } }
"""


def _queued_run(client: Any, owner: Any) -> tuple[uuid.UUID, list[uuid.UUID]]:
    services = client.app.state.services

    async def make() -> tuple[uuid.UUID, list[uuid.UUID]]:
        # _insert_runs makes run 1 of 2 with two QUEUED jobs (odd runs are queued)
        run_id = (await _insert_runs(client.app, owner.id, 2))[1]
        async with services.sessionmaker() as session, session.begin():
            from sqlalchemy import select

            from domain.experiments.models import ExperimentJob, ExperimentRun

            await session.execute(
                update(ExperimentRun).where(ExperimentRun.id == run_id).values(preset="latency")
            )
            job_ids = list(
                await session.scalars(
                    select(ExperimentJob.job_id).where(ExperimentJob.run_id == run_id)
                )
            )
        return run_id, job_ids

    return client.portal.call(make)


def test_experiment_updated_streams_a_run_to_its_analysis(api):
    owner, stranger = user(api), user(api)
    services = api.app.state.services
    run_id, job_ids = _queued_run(api, owner)
    run_gid = relay.to_base64("ExperimentRun", str(run_id))
    with connection(api, stranger) as theirs:
        # someone else's run ends the stream at once
        theirs.send_json(subscribe("1", UPDATED, {"id": run_gid}))
        assert receive(theirs) == {"id": "1", "type": "complete"}
    with connection(api, owner) as ws:
        ws.send_json(subscribe("1", UPDATED, {"id": run_gid}))
        # then the current state comes first
        assert next_value(ws, "experimentUpdated")["status"] == "QUEUED"
        # when a worker starts a job of the run
        move(api, job_ids[0], JobStatus.QUEUED, JobStatus.RUNNING)
        assert next_value(ws, "experimentUpdated")["status"] == "RUNNING"
        # when both finish, the sweep analyses the run and announces it
        move(api, job_ids[0], JobStatus.RUNNING, JobStatus.COMPLETED)
        assert next_value(ws, "experimentUpdated")["status"] == "RUNNING"
        move(api, job_ids[1], JobStatus.QUEUED, JobStatus.RUNNING)
        assert next_value(ws, "experimentUpdated")["status"] == "RUNNING"
        move(api, job_ids[1], JobStatus.RUNNING, JobStatus.COMPLETED)
        assert next_value(ws, "experimentUpdated")["status"] == "ANALYSING"

        async def settle() -> None:
            async with services.sessionmaker() as session, session.begin():
                await session.execute(
                    update(Job).where(Job.id.in_(job_ids)).values(counts={"0": 50, "1": 50})
                )
            settled = await analysis.settle(services.sessionmaker, run_id)
            assert settled.status is not None and settled.first_job_id is not None
            await events.publish(services.redis, analysis.analysed_event(settled.first_job_id))

        api.portal.call(settle)
        final = next_value(ws, "experimentUpdated")
        assert final["status"] == "COMPLETED" and final["kpis"]["shotsUsed"] == 200
        assert receive(ws) == {"id": "1", "type": "complete"}
