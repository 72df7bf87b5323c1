"""Fan-out: one read per event per process, however many subscribers it reaches.

Many graphql-transport-ws connections to one real app (Starlette's TestClient), real PostgreSQL
and real Redis. Jobs are moved the way a worker moves them, from outside the app: through an
engine of their own, so every statement counted on the app's engine is the subscriptions' own.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.testclient import TestClient, WebSocketTestSession

from domain import events
from domain.backends import admin as backends_admin
from domain.backends.models import Backend, BackendStatus
from domain.db import make_engine, make_sessionmaker
from domain.identity.principal import Role
from domain.jobs.feeds import FellBehind, JobFeed
from domain.jobs.models import Job, JobStatus
from domain.jobs.transitions import job_event, queue_event, transition
from qraph.app import create_app
from qraph.pubsub import EventHub
from qraph.settings import Settings, get_settings
from tests.identity import SignedInUser, create_user
from tests.integration.test_job_subscriptions import (
    BACKEND,
    add_job,
    connection,
    gid,
    next_value,
    user,
    wait_for_followers_of_every_job,
)
from tests.integration.test_subscriptions import receive
from tests.ws import WAIT_S, subscribe, wait_until_live

# Fields under the Job, too: its backend and its history are relations, read through loaders.
JOB_UPDATES = """
subscription Mine {
  jobUpdates { id status backend { name } statusHistory { status } }
}
"""

JOB_UPDATED = """
subscription Follow($id: ID!) {
  jobUpdated(id: $id) { id status backend { name } statusHistory { status } }
}
"""

QUEUE_UPDATED = """
subscription Queue($backend: String) {
  queueUpdated(backend: $backend) { backend { name } queued running }
}
"""


class Statements:
    """SQL statements the app's engine sends while the block runs."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine.sync_engine
        self.sent: list[str] = []

    def _record(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.sent.append(statement)

    def __enter__(self) -> Statements:
        event.listen(self._engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self._engine, "before_cursor_execute", self._record)

    def reading(self, table: str) -> list[str]:
        return [s for s in self.sent if s.lstrip().upper().startswith("SELECT") and table in s]


@pytest.fixture
def api(settings: Settings) -> Iterator[TestClient]:
    get_settings.cache_clear()
    app = create_app(get_settings())
    with TestClient(app) as client:
        services = app.state.services
        client.portal.call(wait_until_live, services.events, services.redis)
        yield client
    get_settings.cache_clear()


@pytest.fixture
def worker(api: TestClient, database_url: str) -> Iterator[AsyncEngine]:
    """An engine of its own, as a worker process has."""
    engine = api.portal.call(lambda: _engine(database_url))
    yield engine
    api.portal.call(engine.dispose)


async def _engine(url: str) -> AsyncEngine:
    return make_engine(url)


def app_engine(api: TestClient) -> AsyncEngine:
    return api.app.state.services.sessionmaker.kw["bind"]  # type: ignore[attr-defined,no-any-return]


def move(
    api: TestClient, worker: AsyncEngine, job_id: uuid.UUID, frm: JobStatus, to: JobStatus
) -> None:
    """What a worker does: a conditional transition, committed, then its events published."""
    redis = api.app.state.services.redis  # type: ignore[attr-defined]

    async def run() -> None:
        async with make_sessionmaker(worker)() as session, session.begin():
            job = await transition(session, job_id=job_id, allowed_from=[frm], to=to)
            assert job is not None
            backend = await session.scalar(select(Backend.name).where(Backend.id == job.backend_id))
        await events.publish(redis, job_event(job))
        await events.publish(redis, queue_event(backend))

    api.portal.call(run)


def delivered(sockets: list[WebSocketTestSession], field: str) -> list[dict[str, Any]]:
    return [next_value(ws, field) for ws in sockets]


def open_sockets(
    api: TestClient, stack: ExitStack, who: SignedInUser, count: int
) -> list[WebSocketTestSession]:
    return [stack.enter_context(connection(api, who)) for _ in range(count)]


@pytest.mark.parametrize("subscribers", [1, 50])
def test_each_event_is_read_once_whatever_the_number_of_subscribers(api, worker, subscribers):
    # given a job, and its owner, another user and an admin following jobs on as many sockets
    # as the case asks, one socket per subscription, some following every job and some this one
    owner, stranger, admin = user(api), user(api), user(api, Role.ADMIN)
    job_id = add_job(api, owner)
    mine, theirs = add_job(api, owner), add_job(api, stranger)
    everyone = max(1, subscribers * 2 // 5)
    with ExitStack() as stack:
        owners = open_sockets(api, stack, owner, everyone)
        admins = open_sockets(api, stack, admin, max(1, subscribers // 5))
        strangers = open_sockets(api, stack, stranger, max(1, subscribers // 5))
        followers = open_sockets(api, stack, owner, max(1, subscribers // 5))
        for ws in owners + admins + strangers:
            ws.send_json(subscribe("1", JOB_UPDATES))
        wait_for_followers_of_every_job(api, len(owners + admins + strangers))
        for ws in followers:
            ws.send_json(subscribe("1", JOB_UPDATED, {"id": gid(job_id)}))
        queued = {"id": gid(job_id), "status": "QUEUED", "backend": {"name": BACKEND}}
        for state in delivered(followers, "jobUpdated"):
            assert state == queued | {"statusHistory": []}

        with Statements(app_engine(api)) as sql:
            # when a worker starts the job
            move(api, worker, job_id, JobStatus.QUEUED, JobStatus.RUNNING)
            # then everyone who may see it gets its new state, backend and history included
            running = {
                "id": gid(job_id),
                "status": "RUNNING",
                "backend": {"name": BACKEND},
                "statusHistory": [{"status": "RUNNING"}],
            }
            assert delivered(owners + admins, "jobUpdates") == [running] * len(owners + admins)
            assert delivered(followers, "jobUpdated") == [running] * len(followers)

        # and the process read the row once, and each relation once, for all of them
        assert len(sql.reading("FROM jobs")) == 1, sql.sent
        assert len(sql.reading("FROM backends")) == 1, sql.sent
        assert len(sql.reading("FROM job_transitions")) == 1, sql.sent
        assert len(sql.sent) == 3, sql.sent

        # and the other user saw nothing of it: their next message is their own job's change
        move(api, worker, theirs, JobStatus.QUEUED, JobStatus.RUNNING)
        for state in delivered(strangers, "jobUpdates"):
            assert (state["id"], state["status"]) == (gid(theirs), "RUNNING")
        # (which the owner's subscribers did not get either: theirs is the owner's next change)
        move(api, worker, mine, JobStatus.QUEUED, JobStatus.CANCELLED)
        for state in delivered(owners, "jobUpdates"):
            assert (state["id"], state["status"]) == (gid(mine), "CANCELLED")

        # when the job completes, the same: one read, and jobUpdated completes for each follower
        with Statements(app_engine(api)) as sql:
            move(api, worker, job_id, JobStatus.RUNNING, JobStatus.COMPLETED)
            for state in delivered(followers, "jobUpdated"):
                assert state["status"] == "COMPLETED"
            for ws in followers:
                assert receive(ws) == {"id": "1", "type": "complete"}
        assert len(sql.reading("FROM jobs")) == 1, sql.sent


def test_queue_updates_are_read_once_per_batch_for_every_subscriber(api, worker):
    # given twenty subscribers to one backend's queue and ten to every queue, each having seen
    # the current state first
    owner = user(api)
    job_id = add_job(api, owner)
    with ExitStack() as stack:
        one = open_sockets(api, stack, owner, 20)
        every = open_sockets(api, stack, owner, 10)
        for ws in one:
            ws.send_json(subscribe("1", QUEUE_UPDATED, {"backend": BACKEND}))
        for ws in every:
            ws.send_json(subscribe("1", QUEUE_UPDATED))
        for state in delivered(one, "queueUpdated"):
            assert state == {"backend": {"name": BACKEND}, "queued": 1, "running": 0}
        for ws in every:  # every ONLINE or busy backend, ours among them
            states = {}
            while BACKEND not in states:
                state = next_value(ws, "queueUpdated")
                states[state["backend"]["name"]] = state
            assert states[BACKEND] == {"backend": {"name": BACKEND}, "queued": 1, "running": 0}

        with Statements(app_engine(api)) as sql:
            # when a worker starts the queued job
            move(api, worker, job_id, JobStatus.QUEUED, JobStatus.RUNNING)
            # then each subscriber gets the backend's new queue
            started = {"backend": {"name": BACKEND}, "queued": 0, "running": 1}
            assert delivered(one, "queueUpdated") == [started] * len(one)
            for ws in every:
                while (state := next_value(ws, "queueUpdated"))["backend"]["name"] != BACKEND:
                    pass  # the rest of the initial state
                assert state == started

        # and the queue was read once for all thirty: its counts and its backend's timings
        assert len(sql.sent) == 2, sql.sent


PAGED = """
subscription Mine($first: Int) {
  jobUpdates {
    id status owner { username email }
    backend { name calibration { qubits(first: $first) { edges { node { qubit } } } } }
  }
}
"""


def test_a_shared_result_is_never_served_for_other_variables_or_viewers(api, worker):
    # given the owner and an admin each following jobs with the same document on several
    # sockets, asking for one or two qubits of the job's backend
    owner, admin = user(api), user(api, Role.ADMIN)
    job_id = add_job(api, owner)
    with ExitStack() as stack:
        sockets = [
            (who, first, stack.enter_context(connection(api, who)))
            for who in (owner, admin, owner, admin)
            for first in (1, 2)
        ]
        for _, first, ws in sockets:
            ws.send_json(subscribe("1", PAGED, {"first": first}))
        wait_for_followers_of_every_job(api, len(sockets))

        # when the job starts
        move(api, worker, job_id, JobStatus.QUEUED, JobStatus.RUNNING)

        # then each socket gets the page its own variables asked for, and its viewer's view
        for _, first, ws in sockets:
            state = next_value(ws, "jobUpdates")
            assert (state["id"], state["status"]) == (gid(job_id), "RUNNING")
            assert state["owner"] == {"username": owner.username, "email": owner.email}
            qubits = state["backend"]["calibration"]["qubits"]["edges"]
            assert [edge["node"]["qubit"] for edge in qubits] == list(range(first))


async def test_a_follower_that_falls_behind_the_job_feed_is_dropped_and_the_others_are_not(
    database_url, redis_url
):
    # given the job feed of a process whose followers may have two changes waiting, a follower
    # that reads and one that does not, and five queued jobs
    engine = make_engine(database_url)
    sessionmaker = make_sessionmaker(engine)
    redis = Redis.from_url(redis_url)
    hub = EventHub(redis)
    await hub.start()
    feed = JobFeed(hub, sessionmaker, size=2)
    try:
        await wait_until_live(hub, redis)
        owner = await create_user(sessionmaker, "x" * 32, Role.CONSUMER)
        jobs = [await _insert_job(sessionmaker, owner.id) for _ in range(5)]
        async with feed.follow() as slow, feed.follow() as fast:
            # when each job starts, the reading follower taking each change as it comes
            for job_id in jobs:
                async with sessionmaker() as session, session.begin():
                    job = await transition(
                        session,
                        job_id=job_id,
                        allowed_from=[JobStatus.QUEUED],
                        to=JobStatus.RUNNING,
                    )
                assert job is not None
                await events.publish(redis, job_event(job))
                async with asyncio.timeout(WAIT_S):
                    change = await anext(fast)
                assert (change.job_id, change.row.status) == (job_id, "RUNNING")  # type: ignore[union-attr]

            # then the other one's stream ends with FellBehind, instead of its stale backlog
            late = []
            with pytest.raises(FellBehind):
                async with asyncio.timeout(WAIT_S):
                    async for change in slow:
                        late.append(change)
            assert late == []
            # and only the reading follower is still followed
            assert len(feed._everyone) == 1
    finally:
        await feed.stop()
        await hub.stop()
        await redis.aclose()
        await engine.dispose()


async def _insert_job(sessionmaker: Any, owner_id: uuid.UUID) -> uuid.UUID:
    async with sessionmaker() as session, session.begin():
        backend_id = await session.scalar(select(Backend.id).where(Backend.name == BACKEND))
        job = Job(
            owner_id=owner_id,
            backend_id=backend_id,
            circuit="OPENQASM 3.0;\nqubit[1] q;\nbit[1] c;\nh q[0];\nc[0] = measure q[0];",
            circuit_format="QASM3",
            qubits=1,
            depth=2,
            shots=100,
            priority="STANDARD",
            tags=[],
            status=JobStatus.QUEUED,
            cost_estimate=0,
            currency="USD",
        )
        session.add(job)
        await session.flush()
        return job.id


FOLLOW_BACKENDS = """
subscription Follow($name: String) { backendStatusChanged(name: $name) { name status } }
"""


def test_a_backend_change_is_read_once_for_every_subscriber(api, worker):
    # given twenty followers of one backend, each having seen its current state, and ten of
    # the whole catalog
    with ExitStack() as stack:
        one = [stack.enter_context(connection(api, None)) for _ in range(20)]
        every = [stack.enter_context(connection(api, None)) for _ in range(10)]
        for ws in one:
            ws.send_json(subscribe("1", FOLLOW_BACKENDS, {"name": BACKEND}))
        for state in delivered(one, "backendStatusChanged"):
            assert state == {"name": BACKEND, "status": "ONLINE"}
        feed = api.app.state.services.backend_feed  # type: ignore[attr-defined]
        for ws in every:
            ws.send_json(subscribe("1", FOLLOW_BACKENDS, {"name": None}))

        async def all_following() -> None:
            async with asyncio.timeout(WAIT_S):
                while len(feed._followers) < len(one + every):  # noqa: ASYNC110 - no hook to wait on
                    await asyncio.sleep(0.01)

        api.portal.call(all_following)

        with Statements(app_engine(api)) as sql:
            # when an admin (another process) takes the backend down
            set_status(api, worker, BACKEND, BackendStatus.MAINTENANCE, "Recalibration")
            # then every follower gets the change
            maintenance = {"name": BACKEND, "status": "MAINTENANCE"}
            assert delivered(one + every, "backendStatusChanged") == [maintenance] * 30

        # and the process read the backend once for all thirty
        assert len(sql.sent) == 1, sql.sent


def set_status(
    api: TestClient, worker: AsyncEngine, name: str, status: BackendStatus, reason: str
) -> None:
    redis = api.app.state.services.redis  # type: ignore[attr-defined]

    async def run() -> None:
        async with make_sessionmaker(worker)() as session, session.begin():
            _, change = await backends_admin.set_status(
                session, name=name, status=status, reason=reason
            )
        assert change is not None
        await events.publish(redis, change)

    api.portal.call(run)
