"""Every domain error reaches the client as a typed schema error, through the one table."""

from __future__ import annotations

import inspect

import pytest

from domain import errors as domain
from schema.errors import Error, InvalidInputError, to_error

DOMAIN_ERRORS = [
    cls
    for _, cls in inspect.getmembers(domain, inspect.isclass)
    if issubclass(cls, domain.DomainError) and cls is not domain.DomainError
]


@pytest.mark.parametrize("cls", DOMAIN_ERRORS, ids=lambda c: c.__name__)
def test_every_domain_error_maps_to_a_schema_error(cls):
    # a new DomainError without a table entry (or an ancestor's) fails here
    params = inspect.signature(cls.__init__).parameters
    kwargs = {name: "x" for name in params if name not in {"self", "message"}}
    error = cls("something went wrong", **kwargs)
    mapped = to_error(error)
    assert isinstance(mapped, Error)
    assert mapped.code == cls.code
    assert mapped.message == "something went wrong"


def test_subclasses_keep_their_own_code_and_field():
    mapped = to_error(domain.PageSizeExceeded("too big", field="first"))
    assert isinstance(mapped, InvalidInputError)
    assert (mapped.code, mapped.field) == ("PAGE_SIZE_EXCEEDED", "first")


def test_an_error_outside_the_table_is_raised_not_swallowed():
    class Unmapped(domain.DomainError):
        code = "UNMAPPED"

    with pytest.raises(Unmapped):
        to_error(Unmapped("bug"))
