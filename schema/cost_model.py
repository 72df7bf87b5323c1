"""The cost of a GraphQL operation, computed from the document before anything executes.

The model is Shopify's per-field points with GitHub's multiplication along connections:

- A scalar or enum field costs 0, and so do `__typename`, `__schema` and `__type`.
- An object, interface or union field costs 1 plus the cost of what is selected under it.
  A plain list of objects (not a connection) counts as one object: its length is not known.
- A connection (a field whose type's name ends in "Connection") costs
  `1 + n × (cost of one item) + (cost of the rest)`, where n is `first` or `last` (the larger
  when both are given, the default page size when neither is). One item is what is selected
  under `edges` (the edge wrapper is free; its `node` is an object) or under `nodes`; the rest
  (`pageInfo`, `totalCount`) is selected once. Nested connections therefore multiply.
- A mutation's root fields cost 10 each, plus what their payload selects.
- Named and inline fragments are expanded; a field selected twice under the same response key
  is merged and counted once, while each alias counts separately. On an interface or union,
  the cost is that of the most expensive possible type.
- `@skip`/`@include` with a literal `if` are honoured; with a variable the field is counted,
  so the requested cost is an upper bound.

The structure is analysed once per parsed document (ParserCache hands back the same object for
the same text) and kept as a small plan of object fields; a request only substitutes its
variables into the page sizes and adds up the plan.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    BooleanValueNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLCompositeType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
    is_composite_type,
    value_from_ast_untyped,
)

MUTATION_COST = 10
_FREE_FIELDS = frozenset({"__typename", "__schema", "__type"})
_ITEM_FIELDS = frozenset({"edges", "nodes"})


@dataclass(frozen=True, slots=True)
class FieldCost:
    """One object-valued field of the plan. Scalar fields are left out: they cost nothing."""

    base: int
    children: Selection
    page: tuple[ValueNode | None, ValueNode | None] | None = None  # (first, last): connections
    items: Selection = ((),)  # connections: what one item selects

    def cost(self, variables: Mapping[str, Any], default_page_size: int) -> int:
        total = self.base + _selection_cost(self.children, variables, default_page_size)
        if self.page is None:
            return total
        size = _page_size(self.page, variables, default_page_size)
        return total + size * _selection_cost(self.items, variables, default_page_size)


# The fields selected on each possible runtime type; the cost is the largest of the sums.
Selection = tuple[tuple[FieldCost, ...], ...]


@dataclass(frozen=True, slots=True)
class OperationPlan:
    selection: Selection
    defaults: Mapping[str, Any]  # variables' default values, used when a request omits one

    def cost(self, variables: Mapping[str, Any] | None, default_page_size: int) -> int:
        given = variables if isinstance(variables, Mapping) else {}
        values = {**self.defaults, **given}
        return _selection_cost(self.selection, values, default_page_size)


def _selection_cost(
    selection: Selection, variables: Mapping[str, Any], default_page_size: int
) -> int:
    return max(
        (sum(f.cost(variables, default_page_size) for f in fields) for fields in selection),
        default=0,
    )


def _page_size(
    page: tuple[ValueNode | None, ValueNode | None],
    variables: Mapping[str, Any],
    default: int,
) -> int:
    sizes = [size for node in page if (size := _int_value(node, variables)) is not None]
    return max(0, *sizes) if sizes else default


def _int_value(node: ValueNode | None, variables: Mapping[str, Any]) -> int | None:
    if isinstance(node, IntValueNode):
        return int(node.value)
    value = variables.get(node.name.value) if isinstance(node, VariableNode) else None
    # Anything but an int (null, a string) fails variable coercion later; count the default.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None = None,
    *,
    operation_name: str | None = None,
    default_page_size: int,
) -> int:
    """The requested cost of one operation of a validated document, with these variables."""
    return plan(schema, document, operation_name).cost(variables, default_page_size)


# Plans by document identity: hashing a document hashes its whole tree, so `id` it is, with a
# weak reference so an entry goes when ParserCache (or the request) lets the document go.
_PlansOf = dict[tuple[int, str | None], OperationPlan]  # by (schema, operation name)
_plans: dict[int, tuple[weakref.ref[DocumentNode], _PlansOf]] = {}


def plan(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None
) -> OperationPlan:
    """The cached structural analysis of one operation of `document` against `schema`."""
    key = id(document)
    entry = _plans.get(key)
    if entry is None or entry[0]() is not document:
        entry = (weakref.ref(document, lambda _: _plans.pop(key, None)), {})
        _plans[key] = entry
    by_operation = entry[1]
    found = by_operation.get((id(schema), operation_name))
    if found is None:
        found = by_operation[(id(schema), operation_name)] = _Planner(schema, document).plan(
            operation_name
        )
    return found


class _Planner:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self.schema = schema
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.operations = [
            d for d in document.definitions if isinstance(d, OperationDefinitionNode)
        ]

    def plan(self, operation_name: str | None) -> OperationPlan:
        operation = next(
            (
                op
                for op in self.operations
                if operation_name is None or (op.name and op.name.value == operation_name)
            ),
            None,
        )
        if operation is None:  # execution reports it; nothing of it can run
            return OperationPlan(selection=(), defaults={})
        root = self.schema.get_root_type(operation.operation)
        if root is None:
            return OperationPlan(selection=(), defaults={})
        defaults = {
            d.variable.name.value: value_from_ast_untyped(d.default_value)
            for d in operation.variable_definitions or ()
            if d.default_value is not None
        }
        base = MUTATION_COST if operation.operation is OperationType.MUTATION else None
        return OperationPlan(self.selection(root, [operation.selection_set], base), defaults)

    def selection(
        self,
        parent: GraphQLCompositeType,
        sets: list[SelectionSetNode],
        base: int | None = None,
    ) -> Selection:
        """The plan of what `sets` select on `parent`, one alternative per possible type."""
        if not is_abstract_type(parent):
            return (self.fields(parent, sets, base),)
        types = self.schema.get_possible_types(parent)  # type: ignore[arg-type]
        alternatives = dict.fromkeys(self.fields(t, sets, base) for t in types)
        return tuple(alternatives) or ((),)

    def fields(
        self, parent: GraphQLCompositeType, sets: list[SelectionSetNode], base: int | None
    ) -> tuple[FieldCost, ...]:
        planned = []
        for nodes in self.collect(parent, sets, set()).values():
            field = self.field(parent, nodes, base)
            if field is not None:
                planned.append(field)
        return tuple(planned)

    def field(
        self, parent: GraphQLCompositeType, nodes: list[FieldNode], base: int | None
    ) -> FieldCost | None:
        name = nodes[0].name.value
        definition = getattr(parent, "fields", {}).get(name)
        if name in _FREE_FIELDS or definition is None:
            return None
        named = get_named_type(definition.type)
        sets = [n.selection_set for n in nodes if n.selection_set is not None]
        if not is_composite_type(named):
            return None if base is None else FieldCost(base=base, children=((),))
        if isinstance(named, GraphQLObjectType) and named.name.endswith("Connection"):
            return self.connection(named, nodes[0], sets, base or 1)
        return FieldCost(base=base or 1, children=self.selection(named, sets))  # type: ignore[arg-type]

    def connection(
        self,
        connection: GraphQLObjectType,
        node: FieldNode,
        sets: list[SelectionSetNode],
        base: int,
    ) -> FieldCost:
        arguments = {a.name.value: a.value for a in node.arguments or ()}
        once: list[FieldCost] = []
        items: list[FieldCost] = []
        for nodes in self.collect(connection, sets, set()).values():
            name = nodes[0].name.value
            field = self.field(connection, nodes, None)
            if field is None:
                continue
            if name in _ITEM_FIELDS:
                # The edge is a wrapper: its node is the object an item costs.
                wrapper = name == "edges"
                items.append(FieldCost(base=0, children=field.children) if wrapper else field)
            else:
                once.append(field)
        return FieldCost(
            base=base,
            children=(tuple(once),),
            page=(arguments.get("first"), arguments.get("last")),
            items=(tuple(items),),
        )

    def collect(
        self, runtime: GraphQLCompositeType, sets: Iterable[SelectionSetNode], seen: set[str]
    ) -> dict[str, list[FieldNode]]:
        """Fields by response key that apply to `runtime`, as graphql-core's CollectFields."""
        fields: dict[str, list[FieldNode]] = {}
        condition: NamedTypeNode | None
        for selection_set in sets:
            for selection in selection_set.selections:
                if _skipped(selection):
                    continue
                if isinstance(selection, FieldNode):
                    key = (selection.alias or selection.name).value
                    fields.setdefault(key, []).append(selection)
                    continue
                if isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if name in seen or fragment is None:
                        continue
                    seen.add(name)
                    condition, inner = fragment.type_condition, fragment.selection_set
                elif isinstance(selection, InlineFragmentNode):
                    condition, inner = selection.type_condition, selection.selection_set
                else:
                    continue
                if condition is None or self.applies(condition.name.value, runtime):
                    for key, nodes in self.collect(runtime, [inner], seen).items():
                        fields.setdefault(key, []).extend(nodes)
        return fields

    def applies(self, condition: str, runtime: GraphQLCompositeType) -> bool:
        """Whether a fragment on `condition` applies to objects of the type `runtime`."""
        target = self.schema.get_type(condition)
        if target is runtime:
            return True
        return is_abstract_type(target) and self.schema.is_sub_type(target, runtime)  # type: ignore[arg-type]


def _skipped(selection: Any) -> bool:
    for directive in selection.directives or ():
        name = directive.name.value
        if name not in ("skip", "include"):
            continue
        condition = next((a.value for a in directive.arguments if a.name.value == "if"), None)
        if isinstance(condition, BooleanValueNode) and condition.value == (name == "skip"):
            return True
    return False
