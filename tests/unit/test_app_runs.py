"""Binding an app's inputs into its template, and checking inputs against its schema."""

from __future__ import annotations

import math

import pytest

from domain.apps import input_schema, runs
from domain.apps.errors import InvalidAppInputs
from domain.apps.templates import read_template
from domain.circuits.parsing import parse_circuit
from tests.integration.apps_support import TEMPLATE

SCHEMA = input_schema.derive(read_template(TEMPLATE).inputs, {"theta": {"maximum": 10}})


@pytest.mark.parametrize("theta", [0.0, 0.5, -1.25, 1e-300, -3.0e10, 7])
def test_bound_values_leave_a_parameter_free_circuit_that_parses(theta):
    # given inputs within the schema
    values = runs.check_inputs(SCHEMA, {"theta": min(theta, 10), "phi": 2})
    # when bound
    circuit = runs.bind(TEMPLATE, values)
    # then no input is left, the values are literals, and the job parser reads it
    assert "input" not in circuit
    parsed = parse_circuit(circuit)
    assert parsed.qubits == 2


def test_every_failing_path_is_named_once():
    with pytest.raises(InvalidAppInputs) as refused:
        runs.check_inputs(SCHEMA, {"theta": 11, "phi": "x", "other": 1})
    paths = [path for path, _ in refused.value.errors]
    assert paths == sorted(set(paths)) == ["/", "/phi", "/theta"]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_are_refused(bad):
    with pytest.raises(InvalidAppInputs) as refused:
        runs.check_inputs(SCHEMA, {"theta": 1, "phi": bad})
    assert [path for path, _ in refused.value.errors] == ["/phi"]
