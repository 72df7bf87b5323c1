"""Provider fields in the graph: backends' queue length, region and capabilities; jobs' provider
fields; the admin's `providers` list. Statement counts stay constant per page."""

from __future__ import annotations

import pytest

from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration.provider_support import STANDIN_BACKEND, add_backend
from tests.integration.test_job_reads import insert_jobs
from tests.support import graphql

PROVIDERS = "{ providers { name configured reachable lastSyncAt backends { name } } }"
BACKEND = """
query One($name: String!) {
  backend(name: $name) { name provider queueLength region
    capabilities { name supported limit } }
}
"""


async def test_admins_see_every_provider_with_its_backends(app, client) -> None:
    admin = await make_user(app, Role.CONSUMER, Role.ADMIN)
    response = await client.post("/graphql", json={"query": PROVIDERS}, headers=admin.headers)
    providers = {p["name"]: p for p in response.json()["data"]["providers"]}
    assert set(providers) >= {"AER", "IBM_EMULATOR", "IBM_QUANTUM", "AZURE_QUANTUM", "BRAKET"}
    braket = providers["BRAKET"]
    assert braket["configured"] and braket["reachable"]
    assert braket["lastSyncAt"] is not None  # the template's catalog sync
    assert {b["name"] for b in braket["backends"]} == {"braket_sv", "braket_dm"}
    assert providers["AER"]["configured"] and len(providers["AER"]["backends"]) == 5
    assert not providers["IBM_QUANTUM"]["configured"]  # no QRAPH_IBM_* settings here
    assert providers["IBM_QUANTUM"]["backends"] == []


async def test_providers_are_for_admins_only(app, client) -> None:
    user = await make_user(app)
    body = (await client.post("/graphql", json={"query": PROVIDERS}, headers=user.headers)).json()
    assert body.get("data") is None or body["data"].get("providers") is None
    assert body["errors"]
    anonymous = await graphql(client, PROVIDERS)
    assert anonymous["errors"]


async def test_backend_capabilities_and_queue_length(app, client) -> None:
    body = await graphql(client, BACKEND, {"name": "braket_dm"})
    backend = body["data"]["backend"]
    assert backend["provider"] == "BRAKET" and backend["region"] is None
    caps = {c["name"]: c for c in backend["capabilities"]}
    assert caps["MID_CIRCUIT_MEASUREMENT"]["supported"] is False
    assert caps["MAX_CIRCUITS_PER_JOB"]["limit"] == 1
    assert caps["MAX_SHOTS"]["limit"] == 100_000
    assert backend["queueLength"] == 0  # Qraph's own count: nothing queued

    user = await make_user(app)
    await insert_jobs(app, user.id, 3, backend="braket_dm", status="QUEUED")
    body = await graphql(client, BACKEND, {"name": "braket_dm"})
    assert body["data"]["backend"]["queueLength"] == 3

    await add_backend(app.state.services.sessionmaker)  # provider-reported: 3, test-region-1
    remote = (await graphql(client, BACKEND, {"name": STANDIN_BACKEND}))["data"]["backend"]
    assert remote["queueLength"] == 3 and remote["region"] == "test-region-1"


@pytest.mark.parametrize("first", [5, 40])
async def test_a_page_of_queue_lengths_costs_a_constant_number_of_statements(
    client, sql_statements, first
) -> None:
    query = "query P($first: Int) { backends(first: $first) { edges { node { name queueLength "
    query += "capabilities { name } } } } }"
    sql_statements.statements.clear()
    body = await graphql(client, query, {"first": first})
    assert len(body["data"]["backends"]["edges"]) == first
    # the page and one batched count of queued jobs, whatever the page size
    assert sql_statements.count == 2, sql_statements.statements


JOBS = """
{ jobs(first: 20) { edges { node { providerJobId providerStatus provider source
  backend { name } } } } }
"""


async def test_jobs_carry_their_provider_fields(app, client, sql_statements) -> None:
    user = await make_user(app)
    await insert_jobs(app, user.id, 10)
    await add_backend(app.state.services.sessionmaker)
    await insert_jobs(
        app,
        user.id,
        10,
        backend=STANDIN_BACKEND,
        status="RUNNING",
        provider_job_id="standin-abc",
        provider_status="Waiting",
    )
    sql_statements.statements.clear()
    response = await client.post("/graphql", json={"query": JOBS}, headers=user.headers)
    nodes = [e["node"] for e in response.json()["data"]["jobs"]["edges"]]
    assert len(nodes) == 20
    remote = [n for n in nodes if n["providerJobId"]]
    local = [n for n in nodes if not n["providerJobId"]]
    assert len(remote) == 10 and len(local) == 10
    assert all(n["provider"] == "IBM_QUANTUM" and n["providerStatus"] == "Waiting" for n in remote)
    assert all(n["provider"] == "AER" and n["providerStatus"] is None for n in local)
    assert {n["source"] for n in nodes} == {"QRAPH"}
    # the page and one batched read of the backends (provider and backend share it)
    assert sql_statements.count == 2, sql_statements.statements


async def test_ibm_backends_sync_into_the_catalog_with_calibration(app, client) -> None:
    from domain.backends import sync as catalog_sync
    from domain.providers.ibm_runtime import LOCAL_PREFIX, IbmRuntimeAdapter

    adapter = IbmRuntimeAdapter(local_backends=["fake_manila"])  # local testing mode
    async with app.state.services.sessionmaker() as session:
        report = await catalog_sync.sync_catalog(session, [adapter])
    assert report.created == 1
    query = """
    query One($name: String!) {
      backend(name: $name) { provider status queueLength
        capabilities { name supported limit }
        calibration { medianT1Us medianReadoutError twoQubitGate } } }
    """
    body = await graphql(client, query, {"name": LOCAL_PREFIX + "fake_manila"})
    backend = body["data"]["backend"]
    assert backend["provider"] == "IBM_QUANTUM" and backend["status"] == "ONLINE"
    assert backend["queueLength"] == 0  # the provider's figure: local mode has no queue
    assert backend["calibration"]["twoQubitGate"] == "cx"
    assert backend["calibration"]["medianT1Us"] > 1
    caps = {c["name"]: c for c in backend["capabilities"]}
    assert caps["MAX_CIRCUITS_PER_JOB"]["limit"] == 300
