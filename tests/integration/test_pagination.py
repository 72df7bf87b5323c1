"""Keyset pagination: every page in order, both directions, bounded, cursors tied to ordering."""

from __future__ import annotations

import pytest

from tests.support import graphql

PAGE = """
query Page($first: Int, $after: String, $last: Int, $before: String, $order: BackendOrder) {
  backends(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { name qubits } }
  }
}
"""

ORDERS = [
    None,
    {"field": "QUBITS", "direction": "DESC"},
    {"field": "MEDIAN_T1", "direction": "ASC"},
    {"field": "LAST_CALIBRATED_AT", "direction": "DESC"},
    {"field": "MEDIAN_TWO_QUBIT_ERROR", "direction": "ASC"},
]


async def _everything(client, order):
    body = await graphql(client, PAGE, {"first": 100, "order": order})
    return [e["node"]["name"] for e in body["data"]["backends"]["edges"]]


@pytest.mark.parametrize("order", ORDERS)
async def test_walking_forward_visits_every_backend_once_in_order(client, order):
    # given the whole catalog in one page, as the reference
    expected = await _everything(client, order)
    assert len(expected) >= 70
    # when it is walked seven at a time with `after`
    seen, after = [], None
    while True:
        body = await graphql(client, PAGE, {"first": 7, "after": after, "order": order})
        page = body["data"]["backends"]
        seen += [e["node"]["name"] for e in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # then it saw the same backends in the same order, none twice
    assert seen == expected


@pytest.mark.parametrize("order", ORDERS[:2])
async def test_walking_backward_visits_every_backend_once_in_order(client, order):
    expected = await _everything(client, order)
    seen, before = [], None
    while True:
        body = await graphql(client, PAGE, {"last": 9, "before": before, "order": order})
        page = body["data"]["backends"]
        seen = [e["node"]["name"] for e in page["edges"]] + seen
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert seen == expected


async def test_a_page_above_the_maximum_is_refused_with_a_clear_error(client):
    body = await graphql(client, PAGE, {"first": 101})
    assert body["data"] is None
    error = body["errors"][0]
    assert "maximum page size of 100" in error["message"]
    assert error["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
    assert error["extensions"]["field"] == "first"


async def test_a_cursor_from_another_ordering_is_refused(client):
    # given a cursor issued for the name ordering
    body = await graphql(client, PAGE, {"first": 2})
    cursor = body["data"]["backends"]["pageInfo"]["endCursor"]
    # when it is replayed against the qubit ordering
    body = await graphql(client, PAGE, {"first": 2, "after": cursor, "order": {"field": "QUBITS"}})
    # then the request fails with a typed error instead of returning a wrong page
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


@pytest.mark.parametrize("cursor", ["nonsense", "q1:!!!", "q1:WyJiYWNrZW5kczpOQU1FOmFzYyJd"])
async def test_a_forged_cursor_is_refused(client, cursor):
    body = await graphql(client, PAGE, {"first": 2, "after": cursor})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
