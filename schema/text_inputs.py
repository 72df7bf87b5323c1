"""Text that PostgreSQL cannot store is refused where it enters: NUL bytes and lone surrogates.

PostgreSQL's text types cannot hold U+0000, and a lone UTF-16 surrogate is not a character at
all, so either one used to reach the driver and come back as an internal error quoting the SQL.
Every string argument is checked before anything runs, with a BAD_USER_INPUT error naming the
argument's path:

- inline literals (arguments, nested input objects, lists, variable defaults) by a validation
  rule, which the ValidationCache remembers per document;
- variables by walking their decoded JSON, iteratively: JSON may nest up to orjson's depth
  limit, deeper than Python's recursion limit.
"""

from __future__ import annotations

import re
from typing import Any

from graphql import (
    ArgumentNode,
    GraphQLError,
    ObjectFieldNode,
    StringValueNode,
    ValidationRule,
    VariableDefinitionNode,
)

CODE = "BAD_USER_INPUT"
_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")


def _problem(text: str) -> str | None:
    """What is wrong with `text`, or None when PostgreSQL can store it."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "a NUL byte (U+0000)"
    return f"a lone surrogate (U+{ord(found.group()):04X})"


def refusal(path: str, problem: str) -> GraphQLError:
    return GraphQLError(
        f"`{path}` contains {problem}, which text inputs cannot hold.",
        extensions={"code": CODE, "argument": path},
    )


class TextLiterals(ValidationRule):
    """Refuse string literals holding NUL bytes or lone surrogates, naming their argument."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.path: list[str] = []

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        self.path.append(node.name.value)

    def leave_argument(self, *_: Any) -> None:
        self.path.pop()

    def enter_variable_definition(self, node: VariableDefinitionNode, *_: Any) -> None:
        self.path.append("$" + node.variable.name.value)

    def leave_variable_definition(self, *_: Any) -> None:
        self.path.pop()

    def enter_object_field(self, node: ObjectFieldNode, *_: Any) -> None:
        self.path.append(node.name.value)

    def leave_object_field(self, *_: Any) -> None:
        self.path.pop()

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        problem = _problem(node.value)
        if problem is not None:
            error = refusal(".".join(self.path) or "string", problem)
            self.report_error(GraphQLError(error.message, node, extensions=error.extensions))


def variable_refusal(variables: dict[str, Any] | None) -> GraphQLError | None:
    """The first variable value (at any depth) that holds a NUL byte or lone surrogate."""
    if not variables:
        return None
    pending: list[tuple[str, Any]] = [(f"${name}", value) for name, value in variables.items()]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            if (problem := _problem(value)) is not None:
                return refusal(path, problem)
        elif isinstance(value, dict):
            for key, item in value.items():
                if (problem := _problem(key)) is not None:
                    return refusal(f"{path} (a key)", problem)
                pending.append((f"{path}.{key}", item))
        elif isinstance(value, list):
            pending.extend((f"{path}[{index}]", item) for index, item in enumerate(value))
    return None
