"""Every domain error reaches the client as a typed schema error, through the one table."""

from __future__ import annotations

import inspect

import pytest

from domain import errors as domain
from domain.apps import errors as app_errors
from domain.billing import errors as billing_errors
from domain.circuits import errors as circuit_errors
from domain.execution import errors as execution_errors
from domain.providers import remote as provider_errors
from schema.billing import errors as billing_types  # registers the money area's errors
from schema.errors import Error, InvalidInputError, to_error

# Every module that defines domain errors; a new one belongs in this list.
ERROR_MODULES = [
    domain,
    app_errors,
    billing_errors,
    circuit_errors,
    execution_errors,
    provider_errors,
]
assert billing_types.SpendingLimitExceededError
DOMAIN_ERRORS = sorted(
    {
        cls
        for module in ERROR_MODULES
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, domain.DomainError) and cls is not domain.DomainError
    },
    key=lambda c: c.__name__,
)
# Keyword arguments that are not figures: a sample of each.
SAMPLES = {"errors": [("/theta", "is not a number")]}


@pytest.mark.parametrize("cls", DOMAIN_ERRORS, ids=lambda c: c.__name__)
def test_every_domain_error_maps_to_a_schema_error(cls):
    # a new DomainError without a table entry (or an ancestor's) fails here
    params = inspect.signature(cls.__init__).parameters
    if "message" in params:
        kwargs = {
            n: SAMPLES.get(n, 1)
            for n, p in params.items()
            if n not in {"self", "message"} and p.kind == p.KEYWORD_ONLY
        }
        error = cls("something went wrong", **kwargs)
    else:  # errors that compose their own message from figures
        positional = [n for n, p in params.items() if n != "self" and p.default is p.empty]
        error = cls(*[1] * len(positional))
    mapped = to_error(error)
    assert isinstance(mapped, Error)
    assert mapped.code == cls.code
    assert mapped.message == error.message


def test_subclasses_keep_their_own_code_and_field():
    mapped = to_error(domain.PageSizeExceeded("too big", field="first"))
    assert isinstance(mapped, InvalidInputError)
    assert (mapped.code, mapped.field) == ("PAGE_SIZE_EXCEEDED", "first")


def test_an_error_outside_the_table_is_raised_not_swallowed():
    class Unmapped(domain.DomainError):
        code = "UNMAPPED"

    with pytest.raises(Unmapped):
        to_error(Unmapped("bug"))
