"""jobUpdated, jobUpdates and queueUpdated over the real app, real PostgreSQL and real Redis.

Jobs are written straight to the database and moved the way workers move them: a conditional
`transition` committed, then `events.publish`. As in test_subscriptions.py, "nothing else
arrived" is checked by order (a later change the subscriber does follow must be its next
message), never by waiting. Pub/sub channels are shared by every Redis database, so assertions
name this test's own jobs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import anyio
import pytest
from sqlalchemy import select
from starlette.testclient import TestClient, WebSocketTestSession
from strawberry import relay

from domain import events
from domain.backends.models import Backend
from domain.identity.principal import Role
from domain.jobs.models import Job, JobStatus
from domain.jobs.transitions import job_event, queue_event, transition
from qraph.app import create_app
from qraph.settings import Settings, get_settings
from tests.identity import SignedInUser, make_user
from tests.integration.test_subscriptions import receive
from tests.ws import PING, PROTOCOL, WAIT_S, subscribe, wait_until_live

JOB_UPDATED = """
subscription Follow($id: ID!) { jobUpdated(id: $id) { id status tags } }
"""

JOB_UPDATES = """
subscription Mine($filter: JobFilter) { jobUpdates(filter: $filter) { id status } }
"""

QUEUE_UPDATED = """
subscription Queue($backend: String) {
  queueUpdated(backend: $backend) { backend { name } queued running }
}
"""

BACKEND = "fake_kyiv"
OTHER_BACKEND = "fake_sherbrooke"


@pytest.fixture
def api(settings: Settings) -> Iterator[TestClient]:
    """The real app on the test's database and Redis, its event hub live."""
    get_settings.cache_clear()
    app = create_app(get_settings())
    with TestClient(app) as client:
        services = app.state.services
        client.portal.call(wait_until_live, services.events, services.redis)
        yield client
    get_settings.cache_clear()


def user(api: TestClient, *roles: Role) -> SignedInUser:
    return api.portal.call(make_user, api.app, *roles)


@contextmanager
def connection(api: TestClient, who: SignedInUser | None) -> Iterator[WebSocketTestSession]:
    """An acknowledged graphql-transport-ws connection, signed in as `who` (None: anonymous)."""
    payload = {"authorization": who.headers["Authorization"]} if who else {}
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": payload})
        assert receive(ws) == {"type": "connection_ack"}
        yield ws


def add_job(
    api: TestClient, owner: SignedInUser, *, backend: str = BACKEND, tags: tuple[str, ...] = ()
) -> uuid.UUID:
    """A QUEUED job row, as a submission commits it."""
    services = api.app.state.services  # type: ignore[attr-defined]

    async def insert() -> uuid.UUID:
        async with services.sessionmaker() as session, session.begin():
            backend_id = await session.scalar(select(Backend.id).where(Backend.name == backend))
            job = Job(
                owner_id=owner.id,
                backend_id=backend_id,
                circuit="OPENQASM 3.0;\nqubit[1] q;\nbit[1] c;\nh q[0];\nc[0] = measure q[0];",
                circuit_format="QASM3",
                qubits=1,
                depth=2,
                shots=100,
                priority="STANDARD",
                tags=list(tags),
                status=JobStatus.QUEUED,
                cost_estimate=0,
                currency="USD",
            )
            session.add(job)
            await session.flush()
            return job.id

    return api.portal.call(insert)


def move(api: TestClient, job_id: uuid.UUID, frm: JobStatus, to: JobStatus) -> None:
    """What a worker does: a conditional transition, committed, then its events published."""
    services = api.app.state.services  # type: ignore[attr-defined]

    async def run() -> None:
        async with services.sessionmaker() as session, session.begin():
            job = await transition(session, job_id=job_id, allowed_from=[frm], to=to)
            assert job is not None
            backend = await session.scalar(select(Backend.name).where(Backend.id == job.backend_id))
        await events.publish(services.redis, job_event(job))
        await events.publish(services.redis, queue_event(backend))

    api.portal.call(run)


def followers_of_every_job(api: TestClient) -> int:
    """`jobUpdates` subscribers in the app's process: they follow its one job feed, not the hub."""
    feed = api.app.state.services.job_feed  # type: ignore[attr-defined]
    return len(feed._everyone)


