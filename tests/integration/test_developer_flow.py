"""The developer flow of the apps issue over HTTP, end to end: become a developer, create a
project, release it, create 1.0.0 with a parameterised template, publish it, publish it to the
registry, download it and check the digest, find it by a misspelt name, run it as another user
with inputs, see the completed job with its app and version and the app's run count, review
it, and see the rating and the developer's metrics."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration import apps_support as support
from tests.integration.test_apps import ENABLE
from tests.integration.test_reviews import APP as RATED
from tests.integration.test_reviews import REVIEW
from tests.integration.test_run_app import JOB, RUN, _drain

FIND = """
query Find($query: String!) { registry(query: $query) {
  totalCount edges { node { sha256 downloads version { version } app { slug } } } } }
"""


async def test_the_developer_flow_from_account_to_a_completed_run(app, client):
    # given a consumer who becomes a developer
    consumer = await make_user(app, Role.CONSUMER)
    body = await support.post(client, ENABLE, {"accept": True}, consumer.headers)
    developer = {"Authorization": f"Bearer {body['data']['enableDeveloperAccount']['accessToken']}"}
    # when they release a project and publish 1.0.0 of its parameterised template
    found = await support.release(client, developer, "teleport-angles", category="EDUCATION")
    version_id = await support.published(client, developer, found["id"], "1.0.0")
    # and publish it to the registry
    entry = await support.in_registry(client, developer, version_id)
    # then another user downloads it, and the bytes match the digest
    user = await make_user(app, Role.CONSUMER)
    link = await support.download_link(client, user.headers, version_id)
    parts = urlsplit(link["url"])
    response = await client.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == entry["sha256"] == link["sha256"]
    # and finds it in the registry by a misspelt name, downloaded once
    body = await support.post(client, FIND, {"query": "teleprot angels"}, user.headers)
    edges = body["data"]["registry"]["edges"]
    assert [e["node"]["app"]["slug"] for e in edges] == ["teleport-angles"], body
    assert edges[0]["node"]["downloads"] == 1
    # when they run it with inputs
    run = {"appSlug": "teleport-angles", "inputs": {"theta": 1.5, "phi": 0.5}}
    body = await support.post(
        client, RUN, {"input": {**run, "backend": "aer_simulator", "shots": 100}}, user.headers
    )
    job = body["data"]["runApp"]["job"]
    await _drain(app)
    # then the job completed, with its app and version, and the app counts the run
    body = await support.post(client, JOB, {"id": job["id"]}, user.headers)
    done = body["data"]["job"]
    assert done["status"] == "COMPLETED", body
    assert done["app"] == {"slug": "teleport-angles", "runCount": 1}
    assert done["appVersion"] == {"version": "1.0.0"}
    assert sum(c["count"] for c in done["result"]["counts"]) == 100
    # when the user reviews it
    review = {"appId": found["id"], "input": {"rating": 4, "text": "Teleports nicely."}}
    body = await support.post(client, REVIEW, review, user.headers)
    assert body["data"]["reviewApp"]["__typename"] == "ReviewAppSuccess", body
    # then everyone sees the rating and the review, and the developer sees the metrics
    body = await support.post(client, RATED, {"slug": "teleport-angles"}, None)
    rated = body["data"]["app"]
    assert rated["rating"] == "4.00" and rated["ratingCount"] == 1
    assert rated["ratingSummary"]["histogram"][3] == {"stars": 4, "count": 1}
    assert rated["reviews"]["edges"][0]["node"]["text"] == "Teleports nicely."
    assert rated["metrics"] is None
    body = await support.post(client, RATED, {"slug": "teleport-angles", "days": 7}, developer)
    metrics = body["data"]["app"]["metrics"]
    assert metrics["runs"] == 1 and metrics["distinctUsers"] == 1 and metrics["downloads"] == 1
    assert metrics["averageRating"] == "4.00"
    assert (
        metrics["runsPerDay"][-1]["runs"] == 1
        and sum(d["runs"] for d in metrics["runsPerDay"]) == 1
    )
