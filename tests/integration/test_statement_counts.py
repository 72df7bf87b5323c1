"""SQL statements per request are constant in the page size: no N+1 through the catalog."""

from __future__ import annotations

import pytest

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
