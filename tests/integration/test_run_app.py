"""runApp over HTTP: a consumer runs a registry app with inputs, the job carries its app and
version and completes on a burst worker, and the app's run count goes up once. Inputs are
checked against the version's JSON Schema (one error per path), the entitlement check and
submitJob's own refusals apply, and a refusal writes nothing."""

from __future__ import annotations

import uuid
from typing import Any

from arq.worker import Worker, func
from sqlalchemy import select, update

from domain.apps.models import QuantumApp
from domain.identity.principal import Role
from domain.jobs.models import Job, JobStatus
from domain.jobs.transitions import transition
from tests.identity import TEST_PASSWORD, make_user
from tests.integration import apps_support as support
from tests.integration.accounts_support import login, new_name, register
from workers import jobs
from workers.queue import deserialize, redis_settings, serialize
from workers.settings import shutdown, startup

RUN = """
mutation Run($input: RunAppInput!) {
  runApp(input: $input) {
    __typename
    ... on SubmitJobSuccess { job { id name status shots circuit { source }
      app { slug } appVersion { version } } }
    ... on InvalidAppInputsError { code message errors { path message } }
    ... on Error { code message }
    ... on InvalidInputError { field }
  }
}
"""
JOB = """
query Job($id: ID!) {
  job(id: $id) { status result { counts { bitstring count } }
    app { slug runCount } appVersion { version } }
}
"""
APP = "query A($slug: String!) { app(slug: $slug) { slug runCount archived } }"
ARCHIVE = "mutation A($id: ID!) { archiveApp(id: $id, archived: true) { __typename } }"
INPUTS = {"theta": 0.5, "phi": -1.25}
CONSTRAINTS = {"theta": {"minimum": 0, "maximum": 6.3}}


async def _registry_app(app, client, slug: str, *, registry: bool = True):
    developer = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    found = await support.release(client, developer.headers, slug)
    version_id = await support.published(
        client, developer.headers, found["id"], "1.0.0", constraints=CONSTRAINTS
    )
    if registry:
        await support.in_registry(client, developer.headers, version_id)
    return developer, found, version_id


async def _run(client, headers, **run: Any) -> dict[str, Any]:
    run.setdefault("backend", "aer_simulator")
    run.setdefault("inputs", INPUTS)
    body = await support.post(client, RUN, {"input": run}, headers)
    assert "errors" not in body, body
    return body["data"]["runApp"]


async def _drain(app) -> None:
    settings = app.state.services.settings
    worker = Worker(
        functions=[func(jobs.run_job, keep_result=0, max_tries=jobs.MAX_TRIES, timeout=60)],  # type: ignore[arg-type]
        redis_settings=redis_settings(settings.redis_url or ""),
        on_startup=startup,
        on_shutdown=shutdown,
        job_serializer=serialize,
        job_deserializer=deserialize,
        burst=True,
        poll_delay=0.01,
        handle_signals=False,
    )
    try:
        await worker.main()
    finally:
        await worker.close()


async def test_a_consumer_runs_a_registry_app_and_it_counts_once(app, client):
    # given a developer's app in the registry
    _, found, version_id = await _registry_app(app, client, "bell-runner")
    consumer = await make_user(app, Role.CONSUMER)
    # when another user runs it with inputs
    result = await _run(client, consumer.headers, versionId=version_id, shots=200)
    # then a normal job is queued for the app's version, its inputs bound into the circuit
    assert result["__typename"] == "SubmitJobSuccess", result
    job = result["job"]
    assert job["status"] == "QUEUED" and job["shots"] == 200
    assert job["app"] == {"slug": "bell-runner"} and job["appVersion"] == {"version": "1.0.0"}
    assert job["name"] == "bell-runner@1.0.0"
    source = job["circuit"]["source"]
    assert "rx(0.5)" in source and "rz(-1.25)" in source and "input" not in source
    # when a worker runs it
    await _drain(app)
    body = await support.post(client, JOB, {"id": job["id"]}, consumer.headers)
    done = body["data"]["job"]
    # then it completed with counts, and the app counts one run
    assert done["status"] == "COMPLETED", body
    assert sum(c["count"] for c in done["result"]["counts"]) == 200
    assert done["app"]["runCount"] == 1 and done["appVersion"]["version"] == "1.0.0"
    # and a second COMPLETED transition (a redelivery) neither happens nor counts
    job_id = uuid.UUID(_node_id(job["id"]))
    async with app.state.services.sessionmaker() as session, session.begin():
        again = await transition(
            session, job_id=job_id, allowed_from=[JobStatus.RUNNING], to=JobStatus.COMPLETED
        )
        await session.execute(update(Job).where(Job.id == job_id).values(status="COMPLETED"))
    assert again is None
    body = await support.post(client, APP, {"slug": "bell-runner"}, None)
    assert body["data"]["app"]["runCount"] == 1
    assert found["slug"] == "bell-runner"


def _node_id(global_id: str) -> str:
    import base64

    return base64.b64decode(global_id).decode().split(":", 1)[1]


async def test_by_slug_the_default_version_runs_and_a_yanked_one_only_when_pinned(app, client):
    developer, found, first = await _registry_app(app, client, "pinned-runner")
    second = await support.published(client, developer.headers, found["id"], "1.1.0")
    await support.move(client, developer.headers, "yankAppVersion", second)
    consumer = await make_user(app, Role.CONSUMER)
    # the latest release that is not yanked, by slug alone
    result = await _run(client, consumer.headers, appSlug="pinned-runner")
    assert result["job"]["appVersion"]["version"] == "1.0.0", result
    # and the yanked one when pinned
    result = await _run(client, consumer.headers, appSlug="pinned-runner", version="1.1.0")
    assert result["job"]["appVersion"]["version"] == "1.1.0", result
    assert first


