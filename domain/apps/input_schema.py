"""The JSON Schema of a version's inputs: derived from the template, narrowed by the developer.

Every `input` the template declares becomes a required number property (the circuit parser
binds only `angle` and `float` inputs). The developer may add, per input, `minimum`, `maximum`,
`enum` and `description`; they must agree with the declared type and with each other, and the
result must be a valid JSON Schema (checked with the `jsonschema` library, which also checks
each `enum` value against the input's type and bounds). A frontend renders a form from it, and
runApp will validate inputs against it with the same library.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator

from domain.apps.templates import DeclaredInput
from domain.db import dump_json
from domain.errors import InvalidInput

DIALECT = "https://json-schema.org/draft/2020-12/schema"
CONSTRAINT_KEYS = frozenset({"minimum", "maximum", "enum", "description"})
MAX_CONSTRAINTS_BYTES = 64 * 1024
MAX_ENUM = 100
MAX_DESCRIPTION = 500
FIELD = "constraints"


def derive(inputs: Sequence[DeclaredInput], constraints: Any) -> dict[str, Any]:
    """The inputs' JSON Schema with the constraints applied, or InvalidInput naming the path."""
    given = _check_shape(constraints, {i.name for i in inputs})
    properties: dict[str, Any] = {}
    for declared in inputs:
        prop: dict[str, Any] = {
            "type": "number",
            "x-qasm-type": declared.qasm_type,
            "title": declared.name,
        }
        extra = given.get(declared.name, {})
        for key in ("minimum", "maximum"):
            if key in extra:
                prop[key] = _number(extra[key], f"{declared.name}.{key}")
        if "minimum" in prop and "maximum" in prop and prop["minimum"] > prop["maximum"]:
            raise InvalidInput(
                f"`{FIELD}.{declared.name}`: minimum {prop['minimum']} is above maximum "
                f"{prop['maximum']}.",
                field=FIELD,
            )
        if "description" in extra:
            prop["description"] = _description(extra["description"], declared.name)
        if "enum" in extra:
            prop["enum"] = _enum(extra["enum"], prop, declared)
        properties[declared.name] = prop
    schema = {
        "$schema": DIALECT,
        "type": "object",
        "properties": properties,
        "required": [i.name for i in inputs],
        "additionalProperties": False,
    }
    try:
        Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:  # a bug in the derivation, but say where
        raise InvalidInput(
            f"`{FIELD}` do not make a valid JSON Schema: {exc.message}", field=FIELD
        ) from None
    return schema


def _check_shape(constraints: Any, names: set[str]) -> dict[str, dict[str, Any]]:
    if constraints is None:
        return {}
    if not isinstance(constraints, dict):
        raise InvalidInput(f"`{FIELD}` is an object keyed by input name.", field=FIELD)
    if len(dump_json(constraints)) > MAX_CONSTRAINTS_BYTES:
        raise InvalidInput(
            f"`{FIELD}` is larger than {MAX_CONSTRAINTS_BYTES:,} bytes.", field=FIELD
        )
    for name, value in constraints.items():
        if name not in names:
            declared = ", ".join(sorted(names)) or "none"
            raise InvalidInput(
                f"`{FIELD}.{name[:64]}` names no `input` of the template (declared: {declared}).",
                field=FIELD,
            )
        if not isinstance(value, dict):
            raise InvalidInput(f"`{FIELD}.{name}` is an object.", field=FIELD)
        unknown = sorted(set(value) - CONSTRAINT_KEYS)
        if unknown:
            allowed = ", ".join(sorted(CONSTRAINT_KEYS))
            raise InvalidInput(
                f"`{FIELD}.{name}` has unknown keys {unknown}; allowed: {allowed}.", field=FIELD
            )
    return constraints


def _number(value: Any, path: str) -> float | int:
    # JSON booleans are Python ints; an input declared `float` or `angle` takes no boolean.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(
            f"`{FIELD}.{path}` must be a number, as the input is declared a number.", field=FIELD
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"`{FIELD}.{path}` must be finite.", field=FIELD)
    return value


def _description(value: Any, name: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_DESCRIPTION:
        raise InvalidInput(
            f"`{FIELD}.{name}.description` is text of at most {MAX_DESCRIPTION} characters.",
            field=FIELD,
        )
    return value


def _enum(value: Any, prop: dict[str, Any], declared: DeclaredInput) -> list[float | int]:
    path = f"{declared.name}.enum"
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_ENUM:
        raise InvalidInput(f"`{FIELD}.{path}` is a list of 1 to {MAX_ENUM} numbers.", field=FIELD)
    values = [_number(v, path) for v in value]
    if len(set(values)) != len(values):
        raise InvalidInput(f"`{FIELD}.{path}` lists a value twice.", field=FIELD)
    bounds = {k: v for k, v in prop.items() if k in ("type", "minimum", "maximum")}
    validator = Draft202012Validator(bounds)
    for item in values:
        error = jsonschema.exceptions.best_match(validator.iter_errors(item))
        if error is not None:
            raise InvalidInput(
                f"`{FIELD}.{path}`: {item} does not fit the input ({error.message}).", field=FIELD
            )
    return values
