"""Shared frames: an event's selection is executed and encoded once per viewer, whatever the
number of sockets it reaches, and each socket gets it framed with its own operation id.

Real app (Starlette's TestClient, graphql-transport-ws), real PostgreSQL and Redis; jobs are
moved from outside the app, as a worker moves them (tests/integration/test_subscription_fanout).
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import anyio
import pytest
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from domain.identity.principal import Role
from domain.jobs.models import JobStatus
from resolvers.shared_events import COUNTERS
from tests.integration import test_subscription_fanout as fanout
from tests.integration.test_job_subscriptions import (
    BACKEND,
    add_job,
    followers_of_every_job,
    gid,
    user,
    wait_for_followers_of_every_job,
)
from tests.integration.test_subscription_fanout import (
    JOB_UPDATES,
    Statements,
    app_engine,
    move,
    open_sockets,
)
from tests.integration.test_subscriptions import receive
from tests.ws import WAIT_S, complete, subscribe

api, worker = fanout.api, fanout.worker  # the fan-out tests' app and worker engine fixtures


def frame(op_id: str, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": op_id, "type": "next", "payload": {"data": {"jobUpdates": state}}}


def running(job_id: Any, history: int = 1) -> dict[str, Any]:
    return {
        "id": gid(job_id),
        "status": "RUNNING",
        "backend": {"name": BACKEND},
        "statusHistory": [{"status": "RUNNING"}] * history,
    }


def wait_for_exactly(client: Any, count: int) -> None:
    async def poll() -> None:
        with anyio.fail_after(WAIT_S):
            while followers_of_every_job(client) != count:  # noqa: ASYNC110 - no hook to wait on
                await anyio.sleep(0.01)

    client.portal.call(poll)


def subscribe_all(sockets: list[WebSocketTestSession], prefix: str) -> list[str]:
    ids = [f"{prefix}-{n}" for n in range(len(sockets))]
    for op_id, ws in zip(ids, sockets, strict=True):
        ws.send_json(subscribe(op_id, JOB_UPDATES))
    return ids


def test_one_read_one_execution_and_one_encoding_per_viewer_for_every_socket(api, worker):
    # given a job of the owner's and one of another user's, and twelve sockets of the owner,
    # twelve of an admin and six of the other user, all following jobs with one document
    owner, stranger, admin = user(api), user(api), user(api, Role.ADMIN)
    job_id, theirs = add_job(api, owner), add_job(api, stranger)
    with ExitStack() as stack:
        owners = open_sockets(api, stack, owner, 12)
        admins = open_sockets(api, stack, admin, 12)
        strangers = open_sockets(api, stack, stranger, 6)
        owner_ids = subscribe_all(owners, "owner")
        admin_ids = subscribe_all(admins, "admin")
        stranger_ids = subscribe_all(strangers, "stranger")
        wait_for_followers_of_every_job(api, 30)
        executions, encodings = COUNTERS.executions, COUNTERS.encodings

        with Statements(app_engine(api)) as sql:
            # when a worker starts the owner's job
            move(api, worker, job_id, JobStatus.QUEUED, JobStatus.RUNNING)
            # then each of the owner's and the admin's sockets gets it, framed with its own id
            for op_id, ws in zip(owner_ids + admin_ids, owners + admins, strict=True):
                assert receive(ws) == frame(op_id, running(job_id))

        # and the process read the job and its relations once, executed the selection once
        # per viewer who may see it (the owner, the admin) and encoded each result once
        assert len(sql.reading("FROM jobs")) == 1, sql.sent
        assert len(sql.sent) == 3, sql.sent
        assert COUNTERS.executions - executions == 2
        assert COUNTERS.encodings - encodings == 2

        # and the other user saw nothing of it: their next frame is their own job's
        executions = COUNTERS.executions
        move(api, worker, theirs, JobStatus.QUEUED, JobStatus.RUNNING)
        for op_id, ws in zip(stranger_ids, strangers, strict=True):
            assert receive(ws) == frame(op_id, running(theirs))
        for op_id, ws in zip(admin_ids, admins, strict=True):
            assert receive(ws) == frame(op_id, running(theirs))
        assert COUNTERS.executions - executions == 2  # the other user's view, the admin's


def test_each_subscription_of_a_socket_gets_its_own_frame_until_it_completes(api, worker):
    # given one socket with two subscriptions of the same document, and an owner's job
    owner = user(api)
    job_id = add_job(api, owner)
    with ExitStack() as stack:
        [ws] = open_sockets(api, stack, owner, 1)
        ws.send_json(subscribe("a", JOB_UPDATES))
        ws.send_json(subscribe("b", JOB_UPDATES))
        wait_for_followers_of_every_job(api, 2)

        # when the job starts
        encodings = COUNTERS.encodings
        move(api, worker, job_id, JobStatus.QUEUED, JobStatus.RUNNING)

        # then both get it, each under its own id, from one encoding
        got = [receive(ws), receive(ws)]
        assert sorted(got, key=lambda m: m["id"]) == [
            frame("a", running(job_id)),
            frame("b", running(job_id)),
        ]
        assert COUNTERS.encodings - encodings == 1

        # when the client completes "a" and the job finishes
        ws.send_json(complete("a"))
        wait_for_exactly(api, 1)
        move(api, worker, job_id, JobStatus.RUNNING, JobStatus.COMPLETED)

        # then only "b" hears of it
        message = receive(ws)
        assert message["id"] == "b"
        assert message["payload"]["data"]["jobUpdates"]["status"] == "COMPLETED"
        ws.send_json({"type": "ping"})
        assert receive(ws) == {"type": "pong"}  # nothing for "a" came before the pong


def test_hostile_operation_ids_are_spliced_as_json_and_a_missing_one_is_refused(api, worker):
    # given a socket subscribing under ids that JSON must escape, and one under no id at all
    owner = user(api)
    job_id = add_job(api, owner)
    hostile = ['"}],"type":"complete', "back\\slash\x00nul", "\U0001f600" * 50]
    with ExitStack() as stack:
        [ws] = open_sockets(api, stack, owner, 1)
        for op_id in hostile:
            ws.send_json(subscribe(op_id, JOB_UPDATES))
        wait_for_exactly(api, len(hostile))

        # when the job starts
        move(api, worker, job_id, JobStatus.QUEUED, JobStatus.RUNNING)

        # then each frame is valid JSON and carries its id exactly, nothing injected
        got = {message["id"]: message for message in (receive(ws) for _ in hostile)}
        assert got == {op_id: frame(op_id, running(job_id)) for op_id in hostile}

        # and a subscribe without an id closes the socket as invalid (4400), as before
        ws.send_json({"type": "subscribe", "payload": {"query": JOB_UPDATES}})
        with pytest.raises(WebSocketDisconnect) as closed:
            receive(ws)
        assert closed.value.code == 4400
