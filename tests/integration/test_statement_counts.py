"""SQL statements per request are constant in the page size, and read only what is selected.

No N+1 through the catalog or the jobs; a page reads a heavy column (a coupling map, a circuit,
its counts) only when the query selects a field that needs it.
"""

from __future__ import annotations

import re

import pytest
from strawberry import relay

from domain.identity.principal import Role
from tests.identity import make_user
from tests.integration.apps_support import insert_apps
from tests.integration.test_job_reads import insert_jobs
from tests.support import graphql

PAGE_WITH_SUMMARIES = """
query Page($first: Int) {
  backends(first: $first) {
    totalCount
    edges { node { id name qubits basisGates couplingMap { source target } pricing { perShot }
      calibration { medianT1Us medianT2Us medianReadoutError medianTwoQubitError } } }
  }
}
"""

PAGE_WITH_NESTED_CALIBRATION = """
query Page($first: Int) {
  backends(first: $first, filter: {simulator: false}) {
    edges { node { name
      calibration {
        qubits(first: 3) { totalCount edges { node { qubit t1Us } } }
        gates(first: 2, gate: "measure") { edges { node { qubits error } } }
      } } }
  }
}
"""


@pytest.mark.parametrize("first", [1, 10, 50])
async def test_a_page_with_calibration_summaries_costs_two_statements(
    client, sql_statements, first
):
    # when a page of backends with their calibration summaries is read
    body = await graphql(client, PAGE_WITH_SUMMARIES, {"first": first})
    # then it costs the page and its count, whatever the page size
    assert len(body["data"]["backends"]["edges"]) == first
    assert sql_statements.count == 2, sql_statements.statements


@pytest.mark.parametrize("first", [1, 50])
async def test_nested_calibration_pages_are_batched_across_backends(client, sql_statements, first):
    # when every backend of a page also pages its qubits and gates
    body = await graphql(client, PAGE_WITH_NESTED_CALIBRATION, {"first": first})
    edges = body["data"]["backends"]["edges"]
    assert len(edges) == first
    for edge in edges:
        qubits = edge["node"]["calibration"]["qubits"]
        assert len(qubits["edges"]) == min(3, qubits["totalCount"])
    # then each nested list is one windowed query plus one grouped count for the whole page
    assert sql_statements.count == 1 + 2 + 2, sql_statements.statements


async def test_backend_stats_cost_three_statements(client, sql_statements):
    body = await graphql(client, "{ backendStats { total devices { backend { name } } } }")
    assert body["data"]["backendStats"]["total"] >= 70
    assert sql_statements.count == 3, sql_statements.statements


# Heavy columns are read only when a query selects a field that needs them.

LIGHT_PAGE = "{ backends(first: 50) { edges { node { name qubits provider } } } }"
HEAVY_PAGES = {
    "field": "{ backends(first: 50) { edges { node { name couplingMap { source } } } } }",
    "fragment": """
      { backends(first: 50) { edges { node { ...Map } } } }
      fragment Map on Backend { name couplingMap { source } }
    """,
    "inline fragment": """
      { backends(first: 50) { edges { ... on BackendEdge { node { ... on Backend {
        name couplingMap { source } } } } } } }
    """,
    "alias": "{ backends(first: 50) { edges { node { map: couplingMap { source } } } } }",
}
NODE = """
query Node($id: ID!) { node(id: $id) { id ... on Backend { name qubits MAP } } }
"""
ONE_BACKEND = '{ backend(name: "fake_sherbrooke") { name MAP } }'


def _reading(statements: list[str], table: str) -> list[str]:
    """The statements that read rows of `table` (not counts)."""
    return [s for s in statements if f"FROM {table}" in s and "count(" not in s]


async def test_a_page_leaves_heavy_columns_unloaded_when_not_selected(client, sql_statements):
    # when a page selects only light fields
    body = await graphql(client, LIGHT_PAGE)
    assert len(body["data"]["backends"]["edges"]) == 50
    # then its one statement reads neither the coupling map nor the basis gates
    [page] = _reading(sql_statements.statements, "backends")
    assert "backends.name" in page
    assert "coupling_map" not in page
    assert "basis_gates" not in page


@pytest.mark.parametrize("how", HEAVY_PAGES)
async def test_a_page_reads_the_coupling_map_when_selected(client, sql_statements, how):
    # when the coupling map is selected, however the query spells it
    body = await graphql(client, HEAVY_PAGES[how])
    edges = body["data"]["backends"]["edges"]
    assert len(edges) == 50, body
    maps = [e["node"].get("couplingMap", e["node"].get("map")) for e in edges]
    assert any(len(m) > 100 for m in maps)  # the IBM devices' maps came back in full
    # then the page's one statement reads it, and still not the basis gates
    [page] = _reading(sql_statements.statements, "backends")
    assert "coupling_map" in page
    assert "basis_gates" not in page