def wait_for_followers_of_every_job(api: TestClient, count: int) -> None:
    async def poll() -> None:
        # Polled: the feed has no hook for "someone followed", and tests must not add one.
        with anyio.fail_after(WAIT_S):
            while True:
                if followers_of_every_job(api) >= count:
                    return
                await anyio.sleep(0.01)

    api.portal.call(poll)


def gid(job_id: uuid.UUID) -> str:
    return relay.to_base64("Job", str(job_id))


def next_value(ws: WebSocketTestSession, field: str, op: str = "1") -> dict[str, Any]:
    message = receive(ws)
    assert message["type"] == "next", message
    assert message["id"] == op
    assert "errors" not in message["payload"], message
    return message["payload"]["data"][field]


def test_job_updated_yields_the_current_state_then_each_transition_then_completes(api):
    # given a queued job, and its owner following it
    owner = user(api)
    job_id = add_job(api, owner, tags=("bell",))
    with connection(api, owner) as ws:
        ws.send_json(subscribe("1", JOB_UPDATED, {"id": gid(job_id)}))
        # then the current state comes first
        assert next_value(ws, "jobUpdated") == {
            "id": gid(job_id),
            "status": "QUEUED",
            "tags": ["bell"],
        }

        # when a worker starts it, then finishes it
        move(api, job_id, JobStatus.QUEUED, JobStatus.RUNNING)
        assert next_value(ws, "jobUpdated")["status"] == "RUNNING"
        move(api, job_id, JobStatus.RUNNING, JobStatus.COMPLETED)
        # then each transition arrives in order, and the terminal one completes the operation
        assert next_value(ws, "jobUpdated")["status"] == "COMPLETED"
        assert receive(ws) == {"id": "1", "type": "complete"}


def test_someone_elses_job_reads_as_not_found_and_an_admin_sees_it(api):
    # given a queued job
    owner, stranger, admin = user(api), user(api), user(api, Role.ADMIN)
    job_id = add_job(api, owner)
    with connection(api, stranger) as theirs, connection(api, admin) as admins:
        # when someone else follows it
        theirs.send_json(subscribe("1", JOB_UPDATED, {"id": gid(job_id)}))
        # then the operation completes without a value, as for a job that does not exist
        assert receive(theirs) == {"id": "1", "type": "complete"}
        theirs.send_json(subscribe("2", JOB_UPDATED, {"id": gid(uuid.uuid4())}))
        assert receive(theirs) == {"id": "2", "type": "complete"}

        # and an admin follows it like its owner
        admins.send_json(subscribe("1", JOB_UPDATED, {"id": gid(job_id)}))
        assert next_value(admins, "jobUpdated")["status"] == "QUEUED"
        move(api, job_id, JobStatus.QUEUED, JobStatus.RUNNING)
        assert next_value(admins, "jobUpdated")["status"] == "RUNNING"
        move(api, job_id, JobStatus.RUNNING, JobStatus.FAILED)
        assert next_value(admins, "jobUpdated")["status"] == "FAILED"
        assert receive(admins) == {"id": "1", "type": "complete"}


def test_a_finished_job_gives_its_state_and_completes(api):
    owner = user(api)
    job_id = add_job(api, owner)
    move(api, job_id, JobStatus.QUEUED, JobStatus.CANCELLED)
    with connection(api, owner) as ws:
        ws.send_json(subscribe("1", JOB_UPDATED, {"id": gid(job_id)}))
        assert next_value(ws, "jobUpdated")["status"] == "CANCELLED"
        assert receive(ws) == {"id": "1", "type": "complete"}


