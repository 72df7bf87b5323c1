"""A version's template: inputs read with their types and places, and the input schema derived
from them, narrowed by constraints that must agree with the declared types."""

from __future__ import annotations

import jsonschema
import pytest

from domain.apps.input_schema import derive
from domain.apps.templates import DeclaredInput, read_template
from domain.circuits.errors import InvalidCircuit
from domain.errors import InvalidInput
from tests.integration.apps_support import TEMPLATE


def test_inputs_are_read_in_order_with_their_types_and_places():
    figures = read_template(TEMPLATE)
    assert figures.inputs == (
        DeclaredInput("theta", "angle[32]", 3, 1),
        DeclaredInput("phi", "float[64]", 4, 1),
    )
    assert (figures.qubits, figures.depth, figures.two_qubit_gates) == (2, 4, 1)


def test_a_template_without_inputs_is_a_fixed_circuit():
    fixed = TEMPLATE.replace("input angle[32] theta;\ninput float[64] phi;\n", "")
    fixed = fixed.replace("rx(theta)", "rx(0.5)").replace("rz(phi)", "rz(0.25)")
    figures = read_template(fixed)
    assert figures.inputs == ()
    assert derive(figures.inputs, None)["required"] == []


@pytest.mark.parametrize(
    ("template", "line", "column"),
    [
        ('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\n', 1, 1),
        ("OPENQASM 3.0;\ninput bool b;\nqubit[1] q;\n", 2, 1),
        ("OPENQASM 3.0;\ninput angle a;\ninput angle a;\nqubit[1] q;\n", 3, 1),
    ],
)
def test_templates_that_cannot_be_apps_are_placed(template, line, column):
    with pytest.raises(InvalidCircuit) as refused:
        read_template(template)
    assert (refused.value.line, refused.value.column) == (line, column)


INPUTS = (DeclaredInput("theta", "angle[32]", 3, 1), DeclaredInput("shots", "float", 4, 1))


def test_the_derived_schema_validates_what_it_should():
    schema = derive(INPUTS, {"theta": {"minimum": 0, "maximum": 3.2}, "shots": {"enum": [1, 2]}})
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({"theta": 1.5, "shots": 2})
    assert not validator.is_valid({"theta": 4, "shots": 2})
    assert not validator.is_valid({"theta": 1.5, "shots": 3})
    assert not validator.is_valid({"theta": 1.5})
    assert not validator.is_valid({"theta": 1.5, "shots": 1, "extra": 0})
    assert not validator.is_valid({"theta": "1.5", "shots": 1})


@pytest.mark.parametrize(
    "constraints",
    [
        {"theta": {"minimum": float("inf")}},
        {"theta": {"maximum": None}},
        {"theta": {"enum": [1, 1]}},
        {"theta": {"enum": list(range(101))}},
        {"nope": {}},
        {"theta": {"minimum": 1, "maximum": 0}},
    ],
)
def test_constraints_that_disagree_are_refused_on_the_constraints_field(constraints):
    with pytest.raises(InvalidInput) as refused:
        derive(INPUTS, constraints)
    assert refused.value.field == "constraints"
