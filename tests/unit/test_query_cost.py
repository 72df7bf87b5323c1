"""The cost model: a pure function of (schema, document, variables), no server involved."""

from __future__ import annotations

import graphql
import pytest

from qraph.settings import Settings
from schema import build_schema
from schema.cost_model import plan, query_cost

DEFAULT_PAGE = 20

# A small catalog-shaped schema, so the expected numbers do not move with the real one.
SDL = """
interface Node { id: ID! }
type PageInfo { hasNextPage: Boolean! endCursor: String }
type Qubit { qubit: Int! t1: Float }
type QubitEdge { cursor: String! node: Qubit! }
type QubitConnection { edges: [QubitEdge!]! pageInfo: PageInfo! totalCount: Int! }
type Calibration { median: Float qubits(first: Int, last: Int): QubitConnection! }
type Backend implements Node {
  id: ID! name: String! status: Status! calibration: Calibration
}
type BackendEdge { cursor: String! node: Backend! }
type BackendConnection { edges: [BackendEdge!]! pageInfo: PageInfo! totalCount: Int! }
type Job implements Node { id: ID! backend: Backend! }
enum Status { ONLINE OFFLINE }
type Stats { total: Int! devices: [Backend!]! }
type Query {
  backends(first: Int, last: Int): BackendConnection!
  node(id: ID!): Node
  stats: Stats!
}
type Done { ok: Boolean! backend: Backend }
type Mutation { sync: Done! logout: Boolean! }
"""
SCHEMA = graphql.build_schema(SDL)

NESTED = """
{ backends(first: 50) { edges { node { name calibration {
    qubits(first: 10) { edges { node { qubit t1 } } } } } } } }
"""


def cost(query: str, variables: dict[str, object] | None = None) -> int:
    return query_cost(SCHEMA, graphql.parse(query), variables, default_page_size=DEFAULT_PAGE)


def test_nested_connections_multiply():
    # qubits: 1 + 10 × 1 = 11; calibration: 1 + 11 = 12; a backend: 1 + 12 = 13
    # backends: 1 + 50 × 13 = 651
    assert cost(NESTED) == 651


def test_the_same_document_costs_the_same_on_the_real_schema():
    real = build_schema(Settings())._schema  # type: ignore[call-arg]
    query = """
    { backends(first: 50) { edges { node { name calibration {
        qubits(first: 10) { edges { node { qubit t1Us } } } } } } } }
    """
    assert query_cost(real, graphql.parse(query), default_page_size=DEFAULT_PAGE) == 651


def test_scalars_and_enums_are_free_and_objects_cost_one():
    assert cost("{ stats { total } }") == 1
    assert cost("{ stats { total devices { name status } } }") == 2


def test_page_info_and_total_count_count_once_not_per_item():
    query = "{ backends(first: 5) { totalCount pageInfo { hasNextPage } edges { cursor } } }"
    # 1 (connection) + 1 (pageInfo) + 5 × 0 (edges select only a scalar)
    assert cost(query) == 2
    assert cost("{ backends(first: 5) { edges { node { name } } } }") == 6


def test_without_first_or_last_the_default_page_size_counts():
    assert cost("{ backends { edges { node { name } } } }") == 1 + DEFAULT_PAGE


def test_last_counts_like_first():
    assert cost("{ backends(last: 7) { edges { node { name } } } }") == 8


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"first": 30}, 31),  # given
        ({}, 6),  # omitted: the variable's default (5)
        ({"first": None}, 1 + DEFAULT_PAGE),  # explicit null: the resolver's default
    ],
)
def test_variables_set_page_sizes(variables, expected):
    query = "query($first: Int = 5) { backends(first: $first) { edges { node { name } } } }"
    assert cost(query, variables) == expected


def test_a_variable_without_a_value_or_default_counts_the_default_page_size():
    query = "query($n: Int) { backends(first: $n) { edges { node { name } } } }"
    assert cost(query) == 1 + DEFAULT_PAGE


def test_each_alias_counts_separately():
    query = """
    { a: backends(first: 2) { edges { node { name } } }
      b: backends(first: 3) { edges { node { name } } } }
    """
    assert cost(query) == 3 + 4


def test_named_and_inline_fragments_are_expanded_and_merged():
    query = """
    fragment Cal on Backend { calibration { median } }
    { backends(first: 4) { edges { node { ...Cal ...Cal ... on Backend { calibration { median } }
    } } } }
    """
    # the three selections of `calibration` merge into one: 1 + 4 × (1 + 1)
    assert cost(query) == 9


def test_an_interface_costs_its_most_expensive_possible_type():
    query = """
    { node(id: "x") { id
      ... on Backend { calibration { qubits(first: 10) { edges { node { qubit } } } } }
      ... on Job { backend { name } } } }
    """
    # Backend: 1 + (1 + 11) = 13; Job: 1 + 1 = 2
    assert cost(query) == 13


def test_typename_and_introspection_are_free():
    assert cost("{ __typename __schema { types { name fields { name } } } }") == 0
    assert cost("{ stats { __typename } }") == 1


def test_each_mutation_field_costs_ten_plus_its_payload():
    assert cost("mutation { logout }") == 10
    assert cost("mutation { sync { ok backend { name } } }") == 11
    assert cost("mutation { a: logout b: logout }") == 20


def test_literal_skip_and_include_are_honoured_and_variables_counted():
    assert cost("{ stats { total } backends(first: 9) @skip(if: true) { totalCount } }") == 1
    assert cost("{ stats @include(if: false) { total } }") == 0
    query = "query($x: Boolean!) { stats @include(if: $x) { total } }"
    assert cost(query, {"x": False}) == 1  # an upper bound


def test_the_analysis_is_cached_per_document_and_only_variables_are_applied_per_request():
    document = graphql.parse("query($n: Int) { backends(first: $n) { edges { node { name } } } }")
    first = plan(SCHEMA, document, None)
    assert plan(SCHEMA, document, None) is first
    assert first.cost({"n": 3}, DEFAULT_PAGE) == 4
    assert first.cost({"n": 40}, DEFAULT_PAGE) == 41


def test_the_named_operation_is_the_one_costed():
    document = """
    query Cheap { stats { total } }
    query Dear { backends(first: 99) { edges { node { name } } } }
    """
    parsed = graphql.parse(document)
    assert query_cost(SCHEMA, parsed, operation_name="Cheap", default_page_size=20) == 1
    assert query_cost(SCHEMA, parsed, operation_name="Dear", default_page_size=20) == 100
