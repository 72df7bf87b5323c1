"""While `qraph serve` loads the catalog in the background, /health says so and backend
queries answer with what is there; a failed load is reported with its error."""

from __future__ import annotations

from qraph import catalog_status

PAGE = "{ backends(first: 5) { totalCount edges { node { name } } } }"


async def test_health_reports_a_loading_catalog_and_backends_still_answer(app, client):
    # given a catalog marked as loading (the template database already holds some rows)
    redis = app.state.services.redis
    await redis.set(catalog_status.KEY, catalog_status.loading_marker())
    # when /health and a backends page are asked for
    health = await client.get("/health")
    page = await client.post("/graphql", json={"query": PAGE})
    # then /health is up but degraded, naming the catalog, and the page is served, not refused
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "degraded"
    assert body["catalog"]["status"] == "loading" and body["catalog"]["loading_for_s"] >= 0
    assert page.status_code == 200 and "errors" not in page.json()
    assert page.json()["data"]["backends"]["totalCount"] > 0


async def test_health_reports_a_failed_load_and_then_a_ready_catalog(app, client):
    redis = app.state.services.redis
    await redis.set(catalog_status.KEY, catalog_status.failed_marker("ProviderUnavailable('x')"))
    failed = (await client.get("/health")).json()
    assert failed["catalog"] == {"status": "failed", "error": "ProviderUnavailable('x')"}
    # when the load's marker is cleared (what a finished load does)
    await redis.delete(catalog_status.KEY)
    ready = (await client.get("/health")).json()
    assert ready["catalog"] == {"status": "ready"}
