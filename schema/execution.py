"""How operations execute: graphql-core's executor, with a short path for plain fields.

Most fields of a page are plain: a value read from an attribute (`name`, `qubits`, a `reads_row`
property, an edge's node), with no resolver, no arguments, no permission class and no extension.
For each such field graphql-core still builds a `GraphQLResolveInfo`, calls Strawberry's wrapper
(which calls `getattr`), then dispatches on the type to complete it: a large share of the cost
of a page of 50. `PlainFields` reads the attribute itself, then coerces a scalar or enum, or
completes an object whose type has no `is_type_of` check; nothing on that path reads the info.
Anything else, including a null, an exception or an awaitable read from the attribute, goes
down graphql-core's own path with the value already read, so results and errors are the same.
`tests/unit/test_plain_fields.py` and `tests/integration/test_plain_fields_real_schema.py` run
documents both ways and compare.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from schema.subscription import SharedEventExecutor

# (attribute, its named type, whether that is a leaf: a scalar or enum, else an object type)
Plain = tuple[str, GraphQLLeafType | GraphQLObjectType, bool]
# Each GraphQL field carries its answer (Plain, or None when not plain) under this attribute, so
# the answer lives and dies with its schema. (A process-wide dict keyed by `id(field)` answered
# for a dead schema's field whose id a new field reused: tests build many schemas.)
_PLAIN = "_qraph_plain"
_UNKNOWN = object()


def plain_field(field_def: GraphQLField) -> Plain | None:
    """What a plain field reads and completes to (see `Plain`); None if it is not plain.

    Plain: Strawberry's resolver for a field without resolver, permission or extension, reading
    with `getattr`, no arguments, and a scalar, enum or object type (not a list, not abstract),
    the object type without an `is_type_of` check (which would take the info).
    """
    known = getattr(field_def, _PLAIN, _UNKNOWN)
    if known is not _UNKNOWN:
        return known  # type: ignore[return-value]
    found: Plain | None = None
    strawberry_field = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    named = field_def.type.of_type if isinstance(field_def.type, GraphQLNonNull) else field_def.type
    if (
        isinstance(strawberry_field, StrawberryField)
        and getattr(field_def.resolve, "_is_default", False)  # Strawberry's basic-field resolver
        and strawberry_field.is_basic_field
        and strawberry_field.default_resolver is getattr
        and not field_def.args
    ):
        if isinstance(named, GraphQLScalarType | GraphQLEnumType):
            found = (strawberry_field.python_name, named, True)
        elif isinstance(named, GraphQLObjectType) and named.is_type_of is None:
            found = (strawberry_field.python_name, named, False)
    setattr(field_def, _PLAIN, found)
    return found


class PlainFields(SharedEventExecutor):
    """The executor every operation runs with (see the module docstring)."""

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        node = field_details_list[0].node
        field_def = self.schema.get_field(parent_type, node.name.value)
        plain = plain_field(field_def) if field_def is not None else None
        # An extension with a `resolve` hook wraps every resolver: then every field runs it.
        wrapped = self.middleware_manager is not None and self.middleware_manager.middlewares
        if field_def is None or plain is None or node.arguments or wrapped:
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )
        attribute, named, leaf = plain
        try:
            result = getattr(source, attribute)
            plain_value = result is not None and not isinstance(result, Exception)
            if plain_value and not self.is_awaitable(result):
                if leaf:
                    return self.complete_leaf_value(named, result)  # type: ignore[arg-type]
                completed = self.complete_object_value(
                    named,  # type: ignore[arg-type]
                    field_details_list,
                    None,  # type: ignore[arg-type]  # read only by is_type_of: there is none
                    path,
                    result,
                    position_context,
                )
                if self.is_awaitable(completed):
                    return self._awaited(completed, field_def, field_details_list, path)
                return completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, field_def.type, field_details_list, path)
            return None
        # A null, an exception or an awaitable: graphql-core's own completion, with the value
        # already read (the attribute is not read twice).
        return self._complete_resolved(
            field_def, parent_type, field_details_list, path, position_context, result
        )

    def _complete_resolved(
        self,
        field_def: GraphQLField,
        parent_type: GraphQLObjectType,
        field_details_list: Any,
        path: Path,
        position_context: Any,
        result: Any,
    ) -> Any:
        """What graphql-core's `execute_field` does after calling the resolver."""
        return_type = field_def.type
        info = self.build_resolve_info(field_def, to_nodes(field_details_list), parent_type, path)
        try:
            if self.is_awaitable(result):
                return self.complete_awaitable_value(
                    return_type, field_details_list, info, path, result, position_context
                )
            return self.complete_value(
                return_type, field_details_list, info, path, result, position_context
            )
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

    async def _awaited(
        self, completed: Any, field_def: GraphQLField, field_details_list: Any, path: Path
    ) -> Any:
        """graphql-core's `await_completed`: an error in the sub-fields nulls this field."""
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, field_def.type, field_details_list, path)
            return None
