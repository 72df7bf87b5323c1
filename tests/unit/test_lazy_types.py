"""Types that read their row only for selected fields: what is read, when, and what must exist."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import strawberry

from schema.lazy import of_row, reads_row


@dataclass
class Row:
    name: str
    heavy: list[int]
    reads: list[str] = field(default_factory=list)


def count_reads(row: Row) -> int:
    row.reads.append("heavy")
    return len(row.heavy)


@reads_row(name="name", size=count_reads)
@strawberry.type
class Thing:
    row: strawberry.Private[Row]
    name: str
    size: int

    @strawberry.field
    def shout(self) -> str:
        return self.row.name.upper()


def schema_over(rows: list[Row]) -> strawberry.Schema:
    @strawberry.type
    class Query:
        @strawberry.field
        def things(self) -> list[Thing]:
            return [of_row(Thing, row) for row in rows]

    return strawberry.Schema(Query)


def test_unselected_fields_are_never_read():
    rows = [Row(name=f"t{i}", heavy=[i] * i) for i in range(3)]
    # when a query selects only the light field and a resolver field
    result = schema_over(rows).execute_sync("{ things { name shout } }")
    # then the values come from the row, and the reader of the unselected field never ran
    assert result.data == {"things": [{"name": f"t{i}", "shout": f"T{i}"} for i in range(3)]}
    assert all(row.reads == [] for row in rows)


def test_selected_fields_are_read_once_each():
    rows = [Row(name="a", heavy=[1, 2])]
    result = schema_over(rows).execute_sync("{ things { size name } }")
    assert result.data == {"things": [{"size": 2, "name": "a"}]}
    assert rows[0].reads == ["heavy"]


def test_the_sdl_is_the_declared_one():
    assert "type Thing {\n  name: String!\n  size: Int!\n  shout: String!\n}" in str(
        schema_over([])
    )


def test_a_field_without_a_reader_is_refused_at_import():
    with pytest.raises(TypeError, match=r"no readers for \['size'\]"):

        @reads_row(name="name")
        @strawberry.type
        class Incomplete:
            row: strawberry.Private[Row]
            name: str
            size: int


def test_a_reader_for_no_field_is_refused_at_import():
    with pytest.raises(TypeError, match=r"no such fields \['nmae'\]"):

        @reads_row(nmae="name")
        @strawberry.type
        class Misspelt:
            row: strawberry.Private[Row]
            name: str


def test_repr_does_not_read_fields():
    row = Row(name="r", heavy=[])
    assert repr(of_row(Thing, row)) == f"Thing(row={row!r})"
    assert row.reads == []