def test_job_updates_streams_only_the_viewers_jobs(api):
    # given two users with a job each, each following their jobs, and an admin following
    # completed jobs tagged "bell" on one backend
    alice, bob, admin = user(api), user(api), user(api, Role.ADMIN)
    alices = add_job(api, alice, tags=("bell", "demo"))
    bobs = add_job(api, bob, tags=("ghz",))
    with (
        connection(api, alice) as a,
        connection(api, bob) as b,
        connection(api, admin) as ops,
    ):
        for ws, variables in (
            (a, {}),
            (b, {"filter": None}),
            (ops, {"filter": {"status": ["COMPLETED"], "tags": ["bell"], "backend": BACKEND}}),
        ):
            before = followers_of_every_job(api)
            ws.send_json(subscribe("1", JOB_UPDATES, variables))
            wait_for_followers_of_every_job(api, before + 1)

        # when their jobs move, interleaved
        move(api, bobs, JobStatus.QUEUED, JobStatus.RUNNING)
        move(api, alices, JobStatus.QUEUED, JobStatus.RUNNING)
        move(api, bobs, JobStatus.RUNNING, JobStatus.COMPLETED)
        move(api, alices, JobStatus.RUNNING, JobStatus.COMPLETED)

        # then each sees their own, in order, and nothing of the other's
        assert next_value(a, "jobUpdates") == {"id": gid(alices), "status": "RUNNING"}
        assert next_value(a, "jobUpdates") == {"id": gid(alices), "status": "COMPLETED"}
        assert next_value(b, "jobUpdates") == {"id": gid(bobs), "status": "RUNNING"}
        assert next_value(b, "jobUpdates") == {"id": gid(bobs), "status": "COMPLETED"}
        # and the admin's filter let through only the one change that matches it
        assert next_value(ops, "jobUpdates") == {"id": gid(alices), "status": "COMPLETED"}


@pytest.mark.parametrize(
    ("query", "field"), [(JOB_UPDATES, "jobUpdates"), (QUEUE_UPDATED, "queueUpdated")]
)
def test_job_and_queue_streams_need_sign_in(api, query, field):
    # given an anonymous connection
    with connection(api, None) as ws:
        # when it subscribes
        ws.send_json(subscribe("1", query))
        message = receive(ws)
        # then it is refused before anything streams, and the connection stays usable
        ws.send_json(PING)
        assert receive(ws) == {"type": "pong"}
    # (graphql-transport-ws `error`: the operation never started, so no `complete` follows)
    assert (message["type"], message["id"]) == ("error", "1")
    [error] = message["payload"]
    assert (error["extensions"]["code"], error["path"]) == ("UNAUTHENTICATED", [field])


def test_an_unknown_backends_queue_completes_without_a_value(api):
    with connection(api, user(api)) as ws:
        ws.send_json(subscribe("1", QUEUE_UPDATED, {"backend": "fake_nowhere"}))
        assert receive(ws) == {"id": "1", "type": "complete"}


def test_queue_updated_coalesces_a_burst_and_ends_on_the_final_state(api):
    # given a follower of one backend's queue, which first sees its current state
    owner = user(api)
    with connection(api, owner) as ws:
        ws.send_json(subscribe("1", QUEUE_UPDATED, {"backend": OTHER_BACKEND}))
        first = next_value(ws, "queueUpdated")
        assert first == {"backend": {"name": OTHER_BACKEND}, "queued": 0, "running": 0}

        # when five jobs are queued, and a burst of 1,000 queue events follows
        jobs = [add_job(api, owner, backend=OTHER_BACKEND) for _ in range(5)]
        services = api.app.state.services  # type: ignore[attr-defined]

        async def burst() -> None:
            async with services.redis.pipeline(transaction=False) as pipe:
                for _ in range(1000):
                    await events.publish(pipe, queue_event(OTHER_BACKEND))
                await pipe.execute()

        api.portal.call(burst)
        # then the burst's final state arrives
        final = {"backend": {"name": OTHER_BACKEND}, "queued": 5, "running": 0}
        assert next_value(ws, "queueUpdated") == final

        # when one more change follows, the sentinel: a job starts
        move(api, jobs[0], JobStatus.QUEUED, JobStatus.RUNNING)

        # then anything before the sentinel's state repeats the final state, and the burst
        # made a handful of messages, not a thousand
        sentinel = {"backend": {"name": OTHER_BACKEND}, "queued": 4, "running": 1}
        repeats = 0
        while (message := next_value(ws, "queueUpdated")) != sentinel:
            assert message == final
            repeats += 1
        assert repeats <= 5
