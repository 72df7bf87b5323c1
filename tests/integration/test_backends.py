"""The backend catalog through the graph: real data, filters, ordering and Relay nodes."""

from __future__ import annotations

import pytest

from tests.support import graphql

DEVICES = """
query Devices($first: Int) {
  backends(filter: {simulator: false}, first: $first) {
    totalCount
    edges { node { id name qubits basisGates provider technology operational
      couplingMap { source target }
      pricing { perShot perTask currency free }
      calibration { calibratedAt medianT1Us medianT2Us medianTwoQubitError twoQubitGate } } }
  }
}
"""

SHERBROOKE = """
{
  backend(name: "fake_sherbrooke") {
    id name qubits lastCalibratedAt
    couplingMap { source target }
    calibration {
      twoQubitGate
      qubits(first: 2) { totalCount edges { node { qubit t1Us t2Us frequencyGhz readoutError } } }
      gates(gate: "ecr", qubit: 0) { totalCount edges { node { gate qubits error durationNs } } }
    }
  }
}
"""

NODE = """
query Node($id: ID!, $ids: [ID!]!) {
  node(id: $id) { id ... on Backend { name qubits } }
  nodes(ids: $ids) { id ... on Backend { name } }
}
"""

SIMULATORS = """
{
  backends(filter: {provider: AER}, first: 10) {
    totalCount
    edges { node { name simulator simulationMethod qubits calibration { medianT1Us }
      pricing { free } } }
  }
}
"""

FILTERED = """
query Filtered($filter: BackendFilter) {
  backends(filter: $filter, first: 100) { totalCount edges { node { name qubits status } } }
}
"""


async def test_devices_page_carries_real_calibration(client):
    # given the catalog loaded from the shipped device snapshots
    # when a client asks for five real devices
    body = await graphql(client, DEVICES, {"first": 5})
    # then there are dozens of devices, each with its basis gates and calibration medians
    page = body["data"]["backends"]
    assert page["totalCount"] >= 60
    assert len(page["edges"]) == 5
    for edge in page["edges"]:
        node = edge["node"]
        assert node["qubits"] > 0 and node["basisGates"]
        assert node["technology"] == "SUPERCONDUCTING" and node["provider"] == "IBM_EMULATOR"
        assert node["calibration"]["medianT1Us"] > 1  # microseconds, not seconds
        assert node["pricing"]["free"] is False


async def test_sherbrooke_has_its_snapshot_figures(client):
    # when a client reads one device's calibration, paged and filtered
    body = await graphql(client, SHERBROOKE)
    device = body["data"]["backend"]
    # then it is IBM's 127-qubit Eagle with its published figures (T1 in microseconds)
    assert device["qubits"] == 127
    assert len(device["couplingMap"]) == 144
    assert device["lastCalibratedAt"].startswith("2025-02-2")
    calibration = device["calibration"]
    assert calibration["twoQubitGate"] == "ecr"
    qubits = calibration["qubits"]
    assert qubits["totalCount"] == 127
    first = qubits["edges"][0]["node"]
    assert first["qubit"] == 0
    assert first["t1Us"] == pytest.approx(381.57, abs=0.01)
    assert first["t2Us"] == pytest.approx(131.70, abs=0.01)
    gates = calibration["gates"]
    assert gates["totalCount"] >= 2  # ecr gates touching qubit 0
    assert all(0 in e["node"]["qubits"] and e["node"]["gate"] == "ecr" for e in gates["edges"])
    ecr_1_0 = [e["node"] for e in gates["edges"] if e["node"]["qubits"] == [1, 0]]
    assert ecr_1_0 and ecr_1_0[0]["error"] == pytest.approx(7.5e-3, rel=0.05)
    assert ecr_1_0[0]["durationNs"] == pytest.approx(533.33, abs=0.5)


async def test_node_returns_the_same_backend(client):
    # given the global ID of a backend from the catalog
    listed = await graphql(client, SHERBROOKE)
    global_id = listed["data"]["backend"]["id"]
    # when it is looked up through node and nodes, with an unknown ID among them
    unknown = "QmFja2VuZDpub3BlX25vdF9oZXJl"  # base64("Backend:nope_not_here")
    body = await graphql(client, NODE, {"id": global_id, "ids": [unknown, global_id]})
    # then node returns the same backend, and nodes keeps order with null for the unknown one
    assert body["data"]["node"] == {"id": global_id, "name": "fake_sherbrooke", "qubits": 127}
    assert body["data"]["nodes"][0] is None
    assert body["data"]["nodes"][1]["name"] == "fake_sherbrooke"


async def test_aer_simulators_are_free_and_uncalibrated(client):
    body = await graphql(client, SIMULATORS)
    page = body["data"]["backends"]
    methods = {e["node"]["simulationMethod"] for e in page["edges"]}
    assert methods == {
        "automatic",
        "statevector",
        "matrix_product_state",
        "stabilizer",
        "density_matrix",
    }
    for edge in page["edges"]:
        assert edge["node"]["simulator"] is True
        assert edge["node"]["calibration"] is None
        assert edge["node"]["pricing"]["free"] is True
    qubits = {e["node"]["simulationMethod"]: e["node"]["qubits"] for e in page["edges"]}
    assert qubits["stabilizer"] > qubits["statevector"] > qubits["density_matrix"]


@pytest.mark.parametrize(
    ("where", "check"),
    [
        ({"minQubits": 127}, lambda n: n["qubits"] >= 127),
        ({"nameContains": "SHERB"}, lambda n: "sherb" in n["name"]),
        ({"operational": True}, lambda n: n["status"] == "ONLINE"),
        ({"nameContains": "_"}, lambda n: "_" in n["name"]),
    ],
)
async def test_filters_narrow_the_catalog(client, where, check):
    body = await graphql(client, FILTERED, {"filter": where})
    page = body["data"]["backends"]
    assert page["edges"], f"filter {where} matched nothing"
    assert page["totalCount"] == len(page["edges"])
    assert all(check(e["node"]) for e in page["edges"])


async def test_a_filter_matching_nothing_gives_an_empty_page(client):
    body = await graphql(client, FILTERED, {"filter": {"nameContains": "%"}})
    assert body["data"]["backends"] == {"totalCount": 0, "edges": []}
