"""`systemStatus`, and `dashboardUpdated`: a burst of 1,000 events is one push, and events that
change nothing the viewer sees push nothing. Real PostgreSQL, Redis and pub/sub.
"""

from __future__ import annotations

import asyncio
import time

from domain import events
from domain.jobs.models import JobStatus
from domain.jobs.reconciler import worker_key
from domain.jobs.transitions import job_changed, queue_event
from resolvers.analytics.live import ChangeSignal, coalesced
from tests.identity import make_user
from tests.integration.test_job_reads import post
from tests.integration.test_job_subscriptions import (
    BACKEND,
    add_job,
    api,
    connection,
    move,
    next_value,
    user,
)
from tests.ws import subscribe, wait_until_live

__all__ = ["api"]

STATUS = """
{ systemStatus { status database redis workersAlive queueDepth running oldestQueuedAgeS
    deliveryQueueDepth providers { provider backends online reachable } checkedAt } }
"""
FOLLOW = """
subscription { dashboardUpdated { queueSummary { queued running }
  recentJobs(limit: 5) { status } systemStatus { queueDepth } } }
"""


async def test_system_status_reports_each_dependency(app, client):
    viewer = await make_user(app)
    # with no worker alive, nothing queued
    status = (await post(client, viewer, STATUS))["systemStatus"]
    assert status["database"] is True and status["redis"] is True
    assert status["workersAlive"] == 0 and status["status"] == "DEGRADED"
    assert status["queueDepth"] == 0 and status["oldestQueuedAgeS"] is None
    assert any(p["reachable"] for p in status["providers"])
    assert all(p["online"] <= p["backends"] for p in status["providers"])
    # when a worker's liveness key is there (as its keep_alive writes it) and a job waits
    services = app.state.services
    await services.redis.psetex(worker_key("w:test:1"), 30_000, b"1")
    from tests.integration.test_worker_runs_jobs import Harness

    await Harness(services.settings, services.sessionmaker, None, viewer.id).add_job(enqueued=False)
    status = (await post(client, viewer, STATUS))["systemStatus"]
    # then both show
    assert status["workersAlive"] == 1 and status["status"] == "OK"
    assert status["queueDepth"] == 1 and status["oldestQueuedAgeS"] >= 0


async def test_a_burst_is_read_once_per_process_and_coalesced_per_subscriber(app):
    services = app.state.services
    signal = ChangeSignal(services.events)
    version = {"value": 0}

    async def digest() -> str:  # what a viewer's bundle shows: here, a counter we move
        return str(version["value"])

    pushes: list[list[float]] = [[], []]

    started = [asyncio.Event(), asyncio.Event()]

    async def follow(into: list[float], first: asyncio.Event) -> None:
        async for _ in coalesced(signal, digest, min_interval_s=1.0, recheck_s=60):
            into.append(time.monotonic())
            first.set()

    # given two subscribers of one process, each with its first push
    tasks = [asyncio.create_task(follow(p, s)) for p, s in zip(pushes, started, strict=True)]
    await asyncio.gather(*(s.wait() for s in started))
    await wait_until_live(services.events, services.redis)
    await asyncio.sleep(0.1)  # the signal's own subscriptions are made by now

    async def burst(n: int) -> None:
        async with services.redis.pipeline(transaction=False) as pipe:
            for i in range(n):
                event = job_changed(f"job-{i}") if i % 2 else queue_event(BACKEND)
                await events.publish(pipe, event)
            await pipe.execute()

    try:
        # when something changes and a burst of 1,000 events follows
        seen = signal.events
        version["value"] = 1
        await burst(1000)
        await asyncio.sleep(2.5)
        # then the process read each event once, for both subscribers (topic channels only)
        assert signal.events - seen == 1000
        # and each subscriber got one push for the whole burst
        assert [len(p) for p in pushes] == [2, 2]
        # when another burst changes nothing the viewers see
        await burst(1000)
        await asyncio.sleep(2.5)
        # then nobody gets a push
        assert [len(p) for p in pushes] == [2, 2]
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def test_dashboard_updated_pushes_a_burst_once_and_only_changes(api):
    owner = user(api)
    with connection(api, owner) as ws:
        ws.send_json(subscribe("1", FOLLOW))
        first = next_value(ws, "dashboardUpdated")
        assert first["queueSummary"] == {"queued": 0, "running": 0}
        services = api.app.state.services  # type: ignore[attr-defined]
        api.portal.call(wait_until_live, services.events, services.redis)
        # when five jobs are queued and a burst of 1,000 job and queue events follows
        jobs = [add_job(api, owner) for _ in range(5)]

        async def burst() -> None:
            async with services.redis.pipeline(transaction=False) as pipe:
                for i in range(1000):
                    event = job_changed(jobs[i % 5]) if i % 2 else queue_event(BACKEND)
                    await events.publish(pipe, event)
                await pipe.execute()

        api.portal.call(burst)
        # then one push carries the burst's final state
        pushed = next_value(ws, "dashboardUpdated")
        assert pushed["queueSummary"] == {"queued": 5, "running": 0}
        assert [j["status"] for j in pushed["recentJobs"]] == ["QUEUED"] * 5
        # when one more change follows (a job starts), the very next push is that change:
        # the burst made no second push, as nothing changed after its first
        move(api, jobs[0], JobStatus.QUEUED, JobStatus.RUNNING)
        sentinel = next_value(ws, "dashboardUpdated")
        assert sentinel["queueSummary"] == {"queued": 4, "running": 1}


async def test_system_status_without_redis_still_answers(app):
    from redis.asyncio import Redis

    from domain.analytics.system_status import system_status

    # a Redis that is not there (nothing listens on port 1)
    gone = Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    try:
        async with app.state.services.sessionmaker() as session:
            status = await system_status(session, gone)
    finally:
        await gone.aclose()
    assert status.database is True and status.redis is False
    assert status.workers_alive is None and status.delivery_queue_depth is None
    assert status.status == "DEGRADED" and status.providers