async def test_inputs_failing_the_schema_get_one_error_per_path_and_write_nothing(app, client):
    _, _, version_id = await _registry_app(app, client, "checked-inputs")
    consumer = await make_user(app, Role.CONSUMER)
    cases = [
        ({"theta": 0.5}, {"/": "'phi' is a required property"}),
        ({"theta": "x", "phi": 1}, {"/theta": "'x' is not of type 'number'"}),
        ({"theta": 7, "phi": True}, {"/theta": None, "/phi": None}),
        ({"theta": -1, "phi": 1, "extra": 2}, {"/": None, "/theta": None}),
        ([1, 2], {"/": None}),
        ("text", {"/": None}),
        ({"theta": {"deep": [[[[1]]]]}, "phi": None}, {"/theta": None, "/phi": None}),
        ({f"k{i}": "v" * 100 for i in range(1000)}, {"/": None}),
    ]
    for inputs, expected in cases:
        result = await _run(client, consumer.headers, versionId=version_id, inputs=inputs)
        assert result["__typename"] == "InvalidAppInputsError", (inputs, result)
        paths = {e["path"]: e["message"] for e in result["errors"]}
        assert set(paths) == set(expected), (inputs, result)
        for path, message in expected.items():
            assert message is None or paths[path] == message, (inputs, result)
    # submitJob's refusals apply too
    result = await _run(client, consumer.headers, versionId=version_id, shots=0)
    assert result["code"] == "SHOTS_OUT_OF_RANGE", result
    result = await _run(client, consumer.headers, versionId=version_id, backend="nowhere")
    assert result["code"] == "UNKNOWN_BACKEND", result
    result = await _run(client, consumer.headers, versionId=version_id, appSlug="checked-inputs")
    assert result["field"] is None and result["code"] == "INVALID_INPUT", result
    assert await support.count_rows(app, Job) == 0


async def test_only_the_owner_runs_an_app_outside_the_registry(app, client):
    owner, found, version_id = await _registry_app(app, client, "private-runner", registry=False)
    consumer = await make_user(app, Role.CONSUMER)
    result = await _run(client, consumer.headers, versionId=version_id)
    assert result["code"] == "NOT_ENTITLED", result
    assert await support.count_rows(app, Job) == 0
    # a draft reads as missing to others, and the owner runs both
    draft = await support.new_version(client, owner.headers, found["id"], "2.0.0")
    result = await _run(client, consumer.headers, versionId=draft)
    assert result["code"] == "NOT_FOUND", result
    for version in (version_id, draft):
        result = await _run(client, owner.headers, versionId=version)
        assert result["__typename"] == "SubmitJobSuccess", result


async def test_an_idempotency_key_returns_the_first_job(app, client):
    _, _, version_id = await _registry_app(app, client, "idempotent-runner")
    consumer = await make_user(app, Role.CONSUMER)
    first = await _run(client, consumer.headers, versionId=version_id, idempotencyKey="k-1")
    again = await _run(client, consumer.headers, versionId=version_id, idempotencyKey="k-1")
    assert first["job"]["id"] == again["job"]["id"]
    assert await support.count_rows(app, Job) == 1


async def test_an_archived_app_stays_readable_to_those_who_ran_it(app, client):
    owner, found, version_id = await _registry_app(app, client, "archived-runner")
    runner = await make_user(app, Role.CONSUMER)
    stranger = await make_user(app, Role.CONSUMER)
    result = await _run(client, runner.headers, versionId=version_id)
    body = await support.post(client, ARCHIVE, {"id": found["id"]}, owner.headers)
    assert body["data"]["archiveApp"]["__typename"] == "ArchiveAppSuccess"
    # the runner reads it, through app(slug) and their job; a stranger does not
    body = await support.post(client, APP, {"slug": "archived-runner"}, runner.headers)
    assert body["data"]["app"]["archived"] is True
    body = await support.post(client, JOB, {"id": result["job"]["id"]}, runner.headers)
    assert body["data"]["job"]["app"]["slug"] == "archived-runner"
    node = "query N($id: ID!) { node(id: $id) { ... on QuantumApp { slug } } }"
    body = await support.post(client, node, {"id": found["id"]}, runner.headers)
    assert body["data"]["node"] == {"slug": "archived-runner"}
    body = await support.post(client, APP, {"slug": "archived-runner"}, stranger.headers)
    assert body["data"]["app"] is None
    body = await support.post(client, node, {"id": found["id"]}, stranger.headers)
    assert body["data"]["node"] is None
    # and nobody runs it any more
    result = await _run(client, runner.headers, versionId=version_id)
    assert result["code"] == "APP_ARCHIVED", result
    async with app.state.services.sessionmaker() as session:
        assert await session.scalar(select(QuantumApp.run_count)) == 0


async def test_an_unverified_account_cannot_run_an_app(app, client):
    # given a registry app and a user who signed in without verifying their email
    _, _, version_id = await _registry_app(app, client, "unverified-run")
    name = new_name()
    assert (await register(client, name))["__typename"] == "RegisterSuccess"
    signed_in = await login(client, name, TEST_PASSWORD)
    headers = {"Authorization": f"Bearer {signed_in['accessToken']}"}
    # when they run it
    refused = await _run(client, headers, versionId=version_id)
    # then a run spends shots like submitJob, so it is refused the same way, and nothing is written
    assert refused["__typename"] == "EmailNotVerifiedError", refused
    assert refused["code"] == "EMAIL_NOT_VERIFIED"
    async with app.state.services.sessionmaker() as session:
        assert await session.scalar(select(Job.id).where(Job.app_id.is_not(None))) is None
