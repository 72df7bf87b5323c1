"""The short path for plain fields (schema/execution.py) gives the same results and errors.

Every document runs twice over the same objects: with graphql-core's own path (the executor
Strawberry would use, `SharedEventExecutor`) and with `PlainFields`; data and errors (message,
path, locations) must be equal. The schema covers what a plain field can meet: scalars, enums,
nulls in nullable and non-null fields, attributes that raise or return an exception or an
awaitable, objects with and without `is_type_of`, resolvers, permissions, arguments, aliases,
fragments and directives. `tests/integration/test_plain_fields_real_schema.py` does the same
over the real schema and database.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from enum import Enum
from typing import Any

import pytest
import strawberry
from strawberry.permission import BasePermission

from schema.execution import PlainFields, plain_field
from schema.lazy import of_row, reads_row
from schema.subscription import SharedEventExecutor


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.interface
class Named:
    label: str


class Never(BasePermission):
    message = "never"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return False


@strawberry.type
class Inner:
    size: int
    maybe: int | None
    colour: Colour


@dataclass
class Row:
    id: int
    name: str | None
    colour: Colour
    tags: list[str]
    inner: Inner
    maybe_inner: Inner | None


def _raise(row: Row) -> str:
    raise ValueError("this attribute raises")


async def _later(row: Row) -> str:
    await asyncio.sleep(0)
    return "later"


@reads_row(
    label=lambda row: f"label {row.id}",
    id="id",
    name="name",
    colour="colour",
    tags="tags",
    inner="inner",
    maybe_inner="maybe_inner",
    broken=_raise,
    wrong=lambda row: None,  # a non-null field reading a null
    exception=lambda row: ValueError("an exception as a value"),
    later=_later,  # an awaitable
    bad_colour=lambda row: "purple",
    bad_int=lambda row: "not a number",
)
@strawberry.type
class Item(Named):
    row: strawberry.Private[Row]
    id: int
    name: str | None
    colour: Colour
    tags: list[str]
    inner: Inner
    maybe_inner: Inner | None
    broken: str
    wrong: str
    exception: str
    later: str
    bad_colour: Colour
    bad_int: int
    secret: str | None = strawberry.field(permission_classes=[Never], resolver=lambda: "hidden")

    @strawberry.field
    def shout(self, times: int = 1) -> str:
        return (self.row.name or "").upper() * times

    @strawberry.field
    async def slow(self) -> Inner:
        await asyncio.sleep(0)
        return self.row.inner


@strawberry.type
class Holder:
    item: Item
    broken_inner: Inner


def _item(i: int) -> Item:
    row = Row(
        id=i,
        name=None if i % 3 == 0 else f"item {i}",
        colour=Colour.RED if i % 2 else Colour.BLUE,
        tags=[f"t{i}", "x"],
        inner=Inner(size=i, maybe=None if i % 2 else i, colour=Colour.BLUE),
        maybe_inner=None if i % 2 else Inner(size=-i, maybe=i, colour=Colour.RED),
    )
    return of_row(Item, row)


class BrokenInner:
    """An object whose non-null field reads a null: the error bubbles to the nearest nullable."""

    size = None
    maybe = 1
    colour = Colour.RED


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [_item(i) for i in range(6)]

    @strawberry.field
    def holders(self) -> list[Holder | None]:
        return [Holder(item=_item(1), broken_inner=BrokenInner())]  # type: ignore[arg-type]

    @strawberry.field
    def named(self) -> list[Named]:
        return [_item(2)]


def schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    baseline, fast = (
        strawberry.Schema(Query, types=[Item], execution_context_class=executor)
        for executor in (SharedEventExecutor, PlainFields)
    )
    return baseline, fast


DOCUMENTS = {
    "scalars and enums": "{ items { id name colour tags label } }",
    "nested objects": "{ items { inner { size maybe colour } maybeInner { size maybe } } }",
    "aliases and fragments": """
        { items { a: id b: id ...F ... on Item { c: colour } } }
        fragment F on Item { name inner { s: size } }
    """,
    "directives": """
        query ($yes: Boolean!) { items { id @include(if: $yes) name @skip(if: $yes)
          inner @include(if: $yes) { size } } }
    """,
    "resolvers with arguments": "{ items { shout(times: 2) slow { size colour } } }",
    "permission": "{ items { id secret } }",
    "interface": "{ named { label ... on Item { id inner { size } } } }",
    "typename": "{ __typename items { __typename inner { __typename } } }",
    "a null in a non-null field bubbles up": "{ holders { item { id } brokenInner { size } } }",
}


@pytest.mark.parametrize("document", DOCUMENTS.values(), ids=DOCUMENTS.keys())
async def test_plain_fields_give_the_same_results_and_errors(document):
    baseline, fast = schemas()
    expected = await baseline.execute(document, variable_values={"yes": True})
    got = await fast.execute(document, variable_values={"yes": True})
    assert got.data == expected.data
    assert _errors(got) == _errors(expected)


@pytest.mark.parametrize("field", ["broken", "wrong", "exception", "later", "badColour", "badInt"])
async def test_attributes_that_fail_or_are_late_give_the_same_results_and_errors(field):
    baseline, fast = schemas()
    document = f"{{ items {{ id {field} }} }}"
    expected = await baseline.execute(document)
    got = await fast.execute(document)
    assert got.data == expected.data
    assert _errors(got) == _errors(expected)


def test_what_counts_as_plain():
    _, fast = schemas()
    item = fast._schema.get_type("Item")
    fields = item.fields  # type: ignore[union-attr]
    assert plain_field(fields["name"])[:1] == ("name",)  # type: ignore[index]
    assert plain_field(fields["inner"]) is not None  # an object without is_type_of
    assert plain_field(fields["colour"]) is not None
    for not_plain in ("tags", "shout", "slow", "secret"):  # a list, resolvers, a permission
        assert plain_field(fields[not_plain]) is None, not_plain
    named = fast._schema.get_type("Holder").fields["item"]  # type: ignore[union-attr]
    assert plain_field(named) is None  # Item implements Named: it has is_type_of


def _errors(result: Any) -> list[tuple[str, Any, Any]]:
    return sorted(
        (error.message, error.path, [(loc.line, loc.column) for loc in error.locations or ()])
        for error in result.errors or ()
    )