@pytest.mark.parametrize("selected", [False, True])
async def test_one_backend_reads_its_coupling_map_only_when_selected(
    client, sql_statements, selected
):
    heavy = "couplingMap { source target }"
    node_id = relay.to_base64("Backend", "fake_sherbrooke")
    # when one backend is read by name and by global ID
    by_name = await graphql(client, ONE_BACKEND.replace("MAP", heavy if selected else ""))
    by_id = await graphql(client, NODE.replace("MAP", heavy if selected else ""), {"id": node_id})
    assert by_name["data"]["backend"]["name"] == by_id["data"]["node"]["name"] == "fake_sherbrooke"
    assert ("couplingMap" in by_id["data"]["node"]) is selected
    # then each read names the coupling map only if the query selected it
    reads = _reading(sql_statements.statements, "backends")
    assert len(reads) == 2, sql_statements.statements
    assert all(("coupling_map" in s) is selected for s in reads)


JOBS_PAGE = """
{ jobs(first: 50) { edges { node { backend { name } kpis { fidelity } statusHistory { status }
  EXTRA } } } }
"""


@pytest.mark.parametrize("selected", [False, True])
async def test_a_page_of_jobs_reads_circuits_and_counts_only_when_selected(
    app, client, sql_statements, selected
):
    user = await make_user(app)
    await insert_jobs(app, user.id, 50)
    extra = "circuit { source format } result { counts { bitstring count } }"
    query = JOBS_PAGE.replace("EXTRA", extra if selected else "circuit { format }")
    sql_statements.statements.clear()
    # when a page of 50 jobs is read with or without their circuit source and counts
    response = await client.post("/graphql", json={"query": query}, headers=user.headers)
    edges = response.json()["data"]["jobs"]["edges"]
    assert len(edges) == 50, response.text
    assert all(e["node"]["backend"]["name"] == "aer_simulator" for e in edges)
    if selected:
        assert edges[0]["node"]["circuit"]["source"] == "OPENQASM 3.0;"
        assert edges[0]["node"]["result"]["counts"][0] == {"bitstring": "00", "count": 52}
    # then the page, the backends and the histories are three statements either way
    assert sql_statements.count == 3, sql_statements.statements
    [page] = _reading(sql_statements.statements, "jobs")
    [backends] = _reading(sql_statements.statements, "backends")
    # and only a page that selects them reads the source and the counts; never the details,
    # nor the job's backend's coupling map
    assert bool(re.search(r"jobs\.circuit\b", page)) is selected
    assert ("jobs.counts" in page) is selected
    assert "jobs.details" not in page
    assert "coupling_map" not in backends


MIXED_PAGE = """
{ jobs(first: 50) { edges { node { status owner { username } backend { name }
  device: backend { name qubits couplingMap { source } } statusHistory { status } } } } }
"""


async def test_a_page_prefetches_its_relations_and_keeps_each_job_its_own(
    app, client, sql_statements
):
    # given jobs on two backends
    user = await make_user(app)
    await insert_jobs(app, user.id, 3)
    await insert_jobs(app, user.id, 2, backend="fake_sherbrooke", status="QUEUED")
    sql_statements.statements.clear()
    # when a page selects the owner, the backend twice (once with its coupling map) and history
    response = await client.post("/graphql", json={"query": MIXED_PAGE}, headers=user.headers)
    nodes = [e["node"] for e in response.json()["data"]["jobs"]["edges"]]
    # then every job has its own relations (the queued ones are on the device)
    assert sorted(n["status"] for n in nodes) == ["COMPLETED"] * 3 + ["QUEUED"] * 2
    for n in nodes:
        queued = n["status"] == "QUEUED"
        assert n["backend"]["name"] == ("fake_sherbrooke" if queued else "aer_simulator")
        assert n["device"]["name"] == n["backend"]["name"]
        assert (len(n["device"]["couplingMap"]) > 100) is queued
        assert len(n["statusHistory"]) == (1 if queued else 3)
        assert n["owner"]["username"] == user.username
    # and each relation is one batch: the page, users, history, and the backends once per
    # column set (with and without the coupling map)
    assert sql_statements.count == 5, sql_statements.statements
    backends = _reading(sql_statements.statements, "backends")
    assert sorted("coupling_map" in s for s in backends) == [False, True]


APPS_PAGE = """
query Apps($first: Int) {
  myApps(first: $first) {
    totalCount
    edges { node { slug tags { name } owner { username }
      latestVersion { version estimates { qubits } costEstimates(first: 3) {
        edges { node { backendName cost { amount } } } } } } }
  }
}
"""


@pytest.mark.parametrize("first", [1, 20])
async def test_a_page_of_apps_with_their_latest_version_costs_five_statements(
    app, client, sql_statements, first
):
    # given a developer with 20 apps, each with tags, a published and a draft version
    developer = await make_user(app, Role.CONSUMER, Role.DEVELOPER)
    await insert_apps(app, developer.id, 20, tags=("qaoa", "vqe"))
    sql_statements.statements.clear()
    # when a page of them is read with their tags, owner and latest version
    response = await client.post(
        "/graphql",
        json={"query": APPS_PAGE, "variables": {"first": first}},
        headers=developer.headers,
    )
    edges = response.json()["data"]["myApps"]["edges"]
    assert len(edges) == first
    assert {e["node"]["latestVersion"]["version"] for e in edges} == {"1.0.0"}
    assert all(len(e["node"]["tags"]) == 2 for e in edges)
    # then the page, its count, the tags, the latest versions and the owners: five in all
    assert sql_statements.count == 5, sql_statements.statements
