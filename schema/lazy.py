"""Types that read their row field by field, only for the fields a query selects.

Converting every column of every row into a full Strawberry object made a page of 50 backends
build thousands of coupling-map edges nobody asked for. A type decorated with `reads_row` keeps
its declared fields (names, types, descriptions: the SDL does not change) but gets each value
from a property over its `row`. graphql-core's default resolver reads a plain field with one
`getattr`, so an unselected field costs nothing and a selected one costs no resolver wrapper,
no `Info` and no coroutine. Instances are made with `of_row`, which stores the row and nothing
else.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, TypeVar

from strawberry.types.base import get_object_definition
from strawberry.types.private import is_private

T = TypeVar("T")
# A column name of the row (read as is), or a function of the row.
Reader = str | Callable[[Any], Any]


def reads_row(**readers: Reader) -> Callable[[type[T]], type[T]]:
    """Make each named field of a Strawberry type a property reading `self.row`.

    Apply it above `@strawberry.type`. Every plain field (one without a resolver) that is not
    Private must have a reader, so a forgotten field fails at import, not in a query.
    """

    def install(cls: type[T]) -> type[T]:
        definition = get_object_definition(cls, strict=True)
        plain = {f.python_name: f for f in definition.fields if f.base_resolver is None}
        unknown = sorted(readers.keys() - plain.keys())
        missing = sorted(n for n, f in plain.items() if n not in readers and not is_private(f.type))
        if unknown or missing:
            raise TypeError(f"{cls.__name__}: no such fields {unknown}; no readers for {missing}")
        for name, read in readers.items():
            setattr(cls, name, property(_getter(read)))
        cls.__repr__ = _repr  # type: ignore[assignment,method-assign]
        return cls

    return install


def of_row(cls: type[T], row: Any) -> T:
    """An instance of a `reads_row` type over `row`; nothing is read until a field is."""
    instance = object.__new__(cls)
    instance.row = row  # type: ignore[attr-defined]
    return instance


def _getter(read: Reader) -> Callable[[Any], Any]:
    if isinstance(read, str):
        return operator.attrgetter(f"row.{read}")  # one C call per field

    def get(self: Any) -> Any:
        return read(self.row)

    return get


def _repr(self: Any) -> str:
    # The dataclass repr would read every field, including columns the query left unloaded.
    return f"{type(self).__name__}(row={self.row!r})"
